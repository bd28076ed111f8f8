"""A Python backend with login or token routes must rate-limit them.

## What it does
Reports a Django, Flask or FastAPI backend (the folder of its requirements.txt / pyproject.toml /
Pipfile / setup.cfg / manage.py) that declares authentication routes — a route whose path names login,
signin, signup, register, token, auth, password, otp or jwt, or an included auth app (`django.contrib.auth.urls`,
`dj_rest_auth`, `djoser`, `rest_framework.urls`, SimpleJWT's `TokenObtainPairView`) — when
neither its manifests nor its production code use a rate limiter (django-ratelimit, django-axes,
django-defender, Django REST framework throttle classes, slowapi, fastapi-limiter, Flask-Limiter, or a limiter
class of its own such as a `TokenBucket`) and no nginx configuration of the repository has `limit_req`. DRF's
`DEFAULT_THROTTLE_RATES` alone, or an empty `DEFAULT_THROTTLE_CLASSES`, throttles nothing and does not count.

It is reported once per backend, at the first auth route of the first production file (by path) that
declares one. django-allauth's own URLs are not counted: allauth rate-limits its login, signup and
password-reset views by default (`ACCOUNT_RATE_LIMITS`).

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
"""
from linter.api import RuleMeta
from linter.api.python import auth_routes, python_model

META = RuleMeta(
    id="PY013", name="python-rate-limit", kinds=("python",), severity="warning",
    checklist=("backend.rate-limiting",), cwe=(307, 770),
)
MESSAGES = {
    "missing": "this backend has authentication routes but no rate limiter; add {remedy} (or limit_req in "
               "the proxy) at least on the login and token routes",
}
_REMEDY = {"django": "django-axes or django-ratelimit", "flask": "Flask-Limiter", "fastapi": "slowapi",
           "starlette": "slowapi"}


def check(doc, ctx):
    model = python_model(ctx.model)
    if model.backend(doc.rel)["limiter"] or model.auth_anchor(doc) != doc.rel:
        return
    routes = auth_routes(doc)
    if not routes:
        return
    framework = next((f for f in ("django", "flask", "fastapi", "starlette")
                      if any(m.split(".")[0] == f for m in doc.imports)),
                     model.backend(doc.rel).get("framework", "django"))
    yield ctx.finding(doc.span(routes[0].node), "backend.rate-limit", "missing", remedy=_REMEDY[framework])
