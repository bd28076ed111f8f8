"""`proxy_pass` must not send requests to a host the client chooses (SSRF).

## What it does
Reports `proxy_pass` whose scheme or host comes from the request: `$arg_*`, `$http_*`,
`$cookie_*`, regex captures of the location (`$1`, named groups), and variables built from
them with `set` or `map`. Variables that always start with `/` (`$request_uri`, `$uri`) end the
host, so `proxy_pass http://backend$request_uri` is fine; so is an `internal` location, which only the
application's `X-Accel-Redirect` reaches, unless a `rewrite` of the same server lets the request choose the
whole new path (`rewrite ^/(.*)/some$ /$1/ last;`): nginx serves rewritten requests from internal locations
too, so the client can then address the internal proxy directly (gixy's ssrf documentation).

## Why it matters in production
A client that picks the upstream host can make nginx fetch cloud metadata
(`169.254.169.254`), internal admin panels or databases on its behalf, from inside the network.

## Example
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    location ~ ^/proxy/(?<target>.*)$ {
        proxy_pass http://$target;
    }
}
```

## Use instead
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    location ~ ^/proxy/(?<path>.*)$ {
        proxy_pass http://static-backend/$path;
    }
}
```

## References
- https://github.com/dvershinin/gixy/blob/master/docs/en/plugins/ssrf.md
- https://cwe.mitre.org/data/definitions/918.html
"""
from linter.api import RuleMeta
from linter.api.nginx import (Emitter, expand_set, host_part, is_internal, location_key, nginx_model,
    rewrite_into_any_location, user_controlled, variables)

META = RuleMeta(
    id="NGX018", name="nginx-ssrf", kinds=("nginx",), severity="error",
    checklist=("hardening.nginx-routing",), cwe=(918,), per_tree=True,
    peers=("semgrep:dynamic-proxy-host", "semgrep:dynamic-proxy-scheme", "semgrep:missing-internal"),
)
MESSAGES = {
    "ssrf": "the request chooses where proxy_pass connects (through ${var}); proxy to a fixed upstream and "
            "pass request data only in the path",
    "ssrf-rewritten": "the request chooses where proxy_pass connects (through ${var}), and this internal location "
                      "is reachable from outside through the rewrite on line {line}, which lets the request pick "
                      "the whole new path; proxy to a fixed upstream or give the rewrite a fixed prefix",
}


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        for d in tree.find("proxy_pass"):
            if not d.args or d.parent is None:
                continue
            url = expand_set(d.args[0], d.parent)
            chosen = next((v for v in variables(host_part(url)) if user_controlled(v, d.parent, tree)), None)
            if chosen is None:
                continue
            if not is_internal(d.parent):
                yield from emit(d, f"{location_key(d)}.proxy_pass", "ssrf", var=chosen)
                continue
            rewrite = rewrite_into_any_location(d.parent, tree)
            if rewrite is not None:
                yield from emit(d, f"{location_key(d)}.proxy_pass", "ssrf-rewritten", var=chosen, line=rewrite.line)
