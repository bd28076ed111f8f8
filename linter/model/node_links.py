"""Options objects written in one module of a Node package and passed to a library in another.

Real backends keep their settings in a config module (`src/config/index.js`, `config/session.ts`) that the
file creating the app or the client imports: `session(sessionConfig, app)`, `new Redis(config.redis)`,
`cors(corsOptions)`. The call says what the object is for; the config module says what is in it. A rule
judging the call follows the import to the object (:func:`imported_object`) and reports where the values
are written, in the config module.

This module reads a file's analysis only through its methods (node.py imports it, not the other way).
"""
from __future__ import annotations

from pathlib import PurePosixPath


def _text(node) -> str:
    return node.text.decode("utf-8", "replace") if node is not None else ""


_EXTENSIONS = (".ts", ".js", ".mts", ".mjs", ".cts", ".cjs", ".tsx", ".jsx")


def imported_object(info, expr):
    """The object literal a relative import gives `expr` (a name bound to `require('./config')` or
    `import config from './config'`, and member reads on it), as an ObjectValue of the module it is written
    in; None when it is not imported from a production module of the scanned tree, or not an object literal."""
    found = imported_expression(info, expr)
    return found[0].obj(found[1]) if found is not None else None


def imported_expression(info, expr):
    """(the analysis of the module, the expression it exports) for a value a relative import gives `expr`;
    None when it is not imported from a production module of the scanned tree."""
    found = imported_value(info, expr)
    project = info.project
    target = module_file(project, info.doc.rel, found[0]) if found is not None else None
    if target is None or target == info.doc.rel:
        return None
    file = project.by_rel[target]
    if file.role != "production":
        return None
    try:
        other = info.of(project.document(file, keep=True))  # checked later: parsed once
    except Exception as exc:  # a parse error is a doc problem, not an exception: this is a model bug
        project.failures.record("node", target, exc)
        return None
    value = member(other, exported(other, found[1]), found[2])
    return (other, value) if value is not None else None


def imported_value(info, expr) -> tuple[str, str | None, tuple] | None:
    """(module specifier, exported name, member path) when ``expr`` is a value imported from a relative
    module (`config.session` with `const config = require('./config')`), else None."""
    _unwrap = info.bare
    info._decls  # the scope index the names are looked up in
    names: list[str] = []
    node = _unwrap(expr)
    for _ in range(8):
        if node is None:
            return None
        if node.type == "member_expression":
            prop = node.child_by_field_name("property")
            if prop is None or prop.type != "property_identifier":
                return None
            names.insert(0, _text(prop))
            node = _unwrap(node.child_by_field_name("object"))
            continue
        if node.type == "call_expression":  # `require('./config/session')` passed as it is
            required = info._module_of(node)
            if required is not None and required[0].startswith("."):
                return required[0], required[1], tuple(names)
            return None
        if node.type not in ("identifier", "shorthand_property_identifier"):  # `{ connection }` names one too
            return None
        decl = info.lookup(_text(node), node)
        if decl is None:
            return None
        if decl.kind == "var" and decl.value is not None and info._stable(decl):
            node = _unwrap(decl.value)
            continue
        if decl.kind == "import" and decl.module and decl.module.startswith("."):
            return decl.module, decl.imported, tuple(names)
        return None
    return None


def module_file(project, from_rel: str, spec: str) -> str | None:
    """The file a relative import names, as the resolvers of Node and TypeScript find it: the path itself,
    with an extension added, a `.js` written for a `.ts` source, or a folder's index."""
    base = PurePosixPath(from_rel).parent / spec
    parts: list[str] = []
    for part in base.parts:
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part != ".":
            parts.append(part)
    target = "/".join(parts)
    stem = target
    for ext in (".js", ".mjs", ".cjs", ".jsx"):
        if target.endswith(ext):
            stem = target[:-len(ext)]
            break
    candidates = [target] + [stem + ext for ext in _EXTENSIONS] + [f"{target}/index{ext}" for ext in _EXTENSIONS]
    for rel in candidates:
        file = project.by_rel.get(rel)
        if file is not None and file.kind == "node":
            return rel
    return None


def exported(info, imported: str | None):
    """The expression a module exports under a name (None: `module.exports`, else the default export)."""
    _unwrap = info.bare
    module_exports = None
    named: dict[str, object] = {}
    for owner, value in info.assignments("exports"):
        if owner == "module":
            module_exports = value
    first = imported.split(".")[0] if imported else None
    if first:
        for owner, value in info.assignments(first):
            if owner in ("exports", "module.exports"):
                named[first] = value
    default = None
    for node in info._captures.get("export", ()):
        value = node.child_by_field_name("value")
        declaration = node.child_by_field_name("declaration")
        if value is not None and any(c.type == "default" for c in node.children):
            default = value
        elif declaration is not None:
            for child in declaration.named_children:
                if child.type == "variable_declarator":
                    name = child.child_by_field_name("name")
                    if name is not None and _text(name) == first:
                        named[first] = child.child_by_field_name("value")
        else:
            clause = next((c for c in node.named_children if c.type == "export_clause"), None)
            for spec in clause.named_children if clause is not None else ():
                local, alias = spec.child_by_field_name("name"), spec.child_by_field_name("alias")
                public = _text(alias or local)
                if local is not None and public in (first, "default"):
                    target = info.lookup(_text(local), local)
                    if target is not None and target.kind == "var":
                        if public == "default":
                            default = target.value
                        else:
                            named[first] = target.value
    if imported is None:
        return _unwrap(module_exports) if module_exports is not None else default
    rest = imported.split(".")[1:]
    value = named.get(first)
    if value is None:  # `module.exports = { session: {...} }`, or an interop default holding the name
        value = member(info, module_exports if module_exports is not None else default, (first,))
    return member(info, value, tuple(rest)) if value is not None else None


def member(info, value, path: tuple):
    """The value at ``path`` inside an object literal (`{ redis: {...} }`, ("redis",))."""
    for name in path:
        obj = info.obj(value) if value is not None else None
        if obj is None:
            return None
        value = obj.get(name)
    return value
