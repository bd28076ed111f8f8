"""A backend app must set security headers (helmet or an equivalent proxy).

## What it does
Reports the backend's app (`express()`, `new Koa()`, `fastify()`, `NestFactory.create()`, `Hapi.server()`,
`http.createServer(handler)`, a class extending Koa), once per backend package and at the app's creation in the entry point, when
no production file of that package uses helmet (`helmet`, `koa-helmet`, `@fastify/helmet`, `lusca`), sets
the headers itself (`res.setHeader('X-Content-Type-Options', ...)`, `ctx.set(...)`, `reply.header(...)`),
turns on Hapi's `routes: { security: true }`, and no nginx configuration (an example the docs show or a development
proxy stands in front of nothing deployed), production Caddyfile (`header`) or Traefik headers
middleware in the repository adds security headers (`X-Content-Type-Options`, `X-Frame-Options`, `Content-Security-Policy`,
`Strict-Transport-Security`) in front of it. A package where nothing listens (`app.listen()`,
`server.start()`, a start script such as `node ./bin/www`) is a library of handlers, not a backend: it is
not reported; nor is an app a file only sends fake requests (`fastify.inject()`) and neither listens on nor
exports: a test or a demonstration, not the package's server. Nor is a server whose every route its production
files declare is a health probe (`/health`, `/healthz/ready`, `/metrics`, a root banner that never reads the
request, or a plain http handler reading the URL only to answer `/health` and `/`): a queue worker's, a sidecar's or a
microservice's probe server sends nothing a header would protect.

## Why it matters in production
Without these headers browsers sniff content types, let other sites frame the app (clickjacking), and keep
talking plain HTTP after the first visit. helmet sets sensible defaults in one line.

## Example
```js path=server.js
const express = require('express');

const app = express();
app.get('/account', (req, res) => res.send(req.query.name));
app.listen(3000);
```

## Use instead
```js path=server.js
const express = require('express');
const helmet = require('helmet');

const app = express();
app.use(helmet());
app.get('/account', (req, res) => res.send(req.query.name));
app.listen(3000);
```

## References
- https://helmetjs.github.io/
- https://expressjs.com/en/advanced/best-practice-security.html#use-helmet
"""
from linter.api import RuleMeta
from linter.api.node import APP_HINT, node_model

META = RuleMeta(
    id="JS008", name="missing-security-headers", kinds=("node",), severity="warning",
    checklist=("backend.security-headers",), cwe=(693,),
    hints=(APP_HINT,),
)
MESSAGES = {
    "missing": "this {framework} app sets no security headers; add {remedy} (or set them in the proxy in front)",
}
_FIX = {"express": "`app.use(helmet())`", "nest": "`app.use(helmet())`", "koa": "`app.use(helmet())` from koa-helmet",
        "fastify": "`app.register(helmet)` from @fastify/helmet", "restify": "helmet",
        "hapi": "`routes: { security: true }` to the server options",
        "http": "helmet (`helmet()(req, res, next)`) or `res.setHeader()` for each header"}


def check(doc, ctx):
    model = node_model(ctx.model)
    here = model.app_here(doc)
    if here is None:
        return
    app, facts = here
    # a server whose every route is a health probe sends no page or document a header would protect
    if not facts.helmet and app.framework in _FIX and not model.health_only(model.scope_of(doc.rel)):
        remedy = _FIX["fastify"] if app.platform == "fastify" else _FIX[app.framework]
        yield ctx.finding(app.span, "app.security-headers", "missing", framework=app.framework, remedy=remedy)
