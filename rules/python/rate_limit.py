"""A Python backend with login or token routes must rate-limit them.

## What it does
Reports a Django, Flask, FastAPI or Litestar backend (the folder of its requirements.txt / pyproject.toml /
Pipfile / setup.cfg / manage.py) that declares authentication routes — a route (a Litestar handler's under its
controller's `path`) whose path names login, signin, signup, register, token, auth, password, otp or jwt (not
the `tokens` of one object, `org/<org_name>/tokens`, where a signed-in user manages API tokens; nor a route that
answers GET only, `@app.get("/auth")` or a Flask `route()` on a function without methods: a page or an OAuth login
link, while credentials are posted to the route to limit), or an included
auth app (`django.contrib.auth.urls`, `dj_rest_auth`, `djoser`, `rest_framework.urls`, SimpleJWT's
`TokenObtainPairView`) — when neither its manifests nor its production code use a rate limiter (django-ratelimit,
django-axes, django-defender, Django REST framework throttle classes, slowapi, fastapi-limiter, Flask-Limiter,
Litestar's `RateLimitConfig` from `litestar.middleware.rate_limit`, a limiter class of its own such as a
`TokenBucket`, or an account lockout of its own after failed logins, `MAX_LOGIN_ATTEMPTS = 3`, which guards the
login form as django-axes does) and no nginx configuration of the repository has `limit_req`. DRF's
`DEFAULT_THROTTLE_RATES` alone, or an empty `DEFAULT_THROTTLE_CLASSES`, throttles nothing and does not count.

fastapi-users' routers (`get_auth_router`, `get_register_router`, `get_reset_password_router`) are auth routes; an
HTTP client's `client.post("/auth/login")` is not a route (a verb method counts as a route when it decorates a
handler). A limiter class of the project's own counts when another production file uses it (a
`RateLimitMiddleware` written but never added limits nothing), and a package with a manifest of its own
(`packages/admin-cli/pyproject.toml`) is another backend, judged apart.

A Flask, FastAPI or Starlette backend that limits routes one by one (Flask-Limiter's or slowapi's
`@limiter.limit(...)`, fastapi-limiter's `Depends(RateLimiter(...))`, a dependency of its own named for limiting such
as `Depends(rate_limiter_dependency)`) and has nothing that limits every route (`default_limits` /
`application_limits`, `RATELIMIT_DEFAULT`, slowapi's middleware, a limiting middleware, a limiter dependency given
to the app, a router or `include_router`, `limiter.limit(...)(blueprint)`, nginx `limit_req`) leaves its other
routes unlimited: the first auth route without a limit of its own (decorator, route dependency or parameter;
`@limiter.exempt` is none) is reported, once per backend.

A Django REST framework API (the `REST_FRAMEWORK` setting of the settings production runs) is held to the
same: when the `REST_FRAMEWORK` that wins sets no `DEFAULT_THROTTLE_CLASSES` and nothing else in the backend
limits requests (per-view `throttle_classes` count), it is reported at that setting, unless the backend
already has its auth-route finding. Outside a settings chain, a module named like settings, or the one module
of the backend that sets `REST_FRAMEWORK` (`config/drf.py`), holds the API's setting. A `REST_FRAMEWORK` that
the settings build further (`REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = ...`), assign under a condition, or
that two modules outside a chain both set, is not guessed.

It is reported once per backend, at the first auth route of the first production file (by path) that
declares one. django-allauth's own URLs, and views the project builds on allauth's
(`class LoginView(SocialMixin, allauth.account.views.LoginView)`), are not counted: allauth rate-limits its
login, signup and password-reset views by default (`ACCOUNT_RATE_LIMITS`). A limiter class in a Django management
command (`management/commands/`) paces the command's own calls to another service and limits no request.

## Why it matters in production
Without a limit, anyone can try passwords or one-time codes as fast as the server answers, and a token
endpoint becomes a free oracle for credential stuffing.

## Example
```text path=requirements.txt
fastapi==0.111.0
```
```python path=app/main.py
from fastapi import FastAPI

app = FastAPI()


@app.post("/auth/login")
def login():
    return {}
```

## Use instead
```text path=requirements.txt
fastapi==0.111.0
slowapi==0.1.9
```
```python path=app/main.py
from fastapi import FastAPI, Request
from slowapi import Limiter
from slowapi.util import get_remote_address

limiter = Limiter(key_func=get_remote_address)
app = FastAPI()


@app.post("/auth/login")
@limiter.limit("5/minute")
def login(request: Request):
    return {}
```

## References
- https://slowapi.readthedocs.io/
- https://flask-limiter.readthedocs.io/
- https://django-axes.readthedocs.io/
- https://www.django-rest-framework.org/api-guide/throttling/
- https://docs.litestar.dev/latest/reference/middleware/rate_limit.html
"""
from linter.api import RuleMeta
from linter.api.python import (auth_routes, backend_mentions, backend_modules_mentioning, module_bindings, python_model,
                               settings_views,
                               unlimited_auth_routes)

META = RuleMeta(
    id="PY013", name="python-rate-limit", kinds=("python",), severity="warning",
    checklist=("backend.rate-limiting",), cwe=(307, 770),
    peers=("semgrep:missing-throttle-config",),
)
MESSAGES = {
    "drf": "REST_FRAMEWORK sets no DEFAULT_THROTTLE_CLASSES and nothing else limits this API; add "
           "AnonRateThrottle and UserRateThrottle with rates (or django-ratelimit, or limit_req in the proxy)",
    "unlimited": "this backend limits some routes one by one but not this authentication route; give it a limit "
                 "of its own (or a default limit for every route, or limit_req in the proxy)",
    "missing": "this backend has authentication routes but no rate limiter; add {remedy} (or limit_req in "
               "the proxy) at least on the login and token routes",
}
_REMEDY = {"django": "django-axes or django-ratelimit", "flask": "Flask-Limiter", "fastapi": "slowapi",
           "starlette": "slowapi", "litestar": "Litestar's RateLimitConfig"}


def check(doc, ctx):
    model = python_model(ctx.model)
    facts = model.backend(doc.rel)
    yield from _drf(doc, ctx, model, facts)
    if facts["limiter"] or facts["per_route_limits"]:
        # limits put on routes one by one cover only those routes: the first auth route left without one
        if model.unlimited_anchor(doc) == doc.rel:
            site = unlimited_auth_routes(doc, ctx.model)[0]
            yield ctx.finding(doc.span(site.node), "backend.rate-limit", "unlimited")
        return
    if model.auth_anchor(doc) != doc.rel:
        return
    routes = auth_routes(doc, ctx.model)
    if not routes:
        return
    framework = next((f for f in ("django", "flask", "fastapi", "starlette", "litestar")
                      if any(m.split(".")[0] == f for m in doc.imports)),
                     model.backend(doc.rel).get("framework", "django"))
    yield ctx.finding(doc.span(routes[0].node), "backend.rate-limit", "missing", remedy=_REMEDY[framework])


def _drf(doc, ctx, model, facts):
    """A Django REST framework API whose settings production runs throttle nothing (no
    DEFAULT_THROTTLE_CLASSES in the REST_FRAMEWORK that wins), in a backend with no other limiter: reported at
    that REST_FRAMEWORK, unless the auth-route finding already speaks for the backend."""
    if not doc.assigned("REST_FRAMEWORK") or facts["other_limiter"] or \
            (not facts["limiter"] and model.auth_anchor(doc)):
        return
    views = settings_views(doc, ctx.model)
    # a settings module holding only DRF's settings (split settings, a fragment nothing star-imports) is still
    # the settings of the API: its own REST_FRAMEWORK is judged when no production settings chain reads it, when
    # the module is settings by name or holds the backend's only REST_FRAMEWORK (`config/base.py`, `conf/drf.py`:
    # nothing else can set the API's throttling)
    if views:
        bindings = [b for view in views if (b := view.get("REST_FRAMEWORK")) is not None and view.owns(b)]
    elif "settings" in doc.rel.rsplit("/", 1)[-1] or \
            not backend_modules_mentioning(doc, ctx.model, r"^[^\S\n]*REST_FRAMEWORK\s*(=|\[|\.update\()"):
        bindings = [_last(module_bindings(doc))]
    else:
        bindings = []
    for b in bindings:
        if b is None or b.path != doc.rel or b.conditional or not isinstance(b.value, dict):
            continue
        if b.value.get("DEFAULT_THROTTLE_CLASSES") or backend_mentions(doc, ctx.model, _BUILT_FURTHER):
            return  # throttled, or a dict the settings build further (REST_FRAMEWORK["..."] = ...): not guessed
        yield ctx.finding(b.target, "backend.rate-limit", "drf")
        return


def _last(bindings):
    plain = [b for b in bindings if b.name == "REST_FRAMEWORK" and not b.conditional]
    return plain[-1] if plain else None


_BUILT_FURTHER = r"REST_FRAMEWORK\s*(\[|\.update\(|\.setdefault\(|\|=)"
