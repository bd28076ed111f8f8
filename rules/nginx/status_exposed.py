"""Status pages (`stub_status` and friends) must not be open to everyone.

## What it does
Reports `stub_status`, `vhost_traffic_status_display`, `status`, `api` (NGINX Plus) and
`check_status` in a location that is not closed to the world: the nearest level with
`allow`/`deny` rules must end in `deny all` before any `allow all` (nginx stops at the first rule
that matches), or authentication (`auth_basic`, `auth_request`, `auth_jwt`) must be on without
`satisfy any` letting an `allow all` through. `internal` locations and servers that listen on
loopback or a unix socket only are fine. A snippet that nothing in the repository includes is
judged on its own: its access rules are the ones it writes.

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
from linter.api.nginx import Emitter, Server, is_internal, levels, location_key, nginx_model, value

META = RuleMeta(
    id="NGX025", name="nginx-status-page-exposed", kinds=("nginx",), severity="warning",
    checklist=("hardening.nginx-access",), cwe=(200, 284), per_tree=True,
)
MESSAGES = {
    "exposed": "{directive} is reachable by every client; restrict it with `allow <monitoring address>; "
               "deny all;` or listen on 127.0.0.1 only",
}
_STATUS = ("stub_status", "vhost_traffic_status_display", "status", "api", "check_status")
_EVERYONE = ("all", "0.0.0.0/0", "::/0")
_AUTH = ("auth_basic", "auth_request", "auth_jwt", "auth_digest")


def _access_rules(loc):
    """allow/deny of the nearest level that has any: nginx inherits them all-or-nothing."""
    for level in levels(loc):
        rules = [c for c in level.block or () if c.name in ("allow", "deny") and c.args]
        if rules:
            return rules
    return []


def _closed_to_everyone(rules) -> bool:
    first = next((r for r in rules if r.args[0].lower() in _EVERYONE), None)
    return first is not None and first.name == "deny"


def _authenticated(loc, rules) -> bool:
    on = any(value(loc, name) not in (None, "off") for name in _AUTH)
    if not on:
        return False
    if value(loc, "satisfy") == "any":
        first = next((r for r in rules if r.args[0].lower() in _EVERYONE), None)
        return first is None or first.name != "allow"
    return True


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        for d in tree.walk():
            if d.name not in _STATUS or d.parent is None or d.parent.name != "location":
                continue
            if d.name == "api" and d.args and not d.args[0].startswith("write="):
                continue
            loc = d.parent
            rules = _access_rules(loc)
            if _closed_to_everyone(rules) or is_internal(loc) or _authenticated(loc, rules):
                continue
            server = next((a for a in loc.ancestors() if a.name == "server"), None)
            if server is not None and Server(server).local_only:
                continue
            yield from emit(d, f"{location_key(d)}.{d.name}", "exposed", directive=d.name)
