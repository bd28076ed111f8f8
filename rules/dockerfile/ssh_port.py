"""The shipped image must not expose SSH (port 22).

## What it does
Reports `EXPOSE 22` (also `22/tcp` and port ranges that include 22) in the stage that ships (the compose
`target`, else the final stage) or a stage it is built `FROM`.

A Dockerfile that builds a base image for the repository's other Dockerfiles (they start FROM the name
its build commands give it, or `FROM ${REPO}/base` beside `base/Dockerfile`) runs no container: it is
left to the images built on it.

## Why it matters in production
An SSH server in a container is a second way in, with its own keys and passwords to leak and its own
vulnerabilities, that bypasses the orchestrator's access control and logs. Use `docker exec` (or your
platform's equivalent) to get into a container.

## Example
```dockerfile path=Dockerfile
FROM debian:bookworm-slim
EXPOSE 22 8080
```

## Use instead
```dockerfile path=Dockerfile
FROM debian:bookworm-slim
EXPOSE 8080
```

## References
- https://docs.docker.com/reference/dockerfile/#expose
"""
from linter.api import RuleMeta
from linter.api.dockerfile import running

META = RuleMeta(
    id="DKF023", name="dockerfile-ssh-port", kinds=("dockerfile",), severity="warning",
    checklist=("hardening.exposed-ports",),
    peers=("checkov:CKV_DOCKER_1", "kics:5907595b-5b6d-4142-b173-dbb0e73fbff8"),
)
MESSAGES = {"ssh": "EXPOSE {port} exposes SSH; remove it and use docker exec to reach the container"}


def check(doc, ctx):
    for stage, _services in running(doc, ctx.model):
        for ins in stage.inherited("EXPOSE"):
            for word in ins.words():
                port, _, proto = word.partition("/")
                if proto.lower() not in ("", "tcp"):
                    continue
                low, _, high = port.partition("-")
                if low.isdigit() and (int(low) == 22 or (high.isdigit() and int(low) <= 22 <= int(high))):
                    yield ctx.finding(ins.span, f"stage.{stage.label}.EXPOSE.22", "ssh", port=word)
                    break
