"""CORS in Python backends: where Starlette/FastAPI, flask-cors and django-cors-headers are configured, which
origins they accept and whether they allow credentials. PY004 (any origin) and PY022 (any origin with credentials)
read the same facts, so a configuration is reported by one of them.

All three libraries answer a credentialed request from an origin they accept with that origin, not ``*``
(Starlette when the request carries cookies, flask-cors unless ``send_wildcard``, django-cors-headers whenever
``CORS_ALLOW_CREDENTIALS`` is on): accepting every origin with credentials echoes the caller.
"""
from __future__ import annotations

from ..lazyre import lazy
from ..parsers.python import dotted
from .python import resolve, truthy

# a regex that matches any origin: .*, ^.*$, https?://.*, ^https://.+$
ANY_ORIGIN_REGEX = lazy(r"^\^?(https?(\??|\[s\]\?)|\(https\?\)|\w+)?(:(//|\\/\\/))?\.[*+]\$?$|^\^?\.[*+]\$?$")


def any_origin(value) -> bool:
    """``"*"``, or a list holding it."""
    if isinstance(value, str):
        return value.strip() == "*"
    if isinstance(value, (list, tuple)):
        return any(isinstance(v, str) and v.strip() == "*" for v in value)
    return False


def any_origin_regex(value) -> bool:
    return isinstance(value, str) and bool(ANY_ORIGIN_REGEX.match(value.strip()))


def any_origin_pattern(value) -> bool:
    """flask-cors reads each origin as a regex: ``"*"``, ``r".*"`` or a list holding one accepts every origin."""
    values = value if isinstance(value, (list, tuple)) else [value]
    return any(isinstance(v, str) and (v.strip() == "*" or any_origin_regex(v)) for v in values)


def starlette_cors(doc) -> list:
    """The calls that configure Starlette's ``CORSMiddleware``: ``app.add_middleware(CORSMiddleware, ...)``,
    ``Middleware(CORSMiddleware, ...)`` and ``CORSMiddleware(app, ...)``."""
    out = []
    for site in doc.calls:
        last = site.name.rsplit(".", 1)[-1]
        if last in ("add_middleware", "Middleware") and site.args and \
                (dotted(site.args[0]) or "").rsplit(".", 1)[-1] == "CORSMiddleware":
            out.append(site)
        elif last == "CORSMiddleware" and site.name.count(".") <= 1:
            out.append(site)
    return out


def flask_cors_calls(doc) -> list:
    """flask-cors' ``CORS(app, ...)`` and ``@cross_origin(...)``."""
    return [site for site in doc.calls if site.name.rsplit(".", 1)[-1] in ("CORS", "cross_origin") and
            (doc.names.get(site.name.rsplit(".", 1)[-1], "").startswith("flask_cors") or
             site.name.startswith("flask_cors"))]


def quart_cors_calls(doc) -> list:
    """quart-cors' ``cors(app, ...)`` and ``@route_cors(...)``, imported from ``quart_cors``."""
    return [site for site in doc.calls if site.name.rsplit(".", 1)[-1] in ("cors", "route_cors", "websocket_cors") and
            (doc.names.get(site.name.rsplit(".", 1)[-1], "").startswith("quart_cors") or
             site.name.startswith("quart_cors"))]


def starlette_credentials(doc, project, site) -> bool:
    from .python_settings import project_value
    if "allow_credentials" not in site.kwargs:
        return False
    return truthy(project_value(doc, project, site.kwargs["allow_credentials"]).value) is True


def flask_cors_credentials(doc, project, site) -> bool:
    """``supports_credentials=True`` on the call, or ``CORS_SUPPORTS_CREDENTIALS`` in the app's configuration
    when the call leaves it out."""
    from .python_settings import flask_config
    if "supports_credentials" in site.kwargs:
        return truthy(resolve(doc, site.kwargs["supports_credentials"]).value) is True
    return any(b.name == "CORS_SUPPORTS_CREDENTIALS" and truthy(b.value) is True for b in flask_config(doc, project))


def flask_configuration_credentials(doc, project) -> bool:
    """Credentials allowed for the flask-cors configuration this file writes: ``CORS_SUPPORTS_CREDENTIALS`` in the
    app's configuration, or ``supports_credentials=True`` given to the extension's ``init_app`` here (Lemur's
    ``cors.init_app(app, resources=r"/api/*", supports_credentials=True)`` beside its ``CORS_ORIGINS`` default)."""
    from .python_settings import flask_config
    if any(b.name == "CORS_SUPPORTS_CREDENTIALS" and truthy(b.value) is True for b in flask_config(doc, project)):
        return True
    return any(site.name.endswith("init_app") and "supports_credentials" in site.kwargs and
               truthy(resolve(doc, site.kwargs["supports_credentials"]).value) is True for site in doc.calls)


def django_cors_credentials(settings) -> bool:
    """django-cors-headers' ``CORS_ALLOW_CREDENTIALS`` in the effective settings."""
    b = settings.get("CORS_ALLOW_CREDENTIALS")
    return b is not None and truthy(b.value) is True
