"""Compose services in production must not run privileged or add dangerous capabilities.

## What it does
Reports `privileged: true` on a production service, and `cap_add` entries that hand the container
control over the host: `ALL`, `SYS_ADMIN`, `SYS_MODULE`, `SYS_PTRACE`, `SYS_RAWIO`,
`DAC_READ_SEARCH`, `NET_ADMIN`, `BPF`, `MAC_ADMIN` (with or without the `CAP_` prefix, any case).

## Why it matters in production
A privileged container has every capability, sees every host device and runs without the seccomp
and AppArmor profiles: root in it is root on the host, and one remote-code-execution bug in the
application becomes a host compromise. `SYS_ADMIN`, `SYS_MODULE`, `SYS_PTRACE` and the rest are
well-known container escapes on their own.

## Example
```yaml path=docker-compose.yml
services:
  api:
    image: example/api:1.4.2
    privileged: true
    cap_add:
      - SYS_ADMIN
```

## Use instead
```yaml path=docker-compose.yml
services:
  api:
    image: example/api:1.4.2
    cap_drop:
      - ALL
    cap_add:
      - NET_BIND_SERVICE
```

## References
- https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities
- https://man7.org/linux/man-pages/man7/capabilities.7.html
"""
from linter.api import RuleMeta

META = RuleMeta(
    id="CMP006", name="compose-privileged", kinds=("compose",), severity="error",
    checklist=("hardening.privileged", "docker.non-root"), cwe=(250,),
    peers=("semgrep:privileged-service", "kics:ae5b6871-7f45-42e0-bb4c-ab300c4d2026"),
)
MESSAGES = {
    "privileged": "service '{service}' runs privileged (all capabilities, all host devices, no seccomp); remove "
                  "`privileged: true` and add only the capabilities it needs",
    "capability": "service '{service}' adds capability {capability}, which lets the container take over the host; "
                  "remove it from cap_add",
}
DANGEROUS = {"ALL", "SYS_ADMIN", "SYS_MODULE", "SYS_PTRACE", "SYS_RAWIO", "DAC_READ_SEARCH", "NET_ADMIN", "BPF",
             "MAC_ADMIN"}


def check(doc, ctx):
    for service in ctx.model.compose_services(doc):
        if str(service.get("privileged", "")).strip().lower() == "true":
            path, span = service.where("privileged")
            yield ctx.finding(span, service.key("privileged"), "privileged", path=path, service=service.name)
        for layer, seq, index in service.items("cap_add"):
            cap = capability(seq[index])
            if cap in DANGEROUS:
                yield ctx.finding(layer.doc.item_span(seq, index), service.key("cap_add", cap), "capability",
                                  path=layer.doc.rel, service=service.name, capability=cap)


def capability(value) -> str:
    cap = str(value).strip().upper()
    return cap[4:] if cap.startswith("CAP_") else cap
