"""Which functions of a Python backend answer requests: routes, request hooks, class-based views, views taking
``request`` (Django, Starlette), and of those the ones that answer only their own routes."""
from __future__ import annotations

import ast

from ..lazyre import lazy

_ROUTE_DECORATORS = ("route", "get", "post", "put", "patch", "delete", "head", "options", "api_route",
                     "websocket", "before_request", "before_app_request", "api_view")
_VIEW_METHODS = ("get", "post", "put", "patch", "delete", "head", "options", "list", "create", "retrieve",
                 "update", "partial_update", "destroy", "dispatch")
_VIEW_BASE = lazy(r"(View|ViewSet|Resource|Handler|Endpoint|Consumer)$")


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
