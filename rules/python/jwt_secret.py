"""JWT signing keys must come from the environment, not from the source.

## What it does
Reports, in production Python code:

- `jwt.encode(payload, key, ...)` / `jwt.decode(token, key, ...)` (PyJWT, python-jose) whose key is a
  string literal, or an environment read with a literal fallback;
- Flask-JWT-Extended's `JWT_SECRET_KEY` set in `app.config` or a configuration class, Django REST
  framework SimpleJWT's `SIGNING_KEY` in a `SIMPLE_JWT` dictionary, and module-level `JWT_SECRET*` /
  `JWT_SECRET_KEY` assignments, when the value is a literal;
- any environment variable named like a JWT key (`JWT_SECRET`, `JWT_SECRET_KEY`, `SIGNING_KEY`) read with a
  literal fallback.

Settings that name a request field, header or claim (Flask-JWT's `JWT_AUTH_USERNAME_KEY = "email"`) are not
signing keys and are left alone. The message says when the committed key is also weak (shorter than 32 characters, a placeholder).

## Why it matters in production
Whoever knows the signing key can mint a token for any user, admin included, and the server will accept it.
A key in the repository is known to every clone, fork and CI log; a fallback hands that key to production
the first time the variable is missing.

## Example
```python path=app/auth.py
import os

import jwt
from fastapi import FastAPI

app = FastAPI()


def issue(user_id: str) -> str:
    return jwt.encode({"sub": user_id}, os.getenv("JWT_SECRET", "change-me"), algorithm="HS256")
```

## Use instead
```python path=app/auth.py
import os

import jwt
from fastapi import FastAPI

app = FastAPI()


def issue(user_id: str) -> str:
    return jwt.encode({"sub": user_id}, os.environ["JWT_SECRET"], algorithm="HS256")
```

## References
- https://pyjwt.readthedocs.io/en/stable/usage.html
- https://flask-jwt-extended.readthedocs.io/en/stable/options.html#JWT_SECRET_KEY
- https://django-rest-framework-simplejwt.readthedocs.io/en/latest/settings.html#signing-key
"""

import re

from linter.api import RuleMeta, lazy
from linter.api.python import (config_bindings, env_fallbacks, is_base_settings, jwt_calls, module_bindings,
                               resolve, settings_views)
from linter.api.secrets import is_jwt_secret_name, weakness

META = RuleMeta(
    id="PY002", name="python-jwt-secret", kinds=("python",), severity="error",
    checklist=("secrets.jwt-secret",), cwe=(798, 321),
)
MESSAGES = {
    "literal": "the JWT key of {where} is written in the source; read it from the environment and rotate the "
               "committed key",
    "weak": "the JWT key of {where} {weakness}; use at least 32 random bytes from the environment",
    "fallback": "the JWT key of {where} falls back to a literal when {env} is unset; read os.environ[\"{env}\"] "
                "so a missing variable fails at start-up, and rotate the committed value",
}


# Flask-JWT's JWT_AUTH_USERNAME_KEY / JWT_AUTH_PASSWORD_KEY name the request fields holding the credentials
# ("email", "password"); a *_HEADER_KEY or *_CLAIM_KEY names a header or a claim: keys of a mapping, not keys
_FIELD_NAME_KEY = lazy(r"_(USERNAME|USER|PASSWORD|EMAIL|HEADER|COOKIE|CLAIM|CLAIMS|FIELD|IDENTITY|PAYLOAD|QUERY|"
                       r"JSON|FORM|PARAM|LOOKUP)_KEY$", re.I)


def check(doc, ctx):
    seen = set()
    for site, api in jwt_calls(doc, "encode", "decode"):
        node = site.args[1] if len(site.args) > 1 else site.kwargs.get("key")
        if node is None:
            continue
        r = resolve(doc, node)
        if isinstance(r.value, str) and r.value.strip():
            span = doc.span(r.node)
            if (doc.rel, span) not in seen:
                seen.add((doc.rel, span))
                yield _finding(ctx, doc.rel, span, f"{api}.key", r.value, r.env, f"`{api}()`")
    base = is_base_settings(doc, ctx.model)
    candidates = [] if base else list(config_bindings(doc)) + list(module_bindings(doc))
    for view in settings_views(doc, ctx.model):
        candidates += [b for b in (view.get(name) for name in {b.name for b in view.bindings}) if view.owns(b)]
    for b in candidates:
        if is_jwt_secret_name(b.name) and not _FIELD_NAME_KEY.search(b.name) and isinstance(b.value, str) and \
                b.value.strip():
            if (b.path, b.span) not in seen:
                seen.add((b.path, b.span))
                yield _finding(ctx, b.path, b.span, f"settings.{b.name}", b.value, b.env, b.name)
    for key, value, _ in doc.pairs:
        if key == "SIGNING_KEY":
            r = resolve(doc, value)
            span = doc.span(r.node)
            if isinstance(r.value, str) and r.value.strip() and (doc.rel, span) not in seen:
                seen.add((doc.rel, span))
                yield _finding(ctx, doc.rel, span, "settings.SIMPLE_JWT.SIGNING_KEY", r.value, r.env,
                               "SIMPLE_JWT SIGNING_KEY")
    for env, r, _call in () if base else env_fallbacks(doc):
        span = doc.span(r.node)
        if is_jwt_secret_name(env) and isinstance(r.value, str) and r.value.strip() and (doc.rel, span) not in seen:
            seen.add((doc.rel, span))
            yield _finding(ctx, doc.rel, span, f"env.{env}", r.value, env, env)


def _finding(ctx, path, span, key, value, env, where):
    weak = weakness(value)
    if env:
        return ctx.finding(span, key, "fallback", path=path, secret=value, where=where, env=env)
    return ctx.finding(span, key, "weak" if weak else "literal", path=path, secret=value, where=where, weakness=weak)
