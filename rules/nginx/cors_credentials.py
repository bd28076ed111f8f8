"""CORS with credentials must never accept an arbitrary origin.

## What it does
Reports a block that sends `Access-Control-Allow-Credentials: true` together with an
`Access-Control-Allow-Origin` that accepts any caller: `*`, or `$http_origin` reflected with no
`if`/`map` check.

## Why it matters in production
A reflected origin with credentials lets any website make authenticated requests with the
user's cookies and read the answers: account data, CSRF tokens, everything the API returns.

## Example
```nginx path=nginx/conf.d/api.conf
server {
    listen 80;
    location /api/ {
        add_header Access-Control-Allow-Origin $http_origin always;
        add_header Access-Control-Allow-Credentials true always;
        proxy_pass http://api:3000;
    }
}
```

## Use instead
```nginx path=nginx/conf.d/api.conf
map $http_origin $cors_origin {
    default "";
    "https://app.example.com" $http_origin;
}
server {
    listen 80;
    location /api/ {
        add_header Access-Control-Allow-Origin $cors_origin always;
        add_header Access-Control-Allow-Credentials true always;
        proxy_pass http://api:3000;
    }
}
```

## References
- https://portswigger.net/web-security/cors
"""
from linter.api import RuleMeta
from linter.api.nginx import Emitter, headers, location_key, nginx_model, reflects_any_origin

META = RuleMeta(
    id="NGX013", name="nginx-cors-credentials", kinds=("nginx",), severity="error",
    checklist=("secrets.cors-origins",), cwe=(942,), per_tree=True,
)
MESSAGES = {
    "credentials": "Access-Control-Allow-Credentials true with an origin that accepts every caller lets any "
                   "website make authenticated requests; allow only listed origins",
}


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        for block in [tree.top] + list(tree.walk()):
            if block.block is None:
                continue
            own = [d for d in block.children() if d.name in ("add_header", "more_set_headers")]
            if not own:
                continue
            effective = headers(block)
            origin = effective.get("access-control-allow-origin")
            creds = effective.get("access-control-allow-credentials")
            if origin is None or creds is None or creds.value.strip("'\" ").lower() != "true":
                continue
            val = origin.value.strip("'\" ").lower()
            checked = any(level.name == "if" and "$http_origin" in " ".join(level.args).lower()
                          for level in [block] + list(block.ancestors()))
            if val == "*" or (reflects_any_origin(origin.value.strip("'\" "), tree) and not checked):
                anchor = origin.directive if origin.directive.parent is block else creds.directive
                yield from emit(anchor, f"{location_key(anchor)}.Access-Control-Allow-Credentials", "credentials")
