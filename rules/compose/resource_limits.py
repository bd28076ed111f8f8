"""Compose services in production must have a memory limit and a CPU limit.

## What it does
Reports a service of a production compose configuration with no memory limit
(`deploy.resources.limits.memory` or `mem_limit`) or no CPU limit (`deploy.resources.limits.cpus`,
`cpus`, `cpu_quota` or `cpuset`). The finding is placed where the limit belongs: at `limits:`,
`resources:` or `deploy:` when part of that path is written, otherwise at the service key.
`deploy.resources.reservations` is not a limit. The message for a service with no limit at all asks
for a process-count limit too (`pids`); a service with memory and CPU limits but no PIDs limit is
CMP027's finding, a note.

## Why it matters in production
A container without limits can take all the host's memory and CPU: one leak or runaway request
loop makes the kernel's OOM killer pick a victim among every service on the host (often the
database), and noisy neighbours starve the rest. Without any limit a fork bomb, or a worker pool
that spawns without bound, also exhausts the host's process table for every container on it.

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
from linter.api.compose import LIMITS_PATH

META = RuleMeta(
    id="CMP003", name="compose-resource-limits", kinds=("compose",), severity="warning",
    checklist=("docker.resource-limits",), security=False,
    peers=("kics:6b610c50-99fb-4ef0-a5f3-e312fd945bc3", "kics:bb9ac4f7-e13b-423d-a010-c74a1bfbe492",
           "kics:221e0658-cb2a-44e3-b08a-db96a341d6fa"),
)
MESSAGES = {
    "missing": "service '{service}' has no memory or CPU limit; add `deploy.resources.limits` with `memory`, "
               "`cpus` and `pids`",
    "no-memory": "service '{service}' has no memory limit; add `deploy.resources.limits.memory` (or `mem_limit`)",
    "no-cpus": "service '{service}' has no CPU limit; add `deploy.resources.limits.cpus` (or `cpus`)",
}


def check(doc, ctx):
    for service in ctx.model.compose_services(doc):
        if not service.complete:
            continue
        limits = service.limits()
        memory, cpus = limits.memory, limits.cpus
        if memory and cpus:
            continue
        path, span, found = service.where_nested(*LIMITS_PATH)
        if not memory and not cpus:
            message, key = "missing", service.key(*LIMITS_PATH)
        elif not memory:
            message, key = "no-memory", service.key(*LIMITS_PATH, "memory")
        else:
            message, key = "no-cpus", service.key(*LIMITS_PATH, "cpus")
        yield ctx.finding(span, key, message, path=path, service=service.name)

