"""What a Traefik front proxy does for the app behind it, from the repository's production compose files (labels
and the proxy's command flags) and Traefik files (``traefik.yml``, ``traefik/dynamic.toml``): the front-proxy facts
the Python backend rules weigh before reporting a safeguard missing in the app (linter.model.python's ``nginx()``).

Traefik spells one setting the same way in every form it reads (``--entrypoints.web.http.redirections.entrypoint.to``,
a ``traefik.http.middlewares.x.headers.stsseconds`` label, ``stsSeconds:`` in YAML, ``stsSeconds =`` in TOML;
https://doc.traefik.io/traefik/middlewares/http/headers/), so the facts are read from those names in the text,
case-insensitively, with commented lines left out: no parser of all four forms exists, and a setting's name is
what decides the fact.
"""
from __future__ import annotations

import re

from ..lazyre import lazy

# bounded gaps: each pattern stays linear on a hostile file
_REDIRECT = (lazy(r"redirections\b.{0,200}?\bentry_?points?\b.{0,100}?\b(to|scheme)\b\s{0,5}[:=]", re.I | re.S),
             lazy(r"redirect_?scheme\b.{0,100}?\bscheme\b\s{0,5}[:=]\s{0,5}[\"']?https\b", re.I | re.S))
_FACTS = {
    "hsts": lazy(r"\bsts_?seconds\b\s{0,5}[:=]\s{0,5}[\"']?[1-9]|strict-transport-security", re.I),
    "frame": lazy(r"\bframe_?deny\b\s{0,5}[:=]\s{0,5}[\"']?true|custom_?frame_?options_?value|x-frame-options", re.I),
    "nosniff": lazy(r"\bcontent_?type_?nosniff\b\s{0,5}[:=]\s{0,5}[\"']?true|x-content-type-options", re.I),
    "csp": lazy(r"\bcontent_?security_?policy\b\s{0,5}[:=]|content-security-policy", re.I),
    "body_limit": lazy(r"\bmax_?request_?body_?bytes\b\s{0,5}[:=]\s{0,5}[\"']?[1-9]", re.I),
    "limit_req": lazy(r"\.ratelimit\.|^\s{0,40}rate_?limit\s{0,5}[:=\]]|\.ratelimit\]", re.I | re.M),
    "gzip": lazy(r"\.compress\b|^\s{0,40}compress\s{0,5}[:=\]]", re.I | re.M),
    # an empty X-Powered-By response header removes it (labels `...customresponseheaders.X-Powered-By=`)
    "powered_by": lazy(r"x-powered-by\s{0,5}(=[ \t]*$|[:=][ \t]{0,5}(\"\"|''))", re.I | re.M),
}
_TRAEFIK = lazy(r"traefik", re.I)
TEXTS_READ = 24


def project_traefik_facts(project) -> dict[str, bool]:
    """traefik_facts of the production compose files and Traefik files of the repository."""
    from ..files import Unreadable, read_text
    from .caddy import is_caddyfile
    texts = []
    for file in project.files:
        if file.kind == "compose" and file.role == "production" and len(texts) < TEXTS_READ:
            loaded = file.loaded
            text = file.text if not file.unreadable else ""
            if not loaded:
                file.release()  # read for a regex, not kept: the file's own check reads it again
            if text and _TRAEFIK.search(text):
                texts.append(text)
    for rel in getattr(project, "proxy_configs", ()):
        if is_caddyfile(rel) or project.role(rel) != "production" or len(texts) >= TEXTS_READ:
            continue
        try:
            texts.append(read_text(project.root / rel, project.max_bytes, project.root)[0])
        except Unreadable:
            continue
    return traefik_facts(texts)


def traefik_facts(texts: list[str]) -> dict[str, bool]:
    """``redirect``, ``hsts``, ``headers``, ``csp``, ``frame``, ``nosniff``, ``body_limit``, ``limit_req`` (a
    rateLimit middleware), ``gzip`` (compress) and ``powered_by`` (X-Powered-By emptied) over the texts."""
    facts = dict.fromkeys(("redirect", "hsts", "headers", "csp", "frame", "nosniff", "body_limit", "limit_req",
                           "gzip", "powered_by"), False)
    for text in texts:
        text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
        facts["redirect"] |= any(pattern.search(text) for pattern in _REDIRECT)
        for fact, pattern in _FACTS.items():
            facts[fact] |= bool(pattern.search(text))
    facts["headers"] = any(facts[f] for f in ("hsts", "csp", "frame", "nosniff"))
    return facts
