"""Python backends must not turn off TLS to the database.

## What it does
Reports, in production Python code, `sslmode=disable` (or `allow` / `prefer`, which fall back to plain
text without telling anyone) in a connection string literal (`postgresql://...?sslmode=disable`,
`"host=db sslmode=disable"`), in a dictionary (`DATABASES[...]["OPTIONS"] = {"sslmode": "disable"}`,
SQLAlchemy `connect_args={"sslmode": "disable"}`) or as a keyword (`psycopg2.connect(sslmode="disable")`);
and MySQL's `ssl_disabled=True`. Environment fallbacks count: `os.getenv("DB_SSLMODE", "disable")`.

## Why it matters in production
Without TLS, database passwords and every row travel in clear text between the app and the database;
anyone on that network path (another tenant, a compromised container) reads or changes them.

## Example
```python path=app/db.py
from fastapi import FastAPI
from sqlalchemy import create_engine

app = FastAPI()
engine = create_engine("postgresql+psycopg2://app@db.internal:5432/app?sslmode=disable")
```

## Use instead
```python path=app/db.py
from fastapi import FastAPI
from sqlalchemy import create_engine

app = FastAPI()
engine = create_engine("postgresql+psycopg2://app@db.internal:5432/app?sslmode=verify-full")
```

## References
- https://www.postgresql.org/docs/current/libpq-ssl.html#LIBPQ-SSL-PROTECTION
- https://docs.djangoproject.com/en/stable/ref/databases/#postgresql-connection-settings
"""
import re

from linter.api import RuleMeta
from linter.api.python import NON_PRODUCTION_CLASS, resolve, truthy
from linter.api import lazy

META = RuleMeta(
    id="PY010", name="python-db-tls-disabled", kinds=("python",), severity="warning",
    checklist=("database.encryption",), cwe=(319,),
)
MESSAGES = {
    "sslmode": "sslmode={mode} lets the database connection run without TLS; use sslmode=verify-full (or "
               "require)",
    "ssl-disabled": "ssl_disabled=True turns off TLS to MySQL; remove it and pass ssl_ca",
}
_WEAK = ("disable", "allow", "prefer")
_IN_STRING = lazy(r"sslmode\s*=\s*['\"]?(disable|allow|prefer)\b", re.I)
# a connection string: a URL, or libpq's ``key=value`` pairs. Each value ends at whitespace (or the end), so
# a pair has one way to split: the former ``('[^']*'|\S+)\s*`` let ``b=b=b...`` split anywhere, exponential
# on a string that then fails (20 pairs took 8 s)
_DSN = lazy(r"^\s*([a-z][\w+.-]*://\S*|(\w+\s*=\s*('[^']*'|[^\s']\S*)(\s+|$))+)$", re.I)


def check(doc, ctx):
    seen = set()
    for value, node, scope in doc.strings:
        if scope and NON_PRODUCTION_CLASS.search(scope):
            continue  # class DevelopmentConfig: a developer's database
        m = _IN_STRING.search(value)
        if m and _DSN.match(value):
            seen.add(id(node))
            yield ctx.finding(doc.span(node), "sslmode", "sslmode", mode=m.group(1).lower())
    for key, value_node, _ in doc.pairs:
        if key.lower() == "sslmode":
            yield from _mode(doc, ctx, value_node, seen)
        elif key == "ssl_disabled" and truthy(resolve(doc, value_node).value) is True:
            yield ctx.finding(doc.span(value_node), "ssl_disabled", "ssl-disabled")
    for site in doc.calls:
        if "sslmode" in site.kwargs:
            yield from _mode(doc, ctx, site.kwargs["sslmode"], seen)
        if "ssl_disabled" in site.kwargs and truthy(resolve(doc, site.kwargs["ssl_disabled"]).value) is True:
            yield ctx.finding(doc.span(site.kwargs["ssl_disabled"]), "ssl_disabled", "ssl-disabled")


def _mode(doc, ctx, node, seen):
    r = resolve(doc, node)
    if isinstance(r.value, str) and r.value.strip().lower() in _WEAK and id(r.node) not in seen:
        seen.add(id(r.node))
        yield ctx.finding(doc.span(r.node), "sslmode", "sslmode", mode=r.value.strip().lower())
