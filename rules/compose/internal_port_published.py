"""Internal services must not publish ports on every host interface, and SSH must not be published.

## What it does
Reports a `ports:` entry published on all host interfaces (no host IP, `0.0.0.0`, `::`) by a
production service that only other containers or operators should reach: message brokers
(RabbitMQ, Kafka, ZooKeeper, NATS, ActiveMQ, beanstalkd) and database admin consoles (Adminer,
phpMyAdmin, pgAdmin, mongo-express, Redis Commander/Insight). Also reports any published container
port 22, whatever the host IP. Databases, caches and search engines have their own rule (CMP005);
application and proxy services are expected to publish their ports.

## Why it matters in production
Docker's iptables rules bypass the host firewall, so a published port is open to the internet.
Broker management APIs and database consoles ship with default credentials and are scanned for
constantly; an SSH server inside a container is a second way in that nobody patches.

## Example
```yaml path=docker-compose.yml
services:
  queue:
    image: rabbitmq:3.13-management
    ports:
      - "15672:15672"
```

## Use instead
```yaml path=docker-compose.yml
services:
  queue:
    image: rabbitmq:3.13-management
    ports:
      - "127.0.0.1:15672:15672"
```

## References
- https://docs.docker.com/engine/network/packet-filtering-firewalls/
"""
from linter.api import RuleMeta

META = RuleMeta(
    id="CMP011", name="compose-internal-port-published", kinds=("compose",), severity="warning",
    checklist=("hardening.exposed-ports",), cwe=(284,),
    peers=("kics:451d79dc-0588-476a-ad03-3c7f0320abb3",),
)
MESSAGES = {
    "internal": "service '{service}' ({family}) publishes port {port} on all host interfaces; bind it to "
                "127.0.0.1 or reach it over the compose network only",
    "ssh": "service '{service}' publishes SSH (container port 22); remove it and use `docker compose exec`",
}


def check(doc, ctx):
    for service in ctx.model.compose_services(doc):
        internal = service.is_category("broker", "admin")
        for port in service.ports():
            shown = port.container[0] if port.container else "?"
            if 22 in port.container_ports():
                yield ctx.finding(port.span, service.key("ports", "22"), "ssh", path=port.path,
                                  service=service.name)
            elif internal and port.all_interfaces:
                yield ctx.finding(port.span, service.key("ports", str(shown)), "internal", path=port.path,
                                  service=service.name, family=service.family[0], port=shown)
