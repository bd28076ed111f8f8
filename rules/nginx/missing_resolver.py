"""A `proxy_pass` built from variables needs a `resolver` to look the host up.

## What it does
Reports `proxy_pass` whose URL contains variables (typically `set $upstream app:3000;
proxy_pass http://$upstream;`, the pattern that makes nginx start before the backend exists, but
`http://app:3000$request_uri` too)
when the host is a name — not an IP address, a unix socket or an `upstream {}` of the
configuration — and no `resolver` is in effect. Only full configurations and `conf.d` files are
judged: a snippet may get its resolver from where it is included.

Also reports a fixed `proxy_pass` host, or an `upstream` `server` without `resolve`, on a cloud load
balancer or cloud front end whose DNS answers change without notice (AWS ELB, CloudFront, API Gateway,
Elastic Beanstalk, Lambda URLs, Amplify; Google Cloud Run, Cloud Functions, App Engine; Azure App
Service, API Management, Front Door, Traffic Manager; Cloudflare Workers and Pages; Heroku; Akamai and
Fastly, which map clients by DNS): nginx resolves such a name once, at start-up, and keeps the address
until it restarts. Other fixed names are not reported, unlike gixy's `missing_resolver`: an internal
service name, a hosting platform that publishes fixed addresses (Vercel, Netlify), or a public API whose
addresses rarely move is what most `proxy_pass` lines name, and a restart re-resolves them.

## Why it matters in production
With a variable in `proxy_pass`, nginx resolves the name at request time and only through
`resolver`; without one every request fails with 502 and "no resolver defined to resolve" in
the error log — typically discovered after the first deploy. A load balancer's addresses rotate
(AWS documents that an ELB's change over time): nginx keeps sending to the address it resolved at
start-up, an outage that begins days after the deploy, or traffic to an address now someone else's.

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
- https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#dns-name
- https://nginx.org/en/docs/http/ngx_http_upstream_module.html#resolve
- https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_pass
- https://nginx.org/en/docs/http/ngx_http_core_module.html#resolver
"""
import ipaddress
import re

from linter.api import RuleMeta, lazy
from linter.api.nginx import Emitter, expand_set, host_part, inherited, location_key, nginx_model

META = RuleMeta(
    id="NGX029", name="nginx-missing-resolver", kinds=("nginx",), severity="warning",
    checklist=("hardening.nginx-resolver",), security=False, per_tree=True,
)
MESSAGES = {
    "no-resolver": "proxy_pass uses variables, so nginx resolves '{host}' per request and needs a resolver; add "
                   "`resolver <internal DNS>;` (127.0.0.11 in Docker)",
    "rotating-host": "nginx resolves '{host}' once at start-up, but that platform moves it between addresses; add "
                     "`resolver` and pass the host through a variable (or `server {host} resolve;` in an upstream)",
}
# Load balancers, CDNs and hosting platforms whose DNS answers rotate by design (the platform moves the
# service between addresses); a name under one of these is never a fixed server.
_ROTATING = lazy(
    r"(\.elb\.amazonaws\.com|\.elb\.[a-z0-9-]+\.amazonaws\.com|\.execute-api\.[a-z0-9-]+\.amazonaws\.com"
    r"|\.elasticbeanstalk\.com|\.cloudfront\.net|\.lambda-url\.[a-z0-9-]+\.on\.aws|\.amplifyapp\.com"
    r"|\.run\.app|\.cloudfunctions\.net|\.appspot\.com"
    r"|\.azurewebsites\.net|\.azure-api\.net|\.azureedge\.net|\.azurefd\.net|\.trafficmanager\.net"
    r"|\.workers\.dev|\.pages\.dev|\.herokuapp\.com|\.herokudns\.com"
    r"|\.akamaized\.net|\.akamaiedge\.net|\.edgekey\.net|\.edgesuite\.net|\.fastly\.net|\.fastlylb\.net)\.?$",
    re.IGNORECASE)


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


def _rotating(emit, tree):
    """Fixed names of rotating load balancers: judged in snippets too, since no resolver elsewhere helps them."""
    for d in tree.find("proxy_pass"):
        if d.args and "$" not in d.args[0] and d.parent is not None:
            host = constant_host(d.args[0])
            if host and _ROTATING.search(host):
                yield from emit(d, f"{location_key(d)}.proxy_pass.rotating", "rotating-host", host=host)
    for d in tree.find("server"):
        if d.parent is None or d.parent.name != "upstream" or not d.args or "resolve" in d.args[1:]:
            continue
        host = d.args[0].rsplit(":", 1)[0] if d.args[0].count(":") == 1 else d.args[0]
        if _ROTATING.search(host):
            yield from emit(d, f"upstream[{' '.join(d.parent.args)}].server[{host}].rotating", "rotating-host",
                            host=host)


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        yield from _rotating(emit, tree)
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
