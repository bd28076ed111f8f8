"""Which settings hold a database password, and what is wrong with the one written.

Shared by the rule that judges database passwords (ENV005) and the rule that reports secrets written
into compose files (CMP013): a weak database password written in compose is one mistake, reported once,
by the rule whose message says what to do about it (generate a strong one)."""
from __future__ import annotations

import re

from ..lazyre import lazy
from ..secrets import parse_url, password_weakness, url_password

MIN_LENGTH = 16  # ENV005's default; the rule may be configured higher or lower
_DB = r"(DB|DATABASE|POSTGRES|POSTGRESQL|PG|MYSQL|MARIADB|MSSQL|SA|MONGO|MONGODB|MONGO_INITDB_ROOT|TYPEORM|" \
      r"DATASOURCE|SQL|SQLSERVER|ORACLE|COUCHDB|NEO4J|CLICKHOUSE|CASSANDRA|ARANGO|" \
      r"INFLUX|INFLUXDB|COUCHBASE|QUESTDB|RETHINKDB|TIMESCALE|TIMESCALEDB|CRATEDB|SURREALDB)"
# INIT_: the first-run account of images such as influxdb 2 (DOCKER_INFLUXDB_INIT_PASSWORD)
_PASSWORD = lazy(rf"^(\w+_)?{_DB}_?(ROOT_|USER_|ADMIN_|INIT_)?(PASSWORD|PASS|PWD|PASSWD)$", re.I)
_URL_NAME = lazy(r"(DATABASE|_DB|^DB|MONGO\w*|POSTGRES\w*|MYSQL\w*|PG|SQL\w*)_(URL|URI|DSN)$|"
                 r"CONNECTION_?STRING$|^DATABASE_URL$", re.I)
_ADO = lazy(r"(?:^|;)\s*(?:password|pwd)\s*=\s*(?P<pw>[^;]*)", re.I)
_ADO_USER = lazy(r"(?:^|;)\s*(?:user id|uid|user|username)\s*=\s*(?P<u>[^;]*)", re.I)


def is_db_password_name(name: str) -> bool:
    upper = name.upper()
    return bool(_PASSWORD.match(name)) and "RANDOM" not in upper and "ONETIME" not in upper


def is_db_url_name(name: str) -> bool:
    return bool(_URL_NAME.search(name))


def _user_for(name: str, scope: dict) -> str | None:
    stem = re.sub(r"_?(ROOT_|USER_|ADMIN_)?(PASSWORD|PASS|PWD|PASSWD)$", "", name, flags=re.I)
    for suffix in ("_USER", "_USERNAME", "USER"):
        s = scope.get((stem + suffix).upper())
        if s is not None and s.value:
            return s.value
    return None


def inline_password(value: str):
    """(password, user) written inside a connection string, or (None, None)."""
    value = value.strip()
    if value.lower().startswith("jdbc:"):
        value = value[5:]
    parts = parse_url(value)
    if parts is not None:
        return url_password(value), parts["user"]
    m = _ADO.search(value)
    if m:
        u = _ADO_USER.search(value)
        return m.group("pw").strip(), (u.group("u").strip() if u else None)
    return None, None


def db_password_problem(setting, scope: dict, minimum: int = MIN_LENGTH):
    """("weak" | "url", why, the judged password) when ``setting`` holds a weak database password, else None."""
    if setting.value is None:
        return None
    if is_db_password_name(setting.name):
        why = password_weakness(setting.value, minimum, _user_for(setting.name, scope))
        return ("weak", why, setting.value) if why else None
    if is_db_url_name(setting.name):
        password, user = inline_password(setting.value)
        if password is None:
            return None
        why = password_weakness(password, minimum, user)
        return ("url", why, password) if why else None
    return None
