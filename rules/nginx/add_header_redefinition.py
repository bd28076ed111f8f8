"""A block with its own `add_header` must repeat the headers set above it.

## What it does
nginx inherits `add_header` into a `location` (or `if`, `limit_except`, `server`) only when that
block has no `add_header` of its own. This rule reports a block whose own `add_header` silently
drops headers set at an outer level — `X-Frame-Options`, `Cache-Control: no-store`,
`Content-Disposition: attachment`, `Strict-Transport-Security`, `Content-Security-Policy`, ... —
naming them all in one finding, at the block's first own `add_header` (the line that cancels the
inheritance): one `add_header` that drops five headers is one mistake. `add_header_inherit
on` (nginx 1.29.3) turns the behaviour off and is respected.

## Why it matters in production
Security headers configured once at server level quietly vanish from exactly the routes that
add, say, a CORS or cache header — typically the API. Nothing warns at reload.

## Example
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    add_header X-Frame-Options "DENY" always;
    location /api/ {
        add_header Cache-Control "no-store";
        proxy_pass http://api:3000;
    }
}
```

## Use instead
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    add_header X-Frame-Options "DENY" always;
    location /api/ {
        add_header X-Frame-Options "DENY" always;
        add_header Cache-Control "no-store";
        proxy_pass http://api:3000;
    }
}
```

## References
- https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header
- https://github.com/dvershinin/gixy/blob/master/docs/en/plugins/addheaderredefinition.md
"""
from linter.api import RuleMeta
from linter.api.nginx import Emitter, dropped_header_names, location_key, nginx_model, own_headers

META = RuleMeta(
    id="NGX017", name="nginx-add-header-redefinition", kinds=("nginx",), severity="warning",
    checklist=("backend.security-headers", "tls.hsts", "frontend.csp"), cwe=(693,), per_tree=True,
    peers=("semgrep:header-redefinition",),
)
MESSAGES = {
    "dropped": "this {block} has its own add_header, so {names} set above are not sent here; repeat them in "
               "this block (or include one shared headers snippet everywhere)",
}
_SHOWN = 10  # header names a message lists; the rest are counted (one block may drop thousands)


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        for block in tree.walk():
            if block.block is None or block.name not in ("server", "location", "if", "limit_except"):
                continue
            lost, total = dropped_header_names(block, _SHOWN)
            if lost:
                # at the add_header that cancels the inheritance, when the block writes it itself
                first = next((h.directive for h in own_headers(block) if h.directive.file == block.file), block)
                yield from emit(first, f"{location_key(block)}.add_header", "dropped", block=block.name,
                                names=", ".join(lost) + (f" and {total - len(lost)} more" if total > len(lost) else ""))
