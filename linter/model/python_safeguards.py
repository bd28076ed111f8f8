"""Safeguards a Python backend switches off: Content-Security-Policy sources, the frame and MIME-sniffing
headers, request body limits, and database clients made per request.

What each framework's switch means (the rules judge with these facts, so the knowledge lives here once):

- flask-talisman sends a header only when its option is truthy (``content_security_policy``,
  ``frame_options``, ``content_type_nosniff``): None, False or ``""`` switch it off;
- Django's ``X_FRAME_OPTIONS`` is sent as written, and browsers honour only ``DENY`` and ``SAMEORIGIN``;
- a CSP ``frame-ancestors`` directive replaces X-Frame-Options in current browsers;
- ``'unsafe-inline'`` is ignored by browsers when the same directive lists a nonce, a hash or
  ``'strict-dynamic'``.
"""
from __future__ import annotations

import ast
import re

from ..lazyre import lazy
from .python import UNKNOWN, enclosing_function, python_model

# ---- Content-Security-Policy ------------------------------------------------------------------------------
UNSAFE_SCRIPT_SOURCES = ("'unsafe-inline'", "'unsafe-eval'", "*")
_NONCE_OR_HASH = lazy(r"'(nonce-|sha256-|sha384-|sha512-|strict-dynamic)", re.I)


def csp_directives(value) -> dict[str, list[str] | None] | None:
    """{directive: [sources]} of a policy written as flask-talisman, django-csp 4 (``DIRECTIVES``) and Django
    6's ``SECURE_CSP`` take it: a dict of directive -> sources (a list, or one space-separated string) or
    the header's text (``"default-src 'self'; script-src 'self'"``). A directive whose sources are not all
    literal maps to None; the result is None when the value is no policy at all."""
    if isinstance(value, str):
        out = {}
        for part in value.split(";"):
            words = part.split()
            if words:
                out[words[0].lower()] = words[1:]
        return out
    if not isinstance(value, dict):
        return None
    if isinstance(value.get("DIRECTIVES"), dict):  # django-csp 4: CONTENT_SECURITY_POLICY = {"DIRECTIVES": ...}
        value = value["DIRECTIVES"]
    out = {}
    for key, sources in value.items():
        if not isinstance(key, str):
            continue
        if isinstance(sources, str):
            out[key.lower()] = sources.split()
        elif isinstance(sources, list) and all(isinstance(s, str) for s in sources):
            out[key.lower()] = [word for s in sources for word in s.split()]
        else:
            out[key.lower()] = None  # written, but not as literals (``[SELF, NONCE]`` from csp.constants)
    return out


def unsafe_script_sources(directives: dict[str, list[str] | None], nonce_in=()) -> list[tuple[str, str]]:
    """(directive, source) of what lets injected scripts run: ``'unsafe-inline'``, ``'unsafe-eval'`` or ``*`` in
    ``script-src``, else in ``default-src`` when there is no ``script-src``. ``nonce_in``: directives the
    framework adds a nonce to (django-csp's ``CSP_INCLUDE_NONCE_IN``, flask-talisman's
    ``content_security_policy_nonce_in``)."""
    name = "script-src" if "script-src" in directives else "default-src"
    sources = directives.get(name)
    if not sources:
        return []
    nonced = name in nonce_in or any(_NONCE_OR_HASH.match(s) for s in sources)
    return [(name, s.lower()) for s in sources
            if s.lower() in UNSAFE_SCRIPT_SOURCES and not (nonced and s.lower() == "'unsafe-inline'")]


def header_values(doc, header: str) -> list:
    """Expressions this file sends as the response header ``header`` (any case): ``response.headers[h] = v``,
    ``response[h] = v`` (Django), ``headers.setdefault(h, v)`` / ``.set`` / ``.add``, and ``{h: v}`` dict
    displays (``Response(headers={...})``, a middleware's header table)."""
    wanted = header.lower()
    out = [a.value for a in doc.assignments
           if a.target.endswith("]") and a.target.rsplit("[", 1)[-1][:-1].lower() == wanted]
    for site in doc.calls:
        if site.name.rsplit(".", 1)[-1] in ("setdefault", "set", "add", "add_header") and len(site.args) >= 2 and \
                isinstance(site.args[0], ast.Constant) and str(site.args[0].value).lower() == wanted:
            out.append(site.args[1])
    out.extend(value for key, value, _ in doc.pairs if key.lower() == wanted)
    return out


def switched_off(value) -> bool:
    """An option flask-talisman (or Django) reads as "do not send the header": None, False, ``""``."""
    return value is None or value is False or value == ""


FRAME_OPTIONS_HONOURED = ("DENY", "SAMEORIGIN")

# ---- request bodies ------------------------------------------------------------------------------------
# Django: None lifts the limit. Flask: MAX_CONTENT_LENGTH None (its default) reads any body; MAX_FORM_MEMORY_SIZE
# (Flask 3.1) caps the non-file part of a form
DJANGO_BODY_LIMITS = ("DATA_UPLOAD_MAX_MEMORY_SIZE",)
DJANGO_COUNT_LIMITS = ("DATA_UPLOAD_MAX_NUMBER_FIELDS", "DATA_UPLOAD_MAX_NUMBER_FILES")
FLASK_BODY_LIMITS = ("MAX_CONTENT_LENGTH", "MAX_FORM_MEMORY_SIZE")


def byte_size(value) -> int | None:
    """Bytes a limit setting holds: an int, or digits written as a string; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


# ---- database clients ----------------------------------------------------------------------------------
# callee (as imported) -> (driver, what to create once instead). sqlite3 is left out: opening a local file is
# cheap, and a connection per request (Flask's tutorial, kept on ``g``) is how SQLite is meant to be used
DB_CLIENTS = {
    "psycopg2.connect": ("psycopg2", "a psycopg2.pool.ThreadedConnectionPool created once"),
    "psycopg.connect": ("psycopg", "a psycopg_pool.ConnectionPool created once"),
    "psycopg.Connection.connect": ("psycopg", "a psycopg_pool.ConnectionPool created once"),
    "psycopg.AsyncConnection.connect": ("psycopg", "a psycopg_pool.AsyncConnectionPool created once"),
    "asyncpg.connect": ("asyncpg", "asyncpg.create_pool() awaited once at start-up"),
    "asyncpg.create_pool": ("asyncpg", "asyncpg.create_pool() awaited once at start-up"),
    "pymysql.connect": ("PyMySQL", "a pool created once (SQLAlchemy's create_engine, or DBUtils' PooledDB)"),
    "pymysql.Connect": ("PyMySQL", "a pool created once (SQLAlchemy's create_engine, or DBUtils' PooledDB)"),
    "pymysql.connections.Connection": ("PyMySQL", "a pool created once (SQLAlchemy's create_engine)"),
    "MySQLdb.connect": ("mysqlclient", "a pool created once (SQLAlchemy's create_engine, or DBUtils' PooledDB)"),
    "MySQLdb.Connect": ("mysqlclient", "a pool created once (SQLAlchemy's create_engine, or DBUtils' PooledDB)"),
    "mysql.connector.connect": ("mysql-connector", "mysql.connector.pooling.MySQLConnectionPool created once"),
    "aiomysql.connect": ("aiomysql", "aiomysql.create_pool() awaited once at start-up"),
    "aiomysql.create_pool": ("aiomysql", "aiomysql.create_pool() awaited once at start-up"),
    "pymongo.MongoClient": ("MongoDB", "one MongoClient created at start-up (it pools connections itself)"),
    "pymongo.mongo_client.MongoClient": ("MongoDB", "one MongoClient created at start-up (it pools connections)"),
    "motor.motor_asyncio.AsyncIOMotorClient": ("MongoDB", "one AsyncIOMotorClient created at start-up"),
    "redis.Redis": ("Redis", "one client created at start-up (it holds a connection pool)"),
    "redis.StrictRedis": ("Redis", "one client created at start-up (it holds a connection pool)"),
    "redis.from_url": ("Redis", "one client created at start-up (it holds a connection pool)"),
    "redis.Redis.from_url": ("Redis", "one client created at start-up (it holds a connection pool)"),
    "redis.client.Redis": ("Redis", "one client created at start-up (it holds a connection pool)"),
    "redis.asyncio.Redis": ("Redis", "one client created at start-up (it holds a connection pool)"),
    "redis.asyncio.from_url": ("Redis", "one client created at start-up (it holds a connection pool)"),
    "redis.asyncio.Redis.from_url": ("Redis", "one client created at start-up (it holds a connection pool)"),
    "aioredis.from_url": ("Redis", "one client created at start-up (it holds a connection pool)"),
    "aioredis.Redis": ("Redis", "one client created at start-up (it holds a connection pool)"),
    "sqlalchemy.create_engine": ("SQLAlchemy", "one engine created at module level or in the app factory "
                                               "(the engine is the pool)"),
    "sqlalchemy.ext.asyncio.create_async_engine": ("SQLAlchemy", "one engine created at module level or in the "
                                                                 "app factory (the engine is the pool)"),
}

_ROUTE_DECORATORS = ("route", "get", "post", "put", "patch", "delete", "head", "options", "api_route",
                     "websocket", "before_request", "before_app_request", "api_view")
_VIEW_METHODS = ("get", "post", "put", "patch", "delete", "head", "options", "list", "create", "retrieve",
                 "update", "partial_update", "destroy", "dispatch")
_VIEW_BASE = lazy(r"(View|ViewSet|Resource|Handler|Endpoint|Consumer)$")
_CACHED = ("lru_cache", "cache", "cached", "functools.lru_cache", "functools.cache")


def db_client(doc, site) -> tuple[str, str] | None:
    """(driver, remedy) when ``site`` creates a database or Redis client or pool, as the file imports it."""
    head, dot, rest = site.name.partition(".")
    imported = doc.names.get(head)
    if imported is None and any(m == head or m.startswith(head + ".") for m in doc.imports):
        imported = head  # ``import psycopg2`` / ``import redis.asyncio``
    if imported is None:
        return None  # a local name, or a module the file never imports: not the driver's
    return DB_CLIENTS.get(f"{imported}{dot}{rest}")


def reused(doc, site) -> bool:
    """The client outlives the call: stored on an object (``g.db = connect()``, ``app.state.redis = ...``), in a
    ``global``, or made by a function cached for the process (``@lru_cache``)."""
    function = enclosing_function(doc, site.node)
    if function is None:
        return True
    if any((_dotted_name(d.func if isinstance(d, ast.Call) else d) or "") in _CACHED for d in function.decorator_list):
        return True
    return _kept(function, site.node)


def _kept(function, call) -> bool:
    """The value of ``call`` is stored beyond the function's run: on an object (``g.db``, ``app.state.x``,
    ``self._pool``), in a container, or in a ``global`` / ``nonlocal`` name."""
    shared = {n for stmt in ast.walk(function) if isinstance(stmt, (ast.Global, ast.Nonlocal)) for n in stmt.names}
    for node in ast.walk(function):
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and node.value is not None and \
                _holds(node.value, call):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, (ast.Attribute, ast.Subscript)) or isinstance(t, ast.Name) and t.id in shared
                   for t in targets):
                return True
    return False


def _holds(value, call) -> bool:
    """``value`` is the call, or the call under ``await`` / ``or`` (``g.db = g.get("db") or connect()``)."""
    while isinstance(value, ast.Await):
        value = value.value
    if value is call:
        return True
    return isinstance(value, ast.BoolOp) and any(_holds(v, call) for v in value.values)


def _dotted_name(node) -> str | None:
    from ..parsers.python import dotted
    return dotted(node)


def _methods_index(doc) -> dict:
    """id(def) -> the class whose body defines it."""
    index = doc.__dict__.get("_py_method_classes")
    if index is None:
        index = {}
        for node in ast.walk(doc.module) if doc.module is not None else ():
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        index[id(item)] = node
        doc.__dict__["_py_method_classes"] = index
    return index


def request_handler(doc, function) -> bool:
    """Whether a ``def`` runs once per request: a route (``@app.route``, ``@router.get("/x")``,
    ``@bp.before_request``, DRF's ``@api_view``), a method of a class-based view (``get``/``post``... of a
    ``View``/``APIView``/``MethodView``/``ViewSet``/flask-restful ``Resource``), or a module-level view whose
    first parameter is ``request`` (Django, Starlette)."""
    from ..parsers.python import literal
    for d in function.decorator_list:
        call = d if isinstance(d, ast.Call) else None
        target = call.func if call is not None else d
        name = _dotted_name(target) or ""
        last = name.rsplit(".", 1)[-1]
        if last not in _ROUTE_DECORATORS:
            continue
        if last in ("before_request", "before_app_request") and "." in name:
            return True
        if last == "api_view":
            return True
        if call is not None and "." in name and (
                call.args and isinstance(literal(call.args[0]), str) or
                any(k.arg in ("path", "rule") for k in call.keywords) or last == "route" and not call.args):
            return True
    owner = _methods_index(doc).get(id(function))
    if owner is not None:
        bases = doc.classes.get(owner.name, [])
        return function.name in _VIEW_METHODS and any(_VIEW_BASE.search(b.rsplit(".", 1)[-1]) for b in bases)
    params = function.args.posonlyargs + function.args.args
    return function in doc.module.body and bool(params) and params[0].arg == "request"


def route_handler(doc, function) -> bool:
    """A :func:`request_handler` that answers the requests of its own routes only: not a hook or a middleware
    (``@app.middleware("http")``, ``(request, call_next)``), which every request of the app passes through."""
    if any((_dotted_name(d.func if isinstance(d, ast.Call) else d) or "").rsplit(".", 1)[-1] in
           ("middleware", "before_request", "before_app_request") for d in function.decorator_list):
        return False
    names = {a.arg for a in function.args.posonlyargs + function.args.args}
    return "call_next" not in names and "get_response" not in names and request_handler(doc, function)


def per_request(doc, project, site) -> str | None:
    """The name of the function that makes ``site``'s client on every request: a request handler holding the
    call, or a helper such handlers call (directly or through one more helper of their own) or name as a
    FastAPI dependency (``Depends(get_conn)``), in this file or another module. None when the
    client is made once (module level, app factory, start-up hook) or reused (:func:`reused`)."""
    function = enclosing_function(doc, site.node)
    if function is None or "connection_pool" in site.kwargs or reused(doc, site):
        return None  # ``redis.Redis(connection_pool=POOL)``: a light client over a pool made once, as redis-py advises
    if request_handler(doc, function):
        return function.name
    if function not in doc.module.body:
        return None  # a nested function or a method: who calls it is not followed
    return function.name if _called_per_request(doc, project, function.name, 0) else None


def _called_per_request(doc, project, name: str, depth: int) -> bool:
    model = python_model(project)
    cache = project.models.get("python-per-request-helpers", dict)
    key = (doc.rel, name)
    if key in cache:
        return cache[key]
    cache[key] = False  # a cycle of helpers calling each other is no request
    # any production module may import the helper (a package's own requirements.txt makes it a backend of
    # its own for other questions); the import, followed back, must name this very function
    word = re.compile(rf"\b{re.escape(name)}\b")
    found = False
    for file in sorted(project.files, key=lambda f: f.rel):
        if found:
            break
        if file.kind != "python" or file.role != "production" or not word.search(model._text(file.rel)):
            continue
        caller_doc = doc if file.rel == doc.rel else model._parse(file.rel)
        if caller_doc is None or caller_doc.module is None:
            continue
        for use, call in _uses(caller_doc, name):
            if model.origin(caller_doc, _dotted_name(use) or "") != (doc.rel, name):
                continue
            if call is None:  # ``Depends(name)``: FastAPI calls it for every request that needs it
                found = True
                break
            caller = enclosing_function(caller_doc, use)
            if caller is None or caller.name == name or _kept(caller, call):
                continue  # ``g.db = connect_db()``: one connection kept for the request, closed in teardown
            if request_handler(caller_doc, caller) or depth < 1 and caller in caller_doc.module.body and \
                    _called_per_request(caller_doc, project, caller.name, depth + 1):
                found = True
                break
    cache[key] = found
    return found


def _uses(doc, name: str) -> list:
    """(expression, call) of each place ``doc`` calls ``name`` (``name()``, ``db.name()``), and (expression,
    None) where it passes ``name`` to ``Depends``."""
    index = doc.__dict__.get("_py_name_uses")
    if index is None:
        index = {}
        for node in ast.walk(doc.module):
            if isinstance(node, ast.Call):
                index.setdefault(_last(node.func), []).append((node.func, node))
                if _last(node.func) == "Depends" and node.args:
                    index.setdefault(_last(node.args[0]), []).append((node.args[0], None))
        doc.__dict__["_py_name_uses"] = index
    return index.get(name, [])


def _last(node) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


__all__ = ["UNKNOWN", "UNSAFE_SCRIPT_SOURCES", "csp_directives", "header_values", "unsafe_script_sources",
           "switched_off", "FRAME_OPTIONS_HONOURED", "DJANGO_BODY_LIMITS", "DJANGO_COUNT_LIMITS", "FLASK_BODY_LIMITS",
           "byte_size", "DB_CLIENTS", "db_client", "reused", "request_handler", "route_handler", "per_request"]
