"""helmet's Strict-Transport-Security must stay on, with a long max-age.

## What it does
Reports `helmet({ hsts: false })` and `helmet({ strictTransportSecurity: false })` (also through
`koa-helmet` and `@fastify/helmet`), and an HSTS `maxAge` below 180 days (15552000 seconds). For hapi, the
same in the server's route defaults: `routes: { security: { hsts: false } }` (or a short max-age) in
`Hapi.server({...})` or a Glue manifest's `server`.

## Why it matters in production
HSTS makes browsers refuse plain HTTP for the site, so nobody on the network path can strip TLS from the
first request. A short max-age forgets that protection between visits. Turn it off only if the proxy in front
sets the header itself (and then say so in a suppression).

## Example
```ts path=src/app.ts
import express from 'express';
import helmet from 'helmet';

const app = express();
app.use(helmet({ hsts: false }));
```

## Use instead
```ts path=src/app.ts
import express from 'express';
import helmet from 'helmet';

const app = express();
app.use(helmet({ hsts: { maxAge: 31536000, includeSubDomains: true } }));
```

## References
- https://helmetjs.github.io/#strict-transport-security
- https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Strict-Transport-Security
"""
from linter.api import RuleMeta
from linter.api.node import analysis, hapi_route_defaults, helmet_uses

META = RuleMeta(
    id="JS014", name="helmet-hsts-disabled", kinds=("node",), severity="warning",
    checklist=("tls.hsts",), cwe=(319, 523),
    hints=("helmet|security", "hsts|stricttransportsecurity"),
    peers=("njsscan:helmet_feature_disabled",),
)
MESSAGES = {
    "disabled": "helmet's Strict-Transport-Security is turned off; keep it (max-age of at least 180 days)",
    "short": "HSTS maxAge is {seconds} seconds; use at least 15552000 (180 days)",
    "hapi": "hapi's route `security` turns Strict-Transport-Security off (`hsts: false`); keep it (max-age of "
            "at least 180 days)",
}
_MIN = 15552000


def check(doc, ctx):
    info = analysis(doc, ctx.model)
    for routes in hapi_route_defaults(info):
        # hapi: `routes: { security: { hsts } }` on the server (or a Glue manifest's server); `hsts` is false,
        # true, a max-age in seconds, or `{ maxAge, includeSubDomains, preload }`
        security = info.obj(routes.get("security")) if routes.has("security") else None
        if security is None or not security.has("hsts"):
            continue
        value = security.get("hsts")
        hsts = info.obj(value)
        max_age = info.number(hsts.get("maxAge")) if hsts is not None and hsts.has("maxAge") else info.number(value)
        if info.literal(value) is False:
            yield ctx.finding(doc.span(security.pairs["hsts"]), "hapi.security.hsts", "hapi")
        elif max_age is not None and max_age < _MIN:
            yield ctx.finding(doc.span(security.pairs["hsts"]), "hapi.security.hsts.maxAge", "short",
                              seconds=int(max_age))
    for call, opts in helmet_uses(info):
        if opts is None:
            continue
        for key in ("hsts", "strictTransportSecurity"):
            if not opts.has(key):
                continue
            value = opts.get(key)
            if info.literal(value) is False:
                yield ctx.finding(doc.span(opts.pairs[key]), "helmet.hsts", "disabled")
                continue
            hsts = info.obj(value)
            max_age = info.number(hsts.get("maxAge")) if hsts is not None and hsts.has("maxAge") else None
            if max_age is not None and max_age < _MIN:
                yield ctx.finding(doc.span(hsts.pairs["maxAge"]), "helmet.hsts.maxAge", "short",
                                  seconds=int(max_age))
