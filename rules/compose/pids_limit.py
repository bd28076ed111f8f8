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
from linter.api.compose import LIMITS_PATH

META = RuleMeta(
    id="CMP027", name="compose-pids-limit", kinds=("compose",), severity="note",
    checklist=("docker.resource-limits",), security=False,
    peers=("kics:221e0658-cb2a-44e3-b08a-db96a341d6fa",),
)
MESSAGES = {
    "missing": "service '{service}' has no process-count limit; add `deploy.resources.limits.pids` (or "
               "`pids_limit`), e.g. 256, so a fork bomb cannot take the host's PIDs",
    "unlimited": "service '{service}' sets pids_limit to {value}, which is no limit; give it a number such as 256",
}


def check(doc, ctx):
    for service in ctx.model.compose_services(doc):
        if not service.complete:
            continue
        limits = service.limits()
        if not (limits.memory and limits.cpus) or limits.pids:
            continue
        if service.has("pids_limit"):
            path, span = service.where("pids_limit")
            yield ctx.finding(span, service.key("pids_limit"), "unlimited", path=path, service=service.name,
                              value=str(service.get("pids_limit")))
        else:
            path, span, _ = service.where_nested(*LIMITS_PATH)
            yield ctx.finding(span, service.key(*LIMITS_PATH, "pids"), "missing", path=path, service=service.name)
