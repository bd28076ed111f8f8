"""Python backends must not serve debug or test routes without authentication.

## What it does
Reports, in production Python code, a route whose path has a segment such as `debug`, `test`, `dev`,
`env`, `dump`, `heapdump`, `phpinfo` or one starting with `__` (a health probe such as `/__health`, `/__ping` or
Mozilla Dockerflow's `/__version__`, `/__lbheartbeat__`, `/__heartbeat__` aside) or `debug`, or ending in `config`,
`env` or `environment` when the handler hands out `os.environ` or the settings wholesale (`/api/config` is usually a
front end's public configuration, `/get/env` the name of the environment the app runs in), when nothing in reach
requires a user:

- Flask `@app.route` / `@bp.get` and FastAPI `@app.get` / `@router.post` views with no decorator that names
  authentication (`@login_required`, `@jwt_required()`, `@roles_required`, `@staff_member_required`, ...),
  no `dependencies=[Depends(...)]` / `Depends(...)` parameter naming a user, token, key or permission check,
  no `before_request` hook in the module and no `APIRouter(dependencies=...)` in it;
- Django `path()` / `re_path()` patterns whose view (followed into the module it is imported from) is a
  function view with no such decorator, a Django REST framework view whose `permission_classes` are only
  `AllowAny`, or a class-based view without an access mixin (`LoginRequiredMixin`, `PermissionRequiredMixin`,
  `UserPassesTestMixin`), its own or one of the project's base views it inherits from, followed into the module
  that defines it. A Django REST framework view that sets no permission classes follows the project's
  `DEFAULT_PERMISSION_CLASSES`, which this rule does not guess, and is not reported.

- Litestar handlers (`@get("/debug/env")` from `litestar`, also on a `Controller` under its `path`) with no
  guard: none in `guards=[...]` of the handler, of its controller, of a `Router(route_handlers=[...])` or
  `Litestar(route_handlers=[...])` listing it (a guard is Litestar's access check, whatever its name), and no
  security backend (`JWTAuth`, `SessionAuth`, ...) installed on the app.

A required OAuth scope (`@require_scope("x:update")`) and a parameter typed with FastAPI's `Annotated` alias
of a dependency named for its check (`role: SuperuserRole`, `user: CurrentUser`) protect a route too.
Access control set elsewhere counts: `app.include_router(router, dependencies=[Depends(get_current_user)])`,
`FastAPI(dependencies=[...])`, a Flask `before_request` hook of the same blueprint (or of the app) in another
module that checks the user, and Django's `LoginRequiredMiddleware` in the production settings. Names count as
authentication by whole words (`login_required`, `get_current_user`, `verify_api_key`), so `@require_GET` or
`Depends(get_db_session)` do not.

A view that checks the user itself (`request.user.is_staff`, `abort(403)`, `raise PermissionDenied`,
`HTTPException(status_code=401)`) and a route registered only under a positive development condition
(`if settings.DEBUG:`, `if ENVIRONMENT == "development":`; not `if not DEBUG:`) are not reported.

## Why it matters in production
Debug and test routes dump settings, environment variables (secrets included), routes and internal state,
or reset data; reachable without a login they hand an attacker the keys and a map of the application.

## Example
```python path=app/routes.py
from flask import Blueprint, current_app, jsonify

bp = Blueprint("main", __name__)


@bp.route("/_debug/config")
def debug_config():
    return jsonify({k: str(v) for k, v in current_app.config.items()})
```

## Use instead
```python path=app/routes.py
from flask import Blueprint, current_app, jsonify
from flask_login import login_required

bp = Blueprint("main", __name__)


@bp.route("/_debug/config")
@login_required
def debug_config():
    return jsonify(sorted(current_app.config))
```

## References
- https://flask-login.readthedocs.io/en/latest/#flask_login.login_required
- https://fastapi.tiangolo.com/tutorial/dependencies/dependencies-in-path-operation-decorators/
- https://docs.djangoproject.com/en/stable/topics/auth/default/#limiting-access-to-logged-in-users
- https://www.django-rest-framework.org/api-guide/permissions/
- https://docs.litestar.dev/latest/usage/security/guards.html
"""
import ast
import re

from linter.api import RuleMeta, lazy
from linter.api.python import (decorated_definition, dotted, literal, litestar_guarded, python_model, route_guards,
                               route_origin, route_paths, view_definition)
from linter.api.routes import debug_segment

META = RuleMeta(
    id="PY018", name="python-debug-route-unprotected", kinds=("python",), severity="warning",
    checklist=("secrets.debug-endpoints",), cwe=(489, 215), precision="medium",
    hints=("debug|test|dev|env|config|dump|phpinfo|__",),
)
MESSAGES = {
    "open": "the route '{route}' looks like a debug/test endpoint and requires no login; remove it from "
            "production or protect it",
}
# words of a decorator, dependency or mixin name that say it checks who is calling (whole words of the
# identifier: ``get_db_session``, ``require_GET`` and ``access_log`` name no check)
_AUTH_WORDS = {"login", "auth", "authenticate", "authenticated", "authentication", "authorize", "authorized",
               "authorization", "permission", "permissions", "perm", "perms", "staff", "superuser", "admin",
               "role", "roles", "jwt", "token", "apikey", "bearer", "oauth", "oauth2", "protected", "required",
               "signed", "security", "scope", "scopes"}  # an OAuth scope required: `@require_scope("x:update")`
_VERIFY = {"verify", "check", "validate", "require", "ensure", "get", "current"}
_CREDENTIALS = {"key", "user", "credentials", "password", "signature", "caller", "principal"}
_IDENTIFIER = lazy(r"[A-Za-z_][A-Za-z0-9_]*")
_WORD = lazy(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
# a view body that checks the caller itself
_SELF_CHECK = lazy(r"is_authenticated|is_staff|is_superuser|has_perms?\(|PermissionDenied|"
                         r"abort\(\s*40[13]|status_code\s*=\s*40[13]|HTTP_40[13]|HTTPException\(\s*40[13]|"
                         r"Unauthorized|NotAuthorized|Forbidden|current_user|check_auth|verify_", re.I)
# a handler that hands out the whole environment or settings (what makes `/config` a debug endpoint)
_WHOLESALE = lazy(r"\bos\.environ\b(?!\s*(\.get\b|\[))|\benviron\.copy\(|(\bcurrent_app|\bapp)\.config\b(?!\s*(\.get\b|\[))|"
                  r"\b(vars|dir)\(\s*settings\b|\bsettings\.(__dict__|dict\(|model_dump\()")
_DEV_NAMES = {"debug", "testing", "development", "flask_debug", "django_debug", "dev", "dev_mode", "debug_mode"}
_DEV_VALUES = {"development", "dev", "local", "debug", "testing", "test"}
_TRUE_VALUES = {"1", "true", "yes", "on", "True", True, 1}
_MIXINS = lazy(r"LoginRequired|PermissionRequired|UserPassesTest|StaffRequired|SuperuserRequired|"
                     r"AccessMixin|Permission", re.I)
# load balancer and Dockerflow probes (`/__health`, `/__lbheartbeat__`, `/__version__`): public by design
_PROBE = lazy(r"(^|[_-])(health(z|check)?|ping|readyz?|readiness|livez?|liveness|alive|(lb)?heartbeat|version)"
              r"($|[_-])")
_DRF_VIEWS = lazy(r"APIView|ViewSet|GenericAPIView|ListAPIView|RetrieveAPIView|CreateAPIView|api_view")


def check(doc, ctx):
    if doc.module is None:
        return
    routes = [(p, s, kind) for p, s in route_paths(doc) for kind in [_debug_kind(p)] if kind]
    if not routes:
        return
    module_guarded = any(site.name.rsplit(".", 1)[-1] in ("before_request", "before_app_request")
                         or site.name.rsplit(".", 1)[-1] == "APIRouter" and _deps_protect(site.kwargs.get("dependencies"))
                         for site in doc.calls) or _decorator_hook(doc)
    dev_ranges = _dev_blocks(doc.module)
    for path, site, kind in routes:
        line = getattr(site.node, "lineno", 0)
        if any(a <= line <= b for a, b in dev_ranges):
            continue
        last = site.name.rsplit(".", 1)[-1]
        if last in ("path", "re_path", "url"):
            if len(site.args) < 2 or _django_view_protected(doc, ctx, site.args[1], kind):
                continue
            if _django_login_everywhere(doc, ctx):
                continue
        else:
            if module_guarded or _deps_protect(site.kwargs.get("dependencies")) or \
                    litestar_guarded(doc, ctx.model, site) or \
                    _guarded_elsewhere(doc, ctx, site.name.rsplit(".", 1)[0]):
                continue
            definition = decorated_definition(doc, site.node)
            if definition is None or _function_protected(doc, definition, skip=site.node):
                continue
            if kind == "config" and not _WHOLESALE.search(ast.unparse(definition)):
                continue
        yield ctx.finding(doc.span(site.node), f"route.{path}", "open", route=path)


def _debug_kind(path):
    """"debug" for a debug/test path, "config" for one whose only evidence is a last segment `config`, `env` or
    `environment` (a front end's public configuration, the environment's name, unless the handler hands out the
    environment), else None."""
    segments = [s for s in re.split(r"[/^$?]+", path.lower()) if s]
    kind = None
    for i, segment in enumerate(segments):
        if segment == "config":
            if i == len(segments) - 1:
                kind = "config"  # `/api/config/paypal` is one named setting: never evidence
            continue
        if segment in ("env", "environment") and i == len(segments) - 1:
            # `/api/env` is as often the name of the environment the app runs in, or a front end's runtime
            # settings: like `config`, a debug endpoint when the handler hands out the environment itself
            kind = "config"
            continue
        if segment.startswith("__") and _PROBE.search(segment.strip("_")):
            continue
        if debug_segment(segment):
            return "debug"
    return kind


def _auth_name(text):
    """Whether an expression's identifiers name an authentication or permission check."""
    for identifier in _IDENTIFIER.findall(text):
        words = {w.lower() for part in identifier.split("_") for w in _WORD.findall(part)}
        if words & _AUTH_WORDS and not ("require" in words and words & {"http", "methods", "get", "post", "safe"}):
            return True
        if "api" in words and "key" in words or words & _VERIFY and words & _CREDENTIALS - {"user"} or \
                "current" in words and "user" in words or identifier == "user_passes_test":
            return True
    return False


def _guarded_elsewhere(doc, ctx, receiver):
    """Dependencies or hooks another module sets for this router, blueprint or app."""
    guards = route_guards(ctx.model)
    backend = python_model(ctx.model).backend_of(doc.rel)
    if any(_deps_protect(d) for d in guards["apps"].get(backend, ())) or \
            any(_hook_protects(h) for h in guards["app_hooks"].get(backend, ())):
        return True
    key = route_origin(doc, ctx.model, receiver)
    if key is None:
        return False
    return any(_deps_protect(d) for d in guards["routers"].get(key, ())) or \
        any(_hook_protects(h) for h in guards["hooks"].get(key, ()))


def _hook_protects(hook):
    return _auth_name(hook.name) or bool(_SELF_CHECK.search(ast.unparse(hook)))


def _django_login_everywhere(doc, ctx):
    """Django's ``LoginRequiredMiddleware`` (5.1) in the production settings: every view requires a login."""
    return python_model(ctx.model).backend_of(doc.rel) in route_guards(ctx.model)["django_login"]


def _decorator_hook(doc):
    """``@app.before_request`` / ``@bp.before_request`` written as a bare decorator (not a call)."""
    for node in ast.walk(doc.module):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for d in node.decorator_list:
                if isinstance(d, ast.Attribute) and d.attr in ("before_request", "before_app_request"):
                    return True
    return False


def _dev_blocks(module):
    """Line ranges of ``if`` bodies whose condition names a development or debug mode."""
    out = []
    for node in ast.walk(module):
        if isinstance(node, ast.If) and _development(node.test):
            # from the ``if`` line: a decorated route's decorators start before its ``def``
            out.append((node.lineno, node.body[-1].end_lineno))
    return out


def _development(test):
    """Whether a condition holds only in development: ``settings.DEBUG``, ``app.testing``,
    ``os.environ.get("FLASK_DEBUG") == "1"``, ``ENVIRONMENT == "development"``; not ``not DEBUG`` nor
    ``ENV == "production"``."""
    if isinstance(test, ast.BoolOp):
        results = [_development(v) for v in test.values]
        return any(results) if isinstance(test.op, ast.And) else all(results)
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        left, right = test.left, test.comparators[0]
        if isinstance(left, ast.Constant):
            left, right = right, left
        values = literal(right)
        values = list(values) if isinstance(values, (list, tuple, set)) else [values]
        if isinstance(test.ops[0], ast.Eq) or isinstance(test.ops[0], ast.In):
            if all(isinstance(v, str) and v.lower() in _DEV_VALUES for v in values):
                return True
            return _dev_name(left) and all(v in _TRUE_VALUES or isinstance(v, str) and v.lower() in _TRUE_VALUES
                                           for v in values)
        return False
    return _dev_name(test)


def _dev_name(expr):
    """``DEBUG``, ``settings.DEBUG``, ``app.config["TESTING"]``, ``os.environ.get("FLASK_DEBUG")``, ``bool(...)``."""
    if isinstance(expr, ast.Call) and expr.args:
        name = dotted(expr.func) or ""
        if name in ("bool", "int", "strtobool"):
            return _dev_name(expr.args[0])
        key = literal(expr.args[0])
        return name.rsplit(".", 1)[-1] in ("get", "getenv", "env", "config", "bool") and isinstance(key, str) \
            and key.lower() in _DEV_NAMES
    if isinstance(expr, ast.Subscript):
        key = literal(expr.slice)
        return isinstance(key, str) and key.lower() in _DEV_NAMES
    name = dotted(expr) if isinstance(expr, (ast.Name, ast.Attribute)) else None
    return bool(name) and name.rsplit(".", 1)[-1].lower() in _DEV_NAMES


def _deps_protect(expr):
    return expr is not None and _auth_name(ast.unparse(expr))


def _decorator_protects(d):
    name = dotted(d.func if isinstance(d, ast.Call) else d) or ""
    if name.rsplit(".", 1)[-1] == "permission_classes":
        return not _only_allow_any(d.args[0] if isinstance(d, ast.Call) and d.args else None)
    return _auth_name(name)


def _only_allow_any(expr):
    if not isinstance(expr, (ast.List, ast.Tuple)):
        return False
    names = [(dotted(e) or "").rsplit(".", 1)[-1] for e in expr.elts]
    return all(n == "AllowAny" for n in names)


def _function_protected(doc, fn, skip=None):
    if isinstance(fn, ast.ClassDef):
        return _class_protected(doc, fn)
    if any(d is not skip and _decorator_protects(d) for d in fn.decorator_list):
        return True
    args = fn.args.args + fn.args.kwonlyargs
    defaults = fn.args.defaults + [d for d in fn.args.kw_defaults if d is not None]
    for value in defaults + [a.annotation for a in args if a.annotation is not None]:
        text = ast.unparse(value)
        if re.search(r"\bSecurity\(", text) or re.search(r"\bDepends\(", text) and _auth_name(text):
            return True
    # FastAPI's `Annotated` alias of a dependency (`CurrentUser = Annotated[User, Depends(get_current_user)]`,
    # `role: SuperuserRole`): a type named in two words or more for the check it runs
    for a in args:
        if isinstance(a.annotation, ast.Name) and len(_WORD.findall(a.annotation.id)) >= 2 and \
                _auth_name(a.annotation.id):
            return True
    return bool(_SELF_CHECK.search(ast.unparse(fn)))


def _class_protected(doc, cls, project=None, depth=0):
    bases = " ".join(ast.unparse(b) for b in cls.bases)
    if _MIXINS.search(bases) or any(_decorator_protects(d) for d in cls.decorator_list):
        return True
    for stmt in cls.body:
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "permission_classes"
                                                for t in stmt.targets):
            return not _only_allow_any(stmt.value)
    if _DRF_VIEWS.search(bases):
        return True  # the project's DEFAULT_PERMISSION_CLASSES decide; not guessed
    if _SELF_CHECK.search(ast.unparse(cls)):
        return True
    # a project's own base view (`class NotificationTestView(ApiBaseView)`, ApiBaseView written in another
    # module with `permission_classes = [IsAuthenticated]` or an access mixin): the subclass inherits its check
    if project is not None and depth < 4:
        for base in cls.bases:
            found = view_definition(doc, project, base)
            if found is not None and isinstance(found[1], ast.ClassDef) and found[1] is not cls and \
                    _class_protected(found[0], found[1], project, depth + 1):
                return True
    return False


def _django_view_protected(doc, ctx, view, kind="debug"):
    if isinstance(view, ast.Call) and not (isinstance(view.func, ast.Attribute) and view.func.attr == "as_view"):
        return True  # a wrapper (login_required(views.x), csrf_exempt(...), include(...)): not guessed
    found = view_definition(doc, ctx.model, view)
    if found is None:
        return True  # not followed: not guessed
    owner, definition = found
    if kind == "config" and not _WHOLESALE.search(ast.unparse(definition)):
        return True
    if isinstance(definition, ast.ClassDef):
        return _class_protected(owner, definition, ctx.model)
    if any((dotted(d.func if isinstance(d, ast.Call) else d) or "").rsplit(".", 1)[-1] == "api_view"
           for d in definition.decorator_list) and \
            not any((dotted(d.func if isinstance(d, ast.Call) else d) or "").endswith("permission_classes")
                    for d in definition.decorator_list):
        return True  # DRF function view under DEFAULT_PERMISSION_CLASSES: not guessed
    return _function_protected(owner, definition)
