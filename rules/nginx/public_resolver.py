"""nginx's `resolver` should be an internal DNS server, not a public one.

## What it does
Reports `resolver` addresses that are public IP addresses (8.8.8.8, 1.1.1.1, 9.9.9.9, ...).
Private, loopback and link-local addresses (Docker's 127.0.0.11, a VPC resolver) and host
names are fine.

## Why it matters in production
nginx's resolver is a plain UDP stub resolver that does not validate answers: over the
internet, spoofed responses can redirect `proxy_pass` to an attacker's host (nginx has had
resolver CVEs too). Public resolvers also cannot see internal service names.

## Example
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    resolver 8.8.8.8 1.1.1.1 valid=300s;
}
```

## Use instead
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    resolver 127.0.0.11 valid=30s;
}
```

## References
- https://nginx.org/en/docs/http/ngx_http_core_module.html#resolver
- https://github.com/dvershinin/gixy/blob/master/docs/en/plugins/resolver_external.md
"""
import ipaddress

from linter.api import RuleMeta
from linter.api.nginx import Emitter, location_key, nginx_model

META = RuleMeta(
    id="NGX027", name="nginx-public-resolver", kinds=("nginx",), severity="warning",
    checklist=("hardening.nginx-resolver",), cwe=(350,),
)
MESSAGES = {
    "public": "resolver {address} is a public DNS server; use the internal resolver (the VPC's, or "
              "127.0.0.11 in Docker)",
}


def address(arg: str):
    text = arg.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        for d in tree.find("resolver"):
            for arg in d.args:
                if "=" in arg:
                    continue
                ip = address(arg)
                if ip is not None and ip.is_global:
                    yield from emit(d, f"{location_key(d)}.resolver", "public", address=arg)
                    break
