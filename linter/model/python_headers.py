"""Security headers a Python backend sends or switches off: Content-Security-Policy sources, the frame and
MIME-sniffing headers, as flask-talisman, Django, django-csp and the app's own code write them.

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


def assembled_policy(function, expr) -> str | None:
    """The text of a header value a function builds in steps from literals: ``csp = "default-src " + " ".join(
    sources)`` then ``csp += "; img-src 'self'"``, with ``sources = [...] + ["'self'", "'unsafe-eval'"]``
    (calibre-web's ``after_request`` hook). Only statements of the function's own body count (an addition under
    an ``if`` is one request's), in order, up to the line that sends the header; what the code computes shows as
    ``?``. None when ``expr`` is no name the function builds that way."""
    if not isinstance(expr, ast.Name) or function is None:
        return None
    lists: dict[str, list[str]] = {}
    text = None
    for stmt in function.body:
        if stmt.lineno >= expr.lineno:
            break
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            name, value = stmt.targets[0].id, stmt.value
            items = _list_items(value, lists)
            if items is not None:
                lists[name] = items
            if name == expr.id:
                text = _text(value, lists)
        elif isinstance(stmt, ast.AugAssign) and isinstance(stmt.op, ast.Add) and \
                isinstance(stmt.target, ast.Name) and stmt.target.id == expr.id and text is not None:
            text += _text(stmt.value, lists)
    return text if text and "?" != text.strip() else None


def _list_items(node, lists) -> list[str] | None:
    """The strings of a list display (``?`` for computed items), of lists joined with ``+``, or of a list name."""
    if isinstance(node, (ast.List, ast.Tuple)):
        return [e.value if isinstance(e, ast.Constant) and isinstance(e.value, str) else "?" for e in node.elts]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _list_items(node.left, lists), _list_items(node.right, lists)
        if left is not None or right is not None:
            return (left or ["?"]) + (right or ["?"])
        return None
    if isinstance(node, ast.Name):
        return lists.get(node.id)
    if isinstance(node, (ast.ListComp, ast.GeneratorExp)):
        return ["?"]
    return None


def _text(node, lists) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _text(node.left, lists) + _text(node.right, lists)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join" and \
            isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str) and node.args:
        items = _list_items(node.args[0], lists)
        if items is not None:
            return node.func.value.value.join(items)
    return " ? "
