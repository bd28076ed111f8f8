"""Which services a compose reverse proxy sends requests to, from what the repository shows.

A web-server image (nginx, Caddy, httpd) is not always a reverse proxy: the same image serves a built
single-page app as static files while the browser calls the API on its own port. A proxy fronts a
service when:
- the service carries routing labels (`traefik.*`, `caddy`) or VIRTUAL_HOST, or the proxy discovers
  containers itself (Traefik's Docker provider exposes every container unless told
  `--providers.docker.exposedbydefault=false`; nginx-proxy, caddy-docker-proxy);
- its configuration can be read (files bind-mounted into it, or beside the Dockerfile it builds) and
  names the service as a host (`proxy_pass http://api:8000`, `server web1:5000`, `reverse_proxy app:3000`);
- no configuration can be read and its compose definition names the service (`depends_on`, `links`,
  an environment value or command word such as `API_ADDR=api:8000`).
Files are read only inside the repository root, a few small ones per proxy.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..lazyre import lazy

# images that route by container discovery rather than by a configuration file naming upstreams
_DISCOVERY = lazy(r"(^|/)(traefik|nginx-proxy|caddy-docker-proxy)$")
_ROUTING_LABEL = lazy(r"^(traefik\.|caddy(_\d+)?(\.|$))", re.I)
_ROUTING_ENV = ("VIRTUAL_HOST", "VIRTUAL_PORT")
# files that configure a proxy: nginx/httpd *.conf, templates, Caddyfile, haproxy.cfg, Traefik/Envoy YAML
_CONFIG_NAME = lazy(r"(\.(conf|cfg|template|ya?ml|toml)|^Caddyfile.*)$", re.I)
_MAX_FILES = 24
_MAX_BYTES = 256 * 1024


def fronts(proxy, service) -> bool:
    """Whether ``proxy`` (a service of the proxy category) routes requests to ``service``."""
    from .compose import image_repository

    if _routed_by_labels(service):
        return True
    if proxy.image and _DISCOVERY.search(image_repository(proxy.image)):
        # Traefik told to expose only labelled containers routes to none of the unlabelled ones
        return not any("exposedbydefault=false" in word.lower() for word in proxy.process_words())
    names = _host_names(service)
    texts = _config_texts(proxy)
    if texts:
        return any(_names_host(text, names) for text in texts) or _definition_names(proxy, names)
    return _definition_names(proxy, names) or _depends_on(proxy, names)


def _routed_by_labels(service) -> bool:
    labels = service.get("labels")
    keys = labels.keys() if isinstance(labels, dict) else \
        [str(item).split("=", 1)[0] for item in labels] if isinstance(labels, list) else []
    if any(_ROUTING_LABEL.match(str(k).strip()) for k in keys):
        return True
    return any(setting.name in _ROUTING_ENV for setting in service.environment())


def _host_names(service) -> set[str]:
    names = {service.name}
    for key in ("container_name", "hostname"):
        value = service.get(key)
        if isinstance(value, str) and value.strip():
            names.add(service.resolve(value).text.strip())
    return {n for n in names if n}


def _names_host(text: str, names: set[str]) -> bool:
    return any(re.search(r"(?<![\w.-])" + re.escape(name) + r"(?![\w-])", text) for name in names)


def _definition_names(proxy, names: set[str]) -> bool:
    """An environment value, a command word or a link of the proxy names the service."""
    words = [setting.value or "" for setting in proxy.environment()]
    words += proxy.process_words()
    links = proxy.get("links")
    if isinstance(links, list):
        words += [str(link).split(":", 1)[0] for link in links]
    return any(_names_host(str(word), names) for word in words)


def _depends_on(proxy, names: set[str]) -> bool:
    return any(name in names for name, *_ in proxy.depends_on())


def _config_texts(proxy) -> list[str]:
    """Configuration files of the proxy the repository holds: bind-mounted ones, and those beside the
    Dockerfile it builds (and in its conf.d/ or templates/ folder)."""
    root = proxy.config.model.root
    candidates: list[Path] = []
    for mount in proxy.mounts():
        if mount.type == "bind" and mount.source and "$" not in mount.source:
            candidates.append(Path(mount.source))
    build = proxy.build
    if build is not None:
        folder = build.dockerfile.parent
        candidates += [folder, folder / "conf.d", folder / "templates"]
    from ..files import Unreadable, read_text
    texts: list[str] = []
    for path in _config_files(candidates, root):
        try:  # the scanned tree's own reader: regular files inside the root, under the size cap, no FIFO
            texts.append(read_text(path, _MAX_BYTES, root)[0])
        except Unreadable:
            continue
    return texts


def _config_files(candidates: list[Path], root: Path) -> list[Path]:
    found: list[Path] = []
    for candidate in candidates:
        try:
            real = candidate.resolve()
        except (OSError, RuntimeError):
            continue
        if not (real == root or root in real.parents):
            continue  # outside the repository (or a symlink leaving it): not read
        if real.is_dir():
            try:
                entries = sorted(p for p in real.iterdir() if p.is_file() and _CONFIG_NAME.search(p.name))
            except OSError:
                continue
            found += [p for p in entries if p.resolve() == p or root in p.resolve().parents]
        elif real.is_file() and (_CONFIG_NAME.search(real.name) or real.suffix == ""):  # `./default` mounted as a site
            found.append(real)
        if len(found) >= _MAX_FILES:
            break
    return found[:_MAX_FILES]
