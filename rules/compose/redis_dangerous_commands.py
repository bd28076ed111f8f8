"""Redis services in production compose should disable FLUSHALL, FLUSHDB, CONFIG, DEBUG and KEYS.

## What it does
Reports a production Redis (or Valkey, KeyDB) service started from compose without a config file
or ACL file whose command line leaves some of FLUSHALL, FLUSHDB, CONFIG, DEBUG and KEYS usable
(no `--rename-command NAME ""` for them; DEBUG also counts as off with
`--enable-debug-command no`). Services started with a config file are left to the redis.conf rule
RDS002.

## Why it matters in production
One stray `FLUSHALL` wipes every database; `CONFIG SET dir`/`dbfilename` lets whoever reaches
redis write files on the server; `DEBUG` can crash it; `KEYS *` blocks it on a large keyspace.
Applications rarely need any of them.

## Example
```yaml path=docker-compose.yml
services:
  cache:
    image: redis:7.4-alpine
    command: ["redis-server", "--requirepass", "${REDIS_PASSWORD:?}"]
```

## Use instead
```yaml path=docker-compose.yml
services:
  cache:
    image: redis:7.4-alpine
    command: >-
      redis-server --requirepass ${REDIS_PASSWORD:?}
      --rename-command FLUSHALL "" --rename-command FLUSHDB ""
      --rename-command CONFIG "" --rename-command DEBUG "" --rename-command KEYS ""
```

## References
- https://redis.io/docs/latest/operate/oss_and_stack/management/security/#disallowing-specific-commands
"""
from linter.api import RuleMeta
from linter.api.redis import command_disabled, command_line_settings

META = RuleMeta(
    id="CMP019", name="compose-redis-dangerous-commands", kinds=("compose",), severity="note",
    checklist=("redis.dangerous-commands",), cwe=(749,),
    options={"commands": {"type": "array", "items": {"type": "string"},
                          "default": ["FLUSHALL", "FLUSHDB", "CONFIG", "DEBUG", "KEYS"],
                          "description": "commands that must be renamed away"}},
)
MESSAGES = {
    "enabled": "redis service '{service}' leaves {commands} enabled; add `--rename-command NAME \"\"` for each "
               "(or use an ACL file that denies them)",
}


def check(doc, ctx):
    for service in ctx.model.compose_services(doc):
        if not service.is_family("redis"):
            continue
        setup = service.redis()
        if setup.client_only:
            continue  # a job running redis-cli against the servers: no server of its own
        if setup.config_file or setup.option("aclfile") or setup.option("include"):
            continue
        settings = command_line_settings(setup.options)
        enabled = [c.upper() for c in ctx.options["commands"] if not command_disabled(settings, c)]
        if not enabled:
            continue
        if setup.command_written:
            name = "command" if service.has("command") else "entrypoint"
            path, span = service.where(name)
        elif service.complete:
            path, span = service.path, service.span
        else:
            continue
        yield ctx.finding(span, service.key("command", "rename-command"), "enabled", path=path,
                          service=service.name, commands=", ".join(enabled))
