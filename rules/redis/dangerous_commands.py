'''redis.conf should disable FLUSHALL, FLUSHDB, CONFIG, DEBUG and KEYS.

## What it does
Reports a redis.conf in which some of the listed commands are still usable: not renamed away with
`rename-command NAME ""` (or to a hard-to-guess name), and not denied to every enabled ACL user defined in
the file (for example with `-@dangerous`). DEBUG also counts as disabled with `enable-debug-command no` or
`local`. A file that loads users from an `aclfile` or `include`s another file is not judged, since the
commands may be denied there. On Redis 7, DEBUG is off by default; say so explicitly
(`enable-debug-command no`) to satisfy this rule.

When a production compose service runs `redis-server` with this file, its command-line options
(`--requirepass`, `--rename-command`, `--appendonly`, ...) count too, since redis applies them after
the file; what is wrong on the command line itself is reported by the compose rules.
A file production services bind-mount but start without (their written `redis-server ...` command names
no config file) is never read by the server; its command line is judged in the compose file (CMP017-CMP019).

## Why it matters in production
One stray `FLUSHALL` (a script pointed at the wrong host, a compromised client) wipes every database;
`CONFIG SET dir`/`dbfilename` lets an attacker write files on the host; `DEBUG` can crash or stall the
server; `KEYS *` blocks redis for seconds on a large keyspace. Applications rarely need any of them.

## Example
```conf path=redis.conf
requirepass 9f8c1e2a7b3d4c5e6f708192a3b4c5d6e7f8091a2b3c4d5e
```

## Use instead
```conf path=redis.conf
requirepass 9f8c1e2a7b3d4c5e6f708192a3b4c5d6e7f8091a2b3c4d5e
rename-command FLUSHALL ""
rename-command FLUSHDB ""
rename-command CONFIG ""
rename-command DEBUG ""
rename-command KEYS ""
```

## Fix safety
The fix appends `rename-command NAME ""` for each command still enabled. It is unsafe: clients, admin
tools and Redis Sentinel that use CONFIG or KEYS stop working, and a replica must rename the same commands.

## References
- https://redis.io/docs/latest/operate/oss_and_stack/management/security/#disallowing-specific-commands
- https://redis.io/docs/latest/operate/oss_and_stack/management/security/acl/#command-categories
'''
from linter.api import Edit, Fix, RuleMeta, Span
from linter.api.repository import repository
from linter.api.redis import auth_unknown, command_disabled, run_views

META = RuleMeta(
    id="RDS002", name="redis-dangerous-commands", kinds=("redis",), severity="warning",
    checklist=("redis.dangerous-commands",), fix="unsafe", cwe=(749,),
    options={"commands": {"type": "array", "items": {"type": "string"},
                          "default": ["FLUSHALL", "FLUSHDB", "CONFIG", "DEBUG", "KEYS"],
                          "description": "commands that must be renamed away or denied by the ACL"}},
)
MESSAGES = {
    "enabled": "{commands} can still be run; disable them with `rename-command NAME \"\"` or deny them to every "
               "ACL user (`-@dangerous`)",
}


def check(doc, ctx):
    if doc.is_sentinel:
        return
    repo = repository(ctx.model, ctx)
    if repo.redis_not_loaded(doc.rel):
        return  # mounted, but the server starts without it: its command line is judged in the compose file
    for view in run_views(doc, repo.redis_command_lines(doc.rel)):
        if auth_unknown(view):
            continue
        enabled = [c.upper() for c in ctx.options["commands"] if not command_disabled(view, c)]
        if enabled:
            yield ctx.finding(Span(1, 1), "rename-command", "enabled", fix=_fix(doc.file.text, enabled),
                              commands=", ".join(enabled))


def _fix(text: str, commands: list[str]) -> Fix:
    lead = "" if not text or text.endswith("\n") else "\n"
    lines = "".join(f'rename-command {c} ""\n' for c in commands)
    return Fix("disable the commands with rename-command", (Edit(len(text), len(text), lead + lines),),
               safety="unsafe")
