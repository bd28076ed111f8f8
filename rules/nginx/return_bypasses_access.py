"""`return` must not sit beside `allow`/`deny`: it answers before access rules run.

## What it does
Reports `return` in a block that has `allow`/`deny` rules, directly or inside an `if` of that
block.

## Why it matters in production
`return` runs in nginx's rewrite phase, before the access phase where `allow`/`deny` are
checked: the response goes to everyone, whatever the access list says.

## Example
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    location /internal-status {
        allow 10.0.0.0/8;
        deny all;
        return 200 "ok";
    }
}
```

## Use instead
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    location /internal-status {
        allow 10.0.0.0/8;
        deny all;
        try_files /status.txt =404;
    }
}
```

## References
- https://github.com/dvershinin/gixy/blob/master/docs/en/plugins/return_bypasses_allow_deny.md
- https://nginx.org/en/docs/dev/development_guide.html#http_phases
"""
from linter.api import RuleMeta
from linter.api.nginx import Emitter, location_key, nginx_model

META = RuleMeta(
    id="NGX024", name="nginx-return-bypasses-access", kinds=("nginx",), severity="warning",
    checklist=("hardening.nginx-access",), cwe=(284,), per_tree=True,
)
MESSAGES = {
    "bypass": "`return` runs before allow/deny are checked, so this answer goes to every client; serve it with "
              "try_files or a separate location, or check the address with a map/geo",
}


def _returns(block):
    for d in block.children():
        if d.name == "return":
            yield d
        elif d.name == "if" and d.block is not None:
            yield from _returns(d)


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        for block in [tree.top] + [d for d in tree.walk() if d.block is not None]:
            if not (block.children("allow") or block.children("deny")):
                continue
            for ret in _returns(block):
                yield from emit(ret, f"{location_key(ret)}.return", "bypass")
