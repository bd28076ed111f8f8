"""A Python backend must not connect to its database as the superuser.

## What it does
Reports, in production Python code, a database account that owns the whole server: `USER` of a Django
`DATABASES` entry (also as the literal fallback of `os.environ.get("DB_USER", "postgres")`), and the user of
a database URL written in the source (`postgresql://postgres:...@db/app`, SQLAlchemy `create_engine`,
`DATABASE_URL` fallbacks), and a setting or configuration field naming the database account (`DB_USER`,
`POSTGRES_USER`, a pydantic `Settings` field) with such a value or fallback, when it is `postgres`, `root`, `sa`,
`admin` or `administrator`. Values for a
development or test configuration class, and a `DATABASES` written under a CI or test-runner branch
(`if os.environ.get("GITHUB_WORKFLOW"):`, `if "test" in sys.argv:`), are left alone, and so are URLs written as
examples for an API's documentation (`Field(examples=[...])`, `json_schema_extra={"examples": [...]}`,
drf-spectacular's `OpenApiExample`).

## Why it matters in production
A superuser can read every database on the server, drop tables, and on PostgreSQL run shell commands
(`COPY ... FROM PROGRAM`). One SQL injection in the app then becomes the whole database server. A dedicated
user with rights on the app's own schema limits what a bug can do.

## Example
```text path=requirements.txt
Django==5.0
```
```python path=mysite/settings.py
import os

INSTALLED_APPS = ["django.contrib.auth"]
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "app",
        "USER": "postgres",
        "PASSWORD": os.environ["DB_PASSWORD"],
    }
}
```

## Use instead
```text path=requirements.txt
Django==5.0
```
```python path=mysite/settings.py
import os

INSTALLED_APPS = ["django.contrib.auth"]
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "app",
        "USER": os.environ.get("DB_USER", "app"),
        "PASSWORD": os.environ["DB_PASSWORD"],
    }
}
```

## References
- https://www.postgresql.org/docs/current/ddl-priv.html
- https://docs.djangoproject.com/en/stable/ref/settings/#user
"""
import re

from linter.api import RuleMeta, lazy
from linter.api.python import (NON_PRODUCTION_CLASS, ci_only, config_bindings, django_database_entry,
                               documentation_examples, is_base_settings, module_bindings, resolve, superuser)
from linter.api.secrets import parse_url

META = RuleMeta(
    id="PY015", name="python-db-superuser", kinds=("python",), severity="warning",
    checklist=("database.dedicated-user",), cwe=(250,),
    hints=("root|postgres|admin|sa",),
)
MESSAGES = {
    "superuser": "the app connects to the database as the superuser '{user}'; create a dedicated user with only "
                 "the rights the app needs",
}
_DB_USER_NAME = lazy(r"^(\w+_)?(db|database|postgres|postgresql|pg|mysql|mariadb|mssql|sql)_(user|username)$", re.I)
_SCHEMES = ("postgres", "postgresql", "mysql", "mariadb", "mssql", "cockroachdb", "redshift")


def check(doc, ctx):
    seen = set()
    ci = ci_only(doc)  # the CI service's database is not production's
    for key, value_node, _ in doc.pairs:
        if key != "USER" or id(value_node) in ci or not django_database_entry(doc, value_node):
            continue
        r = resolve(doc, value_node)
        if superuser(r.value):
            seen.add(doc.span(r.node))
            yield ctx.finding(doc.span(r.node), "DATABASES.USER", "superuser", user=r.value.strip())
    # a settings attribute or configuration field naming the database account, with a superuser written as its
    # value or fallback (POSTGRES_USER: str = config("POSTGRES_USER", default="postgres")); a base module's are
    # judged where production uses them (DATABASES)
    for b in [] if is_base_settings(doc, ctx.model) else config_bindings(doc) + module_bindings(doc):
        if not _DB_USER_NAME.search(b.name) or b.scope and NON_PRODUCTION_CLASS.search(b.scope) or \
                not superuser(b.value) or b.span in seen:
            continue
        seen.add(b.span)
        yield ctx.finding(b.span, f"config.{b.name}", "superuser", user=b.value.strip())
    examples = documentation_examples(doc)  # a schema's example URL is shown to readers, never connected to
    for value, node, scope in doc.strings:
        if "://" not in value or "@" not in value or scope and NON_PRODUCTION_CLASS.search(scope) or \
                id(node) in examples:
            continue
        parts = parse_url(value)
        if parts is None or parts["scheme"].split("+")[0].lower() not in _SCHEMES or not superuser(parts["user"]):
            continue
        if doc.span(node) not in seen:
            yield ctx.finding(doc.span(node), f"url.{parts['scheme']}.user", "superuser", user=parts["user"])
