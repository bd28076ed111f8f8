"""Django and flask-talisman in production must send HSTS with a long max-age, unless the proxy in front does.

## What it does
Reports, in the Django settings production runs (followed through `from .base import *`; with
django-configurations, the attributes of the production classes, `class Production(Base)`, followed into the
modules their bases come from, classes named for development, tests, end-to-end runs or fuzzing left out),
`SECURE_HSTS_SECONDS` that is missing (Django sends no HSTS header then), `0`, or shorter than 180 days
(15552000 seconds). Nothing is reported when an nginx configuration or a production Caddyfile (`header
Strict-Transport-Security ...`) of the repository adds `Strict-Transport-Security` itself (prodlint's nginx rules judge that header), or when the settings are
only a fragment (no `INSTALLED_APPS`, `MIDDLEWARE` or `ROOT_URLCONF` along the chain).
A value set in the branch production takes (`if not DEBUG:`, `if ENVIRONMENT == "production":`, the `else`
of `if DEBUG:`) is judged like one set unconditionally. One set only when an environment flag that is off by default is
set (`if env.bool("HSTS", default=False):`) is reported where it is set.

For Flask, flask-talisman applied (`Talisman(app, ...)` or `talisman.init_app(app, ...)`) with
`strict_transport_security=False`, or with `strict_transport_security_max_age` below the same minimum (its
default, 31556926, is a year), at the keyword; not when the repository's nginx adds the header. A value
read from a constant or from a settings object of another module counts like a literal (reported where the
settings module sets it); one read from the environment or computed at run time is not reported, nor is an
application under an `if`/`try` (a development branch). `Talisman` counts only when imported from
`flask_talisman`.

## Why it matters in production
Without HSTS a user who types the bare domain, or follows an old `http://` link, makes a first request in
clear text that an attacker on the network can answer instead of the server (SSL stripping). With it, the
browser goes straight to HTTPS for as long as max-age says.

## Example
```text path=requirements.txt
Django==5.0.6
```
```python path=mysite/settings.py
import os

INSTALLED_APPS = ["django.contrib.auth"]
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
SECURE_HSTS_SECONDS = 3600
```

```text path=api/requirements.txt
flask==3.0.2
flask-talisman==1.1.0
```
```python path=api/app.py
from flask import Flask
from flask_talisman import Talisman

app = Flask(__name__)
Talisman(app, strict_transport_security_max_age=86400)
```

## Use instead
```text path=requirements.txt
Django==5.0.6
```
```python path=mysite/settings.py
import os

INSTALLED_APPS = ["django.contrib.auth"]
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
```
```text path=api/requirements.txt
flask==3.0.2
flask-talisman==1.1.0
```
```python path=api/app.py
from flask import Flask
from flask_talisman import Talisman

app = Flask(__name__)
Talisman(app, strict_transport_security_max_age=31536000)
```

## Options
- `min-seconds` (integer, default 15552000): the shortest max-age accepted (Django's `SECURE_HSTS_SECONDS`,
  flask-talisman's `strict_transport_security_max_age`).

## References
- https://docs.djangoproject.com/en/stable/ref/middleware/#http-strict-transport-security
- https://docs.djangoproject.com/en/stable/ref/settings/#secure-hsts-seconds
- https://github.com/wntrblm/flask-talisman#options
"""
from linter.api import RuleMeta, Span
from linter.api.python import (opt_in_flag, python_model, settings_views, talisman_applications, talisman_option,
                               truthy)

META = RuleMeta(
    id="PY006", name="django-hsts", kinds=("python",), severity="warning",
    checklist=("tls.hsts",), cwe=(319,),
    options={"min-seconds": {"type": "integer", "minimum": 0, "default": 15552000,
                             "description": "the shortest SECURE_HSTS_SECONDS (or flask-talisman "
                                            "strict_transport_security_max_age) accepted"}},
)
MESSAGES = {
    "missing": "SECURE_HSTS_SECONDS is not set, so Django sends no Strict-Transport-Security header; set "
               "SECURE_HSTS_SECONDS = 31536000 (or add the header in the proxy)",
    "disabled": "SECURE_HSTS_SECONDS is 0, which turns HSTS off; set it to 31536000",
    "opt-in": "SECURE_HSTS_SECONDS is only set when {env} is, and it is off by default, so Django sends no "
              "Strict-Transport-Security header; set it unconditionally (or add the header in the proxy)",
    "short": "SECURE_HSTS_SECONDS is {seconds}; use at least {minimum} (180 days), e.g. 31536000",
    "talisman-disabled": "flask-talisman strict_transport_security is false, so the app sends no "
                         "Strict-Transport-Security header; drop the option (its default is True) or add the "
                         "header in the proxy",
    "talisman-short": "flask-talisman strict_transport_security_max_age is {seconds}; use at least {minimum} "
                      "(180 days), e.g. 31536000, or drop the option (its default is a year)",
}


def check(doc, ctx):
    if python_model(ctx.model).nginx()["hsts"]:
        return
    for settings in settings_views(doc, ctx.model):
        if settings.complete:
            yield from _judge(doc, ctx, settings)
    for site in talisman_applications(doc, ctx.model):
        if not site.conditional:
            yield from _talisman(doc, ctx, site)


def _talisman(doc, ctx, site):
    on = talisman_option(doc, ctx.model, site, "strict_transport_security")
    if on is not None and truthy(on.value) is False:
        yield ctx.finding(on.span, "Talisman.strict_transport_security", "talisman-disabled", path=on.path)
        return
    age = talisman_option(doc, ctx.model, site, "strict_transport_security_max_age")
    minimum = ctx.options["min-seconds"]
    if age is not None and isinstance(age.value, int) and not isinstance(age.value, bool) and age.value < minimum:
        yield ctx.finding(age.span, "Talisman.strict_transport_security_max_age", "talisman-short",
                          path=age.path, seconds=age.value, minimum=minimum)


def _judge(doc, ctx, settings):
    b = settings.get("SECURE_HSTS_SECONDS")
    minimum = ctx.options["min-seconds"]
    if b is None:
        if settings.module == doc.rel:
            yield ctx.finding(Span(1, 1), "settings.SECURE_HSTS_SECONDS", "missing")
        return
    value = b.value
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not settings.owns(b):
        return
    if b.conditional:
        env = opt_in_flag(doc, ctx.model, b) if value > 0 else None
        if env:
            yield ctx.finding(b.span, "settings.SECURE_HSTS_SECONDS", "opt-in", path=b.path, env=env)
        return
    if value <= 0:
        yield ctx.finding(b.span, "settings.SECURE_HSTS_SECONDS", "disabled", path=b.path)
    elif value < minimum:
        yield ctx.finding(b.span, "settings.SECURE_HSTS_SECONDS", "short", path=b.path, seconds=value,
                          minimum=minimum)
