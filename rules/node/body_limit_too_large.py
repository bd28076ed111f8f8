"""Request body parsers must keep a modest size limit.

## What it does
Reports body parsers configured with a huge limit: `express.json()`, `express.urlencoded()`, `express.raw()`,
`express.text()`, the same from `body-parser`, `koa-body` / `koa-bodyparser` (`jsonLimit`, `formLimit`,
`textLimit`, `formidable.maxFileSize`), `fastify({ bodyLimit })` and a route's `bodyLimit`, hapi's
`routes.payload.maxBytes` on the server and `options.payload.maxBytes` on a route (unless the route streams the
payload: `output: 'stream'`/`'file'`, `parse: false`), and Nest's `app.useBodyParser('json', { limit })`, when the limit is at least `max-mb`
megabytes (50 by default) or `Infinity`.

## Why it matters in production
Parsing a body means holding it in memory. A limit of hundreds of megabytes lets a handful of concurrent
requests exhaust the process's memory; the 100kb default is right for most JSON APIs. Large uploads belong in
a streaming handler with its own limit, on the routes that need them.

## Example
```js path=server.js
const express = require('express');

const app = express();
app.use(express.json({ limit: '100mb' }));
```

## Use instead
```js path=server.js
const express = require('express');

const app = express();
app.use(express.json({ limit: '1mb' }));
```

## Options
`max-mb`: the smallest limit, in megabytes, that is reported.

## References
- https://expressjs.com/en/api.html#express.json
- https://cheatsheetseries.owasp.org/cheatsheets/Denial_of_Service_Cheat_Sheet.html
"""
import re

from linter.api import RuleMeta
from linter.api.node import analysis, config_routes

META = RuleMeta(
    id="JS015", name="body-limit-too-large", kinds=("node",), severity="warning",
    checklist=("backend.request-limits",), cwe=(770, 400),
    options={"max-mb": {"type": "number", "exclusiveMinimum": 0, "default": 50,
                        "description": "limits of this many megabytes or more are reported"}},
    hints=("limit|maxbytes", "express|body-parser|koa-body|fastify|usebodyparser|hapi|maxbytes"),
)
MESSAGES = {
    "huge": "`{api}` accepts bodies up to {limit}; keep the limit small (the default is 100kb) and stream large "
            "uploads on the routes that need them",
}
_PARSERS = {f"{m}.{f}" for m in ("express", "body-parser") for f in ("json", "urlencoded", "raw", "text")}
_KOA = {"koa-body": ("jsonLimit", "formLimit", "textLimit"), "koa-body.koaBody": ("jsonLimit", "formLimit",
        "textLimit"), "koa-bodyparser": ("jsonLimit", "formLimit", "textLimit", "xmlLimit")}
# every call the check reads
_HAPI = {"@hapi/hapi.server", "@hapi/hapi.Server", "hapi.server", "hapi.Server", "@hapi/hapi.default.server"}
_BODY_PARSERS = _PARSERS | {"body-parser"} | set(_KOA) | {"fastify", "fastify.fastify", "fastify.default"} | _HAPI
_UNITS = {"b": 1, "kb": 1024, "mb": 1024 ** 2, "gb": 1024 ** 3, "tb": 1024 ** 4, "pb": 1024 ** 5}


def check(doc, ctx):
    info = analysis(doc, ctx.model)
    threshold = ctx.options["max-mb"] * 1024 * 1024
    for call in info.calls_with(methods=("useBodyParser",), qnames=_BODY_PARSERS):
        q = call.qname or ""
        label = f"{q}()"
        if q in _PARSERS or q == "body-parser":
            keys, opts = ("limit",), info.obj(call.arg(0))
        elif q in _KOA:
            keys, opts = _KOA[q], info.obj(call.arg(0))
        elif q in ("fastify", "fastify.fastify", "fastify.default"):
            keys, opts = ("bodyLimit",), info.obj(call.arg(0))
        elif call.method == "useBodyParser":  # Nest 10: app.useBodyParser('json', { limit })
            keys, opts, label = ("limit",), info.obj(call.arg(1)), "app.useBodyParser()"
        elif q in _HAPI:  # Hapi.server({ routes: { payload: { maxBytes } } }): the default of every route
            server = info.obj(call.arg(0))
            route_defaults = info.obj(server.get("routes")) if server is not None else None
            keys, opts = ("maxBytes",), info.obj(route_defaults.get("payload")) if route_defaults else None
            label = "Hapi.server() routes.payload"
        else:
            continue
        yield from _judge(doc, ctx, info, opts, keys, label, threshold)
    for route in config_routes(info):  # hapi `options.payload.maxBytes`, fastify `route({ bodyLimit })`
        if route.framework == "hapi":
            settings = info.obj(route.route.get("options")) or info.obj(route.route.get("config"))
            payload = info.obj(settings.get("payload")) if settings is not None else None
            if payload is not None and (info.literal(payload.get("output")) in ("stream", "file") or
                                        info.literal(payload.get("parse")) is False):
                continue  # an upload streamed to its handler or to disk is not held in memory
            yield from _judge(doc, ctx, info, payload, ("maxBytes",), f"route('{route.path}') payload", threshold)
        else:
            yield from _judge(doc, ctx, info, route.route, ("bodyLimit",), f"route('{route.path}')", threshold)


def _judge(doc, ctx, info, opts, keys, label, threshold):
    if opts is None:
        return
    for key in keys:
        if not opts.has(key):
            continue
        node = info.resolve(opts.get(key))
        size = _bytes(info, node)
        if size is not None and size >= threshold:
            yield ctx.finding(doc.span(opts.pairs[key]), f"bodyparser.{key}", "huge", api=label,
                              limit=_describe(info, node))


def _bytes(info, node):
    if node is None:
        return None
    if node.type == "identifier" and node.text == b"Infinity":
        return float("inf")
    value = info.literal(node)
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgtp]?b)?\s*", value.lower())
        if m:
            return float(m.group(1)) * _UNITS[m.group(2) or "b"]
    return info.number(node)  # 100 * 1024 * 1024


def _describe(info, node):
    value = info.literal(node)
    return repr(value) if isinstance(value, str) else node.text.decode("utf-8", "replace")
