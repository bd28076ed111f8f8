"""An http context that serves content should compress it (gzip or brotli).

## What it does
Reports an http context (an `http {}` block, or a `conf.d` file of servers judged as the
official image loads it) whose servers serve files or proxy an application with neither
`gzip on`, `gzip_static on` nor `brotli on` in effect. When some servers enable it and others
do not, the others are reported. In a template a deployment renders (envsubst), a value written as a
variable (`gzip ${NGINX_GZIP_SWITCH};`) is the deployment's to set and counts as on. A file of servers that a
Debian or Ubuntu nginx package loads (copied into `/etc/nginx/sites-available/` or `sites-enabled/`, or kept in a
folder of that name, with no `nginx.conf` of the repository around it) is inside the package's http block, which
turns gzip on.

## Why it matters in production
Text assets (HTML, JS, CSS, JSON) shrink by 70-90% compressed; without it pages load slower
on every mobile connection and bandwidth bills grow.

## Example
```nginx path=nginx/nginx.conf
events {}
http {
    server {
        listen 80;
        root /srv/www;
    }
}
```

## Use instead
```nginx path=nginx/nginx.conf
events {}
http {
    gzip on;
    gzip_types text/css application/javascript application/json image/svg+xml;
    server {
        listen 80;
        root /srv/www;
    }
}
```

## References
- https://nginx.org/en/docs/http/ngx_http_gzip_module.html
"""
from linter.api import RuleMeta
from linter.api.nginx import Emitter, location_key, missing_in_scope, nginx_model, serves_content

META = RuleMeta(
    id="NGX007", name="nginx-compression", kinds=("nginx",), severity="warning",
    checklist=("frontend.compression",), security=False, per_tree=True,
)
MESSAGES = {
    "missing": "responses are sent uncompressed; add `gzip on;` (and gzip_types for JS/CSS/JSON) to the "
               "http block",
    "missing-server": "this server serves content without compression; enable `gzip on;` at http level",
}


_NAMES = ("gzip", "gzip_static", "brotli", "brotli_static")


def _on(directive) -> bool:
    """`gzip on`, or a value a template fills in before nginx reads the file (`gzip ${NGINX_GZIP_SWITCH};`):
    nginx takes no variable there, so `$…` can only be envsubst's placeholder, set by the deployment."""
    return bool(directive.args) and (directive.args[0].lower() == "on" or directive.args[0].startswith("$"))


def _own(level):
    return any(_on(d) for d in level.children() if d.name in _NAMES)


def _anywhere(server):
    return any(_on(d) for d in server.walk() if d.name in _NAMES)


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    model = nginx_model(ctx.model)
    for tree in model.trees_for(doc):
        for scope in tree.http_scopes():
            if scope.virtual and model.debian_http(tree):
                continue  # the distribution's nginx.conf around these servers says `gzip on;`
            servers = [s for s in scope.servers() if serves_content(s.node)]
            for node, where in missing_in_scope(scope, _own, servers, _anywhere):
                yield from emit(node, f"{location_key(node)}.gzip", "missing-server" if where == "server"
                                else "missing")
