"""A backend must rate-limit its API and auth routes.

## What it does
Reports the backend's app, once per backend package at the app's creation in the entry point, when no
production file of that package uses a rate limiter (`express-rate-limit`, `rate-limiter-flexible`,
`express-slow-down`, `@fastify/rate-limit`, `koa-ratelimit`, `@nestjs/throttler` with its `ThrottlerGuard` bound
(`{ provide: APP_GUARD, useClass: ThrottlerGuard }`, `@UseGuards(ThrottlerGuard)`, a guard extending it:
`ThrottlerModule.forRoot()` alone only stores the limits)..., or a limiter of its own
imported by path, `./plugins/rate-limit.js`, `../rate-limiter`) and no nginx
configuration of the repository has `limit_req` (nor a production Caddyfile `rate_limit`, nor a Traefik `rateLimit` middleware).

A limiter used anywhere in the package counts: the rule does not follow which routes it is mounted on, so
a limiter on `/api/upload` alone still satisfies it.

Only a package that serves HTTP is judged: something in its production code listens (`app.listen()`,
`server.listen()`, Hapi's `server.start()`) or its start script runs a server file such as `./bin/www`;
a package that only exports an app or handlers is left alone. An app a file only sends fake requests
(`fastify.inject()`, hapi's `server.inject()`) and neither listens on nor exports is a test or a demonstration,
not the package's server. Nor is a server whose every route its production files declare is a health probe
(`/health`, `/healthz/ready`, `/metrics`, a root banner that never reads the request): a queue worker's or a
microservice's probe server has no client traffic to limit. Routes the model cannot read (mounted from a
package, loaded from a glob) keep the server request-facing.

## Why it matters in production
Without a limit, one client can try passwords as fast as the server answers, scrape the whole API, or exhaust
the database connection pool for everyone else.

## Example
```js path=server.js
const express = require('express');

const app = express();
app.post('/api/login', (req, res) => res.json({}));
app.listen(3000);
```

## Use instead
```js path=server.js
const express = require('express');
const rateLimit = require('express-rate-limit');

const app = express();
app.use('/api/', rateLimit({ windowMs: 15 * 60 * 1000, limit: 100 }));
app.post('/api/login', (req, res) => res.json({}));
app.listen(3000);
```

## References
- https://expressjs.com/en/advanced/best-practice-security.html#prevent-brute-force-attacks-against-authorization
- https://cheatsheetseries.owasp.org/cheatsheets/Denial_of_Service_Cheat_Sheet.html
"""
from linter.api import RuleMeta
from linter.api.node import APP_HINT, node_model

META = RuleMeta(
    id="JS010", name="missing-rate-limit", kinds=("node",), severity="warning",
    checklist=("backend.rate-limiting",), cwe=(770, 307),
    hints=(APP_HINT,),
)
MESSAGES = {
    "missing": "this {framework} app has no rate limiter; add {remedy} at least on the API and auth routes "
               "(or limit_req in the proxy)",
    "guard-unbound": "this nest app configures @nestjs/throttler but binds no ThrottlerGuard, so nothing is "
                     "limited; add `{{ provide: APP_GUARD, useClass: ThrottlerGuard }}` to the app module's providers",
}
_FIX = {"express": "express-rate-limit", "nest": "@nestjs/throttler", "koa": "koa-ratelimit",
        "fastify": "@fastify/rate-limit", "hapi": "hapi-rate-limit", "restify": "restify's throttle plugin"}


def check(doc, ctx):
    model = node_model(ctx.model)
    here = model.app_here(doc)
    if here is None:
        return
    app, facts = here
    # a server whose every route is a health probe (a worker's) has no client traffic to limit
    if not facts.rate_limit and app.framework in _FIX and not model.health_only(model.scope_of(doc.rel)):
        if app.framework == "nest" and facts.throttler_unbound:
            yield ctx.finding(app.span, "app.rate-limit", "guard-unbound")
            return
        yield ctx.finding(app.span, "app.rate-limit", "missing", framework=app.framework,
                          remedy=_FIX[app.framework])
