"""Express must not announce itself with X-Powered-By.

## What it does
Reports an Express (or Nest on Express, not on `FastifyAdapter`: Fastify sends no such header) app, once per backend package at the app's creation, when nothing in
the package's production code removes the `X-Powered-By: Express` header: no helmet, no
`app.disable('x-powered-by')`, no `app.set('x-powered-by', false)`, and no `proxy_hide_header X-Powered-By` in
an nginx configuration of the repository.

Only a package that serves HTTP is judged: something in its production code listens (`app.listen()`,
`server.listen()`, Hapi's `server.start()`) or its start script runs a server file such as `./bin/www`;
a package that only exports an app or handlers is left alone, and so is a server whose every route is a
health probe (`/health`, `/metrics`, a root banner).

## Why it matters in production
The header tells every scanner which framework to try its exploits against. It is one line to remove.

## Example
```ts path=src/server.ts
import express from 'express';

const app = express();
app.listen(3000);
```

## Use instead
```ts path=src/server.ts
import express from 'express';

const app = express();
app.disable('x-powered-by');
app.listen(3000);
```

## References
- https://expressjs.com/en/advanced/best-practice-security.html#reduce-fingerprinting
"""
from linter.api import RuleMeta
from linter.api.node import APP_HINT, node_model

META = RuleMeta(
    id="JS009", name="x-powered-by-enabled", kinds=("node",), severity="note",
    checklist=("frontend.server-tokens",), cwe=(200,),
    hints=(APP_HINT,),
)
MESSAGES = {
    "enabled": "this {framework} app still sends `X-Powered-By: Express`; call `app.disable('x-powered-by')` "
               "or use helmet",
}


def check(doc, ctx):
    model = node_model(ctx.model)
    here = model.app_here(doc)
    if here is None:
        return
    app, facts = here
    if app.framework in ("express", "nest") and app.platform != "fastify" and not facts.powered_by_off and \
            not model.health_only(model.scope_of(doc.rel)):  # a probe server tells scanners little
        yield ctx.finding(app.span, "app.x-powered-by", "enabled", framework=app.framework)
