"""Database connection pools in production need a sensible size.

## What it does
Reports `DB_POOL_MAX`, `DB_POOL_SIZE`, `DATABASE_POOL_MAX`, `DATABASE_POOL_SIZE`, `PG_POOL_MAX`,
`TYPEORM_POOL_SIZE`, `DB_CONNECTION_LIMIT` (and other `*_POOL_MAX` / `*_POOL_SIZE` names of a database) set
in a production env file or compose `environment` to 0 or 1, above `max-size`, or below the matching
`*_POOL_MIN`.

## Why it matters in production
A pool of one connection serialises every request behind the slowest query; under load requests queue until
they time out. An enormous pool lets each application instance open hundreds of connections, exhausting
the database's `max_connections` as soon as the service scales out.

## Example
```env path=.env.production
DB_POOL_MAX=1
```

## Use instead
```env path=.env.production
DB_POOL_MIN=2
DB_POOL_MAX=10
```

## References
- https://node-postgres.com/apis/pool
- https://github.com/brettwooldridge/HikariCP/wiki/About-Pool-Sizing
"""
import re

from linter.api import RuleMeta
from linter.api.secrets import setting_scopes, written_here
from linter.api import lazy

META = RuleMeta(
    id="ENV016", name="db-pool-size", kinds=("env", "compose"), severity="warning",
    checklist=("database.connection-pool",), security=False,
    options={"max-size": {"type": "integer", "minimum": 2, "default": 200,
                          "description": "largest pool one application instance may open"}},
)
MESSAGES = {
    "tiny": "{name} allows {count} connection(s); requests will queue behind each other. Use a pool of about 10",
    "huge": "{name} lets each instance open {count} connections; keep it well under the database's "
            "max_connections (at most {max})",
    "min-over-max": "{name} is larger than the pool's maximum; make the minimum at most the maximum",
}
_DB = r"(DB|DATABASE|PG|POSTGRES|MYSQL|MARIADB|MSSQL|SQL|TYPEORM|SEQUELIZE|KNEX|PRISMA|MONGO|MONGODB|ORM)"
_MAX = lazy(rf"^(\w+_)?{_DB}_(POOL_MAX|POOL_SIZE|MAX_POOL_SIZE|POOL_MAX_SIZE|CONNECTION_LIMIT|"
                  r"MAX_CONNECTIONS|POOL_LIMIT|CONNECTION_POOL_SIZE)$|^(POOL_MAX|POOL_SIZE|CONNECTION_POOL_SIZE)$",
                  re.I)
_MIN = lazy(rf"^(\w+_)?{_DB}_(POOL_MIN|MIN_POOL_SIZE|POOL_MIN_SIZE)$|^POOL_MIN$", re.I)


def _int(setting):
    value = (setting.value or "").strip().strip("'\"")
    return int(value) if re.fullmatch(r"\d{1,9}", value) else None


def check(doc, ctx):
    for scope in setting_scopes(ctx.model, doc):
        maxes = [s for s in scope if _MAX.match(s.name) and _int(s) is not None]
        for s in maxes:
            if not written_here(s, doc) or not s.literal:
                continue
            count = _int(s)
            if count <= 1:
                yield ctx.finding(s.span, s.key, "tiny", path=s.path, name=s.name, count=count)
            elif count > ctx.options["max-size"]:
                yield ctx.finding(s.span, s.key, "huge", path=s.path, name=s.name, count=count,
                                  max=ctx.options["max-size"])
        by_name = {s.name.upper(): s for s in maxes}
        for s in scope:
            if not (_MIN.match(s.name) and written_here(s, doc) and s.literal and _int(s) is not None):
                continue
            pair = by_name.get(re.sub(r"MIN", "MAX", s.name.upper()))
            if pair is not None and _int(s) > _int(pair):
                yield ctx.finding(s.span, s.key, "min-over-max", path=s.path, name=s.name)
