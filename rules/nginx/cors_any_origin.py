"""nginx must not allow every origin in CORS responses.

## What it does
Reports `add_header Access-Control-Allow-Origin *` (or `more_set_headers` with it), and
`Access-Control-Allow-Origin $http_origin` that reflects the caller's origin without any
check — no `if ($http_origin ~ ...)` around it, or a `map $http_origin` whose `default` gives
`$http_origin` back. Credentials
together with such an origin are the separate rule NGX013.

## Why it matters in production
With CORS open to every origin, any website a user visits can call the API from their browser
and read the answers. List the production front-end origins instead.

## Example
```nginx path=nginx/conf.d/api.conf
server {
    listen 80;
    location /api/ {
        add_header Access-Control-Allow-Origin *;
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
        add_header Access-Control-Allow-Origin $cors_origin;
        proxy_pass http://api:3000;
    }
}
```

## References
- https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS
"""
from linter.api import RuleMeta
from linter.api.nginx import Emitter, location_key, nginx_model, reflects_any_origin

META = RuleMeta(
    id="NGX012", name="nginx-cors-any-origin", kinds=("nginx",), severity="warning",
    checklist=("secrets.cors-origins",), cwe=(942,), per_tree=True,
)
MESSAGES = {
    "wildcard": "Access-Control-Allow-Origin * lets every website read these responses; list the allowed "
                "origins (a map of $http_origin)",
    "reflected": "Access-Control-Allow-Origin echoes $http_origin unchecked, which allows every origin; map "
                 "$http_origin to a list of allowed origins",
}


def acao(d):
    """The value an add_header/more_set_headers gives Access-Control-Allow-Origin, or None."""
    if d.name == "add_header" and len(d.args) >= 2 and d.args[0].lower() == "access-control-allow-origin":
        return d.args[1].strip()
    if d.name == "more_set_headers":
        for arg in d.args:
            name, _, val = arg.partition(":")
            if name.strip().lower() == "access-control-allow-origin":
                return val.strip()
    return None


def unchecked_reflection(d, val, tree=None) -> bool:
    if not reflects_any_origin(val, tree):
        return False
    return not any(level.name == "if" and "$http_origin" in " ".join(level.args).lower()
                   for level in d.ancestors())


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        for d in tree.walk():
            val = acao(d)
            if val is None:
                continue
            if val.strip("'\"") == "*":
                yield from emit(d, f"{location_key(d)}.Access-Control-Allow-Origin", "wildcard")
            elif unchecked_reflection(d, val, tree):
                yield from emit(d, f"{location_key(d)}.Access-Control-Allow-Origin", "reflected")
