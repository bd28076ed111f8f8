"""TLS servers must send Strict-Transport-Security, long enough and on every response.

## What it does
For every server that terminates TLS (`listen ... ssl`, `quic`, `ssl on`), reports:
no effective `Strict-Transport-Security` header (servers that only redirect are left alone: the
host they send the client to sets it); a `max-age` below the minimum (default
15552000 seconds, 180 days); an `add_header` without `always` (nginx then drops it from error
responses). A `location` (or `if`) that adds headers of its own and so silently loses the
server's HSTS header (nginx inherits `add_header` only into levels that have none) is NGX017's
finding, one per block naming every header lost.
`more_set_headers` and `security_headers on` count as setting the header.

## Why it matters in production
Without HSTS a user who types the bare domain, or follows an `http://` link, makes one
plain-HTTP request that an attacker on the network can intercept (SSL stripping). A short
`max-age` lets the protection lapse between visits.

## Example
```nginx path=nginx/conf.d/site.conf
server {
    listen 443 ssl;
    server_name example.com;
    ssl_certificate /etc/ssl/example.pem;
    ssl_certificate_key /etc/ssl/example.key;
    add_header X-Content-Type-Options nosniff always;

    location / {
        proxy_pass http://api:3000;
    }
}
```

## Use instead
```nginx path=nginx/conf.d/site.conf
server {
    listen 443 ssl;
    server_name example.com;
    ssl_certificate /etc/ssl/example.pem;
    ssl_certificate_key /etc/ssl/example.key;
    add_header X-Content-Type-Options nosniff always;
    add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;

    location / {
        proxy_pass http://api:3000;
    }
}
```
A `location` with an `add_header` of its own (`add_header Cache-Control "no-store";`) must repeat the
Strict-Transport-Security line, or include a shared headers snippet in both places.

## Fix safety
Unsafe: the fix adds `add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;` to a
TLS server that sends none, after the server's last `add_header` (else after `ssl_certificate_key`, else after
its `listen` lines), indented like the server's directives. Once browsers see it they refuse plain HTTP to the
host, and with `includeSubDomains` to every subdomain, for a year: a subdomain still served over HTTP only
becomes unreachable, and the header cannot be taken back before it expires. A person must check that first;
apply it with `--unsafe-fixes`. A server that inherits `add_header` lines from the http level and has none of
its own gets no fix (adding one would silently drop the inherited headers), nor do the other findings (a short
`max-age`, a missing `always`).

## References
- https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header
- https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Strict-Transport-Security
"""
import re

from linter.api import edits
from linter.api import RuleMeta
from linter.api.nginx import Emitter, headers, location_key, nginx_model, own_headers, redirect_only
from linter.api import lazy

META = RuleMeta(
    id="NGX002", name="nginx-hsts", kinds=("nginx",), severity="warning", checklist=("tls.hsts",), cwe=(319,),
    fix="unsafe",
    options={"min-max-age": {"type": "integer", "default": 15552000,
                             "description": "smallest accepted max-age, in seconds"}},
)
MESSAGES = {
    "missing": "this TLS server sends no Strict-Transport-Security header; add "
               "`add_header Strict-Transport-Security \"max-age=31536000; includeSubDomains\" always;`",
    "short": "Strict-Transport-Security max-age is {age}s; use at least {min}s (180 days)",
    "no-max-age": "Strict-Transport-Security has no max-age; use `max-age=31536000`",
    "not-always": "add `always` to this Strict-Transport-Security add_header so error responses carry it too",
}
_AGE = lazy(r"max-age\s*=\s*\"?(\d+)", re.I)


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    minimum = ctx.options["min-max-age"]
    for tree in nginx_model(ctx.model).trees_for(doc):
        for d in tree.find("add_header"):
            if len(d.args) < 2 or d.args[0].lower() != "strict-transport-security":
                continue
            key = f"{location_key(d)}.add_header.Strict-Transport-Security"
            m = _AGE.search(d.args[1])
            if m is None:
                yield from emit(d, key, "no-max-age")
            elif int(m.group(1)) < minimum:
                yield from emit(d, key, "short", age=m.group(1), min=minimum)
            if not (len(d.args) > 2 and d.args[2].lower() == "always"):
                yield from emit(d, f"{key}.always", "not-always")
        for server in tree.servers():
            if not server.tls or not emit.reports(server.node):
                continue
            if "strict-transport-security" not in headers(server.node) and not redirect_only(server.node):
                yield from emit(server.node, f"{server.key}.add_header.Strict-Transport-Security", "missing",
                                fix=_add_hsts(doc.file, server.node))


_HSTS = 'add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;'


def _add_hsts(file, server):
    """The HSTS line after the server's last add_header, else its certificate key, else its listen lines."""
    if not own_headers(server) and any(h.directive.name == "add_header" for h in headers(server).values()):
        return None  # a first add_header here would drop the ones inherited from http
    mine = [d for d in server.block or () if d.file == server.file]
    for name in ("add_header", "ssl_certificate_key", "listen"):
        found = [d for d in mine if d.name == name]
        if found:
            last = _end_line(file, found[-1])
            if last is None:
                return None
            return edits.fix("send Strict-Transport-Security", edits.insert_lines_after(
                file, last, [edits.indentation(file, found[-1].line) + _HSTS]), safety="unsafe")
    return None


def _end_line(file, d) -> int | None:
    """The line of a directive's closing ``;`` (quotes skipped), when it starts its line and nothing but a
    comment follows the ``;``."""
    if file.line_text(d.line)[:d.column - 1].strip():
        return None
    text, i, quote = file.text, file.offset(d.line, d.column), ""
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif c == "#":
            i = text.find("\n", i)
            if i == -1:
                return None
        elif c in "{}":
            return None
        elif c == ";":
            line, column = file.position(i)
            rest = file.line_text(line)[column:].strip()
            return line if not rest or rest.startswith("#") else None
        i += 1
    return None
