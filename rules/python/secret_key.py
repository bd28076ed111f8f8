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
  words, `AUTH_COOKIE_KEY = "app_auth_session"` or `FACE_SESSION_KEY = "face_token"`, names a cookie, a flag or
  a session entry, and a `*_SALT` of words, `VERIFICATION_SALT = "email-verification"`, a signer's namespace); nor is a constant the module only
  ever passes as a signer's or a key derivation's `salt=`, `URLSafeTimedSerializer(key, salt=EMAIL_SALT)`).
  A name whose head is not the secret passes too: a duration, a threshold, a marker or an event
  (`RESET_PASSWORD_LOCK_TIME`, `VAULT_SAVED_SECRET_MARK`, `CENSOR_TOKEN_CHANGED`) or one kind of an enumeration
  (`SCAN_TYPE_SECRETS`). The name of a hashing algorithm (`SECURITY_PASSWORD_HASH = "pbkdf2_sha512"`) is not a
  secret, nor is a bcrypt salt (`SALT = "$2b$12$..."`: bcrypt writes it at the head of every hash it makes).
  Nor are a constant's or a model's name in capitals (`LLM_KEY = "OPENAI_GPT5_5"`), a code sample of several
  lines, a dunder sentinel (`"__app_pending_bot_token__"`), two words of the name or more (`SECRET_METADATA_ROOT =
  "secret_metadata"`, `NEXT_PAGE_TOKEN_KEY = "nextPageToken"`, a patch id `"agent-remint-scope-tokens-v1"`), a
  key its vendor publishes to browsers (PostHog's `phc_...`) or a stand-in named as one
  (`PLACEHOLDER_SECRET_KEY`). A fallback the module refuses to start with (`if SECRET_KEY == "dev-key" and not
  DEBUG: raise ...`) and the variable of a test account (`TEST_USER_PASSWORD`) are not reported.
  JWT keys are PY002's and database passwords PY011's.

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
from linter.api import RuleMeta
from linter.api.python import (config_bindings, env_fallbacks, is_base_settings, middleware_options, module_bindings,
                               resolve, salt_names, secret_weakness, settings_views)
from linter.api.secrets import (SECRET_KEY_NAME, hardcoded_secret, name_words, is_db_setting_name, is_jwt_secret_name,
                                is_secret_name, judged_value, not_a_credential)

META = RuleMeta(
    id="PY001", name="python-secret-key", kinds=("python",), severity="error",
    checklist=("secrets.session-secret", "secrets.in-repo"), cwe=(798, 321),
    peers=("bandit:B105", "bandit:B106", "bandit:B107", "ruff:S105", "ruff:S106", "ruff:S107",
           "semgrep:avoid_hardcoded_config_SECRET_KEY"),
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
# a name that says its value stands in for a key (PLACEHOLDER_SECRET_KEY, EXAMPLE_SECRET_KEY): the value code
# compares a configured key with, or shows in documentation
_STAND_IN_WORDS = frozenset({"PLACEHOLDER", "EXAMPLE", "DUMMY", "SAMPLE", "FAKE", "MOCK"})
_TEST_ACCOUNT_WORDS = frozenset({"TEST", "TESTING", "E2E", "DEMO"})


def check(doc, ctx):
    seen = set()
    keys, others = [], []
    for view in settings_views(doc, ctx.model):
        winner = view.get("SECRET_KEY")
        if winner is not None and view.owns(winner):
            keys.append((winner, "settings"))
    # a base module's own values are judged through the production modules above (the views)
    base = is_base_settings(doc, ctx.model)
    # JWT keys are left to PY002 by the very test PY002 reports them by: a name that only mentions signing
    # (`secret_signing_key` of an encryption service) is judged here, not dropped between the two rules
    for b in [] if base else config_bindings(doc) + module_bindings(doc):
        if SECRET_KEY_NAME.match(b.name) and not is_jwt_secret_name(b.name):
            if name_words(b.name)[0] in _STAND_IN_WORDS:
                continue  # PLACEHOLDER_SECRET_KEY = "fillmein": the stand-in code compares a key with, not a key
            keys.append((b, "config"))
        elif is_secret_name(b.name) and not is_jwt_secret_name(b.name) and not is_db_setting_name(b.name):
            others.append(b)
    sinks = [("SessionMiddleware", kwargs) for _site, kwargs in middleware_options(doc, "SessionMiddleware")]
    sinks += [("CookieStore", kwargs) for _site, kwargs in _cookie_stores(doc)]
    for sink, kwargs in sinks:
        r = resolve(doc, kwargs.get("secret_key")) if "secret_key" in kwargs else None
        if r is None or not judged_value("secret_key", r.value) or r.env and not r.fallback:
            continue
        span = doc.span(r.node)
        seen.add((doc.rel, span))
        weakness = secret_weakness(r.value)
        message = ("weak-fallback" if weakness else "fallback") if r.env else ("weak" if weakness else "literal")
        yield ctx.finding(span, f"{sink}.secret_key", message, secret=r.value,
                          name=f"{sink} secret_key", env=r.env, weakness=weakness)
    for b, where in keys:
        if not judged_value(b.name, b.value) or (b.path, b.span) in seen:
            continue
        if b.env and b.path == doc.rel and _refused(doc, b.value):
            continue  # `if SECRET_KEY == "dev-key" and not DEBUG: raise ...`: production never starts with it
        seen.add((b.path, b.span))
        weakness = secret_weakness(b.value)
        if b.env:
            message = "weak-fallback" if weakness else "fallback"
        else:
            message = "weak" if weakness else "literal"
        yield ctx.finding(b.span, f"{where}.{b.name}", message, path=b.path, secret=b.value, name=b.name,
                          env=b.env, weakness=weakness)
    for b in others:
        if not judged_value(b.name, b.value) or (b.path, b.span) in seen or not hardcoded_secret(b.name, b.value) or \
                not_a_credential(b.name, b.value) or _TEST_ACCOUNT_WORDS & set(name_words(b.env or b.name)):
            continue
        if b.path == doc.rel and not b.env and b.name in salt_names(doc):
            continue  # only ever a signer's `salt=`: the namespace beside the key, public by design
        seen.add((b.path, b.span))
        yield ctx.finding(b.span, f"config.{b.name}", "fallback" if b.env else "literal", secret=b.value,
                          name=b.name, env=b.env)
    for env, r, _call in () if base else env_fallbacks(doc):
        span = doc.span(r.node)
        if (doc.rel, span) in seen or not judged_value(env, r.value) or not is_secret_name(env) or \
                is_jwt_secret_name(env) or is_db_setting_name(env):
            continue
        if _refused(doc, r.value) or _TEST_ACCOUNT_WORDS & set(name_words(env)):
            continue  # refused at start-up; or TEST_USER_PASSWORD, the account a test or script signs in with
        weakness = secret_weakness(r.value)
        if not SECRET_KEY_NAME.match(env) and (not hardcoded_secret(env, r.value) or not_a_credential(env, r.value)):
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


def _refused(doc, value: str) -> bool:
    """Whether the module refuses to start with this fallback: an ``if`` comparing a name with the very literal
    (``if SECRET_KEY == "mysecretkey" and not DEBUG:``) whose body raises or exits."""
    import ast
    for node in ast.walk(doc.module) if doc.module is not None else ():
        if not isinstance(node, ast.If) or not any(isinstance(n, (ast.Raise,)) or
                                                   isinstance(n, ast.Call) and (ast.unparse(n.func) in
                                                                                ("sys.exit", "exit", "SystemExit"))
                                                   for part in node.body for n in ast.walk(part)):
            continue
        for cmp in ast.walk(node.test):
            if isinstance(cmp, ast.Compare) and len(cmp.ops) == 1 and isinstance(cmp.ops[0], (ast.Eq, ast.In)):
                sides = [cmp.left, cmp.comparators[0]]
                literals = [x.value for x in sides if isinstance(x, ast.Constant)] + \
                    [e.value for x in sides if isinstance(x, (ast.Tuple, ast.List, ast.Set))
                     for e in x.elts if isinstance(e, ast.Constant)]
                if value in literals and any(not isinstance(x, ast.Constant) for x in sides):
                    return True
    return False
