"""A service with memory and CPU limits should also limit how many processes it can start.

## What it does
Reports a production service that has memory and CPU limits (CMP003 reports the ones that do not)
but no process-count limit: neither `pids_limit` nor `deploy.resources.limits.pids`, or one set to
`-1`/`0` (unlimited). The finding is at `pids_limit` when it is written, else where the other limits
are.

## Why it matters in production
Process IDs are a host-wide resource. A fork bomb, or a worker pool that spawns without bound, in one
container takes the PIDs every other container and the host need: nothing new can start, not even
`docker exec` to investigate. A memory limit slows that down but does not stop it (a process costs a
few kilobytes); the CIS Docker Benchmark (5.28) asks for the PIDs cgroup limit.

## Example
```yaml path=docker-compose.yml
services:
  api:
    image: example/api:1.4.2
    deploy:
      resources:
        limits:
          cpus: "1.0"
          memory: 512M
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
- https://docs.docker.com/reference/compose-file/services/#pids_limit
- KICS "Pids Limit Not Set"; CIS Docker Benchmark 5.28
"""
from linter.api import RuleMeta

META = RuleMeta(
    id="CMP027", name="compose-pids-limit", kinds=("compose",), severity="note",
    checklist=("docker.resource-limits",), security=False,
)
MESSAGES = {
    "missing": "service '{service}' has no process-count limit; add `deploy.resources.limits.pids` (or "
               "`pids_limit`), e.g. 256, so a fork bomb cannot take the host's PIDs",
    "unlimited": "service '{service}' sets pids_limit to {value}, which is no limit; give it a number such as 256",
}
_PATH = ("deploy", "resources", "limits")


def _limits(service) -> dict:
    node = service.get("deploy")
    for k in _PATH[1:]:
        node = node.get(k) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else {}


def _set(value) -> bool:
    return value is not None and str(value).strip() not in ("", "0", "-1")


def check(doc, ctx):
    for service in ctx.model.compose_services(doc):
        if not service.complete:
            continue
        limits = _limits(service)
        memory = _set(limits.get("memory")) or _set(service.get("mem_limit"))
        cpus = _set(limits.get("cpus")) or any(_set(service.get(k)) for k in ("cpus", "cpu_quota", "cpuset"))
        if not (memory and cpus) or _set(limits.get("pids")) or _set(service.get("pids_limit")):
            continue
        if service.has("pids_limit"):
            path, span = service.where("pids_limit")
            yield ctx.finding(span, service.key("pids_limit"), "unlimited", path=path, service=service.name,
                              value=str(service.get("pids_limit")))
        else:
            path, span, _ = service.where_nested(*_PATH)
            yield ctx.finding(span, service.key(*_PATH, "pids"), "missing", path=path, service=service.name)
