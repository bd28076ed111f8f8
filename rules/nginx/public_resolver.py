"""nginx's `resolver` should be an internal DNS server, not a public one.

## What it does
Reports `resolver` addresses that are public IP addresses (8.8.8.8, 1.1.1.1, 9.9.9.9, ...) or host
names under a public top-level domain (`dns.google`). Private, loopback, link-local and shared
(100.64/10) addresses (Docker's 127.0.0.11, a VPC resolver, Tailscale) and the platform's own names
(`coredns`, `*.svc.cluster.local`, `*.internal`, `*.consul`) are fine.

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
    checklist=("hardening.nginx-resolver",), cwe=(350,), per_tree=True,
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


# Top-level domains only the public internet resolves: a resolver named under one is somebody else's
# server (dns.google, one.one.one.one); single-label names (coredns, dnsmasq) and private suffixes
# (.local, .internal, .svc.cluster.local, .consul) are the platform's own.
_PUBLIC_TLDS = {"com", "net", "org", "io", "dev", "app", "google", "cloud", "info", "biz", "co", "me", "xyz",
                "ai", "one", "de", "uk", "fr", "ru", "cn", "jp", "nl", "eu", "us", "ca", "au", "ch", "se", "no",
                "fi", "pl", "br", "in", "it", "es", "at", "be", "dk", "cz", "sg", "kr", "tw", "hk"}


def public_hostname(arg: str) -> bool:
    host = arg.strip().rstrip(".").rsplit(":", 1)[0].lower()
    labels = host.split(".")
    return len(labels) >= 2 and labels[-1] in _PUBLIC_TLDS and all(labels)


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        for d in tree.find("resolver"):
            for arg in d.args:
                if "=" in arg:
                    continue
                ip = address(arg)
                if (ip is not None and ip.is_global) or (ip is None and public_hostname(arg)):
                    yield from emit(d, f"{location_key(d)}.resolver", "public", address=arg)
                    break
