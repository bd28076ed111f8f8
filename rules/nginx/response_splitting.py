"""Decoded URI variables must not reach response headers or redirects.

## What it does
Reports `$uri` and `$document_uri` (which nginx URL-decodes) in `add_header`, `return`,
`rewrite` replacements and `proxy_set_header`/`more_set_headers` values. Use `$request_uri`,
which keeps the client's encoding.

## Why it matters in production
`%0d%0a` in the path decodes to a line break: a redirect to `https://$host$uri` then lets a
crafted link inject headers (`Set-Cookie`) or a whole response — HTTP response splitting.

## Example
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    return 301 https://$host$uri;
}
```

## Use instead
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    return 301 https://$host$request_uri;
}
```

## References
- https://github.com/dvershinin/gixy/blob/master/docs/en/plugins/httpsplitting.md
"""
from linter.api import RuleMeta
from linter.api.nginx import Emitter, location_key, nginx_model, variables

META = RuleMeta(
    id="NGX021", name="nginx-response-splitting", kinds=("nginx",), severity="warning",
    checklist=("hardening.nginx-routing",), cwe=(113,),
)
MESSAGES = {
    "decoded": "{directive} uses ${var}, which nginx URL-decodes, so %0d%0a injects headers; use $request_uri",
}
_DECODED = {"uri", "document_uri"}


def _values(d):
    if d.name == "add_header":
        return d.args[1:2]
    if d.name == "return":
        return d.args[1:2] if len(d.args) >= 2 and d.args[0].isdigit() and 300 <= int(d.args[0]) < 400 else \
            [a for a in d.args[:1] if not a.isdigit()]
    if d.name == "rewrite":
        return d.args[1:2]
    if d.name == "proxy_set_header":
        return d.args[1:2]
    if d.name == "more_set_headers":
        return list(d.args)
    return []


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        for d in tree.walk():
            for text in _values(d):
                hit = next((v for v in variables(text) if v.lower() in _DECODED), None)
                if hit:
                    yield from emit(d, f"{location_key(d)}.{d.name}.{hit}", "decoded", directive=d.name, var=hit)
                    break
