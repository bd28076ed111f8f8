"""A prefix location without a trailing slash must not use an alias with one.

## What it does
Reports `location /files { alias /srv/files/; }`: a prefix location that does not end in `/`
with an `alias` that does.

## Why it matters in production
A request for `/files../secret` matches the location, and nginx maps it to
`/srv/files/../secret`: any file in the alias's parent directory can be read (the classic
"off-by-slash" path traversal).

## Example
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    location /static {
        alias /srv/app/static/;
    }
}
```

## Use instead
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    location /static/ {
        alias /srv/app/static/;
    }
}
```

## References
- https://github.com/dvershinin/gixy/blob/master/docs/en/plugins/aliastraversal.md
"""
from linter.api import RuleMeta
from linter.api.nginx import Emitter, location_key, nginx_model

META = RuleMeta(
    id="NGX020", name="nginx-alias-traversal", kinds=("nginx",), severity="error",
    checklist=("hardening.nginx-routing",), cwe=(22,),
)
MESSAGES = {
    "traversal": "location '{prefix}' has no trailing slash but its alias ends in one, so '{prefix}../' reads the "
                 "parent directory; end the location with '/' too",
}


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        for d in tree.find("alias"):
            loc = d.parent
            if loc is None or loc.name != "location" or not loc.args or not d.args:
                continue
            if loc.args[0] in ("~", "~*", "="):
                continue
            path = loc.args[-1]
            if not path.endswith("/") and d.args[0].endswith("/"):
                yield from emit(d, f"{location_key(d)}.alias", "traversal", prefix=path)
