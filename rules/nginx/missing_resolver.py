"""A `proxy_pass` built from variables needs a `resolver` to look the host up.

## What it does
Reports `proxy_pass` whose URL contains variables (typically `set $upstream app:3000;
proxy_pass http://$upstream;`, the pattern that makes nginx start before the backend exists, but
`http://app:3000$request_uri` too)
when the host is a name — not an IP address, a unix socket or an `upstream {}` of the
configuration — and no `resolver` is in effect. Only full configurations and `conf.d` files are
judged: a snippet may get its resolver from where it is included.

## Why it matters in production
With a variable in `proxy_pass`, nginx resolves the name at request time and only through
`resolver`; without one every request fails with 502 and "no resolver defined to resolve" in
the error log — typically discovered after the first deploy.

## Example
```nginx path=nginx/conf.d/app.conf
server {
    listen 80;
    location / {
        set $backend app:3000;
        proxy_pass http://$backend;
    }
}
```

## Use instead
```nginx path=nginx/conf.d/app.conf
server {
    listen 80;
    resolver 127.0.0.11 valid=10s;
    location / {
        set $backend app:3000;
        proxy_pass http://$backend;
    }
}
```

## References
- https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_pass
- https://nginx.org/en/docs/http/ngx_http_core_module.html#resolver
"""
import ipaddress

from linter.api import RuleMeta
from linter.api.nginx import Emitter, expand_set, host_part, inherited, location_key, nginx_model

META = RuleMeta(
    id="NGX029", name="nginx-missing-resolver", kinds=("nginx",), severity="warning",
    checklist=("hardening.nginx-resolver",), security=False, per_tree=True,
)
MESSAGES = {
    "no-resolver": "proxy_pass uses variables, so nginx resolves '{host}' per request and needs a resolver; add "
                   "`resolver <internal DNS>;` (127.0.0.11 in Docker)",
}


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return False


def constant_host(url: str) -> str | None:
    """The host a fully expanded proxy_pass URL names, or None when it still has variables."""
    _, sep, rest = host_part(url).partition("://")
    if not sep or rest.startswith("unix:"):
        return None
    host = rest.rpartition("@")[2]  # never repeat credentials written before the host
    if "$" in host:
        return None
    if host.startswith("["):
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        if not tree.complete:
            continue
        upstreams = {u.args[0] for u in tree.find("upstream") if u.args}
        for d in tree.find("proxy_pass"):
            if not d.args or "$" not in d.args[0] or d.parent is None:
                continue
            host = constant_host(expand_set(d.args[0], d.parent))
            if not host or _is_ip(host) or host in upstreams or host == "localhost":
                continue
            if not inherited(d.parent, "resolver"):
                yield from emit(d, f"{location_key(d)}.proxy_pass.resolver", "no-resolver", host=host)
