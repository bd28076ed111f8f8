"""The shipped image should tell Docker how to check that it is healthy.

## What it does
Judges the stage that ships (the compose `target`, else the final stage). It reports `HEALTHCHECK NONE`,
which switches off a check the base image defines, and a shipped stage with no `HEALTHCHECK` at all
(inherited through `FROM <stage>` counts, and so does one the repository's own base image ends with, when
the stage starts FROM the name its build commands give that image). It stays quiet about a missing `HEALTHCHECK` when every
production compose service that runs the image defines its own `healthcheck:`, since compose then provides
one. This is a note: an image can also be checked by its orchestrator.

A Dockerfile that builds a base image for the repository's other Dockerfiles (they start FROM the name
its build commands give it, or `FROM ${REPO}/base` beside `base/Dockerfile`) runs no container: it is
left to the images built on it.

## Why it matters in production
Without a health check Docker only knows whether the process exists. A server that deadlocks, loses its
database or stops answering stays "running": `depends_on: condition: service_healthy` cannot wait for it,
and Swarm or a restart policy never replaces it.

## Example
```dockerfile path=Dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
USER node
CMD ["node", "server.js"]
```

## Use instead
```dockerfile path=Dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
USER node
HEALTHCHECK --interval=30s --timeout=3s CMD wget -qO- http://127.0.0.1:3000/health || exit 1
CMD ["node", "server.js"]
```

## References
- https://docs.docker.com/reference/dockerfile/#healthcheck
"""
from linter.api import RuleMeta
from linter.api.dockerfile import own_effective, running

META = RuleMeta(
    id="DKF007", name="dockerfile-healthcheck", kinds=("dockerfile",), severity="note",
    checklist=("docker.healthchecks",), security=False,
    peers=("hadolint:DL3057", "checkov:CKV_DOCKER_2", "kics:b03a748a-542d-44f4-bb86-9199ab4fd2d5"),
)
MESSAGES = {
    "missing": "the shipped stage '{stage}' has no HEALTHCHECK; add one that probes the service "
               "(or define healthcheck: in the compose service)",
    "disabled": "HEALTHCHECK NONE turns off the image's health check; remove it and probe the service instead",
}


def check(doc, ctx):
    for stage, services in running(doc, ctx.model):
        if services and all(_compose_checks(s) for s in services):
            continue
        hc = own_effective(doc, stage, "HEALTHCHECK", ctx.model)
        key = f"stage.{stage.label}.HEALTHCHECK"
        if hc is None:
            yield ctx.finding(stage.from_instruction.span, key, "missing", stage=stage.label)
        elif hc.body.strip().upper().startswith("NONE"):
            yield ctx.finding(hc.span, key, "disabled")


def _compose_checks(service):
    hc = service.get("healthcheck")
    if not isinstance(hc, dict):
        return False
    test = hc.get("test")
    disabled = hc.get("disable") in (True, "true") or (isinstance(test, list) and test[:1] == ["NONE"]) or \
        test == "NONE"
    return not disabled
