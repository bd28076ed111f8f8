"""`valid_referers` must not accept requests with no Referer (`none`).

## What it does
Reports `valid_referers` lists that contain `none`.

## Why it matters in production
`valid_referers` is used to keep other sites from embedding or calling a resource. `none`
accepts every request without a Referer header, which an attacker can produce at will
(`Referrer-Policy: no-referrer`, a `data:` page, a direct request), so the check protects
nothing.

## Example
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    location /media/ {
        valid_referers none server_names *.example.com;
        if ($invalid_referer) { return 403; }
    }
}
```

## Use instead
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    location /media/ {
        valid_referers server_names *.example.com;
        if ($invalid_referer) { return 403; }
    }
}
```

## References
- https://nginx.org/en/docs/http/ngx_http_referer_module.html#valid_referers
"""
from linter.api import RuleMeta
from linter.api.nginx import Emitter, location_key, nginx_model

META = RuleMeta(
    id="NGX015", name="nginx-valid-referers-none", kinds=("nginx",), severity="warning",
    checklist=("hardening.nginx-access",), cwe=(20,), per_tree=True,
)
MESSAGES = {
    "none": "`none` in valid_referers accepts any request without a Referer, which any client can send; "
            "remove it",
}


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        for d in tree.find("valid_referers"):
            if any(a.lower() == "none" for a in d.args):
                yield from emit(d, f"{location_key(d)}.valid_referers", "none")
