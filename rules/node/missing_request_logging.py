"""A backend should log its requests.

## What it does
Reports the backend's app, once per backend package at the app's creation in the entry point, when no
production file of that package uses request-logging middleware (`morgan`, `pino-http`, `express-winston`,
`koa-logger`, `nestjs-pino`, `hapi-pino`..., or a package named for a framework and a logger such as
`@kasa/koa-logging` or `express-bunyan-log`) and, for Fastify, the app is not created with `logger` on
(options chosen at start, `fastify(isProd ? {...} : {...})` or `fastify(opts || {...})`, are judged by
their production branch when the test names the environment, else by every branch; options from a
parameter, an unresolved import or a function's result, such as `fastify(config.fastifyInit)`, may turn it
on and are not judged). A monorepo's shared library counts when the package imports it, lists it among its
dependencies, and the library's own dependencies hold a request logger (`apps/api` taking its `Logger` from
`libs/shared`, which depends on `nestjs-pino`). A request logger of the package's own that a named function
builds (`const httpLogger = (opts) => (req, res, next) => {...}`) counts where that function is called, so one
the app adds only in development (`if (NODE_ENV === 'development') app.use(httpLogger())`) does not.

Only a package that serves HTTP is judged: something in its production code listens (`app.listen()`,
`server.listen()`, Hapi's `server.start()`) or its start script runs a server file such as `./bin/www`;
a package that only exports an app or handlers is left alone, and so is a server whose every route is a
health probe (`/health`, `/metrics`, a root banner): only the orchestrator's probes would be logged.

## Why it matters in production
Without access logs there is no audit trail: no way to tell who called what and when during an incident, and
no data for error rates or slow endpoints. An nginx in front logs too, but it cannot see the user or the
request id the app assigns.

## Example
```js path=server.js
const express = require('express');

const app = express();
app.listen(3000);
```

## Use instead
```js path=server.js
const express = require('express');
const pinoHttp = require('pino-http');

const app = express();
app.use(pinoHttp());
app.listen(3000);
```

## References
- https://github.com/pinojs/pino-http
- https://github.com/expressjs/morgan
"""
from linter.api import RuleMeta
from linter.api.node import APP_HINT, node_model

META = RuleMeta(
    id="JS011", name="missing-request-logging", kinds=("node",), severity="note",
    checklist=("logging.request-logging",), cwe=(778,),
    hints=(APP_HINT,),
)
MESSAGES = {
    "missing": "this {framework} app logs no requests; add {remedy}",
}
_FIX = {"express": "morgan or pino-http", "nest": "nestjs-pino (or a logging interceptor)",
        "koa": "koa-logger or koa-pino-logger", "fastify": "`fastify({ logger: true })`", "hapi": "hapi-pino",
        "restify": "restify's auditLogger"}


def check(doc, ctx):
    model = node_model(ctx.model)
    here = model.app_here(doc)
    if here is None:
        return
    app, facts = here
    # a server whose every route is a health probe has only the orchestrator's probes to log
    if not facts.request_logging and app.framework in _FIX and not model.health_only(model.scope_of(doc.rel)):
        yield ctx.finding(app.span, "app.request-logging", "missing", framework=app.framework,
                          remedy=_FIX[app.framework])
