"""Response header values must fit on one line.

## What it does
Reports an `add_header` or `more_set_headers` value that spans several lines, typically a
Content-Security-Policy written one directive per line inside quotes (gixy
`add_header_multiline`).

## Why it matters in production
nginx sends the line breaks as they are: a header folded over several lines is obsolete HTTP/1.1
syntax that browsers and proxies reject or cut, and HTTP/2 and HTTP/3 forbid it outright. The
policy or header that was meant to protect the page silently never applies.

## Example
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    add_header Content-Security-Policy "default-src 'self';
        img-src 'self' data:" always;
}
```

## Use instead
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    add_header Content-Security-Policy "default-src 'self'; img-src 'self' data:" always;
}
```

## References
- https://www.rfc-editor.org/rfc/rfc9112#name-obsolete-line-folding
- gixy add_header_multiline
"""
from linter.api import RuleMeta
from linter.api.nginx import Emitter, location_key, nginx_model

META = RuleMeta(
    id="NGX030", name="nginx-multiline-header", kinds=("nginx",), severity="warning",
    checklist=("backend.security-headers",), cwe=(113,), per_tree=True,
)
MESSAGES = {
    "multiline": "the value of {header} spans several lines; clients drop folded headers (HTTP/2 forbids them): "
                 "write it on one line",
}


def _header_values(d):
    if d.name == "add_header" and len(d.args) >= 2:
        return [(d.args[0], d.args[1])]
    if d.name == "more_set_headers":
        out, skip = [], False
        for arg in d.args:
            if skip:
                skip = False
            elif arg in ("-s", "-t"):
                skip = True  # status codes and content types may be listed over lines
            elif not arg.startswith("-"):
                name, _, value = arg.partition(":")
                out.append((name.strip(), value))
        return out
    return []


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        for d in tree.walk():
            for name, value in _header_values(d):
                if "\n" in value.rstrip() or "\r" in value:
                    yield from emit(d, f"{location_key(d)}.{d.name}.{name}", "multiline", header=name)
                    break
