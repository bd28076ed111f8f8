"""nginx must not announce its version: `server_tokens off` at http level.

## What it does
Reports `server_tokens on` (or `build`) wherever it is written, and an http context — an
`http {}` block, or a `conf.d` file of servers that the official image loads into its own
`http {}` (whose default is `on`) — where `server_tokens off` is not set. When some servers
set it and others do not, the others are reported.

## Why it matters in production
`Server: nginx/1.18.0` on every response and error page tells a scanner exactly which CVEs to
try. Turning it off costs nothing.

## Example
```nginx path=nginx/nginx.conf
events {}
http {
    server {
        listen 80;
        root /srv/www;
    }
}
```

## Use instead
```nginx path=nginx/nginx.conf
events {}
http {
    server_tokens off;
    server {
        listen 80;
        root /srv/www;
    }
}
```

## Fix safety
Safe: `server_tokens on;` (or `build`) becomes `server_tokens off;`; where it is missing, `server_tokens off;` is
added as the first line inside the `http {` block, indented like the block's directives, or, for a `conf.d` file
the image loads inside its `http {}`, as the file's first directive. Responses only lose the version in the
`Server` header and on error pages. An `http {` whose opening line holds more than the brace is left for a
person.

## References
- https://nginx.org/en/docs/http/ngx_http_core_module.html#server_tokens
"""
import re

from linter.api import edits
from linter.api import Edit, RuleMeta
from linter.api.nginx import Emitter, levels, location_key, missing_in_scope, nginx_model
from linter.api import lazy

META = RuleMeta(
    id="NGX006", name="nginx-server-tokens", kinds=("nginx",), severity="warning",
    checklist=("frontend.server-tokens",), cwe=(200,), fix="safe",
)
MESSAGES = {
    "enabled": "server_tokens {value} discloses the nginx version; set `server_tokens off;`",
    "missing": "the nginx version is sent in every Server header and error page; add `server_tokens off;` "
               "to the http block",
    "missing-conf-d": "no `server_tokens off;` for these servers (the official image's http block leaves it on); "
                      "add it at the top of this file",
    "missing-server": "this server does not set `server_tokens off;` while others do; set it in the http block",
}


def _off(block):
    return any(d.args and d.args[0].lower() == "off" for d in block.children("server_tokens"))


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        for d in tree.find("server_tokens"):
            if d.args and d.args[0].lower() in ("on", "build"):
                yield from emit(d, f"{location_key(d)}.server_tokens", "enabled", value=d.args[0],
                                fix=_turn_off(doc.file, d))
        for scope in tree.http_scopes():
            servers = scope.servers()
            if not servers and not scope.virtual and not any(_off(level) for level in levels(scope.block)):
                # an http block whose servers live outside the repository still sets the default for them
                yield from emit(scope.anchor, "http.server_tokens", "missing", fix=_add_to_http(ctx, tree, scope))
            for node, where in missing_in_scope(scope, _off, servers):
                official_image = scope.virtual and scope.block.parent is None
                message = "missing-server" if where == "server" else ("missing-conf-d" if official_image else "missing")
                yield from emit(node, f"{location_key(node)}.server_tokens", message,
                                fix=_add_to_http(ctx, tree, scope))


_OFF = "server_tokens off;"
_ARG = lazy(r"\s+([\"']?)(on|build)\1\s*;", re.I)


def _turn_off(file, d):
    m = _ARG.match(file.line_text(d.line), d.column - 1 + len(d.name))
    if m is None:
        return None
    at = file.offset(d.line, m.start(2) + 1)
    return edits.fix("set server_tokens off", Edit(at, at + len(m.group(2)), "off"))


def _add_to_http(ctx, tree, scope):
    """``server_tokens off;`` first inside the http block, or first in a conf.d file judged inside one."""
    if scope.virtual:
        file = ctx.model.by_rel.get(tree.root)
        doc = ctx.model.document(file) if file is not None else None
        first = doc.directives[0] if doc is not None and doc.directives else None
        if first is None or file.line_text(first.line)[:first.column - 1].strip():
            return None
        return edits.fix("add server_tokens off", edits.insert_lines_before(
            file, first.line, [edits.indentation(file, first.line) + _OFF]), path=file.rel)
    http = scope.block
    file = ctx.model.by_rel.get(http.file)
    if file is None:
        return None
    brace = _opening_brace_line(file, http)
    if brace is None:
        return None
    children = [c for c in http.block or () if c.file == http.file and c.line > brace]
    if children:
        indent = edits.indentation(file, children[0].line)
    else:
        outer = edits.indentation(file, http.line)
        indent = outer + ("\t" if "\t" in outer else "    ")
    return edits.fix("add server_tokens off", edits.insert_lines_after(file, brace, [indent + _OFF]), path=file.rel)


def _opening_brace_line(file, block) -> int | None:
    """The line of a block's ``{`` when nothing but a comment follows it there."""
    text = file.text
    i = file.offset(block.line, block.column + len(block.name))
    while i < len(text) and text[i] != "{":
        if text[i] == "#":
            i = text.find("\n", i)
            if i == -1:
                return None
        elif not text[i].isspace():
            return None
        i += 1
    if i >= len(text):
        return None
    line, column = file.position(i)
    rest = file.line_text(line)[column:].strip()
    return line if not rest or rest.startswith("#") else None
