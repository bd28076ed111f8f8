"""Python backends must not disclose error details or accept any Host header in production.

## What it does
Reports, in production Python code:

- `FastAPI(debug=True)` / `Starlette(debug=True)`, which return tracebacks in error responses;
- Django `DEBUG_PROPAGATE_EXCEPTIONS = True` and Flask `PROPAGATE_EXCEPTIONS = True` in production
  settings, and Flask `TESTING = True` (`app.config["TESTING"]`, `app.config.update(TESTING=True)`, a
  production configuration class), which turns exception propagation on and tells extensions they run
  under tests (a `TestingConfig` class is not production);
- Django `ALLOWED_HOSTS` containing `"*"` in the settings production runs (followed through
  `from .base import *`), also as the fallback of an environment read
  (`env.list("ALLOWED_HOSTS", default=["*"])`, `config("ALLOWED_HOSTS", default="*", cast=Csv())`);
- Starlette/FastAPI `TrustedHostMiddleware` whose `allowed_hosts` contains `"*"` (`"*.example.com"` is a
  domain and passes).

`debug` and `allowed_hosts` read from a settings object of another module (`FastAPI(debug=settings.debug)`
with a pydantic `BaseSettings` field `debug: bool = True`) are judged by the default written there, and
reported there.

## Why it matters in production
A traceback in an error response tells an attacker the code paths, library versions and sometimes the
values in play. `ALLOWED_HOSTS = ["*"]` lets any Host header through, so password-reset links and absolute
URLs can be built with an attacker's domain (Host header poisoning).

## Example
```python path=app/main.py
from fastapi import FastAPI

app = FastAPI(debug=True)
```

## Use instead
```python path=app/main.py
from fastapi import FastAPI

app = FastAPI()
```

## References
- https://www.starlette.io/applications/
- https://docs.djangoproject.com/en/stable/ref/settings/#allowed-hosts
- https://docs.djangoproject.com/en/stable/ref/settings/#debug-propagate-exceptions
"""
from linter.api import RuleMeta
from linter.api.python import (NON_PRODUCTION_CLASS, flask_config, is_base_settings, middleware_options, project_value,
                               pydantic_settings_class, settings_views, truthy)

META = RuleMeta(
    id="PY009", name="python-debug-information", kinds=("python",), severity="warning",
    checklist=("frontend.server-tokens", "secrets.debug-endpoints"), cwe=(209, 644),
    peers=("semgrep:avoid_hardcoded_config_TESTING",),
)
MESSAGES = {
    "app-debug": "{app}(debug=True) returns tracebacks to clients; drop debug=True",
    "propagate": "{name} = True sends errors past the framework's error handling; remove it in production",
    "testing": "TESTING = True puts Flask in testing mode: errors propagate past the app's error handlers and "
               "extensions may relax their checks for tests; remove it from production configuration",
    "hosts": "ALLOWED_HOSTS accepts any Host header ('*'); list the production host names",
    "trusted-hosts": "TrustedHostMiddleware allowed_hosts accepts any Host header ('*'); list the production "
                     "host names",
}


def check(doc, ctx):
    seen = set()
    for finding in _findings(doc, ctx):
        if (finding.path, finding.span) not in seen:  # ALLOWED_HOSTS read by both Django and TrustedHost
            seen.add((finding.path, finding.span))
            yield finding


def _findings(doc, ctx):
    for site in doc.calls:
        last = site.name.rsplit(".", 1)[-1]
        if last in ("FastAPI", "Starlette") and "debug" in site.kwargs and \
                truthy((value := project_value(doc, ctx.model, site.kwargs["debug"])).value) is True:
            span = doc.span(site.kwargs["debug"]) if value.path == doc.rel else value.span
            yield ctx.finding(span, f"{last}.debug", "app-debug", path=value.path, app=last)
    for site, kwargs in middleware_options(doc, "TrustedHostMiddleware"):
        hosts = kwargs.get("allowed_hosts")
        value = project_value(doc, ctx.model, hosts) if hosts is not None else None
        if value is not None and (value.value == "*" or isinstance(value.value, (list, tuple)) and "*" in value.value):
            if value.path == doc.rel:
                yield ctx.finding(doc.span(hosts), "TrustedHostMiddleware.allowed_hosts", "trusted-hosts")
            else:  # a setting of another module: one finding there, whichever rule branch reads it
                yield ctx.finding(value.span, f"settings.{value.name}",
                                  "hosts" if value.name == "ALLOWED_HOSTS" else "trusted-hosts", path=value.path)
    views = settings_views(doc, ctx.model)
    for settings in views:
        b = settings.get("ALLOWED_HOSTS")
        if b is not None and isinstance(b.value, (list, tuple)) and "*" in b.value and settings.owns(b):
            yield ctx.finding(b.span, "settings.ALLOWED_HOSTS", "hosts", path=b.path)
        b = settings.get("DEBUG_PROPAGATE_EXCEPTIONS")
        if b is not None and truthy(b.value) is True and not b.conditional and settings.owns(b):
            yield ctx.finding(b.span, "settings.DEBUG_PROPAGATE_EXCEPTIONS", "propagate", path=b.path,
                              name="DEBUG_PROPAGATE_EXCEPTIONS")
    if not views and not is_base_settings(doc, ctx.model):
        for b in flask_config(doc, ctx.model):
            if b.name == "PROPAGATE_EXCEPTIONS" and truthy(b.value) is True and not b.conditional:
                yield ctx.finding(b.span, "config.PROPAGATE_EXCEPTIONS", "propagate", name="PROPAGATE_EXCEPTIONS")
            # TESTING turns PROPAGATE_EXCEPTIONS on by default; a testing configuration class is not production
            elif b.name == "TESTING" and b.value is True and not b.conditional and \
                    not NON_PRODUCTION_CLASS.search(b.scope or "") and not pydantic_settings_class(doc, b.scope):
                yield ctx.finding(b.span, "config.TESTING", "testing")
