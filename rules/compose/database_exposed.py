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

## Fix safety
Unsafe: the fix binds the published port to the loopback interface (`"5432:5432"` becomes
`"127.0.0.1:5432:5432"`, `0.0.0.0` becomes `127.0.0.1`, `[::]` becomes `[::1]`, a long-syntax entry gets
`host_ip: 127.0.0.1`), keeping the entry's quotes. Other machines then lose access to the port: a database
administered, replicated or backed up from another host over it stops working, so a reviewer must decide
(often the better change is to remove the mapping). Apply it with `--unsafe-fixes`. Ports whose host address
comes from a variable, and entries written in flow-style mappings, are left for a person.

## References
- https://docs.docker.com/engine/network/packet-filtering-firewalls/
- https://docs.docker.com/reference/compose-file/services/#ports
"""
import re

from linter.api import edits
from linter.api import Edit, RuleMeta
from linter.api import lazy

META = RuleMeta(
    id="CMP005", name="compose-database-exposed", kinds=("compose",), severity="error",
    checklist=("database.not-exposed",), cwe=(284,), fix="unsafe",
    peers=("kics:451d79dc-0588-476a-ad03-3c7f0320abb3",),
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
                                  service=service.name, family=service.family[0], port=shown,
                                  fix=_loopback_fix(service, port))


_ANY = lazy(r"^(?P<ip>0\.0\.0\.0|\[::\]|::|\*|)(?=:)")
_PLAIN_UNSAFE = lazy(r"^[\[\]{}!&*|>'\"%@`#,?-]|: | #|:$")


def _loopback_fix(service, port):
    entry = next(((layer, seq, i) for layer, seq, i in service.items("ports")
                  if layer.doc.rel == port.path and layer.doc.item_span(seq, i) == port.span), None)
    if entry is None:
        return None
    layer, seq, index = entry
    item, file = seq[index], layer.doc.file
    if isinstance(item, dict):
        return _long_syntax_fix(file, item)
    raw = str(item)
    if port.host_ip is None:
        if ":" in re.sub(r"\$\{[^}]*\}", "", raw):
            new = "127.0.0.1:" + raw  # HOST:CONTAINER, whatever the variables in it expand to
        elif "$" not in raw:
            new = "127.0.0.1::" + raw  # a container port alone: a random host port, on loopback now
        else:
            return None  # a variable may expand to a whole mapping
    else:
        m = _ANY.match(raw)
        if m is None:
            return None  # the address is written through a variable
        new = ("[::1]" if m.group("ip") == "[::]" else "::1" if m.group("ip") == "::" else "127.0.0.1") + raw[m.end():]
    try:
        line, col = seq.lc.item(index)
    except (AttributeError, KeyError, TypeError, IndexError):
        return None
    text = file.line_text(line + 1)[col:]
    quote = text[:1] if text[:1] in ("'", '"') else ""
    if not text[len(quote):].startswith(raw) or (quote and text[len(quote) + len(raw):][:1] != quote):
        return None  # not written verbatim on one line
    if not quote and _PLAIN_UNSAFE.search(new):
        new, quote = f'"{new}"', ""
    start = file.offset(line + 1, col + 1 + len(quote))
    return edits.fix("publish the port on 127.0.0.1 only", Edit(start, start + len(raw), new), safety="unsafe")


def _long_syntax_fix(file, item):
    if "host_ip" not in item:
        return edits.fix("publish the port on 127.0.0.1 only",
                         edits.yaml_insert_key(file, item, ["host_ip: 127.0.0.1"]), safety="unsafe")
    ip = item["host_ip"]
    if ip is None:
        return None
    try:
        line, col = item.lc.value("host_ip")
    except (AttributeError, KeyError, TypeError):
        return None
    raw = str(ip)
    text = file.line_text(line + 1)[col:]
    quote = text[:1] if text[:1] in ("'", '"') else ""
    if "$" in raw or not text[len(quote):].startswith(raw) or (quote and text[len(quote) + len(raw):][:1] != quote):
        return None
    start = file.offset(line + 1, col + 1 + len(quote))
    new = "::1" if raw.strip("[]") == "::" else "127.0.0.1"
    return edits.fix("publish the port on 127.0.0.1 only", Edit(start, start + len(raw), new), safety="unsafe")
