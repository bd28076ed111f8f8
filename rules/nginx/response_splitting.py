r"""Decoded URI variables must not reach response headers or redirects.

## What it does
Reports a value that a request can fill with a line break reaching a response header, a redirect or
the request nginx sends upstream: `$uri` and `$document_uri` (which nginx URL-decodes), and regex
captures whose character class admits a line break (`([^/]+)`, `(\W*)`; `(.*)` cannot, `.` stops at
`\n`), directly or through `set` and `map` (a map value built from one, or from a capture of the map's
own regex key). Checked in `add_header`, `more_set_headers`, `return`, `rewrite`
replacements (nginx escapes the rewrite's own captures, so only decoded variables count there),
`proxy_set_header` and `proxy_pass`. Use `$request_uri`, which keeps the client's encoding, or a
class that excludes `\r\n` (`([^/\s]+)`).

Only `\n` counts. A bare `\r` (what `.` still matches) is not reported, unlike gixy for response
headers: HTTP/1.1 clients must treat a bare CR as invalid or as a space (RFC 9112, section 2.2), so
it cannot start a new header, and reporting it would flag every `return 301 /new/$1` whose location
captures `(.*)`.

## Why it matters in production
`%0d%0a` in the path decodes to a line break: a redirect to `https://$host$uri` then lets a
crafted link inject headers (`Set-Cookie`) or a whole response — HTTP response splitting.

## Example
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    return 301 https://$host$uri;
}
```

## Use instead
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    return 301 https://$host$request_uri;
}
```

## References
- https://github.com/dvershinin/gixy/blob/master/docs/en/plugins/httpsplitting.md
"""
from linter.api import RuleMeta
from linter.api.nginx import Emitter, location_key, may_hold, nginx_model, regex_capture, uri_is_raw, variables

META = RuleMeta(
    id="NGX021", name="nginx-response-splitting", kinds=("nginx",), severity="warning",
    checklist=("hardening.nginx-routing",), cwe=(113,), per_tree=True,
    peers=("semgrep:header-injection",),
)
MESSAGES = {
    "decoded": "{directive} uses ${var}, which nginx URL-decodes, so %0d%0a injects headers; use $request_uri",
    "capture": "{directive} uses ${var}, a regex capture that can hold a line break, so %0a in the request "
               "injects headers; exclude \\r\\n from the capture's class (e.g. [^/\\s]+)",
    "derived": "{directive} uses ${var}, which a set or map builds from the URL-decoded path or a capture that can "
               "hold a line break, so %0a in the request injects headers; build it from $request_uri or a class "
               "without \\r\\n",
}
_DECODED = {"uri", "document_uri"}


def _values(d):
    if d.name == "add_header":
        return d.args[1:2]
    if d.name == "return":
        return d.args[1:2] if len(d.args) >= 2 and d.args[0].isdigit() and 300 <= int(d.args[0]) < 400 else \
            [a for a in d.args[:1] if not a.isdigit()]
    if d.name == "rewrite":
        return d.args[1:2]
    if d.name == "proxy_set_header":
        return d.args[1:2]
    if d.name == "proxy_pass":
        return d.args[:1]
    if d.name == "more_set_headers":
        return list(d.args)
    return []


def _hit(d, text):
    """The first variable of ``text`` that can carry a line break into ``d``, and which message says why."""
    for name in variables(text):
        if name.lower() in _DECODED:
            if uri_is_raw(d):
                continue
            return name, "decoded"
        # rewrite escapes its own captures; upstream requests (proxy_*) only break on \n
        if d.name != "rewrite" and may_hold(name, d, "\n"):
            return name, "capture" if regex_capture(name, d) is not None else "derived"
    return None


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        for d in tree.walk():
            for text in _values(d):
                hit = _hit(d, text)
                if hit:
                    yield from emit(d, f"{location_key(d)}.{d.name}.{hit[0]}", hit[1], directive=d.name, var=hit[0])
                    break
