"""Database and Redis clients of a Python backend, and whether one is made on every request.

A client made at module level, in an app factory or a start-up hook is made once; one made in a request
handler, or in a helper handlers call or name as a FastAPI dependency, is made per request, unless it is
kept beyond the call (``g.db``, a ``global``, ``@lru_cache``).
"""
from __future__ import annotations

import ast
import re

from .python import enclosing_function, python_model
from .python_handlers import request_handler

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
    if any((_dotted(d.func if isinstance(d, ast.Call) else d) or "") in _CACHED for d in function.decorator_list):
        return True
    return _kept(function, site.node)


def _kept(function, call) -> bool:
    """The value of ``call`` is stored beyond the function's run: on an object (``g.db``, ``app.state.x``,
    ``self._pool``), in a container, or in a ``global`` / ``nonlocal`` name; directly, through a local name or
    wrapped by another call (the lazy singleton: ``global _conn; if _conn is None: client = build(); _conn =
    Wrapper(client)``, made on the first request and kept for the process)."""
    shared = {n for stmt in ast.walk(function) if isinstance(stmt, (ast.Global, ast.Nonlocal)) for n in stmt.names}
    assigns = [node for node in ast.walk(function)
               if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and node.value is not None]
    local = {t.id for node in assigns if isinstance(node, ast.Assign) and _holds(node.value, call)
             for t in node.targets if isinstance(t, ast.Name) and t.id not in shared}
    for node in assigns:
        if _holds(node.value, call) or _wraps(node.value, call, local):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, (ast.Attribute, ast.Subscript)) or isinstance(t, ast.Name) and t.id in shared
                   for t in targets):
                return True
    return False


def _wraps(value, call, local: set) -> bool:
    """``value`` is a call taking ``call``'s client as an argument, itself or through a local name holding it
    (``Wrapper(client)``, ``Wrapper(connect())``)."""
    while isinstance(value, ast.Await):
        value = value.value
    if not isinstance(value, ast.Call):
        return False
    args = [*value.args, *(k.value for k in value.keywords)]
    return any(_holds(a, call) or isinstance(a, ast.Name) and a.id in local or _wraps(a, call, local) for a in args)


def _holds(value, call) -> bool:
    """``value`` is the call, or the call under ``await`` / ``or`` (``g.db = g.get("db") or connect()``)."""
    while isinstance(value, ast.Await):
        value = value.value
    if value is call:
        return True
    return isinstance(value, ast.BoolOp) and any(_holds(v, call) for v in value.values)


def per_request(doc, project, site) -> str | None:
    """The name of the function that makes ``site``'s client on every request: a request handler holding the
    call, or a helper such handlers call (directly or through one more helper of their own) or name as a
    FastAPI dependency (``Depends(get_conn)``), in this file or another module. None when the
    client is made once (module level, app factory, start-up hook) or reused (:func:`reused`). A client an
    ``__init__`` stores on ``self`` is made per request when handlers create the instance: the class is named."""
    function = enclosing_function(doc, site.node)
    if function is None or "connection_pool" in site.kwargs:
        return None  # ``redis.Redis(connection_pool=POOL)``: a light client over a pool made once, as redis-py advises
    owner = _initialised_class(doc, function, site.node)
    if owner is not None:
        # ``self.conn = connect()`` in ``__init__``: made once per instance, so per request when handlers
        # create the instance (``repo = UserRepo()``), once when the module keeps one
        return owner if _called_per_request(doc, project, owner, 0) else None
    if reused(doc, site):
        return None
    if request_handler(doc, function):
        return function.name
    if function not in doc.module.body:
        return None  # a nested function or a method: who calls it is not followed
    return function.name if _called_per_request(doc, project, function.name, 0) else None


def _initialised_class(doc, function, call) -> str | None:
    """The module-level class whose ``__init__`` stores the client on ``self``."""
    if function.name != "__init__" or not function.args.args or function.args.args[0].arg != "self":
        return None
    stored = any(isinstance(node, ast.Assign) and _holds(node.value, call) and
                 any(isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self"
                     for t in node.targets) for node in ast.walk(function))
    if not stored:
        return None
    for node in doc.module.body:
        if isinstance(node, ast.ClassDef) and function in node.body:
            return node.name
    return None


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
            if model.origin(caller_doc, _dotted(use) or "") != (doc.rel, name):
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


def _dotted(node) -> str | None:
    from ..parsers.python import dotted
    return dotted(node)
