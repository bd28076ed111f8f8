"""Database, cache and search services must not publish ports on every host interface.

## What it does
Reports a `ports:` entry of a production database, cache or search service (PostgreSQL, MySQL,
MariaDB, MongoDB, SQL Server, Redis and its forks, Memcached, Elasticsearch/OpenSearch, and
similar) that publishes on all host interfaces: no host IP, `0.0.0.0` or `::`. A port given alone
(`"5432"`) counts too: compose publishes it on a random host port on every interface. The software
is recognised from the image, from the base image of the Dockerfile the service builds, or from a
service name such as `postgres` or `redis`.

## Why it matters in production
Docker writes its own iptables rules, so a published port is reachable from the internet even when
the host firewall (ufw, firewalld) says otherwise. Open databases and caches are scanned for within
minutes; an unauthenticated Redis or a default-password database is taken over. The application
reaches the database over the compose network and needs no published port at all.

## Example
```yaml path=docker-compose.yml
services:
  db:
    image: postgres:16
    ports:
      - "5432:5432"
```

## Use instead
```yaml path=docker-compose.yml
services:
  db:
    image: postgres:16
    ports:
      - "127.0.0.1:5432:5432"
```

## References
- https://docs.docker.com/engine/network/packet-filtering-firewalls/
- https://docs.docker.com/reference/compose-file/services/#ports
"""
from linter.api import RuleMeta

META = RuleMeta(
    id="CMP005", name="compose-database-exposed", kinds=("compose",), severity="error",
    checklist=("database.not-exposed",), cwe=(284,),
)
MESSAGES = {
    "exposed": "service '{service}' ({family}) publishes port {port} on all host interfaces; remove the mapping "
               "(services reach it over the compose network) or bind it to 127.0.0.1",
}


def check(doc, ctx):
    for service in ctx.model.compose_services(doc):
        if not service.is_category("database", "cache", "search"):
            continue
        for port in service.ports():
            if port.all_interfaces:
                shown = port.container[0] if port.container else "?"
                yield ctx.finding(port.span, service.key("ports", str(shown)), "exposed", path=port.path,
                                  service=service.name, family=service.family[0], port=shown)
