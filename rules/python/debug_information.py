"""Python backends must not disclose error details or accept any Host header in production.

## What it does
Reports, in production Python code:

- `FastAPI(debug=True)` / `Starlette(debug=True)`, which return tracebacks in error responses;
- Django `DEBUG_PROPAGATE_EXCEPTIONS = True` and Flask `PROPAGATE_EXCEPTIONS = True` in production
  settings;
- Django `ALLOWED_HOSTS` containing `"*"` in the settings production runs (followed through
  `from .base import *`).

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
from linter.api.python import config_bindings, is_base_settings, resolve, settings_views, truthy

META = RuleMeta(
    id="PY009", name="python-debug-information", kinds=("python",), severity="warning",
    checklist=("frontend.server-tokens", "secrets.debug-endpoints"), cwe=(209, 644),
)
MESSAGES = {
    "app-debug": "{app}(debug=True) returns tracebacks to clients; drop debug=True",
    "propagate": "{name} = True sends errors past the framework's error handling; remove it in production",
    "hosts": "ALLOWED_HOSTS accepts any Host header ('*'); list the production host names",
}


def check(doc, ctx):
    for site in doc.calls:
        last = site.name.rsplit(".", 1)[-1]
        if last in ("FastAPI", "Starlette") and "debug" in site.kwargs and \
                truthy(resolve(doc, site.kwargs["debug"]).value) is True:
            yield ctx.finding(doc.span(site.kwargs["debug"]), f"{last}.debug", "app-debug", app=last)
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
        for b in config_bindings(doc):
            if b.name == "PROPAGATE_EXCEPTIONS" and truthy(b.value) is True and not b.conditional:
                yield ctx.finding(b.span, "config.PROPAGATE_EXCEPTIONS", "propagate", name="PROPAGATE_EXCEPTIONS")
