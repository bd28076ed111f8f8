"""Redis services in production compose must require a password.

## What it does
Reports a production Redis (or Valkey, KeyDB, Dragonfly) service started without authentication:
no `--requirepass` (or an empty one) on its command line, no ACL file (`--aclfile`), no config
file, and no password variable its image reads (`REDIS_PASSWORD` for Bitnami-style images,
`--requirepass` inside `REDIS_ARGS` for redis-stack, in `environment:` or an env_file). Also reports
`ALLOW_EMPTY_PASSWORD=yes`, and `REDIS_PASSWORD` set for the official `redis`/`valkey` images, which
ignore it. When a config file is given (redis-stack also loads one mounted at `/redis-stack.conf`), the
redis.conf rules (RDS*) judge that file instead. A shell script of the repository that the command runs
and that sets `requirepass` (passed on, or written into the config it starts the server with) counts;
a service whose command only runs `redis-cli` (a job that creates a cluster) runs no server and is not
judged.

## Why it matters in production
Every container on the compose network (and everything on the host if the port is published) can
read and change every key without a password, and `CONFIG SET` turns write access into files
written on the server. A compromised neighbour container is enough.

## Example
```yaml path=docker-compose.yml
services:
  cache:
    image: redis:7.4-alpine
    environment:
      REDIS_PASSWORD: ${REDIS_PASSWORD}
```

## Use instead
```yaml path=docker-compose.yml
services:
  cache:
    image: redis:7.4-alpine
    command: ["redis-server", "--requirepass", "${REDIS_PASSWORD:?set REDIS_PASSWORD}"]
```

## References
- https://redis.io/docs/latest/operate/oss_and_stack/management/security/#authentication
"""
from linter.api import RuleMeta

META = RuleMeta(
    id="CMP017", name="compose-redis-password", kinds=("compose",), severity="error",
    checklist=("secrets.redis-auth",), cwe=(306,),
)
MESSAGES = {
    "missing": "redis service '{service}' has no password; start it with `--requirepass ${{REDIS_PASSWORD}}` "
               "(or an ACL file)",
    "empty-allowed": "redis service '{service}' sets ALLOW_EMPTY_PASSWORD=yes; remove it and set REDIS_PASSWORD",
    "ignored-variable": "redis service '{service}' sets REDIS_PASSWORD, which the official image ignores; pass "
                        "`--requirepass ${{REDIS_PASSWORD}}` on the command line",
}


def check(doc, ctx):
    for service in ctx.model.compose_services(doc):
        if not service.is_family("redis"):
            continue
        setup = service.redis()
        if setup.client_only:
            continue  # a job running redis-cli against the servers: no server of its own
        if setup.config_file or setup.option("aclfile") or setup.option("include"):
            continue  # the config file decides; the redis.conf rules read it
        password = setup.option("requirepass")
        if password and any(v.strip() for v in password):
            continue
        allow_empty = service.env_value("ALLOW_EMPTY_PASSWORD")
        if allow_empty is not None and str(allow_empty.value).strip().lower() in ("yes", "true", "1"):
            yield ctx.finding(allow_empty.span, allow_empty.key, "empty-allowed", path=allow_empty.path,
                              service=service.name)
            continue
        variable = service.env_value("REDIS_PASSWORD")
        if variable is not None and not setup.official:
            continue
        if variable is not None and variable.origin == "compose":
            yield ctx.finding(variable.key_span, variable.key, "ignored-variable", path=variable.path,
                              service=service.name)
        elif setup.command_written:
            name = "command" if service.has("command") else "entrypoint"
            path, span = service.where(name)
            yield ctx.finding(span, service.key(name), "missing", path=path, service=service.name)
        elif service.complete:
            yield ctx.finding(service.span, service.key("command"), "missing", path=service.path,
                              service=service.name)
