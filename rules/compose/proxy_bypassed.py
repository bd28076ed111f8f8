"""Behind a reverse proxy, the other services should not publish ports to the world.

## What it does
In a compose configuration where a reverse proxy or web server (nginx, Traefik, Caddy, HAProxy,
Envoy, Apache httpd; from the image, or the base image of the Dockerfile it builds) publishes
ports, reports every other service started with it (compose `profiles` considered) that publishes
a port on all host interfaces (no host IP, `0.0.0.0` or `::`), when the proxy routes to it. Databases,
caches, brokers and admin tools are left to CMP005 and CMP011.

A web-server image is not always a proxy in front of the others: nginx or Caddy serving a built
single-page app (`file_server`, an html folder) leaves the API's own port as the way browsers reach
it. So the proxy must route to the service: it discovers containers (Traefik, nginx-proxy,
caddy-docker-proxy) or the service has routing labels or VIRTUAL_HOST; else its configuration
(bind-mounted, or beside the Dockerfile it builds) names the service as a host; else, when no
configuration is in the repository, its compose definition names it (`depends_on`, `links`, an
environment value such as `UPSTREAM=api:8000`). UDP ports (media, DNS, QUIC relays) are not reported:
an HTTP proxy cannot carry them, so publishing them is the only way in; nor is a TCP port published beside
the same port in UDP (`${CALLS_PORT}:${CALLS_PORT}/udp` and `/tcp`: WebRTC, TURN and DNS answer on both,
and the TCP half is the same service's fallback, not an HTTP port the proxy could front).

KICS reports every port published without a host IP. prodlint does not on purpose: a service
that is the entry point (the only one publishing, or the proxy itself) is meant to be reached.

## Why it matters in production
The proxy is where TLS, security headers, request limits, rate limiting and access logs are.
An application port published beside it lets anyone skip all of that with
`http://server:8000/`, and the host firewall rarely helps: Docker inserts its own iptables rules
ahead of ufw/firewalld.

## Example
```yaml path=docker-compose.yml
services:
  proxy:
    image: nginx:1.27
    ports:
      - "443:443"
    depends_on: [api]
  api:
    image: example/api:2.3
    ports:
      - "8000:8000"
```

## Use instead
```yaml path=docker-compose.yml
services:
  proxy:
    image: nginx:1.27
    ports:
      - "443:443"
    depends_on: [api]
  api:
    image: example/api:2.3
    expose:
      - "8000"
```

## References
- https://docs.docker.com/engine/network/packet-filtering-firewalls/
- KICS "Container Traffic Not Bound To Host Interface"
"""
from linter.api import RuleMeta
from linter.api.compose import fronts

META = RuleMeta(
    id="CMP024", name="compose-proxy-bypassed", kinds=("compose",), severity="note",
    checklist=("hardening.exposed-ports",), cwe=(284,),
    peers=("kics:451d79dc-0588-476a-ad03-3c7f0320abb3",),
)
MESSAGES = {
    "bypass": "service '{service}' publishes {port} on all host interfaces beside the reverse proxy "
              "'{proxy}': clients can skip its TLS, headers and limits; drop the mapping (use `expose`) or "
              "bind it to 127.0.0.1",
}
_JUDGED_ELSEWHERE = ("proxy", "database", "cache", "search", "broker", "admin")


def check(doc, ctx):
    services = ctx.model.compose_services(doc)
    if not services:
        return
    proxies = [s for s in services[0].config.all_services() if s.is_category("proxy") and s.ports()]
    if not proxies:
        return
    for service in services:
        proxy = next((p for p in proxies if p.runs_with(service) and fronts(p, service)), None)
        if proxy is None or service.is_category(*_JUDGED_ELSEWHERE):
            continue
        ports = service.ports()
        udp = {(p.host, p.container) for p in ports if p.protocol == "udp"}
        for port in ports:
            if port.all_interfaces and port.protocol != "udp" and 22 not in port.container_ports() \
                    and (port.host, port.container) not in udp:
                shown = port.container[0] if port.container else "?"
                yield ctx.finding(port.span, service.key("ports", str(shown)), "bypass", path=port.path,
                                  service=service.name, proxy=proxy.name,
                                  port=f"port {shown}" if port.container else "a port set by a variable")
