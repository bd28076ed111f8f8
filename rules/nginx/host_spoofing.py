"""The upstream Host header must not come from the client (`$http_host`).

## What it does
Reports `proxy_set_header Host` set from a request-controlled variable: `$http_host`,
`$http_*`, `$arg_*`, `$cookie_*`. `$host` is safe: nginx sets it from the request line or the
matched `server_name`.

## Why it matters in production
`$http_host` is whatever the client sent, including a host that no `server_name` matched.
Applications build password-reset links, redirects and cache keys from the Host header, so a
forged one poisons them.

## Example
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    location / {
        proxy_set_header Host $http_host;
        proxy_pass http://app:3000;
    }
}
```

## Use instead
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    location / {
        proxy_set_header Host $host;
        proxy_pass http://app:3000;
    }
}
```

## References
- https://github.com/dvershinin/gixy/blob/master/docs/en/plugins/hostspoofing.md
"""
from linter.api import RuleMeta
from linter.api.nginx import USER_PREFIXES, Emitter, location_key, nginx_model, variables

META = RuleMeta(
    id="NGX022", name="nginx-host-spoofing", kinds=("nginx",), severity="warning",
    checklist=("hardening.nginx-routing",), cwe=(644,), per_tree=True,
    peers=("semgrep:request-host-used",),
)
MESSAGES = {
    "spoofable": "the upstream Host header comes from ${var}, which the client controls; use `$host`",
}


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        for d in tree.find("proxy_set_header"):
            if len(d.args) < 2 or d.args[0].lower() != "host":
                continue
            var = next((v for v in variables(d.args[1]) if v.lower().startswith(USER_PREFIXES)), None)
            if var:
                yield from emit(d, f"{location_key(d)}.proxy_set_header.Host", "spoofable", var=var)
