"""Redis services in production compose must persist their data.

## What it does
Reports a production Redis (or Valkey, KeyDB, Dragonfly) service that neither turns on the
append-only file (`--appendonly yes`, or a Bitnami-style image, which enables it by default) nor
mounts a volume at its data directory (`/data`, `/bitnami/redis/data`, or the `--dir` it is given).
Services used as a cache (`--maxmemory-policy allkeys-*` or `volatile-*`, or snapshots switched off
with `--save ""`, or named a cache, `redis-cache`, beside another Redis the repository does persist) and services started with a config file (judged by the redis.conf rules) are
not reported.

## Why it matters in production
Without AOF, a crash loses every write since the last snapshot; without a volume, recreating the
container (`docker compose down`, a host move, an image upgrade) loses everything: sessions,
queues, rate-limit counters, anything the application stored.

## Example
```yaml path=docker-compose.yml
services:
  queue:
    image: redis:7.4-alpine
    command: ["redis-server", "--requirepass", "${REDIS_PASSWORD:?}"]
```

## Use instead
```yaml path=docker-compose.yml
services:
  queue:
    image: redis:7.4-alpine
    command: ["redis-server", "--requirepass", "${REDIS_PASSWORD:?}", "--appendonly", "yes"]
    volumes:
      - redis-data:/data
volumes:
  redis-data: {}
```

## References
- https://redis.io/docs/latest/operate/oss_and_stack/management/persistence/
- https://hub.docker.com/_/redis
"""
import re

from linter.api import RuleMeta

META = RuleMeta(
    id="CMP018", name="compose-redis-persistence", kinds=("compose",), severity="warning",
    checklist=("redis.persistence",), security=False,
)
MESSAGES = {
    "no-persistence": "redis service '{service}' has neither `--appendonly yes` nor a volume for {data}; add both "
                      "so its data survives a crash and a recreated container",
}


def check(doc, ctx):
    redis = [(service, setup) for service in ctx.model.compose_services(doc) if service.is_family("redis")
             for setup in (service.redis(),) if not setup.client_only]  # a redis-cli job keeps no data
    persisted = {service.name for service, setup in redis if _persisted(service, setup)}
    for service, setup in redis:
        if setup.config_file or _cache(setup) or service.name in persisted:
            continue
        if persisted and _named_cache(service.name):
            continue  # the repository persists its other Redis and names this one a cache: a deliberate split
        data = _data_dir(setup)
        if setup.command_written:
            name = "command" if service.has("command") else "entrypoint"
            path, span = service.where(name)
        elif service.complete:
            path, span = service.path, service.span
        else:
            continue
        yield ctx.finding(span, service.key("volumes", data), "no-persistence", path=path, service=service.name,
                          data=data)


def _data_dir(setup) -> str:
    return (setup.option("dir") or ["/data"])[-1].rstrip("/") or "/"


def _persisted(service, setup) -> bool:
    appendonly = (setup.option("appendonly") or [""])[-1].lower() == "yes" or _aof_by_default(service)
    targets = {str(m.target).rstrip("/") for m in service.mounts() if m.type in ("bind", "volume")}
    return appendonly or bool(targets & {_data_dir(setup), "/data", "/bitnami/redis/data", "/bitnami/redis",
                                         "/bitnami"})


def _named_cache(name: str) -> bool:
    return "cache" in re.split(r"[-_.]", name.lower())


def _cache(setup) -> bool:
    policy = (setup.option("maxmemory-policy") or [""])[-1].lower()
    save = setup.option("save")
    appendonly = (setup.option("appendonly") or [""])[-1].lower()
    return policy.startswith(("allkeys-", "volatile-")) or (save == [""] and appendonly != "yes")


def _aof_by_default(service) -> bool:
    """Bitnami's images turn AOF on unless REDIS_AOF_ENABLED=no."""
    setting = service.env_value("REDIS_AOF_ENABLED")
    return "bitnami/" in (service.image or "") and str(setting.value if setting else "").lower() != "no"
