"""A server in front of an application or site should send the basic security headers.

## What it does
Reports a server that proxies an application or serves files with no effective
`X-Content-Type-Options: nosniff` or no clickjacking protection (`X-Frame-Options`, or a
Content-Security-Policy with `frame-ancestors`). HSTS and the Content-Security-Policy itself
have their own rules (NGX002, NGX003); headers lost in a location are NGX017.

## Why it matters in production
`nosniff` stops browsers from executing an upload as script; `X-Frame-Options` stops other
sites from framing the application to trick clicks. When nginx fronts an Express app without
helmet, nginx is the only place these headers can come from.

## Example
```nginx path=nginx/conf.d/app.conf
server {
    listen 80;
    location / {
        proxy_pass http://app:3000;
    }
}
```

## Use instead
```nginx path=nginx/conf.d/app.conf
server {
    listen 80;
    add_header X-Content-Type-Options "nosniff" always;
    add_header X-Frame-Options "DENY" always;
    location / {
        proxy_pass http://app:3000;
    }
}
```

## References
- https://owasp.org/www-project-secure-headers/
"""
from linter.api import RuleMeta
from linter.api.nginx import Emitter, headers, nginx_model, passes, redirect_only, serves_files

META = RuleMeta(
    id="NGX016", name="nginx-security-headers", kinds=("nginx",), severity="warning",
    checklist=("backend.security-headers",), cwe=(693, 1021), per_tree=True,
)
MESSAGES = {
    "missing": "this server sends no {names}; add `add_header X-Content-Type-Options \"nosniff\" always;` and "
               "`add_header X-Frame-Options \"DENY\" always;` at server level",
}


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        for server in tree.servers():
            node = server.node
            if redirect_only(node) or server.local_only or not (passes(node) or serves_files(node)):
                continue
            effective = headers(node)
            missing = []
            if "x-content-type-options" not in effective:
                missing.append("X-Content-Type-Options")
            csp = effective.get("content-security-policy")
            if "x-frame-options" not in effective and not (csp and "frame-ancestors" in csp.value.lower()):
                missing.append("X-Frame-Options")
            if missing:
                yield from emit(node, f"{server.key}.security-headers", "missing", names=" or ".join(missing))
