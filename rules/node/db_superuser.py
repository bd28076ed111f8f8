"""The app must not connect to its database as a superuser.

## What it does
Reports database clients written in source that log in as `sa`, `root`, `postgres`, `admin` or
`administrator` (as a literal or as the literal fallback of an environment variable), the same fallback of a
database user variable wherever it is written (`user: process.env.DB_USER || 'postgres'` in a config module),
and connection strings anywhere in the file whose user is one of those (template literals too, when the user
is written literally: `` `postgresql://postgres:${password}@db/app` ``). The ORM files read by the ORM itself
(TypeORM's `ormconfig.json`, the Sequelize CLI's `config/config.json` outside development and test, Prisma's
`schema.prisma`) are judged when the file creating the package's app is checked.

## Why it matters in production
A superuser can drop every database, read every schema and, on several engines, run operating-system
commands. An SQL injection in an app that connects as `sa` is a full server compromise; with a dedicated user
limited to the app's schema it is contained.

## Example
```js path=db.js
const express = require('express');
const mysql = require('mysql2/promise');

module.exports = mysql.createPool({ host: process.env.DB_HOST, user: 'root', password: process.env.DB_PASSWORD });
```

## Use instead
```js path=db.js
const express = require('express');
const mysql = require('mysql2/promise');

module.exports = mysql.createPool({
  host: process.env.DB_HOST, user: process.env.DB_USER, password: process.env.DB_PASSWORD,
});
```

## References
- https://cheatsheetseries.owasp.org/cheatsheets/Database_Security_Cheat_Sheet.html
"""
from linter.api import RuleMeta, Span
from linter.api.node import (
    APP_HINT, COMPUTED, DB_HINT, SUPERUSERS, analysis, db_configs, env_fallbacks, env_kind, node_model,
    url_credentials,
)

META = RuleMeta(
    id="JS020", name="db-superuser", kinds=("node",), severity="warning",
    checklist=("database.dedicated-user", "secrets.db-credentials"), cwe=(250,),
    hints=(DB_HINT + "|://|_user|" + APP_HINT,),
)
MESSAGES = {
    "superuser": "the app connects to {driver} as the superuser '{user}'; create a dedicated user with only the "
                 "rights the app needs",
}


def check(doc, ctx):
    info = analysis(doc, ctx.model)
    reported = set()
    for cfg in db_configs(info):
        if cfg.driver == "redis" or cfg.user is None:
            continue
        user, node, where = cfg.user  # where: this file, or the config module the value is written in
        if where is info:
            reported.add(node.id)
        elif any(c.user is not None and c.user[1].id == node.id for c in db_configs(where)) or \
                any(src.node.id == node.id and env_kind(src.env) == "db-user" for src in env_fallbacks(where)):
            continue  # the config module's own check reports it
        if user.strip().lower() in SUPERUSERS:
            yield ctx.finding(where.span(node), f"{cfg.driver}.user", "superuser", path=where.doc.rel,
                              driver=cfg.driver, user=user.strip())
    for source in env_fallbacks(info):  # a config module: `user: process.env.DB_USER || 'postgres'`
        if env_kind(source.env) == "db-user" and source.node.id not in reported and \
                source.value.strip().lower() in SUPERUSERS:
            yield ctx.finding(doc.span(source.node), "env.user", "superuser", driver="the database",
                              user=source.value.strip())
    for node, text in info.url_literals():
        creds = url_credentials(text)
        if creds is not None and COMPUTED not in creds[0] + creds[1] and creds[1].lower() in SUPERUSERS and \
                not creds[0].startswith("redis"):
            yield ctx.finding(doc.span(node), f"connection-string.{creds[0]}.user", "superuser",
                              driver=creds[0], user=creds[1])
    for setting in node_model(ctx.model).orm_settings_here(doc):  # ormconfig.json, config.json, schema.prisma
        user = setting.value if setting.what == "user" else \
            (url_credentials(setting.value) or (None, None))[1] if setting.what == "url" else None
        if user and user.strip().lower() in SUPERUSERS:
            yield ctx.finding(Span(setting.line, setting.column), f"{setting.driver}.user", "superuser",
                              path=setting.rel, driver=setting.driver, user=user.strip())
