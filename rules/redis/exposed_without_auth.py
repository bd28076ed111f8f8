'''redis.conf must not listen on every interface, or turn protected mode off, without a password.

## What it does
Reports, in a redis.conf whose default user has no password, a `bind` to every interface (`0.0.0.0`,
`*`, `::`, `::*`, with or without redis's optional `-` prefix) and `protected-mode no`. With a password
(`requirepass`, or an ACL default user with one) neither is reported. Files that load users from an
`aclfile` or `include` another file are not judged.

When a production compose service runs `redis-server` with this file, its command-line options
(`--requirepass`, `--rename-command`, `--appendonly`, ...) count too, since redis applies them after
the file; what is wrong on the command line itself is reported by the compose rules.

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
from linter.api.redis import auth_unknown, default_user_open, run_views

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
_ALL = {"0.0.0.0", "*", "::", "::*", "[::]"}


def check(doc, ctx):
    if doc.is_sentinel:
        return
    for view in run_views(doc, repository(ctx.model, ctx).redis_command_lines(doc.rel)):
        if auth_unknown(view) or not default_user_open(view):
            continue
        bind = view.last("bind")
        if bind is not None and not bind.external:
            for index, address in enumerate(bind.args):
                if address.lstrip("-") in _ALL:
                    yield ctx.finding(bind.arg_span(index), "bind", "bind-all", address=address.lstrip("-"))
                    break
        mode = view.last("protected-mode")
        if mode is not None and not mode.external and mode.args and mode.args[0].lower() == "no":
            yield ctx.finding(mode.arg_span(0), "protected-mode", "protected-mode")
