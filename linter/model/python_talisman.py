"""flask-talisman as applied to a Flask app: which calls configure it, and what their options are worth.

flask-talisman is configured where it is applied to an app (wntrblm/flask-talisman, talisman.py):

    Talisman(app, force_https=False)          # __init__ passes its keywords to init_app when app is given
    talisman = Talisman()                     # no app: keywords given here are dropped, nothing is applied
    talisman.init_app(app, force_https=False)

``Talisman`` counts only when the file imports it from ``flask_talisman`` (a project's own ``Talisman``
class is something else); an ``init_app`` counts when its receiver is a Talisman made in this file or
imported from the module that makes it (``from .extensions import talisman``). The per-view decorator
``@talisman(force_https=False)`` is not an application: it exempts one view.
"""
from __future__ import annotations

import ast

from .python import UNKNOWN, Binding, python_model, resolve_at

_CLASSES = ("flask_talisman.Talisman", "flask_talisman.talisman.Talisman")


def talisman_applications(doc, project) -> list:
    """The calls of this file that apply flask-talisman to an app with their own options: ``Talisman(app,
    ...)`` (``app=`` too) and ``<a Talisman>.init_app(app, ...)``."""
    cached = doc.__dict__.get("_py_talisman")
    if cached is not None:
        return cached
    out = []
    for site in doc.calls:
        if _is_talisman_class(doc, site.name):
            if site.args or "app" in site.kwargs:
                out.append(site)
        elif site.name.endswith(".init_app") and (site.args or "app" in site.kwargs) and \
                _is_instance(doc, project, site.name[:-len(".init_app")]):
            out.append(site)
    doc.__dict__["_py_talisman"] = out
    return out


def talisman_option(doc, project, site, name: str) -> Binding | None:
    """The value an application gives an option, where a reviewer changes it: the keyword in the call when the
    value is written in this file (a literal, a constant, a name the function assigns once before the call),
    else where a settings object of another module sets it (``force_https=settings.FORCE_HTTPS``). None when
    the call leaves the option at flask-talisman's
    default, and when the value is not known or depends on the environment (``os.getenv(...)``): which
    value production runs with is then not in the repository."""
    from .python_settings import project_value
    found = _written(doc, site, name)
    if found is None:
        return None
    anchor, expr = found
    value = project_value(doc, project, expr)
    if not value.known and isinstance(expr, ast.Name):
        # ``csp = {...}`` in the app factory, then ``Talisman(app, content_security_policy=csp)``
        local = resolve_at(doc, expr, site.node)
        if local.value is not UNKNOWN and not local.env:
            return Binding(name, local.value, doc.rel, doc.span(anchor), doc.span(anchor))
    if not value.known or value.env:
        return None
    if value.path != doc.rel:
        return value
    return Binding(name, value.value, doc.rel, doc.span(anchor), doc.span(anchor))


def _written(doc, site, name: str):
    """(the keyword or dict key that sets the option, its value expression), or None. ``**OPTIONS`` counts
    when OPTIONS is a dict display assigned once at module level in this file (``OPTIONS = {"force_https":
    False}``, ``dict(force_https=False)``)."""
    for keyword in site.node.keywords:
        if keyword.arg == name:
            return keyword, keyword.value
    for keyword in site.node.keywords:
        if keyword.arg is None and isinstance(keyword.value, ast.Name):
            found = _spread_key(doc, keyword.value.id, name)
            if found is not None:
                return found
    return None


def _spread_key(doc, variable: str, name: str):
    from ..parsers.python import literal
    assigned = [a for a in doc.assigned(variable) if a.module_level]
    if len(assigned) != 1:
        return None
    value = assigned[0].value
    if isinstance(value, ast.Dict):
        for key, item in zip(value.keys, value.values):
            if key is not None and literal(key) == name:
                return key, item
    elif isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "dict":
        for keyword in value.keywords:
            if keyword.arg == name:
                return keyword, keyword.value
    return None


def _is_talisman_class(doc, callee: str) -> bool:
    """``Talisman`` / ``flask_talisman.Talisman`` / an alias, as this file imports it."""
    first, dot, rest = callee.partition(".")
    return f"{doc.names.get(first, first)}{dot}{rest}" in _CLASSES and \
        any(m.split(".")[0] == "flask_talisman" for m in doc.imports)


def _is_instance(doc, project, receiver: str, depth: int = 0) -> bool:
    """Whether ``receiver`` names a Talisman object: assigned from ``Talisman(...)`` in this file, or
    imported from the module where it is."""
    from ..parsers.python import dotted
    if depth > 2:
        return False
    if any(isinstance(a.value, ast.Call) and _is_talisman_class(doc, dotted(a.value.func) or "")
           for a in doc.assigned(receiver)):
        return True
    imported = doc.names.get(receiver)
    if not imported or "." not in imported:
        return False
    module, _, name = imported.rpartition(".")
    model = python_model(project)
    rel = model.module_file("." + module, doc.rel) or model.module_file(module, doc.rel)
    if rel is None or rel == doc.rel:
        return False
    target = model._parse(rel)
    return target is not None and target.module is not None and _is_instance(target, project, name, depth + 1)
