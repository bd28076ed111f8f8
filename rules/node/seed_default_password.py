"""Seed and admin-creation code must not create accounts with default passwords.

## What it does
Reports account objects in production code (seed scripts, migrations, admin bootstrap code) that pair a user
field (`email`, `username`, `login`, `name`, `role`) with a literal default password (`admin`, `password`,
`password123`, `changeme`, `123456`, anything shorter than 8 characters or placeholder-like), and
`bcrypt.hash('admin', ...)`-style calls hashing such a literal. An administrator's account (a `role` naming one,
`superadmin`, `root`, `owner`; an `isAdmin: true` flag; an address or login such as `admin@...`) is reported
with any literal password, however strong it looks (`password: 'aaAA@123'` for `superadmin@mail.com` in seed
data every environment loads): every copy of the repository knows it. Database connection options are left to JS019,
and an account shown as an example in a schema's documentation (`example:` / `examples:` of OpenAPI, JSON
Schema or zod-openapi, joi's `.example(...)`) is never created, nor is an object whose every value names a
type (`{ username: 'string', password: 'string' }`, the fields a validator expects). The account's password
may also go through the project's own hasher (`password: await hashPassword('password')`), with the literal
in a constant another module exports (`hashPassword(defaultAdminPassword)`). The administrator's initial
password read from the environment with a literal fallback (`const { SECRET_ROOT_PASSWORD = 'iamgroot' } =
process.env`, `ADMIN_PASSWORD || '...'`; database passwords are JS019's) is reported whatever the literal:
every copy of the repository knows it. Left alone: accounts built in a function named for tests or
demonstrations (`createTestUsers()`) or in a file so named (`seed-test.ts`, `seeds/e2e.ts`, `local-admin.ts`), and tables whose only user field is an `email` key holding no address
(`{ pwd: 'know', email: 'know' }` maps names, it creates no one).

## Why it matters in production
Default accounts are the first thing attackers try. A seed that runs in production with `admin / admin`
leaves a working administrator login in every environment it ever ran in. Generate the first password at
deploy time (or read it from the environment) and force a change on first login.

## Example
```js path=seeds/01_admin.js
const express = require('express');

exports.seed = async (knex) => {
  await knex('users').insert({ email: 'admin@example.com', password: 'admin123', role: 'admin' });
};
```

## Use instead
```js path=seeds/01_admin.js
const express = require('express');
const bcrypt = require('bcrypt');

exports.seed = async (knex) => {
  const password = await bcrypt.hash(process.env.ADMIN_INITIAL_PASSWORD, 12);
  await knex('users').insert({ email: 'admin@example.com', password, role: 'admin' });
};
```

## References
- https://cwe.mitre.org/data/definitions/1392.html
- https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/
"""
import re

from linter.api import RuleMeta, lazy
from linter.api.node import analysis, db_configs, env_fallbacks, env_kind, key_text
from linter.api.secrets import default_account_password

META = RuleMeta(
    id="JS023", name="seed-default-password", kinds=("node",), severity="warning",
    checklist=("database.default-accounts",), cwe=(1392, 521),
    hints=("pass|pwd|bcrypt|argon2",),
    peers=("njsscan:node_password",),
)
MESSAGES = {
    "account": "this account is created with a default password; read the initial password from the environment "
               "(or generate it) and force a change on first login",
    "admin": "this administrator account is created with a password written in the source, which every copy of "
             "the repository knows; read the initial password from the environment (or generate it) and force a "
             "change on first login",
    "hash": "a default password is hashed here for an account; read the initial password from the environment",
    "env": "the administrator account's password falls back to a literal when {name} is unset; require the "
           "variable (or generate the password at first start)",
}
_USER_KEYS = {"email", "username", "userName", "user_name", "login", "name", "role", "roles", "isAdmin",
              "is_admin", "mail"}
_PASSWORD_KEYS = {"password", "passwd", "pass", "pwd", "plainPassword", "defaultPassword", "initialPassword",
                  "adminPassword", "password_hash", "passwordHash"}
_DB_KEYS = {"host", "port", "database", "server", "connectionString", "dialect", "client", "socketPath"}
_HASHERS = {"bcrypt.hash", "bcrypt.hashSync", "bcryptjs.hash", "bcryptjs.hashSync", "argon2.hash",
            "bcrypt.default.hash", "bcryptjs.default.hash"}


# the types a parameter declaration names (`{ username: 'string', password: 'string' }` for a validator)
_TYPE_NAMES = {"string", "number", "boolean", "object", "array", "int", "integer", "float", "date", "email",
               "bool", "str", "any", "id", "objectid"}


def _type_schema(info, obj) -> bool:
    """Every value of the object names a type: a declaration of the fields a request carries, not an account."""
    values = [info.string(v) for v in obj.props.values()]
    return bool(values) and all(v is not None and v.strip().lower() in _TYPE_NAMES for v in values)


_EXAMPLE_KEYS = {"example", "examples", "x-example", "x-examples"}
_CLIMB_LIMIT = 12  # an example object sits a few levels under its key; further up is another structure


def _documentation(pair) -> bool:
    """The account object is an example in a schema's documentation (OpenAPI/JSON Schema `example:` /
    `examples:`, zod-openapi's `.openapi({ example })`, joi's `.example({...})`): shown to readers of the API
    docs, never created."""
    node = pair.parent
    for _ in range(_CLIMB_LIMIT):
        if node is None:
            return False
        if node.type == "pair" and key_text(node.child_by_field_name("key")) in _EXAMPLE_KEYS:
            return True
        if node.type == "call_expression":
            callee = node.child_by_field_name("function")
            prop = callee.child_by_field_name("property") if callee is not None and \
                callee.type == "member_expression" else None
            return prop is not None and prop.text.decode("utf-8", "replace") in ("example", "examples")
        node = node.parent
    return False


# a project's own password hasher: `hashPassword('password')`, `hash(pw)`, `passwordHash(...)`, `hashSync`
_OWN_HASHER = lazy(r"^(?:hash(?:Sync)?|\w*hash\w*pass\w*|\w*pass\w*hash\w*|hashPw|generateHash)$", re.I)
# a function building accounts for tests or demonstrations: `createTestUsers`, `makeFakeUser`, `seedDemoData`
_TEST_HELPER = lazy(r"(?:^|_|[a-z0-9])(?:Test|Fake|Mock|Dummy|Demo|Fixture|Sample|Example)(?:[A-Z_0-9]|s?$)|"
                    r"^(?:test|fake|mock|dummy|demo|fixture|sample|example)(?:[A-Z_0-9]|s?$)")
# a seed file named for tests, end-to-end runs, demonstrations or a developer's machine (`seed-test.ts`,
# `seeds/e2e.ts`, `testData.ts`, `local-admin.ts`): its accounts are that run's, as a test helper's are. Its
# words are read whole (`contestants.ts` is no test)
_TEST_FILE_WORDS = {"test", "tests", "testing", "e2e", "spec", "fake", "mock", "mocks", "fixture", "fixtures",
                    "dummy", "demo", "sample", "example", "local", "dev"}
_NAME_WORD = lazy(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


def _test_file(rel: str) -> bool:
    stem = rel.rsplit("/", 1)[-1].split(".", 1)[0]
    return any(w.lower() in _TEST_FILE_WORDS for w in _NAME_WORD.findall(stem))


# the administrator's initial password read from the environment: `ADMIN_PASSWORD`, `SECRET_ROOT_PASSWORD`,
# `DEFAULT_ADMIN_PASSWORD`, `INITIAL_PASSWORD`, `SUPERUSER_PASSWORD`
_ADMIN_PASSWORD_ENV = lazy(r"^(?:\w+_)?(?:ADMIN|ADMINISTRATOR|ROOT|SUPERUSER|SUPER_USER|INITIAL|DEFAULT|FIRST|OWNER)"
                           r"_(?:\w+_)?(?:PASSWORD|PASS|PWD)$")
_EMAIL_KEYS = {"email", "mail"}
# an account the seed makes an administrator: a role naming one, an admin flag, or an address or login that
# says so (`superadmin@mail.com`, `root`). Whatever its password, every copy of the repository knows it
_ADMIN_VALUE = lazy(r"^(?:super[-_ ]?)?(?:admin(?:istrator)?|root|superuser|owner)(?:$|[@._-])", re.I)
_ADMIN_FLAGS = {"isAdmin", "is_admin", "isSuperuser", "is_superuser", "isSuperAdmin", "is_staff", "isStaff"}
_HASH_KEYS = {"password_hash", "passwordHash"}
_REFERENCE = lazy(r"\$\{|\{\{|%\(|<[a-z_-]+>")  # a template or placeholder filled in later, not a password


def _names_no_address(info, obj) -> bool:
    """The only user fields are e-mail keys and each holds a literal that is no address: a table keyed by
    names (`{ pwd: 'know', email: 'know', otp: 'have' }`, authentication methods to factor types), not an
    account, which stores an address under `email`."""
    user_keys = set(obj.props) & _USER_KEYS
    if not user_keys or not user_keys <= _EMAIL_KEYS:
        return False
    values = [info.string(obj.props[k]) for k in user_keys]
    return all(v is not None and "@" not in v for v in values)


def _administrator(info, obj) -> bool:
    """The account is an administrator's: `role: 'superadmin'`, `isAdmin: true`, `email: 'admin@...'`."""
    for key, value in obj.props.items():
        if key in _ADMIN_FLAGS and value is not None and value.text in (b"true", b"1"):
            return True
        text = info.string(value) if key in _USER_KEYS else None
        if text is not None and _ADMIN_VALUE.match(text.strip()):
            return True
        if key == "roles" and value is not None and value.type == "array":
            if any(_ADMIN_VALUE.match(info.string(e) or "") for e in value.named_children):
                return True
    return False


def _test_helper(info, node) -> bool:
    """The object is built in a function named for tests or demonstrations (`createTestUsers()` behind a
    development-only route): it makes test data, not the accounts production starts with."""
    fn = info.enclosing_function(node)
    while fn is not None:
        name = fn.child_by_field_name("name")
        if name is None and fn.parent is not None and fn.parent.type == "variable_declarator":
            name = fn.parent.child_by_field_name("name")
        if name is not None and _TEST_HELPER.search(name.text.decode("utf-8", "replace")):
            return True
        fn = info.enclosing_function(fn)
    return False


def _hashed_default(info, value):
    """(file analysis, literal node, text) of a default password a project's own hasher is given as the account's
    password (`password: await hashPassword('password')`, `hashPassword(defaultAdminPassword)` with the constant
    imported from another module)."""
    call = info.bare(value)
    if call is None or call.type != "call_expression":
        return None
    callee = call.child_by_field_name("function")
    name = callee.child_by_field_name("property") if callee is not None and callee.type == "member_expression" \
        else callee
    args = call.child_by_field_name("arguments")
    if name is None or args is None or not args.named_children or \
            not _OWN_HASHER.match(name.text.decode("utf-8", "replace")):
        return None
    where, arg = info.follow(args.named_children[0])
    text = where.string(arg)
    if text is None or not text.strip() or not default_account_password(text):
        return None
    return where, where.resolve(arg), text


def _account_object(info, pair, db_objects):
    obj = info.obj(pair.parent) if pair.parent is not None else None
    if obj is None or obj.node.id in db_objects:
        return None
    if not (set(obj.props) & _USER_KEYS) or set(obj.props) & _DB_KEYS or _documentation(pair) or \
            _names_no_address(info, obj) or _test_helper(info, pair):
        return None
    return obj


def _value_pair(node):
    """The pair whose value the expression is, through `await` and parentheses."""
    parent = node.parent
    while parent is not None and parent.type in ("await_expression", "parenthesized_expression"):
        node, parent = parent, parent.parent
    return parent if parent is not None and parent.type == "pair" and \
        parent.child_by_field_name("value") == node else None


def check(doc, ctx):
    if _test_file(getattr(doc.file, "rel", "")):
        return
    info = analysis(doc, ctx.model)
    db_objects = {cfg.options.node.id for cfg in db_configs(info) if cfg.options is not None}
    seen = set()
    for node, pair in info.string_parents():
        if pair is None or pair.type != "pair" or pair.child_by_field_name("value") != node:
            continue
        key = key_text(pair.child_by_field_name("key"))
        if key not in _PASSWORD_KEYS:
            continue
        obj = _account_object(info, pair, db_objects)
        if obj is None or obj.node.id in seen:
            continue
        value = info.string(node)
        if value is None or not value.strip() or _type_schema(info, obj):
            continue
        if default_account_password(value):
            seen.add(obj.node.id)
            yield ctx.finding(doc.span(node), f"account.{key}", "account", secret=value)
        elif key not in _HASH_KEYS and not _REFERENCE.search(value) and _administrator(info, obj):
            seen.add(obj.node.id)
            yield ctx.finding(doc.span(node), f"account.{key}", "admin", secret=value)
    hashed_here = set()
    for call in info.calls:
        name = call.method if call.method is not None else \
            call.callee.text.decode("utf-8", "replace") if call.callee is not None and \
            call.callee.type == "identifier" else None
        if name is None or not _OWN_HASHER.match(name):
            continue
        pair = _value_pair(call.node)
        if pair is None or key_text(pair.child_by_field_name("key")) not in _PASSWORD_KEYS:
            continue
        obj = _account_object(info, pair, db_objects)
        hashed = _hashed_default(info, call.node) if obj is not None and obj.node.id not in seen else None
        if hashed is not None:
            seen.add(obj.node.id)
            hashed_here.add(call.node.id)
            where, literal, text = hashed
            yield ctx.finding(doc.span(literal if where is info else call.node), "account.hash", "hash", secret=text)
    for call in info.calls_to(*_HASHERS):
        value = info.string(call.arg(0))
        if value is not None and value.strip() and default_account_password(value) and \
                not _test_helper(info, call.node) and call.node.id not in hashed_here:
            yield ctx.finding(doc.span(info.resolve(call.arg(0))), "account.hash", "hash", secret=value)
    for source in env_fallbacks(info):
        if _ADMIN_PASSWORD_ENV.match(source.env or "") and env_kind(source.env) != "db-password":
            yield ctx.finding(doc.span(source.node), f"env.{source.env}", "env", name=source.env,
                              secret=source.value)
