"""A volume should be writable by one service only.

## What it does
Reports each read-write mount of a named volume or host directory that another service of the
same compose configuration, started with it (compose `profiles` considered), also mounts read-write. Volumes holding a database's data (CMP021),
the Docker socket (CMP009) and host system directories (CMP021) have their own rules. A mount
that one side makes read-only (`:ro`, `read_only: true`) is the safe way to share and is not
reported, nor are services that run the same image or build the same Dockerfile (the web, worker and
scheduler roles of one application share its files by design); KICS reports every shared volume.

## Why it matters in production
A writable volume shared by two containers is a path from one to the other: whoever compromises
the web server can rewrite the code, templates or uploads the application then executes or
serves, and a bug in one service can corrupt the other's files. Sharing also couples their
deploys (file ownership, migrations of the layout).

## Example
```yaml path=docker-compose.yml
services:
  app:
    image: example/app:3.1
    volumes:
      - uploads:/app/uploads
  scanner:
    image: example/scanner:1.2
    volumes:
      - uploads:/data
volumes:
  uploads:
```

## Use instead
```yaml path=docker-compose.yml
services:
  app:
    image: example/app:3.1
    volumes:
      - uploads:/app/uploads
  scanner:
    image: example/scanner:1.2
    volumes:
      - uploads:/data:ro
volumes:
  uploads:
```

## References
- KICS "Shared Volumes Between Containers"
- https://docs.docker.com/reference/compose-file/services/#volumes
"""
import posixpath

from linter.api import RuleMeta

META = RuleMeta(
    id="CMP025", name="compose-shared-volume", kinds=("compose",), severity="note",
    checklist=("hardening.host-isolation",), cwe=(653,),
    peers=("kics:8c978947-0ff6-485c-b0c2-0bfca6026466", "kics:baa452f0-1f21-4a25-ace5-844e7a5f410d"),
)
MESSAGES = {
    "shared": "service '{service}' mounts {what} read-write, and so does '{other}'; give each service its own "
              "volume or mount it read-only (`:ro`) where the service only reads",
}
_DATA_STORES = ("database", "cache", "search")
_SYSTEM = ("/etc", "/proc", "/sys", "/dev", "/boot", "/root", "/run", "/var", "/usr", "/bin", "/sbin", "/lib")


def _source(mount) -> str | None:
    if mount.read_only or not mount.source:
        return None
    if mount.type == "volume":
        return f"volume:{mount.source}"
    if mount.type == "bind":
        written = posixpath.normpath(mount.written_source or mount.source)
        if written.endswith(".sock") or written == "/" or any(
                written == d or written.startswith(d + "/") for d in _SYSTEM):
            return None  # the socket and system directories have their own rules
        return f"bind:{mount.source}"
    return None


def _kind(service) -> tuple:
    """What decides whether two services share software and start together; a service with neither a build nor
    an image is a kind of its own."""
    build = service.build
    if build is None and service.image is None:
        return ("service", service.name)
    return (build.dockerfile if build is not None else None, service.image, service.profiles)


def check(doc, ctx):
    services = ctx.model.compose_services(doc)
    if not services:
        return
    everyone = services[0].config.all_services()
    data_volumes = {f"volume:{m.source}" for s in everyone if s.is_category(*_DATA_STORES)
                    for m in s.mounts() if m.type == "volume"}
    # One writer per kind of service and source: services alike in what they run and when they start answer
    # alike below, so a file of thousands of replicas sharing one folder costs what a handful does.
    writers: dict[str, dict] = {}
    for service in everyone:
        for source in {_source(m) for m in service.mounts()} - {None}:
            writers.setdefault(source, {}).setdefault(_kind(service), service)
    for service in services:
        for mount in service.mounts():
            source = _source(mount)
            if source is None or source in data_volumes:
                continue
            # the first writer is the one named: stopping there keeps a folder thousands of services share linear
            other = next((s for s in writers.get(source, {}).values() if s.name != service.name
                          and s.runs_with(service) and not s.same_software(service)), None)
            if other is None:
                continue
            what = f"volume '{mount.source}'" if mount.type == "volume" else \
                f"host directory {mount.written_source or mount.source}"
            # the key names the source as written: a resolved host path would change with the checkout's location
            named = mount.source if mount.type == "volume" else (mount.written_source or mount.source)
            yield ctx.finding(mount.span, service.key("volumes", named), "shared",
                              path=mount.path, service=service.name, what=what, other=other.name)
