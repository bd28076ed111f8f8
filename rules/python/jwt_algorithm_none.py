"""Python JWT code must not sign with, or accept, the `none` algorithm, nor skip the signature check.

## What it does
Reports, in production Python code, PyJWT and python-jose (`import jwt`, `from jose import jwt`) calls that
name the `none` algorithm in any letter case:

- `jwt.encode(payload, key, algorithm="none")`, which issues unsigned tokens;
- `jwt.decode(token, key, algorithms=[..., "none"])` (also a single string), which believes unsigned ones.

The algorithm is followed through a name assigned once in the file (`ALGORITHMS = ["none"]`), and reported
where `none` is written.

It also reports `jwt.decode(...)` told not to check the signature, which trusts any token as surely as
`none` does: `options={"verify_signature": False}` (PyJWT 2, python-jose; inline, or a dict assigned before
the call) and PyJWT 1's `verify=False`, reported where the switch is written. A peek at the claims that the
same function also verifies (`unverified = jwt.decode(token, options=...)` to find the issuer's key, then
`jwt.decode(token, key, ...)`; or an if/else on a setting that decodes the same token either way) is left
alone, and so is an OpenID Connect `id_token` in a file that obtains it from the provider's token endpoint
itself (a `.post(...)` or `fetch_token(...)` code exchange: OpenID Connect Core 3.1.3.7 lets TLS stand in for the
signature there); `jwt.get_unverified_header()` is never reported.

## Why it matters in production
A token whose header says `alg: none` carries no signature: anyone can write `{"sub": "admin"}` and a
verifier that lists `none` accepts it. Both libraries only accept `none` when the code names it, so the
fix is to name the algorithm the tokens are really signed with.

## Example
```text path=requirements.txt
flask==3.0.2
pyjwt==2.8.0
```
```python path=app/auth.py
import os

import jwt


def current_user(token: str) -> dict:
    return jwt.decode(token, os.environ["JWT_SECRET"], algorithms=["HS256", "none"])
```

## Use instead
```text path=requirements.txt
flask==3.0.2
pyjwt==2.8.0
```
```python path=app/auth.py
import os

import jwt


def current_user(token: str) -> dict:
    return jwt.decode(token, os.environ["JWT_SECRET"], algorithms=["HS256"])
```

## References
- https://pyjwt.readthedocs.io/en/stable/api.html#jwt.decode
- https://python-jose.readthedocs.io/en/latest/jwt/api.html
- https://auth0.com/blog/critical-vulnerabilities-in-json-web-token-libraries/
"""
import ast

from linter.api import RuleMeta, lazy
from linter.api.python import expression_of, jwt_calls, jwt_decode_switches, resolve

META = RuleMeta(
    id="PY017", name="python-jwt-algorithm-none", kinds=("python",), severity="error",
    checklist=("backend.jwt-expiry",), cwe=(347, 327),
    hints=("none|verify",),
    peers=("semgrep:jwt-python-none-alg", "semgrep:unverified-jwt-decode"),
)
MESSAGES = {
    "decode": "`{api}()` accepts the 'none' algorithm, so unsigned tokens are trusted; list only the signing "
              "algorithm (e.g. algorithms=[\"HS256\"])",
    "encode": "`{api}()` with algorithm 'none' issues unsigned tokens; sign with HS256 or RS256",
    "unverified": "`{api}()` does not check the signature ({switch}), so anyone can forge the token; drop it "
                  "and pass the key and algorithms",
}


def check(doc, ctx):
    seen = set()  # a constant that names none, used by several calls, is one place to fix
    for site, api in jwt_calls(doc, "encode", "decode"):
        function = api.rsplit(".", 1)[-1]
        # PyJWT and python-jose: encode(payload, key, algorithm), decode(token, key, algorithms)
        name = "algorithm" if function == "encode" else "algorithms"
        node = site.kwargs.get(name, site.args[2] if len(site.args) > 2 else None)
        if node is None:
            continue
        for item in _items(doc, node):
            if isinstance(item[0], str) and item[0].strip().lower() == "none":
                span = doc.span(item[1])
                if span not in seen:
                    seen.add(span)
                    yield ctx.finding(span, f"{api}.{name}", function, api=api)
                break
    yield from _unverified(doc, ctx)


def _unverified(doc, ctx):
    decodes = jwt_calls(doc, "decode")
    switches = {id(site): jwt_decode_switches(doc, site) for site, _ in decodes}
    for site, api in decodes:
        value, node = switches[id(site)].get("verify_signature", (None, None))
        if value is not False and value != 0 or _peek(doc, site, decodes, switches) or _back_channel(doc, site):
            continue
        switch = "verify=False" if node is site.kwargs.get("verify") else '"verify_signature": False'
        yield ctx.finding(doc.span(node), f"{api}.verify_signature", "unverified", api=api, switch=switch)


# the client obtains tokens from the provider itself: an OAuth code exchange posted to the token endpoint
_TOKEN_EXCHANGE = lazy(r"\.post\(|\bfetch_token\(|\bfetch_access_token\(|\bauthorize_access_token\(")


def _back_channel(doc, site) -> bool:
    """An OpenID Connect ID token the server received straight from the provider's token endpoint, in a file that
    makes that exchange: OpenID Connect Core (3.1.3.7) lets TLS to the endpoint stand in for the signature
    check there. A token that arrives from a browser gets no such pass."""
    token = site.args[0] if site.args else site.kwargs.get("jwt") or site.kwargs.get("token")
    if token is None:
        return False
    named = ast.unparse(expression_of(doc, token)) + " " + ast.unparse(token)
    return "id_token" in named.lower() and bool(_TOKEN_EXCHANGE.search(doc.file.text or ""))


def _peek(doc, site, decodes, switches) -> bool:
    """An unverified decode whose result is kept, beside a decode of the same token in the same function that
    does check the signature: reading the issuer or key id first is how multi-tenant verifiers work, and an
    if/else on a setting (``OIDC_VERIFY_TOKEN``) is the operator's documented choice, not an oversight."""
    from linter.api.python import enclosing_function
    token = ast.dump(site.args[0]) if site.args else None
    function = enclosing_function(doc, site.node)
    if token is None or function is None or not any(
            isinstance(n, (ast.Assign, ast.AnnAssign)) and n.value is site.node for n in ast.walk(function)):
        return False
    # the decodes grouped by their function once per file: a scan of every decode per decode is quadratic
    by_function = doc.__dict__.get("_py_decodes_by_function")
    if by_function is None or by_function[0] is not decodes:
        grouped = {}
        for other, api in decodes:
            grouped.setdefault(id(enclosing_function(doc, other.node)), []).append((other, api))
        by_function = doc.__dict__["_py_decodes_by_function"] = (decodes, grouped)
    for other, _ in by_function[1].get(id(function), ()):
        if other is not site and other.args and \
                ast.dump(other.args[0]) == token and \
                switches[id(other)].get("verify_signature", (True,))[0] not in (False, 0):
            return True
    return False


def _items(doc, node):
    """(value, node) of each algorithm a string or a list/tuple/set names, through names assigned once."""
    r = resolve(doc, node)
    target = r.node if r.node is not None else node
    if isinstance(target, (ast.List, ast.Tuple, ast.Set)):
        return [(resolve(doc, e).value, e) for e in target.elts]
    return [(r.value, target)]
