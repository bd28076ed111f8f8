"""Compose services in production must not mount the Docker socket.

## What it does
Reports a production service that bind-mounts the container engine's API socket:
`/var/run/docker.sock`, `/run/docker.sock`, the containerd and Podman sockets, or their
parent directory `/var/run`/`/run` as a whole. Read-only (`:ro`) mounts are reported too, and so is a
mount whose host path the deployment supplies (`${DOCKER_SOCKET_PATH}:/tmp/docker.sock`) when the container
path is an engine socket.

## Why it matters in production
Whoever can talk to the Docker API is root on the host: one request starts a privileged container
with the host's `/` mounted. `:ro` does not help, it only stops the socket file from being
replaced, not the API from being used. A reverse proxy or dashboard compromised through this
mount hands over the whole machine. Use a socket proxy that allows only the read calls needed
(or a rootless engine) if a service must see containers.

## Example
```yaml path=docker-compose.yml
services:
  proxy:
    image: example/proxy:2.1
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
```

## Use instead
```yaml path=docker-compose.yml
services:
  proxy:
    image: example/proxy:2.1
    environment:
      DOCKER_HOST: tcp://socket-proxy:2375
```

## References
- https://docs.docker.com/engine/security/#docker-daemon-attack-surface
- https://owasp.org/www-project-docker-top-10/
"""
import posixpath

from linter.api import RuleMeta

META = RuleMeta(
    id="CMP009", name="compose-docker-socket", kinds=("compose",), severity="error",
    checklist=("hardening.host-isolation", "docker.non-root"), cwe=(250,),
    peers=("semgrep:exposing-docker-socket-volume", "kics:d6355c88-1e8d-49e9-b2f2-f8a1ca12c75b"),
)
MESSAGES = {
    "socket": "service '{service}' mounts the container engine socket {source}, which gives root on the host; "
              "remove the mount or put a restricted socket proxy in front of it",
}
SOCKETS = {"/var/run/docker.sock", "/run/docker.sock", "/var/run/containerd/containerd.sock",
           "/run/containerd/containerd.sock", "/run/podman/podman.sock", "/var/run/podman/podman.sock",
           "/var/run", "/run"}
_SOCKET_NAMES = {"docker.sock", "containerd.sock", "podman.sock"}


def check(doc, ctx):
    for service in ctx.model.compose_services(doc):
        for mount in service.mounts():
            source = mount.written_source
            target = posixpath.normpath(mount.target) if mount.target else ""
            if (not source or "$" in source) and posixpath.basename(target) in _SOCKET_NAMES:
                # `${DOCKER_SOCKET_PATH}:/tmp/docker.sock`: the host path comes from the deployment, and the
                # container sees the engine's API socket where the mount puts it
                yield ctx.finding(mount.span, service.key("volumes", target), "socket", path=mount.path,
                                  service=service.name, source=f"(a deployment-supplied path) at {target}")
                continue
            if mount.type != "bind" or not source or not source.startswith("/"):
                continue
            source = posixpath.normpath(source)
            if source in SOCKETS or source.endswith("/docker.sock"):
                yield ctx.finding(mount.span, service.key("volumes", source), "socket", path=mount.path,
                                  service=service.name, source=source)
