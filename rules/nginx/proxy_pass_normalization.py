"""`proxy_pass` with a URI part hands the backend a decoded, normalised path.

## What it does
Reports `proxy_pass` with a URI part and no variable in it (`proxy_pass http://api/;`,
`http://unix:/run/app.sock:/v1/`, `$upstream/`) in a non-exact location, and `proxy_pass`
without one after `rewrite ... $request_uri` (the raw path is then encoded twice).
Exact-match locations (`location = /x`), and a URI part carrying the path in a variable
(`http://api/$1`), are fine. It is a note: stripping a prefix this way is common and often
harmless, but the backend must not rely on the path for access decisions.

## Why it matters in production
With a URI part nginx decodes the path and resolves `..` and `%2F` before replacing the
location prefix, so the backend does not see what the client sent: path-based checks in the
application can be bypassed (`/api/..%2Fadmin`), and encoded identifiers in paths break.

## Example
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    location /api/ {
        proxy_pass http://api:3000/;
    }
}
```

## Use instead
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    location /api/ {
        proxy_pass http://api:3000;
    }
}
```

## References
- https://github.com/dvershinin/gixy/blob/master/docs/en/plugins/proxy_pass_normalized.md
- https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_pass
"""
from linter.api import RuleMeta
from linter.api.nginx import Emitter, location_key, nginx_model

META = RuleMeta(
    id="NGX019", name="nginx-proxy-pass-normalization", kinds=("nginx",), severity="note",
    checklist=("hardening.nginx-routing",), cwe=(22, 436), precision="medium", per_tree=True,
)
MESSAGES = {
    "uri-part": "proxy_pass with the URI part '{uri}' sends the backend a decoded, normalised path; drop the "
                "URI part (or pass the raw path in a variable) unless the backend does no path checks",
    "double-encoded": "after `rewrite ... $request_uri` this proxy_pass re-encodes the raw path; pass it "
                      "explicitly (proxy_pass http://backend$1 or .../$uri)",
}


def split(url: str):
    """(host part, URI part) of a proxy_pass value, or None for stream-style values."""
    if url.startswith("$"):
        name_end = 1
        if url[1:2] == "{":
            name_end = url.find("}") + 1 or len(url)
        else:
            while name_end < len(url) and (url[name_end].isalnum() or url[name_end] == "_"):
                name_end += 1
        return url[:name_end], url[name_end:]
    scheme, sep, rest = url.partition("://")
    if not sep:
        return None
    if rest.startswith("unix:"):
        sock, colon, uri = rest[5:].partition(":")
        return scheme + "://unix:" + sock, uri
    host, slash, path = rest.partition("/")
    return scheme + "://" + host, slash + path


def _raw_rewrite(block) -> bool:
    level = block
    while level is not None:
        if any(len(r.args) >= 2 and "$request_uri" in r.args[1] for r in level.children("rewrite")):
            return True
        if level.name == "location":
            return False
        level = level.parent
    return False


def _exact(block) -> bool:
    level = block
    while level is not None and level.name != "location":
        level = level.parent
    return level is not None and bool(level.args) and level.args[0] == "="


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        for d in tree.find("proxy_pass"):
            if not d.args or d.parent is None or any(a.name == "stream" for a in d.ancestors()):
                continue
            parts = split(d.args[0])
            if parts is None or _exact(d.parent):
                continue
            host, uri = parts
            if uri and "$" not in uri:
                yield from emit(d, f"{location_key(d)}.proxy_pass", "uri-part", uri=uri)
            elif not uri and "$" not in host and _raw_rewrite(d.parent):
                yield from emit(d, f"{location_key(d)}.proxy_pass", "double-encoded")
