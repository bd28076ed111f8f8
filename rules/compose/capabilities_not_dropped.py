"""Compose services that add capabilities should drop all the others first.

## What it does
Reports a production service with `cap_add` whose `cap_drop` does not include `ALL`. The finding is
at `cap_drop` when it is written, otherwise at the service key (where `cap_drop: [ALL]` belongs).
Services that add nothing keep Docker's default set and are not reported (KICS asks for `cap_drop`
on every service; prodlint keeps that demand for services that already touch capabilities).

## Why it matters in production
A service that needs one extra capability has been looked at closely enough to know what it needs;
dropping everything else (`CHOWN`, `DAC_OVERRIDE`, `SETUID`, `NET_RAW`, ...) costs nothing and takes
away what an attacker would use after a remote-code-execution bug.

## Example
```yaml path=docker-compose.yml
services:
  proxy:
    image: example/proxy:2.1
    cap_add:
      - NET_BIND_SERVICE
```

## Use instead
```yaml path=docker-compose.yml
services:
  proxy:
    image: example/proxy:2.1
    cap_drop:
      - ALL
    cap_add:
      - NET_BIND_SERVICE
```

## References
- https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities
"""
from linter.api import RuleMeta

META = RuleMeta(
    id="CMP020", name="compose-capabilities-not-dropped", kinds=("compose",), severity="note",
    checklist=("hardening.privileged",), cwe=(250,),
    peers=("kics:ce76b7d0-9e77-464d-b86f-c5c48e03e22d",),
)
MESSAGES = {
    "no-drop": "service '{service}' adds capabilities but keeps Docker's default set; add `cap_drop: [ALL]` and "
               "add back only what it needs",
}


def check(doc, ctx):
    for service in ctx.model.compose_services(doc):
        added = service.get("cap_add")
        if not isinstance(added, list) or not added:
            continue
        dropped = service.get("cap_drop")
        if isinstance(dropped, list) and any(str(c).strip().upper() in ("ALL", "CAP_ALL") for c in dropped):
            continue
        if service.has("cap_drop"):
            path, span = service.where("cap_drop")
        elif service.complete:
            path, span = service.path, service.span
        else:
            continue
        yield ctx.finding(span, service.key("cap_drop"), "no-drop", path=path, service=service.name)
