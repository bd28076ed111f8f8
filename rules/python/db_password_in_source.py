"""Database passwords must not be written in Python source.

## What it does
Reports, in production Python code:

- a password in a database URL literal (`postgresql://app:pw@db/app`, `mysql+pymysql://...`,
  `mongodb://...`, also as an environment fallback such as
  `os.getenv("DATABASE_URL", "postgresql://app:pw@db/app")`);
- Django `DATABASES` entries (also built by a helper function: a dictionary with a Django `"ENGINE"`)
  with a literal `"PASSWORD"` (or one that falls back to a literal when the
  variable is unset);
- settings and configuration attributes named like a database password (`DB_PASSWORD`,
  `POSTGRES_PASSWORD`, a pydantic `Settings` field) with a literal value or fallback;
- a password in a libpq or ODBC connection string (`"host=db user=app password=... dbname=app"`,
  `"Server=db;Database=app;Uid=app;Pwd=..."`);
- `password="..."` passed to a database driver call (`psycopg2.connect`, `pymysql.connect`,
  `create_engine`, `URL.create`, `MongoClient`).

Empty passwords, `${VAR}` references and placeholders such as `<password>` are left alone, and so is a
constant holding the name of the variable the password is read from (`ENV_APP_DB_PASSWORD = "APP_DB_PASSWORD"`). A well-known
default in a URL with a real user and host (`mongodb://root:example@mongo`, `mysql://app:secret@db/app`) is a
committed password that works, and is reported; `postgresql://user:password@host/dbname` shows a shape. So do settings
that set a placeholder or well-known password beside a placeholder user or host of the same class or module
(`MYSQL_USER = config("MYSQL_USER", default="username")`, `MYSQL_PASSWORD = config(..., default="password")`). A settings
module that production modules `import *` from is judged through them only for the values they keep, so
a base module's development database is not reported when every production module overrides `DATABASES`.
A `DATABASES` written under `if os.environ.get("GITHUB_WORKFLOW"):` (or `"CI" in os.environ`,
`"test" in sys.argv`) is the CI service's database, not production's, and is left alone, and so is a URL
written as an example for an API's documentation (`Field(examples=[...])`, FastAPI's `Query(example=...)`,
`json_schema_extra={"examples": [...]}`, drf-spectacular's `OpenApiExample`, marshmallow's
`metadata={"example": ...}`): it is shown to readers, never connected to.

## Why it matters in production
A password in the repository is in every clone, fork, CI log and backup of it, and cannot be rotated
without a commit. Anyone who can read the code can read the database.

## Example
```python path=app/db.py
from fastapi import FastAPI
from sqlalchemy import create_engine

app = FastAPI()
engine = create_engine("postgresql+psycopg2://app:Tr0ub4dor-and-3@db.internal:5432/app")
```

## Use instead
```python path=app/db.py
import os

from fastapi import FastAPI
from sqlalchemy import create_engine

app = FastAPI()
engine = create_engine(os.environ["DATABASE_URL"])
```

## References
- https://docs.djangoproject.com/en/stable/ref/settings/#password
- https://docs.sqlalchemy.org/en/20/core/engines.html#database-urls
"""
import re

from linter.api import RuleMeta
from linter.api.python import (DB_DRIVER_CALLS, NON_PRODUCTION_CLASS, ci_only, config_bindings, django_database_entry,
                               documentation_examples, is_base_settings, module_bindings, python_model, resolve)
from linter.api.secrets import is_placeholder, is_reference, names_itself, parse_url, password_weakness, url_password
from linter.api import lazy

META = RuleMeta(
    id="PY011", name="python-db-password-in-source", kinds=("python",), severity="error",
    checklist=("secrets.db-credentials",), cwe=(798, 259),
    peers=("bandit:B105", "bandit:B106", "bandit:B107", "ruff:S105", "ruff:S106", "ruff:S107"),
)
MESSAGES = {
    "url": "the database URL has its password written in the source; read the URL (or the password) from the "
           "environment and rotate the committed password",
    "password": "the database password {where} is written in the source; read it from the environment and "
                "rotate it",
    "dsn": "the connection string has its database password written in the source; read the password from the "
           "environment (libpq also reads PGPASSWORD) and rotate it",
    "fallback": "the database password {where} falls back to a literal when {env} is unset; read "
                "os.environ[\"{env}\"] and rotate the committed password",
}
_DB_SCHEMES = lazy(r"^(postgres(ql)?|mysql|mariadb|mssql|oracle|mongodb(\+srv)?|cockroachdb|redshift)"
                         r"(\+\w+)?$", re.I)
_DB_PASSWORD = lazy(r"^(\w+_)?(db|database|postgres(ql)?|pg|mysql|mariadb|mssql|mongo(db)?|sql)_?"
                          r"(password|passwd|pass|pwd)$", re.I)


def check(doc, ctx):
    base = is_base_settings(doc, ctx.model)
    if base and _overridden(doc, ctx):
        return
    examples = documentation_examples(doc)
    for value, node, scope in doc.strings:
        if scope and NON_PRODUCTION_CLASS.search(scope) or id(node) in examples:
            continue  # class DevelopmentConfig: a developer's database; a schema's example, shown to readers
        if ("password=" in value.lower() or "pwd=" in value.lower()) and "://" not in value and len(value) < 2000:
            pw = _dsn_password(value)
            if pw and not is_reference(pw) and not is_placeholder(pw):
                yield ctx.finding(doc.span(node), "dsn.password", "dsn", secret=pw)
            continue
        if "@" not in value or "://" not in value:
            continue
        parts = parse_url(value)
        if parts is None or not _DB_SCHEMES.match(parts["scheme"]):
            continue
        pw = url_password(value)
        if pw and not is_reference(pw) and (not is_placeholder(pw) or
                                            password_weakness(pw) == "is a well-known default" and
                                            not _template_url(parts)):
            yield ctx.finding(doc.span(node), f"url.{parts['scheme']}", "url", secret=pw)
    found = []
    bindings = config_bindings(doc) + module_bindings(doc)
    for b in bindings:
        if _DB_PASSWORD.search(b.name) and (b.known or b.env) and not _shown_as_shape(b, bindings):
            found.extend(_binding(ctx, b))
    ci = ci_only(doc)
    for key, value_node, _ in doc.pairs:
        if key in ("PASSWORD", "password", "passwd") and _in_databases(doc, value_node) and id(value_node) not in ci:
            found.extend(_password(doc, ctx, value_node, "of DATABASES", "DATABASES.PASSWORD"))
    for site in doc.calls:
        if site.name.rsplit(".", 1)[-1] in DB_DRIVER_CALLS:
            for name in ("password", "passwd"):
                if name in site.kwargs:
                    found.extend(_password(doc, ctx, site.kwargs[name], f"passed to {site.name}()",
                                           f"{site.name}.password"))
    seen = set()
    for finding in found:  # a password variable used in DATABASES is one finding, where it is written
        if (finding.path, finding.span) not in seen:
            seen.add((finding.path, finding.span))
            yield finding


# the parts of a URL written to show its shape (postgresql://user:password@host/dbname), not to be used
_TEMPLATE_PARTS = frozenset({"user", "username", "usr", "db_user", "dbuser", "host", "hostname", "dbhost",
                             "db_host", "server", "example.com", "your_user", "your-user", "myuser"})


# a libpq / ODBC connection string: key=value pairs ("host=db user=app password=s3cret dbname=app",
# "Server=db;Uid=app;Pwd=s3cret") naming the server as well as the password
_DSN_PASSWORD = lazy(r"(?:^|[\s;])(?:password|pwd)=('[^']+'|[^\s;'{}]+)", re.I)
_DSN_SERVER = lazy(r"(?:^|[\s;])(?:host|hostaddr|server|dbname|database|data source)=\S", re.I)


# a %-format or str.format field standing for the password (``%(pwd)s``, ``%s``, ``{password}``, ``{0}``)
_FORMAT_FIELD = lazy(r"%(\(\w+\))?[-#0 +]*\d*[sdr]|\{\w*(\.\w+|\[\w+\])*(![rs])?(:[^{}]*)?\}")


def _dsn_password(value: str) -> str | None:
    found = _DSN_PASSWORD.search(value)
    if found is None or not _DSN_SERVER.search(value):
        return None
    password = found.group(1).strip("'")
    if _FORMAT_FIELD.fullmatch(password):
        return None  # ``password=%(password)s``, ``Pwd=%s``: the value is filled in from elsewhere at run time
    return password


def _template_url(parts) -> bool:
    """A documentation-shaped URL: a placeholder password beside a placeholder user or host. A well-known
    password with a real user and host (mongodb://root:example@mongo, mysql://app:secret@db) is a committed
    default that works."""
    user, host = (parts.get("user") or "").lower(), (parts.get("host") or "").lower()
    password = parts.get("password") or ""
    return user in _TEMPLATE_PARTS or host in _TEMPLATE_PARTS or \
        any(part.startswith(("<", "{", "[")) for part in (user, host, password))


def _shown_as_shape(b, bindings) -> bool:
    """A placeholder or well-known password set beside a placeholder user or host of the same class or module
    (``MYSQL_USER = "username"``, ``MYSQL_PASSWORD = "password"``): the settings show the shape of a
    connection, as ``mysql://user:password@host/dbname`` does, and connect nowhere."""
    value = b.value
    if not isinstance(value, str) or not (is_placeholder(value) or password_weakness(value)):
        return False
    for other in bindings:
        if other is b or other.scope != b.scope or other.path != b.path or not isinstance(other.value, str):
            continue
        if _SHAPE_NAME.search(other.name) and other.value.strip().lower() in _TEMPLATE_PARTS:
            return True
    return False


_SHAPE_NAME = lazy(r"(^|_)(USER|USERNAME|HOST|HOSTNAME|SERVER)$", re.I)


def _password(doc, ctx, node, where, key):
    r = resolve(doc, node)
    value = r.value
    if not isinstance(value, str) or not value.strip() or is_reference(value) or \
            (is_placeholder(value) and password_weakness(value) != "is a well-known default"):
        return
    yield ctx.finding(doc.span(r.node), key, "fallback" if r.env else "password", secret=value, where=where,
                      env=r.env)


def _binding(ctx, b):
    value = b.value
    if not isinstance(value, str) or not value.strip() or is_reference(value) or \
            (is_placeholder(value) and password_weakness(value) != "is a well-known default"):
        return
    if not b.env and names_itself(b.name, value):
        return  # ENV_APP_POSTGRES_PASSWORD = "APP_POSTGRES_PASSWORD": the variable the password is read from
    yield ctx.finding(b.span, f"config.{b.name}", "fallback" if b.env else "password", path=b.path, secret=value,
                      where=f"in {b.name}", env=b.env)


def _in_databases(doc, node) -> bool:
    """The dictionary holding this value is part of a DATABASES setting (the file has one, or the dictionary
    names a Django database backend)."""
    return django_database_entry(doc, node)


def _overridden(doc, ctx) -> bool:
    """Every production module importing this base sets DATABASES again."""
    model = python_model(ctx.model)
    importers = model.importers(doc.rel)
    return bool(importers) and all(
        (facts := model.facts(rel)) is not None and "DATABASES" in facts.names for rel in importers)
