'''redis.conf should persist data with AOF (appendonly yes), not RDB snapshots alone or nothing.

## What it does
Reports a redis.conf where `appendonly` is not `yes`: as "nothing is persisted" when RDB snapshots are
also off (`save ""`), and as "snapshots only" otherwise. A file with no `save` line still snapshots:
redis then uses its default save points. A redis used as a cache (`maxmemory-policy allkeys-...`) is not judged, nor a
file that `include`s another unless its own `appendonly` line comes after the last `include` (redis
applies directives in order and the last one wins, so that line decides whatever the included file says).

When a production compose service runs `redis-server` with this file, its command-line options
(`--requirepass`, `--rename-command`, `--appendonly`, ...) count too, since redis applies them after
the file; what is wrong on the command line itself is reported by the compose rules.
A file production services bind-mount but start without (their written `redis-server ...` command names
no config file) is never read by the server; its command line is judged in the compose file (CMP017-CMP019).

## Why it matters in production
With persistence off, a restart or crash empties redis: sessions, queues and rate-limit counters are
gone. Snapshots alone lose every write since the last snapshot (minutes by default). AOF with
`appendfsync everysec` loses at most about a second; keep RDB beside it for fast restarts and backups.
Mount the data directory on a volume too, or the files die with the container.

## Example
```conf path=redis.conf
save ""
appendonly no
```

## Use instead
```conf path=redis.conf
save 3600 1 300 100 60 10000
appendonly yes
appendfsync everysec
```

## References
- https://redis.io/docs/latest/operate/oss_and_stack/management/persistence/
'''
from linter.api import RuleMeta, Span
from linter.api.repository import repository
from linter.api.redis import rdb_enabled, run_views

META = RuleMeta(
    id="RDS004", name="redis-persistence", kinds=("redis",), severity="warning", checklist=("redis.persistence",),
    security=False,
)
MESSAGES = {
    "disabled": "redis persists nothing (`save \"\"` and no `appendonly yes`); a restart loses all data: set "
                "`appendonly yes`",
    "rdb-only": "redis keeps only periodic RDB snapshots; writes since the last one are lost on a crash: set "
                "`appendonly yes`",
}


def check(doc, ctx):
    if doc.is_sentinel:
        return
    includes = doc.all("include")
    after = max(d.line for d in includes) if includes else 0
    repo = repository(ctx.model, ctx)
    if repo.redis_not_loaded(doc.rel):
        return  # mounted, but the server starts without it: its command line is judged in the compose file
    for view in run_views(doc, repo.redis_command_lines(doc.rel)):
        yield from _check(view, ctx, after)


def _check(doc, ctx, after=0):
    policy = doc.last("maxmemory-policy")
    if policy is not None and policy.args and policy.args[0].lower().startswith("allkeys-"):
        return  # a cache: losing it on restart is by design
    aof = doc.last("appendonly")
    if aof is not None and aof.args and aof.args[0].lower() == "yes":
        return
    if aof is not None and aof.external:
        return  # turned off on the compose command line: the compose rules report it there
    if after and (aof is None or aof.line < after):
        return  # an included file (often a secret mount outside the repository) may turn AOF on
    save = doc.last("save")
    if rdb_enabled(doc):
        yield ctx.finding(aof.arg_span(0) if aof is not None else Span(1, 1), "appendonly", "rdb-only")
    elif not save.external:
        yield ctx.finding(save.span, "appendonly", "disabled")
