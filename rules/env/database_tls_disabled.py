"""Connections to the database in production must be encrypted and verify the server's certificate.

## What it does
Reports, in production env files and compose `environment` (after interpolation):
- `DB_ENCRYPT` (or `*_ENCRYPT`) set to false, or missing where the configuration points a SQL Server
  client at a host (`DB_SERVER`/`DB_HOST` together with `DB_DIALECT=mssql`, `DB_PORT=1433`,
  `DB_TRUST_SERVER_CERTIFICATE` or `MSSQL_*` names);
- `DB_TRUST_SERVER_CERTIFICATE=true`, `*_SSL_REJECT_UNAUTHORIZED=false`;
- `DB_SSL=false`, `PGSSLMODE=disable` (and `*_SSL_MODE=disable`, also with a nesting double underscore such
  as `APP_db__ssl_mode=disable`);
- connection strings with `sslmode=disable`, `ssl=false`, `useSSL=false`, `encrypt=false`, `tls=false` or
  `TrustServerCertificate=true`;
- `NODE_TLS_REJECT_UNAUTHORIZED=0`, which turns off certificate checks for every TLS connection Node makes.

## Why it matters in production
Without TLS, credentials and query results cross the network in clear text; with TLS but no certificate
check, anyone on the path can present their own certificate and read or alter the traffic. Managed
databases are usually reached over networks the application does not control.

## Example
```env path=.env.production
DB_SERVER=orders.database.windows.net
DB_PORT=1433
DB_ENCRYPT=false
DB_TRUST_SERVER_CERTIFICATE=true
```

## Use instead
```env path=.env.production
DB_SERVER=orders.database.windows.net
DB_PORT=1433
DB_ENCRYPT=true
DB_TRUST_SERVER_CERTIFICATE=false
```

## References
- https://learn.microsoft.com/en-us/sql/connect/node-js/node-js-driver-for-sql-server
- https://www.postgresql.org/docs/current/libpq-ssl.html#LIBPQ-SSL-PROTECTION
"""
import re

from linter.api import RuleMeta
from linter.api.secrets import is_falsy, is_truthy, setting_scopes, written_here
from linter.api import lazy

META = RuleMeta(
    id="ENV008", name="database-tls-disabled", kinds=("env", "compose"), severity="warning",
    checklist=("database.encryption",), cwe=(319, 295), precision="medium",
)
MESSAGES = {
    "encrypt-off": "{name} turns off encryption of database traffic; set {name}=true",
    "encrypt-missing": "this SQL Server configuration does not set DB_ENCRYPT; add DB_ENCRYPT=true so traffic "
                       "to the database is encrypted",
    "trust-cert": "{name} accepts any server certificate; set it to verify the certificate (false for "
                  "TRUST_SERVER_CERTIFICATE, true for REJECT_UNAUTHORIZED)",
    "ssl-off": "{name} turns off TLS to the database; enable it (e.g. sslmode=verify-full)",
    "url": "{name} {what}; remove it and require a verified TLS connection (e.g. sslmode=verify-full)",
    "node-tls": "NODE_TLS_REJECT_UNAUTHORIZED=0 disables certificate checks for every TLS connection; remove it "
                "and give Node the CA (NODE_EXTRA_CA_CERTS) instead",
}
_ENCRYPT = lazy(r"^(\w+_)?(DB|DATABASE|MSSQL|SQL|SQLSERVER|AZURE_SQL)_(ENCRYPT|ENCRYPTION|ENCRYPTED)$", re.I)
_TRUST = lazy(r"^(\w+_)?TRUST_?SERVER_?CERTIFICATE$", re.I)
_REJECT = lazy(r"^(\w+_)?(DB|DATABASE|PG|POSTGRES|MYSQL|MSSQL|SQL)_(SSL_|TLS_)?REJECT_UNAUTHORI[SZ]ED$", re.I)
_SSL = lazy(r"^(\w+_)?(DB|DATABASE|PG|POSTGRES|MYSQL|MSSQL|SQL|TYPEORM)_(USE_)?(SSL|TLS)(_ENABLED)?$", re.I)
_SSLMODE = lazy(r"^(\w+_)?(PGSSLMODE|(DB|DATABASE|PG|POSTGRES|MYSQL)_SSL_?MODE)$", re.I)
_URL_NAME = lazy(r"(DATABASE|_DB|^DB|MONGO\w*|POSTGRES\w*|MYSQL\w*|PG|SQL\w*)_(URL|URI|DSN)$|"
                       r"CONNECTION_?STRING$|^DATABASE_URL$", re.I)
_URL_OFF = (
    (lazy(r"[?&;]\s*sslmode\s*=\s*disable\b", re.I), "sets sslmode=disable"),
    (lazy(r"[?&;]\s*ssl[-_]?mode\s*=\s*disabled?\b", re.I), "turns TLS off (ssl-mode=DISABLED)"),
    (lazy(r"[?&;]\s*(ssl|tls|usessl)\s*=\s*(false|0|no)\b", re.I), "turns TLS off"),
    (lazy(r"[?&;]\s*encrypt\s*=\s*(false|no|0)\b", re.I), "turns encryption off (Encrypt=false)"),
    (lazy(r"[?&;]\s*trust\s*server\s*certificate\s*=\s*(true|yes|1)\b", re.I),
     "accepts any server certificate (TrustServerCertificate=true)"),
    (lazy(r"[?&;]\s*(sslaccept\s*=\s*accept_invalid_certs|tlsallowinvalidcertificates\s*=\s*true|"
                r"tlsinsecure\s*=\s*true)", re.I), "accepts any server certificate"),
)
_HOST = lazy(r"^(\w+_)?(DB|DATABASE|MSSQL|SQL|SQLSERVER)_(HOST|SERVER|HOSTNAME)$|^DB_SERVER$", re.I)


def check(doc, ctx):
    for scope in setting_scopes(ctx.model, doc):
        yield from _values(doc, ctx, scope)
        yield from _missing(doc, ctx, scope)


def _values(doc, ctx, scope):
    for s in scope:
        if not written_here(s, doc):
            continue
        if (s.value is None or not s.literal) and _URL_NAME.search(s.name):
            # postgres://app:${DB_PASSWORD}@db/app?sslmode=disable: the password comes at deploy time, the
            # query that turns TLS off is written here
            what = next((w for p, w in _URL_OFF if p.search(";" + _written(doc, s.span))), None)
            if what:
                yield ctx.finding(s.key_span, s.key, "url", path=s.path, name=s.name, what=what)
            continue
        if not s.literal or s.value is None:
            continue
        v = s.value.strip().strip("'\"")
        # `LISTMONK_db__ssl_mode`, `Database__Encrypt`: a double underscore nests a setting (listmonk, .NET,
        # pydantic-settings) where others write one
        name = re.sub(r"_{2,}", "_", s.name)
        if _ENCRYPT.match(name) and is_falsy(v):
            yield ctx.finding(s.span, s.key, "encrypt-off", path=s.path, name=s.name)
        elif _TRUST.match(name) and is_truthy(v) or _REJECT.match(name) and is_falsy(v):
            yield ctx.finding(s.span, s.key, "trust-cert", path=s.path, name=s.name)
        elif _SSL.match(name) and is_falsy(v) or _SSLMODE.match(name) and v.lower() in ("disable", "disabled"):
            yield ctx.finding(s.span, s.key, "ssl-off", path=s.path, name=s.name)
        elif s.name.upper() == "NODE_TLS_REJECT_UNAUTHORIZED" and v == "0":
            yield ctx.finding(s.span, s.key, "node-tls", path=s.path)
        elif _URL_NAME.search(s.name):
            what = next((w for p, w in _URL_OFF if p.search(";" + v)), None)
            if what:
                yield ctx.finding(s.key_span, s.key, "url", path=s.path, name=s.name, what=what)


def _missing(doc, ctx, scope):
    names = {s.name.upper(): s for s in scope}
    if any(_ENCRYPT.match(n) for n in names):
        return
    mssql = any("MSSQL" in n or "SQLSERVER" in n or _TRUST.match(n) for n in names) or any(
        (s.value or "").strip().lower() in ("mssql", "sqlserver", "tedious") for n, s in names.items()
        if re.search(r"(DIALECT|DB_TYPE|DB_CLIENT|DB_DRIVER|DATABASE_TYPE|CONNECTION|DB_ENGINE)$", n)) or any(
        (s.value or "").strip() == "1433" for n, s in names.items() if n.endswith("_PORT"))
    if not mssql:
        return
    host = next((s for n, s in names.items() if _HOST.match(n) and written_here(s, doc)), None)
    if host is not None:
        yield ctx.finding(host.key_span, host.key, "encrypt-missing", path=host.path)


def _written(doc, span) -> str:
    """The text of a one-line value as the file spells it (before interpolation)."""
    if span.end_line not in (None, span.line) or span.end_column is None:
        return ""
    return doc.file.line_text(span.line)[span.column - 1:span.end_column - 1]
