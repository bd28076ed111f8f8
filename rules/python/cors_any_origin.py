"""Python backends must list their CORS origins, not allow every origin.

## What it does
Reports, in production Python code:

- FastAPI/Starlette `CORSMiddleware` (`app.add_middleware(CORSMiddleware, ...)` or
  `Middleware(CORSMiddleware, ...)`) with `"*"` in `allow_origins`, or an `allow_origin_regex` that matches
  any host (`.*`, `https?://.*`). Origins
  read from the environment count by their fallback (`os.getenv("CORS_ORIGINS", "*").split(",")`), and
  origins read from a settings object of another module (`settings.BACKEND_CORS_ORIGINS` of a pydantic
  `BaseSettings` class, `get_settings().cors_origins`, also copied by a comprehension such as
  `[str(origin) for origin in settings.BACKEND_CORS_ORIGINS]`) by the default written there, where the
  finding points;
- flask-cors `CORS(app)` / `@cross_origin()` without `origins` (flask-cors then allows every origin) when
  the app's configuration sets no `CORS_ORIGINS` / `CORS_RESOURCES` either (in the file, or anywhere in the
  backend: a configuration class or module flask-cors reads through `app.config`), or with `origins="*"`
  (also inside `resources={...}`, or `CORS_ORIGINS = "*"` in the configuration);
- quart-cors `cors(app, allow_origin="*")` / `@route_cors(allow_origin="*")`;
- django-cors-headers `CORS_ALLOW_ALL_ORIGINS = True` (or the old `CORS_ORIGIN_ALLOW_ALL`) in the settings
  production runs, and `CORS_ALLOWED_ORIGIN_REGEXES` entries that match any host.

With credentials allowed (`allow_credentials=True`, `supports_credentials=True`, `CORS_ALLOW_CREDENTIALS = True`)
the library echoes the caller's origin and the same configuration is PY022's, reported there once.

## Why it matters in production
Any web page a user visits can then call the API from their browser and read the answers. With
credentials allowed, those calls carry the user's cookies: another site acts as the logged-in user.

## Example
```python path=app/main.py
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["*"])
```

## Use instead
```python path=app/main.py
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"])
```

## References
- https://fastapi.tiangolo.com/tutorial/cors/
- https://flask-cors.readthedocs.io/en/latest/api.html
- https://github.com/adamchainz/django-cors-headers#configuration
"""

from linter.api import RuleMeta
from linter.api.python import (any_origin, any_origin_regex, backend_mentions, django_cors_credentials, flask_config,
                               flask_configuration_credentials, flask_cors_calls, flask_cors_credentials, project_value,
                               quart_cors_calls,
                               pydantic_settings_class, resolve, settings_views, starlette_cors, starlette_credentials,
                               truthy)

META = RuleMeta(
    id="PY004", name="python-cors-any-origin", kinds=("python",), severity="warning",
    checklist=("secrets.cors-origins",), cwe=(942,),
    peers=("semgrep:wildcard-cors",),
)
MESSAGES = {
    "any": "{what} allows every origin; list the production origins instead",
    "regex": "{what} matches any origin; anchor it to your domains (^https://([a-z0-9-]+\\.)?example\\.com$)",
    "default": "{what} has no origins, so flask-cors allows every origin; pass origins=[...] with the "
               "production origins",
}


def check(doc, ctx):
    for site in starlette_cors(doc):
        if not starlette_credentials(doc, ctx.model, site):  # with credentials: PY022's
            yield from _starlette(doc, ctx, site, "CORSMiddleware")
    for site in quart_cors_calls(doc):
        # quart-cors: `app = cors(app, allow_origin="*")`; with credentials it refuses "*" itself
        positional = site.args[1] if site.name.rsplit(".", 1)[-1] == "cors" and len(site.args) > 1 else None
        origin = site.kwargs.get("allow_origin", positional)
        if origin is not None and any_origin(resolve(doc, origin).value) and \
                truthy(resolve(doc, site.kwargs.get("allow_credentials")).value) is not True:
            label = f"{site.name.rsplit('.', 1)[-1]}()"
            yield ctx.finding(doc.span(origin), f"{label}.allow_origin", "any", what=f"{label} allow_origin")
    flask_calls = flask_cors_calls(doc)
    for site in flask_calls:
        yield from _flask(doc, ctx, site, f"{site.name.rsplit('.', 1)[-1]}()",
                          flask_cors_credentials(doc, ctx.model, site))
    if not any(site.name.rsplit(".", 1)[-1] in ("CORS", "cross_origin") for site in doc.calls):
        yield from _flask_configuration(doc, ctx)  # the configuration flask-cors reads in another file
    for settings in settings_views(doc, ctx.model):
        if django_cors_credentials(settings):
            continue
        for name in ("CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL"):
            b = settings.get(name)
            if b is not None and truthy(b.value) is True and settings.owns(b):
                yield ctx.finding(b.span, f"settings.{name}", "any", path=b.path, what=name)
        for name in ("CORS_ALLOWED_ORIGIN_REGEXES", "CORS_ORIGIN_REGEX_WHITELIST"):
            b = settings.get(name)
            if b is not None and isinstance(b.value, (list, tuple)) and any(any_origin_regex(v) for v in b.value) and \
                    settings.owns(b):
                yield ctx.finding(b.span, f"settings.{name}", "regex", path=b.path, what=name)


def _starlette(doc, ctx, site, label):
    origins = site.kwargs.get("allow_origins")
    value = project_value(doc, ctx.model, origins) if origins is not None else None
    if value is not None and any_origin(value.value):
        # the origins as written here, or the default of the settings object they are read from
        span = doc.span(origins) if value.path == doc.rel else value.span
        yield ctx.finding(span, "CORSMiddleware.allow_origins", "any", path=value.path, what=f"{label} allow_origins")
    regex = site.kwargs.get("allow_origin_regex")
    if regex is not None and any_origin_regex(resolve(doc, regex).value):
        yield ctx.finding(doc.span(regex), "CORSMiddleware.allow_origin_regex", "regex",
                          what=f"{label} allow_origin_regex")


def _flask_configuration(doc, ctx):
    config = flask_config(doc, ctx.model)
    if flask_configuration_credentials(doc, ctx.model):
        return  # PY022's
    for b in config:
        if b.name == "CORS_ORIGINS" and any_origin(b.value) and not pydantic_settings_class(doc, b.scope) and \
                backend_mentions(doc, ctx.model, r"(?i)flask[-_]cors"):
            yield ctx.finding(b.span, "config.CORS_ORIGINS", "any", what="CORS_ORIGINS")


def _flask(doc, ctx, site, label, credentials):
    """flask-cors' origins; those allowed with credentials (the call's, or a resource's own) are PY022's."""
    if site.star_kwargs:
        return
    origins = site.kwargs.get("origins")
    if origins is not None:
        if any_origin(resolve(doc, origins).value) and not credentials:
            yield ctx.finding(doc.span(origins), f"{label}.origins", "any", what=f"{label} origins")
        return
    resources = site.kwargs.get("resources")
    if resources is not None:
        value = resolve(doc, resources).value
        if isinstance(value, dict):
            for path, options in value.items():
                if isinstance(options, dict) and truthy(options.get("supports_credentials", credentials)) is True:
                    continue
                if isinstance(options, dict) and "origins" in options:
                    if any_origin(options["origins"]):
                        yield ctx.finding(doc.span(resources), f"{label}.resources.origins", "any",
                                          what=f"{label} resources origins")
                elif isinstance(options, dict):
                    yield ctx.finding(doc.span(resources), f"{label}.resources.origins", "default", what=label)
        return
    if label == "CORS()" and not site.args or credentials:
        return  # CORS() created empty and configured later with init_app(app, origins=...); credentials: PY022's
    configured = [b for b in flask_config(doc, ctx.model) if b.name in ("CORS_ORIGINS", "CORS_RESOURCES")]
    if configured:
        for b in configured:
            if b.name == "CORS_ORIGINS" and any_origin(b.value):
                yield ctx.finding(b.span, "config.CORS_ORIGINS", "any", what="CORS_ORIGINS")
        return  # flask-cors reads its origins from app.config
    if backend_mentions(doc, ctx.model, r"\bCORS_(ORIGINS|RESOURCES)\b"):
        return  # set in the app's configuration module or class, which flask-cors reads
    yield ctx.finding(doc.span(site.node), f"{label}.origins", "default", what=label)
