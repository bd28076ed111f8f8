"""A port-80 server must redirect to HTTPS instead of serving content.

## What it does
Reports an nginx `server` that listens on port 80 (or has no `listen`, which means port 80)
and serves files or proxies to an application, instead of answering every request with
`return 301 https://$host$request_uri;`. A server that redirects at server level, in an
`if ($scheme = http)` / `if ($http_x_forwarded_proto != https)` block, or whose every location
(ACME challenges aside) redirects, is fine; so is a server that listens on loopback only.

## Why it matters in production
Content served over plain HTTP can be read and rewritten by anyone on the path, and cookies
without `Secure` leak with it. Browsers only learn to use HTTPS (and HSTS) after one redirect.
When TLS ends at a load balancer in front of nginx, redirect on `X-Forwarded-Proto` instead.

## Example
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    server_name example.com;
    root /usr/share/nginx/html;
}
```

## Use instead
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    server_name example.com;
    return 301 https://$host$request_uri;
}
```

## References
- https://nginx.org/en/docs/http/ngx_http_rewrite_module.html#return
- https://ssl-config.mozilla.org/
"""
from linter.api import RuleMeta
from linter.api.nginx import Emitter, nginx_model, serves_content

META = RuleMeta(
    id="NGX001", name="nginx-https-redirect", kinds=("nginx",), severity="warning",
    checklist=("tls.https-redirect",), cwe=(319,), per_tree=True,
)
MESSAGES = {
    "serves-http": "this server serves content on port 80; answer with `return 301 https://$host$request_uri;`"
                   " (or redirect on $http_x_forwarded_proto when TLS ends in front of nginx)",
}


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        for server in tree.servers():
            if 80 not in server.plain_ports or server.local_only:
                continue
            if serves_content(server.node):
                yield from emit(server.node, f"{server.key}.https-redirect", "serves-http")
