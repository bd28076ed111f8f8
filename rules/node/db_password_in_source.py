"""Database passwords must not be written in the source.

## What it does
Reports database and cache clients (pg, mysql/mysql2, mariadb, mssql, tedious, MongoDB/mongoose, Sequelize,
knex, TypeORM, oracledb, redis/ioredis) whose `password` is a string literal or an environment variable with a
literal fallback (`process.env.DB_PASSWORD || 'postgres'`); the same in configuration objects written for a
client elsewhere (a TypeORM/Sequelize/knex configuration, Nest's `TypeOrmModule.forRoot`, a config module's
`db: { host, user, password }`; development and test environments are left alone); a database password
variable's literal fallback wherever it is read (an environment schema's `.default('...')` too); and
connection strings anywhere in the file with a password inside (`postgres://app:hunter2@db/app`,
`mongodb+srv://user:pw@...`, Prisma's `datasources.db.url`), template literals included when the user and
password are written literally (`` `postgres://app:pw@${host}/app` ``).

The configuration files an ORM reads by itself are judged too, for a package that serves HTTP, when the file
creating its app is checked: TypeORM's `ormconfig.json`, the Sequelize CLI's `config/config.json` (except
its development and test environments) and Prisma's `schema.prisma` (`url = "postgresql://user:pw@..."`;
`env("DATABASE_URL")` is fine).

## Why it matters in production
Everyone with read access to the repository, its forks and its CI logs has the database password, and it
cannot be rotated without a code change. A fallback becomes the production password the day the variable is
missing.

## Example
```ts path=src/db.ts
import express from 'express';
import { Pool } from 'pg';

export const pool = new Pool({
  host: process.env.DB_HOST,
  user: 'app',
  password: process.env.DB_PASSWORD || 'app-password-1',
});
```

## Use instead
```ts path=src/db.ts
import express from 'express';
import { Pool } from 'pg';

export const pool = new Pool({
  host: process.env.DB_HOST,
  user: process.env.DB_USER,
  password: process.env.DB_PASSWORD,
});
```

## References
- https://cwe.mitre.org/data/definitions/798.html
- https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html
"""
from linter.api import RuleMeta, Span
from linter.api.node import (
    APP_HINT, COMPUTED, DB_HINT, analysis, db_configs, env_fallbacks, env_kind, node_model,
    url_credentials,
)

META = RuleMeta(
    id="JS019", name="db-password-in-source", kinds=("node",), severity="error",
    checklist=("secrets.db-credentials",), cwe=(798, 259),
    hints=(DB_HINT + "|://|_pass|_pwd|" + APP_HINT, "pass|pwd|sequelize|://|" + APP_HINT),
    peers=("njsscan:node_password",),
)
MESSAGES = {
    "literal": "the {driver} password is written in the source; read it from the environment (DB_PASSWORD) "
               "and rotate it",
    "fallback": "the {driver} password falls back to a literal when {env} is unset; fail at start-up instead "
                "and rotate the committed password",
    "url": "this {scheme} connection string contains a password; read the URL from the environment and rotate "
           "the password",
}


def check(doc, ctx):
    info = analysis(doc, ctx.model)
    reported = set()
    for cfg in db_configs(info):
        source = cfg.password
        if source is None or not source.value.strip():
            continue
        where = source.info or info  # a config module's value is reported where it is written
        if where is info:
            reported.add(source.node.id)
        elif source.env and env_kind(source.env) == "db-password" or any(
                c.password is not None and c.password.node.id == source.node.id for c in db_configs(where)):
            continue  # the config module's own check reports it
        yield ctx.finding(where.span(source.node), f"{cfg.driver}.password", "fallback" if source.env else "literal",
                          path=where.doc.rel, secret=source.value, driver=cfg.driver, env=source.env)
    for source in env_fallbacks(info):  # a config module: `password: process.env.DB_PASSWORD || 'x'`
        if env_kind(source.env) == "db-password" and source.node.id not in reported:
            yield ctx.finding(doc.span(source.node), "env.password", "fallback", secret=source.value,
                              driver="database", env=source.env)
    for node, text in info.url_literals():  # template literals too: `postgres://app:pw@${host}/app` commits the password
        creds = url_credentials(text)
        if creds is None or not creds[2] or creds[2].startswith(("$", "{", "<", "%")) or \
                COMPUTED in creds[0] + creds[1] + creds[2]:
            continue
        yield ctx.finding(doc.span(node), f"connection-string.{creds[0]}.password", "url", secret=creds[2],
                          scheme=creds[0])
    for setting in node_model(ctx.model).orm_settings_here(doc):  # ormconfig.json, config.json, schema.prisma
        at = Span(setting.line, setting.column)
        if setting.what == "password":
            yield ctx.finding(at, f"{setting.driver}.password", "literal", path=setting.rel, secret=setting.value,
                              driver=setting.driver)
        elif setting.what == "url":
            creds = url_credentials(setting.value)
            if creds is not None and creds[2] and not creds[2].startswith(("$", "{", "<", "%")):
                yield ctx.finding(at, f"connection-string.{creds[0]}.password", "url", path=setting.rel,
                                  secret=creds[2], scheme=creds[0])
