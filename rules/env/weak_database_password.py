"""Database passwords in production must be strong and not a vendor default.

## What it does
Reports database passwords set in a production env file, compose `environment` (after interpolation) or a
Dockerfile `ENV` of the shipped stage that are empty, a well-known default (`postgres`, `root`, `sa`,
`yourStrong(!)Password`, `password123`), a placeholder, equal to the user name or built around it
(`shop-db-2024` for shop), or shorter than
`min-length` characters:
- `DB_PASSWORD`, `DATABASE_PASSWORD`, `POSTGRES_PASSWORD`, `PGPASSWORD`, `MYSQL_PASSWORD`,
  `MYSQL_ROOT_PASSWORD`, `MARIADB_ROOT_PASSWORD`, `MSSQL_SA_PASSWORD`, `SA_PASSWORD`,
  `MONGO_INITDB_ROOT_PASSWORD` and other `*_DB_PASSWORD` / `*_DB_PASS` names;
- the password inside a connection string (`DATABASE_URL=postgres://app:secret@db/app`,
  `Server=db;User Id=app;Password=...`);
- images told to run without one: `MYSQL_ALLOW_EMPTY_PASSWORD=yes`, `POSTGRES_HOST_AUTH_METHOD=trust`.

## Why it matters in production
Default and short database passwords are the first thing automated scanners try against every exposed
port, and the database holds everything worth stealing. A strong generated password costs nothing.
The message says what is wrong with the password, never what it is.

## Example
```yaml path=docker-compose.yml
services:
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD: postgres
```

## Use instead
```yaml path=docker-compose.yml
services:
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}
```

## References
- https://hub.docker.com/_/postgres (POSTGRES_PASSWORD, POSTGRES_HOST_AUTH_METHOD)
- https://cheatsheetseries.owasp.org/cheatsheets/Database_Security_Cheat_Sheet.html
"""
from linter.api import RuleMeta
from linter.api.secrets import (by_scope, db_password_problem, is_truthy, printed_anyway, secret_value,
                                written_settings)

META = RuleMeta(
    id="ENV005", name="weak-database-password", kinds=("env", "compose", "dockerfile"), severity="error",
    checklist=("secrets.db-credentials",), cwe=(521, 1393),
    options={"min-length": {"type": "integer", "minimum": 8, "default": 16,
                            "description": "fewest characters a database password may have"}},
)
MESSAGES = {
    "weak": "{name} {why}; generate a password of at least {min} random characters (`openssl rand -base64 24`)",
    "url": "the password in {name} {why}; generate one of at least {min} random characters",
    "empty-allowed": "{name} lets the database run without a root password; remove it and set a strong password",
    "trust": "{name}=trust accepts every connection without a password; remove it and set POSTGRES_PASSWORD",
}
def check(doc, ctx):
    minimum = ctx.options["min-length"]
    settings = written_settings(ctx.model, doc)
    scopes = by_scope(settings)
    for s in settings:
        upper = s.name.upper()
        # Bitnami's generic ALLOW_EMPTY_PASSWORD is also read by Redis images: CMP rules judge that one.
        if upper in ("MYSQL_ALLOW_EMPTY_PASSWORD", "MARIADB_ALLOW_EMPTY_ROOT_PASSWORD",
                     "MARIADB_ALLOW_EMPTY_PASSWORD") and is_truthy(s.value):
            yield ctx.finding(s.span, s.key, "empty-allowed", path=s.path, name=s.name)
        elif upper == "POSTGRES_HOST_AUTH_METHOD" and s.value.strip().lower() == "trust":
            yield ctx.finding(s.span, s.key, "trust", path=s.path, name=s.name)
        else:
            scope = scopes[(s.service, s.path)]
            problem = db_password_problem(s, scope, minimum)
            if problem:
                message, why, password = problem
                yield ctx.finding(s.key_span, s.key, message, path=s.path, name=s.name, why=why, min=minimum,
                                  secret=None if printed_anyway(password, s.service, scope.values())
                                  else secret_value(password))
