"""Request bodies must have a sane size limit (`client_max_body_size`).

## What it does
Reports `client_max_body_size 0` (no limit at all) and limits above a threshold (default
`100m`).

## Why it matters in production
nginx buffers request bodies before the application sees them; an unlimited or huge limit lets
any client fill the disk or memory with a few uploads. Set the limit to what the largest
legitimate upload needs, per location if one route takes files.

## Example
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    client_max_body_size 0;
    location / {
        proxy_pass http://app:3000;
    }
}
```

## Use instead
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    client_max_body_size 10m;
    location / {
        proxy_pass http://app:3000;
    }
}
```

## References
- https://nginx.org/en/docs/http/ngx_http_core_module.html#client_max_body_size
"""

from linter.api import RuleMeta
from linter.api.nginx import Emitter, location_key, nginx_model
from linter.api import lazy

META = RuleMeta(
    id="NGX011", name="nginx-body-size", kinds=("nginx",), severity="warning",
    checklist=("backend.request-limits",), cwe=(770,),
    options={"max": {"type": "string", "default": "100m",
                     "description": "largest accepted client_max_body_size (nginx size syntax)"}}, per_tree=True,
)
MESSAGES = {
    "unlimited": "client_max_body_size 0 accepts request bodies of any size; set the largest size a route needs",
    "huge": "client_max_body_size {value} is above {max}; lower it to what uploads need (raise it per location)",
}
_SIZE = lazy(r"^(\d+)([kKmMgG]?)$")
_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}


def size(text: str) -> int | None:
    m = _SIZE.match(text.strip())
    return int(m.group(1)) * _UNITS[m.group(2).lower()] if m else None


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    limit = size(ctx.options["max"]) or 100 << 20
    for tree in nginx_model(ctx.model).trees_for(doc):
        for d in tree.find("client_max_body_size"):
            n = size(d.args[0]) if d.args else None
            if n is None:
                continue
            if n == 0:
                yield from emit(d, f"{location_key(d)}.client_max_body_size", "unlimited")
            elif n > limit:
                yield from emit(d, f"{location_key(d)}.client_max_body_size", "huge", value=d.args[0],
                                max=ctx.options["max"])
