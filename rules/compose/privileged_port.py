"""Containers should listen on unprivileged ports; published host ports below 1024 are for the web entry point.

## What it does
Reports a `ports:` entry of a production service whose container port is below 1024 (the process
must run as root or hold `NET_BIND_SERVICE` to listen there), and one whose host port is below
1024 (CIS Docker Benchmark 5.8), except 80 and 443 published beyond the loopback interface: that is
the web entry point. Port 22 is left to CMP011. Ranges are checked as ranges.

## Why it matters in production
An image that listens on port 80 inside the container is an image that expects root; rebuilt to
listen on 8080 (for example `nginxinc/nginx-unprivileged`) it runs as any user, and the host can
still publish it as `80:8080`. Publishing other privileged host ports (25, 53, 67, ...) from a
container takes over a system service port of the host. Unlike KICS, prodlint accepts host ports
80 and 443 published for other machines: a reverse proxy must own them. Bound to 127.0.0.1 they
serve no one outside, so any unprivileged port does the same job.

## Example
```yaml path=docker-compose.yml
services:
  web:
    image: example/web:1.0
    ports:
      - "8080:80"
```

## Use instead
```yaml path=docker-compose.yml
services:
  web:
    image: example/web:1.0
    ports:
      - "80:8080"
```

## References
- https://www.cisecurity.org/benchmark/docker
- https://docs.docker.com/reference/compose-file/services/#ports
"""
from linter.api import RuleMeta

META = RuleMeta(
    id="CMP012", name="compose-privileged-port", kinds=("compose",), severity="note",
    checklist=("hardening.exposed-ports",), cwe=(250,),
)
MESSAGES = {
    "container-port": "service '{service}' listens on privileged port {port} inside the container; make it listen "
                      "on a port above 1023 and publish that (for example 80:8080)",
    "host-port": "service '{service}' publishes privileged host port {port}; use a host port above 1023 or put "
                 "it behind the reverse proxy",
}
_WEB = {80, 443}


def check(doc, ctx):
    for service in ctx.model.compose_services(doc):
        for port in service.ports():
            low = [p for p in port.container_ports() if p < 1024 and p != 22]
            if low and 22 not in port.container_ports():
                yield ctx.finding(port.span, service.key("ports", str(low[0])), "container-port", path=port.path,
                                  service=service.name, port=low[0])
                continue
            loopback = (port.host_ip or "").strip("[]").startswith(("127.", "::1", "localhost"))
            host = [p for p in port.host_ports() if p < 1024 and (loopback or p not in _WEB)]
            if host and 22 not in port.container_ports():
                yield ctx.finding(port.span, service.key("ports", "host", str(host[0])), "host-port",
                                  path=port.path, service=service.name, port=host[0])
