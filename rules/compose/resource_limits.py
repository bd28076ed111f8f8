"""Compose services in production must have a memory limit and a CPU limit.

## What it does
Reports a service of a production compose configuration with no memory limit
(`deploy.resources.limits.memory` or `mem_limit`) or no CPU limit (`deploy.resources.limits.cpus`,
`cpus`, `cpu_quota` or `cpuset`). The finding is placed where the limit belongs: at `limits:`,
`resources:` or `deploy:` when part of that path is written, otherwise at the service key.
`deploy.resources.reservations` is not a limit. A service that has both limits but no process-count
limit (`pids_limit` or `deploy.resources.limits.pids`, -1 and 0 meaning none) is reported too, as
the last missing limit.

## Why it matters in production
A container without limits can take all the host's memory and CPU: one leak or runaway request
loop makes the kernel's OOM killer pick a victim among every service on the host (often the
database), and noisy neighbours starve the rest. Without a process limit a fork bomb, or a worker
pool that spawns without bound, exhausts the host's process table for every container on it.

## Example
```yaml path=docker-compose.yml
services:
  api:
    image: example/api:1.4.2
    deploy:
      resources:
        reservations:
          memory: 256M
```

## Use instead
```yaml path=docker-compose.yml
services:
  api:
    image: example/api:1.4.2
    deploy:
      resources:
        limits:
          cpus: "1.0"
          memory: 512M
          pids: 256
```

## References
- https://docs.docker.com/reference/compose-file/deploy/#resources
- https://docs.docker.com/reference/compose-file/services/#mem_limit
"""
from linter.api import RuleMeta

META = RuleMeta(
    id="CMP003", name="compose-resource-limits", kinds=("compose",), severity="warning",
    checklist=("docker.resource-limits",), security=False,
)
MESSAGES = {
    "missing": "service '{service}' has no memory or CPU limit; add `deploy.resources.limits` with `memory`, "
               "`cpus` and `pids`",
    "no-memory": "service '{service}' has no memory limit; add `deploy.resources.limits.memory` (or `mem_limit`)",
    "no-cpus": "service '{service}' has no CPU limit; add `deploy.resources.limits.cpus` (or `cpus`)",
    "no-pids": "service '{service}' has no process-count limit; add `deploy.resources.limits.pids` (or "
               "`pids_limit`) so a fork bomb cannot exhaust the host",
}
_PATH = ("deploy", "resources", "limits")


def check(doc, ctx):
    for service in ctx.model.compose_services(doc):
        if not service.complete:
            continue
        limits = _limits(service)
        memory = _set(limits.get("memory")) or _set(service.get("mem_limit"))
        cpus = _set(limits.get("cpus")) or any(_set(service.get(k)) for k in ("cpus", "cpu_quota", "cpuset"))
        if memory and cpus:
            if not (_set(limits.get("pids")) or _set(service.get("pids_limit"))):
                if service.has("pids_limit"):
                    path, span = service.where("pids_limit")
                else:
                    path, span, _ = service.where_nested(*_PATH)
                yield ctx.finding(span, service.key(*_PATH, "pids"), "no-pids", path=path, service=service.name)
            continue
        path, span, found = service.where_nested(*_PATH)
        if not memory and not cpus:
            message, key = "missing", service.key(*_PATH)
        elif not memory:
            message, key = "no-memory", service.key(*_PATH, "memory")
        else:
            message, key = "no-cpus", service.key(*_PATH, "cpus")
        yield ctx.finding(span, key, message, path=path, service=service.name)


def _limits(service) -> dict:
    node = service.get("deploy")
    for k in _PATH[1:]:
        node = node.get(k) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else {}


def _set(value) -> bool:
    return value is not None and str(value).strip() not in ("", "0", "-1")
