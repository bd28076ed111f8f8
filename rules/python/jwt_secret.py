"""JWT signing keys must come from the environment, not from the source.

## What it does
Reports, in production Python code:

- `jwt.encode(payload, key, ...)` / `jwt.decode(token, key, ...)` (PyJWT, python-jose) whose key is a
  string literal, or an environment read with a literal fallback;
- Flask-JWT-Extended's `JWT_SECRET_KEY` set in `app.config` or a configuration class, Django REST
  framework SimpleJWT's `SIGNING_KEY` in a `SIMPLE_JWT` dictionary, and module-level `JWT_SECRET*` /
  `JWT_SECRET_KEY` assignments, when the value is a literal; configuration classes include the groups a
  pydantic-settings class holds as fields (`security: Security = Field(default_factory=Security)`, read from
  `SECURITY__JWT_SECRET_KEY`), their attributes named by their path (`security.jwt_secret_key`);
- any environment variable named like a JWT key (`JWT_SECRET`, `JWT_SECRET_KEY`, `SIGNING_KEY`) read with a
  literal fallback;
- Flask-JWT-Extended or SimpleJWT in a backend that never sets `JWT_SECRET_KEY` / `SIMPLE_JWT["SIGNING_KEY"]`:
  both sign with `SECRET_KEY` then, so a literal `SECRET_KEY` (or one with a literal fallback) is the JWT key
  too and is reported here as well as by PY001.

Settings that name a request field, header or claim (Flask-JWT's `JWT_AUTH_USERNAME_KEY = "email"`) are not
signing keys and are left alone. The message says when the committed key is also weak (shorter than 32
characters, a placeholder).

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
from linter.api.python import (NON_PRODUCTION_CLASS, backend_mentions, config_bindings, env_fallbacks,
                               flask_config, is_base_settings, jwt_arguments, jwt_calls, module_bindings,
                               pydantic_settings_class, resolve, resolve_at, settings_views)
from linter.api.secrets import is_jwt_secret_name, weakness

META = RuleMeta(
    id="PY002", name="python-jwt-secret", kinds=("python",), severity="error",
    checklist=("secrets.jwt-secret",), cwe=(798, 321),
    peers=("bandit:B105", "bandit:B106", "bandit:B107", "ruff:S105", "ruff:S106", "ruff:S107",
           "semgrep:jwt-python-hardcoded-secret"),
)
MESSAGES = {
    "secret-key": "{library} signs tokens with SECRET_KEY when {setting} is unset, and SECRET_KEY is written in "
                  "the source; give the JWT its own key from the environment and rotate the committed one",
    "secret-key-fallback": "{library} signs tokens with SECRET_KEY when {setting} is unset, and SECRET_KEY falls "
                           "back to a literal when {env} is unset; read os.environ[\"{env}\"] and rotate the value",
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
        node = jwt_arguments(doc, site)[1]
        if node is None:
            continue
        r = resolve_at(doc, node, site.node)
        if isinstance(r.value, str) and r.value.strip():
            written = doc.span(r.node)
            # a key held by a name is reported at each call that signs or verifies with it (the call is what
            # makes the string a JWT key), naming the line it is written on
            span = written if r.node is node or _inside(r.node, node) else doc.span(node)
            where = f"`{api}()`" if span == written else f"`{api}()` (written on line {written.line})"
            seen.add((doc.rel, written))
            if (doc.rel, span, "call") not in seen:
                seen.add((doc.rel, span, "call"))
                yield _finding(ctx, doc.rel, span, f"{api}.key", r.value, r.env, where)
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
    yield from _secret_key_as_jwt_key(doc, ctx, base, seen)
    for env, r, _call in () if base else env_fallbacks(doc):
        span = doc.span(r.node)
        if is_jwt_secret_name(env) and isinstance(r.value, str) and r.value.strip() and (doc.rel, span) not in seen:
            seen.add((doc.rel, span))
            yield _finding(ctx, doc.rel, span, f"env.{env}", r.value, env, env)


# libraries that sign with the app's SECRET_KEY when their own key setting is not given
_SIGNS_WITH_SECRET_KEY = {
    "flask": (r"(?i)flask[-_]jwt[-_]extended|\bJWTManager\b", r"\bJWT_SECRET_KEY\b", "Flask-JWT-Extended",
              "JWT_SECRET_KEY"),
    "django": (r"(?i)rest_framework_simplejwt|djangorestframework[-_]simplejwt", r"[\"']SIGNING_KEY[\"']",
               "SimpleJWT", "SIGNING_KEY"),
}


def _secret_key_as_jwt_key(doc, ctx, base, seen):
    """Flask-JWT-Extended and SimpleJWT sign tokens with SECRET_KEY unless JWT_SECRET_KEY / SIMPLE_JWT's
    SIGNING_KEY is set anywhere in the backend: a committed or fallback SECRET_KEY is then the JWT key too."""
    views = settings_views(doc, ctx.model)
    if views:
        keys, kind = [b for v in views if (b := v.get("SECRET_KEY")) is not None and v.owns(b)], "django"
    elif base:
        return
    else:
        keys, kind = [b for b in flask_config(doc, ctx.model) if b.name == "SECRET_KEY" and not b.conditional and
                      not pydantic_settings_class(doc, b.scope) and not NON_PRODUCTION_CLASS.search(b.scope or "")], \
            "flask"
    used, own_key, library, setting = _SIGNS_WITH_SECRET_KEY[kind]
    if not keys or not backend_mentions(doc, ctx.model, used) or backend_mentions(doc, ctx.model, own_key):
        return
    for b in keys:
        if not isinstance(b.value, str) or not b.value.strip() or b.value.strip() == b.name or (b.path, b.span) in seen:
            continue
        seen.add((b.path, b.span))
        yield ctx.finding(b.span, f"settings.SECRET_KEY.{setting}", "secret-key-fallback" if b.env else "secret-key",
                          path=b.path, secret=b.value, library=library, setting=setting, env=b.env)


def _inside(inner, outer) -> bool:
    """Whether node ``inner`` lies within node ``outer`` (a fallback literal inside ``os.getenv(...)``)."""
    return (getattr(outer, "lineno", 0), getattr(outer, "col_offset", 0)) <= \
        (getattr(inner, "lineno", -1), getattr(inner, "col_offset", -1)) and \
        (getattr(inner, "end_lineno", 0), getattr(inner, "end_col_offset", 0)) <= \
        (getattr(outer, "end_lineno", -1), getattr(outer, "end_col_offset", -1))


def _finding(ctx, path, span, key, value, env, where):
    weak = weakness(value)
    if env:
        return ctx.finding(span, key, "fallback", path=path, secret=value, where=where, env=env)
    return ctx.finding(span, key, "weak" if weak else "literal", path=path, secret=value, where=where, weakness=weak)
