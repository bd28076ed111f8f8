'''redis.conf must not listen on every interface, or turn protected mode off, without a password.

## What it does
Reports, in a redis.conf whose default user has no password, a `bind` to every interface (`0.0.0.0`,
`*`, `::`, `::*`, with or without redis's optional `-` prefix) or `protected-mode no`, once: the
one mistake is a password-less server open to the network (RDS001 then stays silent). With a
password (`requirepass`, or an ACL default user with one) neither is reported, and neither is a
`bind` to every interface when the file says `protected-mode yes`: since Redis 7 protected mode
refuses remote clients of a password-less default user whatever `bind` says. Files that load users
from an `aclfile` or `include` another file are not judged.

When a production compose service runs `redis-server` with this file, its command-line options
(`--requirepass`, `--rename-command`, `--appendonly`, ...) count too, since redis applies them after
the file; what is wrong on the command line itself is reported by the compose rules.
A file production services bind-mount but start without (their written `redis-server ...` command names
no config file) is never read by the server; its command line is judged in the compose file (CMP017-CMP019).

## Why it matters in production
Protected mode is redis's last guard: with no password it refuses clients that are not local. Binding
to all interfaces or turning protected mode off removes it, and an unauthenticated redis reachable from
a network is taken over in minutes (data wiped, `CONFIG SET` used to write SSH keys or cron jobs).

## Example
```conf path=redis.conf
bind 0.0.0.0
protected-mode no
```

## Use instead
```conf path=redis.conf
bind 0.0.0.0
protected-mode yes
requirepass 9f8c1e2a7b3d4c5e6f708192a3b4c5d6e7f8091a2b3c4d5e
```

## References
- https://redis.io/docs/latest/operate/oss_and_stack/management/security/#protected-mode
'''
from linter.api import RuleMeta
from linter.api.repository import repository
from linter.api.redis import open_to_network, run_views

META = RuleMeta(
    id="RDS003", name="redis-exposed-without-auth", kinds=("redis",), severity="error",
    checklist=("redis.dangerous-commands", "secrets.redis-auth"), cwe=(306,),
)
MESSAGES = {
    "bind-all": "redis listens on every interface ({address}) without a password; set `requirepass` or bind to "
                "the addresses clients use",
    "protected-mode": "`protected-mode no` on a redis without a password accepts anyone who can connect; set "
                      "`requirepass` or keep `protected-mode yes`",
}


def check(doc, ctx):
    if doc.is_sentinel:
        return
    repo = repository(ctx.model, ctx)
    if repo.redis_not_loaded(doc.rel):
        return  # mounted, but the server starts without it: its command line is judged in the compose file
    for view in run_views(doc, repo.redis_command_lines(doc.rel)):
        found = open_to_network(view)
        if found is None:
            continue
        directive, index, message = found
        if message == "bind-all":
            yield ctx.finding(directive.arg_span(index), "bind", message, address=directive.args[index].lstrip("-"))
        else:
            yield ctx.finding(directive.arg_span(index), "protected-mode", message)
