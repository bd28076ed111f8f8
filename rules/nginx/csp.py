"""Servers that serve a web front end must send a strict Content-Security-Policy.

## What it does
Reports a server that serves files (`root`, `try_files`, `index`) with no effective
`Content-Security-Policy` header (a `-Report-Only` policy alone does not count); a policy
whose `script-src` (or `default-src` when there is none) allows `'unsafe-inline'` without a
nonce or hash, `'unsafe-eval'`, or `*`. A `location` that sets its own `add_header` and so
loses the policy set above it is NGX017's finding (one per block, naming every header lost).

Servers that only proxy to an application are left to the application's own headers
(helmet and friends are checked in the Node rules).

## Why it matters in production
A Content-Security-Policy is the browser-side net under cross-site scripting: with it, an
injected `<script>` from another origin or inline does not run. `'unsafe-inline'` and
`'unsafe-eval'` switch exactly that protection off.

## Example
```nginx path=nginx/conf.d/site.conf
server {
    listen 443 ssl;
    server_name example.com;
    root /usr/share/nginx/html;
    add_header Content-Security-Policy "default-src 'self'; script-src 'self' 'unsafe-inline'" always;
}
```

## Use instead
```nginx path=nginx/conf.d/site.conf
server {
    listen 443 ssl;
    server_name example.com;
    root /usr/share/nginx/html;
    add_header Content-Security-Policy "default-src 'self'; script-src 'self'; object-src 'none'" always;
}
```

## References
- https://developer.mozilla.org/en-US/docs/Web/HTTP/CSP
- https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header
"""
import re

from linter.api import RuleMeta
from linter.api.nginx import (Emitter, headers, location_key, nginx_model, redirect_only,
    serves_files)

META = RuleMeta(
    id="NGX003", name="nginx-csp", kinds=("nginx",), severity="warning", checklist=("frontend.csp",),
    cwe=(1021, 79), per_tree=True,
)
MESSAGES = {
    "missing": "this server serves a front end without a Content-Security-Policy header; add one, e.g. "
               "`add_header Content-Security-Policy \"default-src 'self'; object-src 'none'\" always;`",
    "unsafe": "the Content-Security-Policy allows {what} in {directive}; remove it (use nonces or hashes)",
}


def weakness(policy: str):
    """(directive, what) for the first hole in a policy, or None."""
    directives = {}
    for part in policy.split(";"):
        tokens = part.strip().split()
        if tokens:
            directives.setdefault(tokens[0].lower(), [t.lower() for t in tokens[1:]])
    name = "script-src" if "script-src" in directives else "default-src"
    sources = directives.get(name)
    if sources is None:
        return None
    if "'unsafe-eval'" in sources:
        return name, "'unsafe-eval'"
    if "'unsafe-inline'" in sources and not any(s.startswith(("'nonce-", "'sha256-", "'sha384-", "'sha512-",
                                                                "'strict-dynamic'")) for s in sources):
        return name, "'unsafe-inline'"
    if "*" in sources or any(re.fullmatch(r"https?:|\*", s) for s in sources):
        return name, "any origin"
    if "*" in directives.get("default-src", []):
        return "default-src", "any origin"
    return None


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        for d in tree.find("add_header"):
            if len(d.args) >= 2 and d.args[0].lower() == "content-security-policy":
                hole = weakness(d.args[1])
                if hole:
                    yield from emit(d, f"{location_key(d)}.add_header.Content-Security-Policy", "unsafe",
                                    directive=hole[0], what=hole[1])
        for server in tree.servers():
            if redirect_only(server.node) or not serves_files(server.node):
                continue
            if "content-security-policy" not in headers(server.node):
                yield from emit(server.node, f"{server.key}.add_header.Content-Security-Policy", "missing")
