"""The Python backend model: what a reader of a Django, Flask or FastAPI service knows without running it.

Two levels:

* per parsed file (:func:`resolve`, :func:`module_bindings`, :func:`config_bindings`): values as written,
  with ``os.environ.get("X", "literal")`` / ``os.getenv`` / django-environ ``env("X", default=...)`` /
  python-decouple ``config("X", default=...)`` fallbacks read as "the literal the app runs with when X is
  unset";
* per project (:func:`python_model`, memoised on the Project): which Django settings modules production
  runs (``DJANGO_SETTINGS_MODULE`` wherever it is set, ``settings/production.py`` vs ``settings/dev.py``,
  leaves of ``from .base import *`` chains) and their effective settings across those chains; what the
  repository's nginx does (redirects to https, HSTS); per backend, whether a rate limiter is installed and
  where its first auth route is.

Other files' facts are kept as small :class:`Binding` records, never as trees.
"""
from __future__ import annotations

import ast
import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import PurePosixPath

from ..api import Span
from ..files import read_head
from ..lazyre import lazy
from ..parsers.python import dotted, grouped
from . import python_litestar as litestar
from .python_configurations import class_settings, importer_targets, imports_configurations, near_roots

UNKNOWN = ...  # a value that cannot be known statically (the parser's convention)

FRAMEWORKS = ("django", "flask", "fastapi", "starlette")
_ENV_GETTERS = {"os.environ.get", "os.getenv", "environ.get", "getenv", "os.environ.setdefault"}
_ENV_READERS = {"env", "env.str", "env.bool", "env.int", "env.get_value", "config", "decouple.config",
                "env.url", "env.db", "env.db_url", "env.json", "env.list", "env.tuple"}
_CASTS = {"bool": bool, "int": int, "str": str, "float": float}
_LIST_CASTS = {"list", "Csv", "Csv()", "CommaSeparatedStrings"}  # a comma-separated value read as a list
_VALUE_WRAPPERS = {"Field", "SecretStr", "Secret"}  # pydantic fields and secrets, Starlette's Secret
_TRUE = {"1", "true", "yes", "on", "y", "t"}
_DJANGO_STRONG = {"INSTALLED_APPS", "MIDDLEWARE", "ROOT_URLCONF", "WSGI_APPLICATION", "DATABASES",
                  "AUTH_PASSWORD_VALIDATORS", "TEMPLATES", "ASGI_APPLICATION", "MIDDLEWARE_CLASSES"}
# classes for development, tests, end-to-end runs and fuzzing (`class E2E(Base)`, `class Fuzz(Base)`)
NON_PRODUCTION_CLASS = lazy(r"dev|test|local|debug|e2e|fuzz|ci(?![a-z])", re.I)


@dataclass(frozen=True)
class Resolved:
    """A value as the Python model resolved it: where it is written, and the environment variable it reads."""

    value: object  # Python value, or UNKNOWN
    node: object  # where it is written (the fallback literal for env fallbacks)
    env: str | None = None  # the environment variable read, if any
    fallback: bool = False  # ``value`` is what the app gets when ``env`` is unset


@dataclass(frozen=True)
class Binding:
    """A value assigned to a name (a setting, a config key), as a small record that outlives the tree."""
    name: str
    value: object
    path: str
    span: Span  # the value as written (the fallback literal for an env fallback)
    target: Span  # the name assigned
    env: str | None = None
    fallback: bool = False
    conditional: bool = False
    scope: str | None = None  # config class holding it

    @property
    def known(self) -> bool:
        return self.value is not UNKNOWN


# ---- values ------------------------------------------------------------------------------------------
def resolve(doc, expr, depth: int = 0) -> Resolved:
    """The value of an expression as far as the file shows it."""
    from ..parsers.python import dotted, literal
    if expr is None or depth > 4:
        return Resolved(UNKNOWN, expr)
    value = literal(expr)
    if value is not UNKNOWN:
        return Resolved(value, expr)
    if isinstance(expr, ast.Call):
        return _resolve_call(doc, expr, depth)
    if isinstance(expr, ast.Subscript):
        if dotted(expr.value) in ("os.environ", "environ"):
            name = literal(expr.slice)
            return Resolved(UNKNOWN, expr, name if isinstance(name, str) else None)
        return Resolved(UNKNOWN, expr)
    if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or):
        return _resolve_or(doc, expr, expr.values, depth)
    if isinstance(expr, ast.ListComp):
        return _resolve_copy(doc, expr, depth)
    if isinstance(expr, ast.Compare) and len(expr.ops) == 1:
        left = resolve(doc, expr.left, depth + 1)
        right = literal(expr.comparators[0])
        if left.value is UNKNOWN and left.env and _unset_is_none(expr.left):
            # ``os.getenv("DJANGO_DEBUG") != "FALSE"``: an unset variable reads as None, so the comparison
            # has a value when nobody sets it, the way an explicit default does
            left = Resolved(None, expr.left, left.env, True)
        if left.value is UNKNOWN or right is UNKNOWN:
            return Resolved(UNKNOWN, expr, left.env)
        compare = _COMPARISONS.get(type(expr.ops[0]))
        if compare is None:
            return Resolved(UNKNOWN, expr, left.env)
        try:
            result = compare(left.value, right)
        except TypeError:  # ``in`` a value that holds nothing
            return Resolved(UNKNOWN, expr, left.env)
        return Resolved(result, left.node, left.env, left.fallback)
    if isinstance(expr, ast.Name):
        found = _module_assigned(doc).get(expr.id, ())
        if len(found) == 1 and found[0].value is not expr:
            return resolve(doc, found[0].value, depth + 1)
    if isinstance(expr, ast.BinOp) and type(expr.op) in _INT_ARITHMETIC:
        # sizes and durations are written as products (``100 * 1024 * 1024``, ``60 * 60 * 24 * 365``)
        left, right = resolve(doc, expr.left, depth + 1).value, resolve(doc, expr.right, depth + 1).value
        if _plain_int(left) and _plain_int(right):
            result = _INT_ARITHMETIC[type(expr.op)](left, right)
            if result is not None and abs(result) < 1 << 128:
                return Resolved(result, expr)
    return Resolved(UNKNOWN, expr)


def _resolve_copy(doc, expr, depth: int) -> Resolved:
    """``[h.strip() for h in os.environ.get("ALLOWED_HOSTS", "*").split(",")]``: a comprehension that copies each
    item of a list the file knows, trimmed or lower-cased or turned into a string, is worth that list (a
    wildcard stays a wildcard); any other comprehension is not guessed."""
    gen = expr.generators[0] if len(expr.generators) == 1 else None
    if gen is None or gen.ifs or not isinstance(gen.target, ast.Name):
        return Resolved(UNKNOWN, expr)
    steps, element = [], expr.elt
    while not (isinstance(element, ast.Name) and element.id == gen.target.id):
        if isinstance(element, ast.Call) and isinstance(element.func, ast.Name) and element.func.id == "str" and \
                len(element.args) == 1 and not element.keywords:
            element = element.args[0]
        elif isinstance(element, ast.Call) and isinstance(element.func, ast.Attribute) and not element.args and \
                element.func.attr in ("strip", "rstrip", "lstrip", "lower") and not element.keywords:
            steps.append(element.func.attr)
            element = element.func.value
        else:
            return Resolved(UNKNOWN, expr)
    inner = resolve(doc, gen.iter, depth + 1)
    if not isinstance(inner.value, (list, tuple)):
        return Resolved(UNKNOWN, expr, inner.env)
    items = []
    for item in inner.value:
        for step in reversed(steps):
            item = getattr(item, step)() if isinstance(item, str) else item
        items.append(item)
    return Resolved(items, inner.node, inner.env, inner.fallback)


def _plain_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 1 << 128


# bounded so that a hostile ``9 ** 9 ** 9`` or ``1 << 10 ** 9`` is never computed
_INT_ARITHMETIC = {
    ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
    ast.FloorDiv: lambda a, b: a // b if b else None,
    ast.Pow: lambda a, b: a ** b if 0 <= b <= 128 and abs(a) <= 1 << 16 else None,
    ast.LShift: lambda a, b: a << b if 0 <= b <= 128 else None,
}


def _module_assigned(doc) -> dict:
    """name -> its module-level assignments: a file whose 2,000 functions each assign ``opts`` would otherwise
    filter all 2,000 every time a name is resolved."""
    index = doc.__dict__.get("_py_module_assigned")
    if index is None or index[0] != len(doc.assignments):
        by_name: dict = {}
        for a in doc.assignments:
            if a.module_level:
                by_name.setdefault(a.target, []).append(a)
        index = doc.__dict__["_py_module_assigned"] = (len(doc.assignments), by_name)
    return index[1]


def enclosing_function(doc, node):
    """The innermost ``def`` whose body holds ``node`` (None at module level)."""
    starts, functions, parents = _function_index(doc)
    line = getattr(node, "lineno", 0)
    # the last function whose body starts at or before the line; when it does not hold the line, the innermost
    # one that does is among its enclosing functions (bodies nest)
    function = functions[bisect_right(starts, line) - 1] if starts and starts[0] <= line else None
    while function is not None and not function.body[0].lineno <= line <= function.end_lineno:
        function = parents.get(id(function))
    return function


def _function_index(doc):
    """Every ``def`` of the module sorted by the line its body starts on, and each one's enclosing ``def``:
    built once per document, so each question costs a bisection (PY014 and PY017 ask once per decode call)."""
    index = doc.__dict__.get("_py_function_index")
    if index is None:
        found, parents = [], {}

        def walk(node, parent):
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    found.append(child)
                    if parent is not None:
                        parents[id(child)] = parent
                    walk(child, child)
                else:
                    walk(child, parent)

        if doc.module is not None:
            walk(doc.module, None)
        found.sort(key=lambda f: (f.body[0].lineno, f.lineno))
        index = doc.__dict__["_py_function_index"] = ([f.body[0].lineno for f in found], found, parents)
    return index


def _locals_by_function(doc) -> dict:
    """(name, id of the enclosing def) -> its local assignments, in source order: built once per document."""
    index = doc.__dict__.get("_py_locals")
    if index is None or index[0] != len(doc.assignments):
        by_key: dict = {}
        for a in doc.assignments:
            if a.module_level or a.scope is not None:
                continue
            function = enclosing_function(doc, a.node)
            if function is not None:
                by_key.setdefault((a.target, id(function)), []).append(a)
        index = doc.__dict__["_py_locals"] = (len(doc.assignments), by_key)
    return index[1]


def resolve_at(doc, expr, at) -> Resolved:
    """:func:`resolve`, and a name the function around ``at`` assigns once before it (``secret = "k"`` then
    ``jwt.encode(p, secret)``): a value that reaches one call is as much written in the source as a constant."""
    r = resolve(doc, expr)
    if r.value is not UNKNOWN or not isinstance(expr, ast.Name):
        return r
    found = _last_local(doc, expr, at)
    return r if found is None else resolve(doc, found.value, 1)


def _last_local(doc, expr, at):
    """The assignment of name ``expr`` that reaches ``at`` inside its function, when one surely does."""
    function = enclosing_function(doc, at)
    if function is None:
        return None
    found = _locals_by_function(doc).get((expr.id, id(function)), [])
    before = sorted((a for a in found if a.node.lineno < at.lineno), key=lambda a: (a.node.lineno, a.node.col_offset))
    # the last assignment before the call, when it always runs and nothing can change the name in between;
    # inside a loop a later assignment can reach the call on the next turn
    if not before or before[-1].conditional or \
            len(before) < len(found) and any(isinstance(n, (ast.For, ast.AsyncFor, ast.While)) and
                                             n.lineno <= at.lineno <= n.end_lineno for n in ast.walk(function)):
        return None
    return before[-1]


def _unset_is_none(expr) -> bool:
    """``os.getenv("X")`` / ``os.environ.get("X")`` with no default: None when the variable is unset."""
    from ..parsers.python import dotted
    return isinstance(expr, ast.Call) and dotted(expr.func) in _ENV_GETTERS - {"os.environ.setdefault"} and \
        len(expr.args) == 1 and not expr.keywords


_COMPARISONS = {ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b,
                ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b}


def _resolve_or(doc, expr, values: list, depth: int) -> Resolved:
    """``a or b or c`` as Python groups it, ``(a or b) or c``: the last operand is the fallback of the rest."""
    if depth > 4:
        return Resolved(UNKNOWN, expr)
    left = resolve(doc, values[0], depth + 1) if len(values) == 2 else _resolve_or(doc, expr, values[:-1], depth + 1)
    right = resolve(doc, values[-1], depth + 1)
    if left.env and left.value in (UNKNOWN, None, "") and right.value is not UNKNOWN:
        return Resolved(right.value, right.node, left.env, True)
    if left.value is not UNKNOWN and left.value:
        # a true left side is the value whatever follows: ``getenv("X", "YES") == "YES" or TESTING``
        return left
    return Resolved(left.value or right.value if left.value is not UNKNOWN and right.value is not UNKNOWN
                    else UNKNOWN, expr)


def _resolve_call(doc, call, depth: int) -> Resolved:
    from ..parsers.python import dotted, literal
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in ("lower", "upper", "strip", "split") and \
            len(call.args) <= (func.attr == "split") and not call.keywords:
        inner = resolve(doc, func.value, depth + 1)
        args = [literal(a) for a in call.args]
        if isinstance(inner.value, str) and all(isinstance(a, str) for a in args):
            return Resolved(getattr(inner.value, func.attr)(*args), inner.node, inner.env, inner.fallback)
        return Resolved(UNKNOWN, call, inner.env)
    name = dotted(func) or ""
    positional = [a for a in call.args if not isinstance(a, ast.Starred)]
    keywords = {k.arg: k.value for k in call.keywords if k.arg is not None}
    if name.rsplit(".", 1)[-1] in _VALUE_WRAPPERS and (positional or "default" in keywords):
        # pydantic ``Field("v")`` / ``Field(default="v")`` / ``SecretStr("v")``: the default the field holds
        return resolve(doc, keywords["default"] if "default" in keywords else positional[0], depth + 1)
    if name in _CASTS and len(positional) == 1:
        inner = resolve(doc, positional[0], depth + 1)
        if inner.value is UNKNOWN and name == "str" and inner.env and _unset_is_none(positional[0]):
            # ``str(os.getenv("SECRET"))``: an unset variable becomes the string "None", which the app then uses
            return Resolved("None", call, inner.env, True)
        if inner.value is UNKNOWN:
            return Resolved(UNKNOWN, call, inner.env)
        return Resolved(_cast(inner.value, name), inner.node, inner.env, inner.fallback)
    if name in _ENV_GETTERS or name in _ENV_READERS or name.endswith((".env", ".config")) and \
            name.rsplit(".", 1)[0] in ("settings", "self"):
        if not positional:
            return Resolved(UNKNOWN, call)
        key = literal(positional[0])
        if not isinstance(key, str):
            return Resolved(UNKNOWN, call)
        default = keywords.get("default")
        if default is None and len(positional) > 1 and (name in _ENV_GETTERS or name.startswith("env")):
            default = positional[1]
        cast = _cast_of(name, keywords.get("cast"))
        if default is None:
            schema = _environ_schema(doc).get(key) if name.startswith("env") else None
            if schema is None:
                return Resolved(UNKNOWN, call, key)
            default, cast = schema
        value = literal(default)
        if value is UNKNOWN:
            inner = resolve(doc, default, depth + 1)
            return Resolved(inner.value, inner.node, key, inner.value is not UNKNOWN)
        return Resolved(_cast(value, cast) if cast else value, default, key, True)
    from .python_env import env_helper  # envbool("DEBUG", "True"), strtobool(os.getenv("DEBUG", "no"))
    helper = env_helper(doc, name, positional, keywords)
    if helper is None:
        return Resolved(UNKNOWN, call)
    variable, node, boolean = helper
    inner = resolve(doc, node, depth + 1)
    known = inner.value is not UNKNOWN
    return Resolved(truthy(inner.value) if boolean and known else inner.value,
                    inner.node if node is not None else call, variable or inner.env,
                    known and (variable is not None or inner.fallback))


def _cast_of(name: str, cast_node) -> str | None:
    from ..parsers.python import dotted
    if name in ("env.bool", "env.int", "env.str", "env.list", "env.tuple"):
        return name.split(".")[1].replace("tuple", "list")
    if cast_node is not None:
        cast = dotted(cast_node)
        return cast if cast in _CASTS or cast in _LIST_CASTS else None
    return None


def _cast(value, cast: str):
    if cast == "bool":
        return value.strip().lower() in _TRUE if isinstance(value, str) else bool(value) if value is not None else None
    if cast == "int" and isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return value
    if cast == "str" and value is not None:
        return str(value)
    if cast in _LIST_CASTS and isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def _environ_schema(doc) -> dict:
    """django-environ ``env = environ.Env(DEBUG=(bool, True))``: variable -> (default node, cast)."""
    cached = doc.__dict__.get("_py_environ_schema")
    if cached is None:
        from ..parsers.python import dotted
        cached = {}
        for site in doc.calls_to("environ.Env", "Env"):
            for key, value in site.kwargs.items():
                if isinstance(value, ast.Tuple) and len(value.elts) == 2:
                    cached[key] = (value.elts[1], dotted(value.elts[0]))
        doc.__dict__["_py_environ_schema"] = cached
    return cached


def truthy(value) -> bool | None:
    """``True``, ``1``, ``"True"``, ``"1"`` -> True; falsy literals -> False; anything else -> None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value != 0
    if isinstance(value, str):
        v = value.strip().lower()
        if v in _TRUE:
            return True
        if v in ("0", "false", "no", "off", "n", "f", ""):
            return False
    if value is None:
        return False
    return None


def binding(doc, name: str, value_node, target_node, *, conditional=False, scope=None) -> Binding:
    r = resolve(doc, value_node)
    node = r.node if r.node is not None else value_node
    return Binding(name, r.value, doc.rel, doc.span(node), doc.span(target_node), r.env, r.fallback,
                   conditional, scope)


def _settings_class_bindings(doc, cls: str) -> list[Binding]:
    """A settings class's own UPPER_CASE attributes (django-configurations), in source order."""
    return [binding(doc, a.target, a.value, a.node, conditional=a.conditional) for a in doc.assignments
            if a.scope == cls and re.fullmatch(r"[A-Z][A-Z0-9_]*", a.target)]


def module_bindings(doc) -> list[Binding]:
    """Module-level UPPER_CASE assignments (Django settings), in source order."""
    cached = doc.__dict__.get("_py_module_bindings")
    if cached is None:
        always = _assigned_in_every_branch(doc.module) | _production_branch_targets(doc.module)
        cached = [binding(doc, a.target, a.value, a.node, conditional=a.conditional and id(a.node) not in always)
                  for a in doc.assignments if a.module_level and re.fullmatch(r"[A-Z][A-Z0-9_]*", a.target)]
        doc.__dict__["_py_module_bindings"] = cached
    return cached


def _production_branch_targets(module) -> set[int]:
    """ids of the name targets assigned directly in a module-level branch that production takes: the body of
    ``if not DEBUG:`` / ``if ENVIRONMENT == "production":`` / ``if IS_PRODUCTION:``, the ``else`` of ``if DEBUG:``.
    Settings a module writes there (djangopackages' ``if not DEBUG: SECURE_HSTS_SECONDS = 60``) are the ones
    production runs with, as sure as unconditional ones."""
    out: set[int] = set()
    for stmt in getattr(module, "body", ()):
        if not isinstance(stmt, ast.If) or stmt.orelse and isinstance(stmt.orelse[0], ast.If):
            continue  # an elif chain: which branch production takes is not guessed
        test = _branch_kind(stmt.test)
        body = stmt.body if test == "production" else stmt.orelse if test == "development" else ()
        for s in body:
            targets = s.targets if isinstance(s, ast.Assign) else [s.target] if isinstance(s, ast.AnnAssign) else []
            out.update(id(t) for t in targets if isinstance(t, ast.Name))
    return out


_DEBUG_NAMES = frozenset({"debug", "testing", "django_debug", "flask_debug", "template_debug"})
_ENVIRONMENT_NAME = lazy(r"(^|_)(env|environment|environ|stage|mode|deployment)$", re.I)
_PRODUCTION_VALUES = frozenset({"production", "prod", "live"})


def _branch_kind(test) -> str | None:
    """"development" for a test that holds only in a debug mode (``DEBUG``, ``settings.DEBUG``), "production"
    for its negation or a production name (``not DEBUG``, ``ENV == "production"``, ``IS_PRODUCTION``)."""
    from ..parsers.python import dotted, literal
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = _branch_kind(test.operand)
        return {"development": "production", "production": "development"}.get(inner or "")
    name = dotted(test) if isinstance(test, (ast.Name, ast.Attribute)) else None
    if name:
        last = name.rsplit(".", 1)[-1].lower()
        if last in _DEBUG_NAMES:
            return "development"
        if last in ("is_production", "is_prod", "production", "in_production"):
            return "production"
        return None
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq):
        left, right = test.left, test.comparators[0]
        if isinstance(left, ast.Constant):
            left, right = right, left
        value, name = literal(right), dotted(left) if isinstance(left, (ast.Name, ast.Attribute)) else None
        if isinstance(value, str) and name and _ENVIRONMENT_NAME.search(name.rsplit(".", 1)[-1]) and \
                value.strip().lower() in _PRODUCTION_VALUES:
            return "production"
    return None


def _assigned_in_every_branch(module) -> set[int]:
    """ids of the name targets, in the ``else`` branch of a module-level ``if``/``elif``/``else``, of names
    every branch assigns: the statement always reassigns them (``if "KEY" in os.environ: SECRET_KEY = ...
    else: SECRET_KEY = <generated>``), so a base module's value never survives it. The else branch stands
    for the statement, so it is the one taken as the value that wins."""
    out: set[int] = set()

    def names(body) -> dict[str, object]:
        found = {}
        for stmt in body:
            if isinstance(stmt, ast.Assign):
                for t in stmt.targets:
                    if isinstance(t, ast.Name):
                        found[t.id] = t
            elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None and isinstance(stmt.target, ast.Name):
                found[stmt.target.id] = stmt.target
        return found

    for stmt in getattr(module, "body", ()):
        if not isinstance(stmt, ast.If):
            continue
        branches, node = [], stmt
        while True:
            branches.append(names(node.body))
            if len(node.orelse) == 1 and isinstance(node.orelse[0], ast.If):
                node = node.orelse[0]
                continue
            if not node.orelse:
                branches = []  # no else: the statement may assign nothing
            else:
                branches.append(names(node.orelse))
            break
        if branches:
            common = set.intersection(*(set(b) for b in branches))
            out.update(id(branches[-1][name]) for name in common)
    return out


def config_bindings(doc) -> list[Binding]:
    """Flask-style configuration written in this file: ``app.config["X"] = v``, ``app.secret_key = v``,
    ``app.config.update(X=v)`` / ``from_mapping`` / a dict passed to them, and attributes of config classes
    (``class ProductionConfig(Config): DEBUG = False``) that are not development or test ones."""
    cached = doc.__dict__.get("_py_config_bindings")
    if cached is not None:
        return cached
    from ..parsers.python import literal
    out = []
    for a in doc.assignments:
        m = re.fullmatch(r"[\w.]*\bconfig\[(\w+)\]", a.target)
        if m:
            out.append(binding(doc, m.group(1), a.value, a.node, conditional=a.conditional))
        elif a.target.endswith(".secret_key") and a.target.count(".") == 1:
            out.append(binding(doc, "SECRET_KEY", a.value, a.node, conditional=a.conditional))
        elif a.target.endswith(".debug") and a.target.count(".") == 1 and a.module_level:
            out.append(binding(doc, "DEBUG", a.value, a.node, conditional=a.conditional))
    for site in doc.calls:
        if not site.name.endswith(("config.update", "config.from_mapping")):
            continue
        for key, value in site.kwargs.items():
            out.append(binding(doc, key, value, value))
        if site.args and isinstance(site.args[0], ast.Dict):
            for key, value in zip(site.args[0].keys, site.args[0].values):
                if key is not None and isinstance(literal(key), str):
                    out.append(binding(doc, literal(key), value, key))
    out.extend(class_bindings(doc))
    doc.__dict__["_py_config_bindings"] = out
    return out


def class_bindings(doc) -> list[Binding]:
    """Attributes of configuration classes (``*Config``, ``*Settings``) that production may load: classes
    whose name says development/test/local are left out, and so are attributes a subclass overrides when
    that subclass is the production one."""
    classes = {name: bases for name, bases in doc.classes.items() if re.search(r"(config|settings)$", name, re.I)}
    if not classes:
        return []
    attrs: dict[str, list] = {}
    for a in doc.assignments:
        if a.scope in classes and "." not in a.target and "[" not in a.target:
            attrs.setdefault(a.scope, []).append(a)
    judged = [c for c in classes if not NON_PRODUCTION_CLASS.search(c)]
    out = []
    seen = set()
    for cls in judged:
        for owner, a in _inherited(cls, classes, attrs):
            if id(a) not in seen:
                seen.add(id(a))
                out.append(binding(doc, a.target.upper() if a.target.isupper() else a.target, a.value, a.node,
                                   conditional=a.conditional, scope=owner))
    # a group of settings: a model class the settings class holds as one field, read by pydantic-settings from
    # the environment with a nested delimiter (``security: Security = Field(default_factory=Security)`` reads
    # SECURITY__JWT_SECRET_KEY); its attributes are settings, named by their path from the settings class
    enumerations = _enumerations(doc.classes)
    groups = {name: bases for name, bases in doc.classes.items() if name not in classes and name not in enumerations}
    for a in doc.assignments:
        if a.scope in groups and "." not in a.target and "[" not in a.target:
            attrs.setdefault(a.scope, []).append(a)
    for prefix, group in _settings_groups(doc, judged, groups):
        for owner, a in _inherited(group, groups, attrs):
            if id(a) not in seen:
                seen.add(id(a))
                out.append(binding(doc, f"{prefix}.{a.target}", a.value, a.node, conditional=a.conditional,
                                   scope=owner))
    return out


def _model_names(stmt: ast.AnnAssign) -> set[str]:
    """The class names a field is a group of: any in its annotation, and in its value only a class made
    (``Database()``) or given as ``default_factory``. A class attribute read for the default (``Hints.SIGNING_KEY``)
    makes the field a plain value, not a group of that class's attributes."""
    names = {n.id for n in ast.walk(stmt.annotation) if isinstance(n, ast.Name)}
    for n in ast.walk(stmt.value) if stmt.value is not None else ():
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name):
            names.add(n.func.id)
        elif isinstance(n, ast.keyword) and n.arg == "default_factory" and isinstance(n.value, ast.Name):
            names.add(n.value.id)
    return names


def class_ancestors(classes: dict, name: str, levels: int) -> list[str]:
    """The bases of a class of this module and theirs, up to ``levels`` steps up, each once, nearest first.
    A walk of every path instead cost the number of paths: a module of a few kilobytes whose classes each
    subclass all of the layer above (nine layers of six) made millions, minutes for one file."""
    out: list[str] = []
    seen = {name}
    layer = [name]
    for _ in range(levels):
        nxt = []
        for cls in layer:
            for base in classes.get(cls, ()):
                out.append(base)
                if base not in seen:
                    seen.add(base)
                    nxt.append(base)
        layer = nxt
    return list(dict.fromkeys(out))


def _enumerations(classes: dict) -> set[str]:
    """The classes that are an Enum (or Flag), by their bases or a base of this module's: a field typed with one
    holds one of its members, which are the field's choices (`VaultKeys.GITHUB_TOKEN = "ci/github-token"`), not
    settings."""
    roots = {name for name, bases in classes.items()
             if any(base.rsplit(".", 1)[-1].endswith(("Enum", "Flag")) for base in bases)}
    return near_roots(classes, roots, 8)


def _settings_groups(doc, settings: list[str], groups: dict) -> list[tuple[str, str]]:
    """(path, class) of the groups the production settings classes hold as fields: a field annotated with a
    class of this module (``database: Database``, ``Optional[Database]``) or defaulting to one
    (``Field(default_factory=Database)``, ``Database()``), followed into the groups' own fields."""
    found: list[tuple[str, str]] = []
    owners = {name: "" for name in settings}
    class_nodes = [n for n in ast.walk(doc.module) if isinstance(n, ast.ClassDef)] if doc.module is not None else []
    for _ in range(3):  # a group of groups, as deep as settings are nested in practice
        nested = {}
        for node in class_nodes:
            if node.name not in owners:
                continue
            for stmt in node.body:
                if not isinstance(stmt, ast.AnnAssign) or not isinstance(stmt.target, ast.Name):
                    continue
                named = _model_names(stmt)
                for group in sorted(named & set(groups)):
                    if NON_PRODUCTION_CLASS.search(group) or any(g == group for _, g in found):
                        continue
                    path = f"{owners[node.name]}.{stmt.target.id}".lstrip(".")
                    found.append((path, group))
                    nested[group] = path
        if not nested:
            break
        owners = nested
    return found


def _inherited(cls: str, classes: dict, attrs: dict, depth: int = 0, memo: dict | None = None) -> list:
    """(class, assignment) pairs in force for a class: its own attributes over those of its bases. Each class is
    worked out once per depth (``memo``): classes that each subclass all of the layer above made a walk of every
    path, exponential in the layers."""
    if depth > 6 or cls not in classes:
        return []
    memo = {} if memo is None else memo
    if (cls, depth) in memo:
        return memo[cls, depth]
    own = [(cls, a) for a in attrs.get(cls, [])]
    names = {a.target for _, a in own}
    out = list(own)
    for base in classes[cls]:
        for owner, a in _inherited(base, classes, attrs, depth + 1, memo):
            if a.target not in names:
                names.add(a.target)
                out.append((owner, a))
    memo[cls, depth] = out
    return out


def frameworks(doc) -> set[str]:
    return {m.split(".")[0] for m in doc.imports} & set(FRAMEWORKS)


# ---- Django settings ------------------------------------------------------------------------------
@dataclass
class ModuleFacts:
    """What the model keeps of a Python module other files refer to."""
    rel: str
    bindings: list[Binding]
    stars: list[tuple[str, int, bool]]  # (module as written, line, conditional)

    @cached_property
    def names(self) -> set[str]:
        return {b.name for b in self.bindings}

    @property
    def is_settings(self) -> bool:
        return bool(self.names & _DJANGO_STRONG) or "SECRET_KEY" in self.names and \
            bool(self.names & {"DEBUG", "ALLOWED_HOSTS"})


@dataclass
class Settings:
    """The effective Django settings of a module production runs: every binding along its
    ``from .base import *`` chain, in the order Python executes them."""
    module: str  # rel of the module production points at
    chain: list[str]  # rels of the modules read, the module first
    bindings: list[Binding] = field(default_factory=list)
    judged_from: str = ""  # the file being checked: the module itself, or a base module in its chain
    unresolved: bool = False  # a star import along the chain names a module the repository does not hold

    def owns(self, b: Binding) -> bool:
        """Whether a finding about this binding belongs to the check of ``judged_from``: always from the
        module itself; from a base module only when the binding is written there (the module's own check
        reports the rest, and the engine folds the copies together)."""
        return self.judged_from in ("", self.module) or b.path == self.judged_from

    def all(self, name: str) -> list[Binding]:
        return list(self._by_name().get(name, ()))

    def _by_name(self) -> dict[str, list[Binding]]:
        return grouped(self, "_index", self.bindings, lambda b: b.name)

    def get(self, name: str) -> Binding | None:
        """The binding that wins: the last one that always runs, else the last one."""
        found = self.all(name)
        plain = [b for b in found if not b.conditional]
        return (plain or found or [None])[-1]

    def has(self, name: str) -> bool:
        return name in self._by_name()

    @property
    def complete(self) -> bool:
        """A whole project's settings (not a fragment): missing settings mean Django's defaults. Django does
        not start without a SECRET_KEY, so a module that lists INSTALLED_APPS but binds no SECRET_KEY along its
        chain is a part another settings module pulls in (docker-openwisp's per-image `module_settings.py`,
        copied into the package and star-imported by `settings.py`; django-split-settings' components)."""
        names = self._by_name().keys()
        return bool(names & {"INSTALLED_APPS", "MIDDLEWARE", "ROOT_URLCONF"}) and ("SECRET_KEY" in names
                                                                                 or self.unresolved)


_SETTINGS_NAMED = lazy(
    r"""DJANGO_SETTINGS_MODULE["']?\]?\s*[,=:]\s*["']?([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)"""
    r"""|--settings[= ]["']?([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)""")
# Django management commands a Dockerfile runs while building the image, not when the container starts
_BUILD_STEP = lazy(r"\b(collectstatic|compilemessages|compress|compilescss)\b")
# Django's development server: the settings it is started with are a developer's
_DEV_SERVER_STEP = lazy(r"\brunserver(_plus)?\b")


def _logical_line(text: str, start: int, end: int) -> str:
    """The line holding text[start:end], with the lines a trailing backslash continues (at most 20)."""
    begin = text.rfind("\n", 0, start) + 1
    for _ in range(20):
        stop = text.find("\n", end)
        if stop < 0:
            return text[begin:]
        if not text[:stop].rstrip(" \t\r").endswith("\\"):
            return text[begin:stop]
        end = stop + 1
    return text[begin:end]


def _command_segment(text: str, start: int, end: int) -> str:
    """The shell command (of the logical line, split at ``&&``, ``||`` and ``;``) holding text[start:end]:
    ``collectstatic --settings=x.build && gunicorn --env DJANGO_SETTINGS_MODULE=x.docker`` names build settings
    for the first command and the served ones for the second."""
    begin = text.rfind("\n", 0, start) + 1
    line = _logical_line(text, start, end)
    at = start - begin
    cut = 0
    for sep in _COMMAND_SEPARATOR.finditer(line):
        if sep.start() >= at:
            return line[cut:sep.start()]
        cut = sep.end()
    return line[cut:]


_COMMAND_SEPARATOR = lazy(r"&&|\|\||;")
_PRODUCTION_SETTINGS = lazy(r"^(prod|production|live|settings_prod(uction)?|prod(uction)?_settings)\.py$", re.I)
# (the module's dots, then a name that starts with a letter: `\.*[\w.]*` split a line of dots every way, quadratic)
_STAR = lazy(r"^[ \t]*from[ \t]+(\.*(?:\w[\w.]*)?)[ \t]+import[ \t]+\*", re.M)
# a limiter the project wrote itself, by its class (see _LIMITER_PATTERNS)
_OWN_LIMITER_CLASS = (
    r"^[ \t]*class[ \t]+(?!\w*(Error|Exception|Exceeded|Failure|Failed|Warning|Config|Settings|Info|Status|"
    r"Header|Response|Result|Session|Client|Options|Params|Schema))\w*(RateLimit|TokenBucket|LeakyBucket|Throttl)"
    # an exception class is what a limit raises, not a limiter (alerta's `class RateLimit(BaseError)`)
    r"\w*[ \t]*(:|\((?![ \t]*[\w.]*(Error|Exception)[ \t]*[,)]))")
_OWN_LIMITER = lazy(_OWN_LIMITER_CLASS, re.I | re.M)
_CLASS_NAME = lazy(r"^[ \t]*class[ \t]+(\w+)", re.M)
_LIMITER_PATTERNS = (
    r"django[-_]ratelimit|(?-i:(?<![-\w])ratelimit(?![-\w]))|slowapi|flask[-_]limiter|django[-_]axes|"
    r"fastapi[-_]limiter|"
    # django-axes named as an app or middleware ("axes", "axes.middleware.AxesMiddleware"), pinned or imported;
    # not a plot's `axes` in a script
    r"(?-i:[\"']axes(\.[\w.]+)?[\"']|(^|[\"'])axes[ \t]*(==|>=|<=|~=|!=|<|>)|^[ \t]*(from|import)[ \t]+axes\b)|"
    # DRF throttles only through throttle classes (rates alone, or an empty list, throttle nothing)
    r"\bthrottle_classes\s*(=\s*[\[(]\s*[\w\"']|\(\s*[\[(]\s*\w)|"
    # the `limits` package pinned in a manifest (`limits>=3`, `"limits==3.7"`) or imported; not a variable
    # named `limits = {...}` in the code
    r"starlette[-_]limiter|(?-i:(^|[\"'])limits[ \t]*(==|>=|<=|~=|!=|<|>)|^[ \t]*(from|import)[ \t]+limits\b)|"
    r"django[-_]defender|flask[-_]rate[-_]?limit|django[-_]brake|"
    r"@limiter\.limit|Limiter\(|"
    # an account lockout of the project's own after a number of failed logins (pgAdmin's MAX_LOGIN_ATTEMPTS = 3),
    # the protection django-axes gives a login form
    r"^[ \t]*(MAX_(FAILED_)?LOGIN_(ATTEMPTS|FAILURES|RETRIES)|(FAILED_)?LOGIN_ATTEMPTS?_LIMIT|LOCKOUT_THRESHOLD)"
    r"[ \t]*(:[ \t]*int[ \t]*)?=[ \t]*[1-9]|"
    # Litestar's RateLimitConfig (its middleware is the limiter; the record's name alone is excluded below)
    r"\b(litestar|starlite)\.middleware\.rate_limit\b|"
    # a limiter the project wrote itself: a token bucket, a throttle or rate-limit class (healthchecks'
    # TokenBucket.authorize_login_email guards its login form). Not what describes or suffers someone else's
    # limit: an exception, a RateLimitConfig/RateLimitInfo/RateLimitHeaders record, a ThrottledSession
    # client for an upstream API. [ \t]* rather than \s*: on a run of blank lines \s* is quadratic
    + _OWN_LIMITER_CLASS)
# DRF's settings-wide throttles, which the settings model reads for itself (the REST_FRAMEWORK that wins)
_DRF_SETTINGS_THROTTLES = (r"[\"']DEFAULT_THROTTLE_CLASSES[\"']\s*:\s*[\[(]\s*[\w\"']|"
                           r"AnonRateThrottle|UserRateThrottle|ScopedRateThrottle")
_LIMITERS = lazy(_DRF_SETTINGS_THROTTLES + "|" + _LIMITER_PATTERNS, re.I | re.M)
_OTHER_LIMITERS = lazy(_LIMITER_PATTERNS, re.I | re.M)
AUTH_PATH = lazy(r"(^|[/_-])(log-?in|sign-?in|signup|sign-up|register|token|auth|password|passwd|otp|"
                       r"reset|jwt|session)s?([/_.-]|$)", re.I)
_AUTH_TEXT = lazy(
    r"""\b(route|get|post|put|patch|api_route|path|re_path|url|add_url_rule|add_api_route|websocket)\(\s*[rbu]?["']"""
    r"""[^"'\n]*(log-?in|sign-?in|signup|register|token|auth|password|otp|jwt)|"""
    # a Litestar handler's ``path="/login"`` keyword, or a controller's prefix (``path = "/auth"``) naming the
    # routes of its handlers
    r"""\bpath[ \t]*(:[^=\n]*)?=[ \t]*[rbu]?["'][^"'\n]*"""
    r"""(log-?in|sign-?in|signup|register|token|auth|password|otp|jwt)|"""
    r"""include\(\s*["'](django\.contrib\.auth\.urls|rest_framework\.urls|dj_rest_auth[\w.]*|"""
    r"""djoser\.urls[\w.]*|rest_auth[\w.]*)["']|obtain_auth_token|TokenObtainPairView|LoginView|"""
    r"""OAuth2PasswordRequestForm|\.get_(auth|register|reset_password)_router\(""")
_MANIFESTS = ("requirements.txt", "pyproject.toml", "Pipfile", "setup.cfg", "setup.py", "manage.py")


class PythonModel:
    def __init__(self, project):
        self.project = project
        self._facts: dict[str, ModuleFacts | None] = {}
        self._modules: dict[str, object] = {}  # rel -> another module read by a check (see _parse)
        self._named: set[str] | None = None
        self._build: set[str] = set()
        self._importers: dict[str, set[str]] | None = None
        self._nginx: dict[str, bool] | None = None
        self._backends: dict[str, dict] = {}

    # ---- modules -------------------------------------------------------------------------------
    def module_file(self, module: str, from_rel: str | None = None) -> str | None:
        """rel of the file a module name points at: relative to ``from_rel`` when it starts with dots,
        else the discovered file whose path ends with the module's path."""
        if module.startswith("."):
            if from_rel is None:
                return None
            level = len(module) - len(module.lstrip("."))
            base = PurePosixPath(from_rel).parent
            for _ in range(level - 1):
                base = base.parent
            parts = [p for p in module.lstrip(".").split(".") if p]
            stem = base.joinpath(*parts) if parts else base
            for candidate in (f"{stem}.py", f"{stem}/__init__.py"):
                candidate = candidate.lstrip("./") if candidate.startswith("./") else candidate
                if self._exists(candidate):
                    return candidate
            return None
        tail = module.replace(".", "/")
        hits = [rel for rel in self._python_rels() if rel == f"{tail}.py" or rel.endswith(f"/{tail}.py")
                or rel == f"{tail}/__init__.py" or rel.endswith(f"/{tail}/__init__.py")]
        if hits:
            return min(hits, key=lambda r: (r.count("/"), r))
        # not discovered (a pre-commit run, a scoped run): look on disk from the referring file up
        if from_rel is not None:
            for base in [*PurePosixPath(from_rel).parents]:
                prefix = "" if str(base) == "." else f"{base}/"
                for candidate in (f"{prefix}{tail}.py", f"{prefix}{tail}/__init__.py"):
                    if self._exists(candidate):
                        return candidate
        return None

    def _python_rels(self) -> list[str]:
        cached = self.__dict__.get("_rels")
        if cached is None:
            cached = self.__dict__["_rels"] = [f.rel for f in self.project.files if f.rel.endswith(".py")]
        return cached

    def _exists(self, rel: str) -> bool:
        if rel in self.project.by_rel:
            return True
        path = self.project.root / rel
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return False
        return real.is_file() and (self.project.root in real.parents)

    def facts(self, rel: str, doc=None) -> ModuleFacts | None:
        """Small facts of a module, from ``doc`` when the caller has it parsed, else parsed once here."""
        if rel in self._facts and (self._facts[rel] is not None or doc is None):
            return self._facts[rel]
        if doc is None:
            doc = self._parse(rel)
        facts = None
        if doc is not None and doc.module is not None:
            facts = ModuleFacts(rel, list(module_bindings(doc)),
                                [(m, doc.span(n).line, c) for m, n, c in doc.star_imports])
            classes = class_settings(doc, _settings_class_bindings,
                                     lambda module: self.configuration_module(module, rel), NON_PRODUCTION_CLASS)
            if classes is not None:  # django-configurations: the classes a deployment picks are the settings
                facts.bindings.extend(classes[0])
                facts.stars.extend((m, doc.span(n).line, c) for m, n, c in classes[1])
        self._facts[rel] = facts
        return facts

    def _parse(self, rel: str):
        """Another module, read ahead of its own check or beside it, once per run: a listed Python file through
        the project (kept until its check, which then parses nothing), any other file by itself."""
        if rel not in self._modules:
            file = self.project.by_rel.get(rel)
            if file is not None and file.kind == "python":
                readable = not file.unreadable and bool(file.text)
                self._modules[rel] = self.project.document(file, keep=True) if readable else None
            else:
                self._modules[rel] = self._parse_alone(rel)
        return self._modules[rel]

    def _parse_alone(self, rel: str):
        from ..files import SourceFile
        from ..parsers.python import parse
        file = self.project.by_rel.get(rel)
        if file is None:
            if not self._exists(rel):
                return None
            file = SourceFile(self.project.root / rel, rel, "python", self.project.role(rel),
                              self.project.overlay.get(rel), max_bytes=self.project.max_bytes,
                              root=self.project.root)
        if file.unreadable or not file.text:
            return None
        return parse(file)

    def _text(self, rel: str) -> str:
        file = self.project.by_rel.get(rel)
        if file is None:
            return ""
        loaded = file.loaded
        text = file.text if not file.unreadable else ""
        if not loaded:
            file.release()  # read for a regex, not kept: the file's own check reads it again
        return text or ""

    # ---- which settings production runs ----------------------------------------------------------
    def named_settings(self) -> set[str]:
        """rels of the modules DJANGO_SETTINGS_MODULE (or ``--settings``) names in production files."""
        if self._named is None:
            named: set[str] = set()
            build: set = set()
            defaults: set[str] = set()  # named by os.environ.setdefault in wsgi.py / manage.py
            explicit: set[str] = set()
            served: set[str] = set()  # named by wsgi.py / asgi.py: what the application server imports
            managed: set[str] = set()  # named by manage.py's setdefault
            for file in self.project.files:
                if file.role != "production" or file.kind not in ("python", "env", "compose", "dockerfile"):
                    continue
                if file.kind == "python" and PurePosixPath(file.rel).name not in ("wsgi.py", "asgi.py", "manage.py",
                                                                                    "__init__.py", "celery.py"):
                    continue
                text = self._text(file.rel)
                if "DJANGO_SETTINGS_MODULE" not in text and "--settings" not in text:
                    continue
                for m in _SETTINGS_NAMED.finditer(text):
                    if file.kind == "python" and "#" in text[text.rfind("\n", 0, m.start()) + 1:m.start()]:
                        continue  # a comment's example (`#    ./manage.py runserver --settings=core.settings.debug`)
                    if _DEV_SERVER_STEP.search(_command_segment(text, m.start(), m.end())):
                        continue  # the settings of Django's development server, not the served ones
                    if file.kind == "dockerfile" and _BUILD_STEP.search(_command_segment(text, m.start(), m.end())):
                        # settings for a build step (collectstatic) are not the ones the app serves with
                        build.add(self.module_file(m.group(1) or m.group(2)))
                        continue
                    rel = self.module_file(m.group(1) or m.group(2))
                    if rel is not None:
                        named.add(rel)
                        if file.kind == "python" and "setdefault" in text[max(0, m.start() - 40):m.start()]:
                            defaults.add(rel)
                            name = PurePosixPath(file.rel).name
                            if name in ("wsgi.py", "asgi.py"):
                                served.add(rel)
                            elif name == "manage.py":
                                managed.add(rel)
                        else:
                            explicit.add(rel)
            for extra in ("Procfile",):
                if not self._exists(extra):
                    continue
                text = read_head(self.project.root / extra, self.project.root, 100_000)
                if not text:
                    continue
                for m in _SETTINGS_NAMED.finditer(text):
                    rel = self.module_file(m.group(1) or m.group(2))
                    if rel is not None:
                        named.add(rel)
                        explicit.add(rel)
            # wsgi.py's os.environ.setdefault names the module run when the deployment sets nothing; when a
            # production-named module builds on that one (``from .base import *`` in production.py), the
            # deployment sets DJANGO_SETTINGS_MODULE to it, and the default is a base production overrides
            for rel in defaults - explicit:
                if any(_PRODUCTION_SETTINGS.match(PurePosixPath(r).name) for r in self.importers(rel)):
                    named.discard(rel)
            # manage.py's default, when wsgi.py/asgi.py default to another module, is the developer's
            # (`manage.py runserver`; apprise-api's `core.settings.debug` beside wsgi's `core.settings`): the
            # application server never loads it, unless a deployment names it explicitly
            tooling = managed - served - explicit if served else set()
            tooling |= self._pytest_settings() - explicit - served
            named -= tooling
            self._named = named
            self._build = (build | tooling) - named - {None}
        return self._named

    def _pytest_settings(self) -> set[str]:
        """rels of the settings modules pytest-django's configuration names (``DJANGO_SETTINGS_MODULE =
        x.settings.test`` in pytest.ini, tox.ini, setup.cfg or pyproject.toml): the test run's, never the
        served ones."""
        out: set[str] = set()
        for name in ("pytest.ini", "tox.ini", "setup.cfg", "pyproject.toml"):
            if not self._exists(name):
                continue
            text = read_head(self.project.root / name, self.project.root, 200_000) or ""
            if "DJANGO_SETTINGS_MODULE" not in text:
                continue
            for m in _SETTINGS_NAMED.finditer(text):
                rel = self.module_file(m.group(1) or m.group(2))
                if rel is not None:
                    out.add(rel)
        return out

    def build_settings(self) -> set[str]:
        """rels of the settings modules a Dockerfile names only for a build step (``collectstatic``): never
        the settings production serves with, even when no other module imports them."""
        self.named_settings()
        return self._build

    def importers(self, rel: str) -> set[str]:
        """Production settings modules that ``from <rel> import *``: discovered files, and the module's
        neighbours on disk (a pre-commit run passes base.py without production.py)."""
        if self._importers is None:
            self._importers = {}
            self._indexed: set[str] = set()
            for file in self.project.files:
                if file.kind == "python":
                    self._index(file.rel)
        folder = PurePosixPath(rel).parent
        for directory in {folder, folder.parent}:
            base = self.project.root / directory
            try:
                names = sorted(p.name for p in base.iterdir() if p.suffix == ".py")[:200] if base.is_dir() else []
            except OSError:
                names = []
            for name in names:
                self._index(name if str(directory) == "." else f"{directory}/{name}")
        return self._importers.get(rel, set())

    def _index(self, rel: str) -> None:
        if rel in self._indexed:
            return
        self._indexed.add(rel)
        if self.project.role(rel) != "production" or not _settings_like(rel):
            return
        if rel in self.project.by_rel:
            text = self._text(rel)
        elif self._exists(rel):  # inside the root, symlinks included
            text = read_head(self.project.root / rel, self.project.root, 1 << 20)
            if not text:
                return
        else:
            return
        for module in [m.group(1) for m in _STAR.finditer(text)]:
            target = self.module_file(module, rel)
            if target is not None and target != rel:
                self._importers.setdefault(target, set()).add(rel)
        for module in importer_targets(text):  # `class Production(Base)` of django-configurations
            target = self.module_file(module, rel)
            if target is not None and target != rel and self.configuration_module(module, rel):
                self._importers.setdefault(target, set()).add(rel)

    def configuration_module(self, module: str, from_rel: str, depth: int = 0) -> bool:
        """Whether the project module ``module`` (as ``from_rel`` imports it) defines django-configurations
        classes: it imports the package, or subclasses such a class from a module that does."""
        target = self.module_file(module, from_rel)
        if target is None or depth > 4:
            return False
        cache = self.__dict__.setdefault("_configuration_modules", {})
        if target not in cache:
            cache[target] = False  # a cycle of imports ends here
            text = self._text(target) if target in self.project.by_rel else \
                read_head(self.project.root / target, self.project.root, 1 << 20) if self._exists(target) else ""
            cache[target] = bool(text) and (imports_configurations(text) or any(
                self.configuration_module(m, target, depth + 1) for m in importer_targets(text)))
        return cache[target]

    def settings(self, doc) -> Settings | None:
        """The effective settings when ``doc`` is a Django settings module production runs; None otherwise
        (not settings, or a base that production modules import and may override)."""
        cached = doc.__dict__.get("_py_settings", UNKNOWN)
        if cached is not UNKNOWN:
            return cached
        result = None
        facts = self.facts(doc.rel, doc)
        if facts is not None and (facts.is_settings or facts.stars and _settings_like(doc.rel)):
            named = doc.rel in self.named_settings()
            if named or not self.importers(doc.rel) and doc.rel not in self.build_settings():
                result = self._effective(doc.rel)
                if not named and not any(self.facts(r) and self.facts(r).is_settings for r in result.chain):
                    result = None
        doc.__dict__["_py_settings"] = result
        return result

    def _effective(self, rel: str) -> Settings:
        out = Settings(rel, [])
        self._expand(rel, out, 0)
        return out

    def _expand(self, rel: str, out: Settings, depth: int, conditional: bool = False) -> None:
        """``conditional``: the module is star-imported under a condition (`if "DYNO" in os.environ: from .heroku
        import *`), so none of its bindings is sure to run: an unconditional one of the importer still wins."""
        if rel in out.chain or depth > 8:
            return
        facts = self.facts(rel)
        if facts is None:
            return
        out.chain.append(rel)
        events = [(b.target.line, 0, b) for b in facts.bindings]
        for module, line, star_conditional in facts.stars:
            target = self.module_file(module, rel)
            if target is None:
                # `from .secrets import *` of a file the repository does not hold (git-ignored, written at
                # deploy): what it binds is unknown, SECRET_KEY included
                out.unresolved = True
                continue
            if star_conditional and self.project.role(target) != "production":
                continue
            if self.project.role(target) != "production" and target not in self.named_settings():
                continue  # ``from .local import *``: a developer's overrides do not run in production
            events.append((line, 1, (target, star_conditional)))
        for _, kind, item in sorted(events, key=lambda e: (e[0], e[1])):
            if kind == 0:
                out.bindings.append(replace(item, conditional=True) if conditional and not item.conditional
                                    else item)
            else:
                self._expand(item[0], out, depth + 1, conditional or item[1])

    # ---- the proxy in front ------------------------------------------------------------------
    def nginx(self) -> dict[str, bool]:
        """What the repository's nginx configuration does for the backend: ``present``, ``redirect`` (a
        ``return 301 https://`` somewhere), ``hsts`` (adds Strict-Transport-Security), ``headers`` (adds any
        security header), ``csp`` / ``frame`` / ``nosniff`` (adds Content-Security-Policy, X-Frame-Options,
        X-Content-Type-Options) and ``body_limit`` (caps request bodies: ``client_max_body_size`` other than 0,
        which lifts the cap). A production Caddyfile or Traefik configuration counts for all but ``present``
        (linter.model.caddy: a site with a host name is redirected to HTTPS by Caddy itself; linter.model.traefik)."""
        if self._nginx is None:
            facts = {"present": False, "redirect": False, "hsts": False, "headers": False, "csp": False,
                     "frame": False, "nosniff": False, "body_limit": False}
            for file in self.project.files:
                if file.kind != "nginx" or file.role != "production":
                    continue
                text = self._text(file.rel)
                facts["present"] = True
                if re.search(r"return\s+30[1278]\s+https://|rewrite\s+\S+\s+https://\S*\s+permanent", text):
                    facts["redirect"] = True
                if re.search(r"add_header\s+[\"']?Strict-Transport-Security", text, re.I):
                    facts["hsts"] = True
                if _NGINX_SECURITY_HEADERS.search(text):
                    facts["headers"] = True
                for fact, header in (("csp", "Content-Security-Policy"), ("frame", "X-Frame-Options"),
                                     ("nosniff", "X-Content-Type-Options")):
                    if re.search(rf"add_header\s+[\"']?{header}\b", text, re.I):
                        facts[fact] = True
                if re.search(r"(?m)^[^#\n]*\bclient_max_body_size\s+[\"']?(?!0+[kKmMgG]?[\"']?\s*;)\d", text):
                    facts["body_limit"] = True
            from .caddy import project_caddy_facts
            from .traefik import project_traefik_facts
            for proxy in (project_caddy_facts(self.project), project_traefik_facts(self.project)):
                for fact, value in proxy.items():  # a Caddy or Traefik front proxy does the same for the app
                    if fact in facts and fact != "present":  # "present" is nginx's: messages asking for it name nginx
                        facts[fact] = facts[fact] or value
            self._nginx = facts
        return self._nginx

    # ---- backends --------------------------------------------------------------------------------
    def backend_of(self, rel: str) -> str:
        """The directory of the backend a file belongs to: the nearest one up the tree holding a
        manifest (requirements.txt, pyproject.toml, Pipfile, setup.cfg/py) or manage.py."""
        directory = PurePosixPath(rel).parent
        cache = self.__dict__.setdefault("_backend_dirs", {})
        if directory in cache:
            return cache[directory]
        base = self.project.root / directory
        if any((base / name).is_file() for name in _MANIFESTS) or any(base.glob("requirements*.txt")):
            found = str(directory)
        elif str(directory) in (".", ""):
            found = "."
        else:
            found = self.backend_of(f"{directory.parent}/x.py" if str(directory.parent) != "." else "x.py")
        cache[directory] = found
        return found

    def auth_anchor(self, doc) -> str | None:
        """The production file, first by path, of ``doc``'s backend whose code declares an auth route: the
        text search picks candidates, the tree confirms them (a comment naming /login is not a route)."""
        facts = self.backend(doc.rel)
        if "anchor" not in facts:
            anchor = None
            for rel in facts["candidates"]:
                parsed = doc if rel == doc.rel else self._parse(rel)
                if parsed is not None and parsed.module is not None and auth_routes(parsed, self.project):
                    anchor = rel
                    break
            facts["anchor"] = anchor
        return facts["anchor"]

    def unlimited_anchor(self, doc) -> str | None:
        """The production file, first by path, of ``doc``'s backend that declares an auth route no limit covers,
        when the backend limits requests route by route only (see :func:`unlimited_auth_routes`); else None."""
        facts = self.backend(doc.rel)
        if "unlimited_anchor" not in facts:
            anchor = None
            if per_route_limits_only(facts):
                for rel in facts["candidates"]:
                    parsed = doc if rel == doc.rel else self._parse(rel)
                    if parsed is not None and parsed.module is not None and \
                            unlimited_auth_routes(parsed, self.project):
                        anchor = rel
                        break
            facts["unlimited_anchor"] = anchor
        return facts["unlimited_anchor"]

    def route_guards(self) -> dict:
        """Access control written away from the routes it covers, indexed once per project (a text search
        picks the files, the tree confirms): ``routers`` {(rel, name): [dependencies]} of
        ``app.include_router(router, dependencies=[...])``; ``hooks`` {(rel, name): [hook def]} of Flask
        ``@bp.before_request`` hooks; ``apps`` {backend: [dependencies]} of ``FastAPI(dependencies=[...])``;
        ``app_hooks`` {backend: [hook def]} of hooks every request of the app runs (``@app.before_request``
        on a ``Flask()`` app, ``before_app_request``); ``django_login`` {backends whose production settings
        list ``LoginRequiredMiddleware``}; ``litestar`` {(rel, name) of Litestar handlers, controllers and
        routers a guarded ``Router`` / ``Litestar`` lists in ``route_handlers``, directly or through routers};
        ``litestar_apps`` {backends whose Litestar app has guards or a security backend}. A Litestar app's
        ``middleware`` joins ``apps``. Rules judge whether a dependency or hook checks the caller."""
        cached = self.__dict__.get("_route_guards")
        if cached is not None:
            return cached
        out = {"routers": {}, "hooks": {}, "apps": {}, "app_hooks": {}, "django_login": set(), "litestar": set(),
               "litestar_apps": set()}
        listed = {}  # (rel, router name) -> keys its route_handlers name, for guards a router passes on
        self.__dict__["_route_guards"] = out
        for file in sorted(self.project.files, key=lambda f: f.rel):
            if file.kind != "python" or file.role != "production":
                continue
            text = self._text(file.rel)
            if not _GUARD_TEXT.search(text):
                continue
            doc = self._parse(file.rel)
            if doc is None or doc.module is None:
                continue
            backend = self.backend_of(file.rel)
            for site in doc.calls:
                last = site.name.rsplit(".", 1)[-1]
                deps = site.kwargs.get("dependencies")
                if last == "include_router" and site.args and deps is not None:
                    key = self.origin(doc, dotted(site.args[0]) or "")
                    if key is not None:
                        out["routers"].setdefault(key, []).append(deps)
                elif last == "FastAPI" and deps is not None:
                    out["apps"].setdefault(backend, []).append(deps)
                elif last in ("before_request", "before_app_request") and "." in site.name and site.args:
                    hook = _local_def(doc, site.args[0])
                    if hook is not None:
                        self._add_hook(out, doc, backend, site.name.rsplit(".", 1)[0], last, hook)
                elif last in _LITESTAR_APPS + ("Router",) + litestar.AUTH_BACKENDS and \
                        litestar.from_litestar(doc, site.name):
                    self._litestar_guards(out, listed, doc, backend, site, last)
            for node in ast.walk(doc.module):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    for d in node.decorator_list:
                        if isinstance(d, ast.Attribute) and d.attr in ("before_request", "before_app_request"):
                            self._add_hook(out, doc, backend, dotted(d.value) or "", d.attr, node)
            if "LoginRequiredMiddleware" in text:
                settings = self.settings(doc)
                b = settings.get("MIDDLEWARE") if settings is not None else None
                if b is not None and isinstance(b.value, (list, tuple)) and \
                        any(str(m).endswith(".LoginRequiredMiddleware") for m in b.value):
                    out["django_login"].add(backend)
        pending = list(out["litestar"])
        while pending:  # a guarded router guards the routers it lists, and theirs
            for key in listed.get(pending.pop(), ()):
                if key not in out["litestar"]:
                    out["litestar"].add(key)
                    pending.append(key)
        return out

    def _litestar_guards(self, out, listed, doc, backend, site, last) -> None:
        if last in litestar.AUTH_BACKENDS:
            out["litestar_apps"].add(backend)
            return
        guarded = litestar.guards_given(site.kwargs.get("guards"))
        if last in _LITESTAR_APPS:
            if guarded:
                out["litestar_apps"].add(backend)
            if site.kwargs.get("middleware") is not None:
                out["apps"].setdefault(backend, []).append(site.kwargs["middleware"])
            return
        handlers = site.kwargs.get("route_handlers", site.args[1] if len(site.args) > 1 else None)
        keys = [k for e in (handlers.elts if isinstance(handlers, (ast.List, ast.Tuple)) else ())
                if (k := self.origin(doc, dotted(e) or "")) is not None]
        if guarded:
            out["litestar"].update(keys)
        for a in doc.assignments:
            if a.value is site.node and a.module_level:
                listed.setdefault((doc.rel, a.target), []).extend(keys)

    def _add_hook(self, out, doc, backend, receiver, kind, hook) -> None:
        flask_app = any(a.target == receiver and isinstance(a.value, ast.Call)
                        and (dotted(a.value.func) or "").rsplit(".", 1)[-1] == "Flask" for a in doc.assignments)
        if kind == "before_app_request" or flask_app:
            out["app_hooks"].setdefault(backend, []).append(hook)  # Flask runs an app's hooks for every blueprint
        key = self.origin(doc, receiver)
        if key is not None:
            out["hooks"].setdefault(key, []).append(hook)

    def origin(self, doc, name: str):
        """(rel, name) of the module-level object a dotted name of ``doc`` refers to: defined in ``doc``,
        imported (``from .admin import router``, ``from . import bp``) or reached through a module
        (``admin.router``); None when not followed."""
        head, _, rest = name.partition(".")
        if not head:
            return None
        imported = doc.names.get(head)
        if imported is None:
            return (doc.rel, name) if not rest else None
        if rest:
            module, attr = imported, rest
        elif "." in imported:
            module, attr = imported.rsplit(".", 1)
        else:
            module, attr = ".", imported  # ``from . import bp``: the package's own __init__
        if "." in attr:
            return None
        rel = self.module_file(module, doc.rel)
        return (rel, attr) if rel is not None else None

    def _unused_limiter_classes(self, rel: str, text: str, prefix: str) -> bool:
        """Whether the file's only limiter is classes of its own that no other production file of the backend
        uses: a `RateLimitMiddleware` written but never added to the app (re-exported by a package's
        `__init__.py` at most) limits nothing."""
        own = _OWN_LIMITER.search(text)
        if own is None or _LIMITERS.search(_OWN_LIMITER.sub("", text)):
            return False
        names = {m.group(1) for m in _CLASS_NAME.finditer(text)
                 if _OWN_LIMITER.match(text, m.start()) is not None}
        if not names:
            return False
        used = lazy(r"(?<![\"'\w])(" + "|".join(map(re.escape, sorted(names))) + r")(?![\"'\w])")
        for file in self.project.files:
            if file.kind != "python" or file.role != "production" or file.rel == rel or \
                    not file.rel.startswith(prefix):
                continue
            other = self._text(file.rel)
            if any(used.search(line) and not line.lstrip().startswith(("from ", "import "))
                   for line in other.splitlines() if used.search(line)):
                return False
        return True

    def backend(self, rel: str) -> dict:
        """Facts of the backend holding ``rel``: ``limiter`` (a rate limiter is installed or used),
        ``candidates`` (production files, by path, whose text mentions an auth route; see :meth:`auth_anchor`),
        ``apps`` (files creating a Flask, FastAPI or Starlette app) and ``framework`` (the first one's)."""
        root = self.backend_of(rel)
        facts = self._backends.get(root)
        if facts is None:
            facts = {"limiter": False, "other_limiter": False, "candidates": [], "headers": False, "apps": [],
                     "per_route_limits": False, "global_limits": False}
            base = self.project.root / root
            prefix = "" if root == "." else root + "/"
            for name in ("requirements.txt", "pyproject.toml", "Pipfile", "setup.cfg", "setup.py"):
                extra = sorted(base.glob("requirements*.txt"))[:8] + sorted(base.glob("requirements/*.txt"))[:8] \
                    if name == "requirements.txt" else []
                for path in [base / name] + extra:
                    rel_path = f"{prefix}{path.relative_to(base).as_posix()}"
                    if not self._exists(rel_path):
                        continue
                    text = read_head(path, self.project.root, 200_000)
                    if not text:
                        continue
                    if _LIMITERS.search(text):
                        facts["limiter"] = True
                        facts["other_limiter"] = facts["other_limiter"] or bool(_OTHER_LIMITERS.search(text))
                    if _HEADER_PACKAGES.search(text):
                        facts["headers"] = True
            for file in sorted(self.project.files, key=lambda f: f.rel):
                if file.kind != "python" or file.role != "production" or not file.rel.startswith(prefix) or \
                        self.backend_of(file.rel) != root:
                    continue  # a package with a manifest of its own (`packages/admin-cli/`) is another backend
                text = self._text(file.rel)
                # a Django management command runs from a shell or a cron job: a limiter there paces the
                # command's own calls to another service and limits no request
                if not facts["other_limiter"] and "/management/commands/" not in f"/{file.rel}" and \
                        _LIMITERS.search(text) and not self._unused_limiter_classes(file.rel, text, prefix):
                    facts["limiter"] = True
                    facts["other_limiter"] = bool(_OTHER_LIMITERS.search(text))
                if "/management/commands/" not in f"/{file.rel}":
                    facts["per_route_limits"] = facts["per_route_limits"] or bool(_PER_ROUTE_LIMIT.search(text))
                    facts["global_limits"] = facts["global_limits"] or bool(_GLOBAL_LIMIT.search(text))
                if _AUTH_TEXT.search(text):
                    facts["candidates"].append(file.rel)
                if not facts["headers"] and _HEADER_CODE.search(text):
                    facts["headers"] = True
                created = _APP_CREATION.search(text)
                if created:
                    facts["apps"].append(file.rel)
                    facts.setdefault("framework", created.group(1).lower())  # what a message names when a
                    # file of the backend (a blueprint's views) imports no framework itself
            if re.search(r"limit_req\s", " ".join(self._text(f.rel) for f in self.project.files
                                                   if f.kind == "nginx" and f.role == "production")):
                facts["limiter"] = facts["other_limiter"] = facts["global_limits"] = True
            self._backends[root] = facts
        return facts


_GUARD_TEXT = lazy(r"include_router|before_(app_)?request|FastAPI\s*\(|LoginRequiredMiddleware|"
                   r"\b(Litestar|Starlite|Router)\s*\(|"
                   r"\b(JWTAuth|JWTCookieAuth|OAuth2PasswordBearerAuth|SessionAuth)\b")
_LITESTAR_APPS = ("Litestar", "Starlite")


def _local_def(doc, expr):
    """The module-level ``def`` a name of this module refers to."""
    if not isinstance(expr, ast.Name):
        return None
    for node in doc.module.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == expr.id:
            return node
    return None


def route_guards(project) -> dict:
    """See :meth:`PythonModel.route_guards`."""
    return python_model(project).route_guards()


def litestar_guarded(doc, project, site) -> bool:
    """Whether a Litestar handler decorator's route runs a guard or a security backend: guards on the handler,
    its controller, a ``Router`` or app listing it (see :meth:`PythonModel.route_guards`), or an app-wide
    ``JWTAuth`` / ``SessionAuth``. False for a call that is not a Litestar handler."""
    if not litestar.is_handler(doc, site):
        return False
    definition = decorated_definition(doc, site.node)
    if litestar.locally_guarded(doc, site, definition):
        return True
    guards = route_guards(project)
    if python_model(project).backend_of(doc.rel) in guards["litestar_apps"]:
        return True
    return definition is not None and litestar.handler_key(doc, definition) in guards["litestar"]


def route_origin(doc, project, name: str):
    """See :meth:`PythonModel.origin`."""
    return python_model(project).origin(doc, name)


# Security headers: a package that sets them, code that names them, nginx adding them in front
_HEADER_PACKAGES = lazy(r"(?im)^[ \t]*[\"']?(flask[-_]talisman|secure|django[-_]csp|starlette[-_]secure[-_]headers|"
                        r"fastapi[-_]security[-_]headers|secure[-_]headers)\b")
_HEADER_CODE = lazy(r"\bTalisman\b|^[ \t]*(from|import)[ \t]+secure\b|Content-Security-Policy|X-Content-Type-Options|"
                    r"X-Frame-Options|Strict-Transport-Security|SecureHeaders", re.I | re.M)
_NGINX_SECURITY_HEADERS = lazy(r"add_header\s+[\"']?(X-Content-Type-Options|Content-Security-Policy|"
                               r"X-Frame-Options|Strict-Transport-Security)", re.I)
_APP_CREATION = lazy(r"\b(Flask|FastAPI|Starlette|Litestar)\s*\(")
# a limit put on one route: Flask-Limiter's and slowapi's decorator, fastapi-limiter's RateLimiter dependency, a
# dependency of the project's own named for limiting (`Depends(rate_limiter_dependency)`)
_PER_ROUTE_LIMIT = lazy(r"@[ \t]*\w*limiter\.limit\(|\bDepends\([ \t]*(RateLimiter\(|\w*(rate_?limit|limiter|throttl)\w*)",
                        re.I)
# a limit on every route: Flask-Limiter's / slowapi's defaults, their middleware, a limiting middleware or a
# dependency given to the whole app, a router or an included router
_GLOBAL_LIMIT = lazy(r"\b(default_limits|application_limits|RATELIMIT_DEFAULT|RATELIMIT_APPLICATION)\b|"
                     r"SlowAPI(ASGI)?Middleware|add_middleware\([ \t]*\w*(RateLimit|Limit|Throttl)|"
                     r"\b(FastAPI|APIRouter|include_router|Blueprint)\([^)]{0,400}?dependencies[^)]{0,200}?"
                     r"(rate_?limit|limiter|throttl)|\blimiter\.limit\([^()]{0,200}\)\([ \t]*\w+[ \t]*\)", re.I)
# what names a limit on a route's own decorator, dependencies or parameters
_LIMIT_WORD = lazy(r"rate_?limit|limiter|throttl|RateLimiter", re.I)


def per_route_limits_only(facts) -> bool:
    """A Flask, FastAPI or Starlette backend whose production code limits requests route by route (a
    decorator or dependency per route) and nothing limits every route: Flask-Limiter and slowapi without
    default limits leave an undecorated route unlimited. Django's limiters (axes, DRF throttles) are not
    guessed at route by route."""
    return facts.get("framework") in ("flask", "fastapi", "starlette") and facts["per_route_limits"] and \
        not facts["global_limits"]


def unlimited_auth_routes(doc, project) -> list:
    """The auth routes of ``doc`` (see :func:`auth_routes`) that carry no limit of their own: no decorator,
    route dependency or parameter naming a limiter, and no router or blueprint of the module limited as a whole."""
    if _GLOBAL_LIMIT.search(getattr(doc, "_text", "") or ""):
        return []
    out = []
    for site in auth_routes(doc, project):
        parts = [ast.unparse(v) for v in site.kwargs.values()]
        definition = decorated_definition(doc, site.node)
        if isinstance(definition, (ast.FunctionDef, ast.AsyncFunctionDef)):
            parts += [ast.unparse(d) for d in definition.decorator_list if d is not site.node]
            parts.append(ast.unparse(definition.args))
        elif definition is None and not site.kwargs:
            continue  # a URL pattern or an include: its view's limits are not followed
        if not any(_LIMIT_WORD.search(p) and "exempt" not in p for p in parts):
            out.append(site)
    return out


def _settings_like(rel: str) -> bool:
    p = PurePosixPath(rel)
    return "settings" in p.name.lower() or "settings" in [s.lower() for s in p.parent.parts] or \
        p.parent.name.lower() in ("config", "conf") or bool(_PRODUCTION_SETTINGS.match(p.name))


def python_model(project) -> PythonModel:
    """The project's Python model, created on first use and kept on the Project for the run."""
    return project.models.get("python", lambda: PythonModel(project))


# ---- helpers shared by rules ----------------------------------------------------------------------
def route_paths(doc) -> list[tuple[str, object]]:
    """(path, call) of every route this file declares: ``@app.route("/x")``, ``@router.post("/x")``,
    ``path("x/", view)``, ``re_path``, ``url``, ``add_url_rule``, ``add_api_route``, and Litestar's handler
    decorators (``@get("/x")``, under their controller's ``path``)."""
    from ..parsers.python import literal
    out = []
    for site in doc.calls:
        last = site.name.rsplit(".", 1)[-1]
        if litestar.is_handler(doc, site):
            definition = decorated_definition(doc, site.node)
            out.extend((p, site) for p in litestar.handler_paths(doc, site, definition))
        elif last in ("route", "get", "post", "put", "patch", "delete", "api_route", "add_url_rule",
                    "add_api_route", "websocket") and "." in site.name or \
                last in ("path", "re_path", "url") and "." not in site.name.replace("django.urls.", ""):
            if last in _VERBS and decorated_definition(doc, site.node) is None and id(site.node) not in _applied(doc):
                continue  # `client.post("/auth/login", data=...)`: a request an HTTP client sends, not a route
            first = literal(site.args[0]) if site.args else literal(site.kwargs.get("path", site.kwargs.get("rule")))
            if isinstance(first, str) and (first.startswith("/") or last in ("path", "re_path", "url")):
                out.append((first, site))
    return out


_VERBS = frozenset({"get", "post", "put", "patch", "delete"})


def _applied(doc) -> set[int]:
    """ids of the calls whose result is called at once: ``app.get("/x")(handler)``, a route declared without
    the decorator syntax."""
    cached = doc.__dict__.get("_py_applied")
    if cached is None:
        cached = {id(n.func) for n in ast.walk(doc.module)
                  if isinstance(n, ast.Call) and isinstance(n.func, ast.Call)} if doc.module is not None else set()
        doc.__dict__["_py_applied"] = cached
    return cached


_FASTAPI_USERS_ROUTERS = ("get_auth_router", "get_register_router", "get_reset_password_router")


def auth_routes(doc, project=None) -> list:
    """Calls declaring a login/token/password route, or mounting an auth app
    (``include("django.contrib.auth.urls")``). Given the project, a Django pattern whose view is
    django-allauth's, or a class built on one (``class LoginView(SocialMixin, allauth.account.views.LoginView)``),
    is left out: allauth rate-limits its login, signup and password-reset views itself (``ACCOUNT_RATE_LIMITS``)."""
    from ..parsers.python import literal
    out = [site for path, site in route_paths(doc) if AUTH_PATH.search(_OBJECT_TOKENS.sub("", path.strip("^$")))
           and not _reads_only(doc, site)]
    for site in doc.calls:
        if site.name.rsplit(".", 1)[-1] == "include" and site.args:
            target = literal(site.args[0])
            if isinstance(target, str) and re.match(r"(django\.contrib\.auth|rest_framework|dj_rest_auth|djoser|"
                                                    r"rest_auth)\b", target):
                out.append(site)
        elif site.name.rsplit(".", 1)[-1] in ("TokenObtainPairView.as_view", "LoginView.as_view") or \
                site.name.endswith(("TokenObtainPairView.as_view", "LoginView.as_view")):
            out.append(site)
        elif site.name.rsplit(".", 1)[-1] in _FASTAPI_USERS_ROUTERS and "." in site.name:
            out.append(site)  # fastapi-users' login, registration and password-reset routers, as djoser's URLs
    if project is not None:
        out = [site for site in out if not _allauth_view(doc, project, site)]
    return sorted(out, key=lambda s: (doc.span(s.node).line, doc.span(s.node).column))


def _reads_only(doc, site) -> bool:
    """A route that answers GET (and HEAD) only: `@app.get("/auth")`, `methods=["GET"]`, a Flask `route()` without
    methods (GET is its default) on a function. It serves a page or a redirect (the SPA's `/auth` page, an OAuth
    login link); credentials are posted, and the route that takes them is the one to limit. A class under
    `route()` (Flask-RESTX's `Resource`, a `MethodView`) answers the methods it defines."""
    from ..parsers.python import literal
    if isinstance(decorated_definition(doc, site.node), ast.ClassDef):
        return False
    last = site.name.rsplit(".", 1)[-1]
    if last in ("get", "head"):
        return "." in site.name
    if last != "route" or "." not in site.name or "method" in site.kwargs or len(site.args) > 1:
        return False  # Bottle's `method="POST"` or methods given by position: not Flask's default
    if "methods" not in site.kwargs:
        return True
    methods = literal(site.kwargs["methods"])
    return isinstance(methods, (list, tuple, set)) and bool(methods) and \
        all(isinstance(m, str) and m.upper() in ("GET", "HEAD") for m in methods)


# the tokens or sessions of one object (org/<org_name>/tokens, /users/{user_id}/tokens, service/<pk>/sessions/): a
# page where a signed-in user manages API tokens or lists sessions (a user's logins, an analytics service's
# visits), not an endpoint that exchanges a credential for one
_OBJECT_TOKENS = lazy(r"(<[^<>/]{1,60}>|\{[^{}/]{1,60}\}|:\w{1,60})/(tokens|sessions)(?=/|$)")


def _allauth_view(doc, project, site) -> bool:
    """The view a route call names (``path("login/", View.as_view())``, or the ``View.as_view()`` call itself)
    is django-allauth's, or a class of the project whose bases are."""
    from ..parsers.python import dotted
    node = site.node
    if site.name.rsplit(".", 1)[-1] in ("path", "re_path", "url"):
        expr = node.args[1] if len(node.args) > 1 else None
    else:
        expr = node
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "as_view":
        expr = expr.func.value
    name = dotted(expr) if isinstance(expr, (ast.Name, ast.Attribute)) else None
    if not name:
        return False
    if _from_allauth(doc, name):
        return True
    found = view_definition(doc, project, expr)
    if found is None or not isinstance(found[1], ast.ClassDef):
        return False
    owner, cls = found
    return any(_from_allauth(owner, dotted(base) or "") for base in cls.bases)


def _from_allauth(doc, name: str) -> bool:
    head, _, rest = name.partition(".")
    imported = doc.names.get(head, "")
    return imported == "allauth" or imported.startswith("allauth.")


def env_fallbacks(doc) -> list[tuple[str, Resolved, object]]:
    """(variable, resolved fallback, call) of every environment read in the file that falls back to a
    literal: ``os.environ.get("X", "v")``, ``os.getenv("X", "v")``, ``env("X", default="v")``,
    ``config("X", default="v")``, ``os.environ.get("X") or "v"``."""
    cached = doc.__dict__.get("_py_env_fallbacks")
    if cached is not None:
        return cached
    out = []
    for site in doc.calls:
        if site.name in _ENV_GETTERS or site.name in _ENV_READERS:
            r = resolve(doc, site.node)
            if r.env and r.fallback and r.value is not UNKNOWN:
                out.append((r.env, r, site.node))
    for a in doc.assignments:
        if isinstance(a.value, ast.BoolOp):
            r = resolve(doc, a.value)
            if r.env and r.fallback and r.value is not UNKNOWN:
                out.append((r.env, r, a.value))
    doc.__dict__["_py_env_fallbacks"] = out
    return out


def secret_weakness(value: str) -> str | None:
    """Why a signing key is weak, in words that do not repeat it (Django's generated development key
    ``django-insecure-...`` included); None when it is strong (still committed, though)."""
    from ..secrets import weakness
    if value.startswith("django-insecure"):
        return "is Django's generated development key (django-insecure-...)"
    return weakness(value)


def settings_of(doc, project) -> Settings | None:
    """The effective Django settings when ``doc`` is a settings module production runs."""
    return python_model(project).settings(doc)


def settings_views(doc, project) -> list[Settings]:
    """The effective settings to judge while checking ``doc``: its own when production runs it; for a base
    module, those of every production module that imports it (directly or through other bases), so a value
    written in the base and kept by production is reported even when only the base is checked (pre-commit).
    Rules report a binding only when ``view.owns(binding)``."""
    model = python_model(project)
    own = model.settings(doc)
    if own is not None:
        return [own]
    cached = doc.__dict__.get("_py_settings_views")
    if cached is not None:
        return cached
    views, seen, pending = [], {doc.rel}, sorted(model.importers(doc.rel))
    while pending and len(seen) < 32:
        rel = pending.pop(0)
        if rel in seen:
            continue
        seen.add(rel)
        facts = model.facts(rel)
        if facts is None:
            continue
        if rel in model.named_settings() or not model.importers(rel) and rel not in model.build_settings():
            view = model._effective(rel)
            view.judged_from = doc.rel
            views.append(view)
        else:
            pending.extend(sorted(model.importers(rel)))
    doc.__dict__["_py_settings_views"] = views
    return views


def is_flask_app_file(doc) -> bool:
    return any(site.name.rsplit(".", 1)[-1] == "Flask" for site in doc.calls)


def main_guarded(doc) -> set[int]:
    """ids of the call nodes under a module-level ``if __name__ == "__main__":``: they run when the file is
    started as a script (``python app.py``), never when a server imports it."""
    cached = doc.__dict__.get("_py_main_guarded")
    if cached is None:
        cached = set()
        for stmt in getattr(doc.module, "body", ()):
            test = stmt.test if isinstance(stmt, ast.If) else None
            if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq) and \
                    {_name_or_str(test.left), _name_or_str(test.comparators[0])} == {"__name__", "__main__"}:
                cached.update(id(n) for part in stmt.body for n in ast.walk(part) if isinstance(n, ast.Call))
        doc.__dict__["_py_main_guarded"] = cached
    return cached


def script_only_calls(doc) -> set[int]:
    """ids of the calls that run only when the file is started as a script: under the main guard, or in a
    module-level function nothing but the main guard calls (``def local_main(): app.run(debug=True)`` with
    ``if __name__ == "__main__": local_main()``). A function named anywhere else in the module (called at import,
    registered, listed in ``__all__``) may run when a server imports the module, and is left out."""
    cached = doc.__dict__.get("_py_script_only")
    if cached is None:
        guarded = main_guarded(doc)
        cached = set(guarded)
        if guarded and doc.module is not None:
            # the guard's own statements (not its `else:`), as main_guarded reads them
            in_guard = {id(n) for stmt in doc.module.body if isinstance(stmt, ast.If)
                        and any(id(c) in guarded for part in stmt.body for c in ast.walk(part))
                        for part in stmt.body for n in ast.walk(part)}
            inside: set[str] = set()
            named: set[str] = set()
            for node in ast.walk(doc.module):
                word = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else \
                    node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None
                if word is not None:
                    (inside if id(node) in in_guard else named).add(word)
            for stmt in doc.module.body:
                if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name in inside and \
                        stmt.name not in named and not stmt.decorator_list:
                    cached.update(id(n) for n in ast.walk(stmt) if isinstance(n, ast.Call))
        doc.__dict__["_py_script_only"] = cached
    return cached


def plain_launcher_elsewhere(doc, project) -> bool:
    """Whether another production file of ``doc``'s backend starts uvicorn without reload (``uvicorn.run(app,
    host=..., workers=...)``): a backend with two launchers keeps the reloading one for developers (mealie's
    ``app.py`` for the Taskfile, ``main.py`` for the image)."""
    model = python_model(project)
    if _deployment_runs(model, doc.rel):
        return False  # ``CMD ["python", "main.py"]``: the reloading launcher is the one production starts
    root = model.backend_of(doc.rel)
    for file in project.files:
        if file.kind != "python" or file.role != "production" or file.rel == doc.rel or \
                model.backend_of(file.rel) != root or "uvicorn" not in model._text(file.rel):
            continue
        other = model._parse(file.rel)
        if other is None or other.module is None:
            continue
        started = _started_calls(other)
        for site in other.calls_to("uvicorn.run"):
            if id(site.node) not in started:
                continue  # a helper (a benchmark's ``def bench(): uvicorn.run(...)``) is no deployment's launcher
            reload = site.kwargs.get("reload")
            if site.name.endswith("uvicorn.run") and (reload is None or truthy(resolve(other, reload).value) is False):
                return True
    return False


# an application server started on an import path (`gunicorn main:app`, `uvicorn app.main:app`,
# `hypercorn backend.asgi:application`): it imports the module, so the module's `__main__` block never runs
_SERVER_IMPORT = lazy(r"\b(?:gunicorn|uvicorn|hypercorn|daphne|granian|waitress-serve)\b[^\n;|&]*?"
                      r"(?<![\w./:=-])['\"]?([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*):[A-Za-z_]\w*(?:\(\))?['\"]?"
                      r"(?=[\s'\",\]]|$)")


def served_as_module(doc, project) -> bool:
    """Whether the deployment starts the backend holding ``doc`` through an application server that imports
    ``doc``'s module (`gunicorn ... main:app` in a production Dockerfile, compose file, Procfile, launch script
    or a script a production Dockerfile copies into the image): the server imports the module, so what the
    module runs under ``if __name__ == "__main__":`` is a developer's launcher (romm's
    ``uvicorn.run("main:app", reload=True)`` beside its image's ``gunicorn ... main:app``), unless a production
    file runs the module itself with Python (``CMD ["python", "main.py"]``)."""
    model = python_model(project)
    if _deployment_runs(model, doc.rel):
        return False
    stem = PurePosixPath(doc.rel).with_suffix("")
    parts = stem.parts[:-1] if stem.name == "__init__" else stem.parts
    served = _server_import_paths(model)
    if any(parts[-len(m.split(".")):] == tuple(m.split(".")) for m in served):
        return True
    # the served module imports this one (`gunicorn wsgi:app`, wsgi.py's `from server import create_app`): the
    # server loads it as a module too, so its main block is a developer's launcher there as well
    for module in sorted(served)[:20]:
        target = model.module_file(module)
        if target is None or target == doc.rel:
            continue
        other = model._parse(target)
        if other is None or other.module is None:
            continue
        for node in ast.walk(other.module):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                ["." * node.level + (node.module or "")] if isinstance(node, ast.ImportFrom) else []
            if any(model.module_file(name, target) == doc.rel for name in names if name.strip(".")):
                return True
    return False


def _server_import_paths(model) -> set[str]:
    cache = model.project.models.get("python-server-imports", dict)
    if "paths" in cache:
        return cache["paths"]
    texts: list[str] = []
    copied: list[str] = []
    for file in model.project.files:
        if file.role != "production":
            continue
        name = PurePosixPath(file.rel).name
        if file.kind in ("dockerfile", "compose") or name == "Procfile" or name in _LAUNCH_SCRIPTS:
            text = model._text(file.rel)
            texts.append(text)
            if file.kind == "dockerfile":
                copied += _copied_from_context(model.project, file)
    # Procfiles and launch scripts beside the repository's root or a backend's (not always discovered files)
    folders = {"."} | {model.backend_of(f.rel) for f in model.project.files if f.kind == "python"}
    for folder in sorted(folders)[:16]:
        for name in ("Procfile",) + _LAUNCH_SCRIPTS:
            rel = name if folder == "." else f"{folder}/{name}"
            if rel not in model.project.by_rel and model._exists(rel):
                texts.append(read_head(model.project.root / rel, model.project.root, 100_000) or "")
    seen = 0
    for pattern in dict.fromkeys(copied):
        if seen >= 40:
            break
        try:
            paths = sorted(model.project.root.glob(pattern))[:20] if pattern and pattern != "." else []
        except (ValueError, OSError):
            continue
        for path in paths:
            if seen >= 40:
                break
            if path.is_file() and not path.is_symlink() and path.suffix not in (".py", ".js", ".ts", ".json"):
                seen += 1
                texts.append(read_head(path, model.project.root, 100_000) or "")
    found: set[str] = set()
    for text in texts:
        joined = re.sub(r"\\\r?\n", " ", text)  # a command continued over several lines
        found.update(m.group(1) for m in _SERVER_IMPORT.finditer(joined))
    cache["paths"] = found
    return found


def _copied_from_context(project, file) -> list[str]:
    """The paths a production Dockerfile's COPY/ADD lines take from the build context (not from another stage),
    each as written and beside the Dockerfile, for a glob from the repository's root."""
    from ..parsers.dockerfile import copy_sources
    try:
        doc = project.document(file)
    except Exception:  # noqa: BLE001 - the parser's own problems are reported when the file is checked
        return []
    folder = PurePosixPath(file.rel).parent
    out: list[str] = []
    for ins in getattr(doc, "instructions", ()):
        if ins.name not in ("COPY", "ADD") or "from" in ins.flags:
            continue
        for word in copy_sources(doc, ins):
            if word and not word.startswith(("$", "/", "-", "http")) and ".." not in word:
                out += [word.lstrip("./"), str(folder / word.lstrip("./"))]
    return out


_LAUNCH_SCRIPTS = ("entrypoint.sh", "docker-entrypoint.sh", "start.sh", "run.sh", "boot.sh", "supervisord.conf",
                   "uwsgi.ini")


def _started_calls(doc) -> set[int]:
    """ids of the calls that run when the file is started as a script: at module level, under the main guard,
    or in a module-level function either of those calls (``if __name__ == "__main__": main()``)."""
    guarded = main_guarded(doc)
    called = {s.name for s in doc.calls if not s.in_function or id(s.node) in guarded}
    out = {id(s.node) for s in doc.calls if not s.in_function} | guarded
    for stmt in doc.module.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name in called:
            out.update(id(n) for n in ast.walk(stmt) if isinstance(n, ast.Call))
    return out


def _deployment_runs(model, rel: str) -> bool:
    """Whether a production Dockerfile, compose file or Procfile starts this very file with Python
    (``CMD ["python", "main.py"]``, ``command: python -u app/main.py``, ``python -m app.main``)."""
    path = PurePosixPath(rel)
    module = ".".join(path.with_suffix("").parts)
    written = re.compile(r"\bpython[\d.]*[\"',\s]+(?:-[A-Za-z]+[\"',\s]+)*[\"']?(?:-m[\"',\s]+[\"']?([\w.]+)|"
                         r"((?:[\w.-]*/)*[\w.-]+\.py)\b)")
    for file in model.project.files:
        if file.role != "production" or file.kind not in ("dockerfile", "compose") and \
                PurePosixPath(file.rel).name != "Procfile":
            continue
        for m in written.finditer(model._text(file.rel)):
            if m.group(1) and (module == m.group(1) or module.endswith("." + m.group(1))):
                return True
            if m.group(2):
                tail = m.group(2).lstrip("./")
                if rel == tail or rel.endswith("/" + tail):
                    return True
    return False


def django_database_entry(doc, node) -> bool:
    """Whether ``node`` is a value of a Django database entry: the file assigns ``DATABASES``, or the
    dictionary holding it names a Django backend (``"ENGINE": "django.db.backends.postgresql"``), as a
    helper that builds the entry for ``DATABASES = parse_db_settings()`` does."""
    if any(a.target == "DATABASES" or a.target.startswith("DATABASES[") for a in doc.assignments):
        return True
    holders = doc.__dict__.get("_py_dict_of_value")
    if holders is None:
        holders = {}
        for d in doc.dicts:
            for v in d.values:
                holders[id(v)] = d
        doc.__dict__["_py_dict_of_value"] = holders
    holder = holders.get(id(node))
    if holder is None:
        return False
    for k, v in zip(holder.keys, holder.values):
        if isinstance(k, ast.Constant) and k.value == "ENGINE":
            value = resolve(doc, v).value
            return isinstance(value, str) and value.startswith("django.db.backends.")
    return False


# what a CI runner or Django's test runner sets: a branch on it configures the tests, not production
_CI_VARIABLES = frozenset({"CI", "GITHUB_ACTIONS", "GITHUB_WORKFLOW", "GITLAB_CI", "TRAVIS", "CIRCLECI",
                           "JENKINS_URL", "BUILDKITE", "TF_BUILD", "BITBUCKET_BUILD_NUMBER", "TESTING", "TEST"})


def ci_only(doc) -> set[int]:
    """ids of the nodes in the body of a module-level ``if`` that tests for a CI runner or the test command:
    ``if os.environ.get("GITHUB_WORKFLOW"):``, ``if "test" in sys.argv:``. Their database settings are the
    CI service's (``postgres``/``postgres``), which production never reads."""
    cached = doc.__dict__.get("_py_ci_only")
    if cached is None:
        cached = set()
        for stmt in getattr(doc.module, "body", ()):
            if isinstance(stmt, ast.If) and _tests_for_ci(stmt.test):
                cached.update(id(n) for part in stmt.body for n in ast.walk(part))
        doc.__dict__["_py_ci_only"] = cached
    return cached


_EXAMPLE_WORDS = frozenset({"example", "examples", "openapi_examples", "json_schema_extra", "schema_extra"})


def documentation_examples(doc) -> set[int]:
    """ids of the nodes inside a value written for an API's documentation: the ``example=`` / ``examples=`` /
    ``openapi_examples=`` / ``json_schema_extra=`` of a call (pydantic's ``Field``, FastAPI's ``Query`` /
    ``Body``, marshmallow's metadata) and anything under an ``"example"`` / ``"examples"`` key of a dict
    (``model_config = {"json_schema_extra": {"examples": [...]}}``, DRF-spectacular's ``OpenApiExample``
    values). Shown to readers of the schema, never connected to."""
    cached = doc.__dict__.get("_py_doc_examples")
    if cached is None:
        cached = set()
        for node in ast.walk(doc.module) if doc.module is not None else ():
            if isinstance(node, ast.Call):
                values = [k.value for k in node.keywords if k.arg in _EXAMPLE_WORDS]
                if (dotted(node.func) or "").rsplit(".", 1)[-1] == "OpenApiExample":
                    values += node.args[1:] + [k.value for k in node.keywords if k.arg == "value"]
            elif isinstance(node, ast.Dict):
                values = [v for k, v in zip(node.keys, node.values)
                          if isinstance(k, ast.Constant) and k.value in _EXAMPLE_WORDS]
            else:
                continue
            for value in values:
                cached.update(id(n) for n in ast.walk(value))
        doc.__dict__["_py_doc_examples"] = cached
    return cached


def _tests_for_ci(test) -> bool:
    if isinstance(test, ast.BoolOp):
        # ``if CI and X:`` runs only on CI; ``if CI or IS_PROD:`` runs in production too, so an ``or`` is a
        # CI branch only when every operand is a CI test
        check = any if isinstance(test.op, ast.And) else all
        return check(_tests_for_ci(v) for v in test.values)
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.In) and \
            isinstance(test.left, ast.Constant) and test.left.value == "test":
        return dotted(test.comparators[0]) == "sys.argv"  # manage.py test
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], (ast.Eq, ast.In)):
        if isinstance(test.left, ast.Constant) and test.left.value in _CI_VARIABLES:
            return dotted(test.comparators[0]) in ("os.environ", "environ")  # "CI" in os.environ
        if isinstance(test.left, ast.Subscript) and dotted(test.left.value) == "sys.argv":
            right = test.comparators[0]
            return isinstance(right, ast.Constant) and right.value == "test"  # sys.argv[1] == "test"
        return _tests_for_ci(test.left)
    if isinstance(test, ast.Call) and test.args and isinstance(test.args[0], ast.Constant):
        name = dotted(test.func) or ""
        return name.rsplit(".", 1)[-1] in ("get", "getenv", "bool", "env") and test.args[0].value in _CI_VARIABLES
    return False


_DEV_COMMAND = lazy(r"^(dev|develop|development|devserver|dev[-_]server|debug|debug[-_]server|run[-_]?dev\w*|"
                    r"serve[-_]dev|local|local[-_]server|runserver[-_]dev)$", re.I)


def dev_command_calls(doc) -> set[int]:
    """ids of the calls inside a command-line command for developers: a function registered with
    ``@cli.command("develop")`` / ``@app.cli.command("dev")`` / ``@click.command(name="debug")``, or a
    command function named so (``def develop():``). Dispatch's ``dispatch server develop`` starts
    ``uvicorn.run(..., reload=True)`` for a developer; ``dispatch server start`` is what deploys."""
    cached = doc.__dict__.get("_py_dev_command_calls")
    if cached is None:
        cached = set()
        for node in ast.walk(doc.module) if doc.module is not None else ():
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            commands = [d for d in node.decorator_list if isinstance(d, ast.Call) and
                        (dotted(d.func) or "").rsplit(".", 1)[-1] == "command"]
            if not commands:
                continue
            names = [node.name]
            for d in commands:
                given = d.args[0] if d.args else next((k.value for k in d.keywords if k.arg == "name"), None)
                if isinstance(given, ast.Constant) and isinstance(given.value, str):
                    names = [given.value]  # the command's own name wins over the function's
            if any(_DEV_COMMAND.match(n) for n in names):
                cached.update(id(n) for part in node.body for n in ast.walk(part) if isinstance(n, ast.Call))
        doc.__dict__["_py_dev_command_calls"] = cached
    return cached


def _name_or_str(node) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def is_base_settings(doc, project) -> bool:
    """A settings module production modules ``import *`` from: judged through them, not on its own."""
    model = python_model(project)
    return model.settings(doc) is None and bool(model.importers(doc.rel))


def middleware_options(doc, name: str) -> list[tuple[object, dict]]:
    """(call, keyword arguments) of a Starlette/FastAPI middleware class added to the app:
    ``app.add_middleware(SessionMiddleware, secret_key=...)`` and ``Middleware(SessionMiddleware, ...)``."""
    from ..parsers.python import dotted
    out = []
    for site in doc.calls:
        last = site.name.rsplit(".", 1)[-1]
        if last in ("add_middleware", "Middleware") and site.args and \
                (dotted(site.args[0]) or "").rsplit(".", 1)[-1] == name and not site.star_kwargs:
            out.append((site, site.kwargs))
    return out


JWT_MODULES = ("jwt", "jose.jwt", "jose", "authlib.jose.jwt")


def jwt_calls(doc, *functions: str) -> list[tuple[object, str]]:
    """(call, "jwt.encode" / "jwt.decode") for PyJWT, python-jose and authlib, however the module was imported."""
    out = []
    for site in doc.calls:
        head, _, last = site.name.rpartition(".")
        if last not in functions:
            continue
        full = f"{doc.names.get(head, head)}.{last}" if head else doc.names.get(last, "")
        module = full.rpartition(".")[0]
        if module in JWT_MODULES or module.endswith(".jwt"):
            out.append((site, f"jwt.{last}"))
    return out


def jwt_arguments(doc, site) -> tuple[object, object]:
    """(payload or token, key) nodes of a ``jwt.encode`` / ``jwt.decode`` call: authlib's
    ``jwt.encode(header, payload, key)`` (and joserfc's) puts the payload second and the key third; PyJWT's and
    python-jose's ``encode(payload, key)`` / ``decode(token, key)`` and authlib's ``decode(s, key)`` put the key
    second."""
    head, _, last = site.name.rpartition(".")
    full = f"{doc.names.get(head, head)}.{last}" if head else doc.names.get(last, "")
    args = site.args
    if last == "encode" and full.startswith(("authlib.", "joserfc.")):  # joserfc: authlib's JOSE, split out
        return (args[1] if len(args) > 1 else site.kwargs.get("payload"),
                args[2] if len(args) > 2 else site.kwargs.get("key"))
    first = args[0] if args else site.kwargs.get("payload") or site.kwargs.get("claims") or site.kwargs.get("token")
    return first, args[1] if len(args) > 1 else site.kwargs.get("key")


_TIMEDELTA_UNITS = {"weeks": 604800, "days": 86400, "hours": 3600, "minutes": 60, "seconds": 1,
                    "milliseconds": 0.001, "microseconds": 0.000001}
_ARITHMETIC = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
               ast.Div: lambda a, b: a / b if b else None, ast.FloorDiv: lambda a, b: a // b if b else None}


def number(doc, expr, depth: int = 0):
    """An int or float the expression surely holds: literals, arithmetic on them (``60 * 24 * 8``) and names
    assigned once (``ACCESS_TOKEN_EXPIRE_MINUTES``, an environment read's default); None otherwise."""
    if expr is None or depth > 6:
        return None
    if isinstance(expr, ast.BinOp) and type(expr.op) in _ARITHMETIC:
        left, right = number(doc, expr.left, depth + 1), number(doc, expr.right, depth + 1)
        return None if left is None or right is None else _ARITHMETIC[type(expr.op)](left, right)
    value = resolve(doc, expr).value if depth < 6 else UNKNOWN
    if isinstance(value, str):
        try:
            value = float(value) if "." in value else int(value)
        except ValueError:
            return None
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def expression_of(doc, expr):
    """The expression a name stands for where it is used: its one module-level assignment, or the one of its
    function that surely reaches ``expr``; ``expr`` itself otherwise."""
    if not isinstance(expr, ast.Name):
        return expr
    found = [a for a in doc.assigned(expr.id) if a.module_level]
    if len(found) == 1:
        return found[0].value
    local = _last_local(doc, expr, expr)
    return local.value if local is not None else expr


def timedelta_seconds(doc, expr, depth: int = 0):
    """Seconds of ``timedelta(days=..., hours=...)`` (also ``datetime.timedelta``, positional days), of a name
    assigned one once, or of a sum of them; None when unknown."""
    from ..parsers.python import dotted
    if expr is None or depth > 4:
        return None
    if isinstance(expr, ast.Name):
        found = [a for a in doc.assigned(expr.id) if a.module_level]
        return timedelta_seconds(doc, found[0].value, depth + 1) if len(found) == 1 else None
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.Add, ast.Mult)):
        left, right = timedelta_seconds(doc, expr.left, depth + 1), timedelta_seconds(doc, expr.right, depth + 1)
        if isinstance(expr.op, ast.Add):
            return None if left is None or right is None else left + right
        factor = number(doc, expr.right if left is not None else expr.left)
        base = left if left is not None else right
        return None if base is None or factor is None else base * factor
    if not isinstance(expr, ast.Call) or (dotted(expr.func) or "").rsplit(".", 1)[-1] != "timedelta":
        return None
    total = 0
    units = list(_TIMEDELTA_UNITS)
    positional = ["days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks"]
    pairs = list(zip(positional, expr.args)) + [(k.arg, k.value) for k in expr.keywords]
    for unit, node in pairs:
        if unit not in units:
            return None
        amount = number(doc, node)
        if amount is None:
            return None
        total += amount * _TIMEDELTA_UNITS[unit]
    return total


def jwt_decode_switches(doc, site) -> dict[str, tuple[object, object]]:
    """What a ``jwt.decode`` call turns off, as option -> (value, node where it is written): the
    ``options`` dict of PyJWT 2 / python-jose (``{"verify_signature": False}``, ``{"verify_exp": False}``),
    written inline or assigned before the call, and PyJWT 1's ``verify=False`` (as ``verify_signature``)."""
    from ..parsers.python import literal
    out = {}
    verify = site.kwargs.get("verify")
    if verify is not None:
        out["verify_signature"] = (resolve_at(doc, verify, site.node).value, verify)
    options = site.kwargs.get("options")
    if options is None:
        return out
    r = resolve_at(doc, options, site.node)
    target = options
    if isinstance(options, ast.Name) and not isinstance(r.node, ast.Dict):
        found = _last_local(doc, options, site.node)
        target = found.value if found is not None else options
    elif isinstance(r.node, ast.Dict):
        target = r.node
    if isinstance(target, ast.Call) and isinstance(target.func, ast.Name) and target.func.id == "dict":
        pairs = [(k.arg, k.value) for k in target.keywords if k.arg]
    elif isinstance(target, ast.Dict):
        pairs = [(literal(k), v) for k, v in zip(target.keys, target.values) if k is not None]
    else:
        return out
    for key, value in pairs:
        if isinstance(key, str) and key.startswith("verify_"):
            out[key] = (resolve_at(doc, value, value).value, value)
    return out


def dict_keys(doc, expr, depth: int = 0) -> set[str] | None:
    """The string keys of a dict display (``{"sub": ..., "exp": ...}``, ``dict(sub=...)``), following a name
    assigned once in the file; None when the keys cannot be known (``**extra``, built elsewhere)."""
    from ..parsers.python import literal
    if depth > 3 or expr is None:
        return None
    if isinstance(expr, ast.Name):
        found = doc.assigned(expr.id)
        return dict_keys(doc, found[0].value, depth + 1) if len(found) == 1 else None
    if isinstance(expr, ast.Dict):
        keys = set()
        for key_node in expr.keys:
            if key_node is None:
                return None  # **spread
            key = literal(key_node)
            if not isinstance(key, str):
                return None
            keys.add(key)
        return keys
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id == "dict":
        if expr.args or any(k.arg is None for k in expr.keywords):
            return None
        return {k.arg for k in expr.keywords}
    return None


def superuser(value) -> bool:
    """A database account that owns everything: sa, root, postgres, admin (the same list the Node model uses)."""
    from .node import SUPERUSERS
    return isinstance(value, str) and value.strip().lower() in SUPERUSERS


def decorated_definition(doc, decorator):
    """The ``def`` or ``class`` a decorator expression of this file decorates (None when it decorates nothing)."""
    index = doc.__dict__.get("_py_decorated")
    if index is None:
        index = {}
        for n in ast.walk(doc.module) if doc.module is not None else ():
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                for d in n.decorator_list:
                    index[id(d)] = n
        doc.__dict__["_py_decorated"] = index
    return index.get(id(decorator))


def view_definition(doc, project, expr):
    """(document, node) of the module-level ``def``/``class`` a Django URL pattern's view names:
    ``views.report``, ``report``, ``ReportView.as_view()``, in this module or the one it imports the name or
    module from; None when it cannot be followed (a wrapper call, an unresolved import)."""
    from ..parsers.python import dotted
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "as_view":
        expr = expr.func.value
    name = dotted(expr) if isinstance(expr, (ast.Name, ast.Attribute)) else None
    if not name:
        return None
    head, _, rest = name.partition(".")
    target_doc, attr = doc, name
    if head in doc.names or rest:
        imported = doc.names.get(head)
        if imported is None:
            return None
        module, attr = (imported, rest) if rest else imported.rsplit(".", 1) if "." in imported else ("", "")
        if not attr or "." in attr:
            return None
        model = python_model(project)
        rel = model.module_file(module, doc.rel)
        if rel is None:
            return None
        target_doc = doc if rel == doc.rel else model._parse(rel)
        if target_doc is None or target_doc.module is None:
            return None
    for node in target_doc.module.body if target_doc.module is not None else ():
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == attr:
            return target_doc, node
    return None
