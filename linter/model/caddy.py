"""What a repository's Caddyfiles do for the app behind them: the front-proxy facts the backend rules weigh
before reporting a safeguard missing in the app (linter.model.python's ``nginx()``).

Caddy turns HTTPS on by itself: a site whose address names a host (``example.com``, ``{$DOMAIN}``,
``https://app.example.com:8443``) gets a certificate and a redirect from HTTP, unless the address is
``http://`` or a bare port, or the global options say ``auto_https off`` / ``disable_redirects``
(https://caddyserver.com/docs/automatic-https). Headers are the ``header`` directive's; request bodies are
capped by ``request_body { max_size ... }``. No Python library reads the Caddyfile (Caddy's own adapter is Go),
so this reads its tokens: blocks, site addresses and directive lines, nothing more.
"""
from __future__ import annotations

_SECURITY_HEADERS = ("strict-transport-security", "content-security-policy", "x-frame-options",
                     "x-content-type-options", "referrer-policy", "permissions-policy")
_FACT_OF_HEADER = {"strict-transport-security": "hsts", "content-security-policy": "csp",
                   "x-frame-options": "frame", "x-content-type-options": "nosniff"}
CADDYFILES_READ = 12  # a repository has one or two; a hostile one is not read past a few


def is_caddyfile(rel: str) -> bool:
    name = rel.rsplit("/", 1)[-1].lower()
    return name.startswith("caddyfile") or name.endswith(".caddyfile")


def project_caddy_facts(project) -> dict[str, bool]:
    """caddy_facts of the repository's production Caddyfiles (discover.is_proxy_config lists them)."""
    from ..files import Unreadable, read_text
    texts = []
    for rel in getattr(project, "proxy_configs", ()):
        if not is_caddyfile(rel) or project.role(rel) != "production" or len(texts) >= CADDYFILES_READ:
            continue
        try:
            texts.append(read_text(project.root / rel, project.max_bytes, project.root)[0])
        except Unreadable:
            continue
    return caddy_facts(texts)


def caddy_facts(texts: list[str]) -> dict[str, bool]:
    """``present``, ``redirect``, ``hsts``, ``headers``, ``csp``, ``frame``, ``nosniff``, ``body_limit``,
    ``powered_by`` (removes X-Powered-By), ``limit_req`` (``rate_limit``) and ``gzip`` (``encode``) over the
    given Caddyfile texts."""
    facts = dict.fromkeys(("present", "redirect", "hsts", "headers", "csp", "frame", "nosniff", "body_limit",
                           "powered_by", "limit_req", "gzip"), False)
    for text in texts[:CADDYFILES_READ]:
        sites, options, directives = _read(text)
        facts["present"] |= bool(sites)
        auto_off = any(words[:2] in (["auto_https", "off"], ["auto_https", "disable_redirects"]) for words in options)
        facts["redirect"] |= not auto_off and any(_automatic_https(address) for address in sites)
        for words in directives:
            lowered = [w.lower().strip("\"'") for w in words]
            if lowered[0] == "header":
                for name in lowered[1:3]:
                    if name == "-x-powered-by":
                        facts["powered_by"] = True
                    name = name.lstrip("+>?")
                    if name in _SECURITY_HEADERS:
                        facts["headers"] = True
                        if name in _FACT_OF_HEADER:
                            facts[_FACT_OF_HEADER[name]] = True
            elif lowered[0] == "max_size" and len(lowered) > 1 and lowered[1] not in ("0", "0b"):
                facts["body_limit"] = True
            elif lowered[0] == "rate_limit":
                facts["limit_req"] = True
            elif lowered[0] == "encode" and (len(lowered) == 1 or any(w in ("gzip", "zstd") for w in lowered[1:])):
                facts["gzip"] = True
    return facts


def _automatic_https(address: str) -> bool:
    """Whether Caddy serves this site address over HTTPS with a redirect from HTTP."""
    address = address.strip(",")
    if not address or address.startswith("http://") or address.startswith(":"):
        return False
    host = address.split("://", 1)[-1].split("/", 1)[0]
    if host.startswith("{$") or host.startswith("{env."):
        return True  # a domain supplied at start-up: how such Caddyfiles are written for deployment
    host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return bool(host) and host not in ("localhost", "*") and not host.endswith(":80")


def _read(text: str) -> tuple[list[str], list[list[str]], list[list[str]]]:
    """(site addresses, global option lines, directive lines) of a Caddyfile, from its tokens."""
    sites: list[str] = []
    options: list[list[str]] = []
    directives: list[list[str]] = []
    stack: list[str] = []  # "global", "site", "snippet" or "inner:<directive>" for each open block
    pending_site = None  # a braceless one-site Caddyfile: its address is the first line
    for line in text.splitlines():
        words = _words(line)
        if not words:
            continue
        opens = words[-1] == "{"
        head = words[:-1] if opens else words
        if words == ["}"]:
            if stack:
                stack.pop()
            continue
        if not stack:
            if opens and not head:
                stack.append("global")
            elif opens and head[0].startswith("("):
                stack.append("snippet")
            elif opens:
                sites.extend(head)
                stack.append("site")
            elif pending_site is None and not sites:
                pending_site = head
                sites.extend(head)
            else:
                directives.append(head)
            continue
        if stack[-1] == "global" and head:
            options.append(head)
        elif stack[-1] == "inner:header" and head:
            directives.append(["header", *head])  # a field of a `header { ... }` block
        elif head:
            directives.append(head)
        if opens:
            stack.append(f"inner:{head[0].lower()}" if head else "inner")
    return sites, options, directives


def _words(line: str) -> list[str]:
    """A line's tokens without its comment; `{$VAR}` and `{placeholder}` stay words, a lone `{`/`}` is a brace."""
    words = []
    for word in line.split():
        if word.startswith("#"):
            break
        words.append(word)
    return words
