'''redis.conf must require a strong password (requirepass or ACL users with passwords).

## What it does
Reports a redis.conf with no `requirepass` (or `requirepass ""`) while its default user is not
defined otherwise, a `requirepass` that is a placeholder or too short, ACL users (`user NAME on ...`)
that are enabled with `nopass`, and ACL passwords (`>...`) that are weak. Files that load users from an
`aclfile` or `include` another file are not judged on a missing password, since it may live there.

When a production compose service runs `redis-server` with this file, its command-line options
(`--requirepass`, `--rename-command`, `--appendonly`, ...) count too, since redis applies them after
the file; what is wrong on the command line itself is reported by the compose rules.
A file production services bind-mount but start without (their written `redis-server ...` command names
no config file) is never read by the server; its command line is judged in the compose file (CMP017-CMP019).

## Why it matters in production
A redis without a password gives every client that can reach it every key, plus `CONFIG SET`, which is
the classic path from an open redis to a shell on the host. Redis answers about a million AUTH attempts
per second, so a short or dictionary password is brute-forced in minutes; use a long random value.

## Example
```conf path=redis.conf
bind 127.0.0.1
port 6379
```

## Use instead
```conf path=redis.conf
bind 127.0.0.1
port 6379
requirepass 9f8c1e2a7b3d4c5e6f708192a3b4c5d6e7f8091a2b3c4d5e
```

## References
- https://redis.io/docs/latest/operate/oss_and_stack/management/security/
- https://redis.io/docs/latest/operate/oss_and_stack/management/security/acl/
'''
from linter.api import RuleMeta, Span
from linter.api.repository import repository
from linter.api.redis import acl_users, auth_unknown, open_to_network, requirepass, run_views
from linter.api.secrets import weakness

META = RuleMeta(
    id="RDS001", name="redis-auth", kinds=("redis",), severity="error", checklist=("secrets.redis-auth",),
    cwe=(306,),
    options={"min-length": {"type": "integer", "minimum": 8, "default": 32,
                            "description": "shortest password accepted, in characters"}},
)
MESSAGES = {
    "missing": "redis has no password: add `requirepass` with a long random value (e.g. `openssl rand -hex 32`)"
               " or define ACL users with passwords",
    "empty": "`requirepass \"\"` leaves redis without a password; set a long random value",
    "weak": "the requirepass value {reason}; use at least {min} random characters (e.g. `openssl rand -hex 32`)",
    "nopass": "ACL user '{user}' is enabled with `nopass`; give it a password (`>...` or `#<sha256>`) or turn it "
              "`off`",
    "acl-weak": "a password of ACL user '{user}' {reason}; use at least {min} random characters",
}


def check(doc, ctx):
    if doc.is_sentinel:
        return
    repo = repository(ctx.model, ctx)
    if repo.redis_not_loaded(doc.rel):
        return  # mounted, but the server starts without it: its command line is judged in the compose file
    for view in run_views(doc, repo.redis_command_lines(doc.rel)):
        yield from _check(view, ctx)


def _check(doc, ctx):
    minimum = ctx.options["min-length"]
    users = acl_users(doc)
    req = requirepass(doc)
    default = users.get("default")
    if req is not None and req.external:
        pass  # given on the compose command line: the compose rules judge it there
    elif req is not None and not (req.args and req.args[0]):
        if default is None or not default.has_password:
            yield ctx.finding(req.span, "requirepass", "empty")
    elif req is not None:
        value = req.args[0]
        reason = weakness(value, minimum)
        if reason:
            yield ctx.finding(req.arg_span(0), "requirepass", "weak", secret=value, reason=reason, min=minimum)
    elif default is None and not auth_unknown(doc) and open_to_network(doc) is None:
        # exposed to the network, the missing password is RDS003's finding: one mistake, one finding
        yield ctx.finding(Span(1, 1), "requirepass", "missing")
    for user in users.values():
        if not user.enabled or user.directive.external:
            continue
        if user.nopass_index is not None:
            yield ctx.finding(user.directive.arg_span(user.nopass_index), f"user.{user.name}.nopass", "nopass",
                              user=user.name)
        for password, index in user.passwords:
            reason = weakness(password, minimum)
            if reason:
                yield ctx.finding(user.directive.arg_span(index), f"user.{user.name}.password", "acl-weak",
                                  secret=password, user=user.name, reason=reason, min=minimum)
