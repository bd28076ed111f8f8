"""Routers one module of a package mounts from another: `router.use('/settings', isAdmin, settingsRoutes)`.

Express and Koa backends keep each area's routes in a module of their own (`routes/settings/notifications.ts`
defines `/discord/test`) and mount it in another, often behind the area's authentication middleware, which
the routes module itself never names. A rule judging a route of such a module needs the mounts: which
module mounts it, and with what middleware in front. One index per package, built from the files whose text
mounts something (`.use(`), each parsed once.

The imported module is found as Node finds it (a relative specifier) or through a path alias of the package's
own (`@server/routes/settings`, `~/routes`, `#routes/x`: TypeScript `paths`, subpath imports), matched against
the package's files by the path after the alias when exactly one file fits.
"""
from __future__ import annotations

from .node_links import module_file

_EXTENSIONS = (".ts", ".js", ".mts", ".mjs", ".cts", ".cjs", ".tsx", ".jsx")


def _text(node) -> str:
    return node.text.decode("utf-8", "replace") if node is not None else ""


def _specifier(info, expr) -> str | None:
    """The module a mounted router comes from: a name bound by `import x from 'm'`, `const x = require('m')`
    (or `require('m').default`), or `require('m')` written in place."""
    node = info.bare(expr)
    for _ in range(4):
        if node is None:
            return None
        if node.type in ("call_expression", "member_expression"):
            found = info._module_of(node)
            return found[0] if found is not None else None
        if node.type != "identifier":
            return None
        decl = info.lookup(_text(node), node)
        if decl is None:
            return None
        if decl.kind == "import":
            return decl.module or None
        if decl.kind == "var" and decl.value is not None and info._stable(decl):
            node = info.bare(decl.value)
            continue
        return None
    return None


def _by_alias(rels: list[str], spec: str) -> str | None:
    """The one file of the package an aliased specifier names: `@server/routes/settings` is
    `<somewhere>/routes/settings(.ts|/index.ts)`; None when no file or several fit."""
    head, _, rest = spec.partition("/")
    if not rest or not head[:1] in ("@", "~", "#"):
        return None
    stems = {rest, f"{rest}/index"}
    found = set()
    for rel in rels:
        stem = rel
        for ext in _EXTENSIONS:
            if rel.endswith(ext):
                stem = rel[:-len(ext)]
                break
        for wanted in stems:
            if stem == wanted or stem.endswith("/" + wanted):
                found.add(rel)
    return found.pop() if len(found) == 1 else None


def mounted_file(model, scope: str, info, rel: str, expr) -> str | None:
    """The package's module a `x.use('/p', router)` mounts (``expr`` the router argument), as package_mounts
    finds it; None for a published package or a router built in place."""
    spec = _specifier(info, expr)
    if not spec:
        return None
    if spec.startswith("."):
        target = module_file(model.project, rel, spec)
    else:
        deps = model.dependencies(scope)
        first = spec.split("/")[0] if not spec.startswith("@") else "/".join(spec.split("/")[:2])
        target = None if first in deps or spec.split("/")[0] in deps else \
            _by_alias([f.rel for f in model._production_files(scope)], spec)
    return target if target != rel else None


def routes_all_guarded(model, rel: str, guards, analysis, routes) -> bool:
    """Whether a module declares routes and every one of them passes middleware ``guards`` accepts (a
    predicate on its text), or comes after a `.use(guard)` on the same router: what it serves needs a login
    wherever it is mounted (saltcorn's config router, each route behind `isAdmin`)."""
    file = model.project.by_rel.get(rel)
    if file is None or file.role != "production":
        return False
    try:
        info = analysis(model.project.document(file, keep=True), model.project)
    except Exception as exc:  # parse errors are doc problems: this is a model bug
        model.project.failures.record("node", rel, exc)
        return False
    guarded_from = {}  # receiver text -> where its first guard is installed
    for call in info.calls_with(methods=("use",)):
        if call.args and info.string(call.args[0]) is None and any(guards(_text(a)) for a in call.args):
            receiver = _text(call.receiver)
            guarded_from[receiver] = min(guarded_from.get(receiver, call.node.start_byte), call.node.start_byte)
    found = routes(info)
    if not found:
        return False
    for route in found:
        start = guarded_from.get(_text(route.call.receiver))
        if not (any(guards(_text(m)) for m in route.middleware) or
                start is not None and start < route.call.node.start_byte):
            return False
    return True


def package_mounts(model, scope: str, analysis, routes) -> tuple:
    """(mounting file, mounted file, middleware nodes' texts) for each `x.use('/p', ..., router)` of the
    package's production files whose router is a module of the same package. ``analysis`` and ``routes`` are
    node.py's (passed in: node.py imports this module, not the other way)."""
    project = model.project
    files = model._production_files(scope)
    deps = None
    rels = [f.rel for f in files]
    out = []
    for file in files:
        was_loaded = getattr(file, "loaded", True)
        text = file.text
        if not text or ".use(" not in text:
            if not was_loaded and hasattr(file, "release"):
                file.release()  # keep memory flat: the engine reads it again when it checks the file
            continue
        try:
            info = analysis(project.document(file, keep=True), project)  # checked later: parsed once
        except Exception as exc:  # parse errors are doc problems: this is a model bug
            project.failures.record("node", file.rel, exc)
            continue
        for route in routes(info):
            args = route.call.args
            if route.verb != "use" or len(args) < 2:
                continue
            spec = _specifier(info, args[-1])
            if not spec:
                continue
            if spec.startswith("."):
                target = module_file(project, file.rel, spec)
            else:
                if deps is None:
                    deps = model.dependencies(scope)
                first = spec.split("/")[0] if not spec.startswith("@") else "/".join(spec.split("/")[:2])
                # a published package (`express`, `@scope/name`) is no module of this one
                target = None if first in deps or spec.split("/")[0] in deps else _by_alias(rels, spec)
            if target is not None and target != file.rel:
                out.append((file.rel, target, tuple(_text(a) for a in args[1:-1])))
    return tuple(out)


def guarded_modules(mounts, guards) -> frozenset:
    """The modules mounted behind middleware ``guards`` accepts (a predicate on its text), directly or by a
    module that is itself mounted so: authentication in front of `/settings` covers what settings mounts."""
    protected = {target for _, target, mws in mounts if any(guards(mw) for mw in mws)}
    changed = bool(protected)
    while changed:
        changed = False
        for source, target, _ in mounts:
            if source in protected and target not in protected:
                protected.add(target)
                changed = True
    return frozenset(protected)
