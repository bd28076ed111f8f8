"""Production must not run Django or Flask in debug mode.

## What it does
Reports, in production Python code:

- Django `DEBUG` that is true in the settings production runs (the module `DJANGO_SETTINGS_MODULE`
  names in wsgi.py, asgi.py, manage.py, a production env file, compose or Dockerfile, or a settings
  module no production module imports), followed through `from .base import *`: a literal `True`, or
  an environment read that defaults to true (`os.getenv("DEBUG", "True") == "True"`,
  `env.bool("DEBUG", default=True)`, `environ.Env(DEBUG=(bool, True))`);
- Flask `app.debug = True`, `app.config["DEBUG"] = True`, `DEBUG = True` in a production configuration
  class, and `app.run(debug=True)` (a pydantic `BaseSettings` class is not a Flask configuration: what its
  `DEBUG` turns on is judged where the app reads it, by PY009 for `FastAPI(debug=settings.DEBUG)`);
- Flask `ENV = "development"` written the same ways (`app.config["ENV"]`, `app.config.update(ENV=...)`, a
  production configuration class or module), in a backend that uses Flask;
- Werkzeug's interactive debugger wrapped around the app (`DebuggedApplication`), or turned on by
  `werkzeug.serving.run_simple(..., use_debugger=True)`.

`DEBUG = os.environ.get("DEBUG") == "1"` is false unless the environment says otherwise, and passes.
`app.run(debug=True)` under `if __name__ == "__main__":` (or in a function only that block calls) passes when the
deployment starts an application server on the module's import path (`gunicorn app:app` in a production Dockerfile,
compose file, Procfile or launch script), or on a module that imports it (`gunicorn wsgi:app` with wsgi.py's
`from server import create_app`): the server imports the module, so only a developer's `python server.py` reaches
that line.
`settings/dev.py`, `settings/local.py`, `local_settings.py` and test settings are not production.
`FLASK_DEBUG` / `DJANGO_DEBUG` in env files are ENV rules' business.

## Why it matters in production
Django's debug pages print settings, environment variables, SQL and source for every error, and keep every
query in memory. Flask's `ENV` names the environment the app runs in: `development` is what
`app.env` reports and what code and extensions branch on to turn on development behaviour (Flask before
2.3 derived the debug default from it; 2.3 removed the key). Flask's debugger goes further: its console runs arbitrary Python on the server for
anyone who reaches an error page (the PIN has been bypassed before).

## Example
```text path=requirements.txt
Django==5.0.6
```
```python path=mysite/settings.py
import os

INSTALLED_APPS = ["django.contrib.admin"]
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = True
```

## Use instead
```text path=requirements.txt
Django==5.0.6
```
```python path=mysite/settings.py
import os

INSTALLED_APPS = ["django.contrib.admin"]
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
```

## References
- https://docs.djangoproject.com/en/stable/ref/settings/#debug
- https://flask.palletsprojects.com/en/stable/debugging/
- https://werkzeug.palletsprojects.com/en/stable/debug/
"""
from linter.api import RuleMeta
from linter.api.python import (backend_mentions, flask_config, frameworks, is_base_settings, pydantic_settings_class, resolve,
                               script_only_calls, served_as_module, settings_views, truthy)

META = RuleMeta(
    id="PY003", name="python-debug-enabled", kinds=("python",), severity="error",
    checklist=("secrets.debug-endpoints",), cwe=(489, 215),
    peers=("bandit:B201", "ruff:S201", "semgrep:avoid_hardcoded_config_DEBUG", "semgrep:avoid_hardcoded_config_ENV",
           "semgrep:debug-enabled"),
)
MESSAGES = {
    "django": "DEBUG is True in the settings production runs; set DEBUG = False (or read it from "
              "the environment with a false default)",
    "django-fallback": "DEBUG defaults to true when {env} is unset in the settings production runs; make the "
                       "default false",
    "flask": "{what} turns on Flask's debug mode; leave it off in production code and use FLASK_DEBUG only "
             "on a developer's machine",
    "flask-fallback": "{what} turns on Flask's debug mode when {env} is unset; make the default false",
    "flask-env": "{what} declares a development environment in production configuration; set it to "
                 "\"production\" or drop it (Flask 2.3 removed ENV)",
    "flask-env-fallback": "{what} is \"development\" when {env} is unset; make the default \"production\"",
    "run": "app.run(debug=True) starts the Werkzeug debugger, which runs arbitrary code for anyone who reaches "
           "an error page; drop debug=True and serve the app with gunicorn",
    "run-simple": "run_simple(use_debugger=True) serves the app with Werkzeug's interactive debugger, which runs "
                  "arbitrary code for anyone who reaches an error page; drop use_debugger=True",
    "debugger": "DebuggedApplication wraps the app in Werkzeug's interactive debugger; remove it from "
                "production code",
}


_FLASK = r"(?i)\bflask\b"
_APP_NAMES = {"app", "application", "server", "socketio", "flask_app"}
_NOT_APPS = {"asyncio", "uvicorn", "subprocess", "trio", "anyio", "loop", "runner"}


def check(doc, ctx):
    flask = bool(frameworks(doc) & {"flask"}) or any(m.split(".")[0] in ("flask_socketio", "quart")
                                                      for m in doc.imports)
    views = settings_views(doc, ctx.model)
    for settings in views:
        b = settings.get("DEBUG")
        if b is not None and truthy(b.value) is True and settings.owns(b):
            yield ctx.finding(b.span, "settings.DEBUG", "django-fallback" if b.env else "django", path=b.path,
                              env=b.env)
    if not views and not is_base_settings(doc, ctx.model):
        for b in flask_config(doc, ctx.model):
            if b.name == "DEBUG" and truthy(b.value) is True and not b.conditional and \
                    not pydantic_settings_class(doc, b.scope):  # FastAPI(debug=settings.DEBUG) is PY009's
                what = f"DEBUG in {b.scope}" if b.scope else "DEBUG"
                yield ctx.finding(b.span, f"config.{b.scope + '.' if b.scope else ''}DEBUG",
                                  "flask-fallback" if b.env else "flask", what=what, env=b.env)
            elif b.name == "ENV" and isinstance(b.value, str) and b.value.strip().lower() == "development" and \
                    not b.conditional and not pydantic_settings_class(doc, b.scope) and \
                    (flask or backend_mentions(doc, ctx.model, _FLASK)):
                what = f"ENV in {b.scope}" if b.scope else "ENV"
                yield ctx.finding(b.span, f"config.{b.scope + '.' if b.scope else ''}ENV",
                                  "flask-env-fallback" if b.env else "flask-env", what=what, env=b.env)
    for site in doc.calls:
        last = site.name.rsplit(".", 1)[-1]
        receiver = site.name.split(".")[0]
        if last == "run" and "debug" in site.kwargs and site.name.count(".") == 1 and \
                (flask or receiver in _APP_NAMES) and receiver not in _NOT_APPS:
            r = resolve(doc, site.kwargs["debug"])
            if truthy(r.value) is True and not (id(site.node) in script_only_calls(doc) and
                                                served_as_module(doc, ctx.model)):
                # under the main guard (or in a function only it calls) of a module the deployment's
                # `gunicorn app:app` imports, itself or through the served module: the developer's
                # `python app.py`, never run by the server
                yield ctx.finding(doc.span(site.kwargs["debug"]), f"{site.name}.debug", "run")
        elif last == "DebuggedApplication" or doc.names.get(last, "").endswith("DebuggedApplication"):
            yield ctx.finding(doc.span(site.node), "DebuggedApplication", "debugger")
        elif (last == "run_simple" and (site.name == last and doc.names.get(last, "").startswith("werkzeug")
                                        or site.name.startswith("werkzeug"))) and "use_debugger" in site.kwargs \
                and truthy(resolve(doc, site.kwargs["use_debugger"]).value) is True:
            yield ctx.finding(doc.span(site.kwargs["use_debugger"]), "run_simple.use_debugger", "run-simple")
