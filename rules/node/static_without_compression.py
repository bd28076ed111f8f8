"""A Node app that serves static files should compress them.

## What it does
Reports the first `express.static()` / `serve-static` / `koa-static` / `@fastify/static` registration of a file
(one compression middleware serves them all; a mount in the `else` of `if (NODE_ENV === 'production')` or
under `if (isDev)` is left out, and so is `@fastify/static` with `serve: false`, which mounts no route, and a
mount that answers with the build's precompressed files, koa-static's `gzip: true` or `brotli: true` and
@fastify/static's `preCompressed: true`) when no
production file of the backend package uses a compression middleware (`compression`, `koa-compress`,
`@fastify/compress`, `shrink-ray-current`, `express-static-gzip`) and no nginx configuration of the
repository turns `gzip on` (or `brotli on`).

## Why it matters in production
JavaScript bundles and CSS compress to a fraction of their size; serving them raw makes every first page load
slower and costs bandwidth. Compress in the proxy if there is one, otherwise in the app.

## Example
```js path=server.js
const express = require('express');
const path = require('path');

const app = express();
app.use(express.static(path.join(__dirname, 'public'), { maxAge: '1d' }));
```

## Use instead
```js path=server.js
const express = require('express');
const compression = require('compression');
const path = require('path');

const app = express();
app.use(compression());
app.use(express.static(path.join(__dirname, 'public'), { maxAge: '1d' }));
```

## References
- https://expressjs.com/en/advanced/best-practice-performance.html#use-gzip-compression
"""
from linter.api import RuleMeta
from linter.api.node import STATIC_CALLS, analysis, in_development_branch, node_model

META = RuleMeta(
    id="JS016", name="static-without-compression", kinds=("node",), severity="note",
    checklist=("frontend.compression",), security=False,
    hints=("static",),
)
MESSAGES = {
    "uncompressed": "static files are served without compression; add the `compression` middleware before "
                    "`{api}` (or `gzip on` in the proxy)",
}


def check(doc, ctx):
    model = node_model(ctx.model)
    info = analysis(doc, ctx.model)
    statics = info.calls_to(*STATIC_CALLS)
    statics += [c for c in info.calls_with(methods=("register",)) if c.method == "register" and c.args and
                info.qualify(c.args[0]) in ("@fastify/static", "fastify-static") and not _serves_nothing(info, c)]
    if not statics or model.facts(model.scope_of(doc.rel)).compression:
        return
    for call in sorted(statics, key=lambda c: c.node.start_byte):
        if in_development_branch(call.node):
            continue  # `else { app.use(express.static('uploads')) }` of `if (NODE_ENV === 'production')`
        if _precompressed(info, call):
            continue
        # one compression middleware serves every static mount of the file: one finding, at the first
        yield ctx.finding(doc.span(call.node), "static.compression", "uncompressed",
                          api=call.qname if call.method != "register" else "@fastify/static")
        return


def _precompressed(info, call) -> bool:
    """koa-static's `{ gzip: true }` / `{ brotli: true }` and @fastify/static's `{ preCompressed: true }`
    answer with the `.gz` / `.br` file the build wrote beside each asset when the browser accepts it."""
    opts = info.obj(call.arg(1))
    return opts is not None and any(opts.has(k) and info.literal(opts.get(k)) is True
                                    for k in ("gzip", "brotli", "preCompressed"))


def _serves_nothing(info, call) -> bool:
    """`register(fastifyStatic, { root, serve: false })` only decorates `reply.sendFile()`: no route serves the
    folder (the views or templates it points at are read by the app itself)."""
    opts = info.obj(call.arg(1))
    return opts is not None and opts.has("serve") and info.literal(opts.get("serve")) is False
