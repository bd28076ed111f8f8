r"""Python backends must not allow credentials from any origin.

## What it does
Reports, in production Python code, CORS that allows credentials and accepts every origin, which the library
answers by echoing the caller's origin:

- Starlette/FastAPI `CORSMiddleware` with `allow_credentials=True` and `"*"` in `allow_origins` (Starlette then
  sends the request's origin back whenever the request carries cookies) or an `allow_origin_regex` that matches any
  host (`.*`, `https?://.*`); origins read from a settings object of another module count by the default written
  there, where the finding points;
- flask-cors `CORS(app, supports_credentials=True)` / `@cross_origin(supports_credentials=True)` (or
  `CORS_SUPPORTS_CREDENTIALS = True` in the app's configuration, `supports_credentials=True` given to the
  extension's `init_app`, a resource's own `{"origins": "*", "supports_credentials": True}`) with `origins="*"`,
  an origin regex that matches any host (`r".*"`), or no origins at all where the configuration sets none
  (flask-cors' default is every origin, echoed back unless `send_wildcard`);
- django-cors-headers `CORS_ALLOW_CREDENTIALS = True` with `CORS_ALLOW_ALL_ORIGINS = True` (or the old
  `CORS_ORIGIN_ALLOW_ALL`) or a `CORS_ALLOWED_ORIGIN_REGEXES` entry that matches any host, in the settings
  production runs.

An origin regex that accepts every subdomain of a hosting platform where anyone can publish a site
(`https://.*\.vercel\.app`, `[a-z0-9-]+\.netlify\.app`, herokuapp.com, github.io, pages.dev ...: the Public
Suffix List's private section), usually written for the project's preview deployments, is reported the same way
for Starlette/FastAPI and django-cors-headers: every site published there is accepted with credentials. A
wildcard pinned on both sides (`myapp-[a-z0-9]+-team\.vercel\.app`, one team's preview hosts) is the project's
own. JS001 judges Node backends' origins against the same platform list.

The same configurations without credentials are PY004's.

## Why it matters in production
With credentials allowed, the browser sends the user's cookies with a cross-site request and lets the calling page
read the answer. When every origin is accepted, any web site the user visits can act as the user and read their
data: the API's CSRF and same-origin protections are gone.

## Example
```text path=requirements.txt
fastapi==0.111
```
```python path=app/main.py
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origin_regex="https://.*", allow_credentials=True)
```

## Use instead
```text path=requirements.txt
fastapi==0.111
```
```python path=app/main.py
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origin_regex=r"https://([a-z0-9-]+\.)?example\.com", allow_credentials=True)
```

## References
- https://www.starlette.io/middleware/#corsmiddleware
- https://flask-cors.readthedocs.io/en/latest/api.html
- https://github.com/adamchainz/django-cors-headers#cors_allow_credentials-bool
- https://portswigger.net/web-security/cors
"""
from linter.api import RuleMeta
from linter.api.python import (any_origin, any_origin_pattern, any_origin_regex, backend_mentions,
                               django_cors_credentials, flask_config, flask_configuration_credentials, flask_cors_calls,
                               flask_cors_credentials, project_value, pydantic_settings_class, resolve, settings_views,
                               shared_host_regex, starlette_cors, starlette_credentials, truthy)

META = RuleMeta(
    id="PY022", name="python-cors-credentials-any-origin", kinds=("python",), severity="error",
    checklist=("secrets.cors-origins",), cwe=(942, 346),
    peers=("semgrep:wildcard-cors", "semgrep:flask-cors-misconfiguration"),
)
MESSAGES = {
    "reflect": "{what} accepts every origin while credentials are allowed, so the caller's origin is echoed back and "
               "any site can make requests as the logged-in user and read the answers; list the production origins",
    "shared-host": "{what} accepts every subdomain of {host}, where anyone can publish a site, while credentials are "
                   "allowed: any site there can make requests as the logged-in user and read the answers; list the "
                   "project's own preview hosts, or leave them out of production",
}


def check(doc, ctx):
    for site in starlette_cors(doc):
        if starlette_credentials(doc, ctx.model, site):
            yield from _starlette(doc, ctx, site)
    for site in flask_cors_calls(doc):
        if not site.star_kwargs:
            yield from _flask(doc, ctx, site, f"{site.name.rsplit('.', 1)[-1]}()",
                              flask_cors_credentials(doc, ctx.model, site))
    if not any(site.name.rsplit(".", 1)[-1] in ("CORS", "cross_origin") for site in doc.calls):
        yield from _flask_configuration(doc, ctx)
    for settings in settings_views(doc, ctx.model):
        if not django_cors_credentials(settings):
            continue
        for name in ("CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL"):
            b = settings.get(name)
            if b is not None and truthy(b.value) is True and settings.owns(b):
                yield ctx.finding(b.span, f"settings.{name}", "reflect", path=b.path,
                                  what=f"{name} with CORS_ALLOW_CREDENTIALS")
        for name in ("CORS_ALLOWED_ORIGIN_REGEXES", "CORS_ORIGIN_REGEX_WHITELIST"):
            b = settings.get(name)
            if b is None or not isinstance(b.value, (list, tuple)) or not settings.owns(b):
                continue
            if any(any_origin_regex(v) for v in b.value):
                yield ctx.finding(b.span, f"settings.{name}", "reflect", path=b.path,
                                  what=f"{name} with CORS_ALLOW_CREDENTIALS")
            elif hosts := [h for h in map(shared_host_regex, b.value) if h]:
                yield ctx.finding(b.span, f"settings.{name}", "shared-host", path=b.path,
                                  what=f"{name} with CORS_ALLOW_CREDENTIALS", host=hosts[0])


def _starlette(doc, ctx, site):
    origins = site.kwargs.get("allow_origins")
    value = project_value(doc, ctx.model, origins) if origins is not None else None
    if value is not None and any_origin(value.value):
        span = doc.span(origins) if value.path == doc.rel else value.span
        yield ctx.finding(span, "CORSMiddleware.allow_origins", "reflect", path=value.path,
                          what="CORSMiddleware allow_origins")
        return
    regex = site.kwargs.get("allow_origin_regex")
    pattern = resolve(doc, regex).value if regex is not None else None
    if regex is not None and any_origin_regex(pattern):
        yield ctx.finding(doc.span(regex), "CORSMiddleware.allow_origin_regex", "reflect",
                          what="CORSMiddleware allow_origin_regex")
    elif regex is not None and (host := shared_host_regex(pattern)):
        yield ctx.finding(doc.span(regex), "CORSMiddleware.allow_origin_regex", "shared-host",
                          what="CORSMiddleware allow_origin_regex", host=host)


def _flask(doc, ctx, site, label, credentials):
    """flask-cors' origins allowed with credentials: the call's `supports_credentials`, or a resource's own."""
    origins = site.kwargs.get("origins")
    if origins is not None:
        if credentials and any_origin_pattern(resolve(doc, origins).value):
            yield ctx.finding(doc.span(origins), f"{label}.origins", "reflect", what=f"{label} origins")
        return
    resources = site.kwargs.get("resources")
    if resources is not None:
        value = resolve(doc, resources).value
        if isinstance(value, dict) and any(isinstance(o, dict) and any_origin_pattern(o.get("origins", "*")) and
                                           truthy(o.get("supports_credentials", credentials)) is True
                                           for o in value.values()):
            yield ctx.finding(doc.span(resources), f"{label}.resources.origins", "reflect",
                              what=f"{label} resources")
        return
    if label == "CORS()" and not site.args or not credentials:
        return  # CORS() created empty and configured later with init_app(app, origins=...)
    configured = [b for b in flask_config(doc, ctx.model) if b.name in ("CORS_ORIGINS", "CORS_RESOURCES")]
    if configured:
        for b in configured:
            if b.name == "CORS_ORIGINS" and any_origin_pattern(b.value):
                yield ctx.finding(b.span, "config.CORS_ORIGINS", "reflect", what="CORS_ORIGINS")
        return
    if backend_mentions(doc, ctx.model, r"\bCORS_(ORIGINS|RESOURCES)\b"):
        return  # set in the app's configuration module or class, which flask-cors reads
    yield ctx.finding(doc.span(site.node), f"{label}.origins", "reflect", what=f"{label} without origins")


def _flask_configuration(doc, ctx):
    """The configuration flask-cors reads, written in another file than the CORS(app) call."""
    config = flask_config(doc, ctx.model)
    if not flask_configuration_credentials(doc, ctx.model):
        return
    for b in config:
        if b.name == "CORS_ORIGINS" and any_origin_pattern(b.value) and not pydantic_settings_class(doc, b.scope) and \
                backend_mentions(doc, ctx.model, r"(?i)flask[-_]cors"):
            yield ctx.finding(b.span, "config.CORS_ORIGINS", "reflect", what="CORS_ORIGINS")
