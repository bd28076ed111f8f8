"""How compose files name the other files of a repository: the Dockerfiles their services build, the host
paths they bind-mount and the compose and env files an `include:` pulls in, read from the raw YAML (no
interpolation, so anything written through a variable names nothing)."""
from __future__ import annotations

import posixpath


def norm(path: str) -> str:
    path = posixpath.normpath(path)
    return "" if path == "." else path


def services_of(root: dict) -> list[dict]:
    services = root.get("services")
    return [n for n in services.values() if isinstance(n, dict)] if isinstance(services, dict) else []


def build_of(directory: str, node: dict) -> tuple[str, str, str] | None:
    """(context, Dockerfile rel, target) a service builds, when written without variables or URLs."""
    build = node.get("build")
    if not isinstance(build, (str, dict)):
        return None
    context = build if isinstance(build, str) else str(build.get("context", "."))
    dockerfile = "Dockerfile" if isinstance(build, str) else str(build.get("dockerfile", "Dockerfile"))
    target = "" if isinstance(build, str) else str(build.get("target") or "")
    if "://" in context or "$" in context + dockerfile:
        return None
    context = norm(posixpath.join(directory, context))
    return context, norm(posixpath.join(context, dockerfile)), target


def bind_sources(volumes, modes: bool = False) -> list[tuple]:
    """(host path, container path) a service bind-mounts (`./nginx.conf:/etc/nginx/nginx.conf:ro`, long syntax
    `type: bind`), relative host paths only: a named volume or an absolute host path is no repository file.
    ``modes``: (host path, container path, whether the container may write to it)."""
    out = []
    for entry in volumes if isinstance(volumes, list) else ():
        if isinstance(entry, str):
            source, _, rest = entry.partition(":") if ":" in entry else ("", "", "")
            target, _, options = rest.partition(":")
            writable = "ro" not in options.split(",")
        elif isinstance(entry, dict) and entry.get("type") in (None, "bind"):
            source, target = str(entry.get("source") or ""), str(entry.get("target") or "")
            writable = entry.get("read_only") not in (True, "true")
        else:
            continue
        if source.startswith(".") and "$" not in source:
            out.append((source, target, writable) if modes else (source, target))
    return out


# Folders whose every file of a kind the server reads, so a folder mounted there names each of them: the official
# nginx image renders every `*.template` of /etc/nginx/templates into conf.d at start, and its nginx.conf
# includes every /etc/nginx/conf.d/*.conf
READ_WHOLE = {"/etc/nginx/templates": ".template", "/etc/nginx/conf.d": ".conf"}


def read_whole(target: str, rel: str) -> bool:
    """A file mounted with its folder at ``target`` is one the server reads, as surely as if it were mounted alone."""
    suffix = READ_WHOLE.get(posixpath.normpath(target) if target else "")
    return suffix is not None and rel.endswith(suffix)


def service_command(node) -> str:
    """A compose service's command and entrypoint as one text (either may be a string or a list)."""
    parts = []
    for key in ("entrypoint", "command"):
        value = node.get(key) if isinstance(node, dict) else None
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, list):
            parts.extend(str(v) for v in value if isinstance(v, (str, int)))
    return " ".join(parts)[:_MAX_COMMAND]


_MAX_COMMAND = 1 << 14  # a command longer than this is read no further (real ones are a few lines)


def names_file(command: str, rel: str) -> bool:
    """Whether a service's command names this file of a folder it mounts: the folder carries several, and the
    command picks the one the server reads (`/tmp/run-nginx.sh app.conf.template.prod`, `nginx -c
    /etc/nginx/site.conf`). The file's name as a whole word: `app.conf.template` is not named by
    `app.conf.template.prod`."""
    name = rel.rsplit("/", 1)[-1]
    if not command or len(name) < 3:
        return False
    start = command.find(name)
    while start != -1:
        before = command[start - 1] if start else " "
        after = command[start + len(name):start + len(name) + 1]
        if not (before.isalnum() or before in "._-") and not (after and (after.isalnum() or after in "._-")):
            return True
        start = command.find(name, start + 1)
    return False


def include_links(entries) -> list[tuple[str, str]]:
    """(path, "include"|"env_file") for the files a compose `include:` list names: the included compose
    files and the env files they are interpolated with."""
    out = []
    for entry in entries if isinstance(entries, list) else ():
        paths = entry.get("path") if isinstance(entry, dict) else entry
        for path in [paths] if isinstance(paths, str) else paths if isinstance(paths, list) else ():
            if isinstance(path, str) and "$" not in path and "://" not in path:
                out.append((path, "include"))
        env = entry.get("env_file") if isinstance(entry, dict) else None
        for path in [env] if isinstance(env, str) else env if isinstance(env, list) else ():
            if isinstance(path, str) and "$" not in path:
                out.append((path, "env_file"))
    return out


# Folders nginx builds read their configuration from (the distributions' packages, the official and OpenResty
# images, Bitnami's, a source build's prefix): an nginx file copied anywhere else is read only where named
NGINX_CONFIG_ROOTS = ("/etc/nginx/", "/usr/local/nginx/", "/usr/local/openresty/", "/etc/openresty/",
                      "/opt/bitnami/nginx/", "/usr/local/etc/nginx/", "/etc/angie/")


def copy_landing(workdir: str | None, destination: str) -> str | None:
    """Where a COPY destination (or a WORKDIR) lands in the image: absolute as written, else under the
    working folder when that is known; None when it is not, or when a variable writes it."""
    if not destination or "$" in destination:
        return None
    if destination.startswith("/"):
        return posixpath.normpath(destination)
    return posixpath.normpath(posixpath.join(workdir, destination)) if workdir else None
