r"""Static-asset locations should tell browsers how long to cache.

## What it does
Reports a `location` that serves static assets — a regex on file extensions such as
`\.(js|css|png|woff2)$`, or a prefix such as `/static/`, `/assets/`, `/_next/static/` — with
neither `expires` nor a `Cache-Control` header in effect. Locations that proxy to an
application are left to it, and so are snippets that nothing in the repository includes (the
`expires` may come from where they are used).

## Why it matters in production
Without caching headers every page view re-downloads (or at least revalidates) every script,
stylesheet and image: slower pages and more load on the server. Fingerprinted assets can be
cached for a year.

## Example
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    root /srv/www;
    location /static/ {
        try_files $uri =404;
    }
}
```

## Use instead
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    root /srv/www;
    location /static/ {
        expires 1y;
        add_header Cache-Control "public, immutable";
        try_files $uri =404;
    }
}
```

## References
- https://nginx.org/en/docs/http/ngx_http_headers_module.html#expires
"""
from linter.api import RuleMeta
from linter.api.nginx import Emitter, headers, inherited, location_key, nginx_model, passes, static_location

META = RuleMeta(
    id="NGX008", name="nginx-static-caching", kinds=("nginx",), severity="note",
    checklist=("frontend.caching",), security=False, per_tree=True,
)
MESSAGES = {
    "missing": "this static-asset location sets no caching; add `expires 30d;` (or a Cache-Control header, "
               "`immutable` for fingerprinted files)",
}


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        if not tree.complete:
            continue
        for loc in tree.find("location"):
            if loc.block is None or not static_location(loc) or passes(loc):
                continue
            expires = inherited(loc, "expires")
            if expires and expires[-1].args and expires[-1].args[0].lower() != "off":
                continue
            if "cache-control" in headers(loc) or any(d.name == "expires" for d in loc.walk()):
                continue
            yield from emit(loc, f"{location_key(loc)}.expires", "missing")
