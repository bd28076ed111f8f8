"""Python backends must not serve debug or test routes without authentication.

## What it does
Reports, in production Python code, a route whose path has a segment such as `debug`, `test`, `dev`,
`env`, `config` (as the last segment: `/api/config/paypal` is one named setting), `dump`, `heapdump`,
`phpinfo` or one starting with `__` (a health probe such as `/__health` or `/__ping` aside) or `debug`, when nothing in reach requires a user:

- Flask `@app.route` / `@bp.get` and FastAPI `@app.get` / `@router.post` views with no decorator that names
  authentication (`@login_required`, `@jwt_required()`, `@roles_required`, `@staff_member_required`, ...),
  no `dependencies=[Depends(...)]` / `Depends(...)` parameter naming a user, token, key or permission check,
  no `before_request` hook in the module and no `APIRouter(dependencies=...)` in it;
- Django `path()` / `re_path()` patterns whose view (followed into the module it is imported from) is a
  function view with no such decorator, a Django REST framework view whose `permission_classes` are only
  `AllowAny`, or a class-based view without an access mixin (`LoginRequiredMixin`, `PermissionRequiredMixin`,
  `UserPassesTestMixin`). A Django REST framework view that sets no permission classes follows the project's
  `DEFAULT_PERMISSION_CLASSES`, which this rule does not guess, and is not reported.

A view that checks the user itself (`request.user.is_staff`, `abort(403)`, `raise PermissionDenied`,
`HTTPException(status_code=401)`) and a route registered only under a development condition
(`if settings.DEBUG:`) are not reported.

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
"""
import ast
import re

from linter.api import RuleMeta, lazy
from linter.api.python import decorated_definition, dotted, route_paths, view_definition

META = RuleMeta(
    id="PY018", name="python-debug-route-unprotected", kinds=("python",), severity="warning",
    checklist=("secrets.debug-endpoints",), cwe=(489, 215), precision="medium",
    hints=("debug|test|dev|env|config|dump|phpinfo|__",),
)
MESSAGES = {
    "open": "the route '{route}' looks like a debug/test endpoint and requires no login; remove it from "
            "production or protect it",
}
_DEBUG = {"debug", "test", "dev", "phpinfo", "env", "environment", "config", "heapdump", "_debug", "debugger",
          "dump"}
# names that say a decorator, dependency or mixin checks who is calling
_AUTH = lazy(r"login|auth|permission|staff|superuser|admin|role|jwt|token|user|require|protect|guard|"
                   r"verify|api_?key|security|scope|access|session", re.I)
# a view body that checks the caller itself
_SELF_CHECK = lazy(r"is_authenticated|is_staff|is_superuser|has_perms?\(|PermissionDenied|"
                         r"abort\(\s*40[13]|status_code\s*=\s*40[13]|HTTP_40[13]|HTTPException\(\s*40[13]|"
                         r"Unauthorized|Forbidden|current_user|check_auth|verify_", re.I)
_DEV_GUARD = lazy(r"DEBUG|debug|development|TESTING|testing|\bdev\b|ENVIRONMENT|ENV\b", re.I)
_MIXINS = lazy(r"LoginRequired|PermissionRequired|UserPassesTest|StaffRequired|SuperuserRequired|"
                     r"AccessMixin|Permission", re.I)
_PROBE = lazy(r"(health(z|check)?|ping|readyz?|readiness|livez?|liveness|alive|heartbeat)$")
_DRF_VIEWS = lazy(r"APIView|ViewSet|GenericAPIView|ListAPIView|RetrieveAPIView|CreateAPIView|api_view")


def check(doc, ctx):
    if doc.module is None:
        return
    routes = [(p, s) for p, s in route_paths(doc) if _is_debug(p)]
    if not routes:
        return
    module_guarded = any(site.name.rsplit(".", 1)[-1] in ("before_request", "before_app_request")
                         or site.name.rsplit(".", 1)[-1] == "APIRouter" and _deps_protect(site.kwargs.get("dependencies"))
                         for site in doc.calls) or _decorator_hook(doc)
    dev_ranges = _dev_blocks(doc.module)
    for path, site in routes:
        line = getattr(site.node, "lineno", 0)
        if any(a <= line <= b for a, b in dev_ranges):
            continue
        last = site.name.rsplit(".", 1)[-1]
        if last in ("path", "re_path", "url"):
            if len(site.args) < 2 or _django_view_protected(doc, ctx, site.args[1]):
                continue
        else:
            if module_guarded or _deps_protect(site.kwargs.get("dependencies")):
                continue
            definition = decorated_definition(doc, site.node)
            if definition is None or _function_protected(doc, definition, skip=site.node):
                continue
        yield ctx.finding(doc.span(site.node), f"route.{path}", "open", route=path)


def _is_debug(path):
    segments = [s for s in re.split(r"[/^$?]+", path.lower()) if s]
    for i, segment in enumerate(segments):
        if segment == "config" and i < len(segments) - 1:
            continue  # `/api/config/paypal`: one named setting the front end reads, not the whole configuration
        if segment.startswith("__") and _PROBE.match(segment.strip("_")):
            continue  # `/__health`, `/__ping`: a load balancer's probe, public by design
        if segment in _DEBUG or segment.startswith("__") and len(segment) > 2 or segment.startswith("debug"):
            return True
    return False


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
        if isinstance(node, ast.If) and _DEV_GUARD.search(ast.unparse(node.test)):
            out.append((node.body[0].lineno, node.body[-1].end_lineno))
    return out


def _deps_protect(expr):
    return expr is not None and bool(_AUTH.search(ast.unparse(expr)))


def _decorator_protects(d):
    name = dotted(d.func if isinstance(d, ast.Call) else d) or ""
    if name.rsplit(".", 1)[-1] == "permission_classes":
        return not _only_allow_any(d.args[0] if isinstance(d, ast.Call) and d.args else None)
    return bool(_AUTH.search(name))


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
        if re.search(r"\b(Depends|Security)\(", text) and _AUTH.search(text):
            return True
    return bool(_SELF_CHECK.search(ast.unparse(fn)))


def _class_protected(doc, cls):
    bases = " ".join(ast.unparse(b) for b in cls.bases)
    if _MIXINS.search(bases) or any(_decorator_protects(d) for d in cls.decorator_list):
        return True
    for stmt in cls.body:
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "permission_classes"
                                                for t in stmt.targets):
            return not _only_allow_any(stmt.value)
    if _DRF_VIEWS.search(bases):
        return True  # the project's DEFAULT_PERMISSION_CLASSES decide; not guessed
    return bool(_SELF_CHECK.search(ast.unparse(cls)))


def _django_view_protected(doc, ctx, view):
    if isinstance(view, ast.Call) and not (isinstance(view.func, ast.Attribute) and view.func.attr == "as_view"):
        return True  # a wrapper (login_required(views.x), csrf_exempt(...), include(...)): not guessed
    found = view_definition(doc, ctx.model, view)
    if found is None:
        return True  # not followed: not guessed
    owner, definition = found
    if isinstance(definition, ast.ClassDef):
        return _class_protected(owner, definition)
    if any((dotted(d.func if isinstance(d, ast.Call) else d) or "").rsplit(".", 1)[-1] == "api_view"
           for d in definition.decorator_list) and \
            not any((dotted(d.func if isinstance(d, ast.Call) else d) or "").endswith("permission_classes")
                    for d in definition.decorator_list):
        return True  # DRF function view under DEFAULT_PERMISSION_CLASSES: not guessed
    return _function_protected(owner, definition)
