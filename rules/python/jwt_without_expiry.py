"""JWTs issued by a Python backend must expire.

## What it does
Reports `jwt.encode(payload, key, ...)` (PyJWT, python-jose, authlib) in production code when the payload
is a dict written in the file (inline, `dict(...)`, or a name assigned one once) that has no `exp` claim and
the file never sets one later (`payload["exp"] = ...`, `payload.update(exp=...)`). Payloads built elsewhere
or spread from another dict (`{**claims}`) are not guessed.

It also reports `jwt.decode(...)` told not to check expiry (`options={"verify_exp": False}` in PyJWT and
python-jose, inline or a dict assigned before the call): expired tokens are then accepted for ever. A decode
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
from linter.api import RuleMeta, lazy
from linter.api.python import dict_keys, jwt_arguments, jwt_calls, jwt_decode_switches

META = RuleMeta(
    id="PY014", name="python-jwt-without-expiry", kinds=("python",), severity="warning",
    checklist=("backend.jwt-expiry",), cwe=(613,),
    hints=("encode|verify_exp",),
)
MESSAGES = {
    "no-exp": "this token has no `exp` claim, so it never expires; add "
              "`\"exp\": datetime.now(timezone.utc) + timedelta(hours=24)` to the payload",
    "no-exp-check": "`{api}()` does not check `exp` (\"verify_exp\": False), so expired tokens are accepted; drop "
                    "the switch",
}
# `payload["exp"] = ...`, `claims.update(exp=...)`, `{"exp": ...}` set after the dict is written
_SETS_EXP = lazy(r"""\[\s*['"]exp['"]\s*\]\s*=|\bupdate\(\s*(\{\s*['"]exp['"]|exp\s*=)|\bsetdefault\(\s*['"]exp['"]""")


def check(doc, ctx):
    for site, api in jwt_calls(doc, "decode"):
        switches = jwt_decode_switches(doc, site)
        value, node = switches.get("verify_exp", (None, None))
        signature = switches.get("verify_signature", (True,))[0]
        if (value is False or value == 0) and signature is not False and signature != 0:
            yield ctx.finding(doc.span(node), f"{api}.verify_exp", "no-exp-check", api=api)
    calls = jwt_calls(doc, "encode")
    if not calls or _SETS_EXP.search(doc.file.text or ""):
        return
    for site, _api in calls:
        payload = jwt_arguments(doc, site)[0]
        keys = dict_keys(doc, payload)
        if keys is not None and "exp" not in keys:
            yield ctx.finding(doc.span(site.node), "jwt.encode.exp", "no-exp")
