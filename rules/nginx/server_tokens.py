"""nginx must not announce its version: `server_tokens off` at http level.

## What it does
Reports `server_tokens on` (or `build`) wherever it is written, and an http context — an
`http {}` block, or a `conf.d` file of servers that the official image loads into its own
`http {}` (whose default is `on`) — where `server_tokens off` is not set. When some servers
set it and others do not, the others are reported.

## Why it matters in production
`Server: nginx/1.18.0` on every response and error page tells a scanner exactly which CVEs to
try. Turning it off costs nothing.

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
    server_tokens off;
    server {
        listen 80;
        root /srv/www;
    }
}
```

## References
- https://nginx.org/en/docs/http/ngx_http_core_module.html#server_tokens
"""
from linter.api import RuleMeta
from linter.model.nginx import Emitter, levels, location_key, missing_in_scope, nginx_model

META = RuleMeta(
    id="NGX006", name="nginx-server-tokens", kinds=("nginx",), severity="warning",
    checklist=("frontend.server-tokens",), cwe=(200,),
)
MESSAGES = {
    "enabled": "server_tokens {value} discloses the nginx version; set `server_tokens off;`",
    "missing": "the nginx version is sent in every Server header and error page; add `server_tokens off;` "
               "to the http block",
    "missing-conf-d": "no `server_tokens off;` for these servers (the official image's http block leaves it on); "
                      "add it at the top of this file",
    "missing-server": "this server does not set `server_tokens off;` while others do; set it in the http block",
}


def _off(block):
    return any(d.args and d.args[0].lower() == "off" for d in block.children("server_tokens"))


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        for d in tree.find("server_tokens"):
            if d.args and d.args[0].lower() in ("on", "build"):
                yield from emit(d, f"{location_key(d)}.server_tokens", "enabled", value=d.args[0])
        for scope in tree.http_scopes():
            servers = scope.servers()
            if not servers and not scope.virtual and not any(_off(level) for level in levels(scope.block)):
                # an http block whose servers live outside the repository still sets the default for them
                yield from emit(scope.anchor, "http.server_tokens", "missing")
            for node, where in missing_in_scope(scope, _off, servers):
                official_image = scope.virtual and scope.block.parent is None
                message = "missing-server" if where == "server" else ("missing-conf-d" if official_image else "missing")
                yield from emit(node, f"{location_key(node)}.server_tokens", message)
