"""A production service should block privilege escalation even when it sets no security options at all.

## What it does
Reports a service with no `security_opt` key (in any of the files merged for it): nothing stops a
process in the container from gaining privileges through setuid binaries. The finding is at the
service key, where `security_opt: ["no-new-privileges:true"]` belongs. A service that writes
`security_opt` without the option is CMP010's finding, not this one.

## Why it matters in production
After a remote-code-execution bug, setuid programs in the image (`su`, `passwd`, `mount`, a
forgotten `sudo`) are the attacker's way back to root inside the container, and root is the
starting point of every container escape. `no-new-privileges` makes the kernel refuse the gain;
entrypoints that drop root with `gosu`/`su-exec` keep working.

## Example
```yaml path=docker-compose.yml
services:
  api:
    image: example/api:1.4
```

## Use instead
```yaml path=docker-compose.yml
services:
  api:
    image: example/api:1.4
    security_opt:
      - no-new-privileges:true
```

## References
- https://docs.docker.com/reference/cli/docker/container/run/#security-opt
- KICS "Security Opt Not Set", "No New Privileges Not Set"; Checkov CKV_DOCKER_* (compose)
"""
from linter.api import RuleMeta

META = RuleMeta(
    id="CMP023", name="compose-no-new-privileges-missing", kinds=("compose",), severity="note",
    checklist=("hardening.no-new-privileges",), cwe=(269,),
)
MESSAGES = {
    "missing": "service '{service}' sets no security_opt; add `security_opt: [\"no-new-privileges:true\"]` so "
               "setuid binaries cannot regain root",
}


def check(doc, ctx):
    for service in ctx.model.compose_services(doc):
        if service.complete and not service.has("security_opt"):
            yield ctx.finding(service.span, service.key("security_opt"), "missing", path=service.path,
                              service=service.name)
