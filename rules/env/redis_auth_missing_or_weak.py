"""An application that talks to Redis in production must authenticate.

## What it does
Reports, per production env file and per compose service (its `environment` and `env_file` together):
- `REDIS_HOST` (or `REDIS_HOSTNAME`, `REDIS_SERVER`) set while no `REDIS_PASSWORD` (nor `REDIS_PASS`,
  `REDIS_AUTH`, `REDIS_AUTH_TOKEN`, `REDIS_PASSWORD_FILE`) is, or `REDIS_PASSWORD` is empty;
- `REDIS_URL` written with no password (`redis://cache:6379`, or built from variables with no `@`:
  `redis://${CACHE_HOST}:6379`) and no `REDIS_PASSWORD` beside it; a URL built on a `REDIS_HOST` the same
  file sets is that setting's finding, reported once;
- a `REDIS_PASSWORD` that is a default, a placeholder or shorter than `min-length` characters.

A password supplied by the deploy environment (`REDIS_PASSWORD: ${REDIS_PASSWORD}`) counts as set.

## Why it matters in production
Redis without a password lets anyone who reaches the port read and change every key — sessions, caches,
queues — and, through `CONFIG SET`, write files on the host. Bots scan for open Redis continuously.
When the application has no password to send, the server almost certainly has none configured either.

## Example
```env path=.env.production
REDIS_HOST=cache.internal.example.com
REDIS_PORT=6379
```

## Use instead
```env path=.env.production
REDIS_HOST=cache.internal.example.com
REDIS_PORT=6379
REDIS_PASSWORD=${REDIS_PASSWORD}
```

## References
- https://redis.io/docs/latest/operate/oss_and_stack/management/security/#authentication
"""
import re

from linter.api import RuleMeta
from linter.api.secrets import parse_url, password_weakness, secret_value, setting_scopes, url_password, written_here
from linter.api import lazy

META = RuleMeta(
    id="ENV007", name="redis-auth-missing-or-weak", kinds=("env", "compose"), severity="warning",
    checklist=("secrets.redis-auth",), cwe=(306,), precision="medium",
    options={"min-length": {"type": "integer", "minimum": 8, "default": 16,
                            "description": "fewest characters a Redis password may have"}},
)
MESSAGES = {
    "missing": "{name} is set but no REDIS_PASSWORD is; configure requirepass on the server and give the "
               "application its password",
    "empty": "{name} is empty; configure requirepass on the server and give the application its password",
    "url": "{name} has no password; use redis://:PASSWORD@host:6379 or set REDIS_PASSWORD",
    "weak": "{name} {why}; generate a password of at least {min} random characters (`openssl rand -base64 32`)",
}
_HOST = lazy(r"^(\w+_)?REDIS_(HOST|HOSTNAME|SERVER|ADDR|ADDRESS)$", re.I)
_PASSWORD = lazy(r"^(\w+_)?REDIS_(PASSWORD|PASS|PWD|AUTH|AUTH_TOKEN|AUTH_PASSWORD|PASSWORD_FILE|SECRET)$",
                       re.I)
_URL = lazy(r"^(\w+_)?REDIS_(URL|URI|CONNECTION|CONNECTION_STRING|DSN)$", re.I)


def check(doc, ctx):
    minimum = ctx.options["min-length"]
    # The official image ignores REDIS_PASSWORD: CMP017 reports that server as having no password at all,
    # which is the one mistake there; how weak the ignored value is adds nothing.
    ignored = {s.name for s in (ctx.model.compose_services(doc) if doc.kind == "compose" else ())
               if s.is_family("redis") and s.redis().official}
    for scope in setting_scopes(ctx.model, doc):
        passwords = [s for s in scope if _PASSWORD.match(s.name)]
        for s in passwords:
            if not written_here(s, doc) or not s.literal or s.value is None or s.name.upper().endswith("_FILE"):
                continue
            if s.origin == "compose" and s.service in ignored:
                continue
            why = password_weakness(s.value, minimum)
            if why == "is empty":
                yield ctx.finding(s.span, s.key, "empty", path=s.path, name=s.name)
            elif why:
                yield ctx.finding(s.key_span, s.key, "weak", path=s.path, name=s.name, why=why,
                                  min=minimum, secret=secret_value(s.value))
        if passwords or any(_URL.match(s.name) and s.value and url_password(s.value) for s in scope):
            continue
        hosts = {s.name for s in scope if _HOST.match(s.name) and written_here(s, doc)}
        for s in scope:
            if not written_here(s, doc):
                continue
            if _HOST.match(s.name):
                yield ctx.finding(s.key_span, s.key, "missing", path=s.path, name=s.name)
            elif _URL.match(s.name) and s.literal and s.value and _without_password(s.value, hosts):
                yield ctx.finding(s.span, s.key, "url", path=s.path, name=s.name)


# `redis://${REDIS_HOST}:${REDIS_PORT}/0`: a URL built from variables still has no password when it has no `@`
_COMPOSED = lazy(r"^rediss?://(?P<host>[^@\s/]*)(?:/[^@\s]*)?$", re.I)
_REFERENCE = lazy(r"\$\{?(\w+)")


def _without_password(value: str, reported_hosts: set[str]) -> bool:
    """A Redis URL that carries no password. One whose host is a host setting of the same scope is left to
    that setting's own finding (the one mistake, reported once)."""
    value = value.strip().strip("'\"")
    parts = parse_url(value)
    if parts is not None and "$" not in value:
        return parts["scheme"].startswith("redis") and not url_password(value)
    m = _COMPOSED.match(value)
    if m is None:
        return False
    host = m.group("host")
    names = set(_REFERENCE.findall(host))
    # a host that is one variable and nothing else could hold `user:password@host` itself: unknown
    if re.fullmatch(r"\$\{?\w+\}?", host):
        return False
    return not (names & reported_hosts)
