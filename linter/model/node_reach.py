"""Connection helpers that request handlers call: a single-connection client opened per request.

Real backends often keep the client in a helper (`withClient(fn)`, `getConnection()`) in a db module that
every route module imports: `new Client(cfg); await client.connect(); ... finally client.end()`. The helper
is not a handler, so the handler test alone misses it; it opens a connection each time it is called, and
it is called once per request when a handler calls it, directly or through one helper of its own
(`router.get('/orders', (req, res) => repo.list())`, `list() { return withClient(...) }`).

One index per package, built only when a module defines such a helper: the helpers (files whose text
names a single-connection factory), then the modules whose text names a helper, parsed once each. A helper
called only at start-up (`main()`, a migration or seed script) is never reached from a handler.
"""
from __future__ import annotations

import re

from .node_links import imported_value, module_file

# mysql/mariadb connections connect when created; a pg Client connects when told to
_SINGLE = {"mysql.createConnection", "mysql2.createConnection", "mysql2/promise.createConnection",
           "mariadb.createConnection", "pg.Client", "pg.default.Client"}
_SINGLE_HINT = re.compile(r"\bClient\b|\bcreateConnection\b")
_CONNECTS = re.compile(r"\.\s*(connect|end)\s*\(")


def _text(node) -> str:
    return node.text.decode("utf-8", "replace") if node is not None else ""


def function_name(fn) -> str | None:
    """The name a function is called by: its declaration, the variable, property or method holding it."""
    if fn is None:
        return None
    name = fn.child_by_field_name("name")
    if name is not None:
        return _text(name)
    parent = fn.parent
    while parent is not None and parent.type in ("parenthesized_expression", "as_expression"):
        parent = parent.parent
    if parent is None:
        return None
    if parent.type == "variable_declarator":
        target = parent.child_by_field_name("name")
        return _text(target) if target is not None and target.type == "identifier" else None
    if parent.type == "pair":
        return _text(parent.child_by_field_name("key")).strip("'\"") or None
    if parent.type == "assignment_expression":  # `exports.withClient = async (fn) => ...`
        left = parent.child_by_field_name("left")
        if left is not None and left.type == "member_expression":
            return _text(left.child_by_field_name("property")) or None
        if left is not None and left.type == "identifier":
            return _text(left)
    return None


def connection_helper(info, call, in_request_handler) -> str | None:
    """The name of the non-handler function that creates (and connects) a single-connection client at
    ``call``, when the client is per call: created there each time, not kept in an outer variable.
    ``in_request_handler`` is node.py's test (passed in: node.py imports this module, not the other way)."""
    if (call.qname or "") not in _SINGLE:
        return None
    fn = info.enclosing_function(call.node)
    if fn is None or in_request_handler(info, call.node):
        return None
    if call.qname.endswith("Client") and not _CONNECTS.search(_text(fn)):
        return None  # a factory that hands out an unconnected client: its caller decides when to connect
    return function_name(fn)


def _callee_key(info, call) -> tuple[str, str] | None:
    """(file, function name) a call invokes: a function of this module or one imported from a relative one."""
    callee = info.bare(call.callee)
    if callee is None:
        return None
    if callee.type == "identifier":
        decl = info.lookup(_text(callee), callee)
        if decl is not None and decl.kind in ("function", "var"):
            return info.doc.rel, _text(callee)
    found = imported_value(info, callee)
    if found is None:
        return None
    spec, imported, names = found
    target = module_file(info.project, info.doc.rel, spec)
    if target is None:
        return None
    name = names[-1] if names else (imported.split(".")[-1] if imported else _text(callee))
    return target, name


def per_request_helpers(model, scope: str, analysis, in_request_handler) -> frozenset:
    """(file, function name) of the connection helpers of a package that request handlers call."""
    project = model.project
    files = model._production_files(scope)

    def parsed(file):
        try:
            return analysis(project.document(file, keep=True), project)  # checked later: parsed once
        except Exception as exc:  # parse errors are doc problems: this is a model bug
            project.failures.record("node", file.rel, exc)
            return None

    wanted: set[tuple[str, str]] = set()
    for file in files:
        was_loaded = getattr(file, "loaded", True)
        if file.text and _SINGLE_HINT.search(file.text):
            info = parsed(file)
            for call in info.calls if info is not None else ():
                name = connection_helper(info, call, in_request_handler)
                if name:
                    wanted.add((file.rel, name))
        elif not was_loaded and hasattr(file, "release"):
            file.release()
    reached: set[tuple[str, str]] = set()
    if not wanted:
        return frozenset()
    # calls to the helpers: from a handler they are reached; from another function, that function is a helper
    # of the handlers one step further out (`repo.list()` -> `withClient()`)
    callers: dict[tuple[str, str], set] = {}
    for info, call, key in _calls_to(files, wanted, parsed):
        if in_request_handler(info, call.node):
            reached.add(key)
            continue
        caller = function_name(info.enclosing_function(call.node))
        if caller and (info.doc.rel, caller) not in wanted:
            callers.setdefault((info.doc.rel, caller), set()).add(key)
    if callers:
        for info, call, key in _calls_to(files, set(callers), parsed):
            if in_request_handler(info, call.node):
                reached |= callers[key]
    return frozenset(reached)


def _calls_to(files, wanted, parsed):
    """(analysis, call, callee key) for the calls of the package to the functions in ``wanted``; only the
    files whose text names one of them are parsed."""
    names = re.compile(r"\b(?:%s)\b" % "|".join(sorted({re.escape(n) for _, n in wanted})))
    for file in files:
        was_loaded = getattr(file, "loaded", True)
        text = file.text
        if not text or not names.search(text):
            if not was_loaded and hasattr(file, "release"):
                file.release()  # keep memory flat: the engine reads it again when it checks the file
            continue
        info = parsed(file)
        for call in info.calls if info is not None else ():
            if names.search(_text(call.callee)):
                key = _callee_key(info, call)
                if key in wanted:
                    yield info, call, key
