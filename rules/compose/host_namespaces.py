"""Compose services in production must not share the host's namespaces or cgroup.

## What it does
Reports `pid: host`, `ipc: host`, `uts: host`, `userns_mode: host`, `cgroup: host`, `network_mode: host`
and any `cgroup_parent` on a production service. Sharing with another container (`pid: "service:x"`,
`ipc: shareable`, `network_mode: "service:x"`) is not reported.

## Why it matters in production
Each of these takes down a wall between the container and the host: with the host PID namespace
the container sees and can signal every host process; with the host IPC namespace it reads shared
memory of host processes; with the host network it can bind any host port and reach services
listening on localhost only; a custom `cgroup_parent` escapes the limits Docker puts on containers.

## Example
```yaml path=docker-compose.yml
services:
  agent:
    image: example/agent:3.2
    pid: host
    network_mode: host
```

## Use instead
```yaml path=docker-compose.yml
services:
  agent:
    image: example/agent:3.2
    networks: [backend]
networks:
  backend: {}
```

## References
- https://docs.docker.com/reference/compose-file/services/#pid
- https://docs.docker.com/reference/compose-file/services/#network_mode
- https://docs.docker.com/reference/compose-file/services/#cgroup_parent
"""
from linter.api import RuleMeta

META = RuleMeta(
    id="CMP008", name="compose-host-namespaces", kinds=("compose",), severity="error",
    checklist=("hardening.host-isolation",), cwe=(653,),
    peers=("kics:4f31dd9f-2cc3-4751-9b53-67e4af83dac0", "kics:baa3890f-bed7-46f5-ab8f-1da8fc91c729",
           "kics:071a71ff-f868-47a4-ac0b-3c59e4ab5443", "kics:8af7162d-6c98-482f-868e-0d33fb675ca8",
           "kics:4d9f44c6-2f4a-4317-9bb5-267adbea0232"),
)
MESSAGES = {
    "namespace": "service '{service}' shares the host's {what} namespace (`{setting}: host`); remove it",
    "network-host": "service '{service}' uses the host's network stack (`network_mode: host`); use a compose "
                    "network and publish only the ports it serves",
    "cgroup-parent": "service '{service}' sets `cgroup_parent`, which moves it out of Docker's cgroup; remove it",
}
_NAMESPACES = {"pid": "process", "ipc": "IPC", "uts": "UTS", "userns_mode": "user", "cgroup": "cgroup"}


def check(doc, ctx):
    for service in ctx.model.compose_services(doc):
        for key, what in _NAMESPACES.items():
            if _value(service, key) == "host":
                path, span = service.where(key)
                yield ctx.finding(span, service.key(key), "namespace", path=path, service=service.name, what=what,
                                  setting=key)
        if _value(service, "network_mode") == "host":
            path, span = service.where("network_mode")
            yield ctx.finding(span, service.key("network_mode"), "network-host", path=path, service=service.name)
        if _value(service, "cgroup_parent"):
            path, span = service.where("cgroup_parent")
            yield ctx.finding(span, service.key("cgroup_parent"), "cgroup-parent", path=path, service=service.name)


def _value(service, key) -> str:
    value = service.get(key)
    return service.resolve(value).text.strip().lower() if value is not None else ""
