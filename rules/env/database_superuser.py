"""The application must not connect to its database as a superuser.

## What it does
Reports the database user a production configuration gives the application when it is a built-in
superuser (`sa`, `root`, `postgres`, `admin`, `administrator`, `system`, `sys`): `DB_USER`, `DB_USERNAME`,
`DATABASE_USER`, `POSTGRES_USER`, `PGUSER`, `MYSQL_USER`, `MSSQL_USER`, `*_DB_USER`, and the user inside a
connection string (`DATABASE_URL=postgres://postgres:...@db/app`, `User Id=sa`), in env files and compose
`environment` (after interpolation).

## Why it matters in production
A superuser can read every database on the server, drop tables, change permissions and, on several engines,
run operating-system commands. When the application is compromised (SQL injection, a leaked `.env`), the
damage is bounded only by the privileges of the account it connects with. A dedicated user with rights on
its own schema keeps the blast radius small.

## Example
```env path=.env.production
DB_HOST=db.internal.example.com
DB_USER=sa
DB_PASSWORD=${DB_PASSWORD}
```

## Use instead
```env path=.env.production
DB_HOST=db.internal.example.com
DB_USER=orders_app
DB_PASSWORD=${DB_PASSWORD}
```

## References
- https://cheatsheetseries.owasp.org/cheatsheets/Database_Security_Cheat_Sheet.html#permissions
- https://www.postgresql.org/docs/current/sql-createrole.html
"""
import re

from linter.api import RuleMeta
from linter.api.secrets import parse_url, written_settings
from linter.api import lazy

META = RuleMeta(
    id="ENV006", name="database-superuser", kinds=("env", "compose"), severity="warning",
    checklist=("database.dedicated-user", "secrets.db-credentials"), cwe=(250,),
)
MESSAGES = {
    "superuser": "{name} is '{user}', a database superuser; create a dedicated user with only the privileges "
                 "the application needs",
    "url": "{name} connects as '{user}', a database superuser; create a dedicated user with only the privileges "
           "the application needs",
}
SUPERUSERS = {"sa", "root", "postgres", "admin", "administrator", "system", "sys", "dbo", "mysql", "mongo"}
_DB = r"(DB|DATABASE|POSTGRES|POSTGRESQL|PG|MYSQL|MARIADB|MSSQL|MONGO|MONGODB|TYPEORM|DATASOURCE|SQL|SQLSERVER)"
_USER = lazy(rf"^(\w+_)?{_DB}_?(USER|USERNAME|USER_NAME|LOGIN)$", re.I)
_URL_NAME = lazy(r"(DATABASE|_DB|^DB|MONGO\w*|POSTGRES\w*|MYSQL\w*|PG|SQL\w*)_(URL|URI|DSN)$|"
                       r"CONNECTION_?STRING$|^DATABASE_URL$", re.I)
_ADO_USER = lazy(r"(?:^|;)\s*(?:user id|uid|user|username)\s*=\s*(?P<u>[^;]*)", re.I)


def check(doc, ctx):
    for s in written_settings(ctx.model, doc):
        if _USER.match(s.name) and "ROOT" not in s.name.upper():
            user = s.value.strip().strip("'\"")
            if user.lower() in SUPERUSERS:
                yield ctx.finding(s.span, s.key, "superuser", path=s.path, name=s.name, user=user.lower())
        elif _URL_NAME.search(s.name):
            user = _url_user(s.value)
            if user and user.lower() in SUPERUSERS:
                yield ctx.finding(s.key_span, s.key, "url", path=s.path, name=s.name, user=user.lower())


def _url_user(value: str) -> str | None:
    value = value.strip()
    if value.lower().startswith("jdbc:"):
        value = value[5:]
    parts = parse_url(value)
    if parts is not None:
        return parts["user"] or None
    m = _ADO_USER.search(value)
    return m.group("u").strip() if m else None
