"""A server that proxies an application should rate-limit requests (`limit_req`).

## What it does
Reports a server that passes requests to an application (`proxy_pass`, `fastcgi_pass`,
`uwsgi_pass`, `grpc_pass`) when no `limit_req` is in effect anywhere in it or its http
context. It is a note: the application may limit on its own (express-rate-limit and the like
are checked by the Node rules).

## Why it matters in production
Without a limit, one client can brute-force a login, scrape an API or exhaust the backend's
workers. `limit_req` in front of auth and API routes is the cheapest defence.

## Example
```nginx path=nginx/conf.d/api.conf
server {
    listen 80;
    location /api/ {
        proxy_pass http://api:3000;
    }
}
```

## Use instead
```nginx path=nginx/conf.d/api.conf
limit_req_zone $binary_remote_addr zone=api:10m rate=10r/s;
server {
    listen 80;
    location /api/ {
        limit_req zone=api burst=20 nodelay;
        proxy_pass http://api:3000;
    }
}
```

## References
- https://nginx.org/en/docs/http/ngx_http_limit_req_module.html
"""
from linter.api import RuleMeta
from linter.api.nginx import Emitter, levels, nginx_model, passes

META = RuleMeta(
    id="NGX010", name="nginx-rate-limit", kinds=("nginx",), severity="note",
    checklist=("backend.rate-limiting",), cwe=(770,), per_tree=True,
)
MESSAGES = {
    "missing": "this server proxies an application with no limit_req; add a limit_req_zone and `limit_req` "
               "on auth and API locations",
}


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        for scope in tree.http_scopes():
            if any(level.children("limit_req") for level in levels(scope.block)):
                continue
            for server in scope.servers():
                if passes(server.node) and not server.local_only \
                        and not any(d.name == "limit_req" for d in server.node.walk()):
                    yield from emit(server.node, f"{server.key}.limit_req", "missing")
