"""Django and flask-talisman in production must redirect HTTP to HTTPS, unless the proxy in front does.

## What it does
Reports, in the Django settings production runs (followed through `from .base import *`):

- `SECURE_SSL_REDIRECT` missing or false, unless an nginx configuration of the repository redirects to
  https itself (`return 301 https://...`), a production Caddyfile serves a site by host name (Caddy's
  automatic HTTPS redirects it, unless `auto_https off` or `disable_redirects`), or a production Traefik
  redirects (an entry point's `redirections`, a `redirectScheme` middleware to https);
- `SECURE_SSL_REDIRECT = True` without `SECURE_PROXY_SSL_HEADER` when the repository has an nginx
  configuration in front of the app: behind a proxy that terminates TLS, Django sees every request as
  plain HTTP and redirects forever.

Settings that are only a fragment (no `INSTALLED_APPS`, `MIDDLEWARE` or `ROOT_URLCONF` along the chain) are
not asked for missing settings.
A value set in the branch production takes (`if not DEBUG:`, `if ENVIRONMENT == "production":`, the `else`
of `if DEBUG:`) is judged like one set unconditionally. One set only when an environment flag that is off by default is
set (`if env.bool("SSL_REDIRECT", default=False):`) is reported where it is set: production runs without it unless
its operators find the variable.

For Flask, flask-talisman applied with `force_https=False` (`Talisman(app, force_https=False)` or
`talisman.init_app(app, force_https=False)`; its default, True, redirects), at the keyword, unless an nginx
configuration of the repository redirects to https. A value read from a constant or from a settings object
of another module counts like a literal (reported where the settings module sets it); one read from the
environment or computed at run time is not reported, nor is an application under an `if`/`try` (a
development branch), nor the per-view decorator `@talisman(force_https=False)` (it exempts one view, such
as a health check a load balancer calls over HTTP). `Talisman` counts only when imported from
`flask_talisman`.

## Why it matters in production
A site that answers plain HTTP serves pages, forms and session cookies that anyone on the network path can
read and rewrite. One redirect to HTTPS, in Django or in the proxy, closes that door for every URL.

## Example
```text path=requirements.txt
Django==5.0.6
```
```python path=mysite/settings.py
import os

INSTALLED_APPS = ["django.contrib.auth"]
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
SECURE_SSL_REDIRECT = False
```

```text path=api/requirements.txt
flask==3.0.2
flask-talisman==1.1.0
```
```python path=api/app.py
from flask import Flask
from flask_talisman import Talisman

app = Flask(__name__)
Talisman(app, force_https=False)
```

## Use instead
```text path=requirements.txt
Django==5.0.6
```
```python path=mysite/settings.py
import os

INSTALLED_APPS = ["django.contrib.auth"]
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
SECURE_SSL_REDIRECT = True
```
```text path=api/requirements.txt
flask==3.0.2
flask-talisman==1.1.0
```
```python path=api/app.py
from flask import Flask
from flask_talisman import Talisman

app = Flask(__name__)
Talisman(app, force_https_permanent=True)
```

## References
- https://docs.djangoproject.com/en/stable/ref/settings/#secure-ssl-redirect
- https://docs.djangoproject.com/en/stable/ref/settings/#secure-proxy-ssl-header
- https://github.com/wntrblm/flask-talisman#options
"""
from linter.api import RuleMeta, Span
from linter.api.python import (opt_in_flag, python_model, settings_views, talisman_applications, talisman_option,
                               truthy)

META = RuleMeta(
    id="PY007", name="django-https-redirect", kinds=("python",), severity="warning",
    checklist=("tls.https-redirect",), cwe=(319,),
)
MESSAGES = {
    "missing": "SECURE_SSL_REDIRECT is not set, so Django serves plain HTTP; set SECURE_SSL_REDIRECT = True "
               "(or redirect in the proxy with return 301 https://$host$request_uri)",
    "disabled": "SECURE_SSL_REDIRECT is false, so Django serves plain HTTP; set it to True (or redirect in "
                "the proxy)",
    "opt-in": "SECURE_SSL_REDIRECT is only set when {env} is, and it is off by default, so Django serves plain "
              "HTTP; set it unconditionally (a developer's setup can turn it off) or redirect in the proxy",
    "proxy-header": "SECURE_SSL_REDIRECT is on behind the repository's nginx but SECURE_PROXY_SSL_HEADER is "
                    "not set, so every request looks like HTTP and redirects forever; set "
                    "SECURE_PROXY_SSL_HEADER = (\"HTTP_X_FORWARDED_PROTO\", \"https\")",
    "talisman": "flask-talisman force_https is false, so the app serves plain HTTP; drop the option (its "
                "default redirects to HTTPS) or redirect in the proxy with return 301 https://$host$request_uri",
}


def check(doc, ctx):
    nginx = python_model(ctx.model).nginx()
    for settings in settings_views(doc, ctx.model):
        yield from _judge(doc, ctx, settings, nginx)
    if nginx["redirect"]:
        return
    for site in talisman_applications(doc, ctx.model):
        b = talisman_option(doc, ctx.model, site, "force_https")
        if b is not None and not site.conditional and truthy(b.value) is False:
            yield ctx.finding(b.span, "Talisman.force_https", "talisman", path=b.path)


def _judge(doc, ctx, settings, nginx):
    b = settings.get("SECURE_SSL_REDIRECT")
    if b is None:
        if settings.complete and not nginx["redirect"] and settings.module == doc.rel:
            yield ctx.finding(Span(1, 1), "settings.SECURE_SSL_REDIRECT", "missing")
        return
    on = truthy(b.value)
    if not settings.owns(b):
        return
    if on is True and not nginx["redirect"] and (env := opt_in_flag(doc, ctx.model, b)):
        yield ctx.finding(b.span, "settings.SECURE_SSL_REDIRECT", "opt-in", path=b.path, env=env)
    elif on is False and b.known and not b.conditional and not nginx["redirect"]:
        yield ctx.finding(b.span, "settings.SECURE_SSL_REDIRECT", "disabled", path=b.path)
    elif on is True and nginx["present"] and not settings.has("SECURE_PROXY_SSL_HEADER"):
        yield ctx.finding(b.span, "settings.SECURE_PROXY_SSL_HEADER", "proxy-header", path=b.path)
