"""Settings objects read across modules: ``settings.BACKEND_CORS_ORIGINS`` where ``settings`` comes from another file.

FastAPI and Flask services keep their configuration in one module (a pydantic ``BaseSettings`` class, a
Flask-style ``Config`` class, or plain module constants) and read it elsewhere:

    # app/core/config.py                      # app/main.py
    class Settings(BaseSettings):             from app.core.config import settings
        BACKEND_CORS_ORIGINS: list = ["*"]    app.add_middleware(CORSMiddleware,
    settings = Settings()                                        allow_origins=settings.BACKEND_CORS_ORIGINS)

A reader follows ``settings`` to its module and reads the default there. :func:`project_value` does the
same, without running anything: the object is an imported name, or a module-level name assigned once from
a call to an imported (or local) function or class (``settings = get_settings()``); its module is found
the way the Django model finds settings modules (relative to the file first), and the attribute is read
from the configuration classes production may load there (development and test classes are left out, as
everywhere in the model) or from the module's own constants. The answer is a :class:`Binding`, so a finding
points at the literal in the settings module.
"""
from __future__ import annotations

import ast
import re

from .python import UNKNOWN, Binding, config_bindings, module_bindings, python_model, resolve
from ..lazyre import lazy


def project_value(doc, project, expr, _depth: int = 0) -> Binding:
    """What ``expr`` is worth, as far as this file and the settings module it reads show: the file's own
    resolution when it knows the value, else the default of ``obj.attr`` in the module ``obj`` comes from."""
    source = _comprehension_source(expr)
    if source is not None:  # [str(origin) for origin in settings.BACKEND_CORS_ORIGINS]: the list it copies
        return project_value(doc, project, source, _depth)
    r = resolve(doc, expr)
    if r.value is UNKNOWN:
        found = settings_attribute(doc, project, expr) or _imported_constant(doc, project, expr, _depth)
        if found is not None:
            return found
    node = r.node if r.node is not None else expr
    return Binding("", r.value, doc.rel, doc.span(node), doc.span(expr), r.env, r.fallback)


def _imported_constant(doc, project, expr, depth: int) -> Binding | None:
    """The value of a module-level constant ``doc`` imports by name from another module of the project (``from
    config import ROMM_CORS_ALLOWED_ORIGINS``), as that module writes it; None when it cannot be followed."""
    import ast
    if not isinstance(expr, ast.Name) or depth > 3:
        return None
    imported = doc.names.get(expr.id)
    if not imported or "." not in imported:
        return None
    module, _, name = imported.rpartition(".")
    rel = _module_rel(doc, project, module)
    target = _parsed(project, rel) if rel and rel != doc.rel else None
    if target is None or target.module is None:
        return None
    assigned = [a for a in target.assignments if a.target == name and a.module_level]
    if len(assigned) != 1 or assigned[0].conditional:
        return None
    found = project_value(target, project, assigned[0].value, depth + 1)
    return found if found.value is not UNKNOWN else None


def _comprehension_source(expr):
    """The iterable of ``[x for x in items]`` / ``[str(x).rstrip("/") for x in items]``: a copy that keeps
    each value (a wildcard stays a wildcard); None for any other expression."""
    import ast
    if not isinstance(expr, ast.ListComp) or len(expr.generators) != 1 or \
            not isinstance(expr.generators[0].target, ast.Name):
        return None
    variable, element = expr.generators[0].target.id, expr.elt
    # a filter that drops only the empty entries (`if o.strip()`, `if o`) keeps every other value
    if not all(_is_variable(test, variable) for test in expr.generators[0].ifs):
        return None
    while True:
        if isinstance(element, ast.Name):
            return expr.generators[0].iter if element.id == variable else None
        if isinstance(element, ast.Call) and isinstance(element.func, ast.Name) and element.func.id == "str" and \
                len(element.args) == 1 and not element.keywords:
            element = element.args[0]
        elif isinstance(element, ast.Call) and isinstance(element.func, ast.Attribute) and \
                element.func.attr in ("strip", "rstrip", "lstrip", "lower") and not element.keywords:
            element = element.func.value
        else:
            return None


def _is_variable(node, variable: str) -> bool:
    """``x`` or ``x.strip()`` (any chain of strip/lower calls on it)."""
    import ast
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            node.func.attr in ("strip", "rstrip", "lstrip", "lower") and not node.args and not node.keywords:
        node = node.func.value
    return isinstance(node, ast.Name) and node.id == variable


def settings_attribute(doc, project, expr) -> Binding | None:
    """The binding behind ``obj.attr`` when ``obj`` is a settings object or module of another file (or a
    settings class instance made in this one); None when it cannot be followed or is not known."""
    from ..parsers.python import dotted
    name = dotted(expr)
    if not name or name.count(".") != 1 or "(" in name:
        return None
    obj, attr = name.split(".")
    origin = _origin(doc, project, obj)
    if origin is None:
        return None
    rel, cls = origin
    target = doc if rel == doc.rel else _parsed(project, rel)
    if target is None or target.module is None:
        return None
    if cls is None:  # the object is the module itself: its constants
        found = [b for b in module_bindings(target) if b.name == attr and not b.conditional]
    else:
        found = [b for b in config_bindings(target) if b.scope and b.name == attr and
                 (cls == "" or b.scope == cls or b.scope in _bases(target, cls))]
    known = [b for b in found if b.known]
    return known[0] if known else None


def _origin(doc, project, obj: str) -> tuple[str, str | None] | None:
    """(rel of the module behind ``obj``, the class it is an instance of): None for the class when ``obj``
    is the module itself, "" when it is an instance of a class the model cannot pin down (a factory such
    as ``get_settings()``: every production configuration class of the module is read)."""
    from ..parsers.python import dotted
    imported = doc.names.get(obj)
    if imported:
        rel = _module_rel(doc, project, imported)
        if rel is not None:
            return rel, None  # ``from app import config``
        module, _, name = imported.rpartition(".")
        rel = _module_rel(doc, project, module) if module else None
        target = _parsed(project, rel) if rel else None
        if target is None:
            return None
        return rel, _instance_class(target, name)
    assigned = [a for a in doc.assignments if a.target == obj and a.module_level]
    if not assigned:  # ``settings = get_settings()`` inside the function that builds the app
        assigned = [a for a in doc.assignments if a.target == obj]
    if len(assigned) != 1:
        return None
    callee = dotted(getattr(assigned[0].value, "func", None))
    if not callee or "." in callee:
        return None
    if callee in doc.classes:
        return doc.rel, callee
    made = _factory_class(doc, project, callee)
    if made is not None:
        return made
    found = _imported(doc, project, callee)
    if found is None:
        return None
    rel, name, target = found
    return rel, name if name in target.classes else ""


def _factory_class(doc, project, function: str) -> tuple[str, str] | None:
    """(rel, class) of the settings a factory function returns, FastAPI's ``@lru_cache def get_settings() ->
    Settings: return Settings()``: its return annotation, else the class its one ``return X()`` makes;
    the function is defined in ``doc`` or imported into it (one hop: the class it names is looked up, not
    another factory, so nothing here recurses). None when neither says."""
    import ast
    where = doc
    if function not in doc.classes:
        where, function = _defined_in(doc, project, function)
    if where is None or where.module is None:
        return None
    for node in where.module.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == function:
            break
    else:
        return None
    name = _class_name(node.returns)
    if name is None:
        made = [_class_name(getattr(r.value, "func", None)) for r in ast.walk(node)
                if isinstance(r, ast.Return) and isinstance(r.value, ast.Call)]
        name = made[0] if len(made) == 1 else None
    if name is None:
        return None
    if name in where.classes:
        return where.rel, name
    found = _imported(where, project, name)
    if found is None:
        return None
    rel, cls, target = found
    return (rel, cls) if cls in target.classes else None


def _imported(doc, project, name: str):
    """(rel, name there, parsed module) of a name ``doc`` imports from a module of the project, else None."""
    imported = doc.names.get(name)
    if not imported or "." not in imported:
        return None
    module, _, there = imported.rpartition(".")
    rel = _module_rel(doc, project, module)
    target = _parsed(project, rel) if rel else None
    return (rel, there, target) if target is not None else None


def _class_name(node) -> str | None:
    """``Settings`` of an annotation or callee written ``Settings`` (not ``"Settings"``, ``Optional[...]``)."""
    import ast
    return node.id if isinstance(node, ast.Name) and node.id[:1].isupper() else None


def _instance_class(target, name: str) -> str | None:
    """The class a module-level ``name = SomeSettings()`` instantiates in ``target``; "" when unknown."""
    from ..parsers.python import dotted
    for a in target.assignments:
        if a.target == name and a.module_level:
            callee = dotted(getattr(a.value, "func", None))
            if callee in target.classes:
                return callee
    return ""


def _bases(target, cls: str) -> set[str]:
    from .python import class_ancestors
    return set(class_ancestors(target.classes, cls, 7))


def _module_rel(doc, project, module: str) -> str | None:
    """The file a module name points at, relative to the importing file first (the parser keeps
    ``from .config import settings`` as ``config.settings``)."""
    model = python_model(project)
    return model.module_file("." + module, doc.rel) or model.module_file(module, doc.rel)


def _parsed(project, rel: str):
    """Another module, parsed once per run (the model shares it with the module's own check)."""
    return python_model(project)._parse(rel)


def pydantic_settings_class(doc, cls: str | None) -> bool:
    """Whether ``cls`` is (or derives, within the file, from) pydantic's ``BaseSettings``: a FastAPI-style
    settings object, read attribute by attribute, not a Flask configuration loaded with ``from_object``."""
    if not cls or cls not in doc.classes:
        return False
    return any(base.rsplit(".", 1)[-1] == "BaseSettings" for base in {cls} | _bases(doc, cls)) or \
        any(b.rsplit(".", 1)[-1] == "BaseSettings" for b in doc.classes[cls])


def production_config_classes(doc) -> dict[str, tuple[object, set[str]]]:
    """Configuration classes named for production (``class ProductionConfig(Config)``, ``ProdSettings``):
    class name -> (the node of its first attribute, where a reviewer adds a setting; the names in force
    in it, its bases' within the file included)."""
    from .python import NON_PRODUCTION_CLASS
    out = {}
    for cls in doc.classes:
        if not re.search(r"prod", cls, re.I) or NON_PRODUCTION_CLASS.search(cls) or \
                not re.search(r"(config|settings)$", cls, re.I):
            continue
        chain = {cls} | _bases(doc, cls)
        own = [a for a in doc.assignments if a.scope == cls]
        names = {a.target for a in doc.assignments if a.scope in chain}
        if own:
            out[cls] = (own[0].node, names)
    return out


def backend_mentions(doc, project, pattern: str) -> bool:
    """Whether the backend holding ``doc`` (its manifests and production Python files) mentions
    ``pattern`` (a regular expression): ``flask_talisman``, ``Flask``."""
    model = python_model(project)
    root = model.backend_of(doc.rel)
    cache = project.models.get("python-backend-mentions", dict)
    key = (root, pattern)
    if key not in cache:
        from ..files import read_head
        regex = re.compile(pattern)
        prefix = "" if root == "." else root + "/"
        base = project.root / root
        manifests = [base / name for name in ("pyproject.toml", "Pipfile", "setup.cfg")]
        manifests += sorted(base.glob("requirements*.txt"))[:8] + sorted(base.glob("requirements/*.txt"))[:8]
        found = any(path.is_file() and regex.search(read_head(path, project.root, 200_000) or "")
                    for path in manifests)
        for file in project.files if not found else ():
            if file.kind == "python" and file.role == "production" and file.rel.startswith(prefix) and \
                    regex.search(model._text(file.rel)):
                found = True
                break
        cache[key] = found
    return cache[key]


def backend_modules_mentioning(doc, project, pattern: str) -> list[str]:
    """The other production Python modules of the backend holding ``doc`` whose text matches ``pattern`` (a
    regular expression, searched line by line): which modules assign a setting besides this one."""
    model = python_model(project)
    root = model.backend_of(doc.rel)
    prefix = "" if root == "." else root + "/"
    regex = re.compile(pattern, re.M)
    return [file.rel for file in project.files
            if file.kind == "python" and file.role == "production" and file.rel != doc.rel
            and file.rel.startswith(prefix) and regex.search(model._text(file.rel))]


def flask_config(doc, project) -> list[Binding]:
    """The Flask configuration this file writes: :func:`config_bindings`, plus its module-level constants when
    an app loads the module as its configuration (``app.config.from_object("pkg.settings")``,
    ``from_object(__name__)``, ``app.config.from_pyfile("settings.py")``)."""
    own = config_bindings(doc)
    if doc.rel not in flask_config_modules(project):
        return own
    return own + [b for b in module_bindings(doc) if b not in own]


def flask_config_modules(project) -> set[str]:
    """rels of the modules production code loads into a Flask app's configuration."""
    cache = project.models.get("python-flask-config-modules", dict)
    if "rels" in cache:
        return cache["rels"]
    from ..parsers.python import dotted, literal
    model = python_model(project)
    found: set[str] = set()
    for file in project.files:
        if file.kind != "python" or file.role != "production":
            continue
        text = model._text(file.rel)
        if "from_object" not in text and "from_pyfile" not in text:
            continue
        doc = _parsed(project, file.rel)
        for site in doc.calls if doc is not None else ():
            method = site.name.rsplit(".", 1)[-1]
            if method not in ("from_object", "from_pyfile") or ".config." not in f".{site.name}" or not site.args:
                continue
            target = literal(site.args[0])
            if method == "from_object" and dotted(site.args[0]) == "__name__":
                found.add(file.rel)
            elif method == "from_object" and isinstance(target, str):
                rel = model.module_file(target, file.rel)  # a module; "config.ProductionConfig" is a class
                if rel is not None:
                    found.add(rel)
            elif method == "from_object" and isinstance(site.args[0], ast.Name):
                # the module object itself, imported by name (`import config` ... `from_object(config)`,
                # `from app import settings`); a class imported by name resolves to no module file
                name = site.args[0].id
                module = doc.names.get(name) or (name if name in doc.imports else None)
                rel = model.module_file(module, file.rel) if module else None
                if rel is not None and rel != file.rel:
                    found.add(rel)
            elif method == "from_pyfile" and isinstance(target, str) and target.endswith(".py") and \
                    "/" not in target.strip("./"):
                # relative to the app's root path (its package) or instance folder
                stem = target.strip("./")[:-3]
                rel = model.module_file("." + stem, file.rel) or model.module_file(f".instance.{stem}", file.rel)
                if rel is not None:
                    found.add(rel)
    cache["rels"] = found
    return found


# the servers Flask's deployment guide names, and the ASGI ones that also serve a WSGI app
_WSGI_SERVERS = r"(?i)\b(gunicorn|uwsgi|waitress(-serve)?|mod_wsgi(-express)?|hypercorn|uvicorn|daphne|granian|" \
                r"bjoern|cheroot|gevent\.pywsgi|meinheld)\b"
_LAUNCH_FILES = ("Procfile", "uwsgi.ini", "supervisord.conf", "gunicorn.conf.py", "entrypoint.sh", "start.sh",
                 "run.sh", "docker-entrypoint.sh", "boot.sh")


def wsgi_server(doc, project) -> bool:
    """Whether the repository serves the backend holding ``doc`` with a production WSGI server: its manifests or
    production Python name one (``gunicorn`` in requirements.txt, ``waitress.serve``), or a production
    Dockerfile, compose file, Procfile, uwsgi/supervisor configuration or start script starts one."""
    if backend_mentions(doc, project, _WSGI_SERVERS):
        return True
    cache = project.models.get("python-wsgi-launch", dict)
    if "found" not in cache:
        from ..files import read_head
        regex = re.compile(_WSGI_SERVERS)
        model = python_model(project)
        found = any(file.role == "production" and file.kind in ("dockerfile", "compose") and
                    regex.search(model._text(file.rel)) for file in project.files)
        folders = {"."} | {model.backend_of(f.rel) for f in project.files if f.kind == "python"}
        for folder in sorted(folders)[:16] if not found else ():
            base = project.root / folder
            names = list(_LAUNCH_FILES) + [p.name for p in sorted(base.glob("Procfile.*"))[:4]]
            if any((base / name).is_file() and regex.search(read_head(base / name, project.root, 100_000) or "")
                   for name in names):
                found = True
                break
        cache["found"] = found
    return cache["found"]


def _defined_in(doc, project, function: str):
    """(document, name) where a function ``doc`` calls is defined: ``doc`` itself, or the project's module it is
    imported from (under the name it has there); the document is None when that module is not the project's."""
    imported = doc.names.get(function)
    if imported and "." in imported:
        module, _, function = imported.rpartition(".")
        rel = _module_rel(doc, project, module)
        return (_parsed(project, rel) if rel else None), function
    return doc, function


# an environment variable's name: what a project's own reader (`_bool_val("APP_SECURE_COOKIES", False)`,
# `env_flag(NAME, default=False)`) is handed first
_ENV_NAME = lazy(r"[A-Z][A-Z0-9_]{2,80}")


def getter_default(doc, project, expr) -> Binding | None:
    """What a zero-argument getter of the project returns while its environment variable is unset:
    ``get_env_use_secure_cookies()`` whose body is ``return _bool_val(ENV_USE_SECURE_COOKIES, False)`` (a
    reader handed the variable's name and a literal default, positional or ``default=``), defined in this
    file or imported from another module of the project. The binding is the default literal, its ``env``
    the variable; None for any other expression or function."""
    if not isinstance(expr, ast.Call) or expr.args or expr.keywords or not isinstance(expr.func, ast.Name):
        return None
    where, function = _defined_in(doc, project, expr.func.id)
    if where is None or where.module is None:
        return None
    defs = [n for n in where.module.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
            and n.name == function]
    if len(defs) != 1:
        return None
    body = [s for s in defs[0].body
            if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant) and isinstance(s.value.value, str))]
    if len(body) != 1 or not isinstance(body[0], ast.Return) or not isinstance(body[0].value, ast.Call):
        return None
    reader = body[0].value
    default = reader.args[1] if len(reader.args) == 2 else \
        next((k.value for k in reader.keywords if k.arg == "default"), None)
    if not reader.args or default is None or not isinstance(default, ast.Constant) or \
            not isinstance(default.value, (bool, int, str)) or default.value is None:
        return None
    name = resolve(where, reader.args[0]).value
    if not isinstance(name, str) or not _ENV_NAME.fullmatch(name):
        return None
    span = where.span(default)
    return Binding(function, default.value, where.rel, span, span, name, True)


def opt_in_flag(doc, project, b) -> str | None:
    """The environment variable a setting waits for: ``b`` is assigned in the body of a module-level ``if`` whose
    test reads an environment flag that is off while the variable is unset (``if env.bool("SSL_REDIRECT",
    default=False):``, ``if os.getenv("USE_HSTS") == "1":``, ``if USE_TLS:`` under ``USE_TLS =
    env.bool("USE_TLS", False)``), and nowhere else in the module. Production runs without the setting unless
    its operators find the variable; None for a setting written anywhere else (an ``else``, ``if not DEBUG:``,
    a test that is not an environment read)."""
    if b is None or not b.conditional:
        return None
    where = doc if b.path == doc.rel else _parsed(project, b.path)
    if where is None or where.module is None:
        return None
    line = b.target.line
    if sum(1 for a in where.assignments if a.module_level and a.target == b.name) != 1:
        return None
    for stmt in where.module.body:
        if not isinstance(stmt, ast.If) or not stmt.lineno <= line <= stmt.end_lineno:
            continue
        direct = any(isinstance(s, (ast.Assign, ast.AnnAssign)) and s.lineno == line for s in stmt.body)
        if not direct:
            return None
        test = resolve(where, stmt.test)
        return test.env if test.env and test.value is not UNKNOWN and not test.value else None
    return None
