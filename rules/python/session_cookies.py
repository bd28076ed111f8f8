"""Production session and CSRF cookies must be Secure and HttpOnly.

## What it does
Reports, in the Django settings production runs (followed through `from .base import *`):

- `SESSION_COOKIE_SECURE` or `CSRF_COOKIE_SECURE` missing (Django's default is False) or false, or set only when
  an environment flag that is off by default is set (`if env.bool("SECURE_COOKIES", default=False):`)
  (`CSRF_COOKIE_SECURE` is not asked for when `CSRF_USE_SESSIONS = True`: no CSRF cookie is sent; neither flag
  is asked for when the literal `MIDDLEWARE` list lacks the middleware that sends its cookie, `SessionMiddleware`
  or `CsrfViewMiddleware`, and for CSRF no source of the backend sets the cookie another way, `@csrf_protect`,
  `@ensure_csrf_cookie`, `get_token`: an API-only Django sends no such cookie);
- `SESSION_COOKIE_HTTPONLY = False`;
- `SESSION_COOKIE_SAMESITE = "None"` while the session cookie is not Secure, and `SESSION_COOKIE_SAMESITE =
  None` (or Django's `False`), which sends no SameSite attribute at all.

For Starlette and FastAPI, `SessionMiddleware` added without `https_only=True` (its default is False) or
with `https_only=False` (also as the default of a settings object read from another module,
`https_only=settings.SESSION_HTTPS_ONLY`, reported where that default is written). starsessions'
`SessionMiddleware` names the flag `cookie_https_only` and defaults it to True: only `cookie_https_only=False`
is reported there.

For Litestar, a session configuration (`CookieBackendConfig`, `ServerSideSessionConfig`) created without
`secure=True` (Litestar's default is False) or with `secure=False`, and one with `httponly=False`.

For Flask, `SESSION_COOKIE_SECURE` / `REMEMBER_COOKIE_SECURE` / flask-jwt-extended's `JWT_COOKIE_SECURE` set
false, `JWT_TOKEN_LOCATION` naming `"cookies"` with `JWT_COOKIE_SECURE` set nowhere in the backend (the
extension's default is False; reported at `JWT_TOKEN_LOCATION`), `SESSION_COOKIE_HTTPONLY` or
Flask-Login's `REMEMBER_COOKIE_HTTPONLY` set false, and `SESSION_COOKIE_SECURE` missing from a file that
configures the app's `SECRET_KEY` (the
sessions are signed there, so their cookie is configured there) unless flask-talisman is applied there
(`Talisman(app)` makes the session cookie Secure and HttpOnly by default); `Talisman(app,
session_cookie_secure=False)` or `session_cookie_http_only=False` are reported. A production configuration
class (`class ProductionConfig(Config)`, loaded with `app.config.from_object`) that has a `SECRET_KEY` in
force but no `SESSION_COOKIE_SECURE`, in a Flask backend that does not use flask-talisman or set the flag in
another file, is reported at its first attribute (a missing flag is asked for only when the backend uses the session:
`flask.session`, Flask-Login, Flask-WTF's CSRF, authlib; a bearer-token API sends no session cookie); so is a module the app loads as its configuration
(`app.config.from_object("config.settings")`, or the module imported by name: `import config` ...
`app.config.from_object(config)`) that sets `SECRET_KEY` but not `SESSION_COOKIE_SECURE`, at
its top. A missing setting is reported at the top
of the settings module production points at; a value where it is written. Settings that are only
fragments (no `INSTALLED_APPS`, `MIDDLEWARE` or `ROOT_URLCONF` along the chain) are not asked for missing
settings.

## Why it matters in production
Without `Secure` the browser sends the session cookie over plain HTTP too, where anyone on the network path
can copy it and take over the session. Without `HttpOnly`, one XSS bug can read it.

## Example
```text path=requirements.txt
Django==5.0.6
```
```python path=mysite/settings.py
import os

INSTALLED_APPS = ["django.contrib.sessions"]
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = True
```

## Use instead
```text path=requirements.txt
Django==5.0.6
```
```python path=mysite/settings.py
import os

INSTALLED_APPS = ["django.contrib.sessions"]
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
```

## References
- https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-secure
- https://docs.djangoproject.com/en/stable/howto/deployment/checklist/
- https://flask.palletsprojects.com/en/stable/security/#set-cookie-options
"""
from linter.api import RuleMeta, Span
from linter.api.python import (backend_mentions, config_bindings, flask_config, flask_config_modules,
                               is_base_settings, is_flask_app_file, middleware_options, module_bindings, opt_in_flag,
                               production_config_classes, project_value, pydantic_settings_class, resolve,
                               settings_views, talisman_applications, truthy)

META = RuleMeta(
    id="PY005", name="python-session-cookie-flags", kinds=("python",), severity="warning",
    checklist=("secrets.session-cookies", "tls.cookie-secure"), cwe=(614, 1004),
)
MESSAGES = {
    "talisman": "Talisman({option}=False) turns off a flag flask-talisman sets on the session cookie; drop the "
                "option (its default is True)",
    "starlette-missing": "SessionMiddleware without https_only=True sends the session cookie over plain HTTP "
                         "too; pass https_only=True",
    "starsessions-disabled": "starsessions' SessionMiddleware cookie_https_only=False sends the session cookie "
                             "over plain HTTP too; leave it at its default (True)",
    "starlette-disabled": "SessionMiddleware https_only=False sends the session cookie over plain HTTP too; pass "
                          "https_only=True",
    "litestar-missing": "{cls} without secure=True sends the session cookie over plain HTTP too (Litestar's "
                        "default is False); pass secure=True",
    "litestar-disabled": "{cls} secure=False sends the session cookie over plain HTTP too; pass secure=True",
    "missing": "{name} is not set, so Django sends the cookie over plain HTTP too; set {name} = True",
    "opt-in": "{name} is only set when {env} is, and it is off by default, so Django sends the cookie over plain "
              "HTTP too; set {name} = True unconditionally (a developer's setup can turn it off)",
    "disabled": "{name} is false, so the cookie is sent over plain HTTP too; set it to True",
    "fallback": "{name} defaults to false when {env} is unset; make the default True",
    "httponly": "{name} is false, so page scripts (and any XSS) can read the session cookie; remove it or set "
                "it to True",
    "samesite-off": "{name} = {value} sends no SameSite attribute, so browsers that do not default to Lax attach "
                    "the session cookie to cross-site requests; set it to \"Lax\"",
    "samesite": "{name} is \"None\" but the session cookie is not Secure; browsers drop SameSite=None cookies "
                "without Secure. Set SESSION_COOKIE_SECURE = True",
    "flask-class-missing": "{cls} never sets SESSION_COOKIE_SECURE (Flask's default is False), so the session "
                           "cookie is sent over plain HTTP too; add SESSION_COOKIE_SECURE = True to {cls}",
    "flask-module-missing": "this module is the Flask app's configuration (app.config.from_object) and signs "
                            "sessions, but never sets SESSION_COOKIE_SECURE (Flask's default is False); set "
                            "SESSION_COOKIE_SECURE = True",
    "flask-missing": "this Flask app signs sessions but never sets SESSION_COOKIE_SECURE (Flask's default is "
                     "False); set app.config[\"SESSION_COOKIE_SECURE\"] = True",
    "jwt-cookie-missing": "JWT_TOKEN_LOCATION keeps the tokens in cookies but JWT_COOKIE_SECURE is never set "
                          "(flask-jwt-extended's default is False), so they are sent over plain HTTP too; set "
                          "JWT_COOKIE_SECURE = True",
}
def _starsessions(doc, site) -> bool:
    """``Middleware(SessionMiddleware, ...)`` where the class is starsessions', not Starlette's."""
    from linter.api.python import dotted
    name = dotted(site.args[0]) or ""
    head, _, last = name.rpartition(".")
    full = f"{doc.names.get(head, head)}.{last}" if head else doc.names.get(last, last)
    return full.split(".")[0] == "starsessions"


_SECURE = ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE", "JWT_COOKIE_SECURE")
_LITESTAR_SESSIONS = ("CookieBackendConfig", "ServerSideSessionConfig")


def _litestar(doc, ctx):
    """Litestar's session configurations (``CookieBackendConfig``, ``ServerSideSessionConfig``) default
    ``secure`` to False and ``httponly`` to True."""
    for site in doc.calls:
        head, _, last = site.name.rpartition(".")
        if last not in _LITESTAR_SESSIONS:
            continue
        full = f"{doc.names.get(head, head)}.{last}" if head else doc.names.get(last, last)
        if full.split(".")[0] not in ("litestar", "starlite") or site.star_kwargs:
            continue
        secure = site.kwargs.get("secure")
        if secure is None:
            yield ctx.finding(doc.span(site.node), f"{last}.secure", "litestar-missing", cls=last)
        elif truthy((value := project_value(doc, ctx.model, secure)).value) is False:
            span = doc.span(secure) if value.path == doc.rel else value.span
            yield ctx.finding(span, f"{last}.secure", "litestar-disabled", path=value.path, cls=last)
        httponly = site.kwargs.get("httponly")
        if httponly is not None and truthy(project_value(doc, ctx.model, httponly).value) is False:
            yield ctx.finding(doc.span(httponly), f"{last}.httponly", "httponly", name=f"{last} httponly")


def check(doc, ctx):
    yield from _jwt_cookies(doc, ctx)
    for site, kwargs in middleware_options(doc, "SessionMiddleware"):
        if _starsessions(doc, site):
            # starsessions' middleware names the flag cookie_https_only and defaults it to True
            https_only = kwargs.get("cookie_https_only")
            if https_only is not None and truthy((value := project_value(doc, ctx.model, https_only)).value) is False:
                span = doc.span(https_only) if value.path == doc.rel else value.span
                yield ctx.finding(span, "SessionMiddleware.https_only", "starsessions-disabled", path=value.path)
            continue
        https_only = kwargs.get("https_only")
        if https_only is None:
            yield ctx.finding(doc.span(site.node), "SessionMiddleware.https_only", "starlette-missing")
        elif truthy((value := project_value(doc, ctx.model, https_only)).value) is False:
            span = doc.span(https_only) if value.path == doc.rel else value.span
            yield ctx.finding(span, "SessionMiddleware.https_only", "starlette-disabled", path=value.path)
    yield from _litestar(doc, ctx)
    # a module a Flask app loads as its configuration is judged as Flask's, however Django-like its names
    views = [] if doc.rel in flask_config_modules(ctx.model) else settings_views(doc, ctx.model)
    for settings in views:
        for name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
            if name == "CSRF_COOKIE_SECURE" and _csrf_in_session(settings):
                continue  # CSRF_USE_SESSIONS: the token lives in the session, no CSRF cookie is sent
            b = settings.get(name)
            if b is None:
                if _never_sets(doc, settings, name, ctx):
                    continue  # no middleware that sets this cookie: nothing to mark Secure
                if settings.complete and settings.module == doc.rel:
                    yield ctx.finding(Span(1, 1), f"settings.{name}", "missing", name=name)
            elif settings.owns(b):
                env = opt_in_flag(doc, ctx.model, b) if truthy(b.value) is True else None
                if env:
                    yield ctx.finding(b.span, f"settings.{name}", "opt-in", path=b.path, name=name, env=env)
                yield from _bad_secure(ctx, b)
        yield from (f for f in _httponly_samesite(ctx, settings.get, is_django=True)
                    if settings.judged_from in ("", settings.module) or f.path == doc.rel)
    if views:
        return
    if is_base_settings(doc, ctx.model):
        return
    talisman = talisman_applications(doc, ctx.model)
    for site in talisman:  # Talisman sets the Flask session cookie's flags itself, True unless told otherwise
        for option in ("session_cookie_secure", "session_cookie_http_only"):
            if option in site.kwargs and truthy(resolve(doc, site.kwargs[option]).value) is False:
                yield ctx.finding(doc.span(site.kwargs[option]), f"Talisman.{option}", "talisman", option=option)
    config = {}
    for b in flask_config(doc, ctx.model):
        config.setdefault(b.name, b)  # classes and app.config: the first written is the one we name
        if b.name in _SECURE:
            yield from _bad_secure(ctx, b)
    yield from _httponly_samesite(ctx, config.get, is_django=False)
    key = config.get("SECRET_KEY")
    if key is not None and "SESSION_COOKIE_SECURE" not in config and is_flask_app_file(doc) and not talisman and \
            _uses_session(doc, ctx):
        yield ctx.finding(key.target, "config.SESSION_COOKIE_SECURE", "flask-missing")
    elif not is_flask_app_file(doc):
        yield from _production_class_missing(doc, ctx)
        if key is not None and "SESSION_COOKIE_SECURE" not in config and not key.scope and \
                doc.rel in flask_config_modules(ctx.model) and _flask_without_talisman(doc, ctx):
            yield ctx.finding(Span(1, 1), "config.SESSION_COOKIE_SECURE", "flask-module-missing")


# the middleware that sets each cookie: without it in MIDDLEWARE Django sends no such cookie (a CSRF cookie
# also comes from a view decorated to set one, or from `get_token`, looked for in the backend's source)
_COOKIE_MIDDLEWARE = {
    "SESSION_COOKIE_SECURE": ("django.contrib.sessions.middleware.SessionMiddleware", None),
    "CSRF_COOKIE_SECURE": ("django.middleware.csrf.CsrfViewMiddleware",
                           r"\b(csrf_protect|ensure_csrf_cookie|requires_csrf_token|CsrfViewMiddleware|get_token)\b"),
}


def _never_sets(doc, settings, name, ctx) -> bool:
    """Whether the settings' literal MIDDLEWARE list lacks the middleware that sends the cookie ``name``
    secures, and no source of the backend sets that cookie another way: an API-only Django (apprise-api: no
    sessions, no CSRF middleware) has no such cookie to mark Secure."""
    b = settings.get("MIDDLEWARE")
    middleware, other_ways = _COOKIE_MIDDLEWARE[name]
    if b is None or not isinstance(b.value, (list, tuple)) or b.conditional or middleware in b.value:
        return False
    return other_ways is None or not backend_mentions(doc, ctx.model, other_ways)


def _jwt_cookies(doc, ctx):
    """flask-jwt-extended keeping its tokens in cookies (`JWT_TOKEN_LOCATION` naming "cookies") with
    `JWT_COOKIE_SECURE` nowhere in the backend: the extension's default is False, so the access token, a
    credential like the session, goes over plain HTTP too. Reported where the cookies are chosen, in any
    module that sets them (`app.config[...]`, a configuration class, or a module of upper-case settings the
    app loads by a route the model cannot follow, `app.config.from_object(config_object)`)."""
    if "JWT_TOKEN_LOCATION" not in (doc.file.text or ""):
        return
    found = {}
    for b in list(config_bindings(doc)) + list(module_bindings(doc)):
        found.setdefault(b.name, b)
    location = found.get("JWT_TOKEN_LOCATION")
    if location is None or not location.known or location.conditional or "JWT_COOKIE_SECURE" in found:
        return
    places = [location.value] if isinstance(location.value, str) else location.value
    if not isinstance(places, list) or "cookies" not in places:
        return
    if not backend_mentions(doc, ctx.model, r"flask[_-]jwt[_-]extended") or \
            backend_mentions(doc, ctx.model, r"JWT_COOKIE_SECURE"):
        return  # not flask-jwt-extended's setting, or the flag is set in another module: judged there
    yield ctx.finding(location.span, "config.JWT_COOKIE_SECURE", "jwt-cookie-missing", path=location.path)


def _production_class_missing(doc, ctx):
    """A Flask production configuration class that signs sessions (a SECRET_KEY in force) but leaves
    SESSION_COOKIE_SECURE at Flask's default, in a Flask backend without flask-talisman."""
    for cls, (node, names) in production_config_classes(doc).items():
        if "SECRET_KEY" not in names or "SESSION_COOKIE_SECURE" in names or pydantic_settings_class(doc, cls):
            continue
        if not _flask_without_talisman(doc, ctx):
            continue
        yield ctx.finding(doc.span(node), f"config.{cls}.SESSION_COOKIE_SECURE", "flask-class-missing", cls=cls)


def _flask_without_talisman(doc, ctx) -> bool:
    """A Flask backend that neither uses flask-talisman nor sets SESSION_COOKIE_SECURE in some other file (the
    setting's own upper-case name: Flask reads no other, so a table of lower-case defaults that an environment
    loader may copy in, `{"session_cookie_secure": False}`, sets nothing)."""
    return backend_mentions(doc, ctx.model, r"(?im)^[ \t]*[\"']?flask\b|^[ \t]*(from|import)[ \t]+flask\b") and \
        not backend_mentions(doc, ctx.model, r"(?i:flask[-_]talisman)|SESSION_COOKIE_SECURE") and _uses_session(doc, ctx)


# Flask sends its session cookie only once something writes to the session: the app's own code, or an
# extension that keeps its state there (a login, a CSRF token, an OAuth state, server-side sessions). The
# app's own code reaches Flask's session only through an import (``from flask import session``, one line or
# parenthesised) or ``flask.session``: a bare ``session.get`` is as often SQLAlchemy's ``db.session`` or a
# requests session, which set no cookie. [ \t]* rather than \s*: on a run of blank lines \s* is quadratic
_SESSION_USE = (r"(?im)^[ \t]*from[ \t]+flask[ \t]+import[ \t]+(\([^)]*|[^\n(]*)(?<![\w.])session\b|"
                r"\bflask\.session\b|"
                r"flask[-_](login|wtf|session|security|dance|oauthlib|admin|principal|user|seasurf|kvsession)\b|"
                r"\bCSRFProtect\b|\bauthlib\b")


def _uses_session(doc, ctx) -> bool:
    """Whether the Flask backend holding ``doc`` uses the signed session: an API that authenticates with
    bearer tokens and never touches ``session`` sends no session cookie to secure."""
    return backend_mentions(doc, ctx.model, _SESSION_USE)


def _csrf_in_session(settings) -> bool:
    b = settings.get("CSRF_USE_SESSIONS")
    return b is not None and b.known and truthy(b.value) is True and not b.conditional


def _bad_secure(ctx, b):
    if truthy(b.value) is False and b.known and not b.conditional:
        yield ctx.finding(b.span, f"settings.{b.name}", "fallback" if b.env else "disabled", path=b.path,
                          name=b.name, env=b.env)


def _httponly_samesite(ctx, get, is_django):
    # Flask-Login's remember-me cookie logs the user in again: it needs HttpOnly as much as the session's
    for name in ("SESSION_COOKIE_HTTPONLY",) if is_django else ("SESSION_COOKIE_HTTPONLY", "REMEMBER_COOKIE_HTTPONLY"):
        b = get(name)
        if b is not None and b.known and truthy(b.value) is False and not b.conditional:
            yield ctx.finding(b.span, f"settings.{name}", "httponly", path=b.path, name=name)
    b = get("SESSION_COOKIE_SAMESITE")
    secure = get("SESSION_COOKIE_SECURE")
    if b is not None and b.known and not b.conditional and (b.value is None or b.value is False):
        # Python None (and Django's False) sends no SameSite attribute at all: Firefox and Safari then attach
        # the session cookie to requests other sites trigger
        yield ctx.finding(b.span, "settings.SESSION_COOKIE_SAMESITE", "samesite-off", path=b.path,
                          name="SESSION_COOKIE_SAMESITE", value=b.value)
    elif b is not None and b.known and str(b.value).lower() == "none" and \
            (secure is None or truthy(secure.value) is not True):
        if is_django or secure is None or secure.known:
            yield ctx.finding(b.span, "settings.SESSION_COOKIE_SAMESITE", "samesite", path=b.path,
                              name="SESSION_COOKIE_SAMESITE")
