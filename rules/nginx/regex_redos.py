r"""Regular expressions in nginx must not backtrack catastrophically (ReDoS).

## What it does
Reads the regexes of `location ~`, `if (... ~ ...)`, `map` keys, `rewrite` and `server_name ~`
and reports patterns whose matching time can explode on a crafted request: nested
quantifiers with nothing to separate the iterations (`(a+)+`, `((ab)+)+`), adjacent
quantifiers over the same characters (`.*.*`), and iterated alternations whose branches overlap
(`(a|ab)+`, `(.|x)+`). Quantified groups delimited by a character the inner repeat cannot eat
(`(\w+/)+`, `([a-z0-9-]+\.)+`) are safe and not reported.

## Why it matters in production
PCRE backtracks: one request with a long crafted URI or header can pin a worker's CPU for
seconds, and a handful of them take the site down.

## Example
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    location ~ ^/files/(\w+)+\.txt$ {
        root /srv;
    }
}
```

## Use instead
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    location ~ ^/files/\w+\.txt$ {
        root /srv;
    }
}
```

## References
- https://github.com/dvershinin/gixy/blob/master/docs/en/plugins/regex_redos.md
- https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS
"""
from linter.api import RuleMeta
from linter.api.nginx import Emitter, location_key, nginx_model
from linter.api.nginx import redos

META = RuleMeta(
    id="NGX026", name="nginx-regex-redos", kinds=("nginx",), severity="warning",
    checklist=("hardening.nginx-regex",), cwe=(1333,), per_tree=True,
)
MESSAGES = {
    "nested": "this regex nests quantifiers with nothing between iterations, so matching can backtrack "
              "exponentially; remove the outer quantifier or add a separator",
    "adjacent": "this regex has adjacent quantifiers over the same characters, so matching can backtrack "
                "polynomially; merge them",
    "alternation": "this regex repeats an alternation whose branches overlap, so matching can backtrack "
                   "exponentially; make the branches disjoint",
}


def patterns(d):
    args = d.args
    if d.name == "location" and len(args) >= 2 and args[0] in ("~", "~*"):
        return [args[1]]
    if d.name == "if" and len(args) == 3 and args[1] in ("~", "~*", "!~", "!~*"):
        return [args[2]]
    if d.name == "rewrite" and args:
        return [args[0]]
    if d.name == "server_name":
        return [a[1:] for a in args if a.startswith("~")]
    if d.parent is not None and d.parent.name == "map" and d.name.startswith("~"):
        return [d.name[2:] if d.name.startswith("~*") else d.name[1:]]
    return []


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        for d in tree.walk():
            for pattern in patterns(d):
                kind = redos(pattern)
                if kind:
                    yield from emit(d, f"{location_key(d)}.{d.name}.regex", kind)
                    break
