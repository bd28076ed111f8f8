"""Literals of Python source that a name says are secrets, and the accounts and Redis connections written there.

* :func:`named_literals`: every string literal a name gives a meaning to: the target of an assignment
  (``api_key = "..."``, ``client.token = "..."``, ``headers["X-Api-Key"] = "..."``), a keyword argument
  (``Client(api_key="...")``), a dictionary key, a parameter's default (``def f(token="...")``), the variable of an
  environment read that falls back to it (``os.getenv("STRIPE_KEY", "...")``), a setter given a name and a value
  (``os.environ.setdefault("API_KEY", "...")``) and the other side of a comparison (``if token == "..."``), the
  places Bandit's B105/B106/B107 look;
* :func:`settings_secret_spans`: the literals the settings rules judge (PY001's secret settings and fallbacks,
  PY002's JWT keys, PY011's database passwords) and the passwords of seeded accounts (PY020), so that the rule for
  other credentials in source reports each mistake once;
* :func:`account_passwords`: the password a seed, migration or bootstrap command gives an account it creates;
* :func:`redis_connections`: the Redis servers the source connects to, with what it says of their password.
"""
from __future__ import annotations

import ast
import re

from ..lazyre import lazy
from ..record import NamedTuple
from ..parsers.python import dotted, literal
from .python import (NON_PRODUCTION_CLASS, config_bindings, env_fallbacks, jwt_arguments, jwt_calls, module_bindings,
                     resolve, resolve_at)


class NamedLiteral(NamedTuple):
    name: str  # the variable, attribute, keyword, key or parameter the literal is given to
    node: object  # the string literal
    value: str
    env: str | None  # the environment variable read when this literal is its fallback
    scope: str | None  # the class whose body assigns it
    place: str = "assignment"  # assignment, keyword, key, default (a parameter's), comparison, setter, fallback
    function: str | None = None  # for a parameter's default, the function it belongs to
    siblings: tuple = ()  # for a dictionary entry, the other keys written in the same dictionary


_ENV_CALLS = {"os.environ.get", "os.getenv", "environ.get", "getenv", "os.environ.setdefault", "env", "env.str",
              "config", "decouple.config"}


def _string(node) -> str | None:
    if type(node) is ast.Constant:
        if isinstance(node.value, str):
            return node.value
        if isinstance(node.value, bytes):
            return node.value.decode("utf-8", "replace")
    return None


def _target_name(target) -> str | None:
    if type(target) is ast.Name:
        return target.id
    if type(target) is ast.Attribute:
        return target.attr
    if type(target) is ast.Subscript:
        key = literal(target.slice)
        return key if isinstance(key, str) else None
    return None


def _inside(inner, outer) -> bool:
    return (outer.lineno, outer.col_offset) <= (getattr(inner, "lineno", -1), getattr(inner, "col_offset", -1)) and \
        (getattr(inner, "end_lineno", 0), getattr(inner, "end_col_offset", 0)) <= (outer.end_lineno,
                                                                                     outer.end_col_offset)


def _value_literal(doc, value):
    """(literal node, text, environment variable) a value expression is written as: the literal itself, or the
    literal an environment read, a pydantic ``Field``/``SecretStr`` or ``or`` falls back to inside it."""
    text = _string(value)
    if text is not None:
        return value, text, None
    if type(value) not in (ast.Call, ast.BoolOp):
        return None
    r = resolve(doc, value)
    if isinstance(r.value, str) and r.node is not None and _string(r.node) is not None and _inside(r.node, value):
        return r.node, _string(r.node), r.env
    return None


def named_literals(doc) -> list[NamedLiteral]:
    cached = doc.__dict__.get("_py_named_literals")
    if cached is not None:
        return cached
    from ..secrets import is_secret_name
    out: list[NamedLiteral] = []
    classes: dict[int, str] = {}

    def add(name, value, scope=None, place="assignment", function=None, siblings=()):
        if not name or value is None:
            return
        found = _value_literal(doc, value)
        if found is not None:
            node, text, env = found
            if text.strip():
                # the variable read names the value when it says what it is; else the name it is given to
                out.append(NamedLiteral(env if env and is_secret_name(env) else name, node, text, env, scope,
                                        "fallback" if env else place, function, siblings))

    for node in ast.walk(doc.module) if doc.module is not None else ():
        kind = type(node)
        if kind is ast.ClassDef:
            for stmt in node.body:
                classes[id(stmt)] = node.name
        elif kind is ast.Assign:
            for target in node.targets:
                add(_target_name(target), node.value, classes.get(id(node)))
        elif kind is ast.AnnAssign:
            add(_target_name(node.target), node.value, classes.get(id(node)))
        elif kind is ast.Call:
            for keyword in node.keywords:
                add(keyword.arg, keyword.value, place="keyword")
            name = dotted(node.func) or ""
            if len(node.args) == 2 and not node.keywords and name not in _ENV_CALLS and \
                    name.rsplit(".", 1)[-1] in ("set", "setdefault", "constant", "setenv", "put"):
                add(_string(node.args[0]), node.args[1], place="setter")  # a setter given a name and its value
        elif kind is ast.Dict:
            keys = tuple(k for k in (_string(key) for key in node.keys if key is not None) if k)
            for key, value in zip(node.keys, node.values):
                add(_string(key) if key is not None else None, value, place="key", siblings=keys)
        elif kind in (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda):
            args = node.args
            positional = [*args.posonlyargs, *args.args]
            function = getattr(node, "name", None)
            for arg, default in zip(positional[len(positional) - len(args.defaults):], args.defaults):
                add(arg.arg, default, place="default", function=function)
            for arg, default in zip(args.kwonlyargs, args.kw_defaults):
                add(arg.arg, default, place="default", function=function)
        elif kind is ast.Compare and len(node.ops) == 1 and type(node.ops[0]) in (ast.Eq, ast.NotEq):
            for side, other in ((node.left, node.comparators[0]), (node.comparators[0], node.left)):
                if type(side) in (ast.Name, ast.Attribute) and _string(other) is not None:
                    add(_target_name(side), other, place="comparison")
    seen = {id(n.node) for n in out}
    for env, r, _call in env_fallbacks(doc):  # a fallback read anywhere: `Client(os.getenv("API_KEY", "..."))`
        if id(r.node) not in seen and _string(r.node) is not None and _string(r.node).strip():
            seen.add(id(r.node))
            out.append(NamedLiteral(env, r.node, _string(r.node), env, None, "fallback"))
    out.sort(key=lambda n: (n.node.lineno, n.node.col_offset))
    doc.__dict__["_py_named_literals"] = out
    return out


def salt_names(doc) -> frozenset:
    """Names every read of which, in this module, is a call's ``salt=`` argument: itsdangerous' and Django's
    signers (``URLSafeTimedSerializer(key, salt=EMAIL_SALT)``) and key derivations (``PBKDF2HMAC(salt=...)``,
    ``HKDF(salt=...)``). A salt keeps signatures or derived keys of one purpose apart from another's; their
    documentation says it needs no secrecy, the key beside it does. A name read anywhere else (as a key, in a
    message) is not one, so a constant used both ways is still judged."""
    cached = doc.__dict__.get("_py_salt_names")
    if cached is not None:
        return cached
    as_salt: set[str] = set()
    salt_reads: set[int] = set()
    other: set[str] = set()
    tree = doc.module
    for node in ast.walk(tree) if tree is not None else ():
        if type(node) is ast.Call:
            for keyword in node.keywords:
                if keyword.arg == "salt" and type(keyword.value) in (ast.Name, ast.Attribute):
                    as_salt.add(_target_name(keyword.value))
                    salt_reads.add(id(keyword.value))
    for node in ast.walk(tree) if as_salt else ():
        kind = type(node)
        if kind is ast.Name and type(node.ctx) is ast.Load and node.id in as_salt and id(node) not in salt_reads:
            other.add(node.id)
        elif kind is ast.Attribute and type(node.ctx) is ast.Load and node.attr in as_salt and \
                id(node) not in salt_reads:
            other.add(node.attr)
    out = frozenset(as_salt - other)
    doc.__dict__["_py_salt_names"] = out
    return out


# ---- what the settings rules judge --------------------------------------------------------------------
# the database drivers and engines PY011 reads a `password=` of
DB_DRIVER_CALLS = ("connect", "create_engine", "create_async_engine", "create", "MongoClient", "AsyncIOMotorClient",
                   "create_pool", "Connection")
_SESSION_KEYS = ("SessionMiddleware", "CookieStore")


def settings_secret_spans(doc, project) -> set:
    """Spans of the literals the settings rules judge, whatever they decide: secret-named settings (module-level,
    ``app.config``, configuration classes) and their environment fallbacks (PY001, PY002, PY011), the session
    middleware's key (PY001), JWT keys (PY002), database passwords (PY011) and the passwords of accounts the
    source creates (PY020)."""
    from ..secrets import is_jwt_secret_name, is_secret_name
    from .credential_names import SECRET_KEY_NAME, is_db_setting_name, is_jwt_setting_name
    from .python import django_database_entry, is_base_settings
    spans = set()
    base = is_base_settings(doc, project)

    def owned(name: str) -> bool:
        # SECRET_KEY (through the settings production runs), JWT keys and database passwords are judged in a base
        # settings module too; other secret settings only outside one
        always = SECRET_KEY_NAME.match(name) or is_jwt_setting_name(name) or is_jwt_secret_name(name) or \
            is_secret_name(name) and is_db_setting_name(name)
        return bool(always) or is_secret_name(name) and not base

    for b in [*config_bindings(doc), *module_bindings(doc)]:
        if owned(b.name):
            spans.add(b.span)
    for env, r, _call in env_fallbacks(doc):
        if is_secret_name(env) or is_jwt_secret_name(env):
            spans.add(doc.span(r.node))
    for site in doc.calls:
        last = site.name.rsplit(".", 1)[-1]
        first = dotted(site.args[0]) if site.args else None
        if "secret_key" in site.kwargs and (last in _SESSION_KEYS or
                                            (first or "").rsplit(".", 1)[-1] in _SESSION_KEYS):
            spans.add(doc.span(resolve(doc, site.kwargs["secret_key"]).node))
        if last in DB_DRIVER_CALLS:
            for name in ("password", "passwd"):
                if name in site.kwargs:
                    spans.add(doc.span(resolve(doc, site.kwargs[name]).node))
    for site, _api in jwt_calls(doc, "encode", "decode"):
        key = jwt_arguments(doc, site)[1]
        if key is not None:
            spans.add(doc.span(resolve_at(doc, key, site.node).node))
    for key, value, _ in doc.pairs:
        if key == "SIGNING_KEY" or key in ("PASSWORD", "password", "passwd") and django_database_entry(doc, value):
            spans.add(doc.span(resolve(doc, value).node))
    for account in account_passwords(doc):
        spans.add(doc.span(account.node))
    return spans


# ---- accounts ---------------------------------------------------------------------------------------------
class AccountPassword(NamedTuple):
    node: object  # the password literal
    value: str
    how: str  # what creates the account: "create_superuser()", "set_password()", "User(...)", "a user dictionary"


# Django's UserManager methods take (username, email, password); other account creators are read by keyword
_DJANGO_CREATORS = {"create_user", "create_superuser", "_create_user"}
_CREATOR = lazy(r"^_?(\w+_)?(create|add|make|new|register|seed|bootstrap|ensure)_(\w+_)?"
                r"(user|superuser|admin|staff|staffuser|account|member)$")
_HASHERS = {"make_password", "generate_password_hash", "hash_password", "hashpw", "get_password_hash",
            "encrypt_password", "hash", "encrypt", "set_password"}
_PASSWORD_FIELDS = {"password", "passwd", "pwd", "password_hash", "hashed_password", "passwordhash",
                    "hashedpassword", "_password", "raw_password", "plain_password", "initial_password",
                    "default_password", "admin_password"}
_USER_FIELDS = {"email", "username", "user_name", "login", "name", "role", "roles", "is_admin", "is_superuser",
                "is_staff", "mail", "first_name", "last_name", "user", "active", "is_active"}
_DB_FIELDS = {"host", "port", "database", "server", "dsn", "dbname", "db", "engine", "sslmode", "connection_string"}
_PASSWORD_HOLDER = lazy(r"(^|[._])(user|users|admin|account|superuser|member|customer|staff|u)$")


def _password_literal(doc, value):
    """The literal a password value is written as: the literal, or a hasher's argument
    (``make_password("admin")``, ``generate_password_hash("admin")``, ``bcrypt.hashpw(b"admin", salt)``), that
    argument also a name the code assigns a literal once (``hasher.hash(DEFAULT_PASSWORD)`` under
    ``DEFAULT_PASSWORD = "admin"``, or a local assigned before the call)."""
    text = _string(value)
    if text is not None:
        return value, text
    if type(value) is ast.Call and value.args:
        name = (dotted(value.func) or "").rsplit(".", 1)[-1]
        inner = value.args[0]
        if type(inner) is ast.Call and (dotted(inner.func) or "").endswith("encode"):
            inner = inner.func.value if type(inner.func) is ast.Attribute else inner  # "admin".encode()
        if name in _HASHERS and type(inner) is ast.Name:
            r = resolve_at(doc, inner, value)
            inner = r.node if r.node is not None and not r.env else inner
        if name in _HASHERS and _string(inner) is not None:
            return inner, _string(inner)
    return None


_ORM_CREATE = {"create", "get_or_create", "update_or_create", "acreate", "aget_or_create"}
# a model class for accounts: User, AppUser, model.User, AdminUser, Customer; not a client logging in as one
# (UserCreation, Client, Session)
_USER_MODEL = lazy(r"^([A-Z]\w*)?(User|Account|Admin|Member|Customer|Staff|Superuser|Person|Profile)$")
# code whose name says it makes data for tests or demonstrations: its accounts are not deployed
_TEST_DATA = lazy(r"(^|_)(test|tests|testing|fixture|fixtures|fake|fakes|dummy|mock|mocks|demo|sample|example|"
                  r"examples)(_|$)|^(test|fake|dummy|mock|demo|sample)[A-Z0-9]|"
                  # the same words run together with what they make (a `demodata` management command, `testusers`)
                  r"(^|_)(test|fake|dummy|mock|demo|sample)(data|users?|accounts?)(_|$)|"
                  r"(Test|Fake|Dummy|Mock|Demo|Sample|Fixture)(?=[A-Z0-9_]|s?$)")
# a variable holding the accounts a seed creates: USERS, default_users, admin, SEED_ACCOUNTS
_ACCOUNTS_NAME = lazy(r"(user|account|admin|member|staff|superuser|seed)", re.I)


def _walk_outside_test_data(module):
    """The module's nodes, leaving out the bodies of functions and classes named for test or demo data
    (``def create_test_user``, ``class FakeDataGenerator``)."""
    stack = [module] if module is not None else []
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if type(child) in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef) and _TEST_DATA.search(child.name):
                continue
            stack.append(child)


def _named_holders(doc) -> set[int]:
    """ids of the dictionaries assigned to a variable named for accounts (``USERS = [{...}]``, ``admin = {...}``),
    directly or as items of a list: a login payload passed inline to a client is not an account being made."""
    out = set()
    for node in ast.walk(doc.module) if doc.module is not None else ():
        if type(node) in (ast.Assign, ast.AnnAssign):
            targets = node.targets if type(node) is ast.Assign else [node.target]
            if any(_ACCOUNTS_NAME.search(_target_name(t) or "") for t in targets) and node.value is not None:
                items = node.value.elts if type(node.value) in (ast.List, ast.Tuple) else [node.value]
                out.update(id(item) for item in items if type(item) is ast.Dict)
    return out


def account_passwords(doc) -> list[AccountPassword]:
    """Passwords written in the source for accounts it creates: ``User.objects.create_superuser("admin",
    "a@example.com", "admin")``, ``create_user(..., password=...)`` (Django, Flask-Security's datastore),
    ``user.set_password("admin")``, a model built with a user field and a password (``User(username="admin",
    password=generate_password_hash("admin"))``) and a user dictionary (``{"username": "admin", "password":
    "admin"}``), database connection options left out."""
    cached = doc.__dict__.get("_py_account_passwords")
    if cached is not None:
        return cached
    from .python import documentation_examples
    examples = documentation_examples(doc)
    out, seen = [], set()

    # Django keeps the hash in the user's `password` field: a literal written there directly (`user.password =
    # "REMOVED USER"`, `User.objects.create(password="x")`) names no hasher, so no password matches it and the
    # account cannot log in (Django's own unusable passwords are such values); the creators that hash stay reported
    django = any(m.split(".")[0] == "django" for m in doc.imports)

    def add(value, how, at, stored=False):
        if type(value) is ast.Name:  # `password = "admin"` a few lines up in the same function
            value = resolve_at(doc, value, at).node
        if stored and django and value is not None and _string(value) is not None:
            return
        found = _password_literal(doc, value) if value is not None else None
        if found is not None and id(found[0]) not in seen and id(found[0]) not in examples:
            seen.add(id(found[0]))
            out.append(AccountPassword(found[0], found[1], how))

    if _TEST_DATA.search(doc.rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]):
        doc.__dict__["_py_account_passwords"] = out
        return out  # create_test_data.py, fixtures.py: the accounts of a test or demo run
    holders = _named_holders(doc)
    for node in _walk_outside_test_data(doc.module):
        if type(node) is ast.Call:
            name = dotted(node.func) or ""
            last = name.rsplit(".", 1)[-1]
            keywords = {k.arg: k.value for k in node.keywords if k.arg is not None}
            if last in _DJANGO_CREATORS or _CREATOR.match(last):
                password = keywords.get("password")
                if password is None and last in _DJANGO_CREATORS and len(node.args) > 2:
                    password = node.args[2]
                add(password, f"{last}()", node)
            elif last == "set_password" and len(node.args) == 1 and type(node.func) is ast.Attribute:
                add(node.args[0], "set_password()", node)
            elif _USER_MODEL.search(last) and set(keywords) & _USER_FIELDS and not set(keywords) & _DB_FIELDS:
                for key in sorted(set(keywords) & _PASSWORD_FIELDS):
                    add(keywords[key], f"{last}(...)", node, stored=True)
            elif last in _ORM_CREATE and ".objects." in f".{name}" and _USER_MODEL.search(name.split(".objects.")[0]
                                                                                        .rsplit(".", 1)[-1]):
                # User.objects.create(username=..., password=make_password("...")), get_or_create(defaults={...})
                defaults = keywords.get("defaults")
                fields = dict(keywords)
                if type(defaults) is ast.Dict:
                    fields.update({_string(k): v for k, v in zip(defaults.keys, defaults.values)
                                   if k is not None and _string(k)})
                for key in sorted(set(fields) & _PASSWORD_FIELDS):
                    add(fields[key], f"{name.rsplit('.', 1)[0]}.{last}()", node, stored=True)
        elif type(node) is ast.Dict and id(node) in holders:
            keys = {_string(k): v for k, v in zip(node.keys, node.values) if k is not None and _string(k)}
            if set(keys) & _USER_FIELDS and not set(keys) & _DB_FIELDS:
                for key in sorted(set(keys) & _PASSWORD_FIELDS):
                    add(keys[key], "a user dictionary", node)
        elif type(node) is ast.Assign and len(node.targets) == 1 and type(node.targets[0]) is ast.Attribute:
            target = node.targets[0]
            holder = dotted(target.value) or ""
            if target.attr in _PASSWORD_FIELDS and _PASSWORD_HOLDER.search(holder.lower()):
                add(node.value, f"{holder}.{target.attr}", node, stored=True)
    doc.__dict__["_py_account_passwords"] = out
    return out


# ---- Redis ------------------------------------------------------------------------------------------------
class RedisConnection(NamedTuple):
    node: object  # where the connection is written: the URL literal, or the client call
    how: str  # "redis.Redis()", "Celery broker", "CACHES LOCATION"...
    host: str | None  # the host written, None when the source does not say
    password: bool  # a password is given
    url: bool  # ``node`` is a redis:// URL (else a client given a host)


_REDIS_ROOTS = ("redis", "aioredis", "coredis", "walrus")
_REDIS_CLIENTS = {"Redis", "StrictRedis", "ConnectionPool", "BlockingConnectionPool", "RedisCluster"}
_REDIS_URL_CALLS = {"from_url", "create_redis", "create_redis_pool", "create_pool", "create_connection"}
_AUTH_KWARGS = {"password", "connection_pool", "credential_provider", "url", "unix_socket_path"}
_REDIS_SCHEMES = ("redis", "rediss", "redis+sentinel", "sentinel")
_HOST = lazy(r"[a-z0-9](?:[a-z0-9.-]{0,250}[a-z0-9])?")


def _imported_name(doc, name: str) -> str:
    """The dotted name a call's callee stands for, its first part read through the file's imports
    (``Redis.from_url`` after ``from redis import Redis`` is ``redis.Redis.from_url``)."""
    first, dot, rest = name.partition(".")
    return doc.names.get(first, first) + dot + rest


_REDIS_PASSWORD_SETTING = lazy(r"REDIS\w*_PASS(WORD)?\b|redis\w*_pass(word)?\b")


def _passwords_beside(doc) -> set[int]:
    """ids of the values in a dictionary that also gives a password, itself or in its ``OPTIONS``."""
    out = set()
    for node in doc.dicts:
        keys = {(_string(k) or "").lower(): v for k, v in zip(node.keys, node.values) if k is not None}
        options = keys.get("options")
        if "password" in keys or type(options) is ast.Dict and \
                any((_string(k) or "").lower() == "password" for k in options.keys if k is not None):
            out.update(id(v) for v in node.values)
    return out


def _channel_layer_hosts(doc) -> list[RedisConnection]:
    """Django Channels' Redis layers given ``(host, port)`` pairs (``"CONFIG": {"hosts": [("redis", 6379)]}``): a
    pair has no room for a password (a URL or a dict with ``"password"`` has)."""
    out = []
    for node in doc.dicts:
        keys = {_string(k): v for k, v in zip(node.keys, node.values) if k is not None and _string(k)}
        backend = _string(keys.get("BACKEND")) or ""
        config = keys.get("CONFIG")
        if "channels_redis" not in backend or type(config) is not ast.Dict:
            continue
        options = {_string(k): v for k, v in zip(config.keys, config.values) if k is not None and _string(k)}
        hosts = options.get("hosts")
        for item in hosts.elts if type(hosts) in (ast.List, ast.Tuple) else ():
            if type(item) is ast.Tuple and item.elts and isinstance(host := resolve(doc, item.elts[0]).value, str):
                out.append(RedisConnection(item, "a Channels layer", host.lower(), False, False))
    return out


def _formatted_urls(doc, skipped: set[int]) -> list[RedisConnection]:
    """f-strings that build a Redis URL with no room for a password (``f"redis://{REDIS_HOST}:{REDIS_PORT}/0"``):
    whatever the environment holds, the client never authenticates. The host is judged by what it resolves to,
    an environment fallback included; a host the file cannot know is left alone."""
    out = []
    for node in doc.fstrings:
        if id(node) in skipped or not node.values:
            continue
        first = _string(node.values[0])
        if first is None or first.lower() not in ("redis://", "rediss://") or len(node.values) < 2 or \
                any("@" in (_string(v) or "") for v in node.values):
            continue
        host_node = node.values[1]
        if type(host_node) is not ast.FormattedValue:
            continue
        host = resolve(doc, host_node.value).value
        if isinstance(host, str) and _HOST.fullmatch(host.lower()):
            out.append(RedisConnection(node, "a redis:// URL", host.lower(), False, True))
    return out


def redis_url(value: str):
    """(host, has password) of a ``redis://`` URL; None for anything else (``unix://`` sockets are local)."""
    from ..secrets import parse_url, url_password
    parts = parse_url(value) if "://" in value else None
    if parts is None or parts["scheme"] not in _REDIS_SCHEMES or not _HOST.fullmatch(parts["host"]):
        return None  # `redis://%s:%d` is a template filled in at run time
    password = url_password(value)
    return parts["host"], bool(password)


def redis_connections(doc) -> list[RedisConnection]:
    """Connections to Redis the source writes: clients of redis-py, redis.asyncio and aioredis (``Redis(host=...)``,
    ``Redis.from_url(...)``, ``ConnectionPool(...)``), and ``redis://`` URLs given to anything (Celery's broker and
    result backend, Django's ``CACHES`` ``LOCATION``, Flask-Limiter's and Flask-Caching's storage URIs, Channels).
    A URL that is only the fallback of an environment read, a settings class default or a schema's example is the
    environment's to decide and left out."""
    cached = doc.__dict__.get("_py_redis_connections")
    if cached is not None:
        return cached
    from .python import documentation_examples
    from .python_settings import pydantic_settings_class
    out = []
    examples = documentation_examples(doc)
    fallbacks = {id(r.node) for _env, r, _call in env_fallbacks(doc)}
    urls_in_calls = set()
    for site in doc.calls:
        full = _imported_name(doc, site.name)
        last = full.rsplit(".", 1)[-1]
        if "Redis" in last and "host" in site.kwargs and full.split(".")[0] not in _REDIS_ROOTS:
            # a library that opens its own connection from a host: dramatiq's RedisBroker, huey's RedisHuey
            if not site.star_kwargs and not set(site.kwargs) & _AUTH_KWARGS and \
                    isinstance(host := resolve(doc, site.kwargs["host"]).value, str):
                out.append(RedisConnection(site.node, f"{site.name}()", host.lower(), False, False))
            continue
        if not (last in _REDIS_CLIENTS or last in _REDIS_URL_CALLS) or full.split(".")[0] not in _REDIS_ROOTS:
            continue
        if last in _REDIS_URL_CALLS or "url" in site.kwargs:
            url = site.kwargs.get("url") or (site.args[0] if site.args else site.kwargs.get("address"))
            r = resolve(doc, url) if url is not None else None
            if r is not None and isinstance(r.value, str) and not r.env and (parsed := redis_url(r.value)) and \
                    id(r.node) not in urls_in_calls:
                urls_in_calls.add(id(r.node))
                out.append(RedisConnection(r.node, f"{site.name}()", parsed[0], parsed[1] or "password" in site.kwargs,
                                           True))
            continue
        if site.star_kwargs or set(site.kwargs) & _AUTH_KWARGS or len(site.args) > 3:
            continue  # Redis(host, port, db, password): a password is given, or options the file does not show
        host_node = site.kwargs.get("host") or (site.args[0] if site.args else None)
        host = resolve(doc, host_node).value if host_node is not None else "localhost"
        out.append(RedisConnection(site.node, f"{site.name}()", host if isinstance(host, str) else None, False,
                                   False))
    # a default the deployment overrides: click's and argparse's `default=`, a pydantic field's
    fallbacks |= {id(site.kwargs["default"]) for site in doc.calls if "default" in site.kwargs}
    # the password given beside the URL: django-redis's OPTIONS PASSWORD, a Channels host's "password", or a
    # setting of its own the library adds to the URL (Flask-Caching's CACHE_REDIS_PASSWORD)
    beside = _passwords_beside(doc)
    elsewhere = any(_REDIS_PASSWORD_SETTING.search(a.target) for a in doc.assignments) or \
        any(_REDIS_PASSWORD_SETTING.search(key) for key, _v, _k in doc.pairs)
    for value, node, scope in doc.strings:
        if "://" not in value or id(node) in urls_in_calls or id(node) in fallbacks or id(node) in examples:
            continue
        parsed = redis_url(value)
        if parsed is None or scope is not None and (pydantic_settings_class(doc, scope) or
                                                    NON_PRODUCTION_CLASS.search(scope)):
            continue
        out.append(RedisConnection(node, "a redis:// URL", parsed[0], parsed[1] or elsewhere or id(node) in beside,
                                   True))
    if not elsewhere:
        out.extend(_formatted_urls(doc, beside | fallbacks | examples))
        out.extend(_channel_layer_hosts(doc))
    doc.__dict__["_py_redis_connections"] = out
    return out


__all__ = ["NamedLiteral", "named_literals", "settings_secret_spans", "DB_DRIVER_CALLS", "AccountPassword",
           "account_passwords", "RedisConnection", "redis_connections", "redis_url"]
