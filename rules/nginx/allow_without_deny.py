"""`allow` must be followed by `deny all` in the same block.

## What it does
Reports a block (http, server, location, ...) with `allow` rules and no `deny` in the same
block, after includes are followed. `allow all` alone is not reported, nor is a file of bare
`allow` lines that nothing in the repository includes (it is a list meant to precede a `deny`).

## Why it matters in production
nginx's default is to allow. `allow 10.0.0.0/8;` on its own restricts nothing: every other
address is still let in, while the configuration reads as if the location were private.

## Example
```nginx path=nginx/conf.d/admin.conf
server {
    listen 80;
    location /admin/ {
        allow 10.0.0.0/8;
        proxy_pass http://admin:8080;
    }
}
```

## Use instead
```nginx path=nginx/conf.d/admin.conf
server {
    listen 80;
    location /admin/ {
        allow 10.0.0.0/8;
        deny all;
        proxy_pass http://admin:8080;
    }
}
```

## References
- https://nginx.org/en/docs/http/ngx_http_access_module.html
"""
from linter.api import RuleMeta
from linter.api.nginx import Emitter, location_key, nginx_model

META = RuleMeta(
    id="NGX023", name="nginx-allow-without-deny", kinds=("nginx",), severity="warning",
    checklist=("hardening.nginx-access",), cwe=(284,), per_tree=True,
)
MESSAGES = {
    "no-deny": "`allow` without `deny all` in the same block restricts nothing (nginx allows by default); "
               "add `deny all;` after the allow rules",
}


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        # a file of bare allow lines is a list meant to be included before a deny: judged where included
        top = [tree.top] if tree.context != "fragment" else []
        for block in top + [d for d in tree.walk() if d.block is not None]:
            allows = [d for d in block.children("allow") if d.args and d.args[0].lower() != "all"]
            if allows and not block.children("deny"):
                yield from emit(allows[0], f"{location_key(allows[0])}.allow", "no-deny")
