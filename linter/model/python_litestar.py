"""Litestar's routes and the access control around them.

A Litestar route is a handler decorator imported from ``litestar`` (``@get("/x")``, ``@post``, ``@route(...,
http_method=...)``, ``@websocket``), written on a module-level function or on a method of a ``Controller`` whose
``path`` prefixes it. Guards (``guards=[...]``) are Litestar's authorization hook: a guard raises
``NotAuthorizedException`` for a caller it refuses, so any guard on the handler, its controller, a ``Router`` or the
``Litestar`` app listing it makes the route one that checks the caller. The security backends (``JWTAuth``,
``SessionAuth``, ...) authenticate every route of the app they are installed on.
"""
from __future__ import annotations

import ast

from ..parsers.python import dotted, literal

_HANDLERS = {"get", "post", "put", "patch", "delete", "head", "route", "websocket", "websocket_listener"}
_ROOTS = ("litestar", "starlite")  # Starlite is Litestar's name before 2.0
# security backends whose ``on_app_init`` / ``middleware`` authenticate every route not excluded
AUTH_BACKENDS = ("JWTAuth", "JWTCookieAuth", "OAuth2PasswordBearerAuth", "SessionAuth")


def imported_name(doc, name: str) -> str:
    """The dotted name a local name of ``doc`` stands for: ``get`` -> ``litestar.get``."""
    head, _, rest = name.partition(".")
    full = doc.names.get(head, head)
    return f"{full}.{rest}" if rest else full


def from_litestar(doc, name: str) -> bool:
    return imported_name(doc, name).split(".")[0] in _ROOTS


def is_handler(doc, site) -> bool:
    """Whether a call is one of Litestar's route handler decorators."""
    return site.name.rsplit(".", 1)[-1] in _HANDLERS and from_litestar(doc, site.name) and \
        not site.in_function


def controller_of(doc, definition):
    """The module-level class whose body holds ``definition`` when it is a controller (a class whose bases
    end in ``Controller``: Litestar's own or a project base built on it), else None."""
    if doc.module is None:
        return None
    for node in doc.module.body:
        if isinstance(node, ast.ClassDef) and definition in node.body:
            return node if any((dotted(b) or "").endswith("Controller") for b in node.bases) else None
    return None


def class_value(cls, name: str):
    """The expression a class body assigns to ``name`` (``path = "/x"``, ``guards: list = [...]``)."""
    for stmt in cls.body:
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets):
            return stmt.value
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.target.id == name:
            return stmt.value
    return None


def handler_paths(doc, site, definition) -> list[str]:
    """The paths a handler decorator serves: its own (``"/"`` when it names none), under its controller's
    ``path``. Empty when a path is not a literal."""
    given = site.args[0] if site.args else site.kwargs.get("path")
    value = "/" if given is None else literal(given)
    paths = [value] if isinstance(value, str) else list(value) if isinstance(value, (list, tuple)) else []
    if not paths or not all(isinstance(p, str) for p in paths):
        return []
    cls = controller_of(doc, definition) if definition is not None else None
    prefix = _template(class_value(cls, "path")) if cls is not None else ""
    return [_join(prefix, p) for p in paths]


def _template(expr) -> str:
    """A controller's ``path`` as written: ``f"{urls.ADMIN}/tasks"`` keeps its placeholder, so the segments
    it spells out still name the route."""
    if expr is None:
        return ""
    value = literal(expr)
    if isinstance(value, str):
        return value
    if isinstance(expr, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{" + ast.unparse(v.value) + "}"
                       for v in expr.values)
    return "{" + ast.unparse(expr) + "}"


def _join(prefix: str, path: str) -> str:
    return "/" + "/".join(s for s in (prefix.strip("/"), path.strip("/")) if s)


def guards_given(expr) -> bool:
    """A ``guards=`` value that installs a guard: a non-empty list, or an expression not written out."""
    if expr is None or isinstance(expr, ast.Constant) and expr.value is None:
        return False
    if isinstance(expr, (ast.List, ast.Tuple)):
        return bool(expr.elts)
    return True


def locally_guarded(doc, site, definition) -> bool:
    """Guards on the handler decorator or on its controller (or a controller base of the same module)."""
    if guards_given(site.kwargs.get("guards")) or site.star_kwargs:
        return True
    cls = controller_of(doc, definition) if definition is not None else None
    seen = set()
    while cls is not None and cls.name not in seen:
        seen.add(cls.name)
        if guards_given(class_value(cls, "guards")):
            return True
        bases = {dotted(b) for b in cls.bases}
        cls = next((n for n in doc.module.body if isinstance(n, ast.ClassDef) and n.name in bases), None)
    return False


def handler_key(doc, definition):
    """What a ``route_handlers=[...]`` list names for this handler: its controller class or its function."""
    cls = controller_of(doc, definition)
    owner = cls if cls is not None else definition
    return (doc.rel, owner.name) if owner in doc.module.body else None
