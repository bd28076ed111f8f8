"""`proxy_pass` must not send requests to a host the client chooses (SSRF).

## What it does
Reports `proxy_pass` whose scheme or host comes from the request: `$arg_*`, `$http_*`,
`$cookie_*`, regex captures of the location (`$1`, named groups), and variables built from
them with `set` or `map`. `$host` counts too when any Host header reaches the server: its `server_name`
is a catch-all (`_`, `""`, none) or a regex that does not end in the operator's own domain
(`~^(?<tenant>.+)\.example\.com$` does), or it is the default server of one of its ports
(`default_server`, else the first server listening there); a server that only its own names reach keeps
`$host` to those names. Variables that always start with `/` (`$request_uri`, `$uri`) end the
host, so `proxy_pass http://backend$request_uri` is fine; so is an `internal` location, which only the
application's `X-Accel-Redirect` reaches, unless a `rewrite` of the same server lets the request choose the
whole new path (`rewrite ^/(.*)/some$ /$1/ last;`): nginx serves rewritten requests from internal locations
too, so the client can then address the internal proxy directly (gixy's ssrf documentation).

## Why it matters in production
A client that picks the upstream host can make nginx fetch cloud metadata
(`169.254.169.254`), internal admin panels or databases on its behalf, from inside the network.

## Example
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    location ~ ^/proxy/(?<target>.*)$ {
        proxy_pass http://$target;
    }
}
```

## Use instead
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    location ~ ^/proxy/(?<path>.*)$ {
        proxy_pass http://static-backend/$path;
    }
}
```

## References
- https://github.com/dvershinin/gixy/blob/master/docs/en/plugins/ssrf.md
- https://cwe.mitre.org/data/definitions/918.html
"""
import re

from linter.api import RuleMeta
from linter.api.nginx import (Emitter, expand_set, host_part, is_internal, levels, location_key, nginx_model,
    rewrite_into_any_location, user_controlled, variables)

META = RuleMeta(
    id="NGX018", name="nginx-ssrf", kinds=("nginx",), severity="error",
    checklist=("hardening.nginx-routing",), cwe=(918,), per_tree=True,
    peers=("semgrep:dynamic-proxy-host", "semgrep:dynamic-proxy-scheme", "semgrep:missing-internal"),
)
MESSAGES = {
    "ssrf": "the request chooses where proxy_pass connects (through ${var}); proxy to a fixed upstream and "
            "pass request data only in the path",
    "ssrf-rewritten": "the request chooses where proxy_pass connects (through ${var}), and this internal location "
                      "is reachable from outside through the rewrite on line {line}, which lets the request pick "
                      "the whole new path; proxy to a fixed upstream or give the rewrite a fixed prefix",
}


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        for d in tree.find("proxy_pass"):
            if not d.args or d.parent is None:
                continue
            url = expand_set(d.args[0], d.parent)
            chosen = next((v for v in variables(host_part(url))
                           if user_controlled(v, d.parent, tree) or _client_host(v, d.parent, tree)), None)
            if chosen is None:
                continue
            if not is_internal(d.parent):
                yield from emit(d, f"{location_key(d)}.proxy_pass", "ssrf", var=chosen)
                continue
            rewrite = rewrite_into_any_location(d.parent, tree)
            if rewrite is not None:
                yield from emit(d, f"{location_key(d)}.proxy_pass", "ssrf-rewritten", var=chosen, line=rewrite.line)


_DEFAULT = {"default_server", "default"}
# a regex server_name ending in literal labels of a domain (`~^(?<tenant>[a-z0-9-]+)\.example\.com$`,
# `~^(www\.)?example\.(com|org)$`): the Host headers it admits are names under the operator's own domain, as
# `*.example.com` is. Unanchored (`~\.example\.com`) or with an unescaped dot before the domain
# (`~^(.+).example\.com$`, which `attacker-example.com` matches), the client can name a host of its own.
_OWN_DOMAINS = re.compile(r"(?:\^|\\\.|\\\.\)\??)[A-Za-z0-9-]+"
                          r"(?:\\\.(?:[A-Za-z0-9-]+|\((?:\?:)?[A-Za-z0-9-]+(?:\|[A-Za-z0-9-]+)*\)))+\$[\"']?$")


def _client_host(var: str, block, tree) -> bool:
    """``$host`` at ``block`` is whatever Host header the client sent: a request for any host reaches the
    server (catch-all names, a regex not
    ending in a domain, or the default server of a port). nginx refuses ``set $host``."""
    if var.lower() != "host":
        return False
    server = next((lv for lv in levels(block) if lv.name == "server"), None)
    if server is None:
        return False  # a snippet: which server includes it, and under which names, is not known here
    names = [a for d in server.children("server_name") for a in d.args]
    if not names or any(n in ("_", '""', "") or n.startswith("~") and not _OWN_DOMAINS.search(n) for n in names):
        return True
    servers = tree.servers()
    if not any(s.node is server for s in servers):
        return False
    for port in _ports(server):
        defaults = [s.node for s in servers if any(_listens_on(d, port) and _DEFAULT & {a.lower() for a in d.args[1:]}
                                                   for d in s.node.children("listen"))]
        if defaults:
            if defaults[0] is server:
                return True
            continue
        first = next((s.node for s in servers if port in _ports(s.node)), None)
        if first is server:
            return True
    return False


def _ports(server) -> set:
    listens = [d for d in server.children("listen") if d.args]
    return {_port(d.args[0]) for d in listens} if listens else {"80"}


def _port(first: str) -> str:
    first = first.rsplit("]", 1)[-1]
    return first.rsplit(":", 1)[-1] if ":" in first else (first if first.isdigit() else "80")


def _listens_on(d, port: str) -> bool:
    return bool(d.args) and _port(d.args[0]) == port
