"""Python backends must not turn off TLS to the database.

## What it does
Reports, in production Python code, `sslmode=disable` (or `allow` / `prefer`, which fall back to plain
text without telling anyone) in a connection string literal (`postgresql://...?sslmode=disable`,
`"host=db sslmode=disable"`), in a dictionary (`DATABASES[...]["OPTIONS"] = {"sslmode": "disable"}`,
SQLAlchemy `connect_args={"sslmode": "disable"}`) or as a keyword (`psycopg2.connect(sslmode="disable")`);
and MySQL's `ssl_disabled=True`. Environment fallbacks count: `os.getenv("DB_SSLMODE", "disable")`.
For SQL Server it reports ODBC connection strings and `mssql+pyodbc` URLs with `Encrypt=no` (or
`optional`) or `TrustServerCertificate=yes`, and `DB_ENCRYPT` / `DB_TRUST_SERVER_CERTIFICATE` read with a
fallback that turns encryption off or trusts any certificate (`os.getenv("DB_TRUST_SERVER_CERTIFICATE", "true")`).

A server on the same machine is left alone: `localhost` (or `127.0.0.1`) in the URL or libpq string itself, as the
`host=` of the call that takes the mode (`psycopg2.connect(host="localhost", sslmode="disable")`,
`Server(host="localhost", connection_params={"sslmode": "prefer"})`), or as the `HOST` of the dictionary holding it
(a Django `DATABASES` entry and its `OPTIONS`): loopback traffic never crosses a network.

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

from linter.api import RuleMeta, lazy
import ast

from linter.api.python import NON_PRODUCTION_CLASS, env_fallbacks, resolve, truthy
from linter.api.secrets import is_local_host

META = RuleMeta(
    id="PY010", name="python-db-tls-disabled", kinds=("python",), severity="warning",
    checklist=("database.encryption",), cwe=(319,),
)
MESSAGES = {
    "sslmode": "sslmode={mode} lets the database connection run without TLS; use sslmode=verify-full (or "
               "require)",
    "ssl-disabled": "ssl_disabled=True turns off TLS to MySQL; remove it and pass ssl_ca",
    "encrypt": "{setting} sends the SQL Server connection in clear text; set Encrypt=yes (mandatory)",
    "trust": "{setting} accepts any certificate from the database server, so TLS stops no one in the middle; "
             "set it to no and install the server's CA",
    "env-encrypt": "{env} falls back to \"{value}\" when unset, which turns off TLS to the database; default "
                   "to true",
    "env-trust": "{env} falls back to \"{value}\" when unset, which accepts any database certificate; default to "
                 "false",
}
# SQL Server's ODBC keywords (also in mssql+pyodbc URLs): Encrypt=no / TrustServerCertificate=yes. The key is
# preceded by a separator, and the value is one word, so nothing backtracks
_ODBC = lazy(r"(?:^|[;?&\s])(Encrypt|TrustServerCertificate)\s*=\s*(yes|no|true|false|optional|mandatory|strict)\b",
             re.I)
_ODBC_TEXT = lazy(r"(?i)driver=|server=|mssql|odbc|sql server")
# the checklist's variables, read with a literal fallback in the source
_ENV_SWITCHES = {"DB_ENCRYPT": ("false", "no", "0", "off"), "DB_TRUST_SERVER_CERTIFICATE": ("true", "yes", "1", "on")}
_WEAK = ("disable", "allow", "prefer")
_IN_STRING = lazy(r"sslmode\s*=\s*['\"]?(disable|allow|prefer)\b", re.I)
# a connection string: a URL, or libpq's ``key=value`` pairs. Each value ends at whitespace (or the end), so
# a pair has one way to split: the former ``('[^']*'|\S+)\s*`` let ``b=b=b...`` split anywhere, exponential
# on a string that then fails (20 pairs took 8 s)
_DSN = lazy(r"^\s*([a-z][\w+.-]*://\S*|(\w+\s*=\s*('[^']*'|[^\s']\S*)(\s+|$))+)$", re.I)


# the host of a URL (`postgresql://app@localhost/app`) or of a libpq string (`host=127.0.0.1 dbname=app`)
_DSN_HOST = lazy(r"://(?:[^@/\s]*@)?(\[[^\]]*\]|[^:/?#\s]+)|(?:^|\s)host\s*=\s*'?([^\s']+)", re.I)


def _local(doc, node) -> bool:
    value = resolve(doc, node).value if node is not None else None
    return isinstance(value, str) and is_local_host(value.strip())


def _on_this_machine(doc) -> set[int]:
    """ids of the sslmode values written for a server on the same machine: beside `host="localhost"` in one
    call (`Server(host="localhost", connection_params={"sslmode": "prefer"})`) or one dictionary (a Django
    `DATABASES` entry with `"HOST": "127.0.0.1"` and its `OPTIONS`). Loopback traffic never leaves the host,
    so there is no network path for TLS to protect."""
    out: set[int] = set()

    def mark(tree):
        for sub in ast.walk(tree):
            if isinstance(sub, ast.Dict):
                for k, v in zip(sub.keys, sub.values):
                    if isinstance(k, ast.Constant) and isinstance(k.value, str) and k.value.lower() == "sslmode":
                        out.add(id(v))
    for site in doc.calls:
        if _local(doc, site.kwargs.get("host")):
            for name, value in site.kwargs.items():
                if name == "sslmode":
                    out.add(id(value))
                mark(value)
    for d in doc.dicts:
        host = next((v for k, v in zip(d.keys, d.values) if isinstance(k, ast.Constant) and
                     isinstance(k.value, str) and k.value.lower() == "host"), None)
        if _local(doc, host):
            mark(d)
    return out


def check(doc, ctx):
    seen = _on_this_machine(doc)
    for value, node, scope in doc.strings:
        if scope and NON_PRODUCTION_CLASS.search(scope):
            continue  # class DevelopmentConfig: a developer's database
        m = _IN_STRING.search(value)
        host = _DSN_HOST.search(value) if m else None
        if host is not None and is_local_host(host.group(1) or host.group(2) or ""):
            continue
        if m and _DSN.match(value):
            seen.add(id(node))
            yield ctx.finding(doc.span(node), "sslmode", "sslmode", mode=m.group(1).lower())
        lowered = value.lower() if len(value) < 4000 else ""
        if ("encrypt" in lowered or "trustservercertificate" in lowered) and _ODBC_TEXT.search(value):
            for found in _ODBC.finditer(value):
                key, setting = found.group(1), found.group(2).lower()
                if key.lower() == "encrypt" and setting in ("no", "false", "optional"):
                    yield ctx.finding(doc.span(node), "odbc.Encrypt", "encrypt", setting=found.group(0).strip(";?& "))
                elif key.lower() == "trustservercertificate" and setting in ("yes", "true"):
                    yield ctx.finding(doc.span(node), "odbc.TrustServerCertificate", "trust",
                                      setting=found.group(0).strip(";?& "))
    for env, r, _call in env_fallbacks(doc):
        weak = _ENV_SWITCHES.get(env.upper())
        if weak and isinstance(r.value, str) and r.value.strip().lower() in weak:
            yield ctx.finding(doc.span(r.node), f"env.{env}", "env-encrypt" if "ENCRYPT" in env.upper() else
                              "env-trust", env=env, value=r.value.strip())
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
