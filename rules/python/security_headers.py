"""A Python backend must send security headers (or have a proxy in front that does).

## What it does
Reports, once per backend (the folder of its requirements.txt / pyproject.toml / manage.py):

- a Flask, FastAPI, Starlette or Litestar app, at its creation (`Flask(__name__)`, `FastAPI()`, `Starlette()`,
  `Litestar()`) in the backend's entry module (`main.py`, `app.py`, `asgi.py`, `wsgi.py`, `__init__.py`...
  nearest the top, else a module named for the app it makes, `api/fastapi_app.py`, before a script that builds
  one for another purpose such as exporting its OpenAPI document, then the first production file by path),
  when nothing in the backend sets security headers: no
  flask-talisman (`Talisman(app)`), no `secure` / secure-headers middleware, no code naming
  `Content-Security-Policy`, `X-Content-Type-Options`, `X-Frame-Options` or `Strict-Transport-Security`
  (an `after_request` hook or a middleware that sets them), and no nginx configuration of the repository that
  adds them;
- Django settings that production runs whose `MIDDLEWARE` lacks `django.middleware.security.SecurityMiddleware`
  (it sends `X-Content-Type-Options`, `Referrer-Policy`, HSTS and the HTTPS redirect the other settings ask for).

## Why it matters in production
Without these headers browsers sniff content types, let other sites frame the app (clickjacking) and keep
talking plain HTTP after the first visit. Flask, FastAPI and Starlette send none by default; Django sends them
only through SecurityMiddleware.

## Example
```text path=requirements.txt
flask==3.0.2
```
```python path=app.py
from flask import Flask

app = Flask(__name__)


@app.get("/health")
def health():
    return "ok"
```

## Use instead
```text path=requirements.txt
flask==3.0.2
flask-talisman==1.1.0
```
```python path=app.py
from flask import Flask
from flask_talisman import Talisman

app = Flask(__name__)
Talisman(app)


@app.get("/health")
def health():
    return "ok"
```

## References
- https://github.com/wntrblm/flask-talisman
- https://docs.djangoproject.com/en/stable/ref/middleware/#module-django.middleware.security
- https://owasp.org/www-project-secure-headers/
"""
import re

from linter.api import RuleMeta
from linter.api.python import python_model, settings_views

META = RuleMeta(
    id="PY016", name="python-missing-security-headers", kinds=("python",), severity="warning",
    checklist=("backend.security-headers",), cwe=(693,),
)
MESSAGES = {
    "missing": "this {framework} app sends no security headers; add {remedy} (or set them in the proxy in front)",
    "django": "MIDDLEWARE has no django.middleware.security.SecurityMiddleware, so Django sends no security "
              "headers; add it first in the list",
}
_REMEDY = {"Flask": "flask-talisman (`Talisman(app)`)", "FastAPI": "a middleware that sets them (e.g. `secure`)",
           "Starlette": "a middleware that sets them (e.g. `secure`)",
           "Litestar": "a middleware or `response_headers` that set them"}
_SECURITY_MIDDLEWARE = "django.middleware.security.SecurityMiddleware"


def check(doc, ctx):
    model = python_model(ctx.model)
    for settings in settings_views(doc, ctx.model):
        b = settings.get("MIDDLEWARE")
        if b is not None and isinstance(b.value, (list, tuple)) and settings.owns(b) and \
                _SECURITY_MIDDLEWARE not in b.value and not model.nginx()["headers"]:
            yield ctx.finding(b.target, "settings.MIDDLEWARE.SecurityMiddleware", "django", path=b.path)
    facts = model.backend(doc.rel)
    if facts["headers"] or not facts["apps"] or _entry(facts["apps"]) != doc.rel or model.nginx()["headers"]:
        return
    for site in doc.calls:
        name = site.name.rsplit(".", 1)[-1]
        if name in _REMEDY and doc.names.get(site.name, site.name).split(".")[0] in ("flask", "fastapi",
                                                                                     "starlette", "litestar"):
            yield ctx.finding(doc.span(site.node), "app.security-headers", "missing", framework=name,
                              remedy=_REMEDY[name])
            return


_ENTRY_NAMES = ("main.py", "app.py", "asgi.py", "wsgi.py", "server.py", "application.py", "__init__.py")


_ENTRY_WORDS = ("app", "api", "server", "main", "asgi", "wsgi", "application")


def _entry(apps: list[str]) -> str:
    """The file a reviewer would open first: main.py / app.py / asgi.py... before other modules, then a module
    named for the app it makes (`api/fastapi_app.py`, `web_server.py`) before a script that builds one for another
    purpose (`generate_api_spec.py` exporting the OpenAPI document), then by path."""
    named = [rel for rel in apps if rel.rsplit("/", 1)[-1] in _ENTRY_NAMES]
    if not named:
        named = [rel for rel in apps if re.split(r"[-_]", rel.rsplit("/", 1)[-1][:-3])[-1] in _ENTRY_WORDS]
        return min(named or apps, key=lambda rel: (rel.count("/"), rel))
    return min(named, key=lambda rel: (rel.count("/"), _ENTRY_NAMES.index(rel.rsplit("/", 1)[-1]), rel))
