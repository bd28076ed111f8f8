"""Database connections must be encrypted and verify the server's certificate.

## What it does
Reports database client settings written in source that turn transport encryption off or accept any
certificate: `encrypt: false` and `trustServerCertificate: true` (mssql, tedious, TypeORM/Sequelize dialect
options), `rejectUnauthorized: false` in an `ssl`/`tls` object (pg, mysql2, TypeORM, Sequelize),
`tlsAllowInvalidCertificates` / `tlsInsecure: true` (MongoDB), an obsolete protocol in an `ssl`/`tls`
object (`minVersion: 'TLSv1'` or `'TLSv1.1'`, Node's TLS option that pg, mysql2 and Sequelize's
`dialectOptions.ssl` pass on), the same settings written into the options object afterwards
(`options.extra.ssl = { rejectUnauthorized: false }`), `ssl: false` / `tls: false` in a client's
options or in a TypeORM, Sequelize or knex configuration object (an ormconfig, a knexfile's production
environment, the production section of Sequelize's `config/config.json` or a JSON `ormconfig.json`, reported
once per package with its app), and connection strings anywhere in the file (template literals included)
with `sslmode=disable`, `encrypt=false`, `trustServerCertificate=true`, `ssl=false` or `tls=false`.

Values computed at run time (`encrypt: process.env.DB_ENCRYPT === 'true'`) are accepted.

## Why it matters in production
Without TLS the credentials and every row travel in clear text between the app and the database; without
certificate verification anyone on the path can pose as the database. Managed databases (Azure SQL, RDS,
Cloud SQL) all support verified TLS.

## Example
```js path=db.js
const express = require('express');
const sql = require('mssql');

module.exports = sql.connect({
  server: process.env.DB_HOST,
  user: process.env.DB_USER,
  password: process.env.DB_PASSWORD,
  options: { encrypt: false, trustServerCertificate: true },
});
```

## Use instead
```js path=db.js
const express = require('express');
const sql = require('mssql');

module.exports = sql.connect({
  server: process.env.DB_HOST,
  user: process.env.DB_USER,
  password: process.env.DB_PASSWORD,
  options: { encrypt: true, trustServerCertificate: false },
});
```

## References
- https://tediousjs.github.io/tedious/api-connection.html
- https://node-postgres.com/features/ssl
"""
import re

from linter.api import RuleMeta
from linter.api import Span, lazy
from linter.api.node import APP_HINT, DB_SCHEMES, analysis, db_configs, node_model, option_writes

META = RuleMeta(
    id="JS018", name="db-encryption-disabled", kinds=("node",), severity="warning",
    checklist=("database.encryption",), cwe=(319, 295),
    hints=("encrypt|trustservercertificate|tlsallowinvalid|tlsinsecure|rejectunauthorized|sslmode|ssl=|tls=|"
           "sslaccept|ssl:|tls:|minversion|maxversion|" + APP_HINT,),
    peers=("semgrep:sequelize-tls-disabled-cert-validation", "semgrep:sequelize-weak-tls-version",
           "semgrep:sequelize-enforce-tls", "njsscan:sequelize_tls_cert_validation", "njsscan:sequelize_weak_tls",
           "njsscan:sequelize_tls"),
)
MESSAGES = {
    "encrypt-off": "`encrypt: false` sends database traffic in clear text; set `encrypt: true`",
    "trust-cert": "`trustServerCertificate: true` accepts any certificate; set it to false and trust the "
                  "server's CA",
    "no-verify": "`{option}` accepts any database certificate; verify it (pass the CA with `ca:`)",
    "ssl-off": "`{option}: false` sends database traffic and credentials in clear text; enable TLS and verify "
               "the server's certificate",
    "old-tls": "`{option}: '{version}'` lets the database connection use an obsolete TLS version; require "
               "TLSv1.2 or later",
    "url": "the connection string sets `{param}`; require verified TLS (e.g. sslmode=verify-full, encrypt=true)",
}
_OBSOLETE_TLS = {"TLSv1", "TLSv1.1", "SSLv3"}  # RFC 8996 deprecates TLS 1.0 and 1.1
_SSL_HOLDERS = (None, "dialectOptions", "extra", "options", "connection")
_BAD_TRUE = {"trustServerCertificate": "trust-cert", "tlsAllowInvalidCertificates": "no-verify",
             "tlsInsecure": "no-verify", "tlsAllowInvalidHostnames": "no-verify"}
_URL_FLAGS = lazy(r"[?&;](sslmode=disable|encrypt=false|trustServerCertificate=true|ssl=false|tls=false|"
                        r"sslaccept=accept_invalid_certs|tlsInsecure=true|tlsAllowInvalidCertificates=true)"
                        r"(?=$|[&;])", re.I)


def check(doc, ctx):
    info = analysis(doc, ctx.model)
    seen = set()
    for cfg in db_configs(info):
        if cfg.options is None:
            continue
        yield from _walk(doc, ctx, info, cfg.options, seen, 0, None)
        if cfg.options.info is None or cfg.options.info is info:
            yield from _written_later(doc, ctx, info, cfg.options, seen)
    for setting in node_model(ctx.model).orm_settings_here(doc):  # config/config.json, ormconfig.json
        found = _json_switch(setting)
        if found is not None:
            yield ctx.finding(Span(setting.line, setting.column), f"{setting.driver}.{found[0]}", found[1],
                              path=setting.rel, **found[2])
    for node, text in info.url_literals():  # template literals too: `postgres://${user}@${host}/app?sslmode=disable`
        if text.split("://")[0].lower() not in DB_SCHEMES:
            continue
        for m in _URL_FLAGS.finditer(text):
            yield ctx.finding(doc.span(node), "connection-string.tls", "url", param=m.group(1))


def _walk(doc, ctx, info, obj, seen, depth, parent_key):
    if obj is None or depth > 4 or obj.node.id in seen:
        return
    seen.add(obj.node.id)
    for key, value in obj.props.items():
        literal = info.literal(value)
        if key == "encrypt" and literal is False:
            yield ctx.finding(doc.span(obj.pairs[key]), "db.encrypt", "encrypt-off")
        elif key in _BAD_TRUE and literal is True:
            message = _BAD_TRUE[key]
            yield ctx.finding(doc.span(obj.pairs[key]), f"db.{key}", message, option=f"{key}: true")
        elif key in ("ssl", "tls") and literal is False and parent_key in _SSL_HOLDERS:
            yield ctx.finding(doc.span(obj.pairs[key]), f"db.{key}", "ssl-off", option=key)
        elif key in ("minVersion", "maxVersion") and parent_key in ("ssl", "tls") and \
                isinstance(literal, str) and literal.strip() in _OBSOLETE_TLS:
            yield ctx.finding(doc.span(obj.pairs[key]), f"db.{parent_key}.{key}", "old-tls", option=key,
                              version=literal.strip())
        elif key == "rejectUnauthorized" and literal is False and parent_key in ("ssl", "tls", "dialectOptions",
                                                                                  "extra", None):
            yield ctx.finding(doc.span(obj.pairs[key]), "db.ssl.rejectUnauthorized", "no-verify",
                              option="rejectUnauthorized: false")
        else:
            inner = info.obj(value)
            if inner is not None:
                yield from _walk(doc, ctx, info, inner, seen, depth + 1, key)


def _written_later(doc, ctx, info, options, seen):
    """`opts.extra.ssl = { rejectUnauthorized: false }` (often under `if (production)`) on the options object
    a client is created with: judged like the same keys written in the literal."""
    for path, value in option_writes(info, options, ("ssl", "tls", "rejectUnauthorized", "encrypt")):
        key, parent = path[-1], path[-2] if len(path) > 1 else None
        literal = info.literal(value)
        at = value.parent  # the assignment
        if key in ("ssl", "tls") and literal is False and parent in _SSL_HOLDERS:
            yield ctx.finding(doc.span(at), f"db.{key}", "ssl-off", option=key)
        elif key == "rejectUnauthorized" and literal is False and parent in ("ssl", "tls"):
            yield ctx.finding(doc.span(at), "db.ssl.rejectUnauthorized", "no-verify",
                              option="rejectUnauthorized: false")
        elif key == "encrypt" and literal is False:
            yield ctx.finding(doc.span(at), "db.encrypt", "encrypt-off")
        elif key in ("ssl", "tls") and parent in _SSL_HOLDERS:
            yield from _walk(doc, ctx, info, info.obj(value), seen, 1, key)


def _json_switch(setting):
    """(key, message, fields) for a TLS switch of an ORM's JSON file, None for anything else."""
    what, value = setting.what, setting.value
    if what == "encrypt" and value == "false":
        return "db.encrypt", "encrypt-off", {}
    if what == "trustServerCertificate" and value == "true":
        return f"db.{what}", "trust-cert", {"option": f"{what}: true"}
    if what in ("ssl", "tls") and value == "false":
        return f"db.{what}", "ssl-off", {"option": what}
    if what == "rejectUnauthorized" and value == "false":
        return "db.ssl.rejectUnauthorized", "no-verify", {"option": "rejectUnauthorized: false"}
    if what in ("minVersion", "maxVersion") and value.strip('"') in _OBSOLETE_TLS:
        return f"db.ssl.{what}", "old-tls", {"option": what, "version": value.strip('"')}
    return None
