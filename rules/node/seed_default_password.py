"""Seed and admin-creation code must not create accounts with default passwords.

## What it does
Reports account objects in production code (seed scripts, migrations, admin bootstrap code) that pair a user
field (`email`, `username`, `login`, `name`, `role`) with a literal default password (`admin`, `password`,
`password123`, `changeme`, `123456`, anything shorter than 8 characters or placeholder-like), and
`bcrypt.hash('admin', ...)`-style calls hashing such a literal. Database connection options are left to JS019,
and an account shown as an example in a schema's documentation (`example:` / `examples:` of OpenAPI, JSON
Schema or zod-openapi, joi's `.example(...)`) is never created, nor is an object whose every value names a
type (`{ username: 'string', password: 'string' }`, the fields a validator expects).

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
from linter.api import RuleMeta
from linter.api.node import analysis, db_configs, key_text
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
    "hash": "a default password is hashed here for an account; read the initial password from the environment",
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


def check(doc, ctx):
    info = analysis(doc, ctx.model)
    db_objects = {cfg.options.node.id for cfg in db_configs(info) if cfg.options is not None}
    seen = set()
    for node, pair in info.string_parents():
        if pair is None or pair.type != "pair" or pair.child_by_field_name("value") != node:
            continue
        key = key_text(pair.child_by_field_name("key"))
        obj = info.obj(pair.parent) if pair.parent is not None else None
        if key not in _PASSWORD_KEYS or obj is None or obj.node.id in db_objects or obj.node.id in seen:
            continue
        if not (set(obj.props) & _USER_KEYS) or set(obj.props) & _DB_KEYS or _documentation(pair):
            continue
        value = info.string(node)
        if value is not None and value.strip() and default_account_password(value) and not _type_schema(info, obj):
            seen.add(obj.node.id)
            yield ctx.finding(doc.span(node), f"account.{key}", "account", secret=value)
    for call in info.calls_to(*_HASHERS):
        value = info.string(call.arg(0))
        if value is not None and value.strip() and default_account_password(value):
            yield ctx.finding(doc.span(info.resolve(call.arg(0))), "account.hash", "hash", secret=value)
