"""Cookies set by Python code must be Secure, HttpOnly and SameSite.

## What it does
Reports `response.set_cookie(...)` / `set_signed_cookie(...)` calls (Django, Flask, Starlette/FastAPI) in
production code that do not pass `secure=True` or `httponly=True`, or pass `samesite="None"` without
`secure=True`. Django and Flask (Werkzeug) send no `SameSite` attribute unless `samesite=` is given (`None`
included), so a call there that leaves it out is reported too when the cookie carries a session or a credential
(its name says so: `session`, `sid`, `auth`, `token`, `remember_me`, ...; or the name is computed), not a
preference such as `theme`; Starlette's (FastAPI's) and Litestar's default is `"lax"`, and a helper module that imports no
framework follows its backend's.
A call that takes the cookie's name or flags from the settings (`settings.SESSION_COOKIE_NAME`,
`secure=settings.SESSION_COOKIE_SECURE`) follows the project's cookie settings (PY005) and is not asked for
`samesite`. A flag read from a setting that stays off until someone sets it is reported at the flag: a settings
field defaulting to false (`secure=settings.secure_cookies` under `secure_cookies: bool = False`) or a getter of
the project returning an environment read that falls back to false (`secure=get_env_use_secure_cookies()` over
`return _bool_val("APP_USE_SECURE_COOKIES", False)`): production sends the cookie over plain HTTP unless its
operators find the setting. Calls that pass `**options` or a positional splat are left alone (the options may set
the flags: `secure` and `httponly` are positional parameters too, `set_cookie(*cookie)`), and so are
`delete_cookie` calls. A double-submit CSRF token cookie (`csrftoken`, `XSRF-TOKEN`, `csrf_token`, also after a
product's prefix: `enketo_csrf`) is meant
for the page's script to read, so only `secure=True` is asked of it, also when its name is a setting or a
constant imported from elsewhere whose own name says so (fastapi_users' `CSRF_TOKEN_COOKIE_NAME`).

Like JS003, a cookie whose name is written and names no session or credential (a preference such as
`theme`, `sort`, `view`, a UI hint such as `app_last_login_method`, or the page to return to after a flow such as
`login_next`) is reported only for a flag it turns off (`secure=False`); a computed name may hold
anything and is judged like a session cookie, unless it is read from a setting whose name says it is a preference
(`app.config["COOKIE_PREFERENCES_KEY"]`, `settings.THEME_COOKIE_NAME`). A call that deletes the cookie (`max_age=0`, `expires=0`) and a
cookie whose value is a written flag (`"true"`, `"1"`: a hint for the page's script such as "signed in" or
"token expired") carry nothing to protect and are left alone.

A cookie jar's `set_cookie(cookie)` (`http.cookiejar.CookieJar`, requests' `RequestsCookieJar`) stores a
cookie the client received and sends nothing to a browser, so it is left alone: a receiver created by
`requests.Session()`, `http.cookiejar.CookieJar()` (and its subclasses) or `RequestsCookieJar()`, a
`<session>.cookies` / `.cookie_jar` attribute, a receiver named like a jar, and the jar's one-argument
form `set_cookie(cookie)` (a response's cookie needs a name and a value). An app's own helper that happens to
be named `set_cookie` and is handed the request or response (`auth_service.set_cookie(request, response,
token)`) is not a response either; the response's call inside it is judged.

## Why it matters in production
A cookie without `Secure` also travels over plain HTTP, where anyone on the network path can read it; one
without `HttpOnly` can be read by any script on the page, so one XSS bug leaks it. Session and
authentication cookies need both. Without `SameSite`, browsers that do not default to `Lax` (Firefox, Safari)
attach the cookie to requests other sites trigger, which is what cross-site request forgery rides on.

## Example
```python path=app/views.py
from flask import Flask, make_response

app = Flask(__name__)


@app.post("/session")
def login():
    response = make_response("ok")
    response.set_cookie("session_token", "value")
    return response
```

## Use instead
```python path=app/views.py
from flask import Flask, make_response

app = Flask(__name__)


@app.post("/session")
def login():
    response = make_response("ok")
    response.set_cookie("session_token", "value", secure=True, httponly=True, samesite="Lax")
    return response
```

## References
- https://docs.djangoproject.com/en/stable/ref/request-response/#django.http.HttpResponse.set_cookie
- https://flask.palletsprojects.com/en/stable/api/#flask.Response.set_cookie
- https://owasp.org/www-community/controls/SecureCookieAttribute
"""
import ast

from linter.api import RuleMeta, lazy
from linter.api.cookies import redirect_target, status_flag, ui_preference
from linter.api.python import python_model, resolve, truthy

META = RuleMeta(
    id="PY008", name="python-cookie-flags", kinds=("python",), severity="warning",
    checklist=("secrets.session-cookies", "tls.cookie-secure"), cwe=(614, 1004),
    peers=("semgrep:django-secure-set-cookie", "semgrep:secure-set-cookie"),
)
MESSAGES = {
    "flags": "set_cookie({cookie}) lacks {missing}; pass {remedy}",
    "samesite": "set_cookie({cookie}) sets samesite=\"None\" without secure=True; browsers drop it. Pass "
                "secure=True",
    "default-off": "set_cookie({cookie}) sends the cookie without {flag} unless {setting} is set, and it defaults "
                   "to off; make on the default (a developer's plain-HTTP setup can turn it off)",
}
# the framework's own cookie settings (SESSION_COOKIE_SECURE), judged where they are set (PY005)
_FRAMEWORK_COOKIE_SETTING = lazy(r"(?i)(^|\.)(SESSION|CSRF|LANGUAGE|REMEMBER)_COOKIE_\w+$")


_JARS = {"CookieJar", "FileCookieJar", "MozillaCookieJar", "LWPCookieJar", "RequestsCookieJar",
         "cookiejar_from_dict", "Session", "session", "AsyncClient", "Client", "ClientSession"}
_JAR_MODULES = ("http.cookiejar", "cookielib", "requests", "httpx", "aiohttp")


# a double-submit CSRF token (Angular's XSRF-TOKEN, axios, Redash's csrf_token) is sent as a cookie for the
# page's script to copy into a header: HttpOnly would break it, Secure still applies
# the names of cookies that carry a session or a credential: what cross-site requests must not carry along; a
# preference (`theme`, `lang`) rides along harmlessly, so samesite is asked only of these and of computed names
def _no_credential(name: str) -> bool:
    """A cookie name that says it holds no session: no session word, a UI preference, or the page to return to
    after a flow (`login_next`, `redirect_to`: a URL, whatever flow its name starts with)."""
    return not _SESSION_NAME.search(name) or ui_preference(name) or redirect_target(name)


_SESSION_NAME = lazy(r"(?i)sess|(^|[-_.])sid($|[-_.])|auth|token|jwt|login|remember|user|ident|access|refresh|"
                     r"account|cred|secret|(^|[-_.])id$|key")
# (a product's prefix in front, `enketo_csrf`, `myapp-xsrf-token`, names the same token)
_SCRIPT_READ = lazy(r"(?i)^(?:[a-z0-9]+[-_])*_{0,2}(x?csrf|xsrf)([-_]?token)?$")


def _cookie_jar(doc, site) -> bool:
    """Whether ``<receiver>.set_cookie(...)`` is a client-side cookie jar's, not a response's."""
    from linter.api.python import dotted, literal
    receiver = site.name.rsplit(".", 1)[0]
    last = receiver.rsplit(".", 1)[-1]
    if (last in ("cookies", "cookie_jar", "_cookies") and "." in receiver) or "jar" in last.lower():
        return True
    if len(site.args) == 1 and not site.kwargs and not isinstance(literal(site.args[0]), str):
        return True  # CookieJar.set_cookie(cookie): a response's set_cookie takes a name and a value
    for a in doc.assigned(receiver):
        made = dotted(a.value.func) if type(a.value).__name__ == "Call" else None
        if made:
            head, _, name = made.rpartition(".")
            full = doc.names.get(made, f"{doc.names.get(head, head)}.{name}" if head else doc.names.get(name, name))
            if name in _JARS and (full.startswith(_JAR_MODULES) or name.endswith("CookieJar")):
                return True
    return False


def _helper(site) -> bool:
    """``session_service.set_cookie(request, response, token, expires)``: the app's own helper, handed the request
    or response it works on; a response's set_cookie takes the cookie's name first. The helper's body, which
    calls the response's, is judged where it is written."""
    first = site.args[0] if site.args else None
    return isinstance(first, ast.Name) and first.id in ("request", "req", "response", "resp", "res")


def check(doc, ctx):
    from linter.api.python import literal
    for site in doc.calls:
        last = site.name.rsplit(".", 1)[-1]
        if last not in ("set_cookie", "set_signed_cookie") or "." not in site.name or site.star_kwargs or \
                any(type(a) is ast.Starred for a in site.node.args):
            continue  # `**options`, or a splat whose values fill the positional secure and httponly
        if last == "set_cookie" and (_cookie_jar(doc, site) or _helper(site)):
            continue
        name_node = site.args[0] if site.args else site.kwargs.get("key")
        name = literal(name_node) if name_node is not None else ...
        if not isinstance(name, str):
            # a name read from the configuration is named by its setting: COOKIE_PREFERENCES_KEY keeps a
            # preference cookie's name, as the written "cookie_preferences" would say
            purpose = _setting_purpose(name_node)
            if purpose and (ui_preference(purpose) or _SCRIPT_READ.search(purpose)):
                # as for a preference, a CSRF token's setting or imported constant (fastapi_users'
                # CSRF_TOKEN_COOKIE_NAME) names a cookie the page's script reads on purpose
                name = purpose
        if _clears(site) or _flag_value(site):
            continue
        label = repr(name) if isinstance(name, str) and len(name) <= 60 else "..."
        key = f"set_cookie.{name if isinstance(name, str) else 'cookie'}"
        flags = {flag: truthy(resolve(doc, site.kwargs[flag]).value) if flag in site.kwargs else False
                 for flag in ("secure", "httponly")}
        missing = [flag for flag, on in flags.items() if on is False]
        off_until_set = {flag: found for flag in ("secure", "httponly") if flags[flag] is None and flag in site.kwargs
                         and (found := _configured_off(doc, ctx, site.kwargs[flag])) is not None}
        if isinstance(name, str) and _no_credential(name):
            # a preference (`theme`, `sort`) holds nothing to steal: only a flag turned off on purpose is asked,
            # and a UI hint's script reads it on purpose (httponly=False), as JS003 has it
            missing = [flag for flag in missing if flag in site.kwargs and
                       not (flag == "httponly" and ui_preference(name))]
        csrf_token = isinstance(name, str) and bool(_SCRIPT_READ.search(name))
        if csrf_token:
            # the page's script must read the token, and a token sent along cross-site gives nothing away
            missing = [m for m in missing if m != "httponly"]
        elif isinstance(name, str) and status_flag(name):
            # the outcome of a flow (`oauth_status`), set for the page's script to show: httponly=False on purpose
            missing = [m for m in missing if m != "httponly"]
        samesite = site.kwargs.get("samesite")
        same_value = resolve(doc, samesite).value if samesite is not None else None
        if isinstance(same_value, str) and same_value.strip().lower() == "none" and not flags["secure"]:
            yield ctx.finding(doc.span(samesite), key, "samesite", cookie=label)
            missing = [m for m in missing if m != "secure"]
        elif same_value is None and not csrf_token and _no_samesite_default(doc, ctx) and \
                not _from_settings(site, name_node) and \
                not (isinstance(name, str) and _no_credential(name)):
            missing.append("samesite")
        if isinstance(name, str) and _no_credential(name):
            off_until_set = {}  # a preference's cookie: only a flag turned off in the call itself is asked
        for flag, setting in off_until_set.items():
            yield ctx.finding(doc.span(site.kwargs[flag]), f"{key}.{flag}", "default-off", cookie=label,
                              flag=flag.capitalize() if flag == "secure" else "HttpOnly", setting=setting)
        if missing:
            yield ctx.finding(doc.span(site.node), key, "flags", cookie=label,
                              missing=" and ".join(m if m == "samesite" else f"{m}=True" for m in missing),
                              remedy=", ".join('samesite="Lax"' if m == "samesite" else f"{m}=True"
                                               for m in missing))


def _configured_off(doc, ctx, node) -> str | None:
    """The setting a flag is read from when that setting is off until someone sets it: a settings object's field
    with a false default (``secure=settings.secure_cookies`` under ``secure_cookies: bool = False``) or a getter
    of the project returning an environment read that falls back to false (``secure=get_env_use_secure_cookies()``
    over ``_bool_val("APP_USE_SECURE_COOKIES", False)``). Names the setting (the variable, or the attribute)."""
    from linter.api.python import dotted, getter_default, literal, project_value
    written = dotted(node) or ""
    if isinstance(node, ast.Subscript) and isinstance(literal(node.slice), str):
        written = literal(node.slice)  # app.config["SESSION_COOKIE_SECURE"]
    if _FRAMEWORK_COOKIE_SETTING.search(written):
        return None
    found = project_value(doc, ctx.model, node)
    if found.known and truthy(found.value) is False:
        return found.env or written
    getter = getter_default(doc, ctx.model, node)
    if getter is not None and truthy(getter.value) is False:
        return getter.env
    return None


def _clears(site) -> bool:
    """``set_cookie(name, "", max_age=0)`` / ``expires=0``: the call deletes the browser's cookie, sending
    nothing that needs protecting (Werkzeug's and Django's own ``delete_cookie`` are written this way)."""
    from linter.api.python import literal
    return any(type(literal(site.kwargs[k])) is int and literal(site.kwargs[k]) == 0
               for k in ("max_age", "expires") if k in site.kwargs)


def _flag_value(site) -> bool:
    """A cookie whose value is a written flag (``"true"``, ``"1"``) tells the page's script a state (signed in,
    token expired); it carries no credential, so neither Secure nor HttpOnly protects anything."""
    from linter.api.python import literal
    value_node = site.args[1] if len(site.args) > 1 else site.kwargs.get("value")
    value = literal(value_node) if value_node is not None else None
    return isinstance(value, (str, bool, int)) and str(value).strip().lower() in _FLAG_WORDS


_FLAG_WORDS = frozenset({"true", "false", "1", "0", "yes", "no", "on", "off"})


def _no_samesite_default(doc, ctx) -> bool:
    """Django's and Werkzeug's set_cookie send no SameSite attribute unless told (Firefox and Safari then
    attach the cookie to cross-site requests); Starlette's defaults to "lax". A helper module that imports no
    framework (``def set_auth(response, token)``) serves the backend's app, so the backend's framework decides."""
    roots = {m.split(".")[0] for m in doc.imports}
    if roots & {"starlette", "fastapi", "litestar"}:
        return False
    if roots & {"flask", "django", "werkzeug", "quart"}:
        return True
    return python_model(ctx.model).backend(doc.rel).get("framework") not in ("fastapi", "starlette", "litestar")


_SETTING_SUFFIX = {"COOKIE", "COOKIES", "KEY", "NAME"}


def _setting_purpose(node) -> str | None:
    """What the setting a cookie's name is read from says the cookie is for: ``app.config["COOKIE_PREFERENCES_KEY"]``,
    ``settings.THEME_COOKIE_NAME``, ``app.config.get("LANGUAGE_COOKIE")`` and an imported ``CSRF_TOKEN_COOKIE_NAME``
    give ``preferences``, ``theme``, ``language`` and ``csrf_token`` (the setting's words without COOKIE, KEY and
    NAME); None for any other expression."""
    from linter.api.python import literal
    from linter.api.secrets import name_words
    setting = None
    if isinstance(node, ast.Subscript) and isinstance(literal(node.slice), str):
        setting = literal(node.slice)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" and \
            node.args and isinstance(literal(node.args[0]), str):
        setting = literal(node.args[0])
    elif isinstance(node, ast.Attribute) and node.attr.isupper():
        setting = node.attr
    elif isinstance(node, ast.Name) and node.id.isupper():
        # a constant imported from elsewhere (`from fastapi_users.router.oauth import CSRF_TOKEN_COOKIE_NAME`):
        # its value is not in this file, its name says what it holds, as JS003 reads `XSRF_COOKIE_NAME`
        setting = node.id
    if not setting:
        return None
    words = [w for w in name_words(setting) if w not in _SETTING_SUFFIX]
    return "_".join(words).lower() or None


def _from_settings(site, name_node) -> bool:
    """A cookie whose name or flags the call reads from configuration (``settings.SESSION_COOKIE_NAME``,
    ``secure=settings.SESSION_COOKIE_SECURE``) follows the project's cookie settings, which PY005 judges."""
    from linter.api.python import dotted
    nodes = [name_node] + [site.kwargs[f] for f in ("secure", "httponly") if f in site.kwargs]
    return any(isinstance(n, ast.AST) and any((dotted(sub) or "").split(".")[0] in ("settings", "config", "app")
                                               for sub in ast.walk(n)) for n in nodes)
