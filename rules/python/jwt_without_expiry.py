"""JWTs issued by a Python backend must expire.

## What it does
Reports `jwt.encode(payload, key, ...)` (PyJWT, python-jose, authlib) in production code when the payload
is a dict written in the file (inline, `dict(...)`, or a name assigned one once) that has no `exp` claim and
the file never sets one later (`payload["exp"] = ...`, `payload.update(exp=...)`). Payloads built elsewhere
or spread from another dict (`{**claims}`) are not guessed. A token stored in a database row
(`Invite(token=jwt.encode(...))`, `Invite.objects.create(token=...)`) in a repository where no code ever decodes
or verifies a JWT (no `jwt.decode`, no JWT-verifying framework in its Python code) is left alone: the
application looks it up as an opaque string, so an `exp` claim would be checked by no one.

It also reports access tokens set to live longer than 30 days (JS006's bound), or never to expire: an `exp`
claim computed that far ahead (`datetime.now(timezone.utc) + timedelta(days=365)`, `int(time.time()) + 90 *
86400`, also through a name assigned before), SimpleJWT's `ACCESS_TOKEN_LIFETIME`, djangorestframework-jwt's
`JWT_EXPIRATION_DELTA`, Flask-JWT-Extended's `JWT_ACCESS_TOKEN_EXPIRES` (`False` turns expiry off) and
FastAPI-style constants (`ACCESS_TOKEN_EXPIRE_MINUTES = 60 * 24 * 365`, `AUTH_TOKEN_EXPIRE_MINUTES`, also as a
pydantic settings field: `auth_token_expire_minutes: int = Field(default=525600)`). Refresh-token lifetimes
and testing configuration classes are left alone.

It also reports `jwt.decode(...)` told not to check expiry (`options={"verify_exp": False}` in PyJWT and
python-jose, inline or a dict assigned before the call): expired tokens are then accepted for ever, unless the
module reads the `exp` claim to compare it itself (`payload["exp"] < time.time()`, `token.exp <= now`). joserfc's
`jwt.encode(header, claims, key)` is read like authlib's. A token whose claims are its id alone
(`{"jti": token_id}`) tells the server nothing without the record it keeps under that id, where the expiry is kept
too, and is not reported. A decode
that skips the signature check altogether is PY017's.

## Why it matters in production
A token without `exp` is valid forever: one leaked in a log, a browser history or a proxy can be replayed
until the signing key is rotated for every user. PyJWT and python-jose only check `exp` when the token
has one. The checklist asks for 24 hours; short access tokens plus refresh tokens are better still.

## Example
```text path=requirements.txt
fastapi==0.111.0
pyjwt==2.8.0
```
```python path=app/auth.py
import os

import jwt


def issue(user_id: str) -> str:
    return jwt.encode({"sub": user_id}, os.environ["JWT_SECRET"], algorithm="HS256")
```

## Use instead
```text path=requirements.txt
fastapi==0.111.0
pyjwt==2.8.0
```
```python path=app/auth.py
import os
from datetime import datetime, timedelta, timezone

import jwt


def issue(user_id: str) -> str:
    exp = datetime.now(timezone.utc) + timedelta(hours=24)
    return jwt.encode({"sub": user_id, "exp": exp}, os.environ["JWT_SECRET"], algorithm="HS256")
```

## References
- https://pyjwt.readthedocs.io/en/stable/usage.html#expiration-time-claim-exp
- https://python-jose.readthedocs.io/en/latest/jwt/api.html
"""
import ast
import re

from linter.api import RuleMeta, lazy
from linter.api.python import (NON_PRODUCTION_CLASS, jwt_read_back, dict_keys, expression_of, jwt_arguments, jwt_calls,
                               jwt_decode_switches, number, resolve, timedelta_seconds)

META = RuleMeta(
    id="PY014", name="python-jwt-without-expiry", kinds=("python",), severity="warning",
    checklist=("backend.jwt-expiry",), cwe=(613,),
    hints=("encode|verify_exp|expire|LIFETIME|EXPIRATION",),
)
MESSAGES = {
    "no-exp": "this token has no `exp` claim, so it never expires; add "
              "`\"exp\": datetime.now(timezone.utc) + timedelta(hours=24)` to the payload",
    "long": "these tokens stay valid for {days} days; keep them to 24 hours (the checklist) and renew them with a "
            "refresh token",
    "never": "access tokens never expire (JWT_ACCESS_TOKEN_EXPIRES = False); give them a lifetime of 24 hours",
    "no-exp-check": "`{api}()` does not check `exp` (\"verify_exp\": False), so expired tokens are accepted; drop "
                    "the switch",
}
# `payload["exp"] = ...`, `claims.update(exp=...)`, `{"exp": ...}` set after the dict is written
_SETS_EXP = lazy(r"""\[\s*['"]exp['"]\s*\]\s*=|\bupdate\(\s*(\{\s*['"]exp['"]|exp\s*=)|\bsetdefault\(\s*['"]exp['"]""")


# the `exp` claim read by the code, to compare with the clock itself: `payload["exp"] < time.time()`,
# `expires_at = claims.get("exp")`, `token.exp <= time.time()` (a decode told not to check it leaves the check to
# this code, to raise its own error or allow a grace period)
_CHECKS_EXP = lazy(r"""\[\s*['"]exp['"]\s*\](?!\s*=[^=])|\.get\(\s*['"]exp['"]|\.exp\s*[<>]|[<>]=?\s*[\w.]+\.exp\b""")


# JS006's bound: a token valid for more than 30 days is a long-lived credential, not a session
_MAX_LIFETIME = 30 * 86400
# SimpleJWT, djangorestframework-jwt and Flask-JWT-Extended lifetimes of access tokens
_LIFETIME_KEYS = {"ACCESS_TOKEN_LIFETIME", "JWT_EXPIRATION_DELTA", "JWT_ACCESS_TOKEN_EXPIRES"}
# FastAPI's tutorial constant and its kin: ACCESS_TOKEN_EXPIRE_MINUTES = 60 * 24 * 8
# (an auth token's too: lnbits' `auth_token_expire_minutes`; a refresh, reset or invitation token's is not judged)
_EXPIRE_CONSTANT = lazy(r"^(ACCESS_|AUTH_|AUTH_ACCESS_|JWT_ACCESS_)?(TOKEN|JWT)_EXPIRE(S|_IN|_TIME)?_"
                        r"(SECONDS|MINUTES|HOURS|DAYS)$", re.I)
_STORE_METHODS = ("create", "get_or_create", "update_or_create", "update")
_RETURNED = lazy(r"(Response|Schema|Out|Output|Result|Serializer)$")
_UNIT = {"SECONDS": 1, "MINUTES": 60, "HOURS": 3600, "DAYS": 86400}


def check(doc, ctx):
    yield from _lifetimes(doc, ctx)
    for site, api in jwt_calls(doc, "decode"):
        switches = jwt_decode_switches(doc, site)
        value, node = switches.get("verify_exp", (None, None))
        signature = switches.get("verify_signature", (True,))[0]
        if (value is False or value == 0) and signature is not False and signature != 0:
            if _CHECKS_EXP.search(doc.file.text or ""):
                continue  # the module compares the `exp` claim with the clock itself (its own error, or a grace)
            yield ctx.finding(doc.span(node), f"{api}.verify_exp", "no-exp-check", api=api)
    calls = jwt_calls(doc, "encode")
    if not calls or _SETS_EXP.search(doc.file.text or ""):
        return
    stored = _stored_tokens(doc)
    for site, _api in calls:
        payload = jwt_arguments(doc, site)[0]
        keys = dict_keys(doc, payload)
        if keys is not None and "exp" not in keys:
            if id(site.node) in stored and not jwt_read_back(ctx.model):
                continue  # an opaque string the app looks up in its database: nothing would check `exp`
            if set(keys) == {"jti"}:
                continue  # only the token's id: a reference to a record the server keeps, and expires, itself
            yield ctx.finding(doc.span(site.node), "jwt.encode.exp", "no-exp")


def _stored_tokens(doc):
    """ids of the calls passed as a keyword to a model's constructor or manager (`Invite(token=...)`,
    `Invite.objects.create(token=...)`): values written to a database row. A response model
    (`TokenResponse(access_token=...)`) hands the token to a client, which may verify it elsewhere."""
    out = set()
    for site in doc.calls:
        last = site.name.rsplit(".", 1)[-1]
        if last[:1].isupper() and not _RETURNED.search(last) or last in _STORE_METHODS and ".objects." in f".{site.name}":
            out.update(id(value) for value in site.kwargs.values())
    return out


def _lifetimes(doc, ctx):
    """Access tokens set to live longer than 30 days, or never to expire."""
    seen = set()

    def report(node, key, seconds):
        span = doc.span(node)
        if span not in seen:
            seen.add(span)
            if seconds is False:
                return ctx.finding(span, key, "never")
            return ctx.finding(span, key, "long", days=round(seconds / 86400))
        return None

    for key, value, _ in doc.pairs:
        if key in _LIFETIME_KEYS:
            seconds = _lifetime(doc, value)
            if seconds is not None and (finding := report(value, f"settings.{key}", seconds)):
                yield finding
        elif key == "exp" and jwt_calls(doc, "encode"):
            seconds = _ahead(doc, value)
            if seconds is not None and seconds > _MAX_LIFETIME and \
                    (finding := report(value, "jwt.encode.exp", seconds)):
                yield finding
    for a in doc.assignments:
        name = a.target.rsplit("[", 1)[-1].rstrip("]").rsplit(".", 1)[-1]
        if a.conditional or NON_PRODUCTION_CLASS.search(a.scope or ""):
            continue
        if name == "JWT_ACCESS_TOKEN_EXPIRES":
            seconds = _lifetime(doc, a.value)
        elif _EXPIRE_CONSTANT.match(name) and (a.module_level or a.scope):
            amount = number(doc, a.value)
            seconds = None if amount is None else amount * _UNIT[name.rsplit("_", 1)[-1].upper()]
            seconds = seconds if seconds and seconds > _MAX_LIFETIME else None
        else:
            continue
        if seconds is not None and (finding := report(a.value, f"settings.{name}", seconds)):
            yield finding
    for site in doc.calls:
        if site.name.endswith("config.update") and "JWT_ACCESS_TOKEN_EXPIRES" in site.kwargs:
            value = site.kwargs["JWT_ACCESS_TOKEN_EXPIRES"]
            seconds = _lifetime(doc, value)
            if seconds is not None and (finding := report(value, "settings.JWT_ACCESS_TOKEN_EXPIRES", seconds)):
                yield finding


def _lifetime(doc, value):
    """False for a lifetime turned off (Flask-JWT-Extended's ``JWT_ACCESS_TOKEN_EXPIRES = False``), the seconds of
    one longer than 30 days, None otherwise."""
    if resolve(doc, value).value is False:
        return False
    seconds = timedelta_seconds(doc, value)
    if seconds is None:
        seconds = number(doc, value)  # Flask-JWT-Extended and djangorestframework-jwt also take seconds
    return seconds if seconds is not None and seconds > _MAX_LIFETIME else None


def _ahead(doc, value):
    """Seconds an ``exp`` claim lies ahead of now: ``datetime.now(...) + timedelta(days=365)``,
    ``int(time.time()) + 3600 * 24 * 90``, through a name assigned before; None when unknown."""
    expr = expression_of(doc, value)
    if not isinstance(expr, ast.BinOp) or not isinstance(expr.op, ast.Add):
        return None
    for side, other in ((expr.right, expr.left), (expr.left, expr.right)):
        if not isinstance(other, (ast.Call, ast.Attribute)) and not \
                (isinstance(other, ast.Name) and other.id.lower() in ("now", "iat", "issued_at", "current_time")):
            continue
        seconds = timedelta_seconds(doc, side)
        if seconds is None and "time" in ast.dump(other).lower():
            seconds = number(doc, side)
        if seconds is not None:
            return seconds
    return None
