"""The Django/Flask SECRET_KEY must come from the environment, not from the source.

## What it does
Reports, in production Python code of a Django, Flask or FastAPI backend:

- Django's `SECRET_KEY` in the settings production runs (followed through `from .base import *`), Flask's
  `app.secret_key`, `app.config["SECRET_KEY"]`, `app.config.update(SECRET_KEY=...)` and the `SECRET_KEY`
  of configuration classes (`class ProductionConfig(Config)`), and any module-level `SECRET_KEY` or
  `*_SECRET_KEY` assignment, when the value is a literal;
- the same settings read with a literal fallback: `os.environ.get("SECRET_KEY", "dev")`, `os.getenv(...)`,
  django-environ `env("SECRET_KEY", default=...)`, python-decouple `config("SECRET_KEY", default=...)`,
  `os.environ.get("SECRET_KEY") or "dev"`;
- Starlette/FastAPI `SessionMiddleware(secret_key=...)` (added with `app.add_middleware` or
  `Middleware(...)`) and starsessions' `CookieStore(secret_key=...)` with a literal key or a literal fallback,
  `str(os.getenv("SECRET"))` included: an unset variable makes the key the string `"None"`;
- other secret-named settings (`EMAIL_HOST_PASSWORD`, `STRIPE_API_KEY`, `AWS_SECRET_ACCESS_KEY`...)
  whose literal value, or literal fallback, looks like a real credential (placeholders and empty values
  hide nothing and pass, and so does a value that spells the setting's own name or its last words: the key
  it is stored under, or a build-time marker such as `"__POSTHOG_API_KEY__"`; a `*_KEY` holding lowercase
  words, `AUTH_COOKIE_KEY = "app_auth_session"`, names a cookie or a flag). JWT keys are PY002's and database
  passwords PY011's.

Django's generated `django-insecure-...` key is reported as a development key. Values read without a
fallback (`os.environ["SECRET_KEY"]`) pass. Settings modules for development or tests
(`settings/dev.py`, `settings/test.py`, `local_settings.py`) are not production and are not read.

## Why it matters in production
Django signs sessions, password-reset links and messages with `SECRET_KEY`; Flask signs its session
cookie with it. Anyone who reads the repository can forge a session for any user. A fallback is the same
leak with one more step: the day the variable is missing, the app starts with the committed key instead of
failing.

## Example
```python path=mysite/settings.py
import os

INSTALLED_APPS = ["django.contrib.auth"]
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "django-insecure-4f8a2b9c7d1e3f5a6b8c9d0e")
```

## Use instead
```python path=mysite/settings.py
import os

INSTALLED_APPS = ["django.contrib.auth"]
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
```

## References
- https://docs.djangoproject.com/en/stable/ref/settings/#secret-key
- https://flask.palletsprojects.com/en/stable/config/#SECRET_KEY
"""
import re

from linter.api import RuleMeta
from linter.api.python import (config_bindings, env_fallbacks, is_base_settings, middleware_options, module_bindings,
                               resolve, secret_weakness,
    settings_views)
from linter.api.secrets import hardcoded_secret, is_secret_name, name_words
from linter.api import lazy

META = RuleMeta(
    id="PY001", name="python-secret-key", kinds=("python",), severity="error",
    checklist=("secrets.session-secret", "secrets.in-repo"), cwe=(798, 321),
)
MESSAGES = {
    "literal": "{name} is written in the source; read it from the environment (os.environ[\"{name}\"]) and "
               "rotate the committed key",
    "weak": "{name} {weakness}; generate 50 random characters, read them from the environment and rotate "
            "the committed key",
    "fallback": "{name} falls back to a literal when {env} is unset; read os.environ[\"{env}\"] so a missing "
                "variable fails at start-up, and rotate the committed value",
    "weak-fallback": "{name} falls back to a value that {weakness} when {env} is unset; read "
                     "os.environ[\"{env}\"] so a missing variable fails at start-up",
}
_KEY_NAMES = lazy(r"^(\w+_)?SECRET_KEY$|^secret_key$", re.I)


def is_jwt_name(name: str) -> bool:
    return bool(re.search(r"jwt|signing_key|token_secret", name, re.I))


def is_db_name(name: str) -> bool:
    return bool(re.search(r"(^|_)(db|database|postgres|pg|mysql|mariadb|mssql|mongo\w*|redis)(_|$)|_dsn$|"
                          r"database_url", name, re.I))


def check(doc, ctx):
    seen = set()
    keys, others = [], []
    for view in settings_views(doc, ctx.model):
        winner = view.get("SECRET_KEY")
        if winner is not None and view.owns(winner):
            keys.append((winner, "settings"))
    # a base module's own values are judged through the production modules above (the views)
    base = is_base_settings(doc, ctx.model)
    for b in [] if base else config_bindings(doc) + module_bindings(doc):
        if _KEY_NAMES.match(b.name) and not is_jwt_name(b.name):
            keys.append((b, "config"))
        elif is_secret_name(b.name) and not is_jwt_name(b.name) and not is_db_name(b.name):
            others.append(b)
    sinks = [("SessionMiddleware", kwargs) for _site, kwargs in middleware_options(doc, "SessionMiddleware")]
    sinks += [("CookieStore", kwargs) for _site, kwargs in _cookie_stores(doc)]
    for sink, kwargs in sinks:
        r = resolve(doc, kwargs.get("secret_key")) if "secret_key" in kwargs else None
        if r is None or not _judged("secret_key", r.value) or r.env and not r.fallback:
            continue
        span = doc.span(r.node)
        seen.add((doc.rel, span))
        weakness = secret_weakness(r.value)
        message = ("weak-fallback" if weakness else "fallback") if r.env else ("weak" if weakness else "literal")
        yield ctx.finding(span, f"{sink}.secret_key", message, secret=r.value,
                          name=f"{sink} secret_key", env=r.env, weakness=weakness)
    for b, where in keys:
        if not _judged(b.name, b.value) or (b.path, b.span) in seen:
            continue
        seen.add((b.path, b.span))
        weakness = secret_weakness(b.value)
        if b.env:
            message = "weak-fallback" if weakness else "fallback"
        else:
            message = "weak" if weakness else "literal"
        yield ctx.finding(b.span, f"{where}.{b.name}", message, path=b.path, secret=b.value, name=b.name,
                          env=b.env, weakness=weakness)
    for b in others:
        if not _judged(b.name, b.value) or (b.path, b.span) in seen or not hardcoded_secret(b.name, b.value) or \
                _not_a_credential(b.name, b.value):
            continue
        seen.add((b.path, b.span))
        yield ctx.finding(b.span, f"config.{b.name}", "fallback" if b.env else "literal", secret=b.value,
                          name=b.name, env=b.env)
    for env, r, _call in () if base else env_fallbacks(doc):
        span = doc.span(r.node)
        if (doc.rel, span) in seen or not _judged(env, r.value) or not is_secret_name(env) or \
                is_jwt_name(env) or is_db_name(env):
            continue
        weakness = secret_weakness(r.value)
        if not _KEY_NAMES.match(env) and (not hardcoded_secret(env, r.value) or _not_a_credential(env, r.value)):
            continue  # an API key falling back to "" or "changeme" hides nothing: the call just fails
        seen.add((doc.rel, span))
        yield ctx.finding(span, f"env.{env}", "weak-fallback" if weakness else "fallback", secret=r.value,
                          name=env, env=env, weakness=weakness)


def _cookie_stores(doc) -> list[tuple[object, dict]]:
    """starsessions' ``CookieStore(secret_key=...)``: the key its SessionMiddleware signs session cookies with."""
    out = []
    for site in doc.calls:
        head, _, last = site.name.rpartition(".")
        full = f"{doc.names.get(head, head)}.{last}" if head else doc.names.get(last, last)
        if last == "CookieStore" and full.split(".")[0] == "starsessions":
            kwargs = dict(site.kwargs)
            if site.args and "secret_key" not in kwargs:
                kwargs["secret_key"] = site.args[0]
            out.append((site, kwargs))
    return out


# a KEY that names a lookup key (a cache key, the header a token travels in, the request attribute or
# environment variable it is kept under), not a credential. COOKIE,
# STORAGE, STATE and CONTEXT are left out: SESSION_COOKIE_KEY, *_STORAGE_KEY (an S3 secret) and STATE_KEY
# name keys that sign or encrypt
_LOOKUP_KEY_NAME = lazy(r"(^|_)(HEADER|CACHE|QUERY|PARAM|LOOKUP|SORT|FIELD|META|LOCK|"
                        r"IDEMPOTENCY|PARTITION|ROUTING|DICT|JSON|FORM|URL|KWARG|SETTINGS)_KEY$|"
                        r"_KEY_(NAME|PREFIX|FIELD|HEADER)$|(^|_)(BODY|SUBJECT|TEMPLATE|MESSAGE|TEXT|LABEL|HELP|"
                        r"TITLE|PROMPT|ERROR|URL|PATH|HEADER|FIELD|NAME|PREFIX|SUFFIX|ATTR|ATTRIBUTE|VAR|"
                        r"VARIABLE)$", re.I)
# a KEY holding lowercase words joined by `_`, `-` or `.` ("polar_auth_session", "seat_based_pricing_enabled"): the
# name a cookie, a flag or a cache entry is stored under; a generated key has digits or mixed case
_WORDS_KEY = lazy(r"[a-z][a-z0-9]+(?:[-_.][a-z][a-z0-9]*){1,8}")
_SECRET_WORD = lazy(r"secret|key|pass|pwd|token|sign")  # "super_secret_cookie" is a weak key, not a name
# an HTTP header name: "Authorization", "X-API-Key"
_HEADER_VALUE = lazy(r"^(Authorization|Proxy-Authorization|Cookie|Set-Cookie|Bearer|Token|X(-[A-Za-z0-9]+)+)$", re.I)
# a namespaced cache or lock key, lowercase words joined by colons ("sumo:wiki:full-rebuild"): the name of
# a Redis entry, which no generator of secrets produces
_NAMESPACED_KEY = lazy(r"^[a-z][a-z0-9_.-]{0,40}(:[a-z0-9_.-]{1,40}){2,8}$")
# a route's path ("/api/v1/api-keys/{key_id:uuid}/revoke" under API_KEY_REVOKE): lowercase segments and
# path parameters, which no generator of secrets writes
_ROUTE_PATH = lazy(r"(/(\{[\w:]{1,40}\}|<[\w:]{1,40}>|[a-z0-9][a-z0-9_.-]{0,40})){2,12}/?")
# what makes words a sentence rather than a passphrase ("correct horse battery staple"): a word ended by
# sentence punctuation. One fixed-width step per match attempt, so nothing backtracks on a long value
_SENTENCE_PUNCTUATION = lazy(r"[A-Za-z][.,;:!?](?:\s|$)")
# a message template's placeholder: {site}, {{ user }}, %(name)s
_TEMPLATE_MARKER = lazy(r"\{\{?[ \t]?\w{0,40}[ \t]?\}|%\(\w{1,40}\)[sdr]")
_WORD = lazy(r"[A-Za-z][a-z']{0,30}[,.;:!?]?")
# the small words a sentence cannot do without and a generated passphrase rarely draws twice
_FUNCTION_WORDS = frozenset("""a an the to of in on at for by with from and or but not no is are was were be been
must can will should may do does did you your we our it its this that these those what which who when where how
if than then as""".split())
_PROSE_SCAN = 2000  # a sentence shows itself in its first lines; a long blob is not read to its end


def _prose(value: str) -> bool:
    """A sentence (several words, most of them dictionary-like, with sentence punctuation or two of the small
    words sentences are made of) or a message template (words around a {placeholder}): an email body, a help
    text. A PEM block is never prose, and a passphrase of plain words has neither."""
    v = value[:_PROSE_SCAN]
    if "-----BEGIN" in v:
        return False
    words = v.split()
    if len(words) < 2:
        return False
    if _TEMPLATE_MARKER.search(v):
        return True
    wordy = sum(1 for w in words if _WORD.fullmatch(w))
    if len(words) < 3 or 2 * wordy < len(words):
        return False
    small = sum(1 for w in words if w.lower().strip(",.;:!?") in _FUNCTION_WORDS)
    return small >= 2 or bool(_SENTENCE_PUNCTUATION.search(v))


def _not_a_credential(name: str, value) -> bool:
    """A secret-looking name holding something that is not a credential: an email body
    (``DEFAULT_PASSWORD_RESET_BODY``), the header a token travels in (``HEADER_KEY = "Authorization"``), a
    cache key's name (``REBUILD_TOKEN = "app:wiki:rebuild"``). Only for the names PY001 guesses at; SECRET_KEY
    itself is always judged."""
    if not isinstance(value, str):
        return False
    v = value.strip()
    return bool(_LOOKUP_KEY_NAME.search(name) or _HEADER_VALUE.match(v) or _NAMESPACED_KEY.match(v) or _prose(v)
                or _ROUTE_PATH.fullmatch(v)
                or name_words(name)[-1:] == ["KEY"] and bool(_WORDS_KEY.fullmatch(v)) and not _SECRET_WORD.search(v))


def _judged(name: str, value) -> bool:
    """A value worth judging: a non-empty string that is not the variable's own name (a config key)."""
    return isinstance(value, str) and bool(value.strip()) and value.strip().lower() != name.lower()
