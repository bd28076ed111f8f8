"""Compose services in production must not mount sensitive host directories or propagate mounts.

## What it does
Reports, on production services, bind mounts of host system directories (`/`, `/etc`, `/proc`,
`/sys`, `/dev`, `/boot`, `/root`, `/run`, `/var`, `/usr`, `/bin`, `/sbin`, `/lib`, `/home`, and
anything below them except a user's home sub-folders; `/etc/localtime` and `/etc/timezone` are
allowed, and so are the host's certificate stores, `/etc/letsencrypt`, `/etc/ssl`, `/etc/pki` and
`/etc/ca-certificates`, mounted read-only: that is how a TLS proxy gets the certificates certbot renews
on the host, and a read-only mount cannot change them or the renewal hooks host certbot runs as root), and bind mounts with `shared`, `rshared`, `slave` or `rslave` propagation. Top-level
named volumes whose driver options bind such a directory (`o: bind` + `device:`, or a
`mountpoint:`) are reported where the path is written. A named volume that holds a database's,
cache's or search engine's data and is also mounted read-write by an unrelated service is reported
at that service's mount. The Docker socket has its own rule (CMP009). An anonymous volume
(`- /var/lib/app/data`, one path only) is not a host directory and is not reported, unlike KICS.

## Why it matters in production
A container that can write `/etc` or `/root` of the host can add a user or an SSH key there;
`/proc` and `/sys` expose kernel knobs and other processes; `/var` holds the host's logs, package
state and Docker's own data. Shared or slave propagation ties the container's mount table to the
host's, so mounts made on one side appear on the other. A service that can write a database's
data files can corrupt or read it without any credentials.

## Example
```yaml path=docker-compose.yml
services:
  backup:
    image: example/backup:1.0
    volumes:
      - /etc:/host-etc
      - type: bind
        source: ./data
        target: /data
        bind:
          propagation: rshared
```

## Use instead
```yaml path=docker-compose.yml
services:
  backup:
    image: example/backup:1.0
    volumes:
      - /etc/localtime:/etc/localtime:ro
      - backup-data:/data
volumes:
  backup-data: {}
```

## References
- https://docs.docker.com/engine/storage/bind-mounts/#configure-bind-propagation
- https://docs.docker.com/reference/compose-file/volumes/
"""
import posixpath

from linter.api import RuleMeta
from linter.api.compose import host_path_volumes

META = RuleMeta(
    id="CMP021", name="compose-host-mounts", kinds=("compose",), severity="warning",
    checklist=("hardening.host-isolation",), cwe=(653,),
    peers=("kics:1c1325ff-831d-43a1-973e-839ae57dfcc0", "kics:8c978947-0ff6-485c-b0c2-0bfca6026466",
           "kics:baa452f0-1f21-4a25-ace5-844e7a5f410d"),
)
MESSAGES = {
    "sensitive": "service '{service}' mounts the host directory {source}; mount only the application's own "
                 "data (a named volume or a dedicated directory)",
    "propagation": "service '{service}' mounts {target} with `{propagation}` propagation, which shares mounts "
                   "with the host; use the default (rprivate)",
    "shared-data": "service '{service}' mounts volume '{volume}', which holds the data of {owner} ({family}), "
                   "read-write; give it its own volume or mount it read-only",
    "volume-device": "volume '{volume}' binds the host directory {source}; point it at a dedicated data "
                     "directory",
}
_SUBTREES = ("/etc", "/proc", "/sys", "/dev", "/boot", "/root", "/run", "/var", "/usr", "/bin", "/sbin", "/lib",
             "/lib64")
_EXACT = ("/", "/home")
_ALLOWED = ("/etc/localtime", "/etc/timezone", "/usr/share/zoneinfo")
# certificate stores a TLS terminator reads; written to, /etc/letsencrypt/renewal-hooks runs as root on the host
_CERT_STORES = ("/etc/letsencrypt", "/etc/ssl", "/etc/pki", "/etc/ca-certificates")
_SOCKETS = ("/var/run", "/run")  # reported by CMP009 with the socket files themselves


def sensitive(path: str) -> bool:
    path = posixpath.normpath(path)
    if path.endswith(".sock") or path in _SOCKETS or path in _ALLOWED or any(
            path.startswith(a + "/") for a in _ALLOWED):
        return False
    return path in _EXACT or any(path == d or path.startswith(d + "/") for d in _SUBTREES)


def _under(path: str, roots) -> bool:
    path = posixpath.normpath(path)
    return any(path == r or path.startswith(r + "/") for r in roots)


def check(doc, ctx):
    services = ctx.model.compose_services(doc)
    for service in services:
        for mount in service.mounts():
            source = mount.written_source
            if mount.type == "bind" and source and source.startswith("/") and sensitive(source) and not (
                    mount.read_only and _under(source, _CERT_STORES)):
                yield ctx.finding(mount.span, service.key("volumes", posixpath.normpath(source)), "sensitive",
                                  path=mount.path, service=service.name, source=posixpath.normpath(source))
            if mount.propagation in ("shared", "rshared", "slave", "rslave"):
                yield ctx.finding(mount.options_span or mount.span, service.key("volumes", str(mount.target),
                                                                                "propagation"),
                                  "propagation", path=mount.path, service=service.name, target=mount.target,
                                  propagation=mount.propagation)
    yield from _shared_data(ctx, services)
    for volume in host_path_volumes(doc):
        if sensitive(volume.host_path):
            yield ctx.finding(volume.span, f"volumes.{volume.name}.driver_opts", "volume-device",
                              volume=volume.name, source=posixpath.normpath(volume.host_path))


def _shared_data(ctx, services):
    owners = {}
    for service in services:
        if service.is_category("database", "cache", "search"):
            for mount in service.mounts():
                if mount.type == "volume" and mount.source:
                    owners.setdefault(mount.source, service)
    for service in services:
        for mount in service.mounts():
            owner = owners.get(mount.source) if mount.type == "volume" else None
            if owner is None or owner is service or mount.read_only or service.family == owner.family:
                continue
            yield ctx.finding(mount.span, service.key("volumes", mount.source), "shared-data", path=mount.path,
                              service=service.name, volume=mount.source, owner=owner.name, family=owner.family[0])
