"""Python JWT code must not sign with, or accept, the `none` algorithm.

## What it does
Reports, in production Python code, PyJWT and python-jose (`import jwt`, `from jose import jwt`) calls that
name the `none` algorithm in any letter case:

- `jwt.encode(payload, key, algorithm="none")`, which issues unsigned tokens;
- `jwt.decode(token, key, algorithms=[..., "none"])` (also a single string), which believes unsigned ones.

The algorithm is followed through a name assigned once in the file (`ALGORITHMS = ["none"]`), and reported
where `none` is written.

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

from linter.api import RuleMeta
from linter.api.python import jwt_calls, resolve

META = RuleMeta(
    id="PY017", name="python-jwt-algorithm-none", kinds=("python",), severity="error",
    checklist=("backend.jwt-expiry",), cwe=(347, 327),
    hints=("none",),
)
MESSAGES = {
    "decode": "`{api}()` accepts the 'none' algorithm, so unsigned tokens are trusted; list only the signing "
              "algorithm (e.g. algorithms=[\"HS256\"])",
    "encode": "`{api}()` with algorithm 'none' issues unsigned tokens; sign with HS256 or RS256",
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


def _items(doc, node):
    """(value, node) of each algorithm a string or a list/tuple/set names, through names assigned once."""
    r = resolve(doc, node)
    target = r.node if r.node is not None else node
    if isinstance(target, (ast.List, ast.Tuple, ast.Set)):
        return [(resolve(doc, e).value, e) for e in target.elts]
    return [(r.value, target)]
