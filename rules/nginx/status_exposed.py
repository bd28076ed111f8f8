"""Status pages (`stub_status` and friends) must not be open to everyone.

## What it does
Reports `stub_status`, `vhost_traffic_status_display`, `status`, `api` (NGINX Plus) and
`check_status` in a location with no `allow`/`deny` in effect, that is not `internal` and whose
server does not listen on loopback only. A snippet that nothing in the repository includes is
skipped: the access rules may come from the server that includes it.

## Why it matters in production
Status pages tell anyone connection counts, upstream names and addresses, and the nginx
build — reconnaissance for free, and the NGINX Plus API can even change upstreams.

## Example
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    location /nginx_status {
        stub_status;
    }
}
```

## Use instead
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    location /nginx_status {
        stub_status;
        allow 127.0.0.1;
        deny all;
    }
}
```

## References
- https://nginx.org/en/docs/http/ngx_http_stub_status_module.html
"""
from linter.api import RuleMeta
from linter.api.nginx import Emitter, Server, inherited, is_internal, location_key, nginx_model

META = RuleMeta(
    id="NGX025", name="nginx-status-page-exposed", kinds=("nginx",), severity="warning",
    checklist=("hardening.nginx-access",), cwe=(200, 284),
)
MESSAGES = {
    "exposed": "{directive} is reachable by every client; restrict it with `allow <monitoring address>; "
               "deny all;` or listen on 127.0.0.1 only",
}
_STATUS = ("stub_status", "vhost_traffic_status_display", "status", "api", "check_status")


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        if not tree.complete:
            continue
        for d in tree.walk():
            if d.name not in _STATUS or d.parent is None or d.parent.name != "location":
                continue
            if d.name == "api" and d.args and not d.args[0].startswith("write="):
                continue
            loc = d.parent
            if inherited(loc, "deny") or is_internal(loc) or inherited(loc, "auth_basic") \
                    or inherited(loc, "auth_request"):
                continue
            server = next((a for a in loc.ancestors() if a.name == "server"), None)
            if server is not None and Server(server).local_only:
                continue
            yield from emit(d, f"{location_key(d)}.{d.name}", "exposed", directive=d.name)
