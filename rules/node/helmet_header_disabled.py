"""helmet must keep its clickjacking and MIME-sniffing protections on.

## What it does
Reports each helmet option that turns off one of the security headers the backend is expected to send:
`frameguard: false` / `xFrameOptions: false` (no `X-Frame-Options`) and `noSniff: false` /
`xContentTypeOptions: false` (no `X-Content-Type-Options: nosniff`), in `helmet({...})` (Express and Nest's
`app.use(helmet(...))`), `koa-helmet` and `@fastify/helmet`, and hapi's route `security: { xframe: false }` /
`noSniff: false` in `Hapi.server({ routes })` or a Glue manifest's `server`. The finding is at the option.
A `helmet(...)` the file calls without ever binding the name (a snippet that leaves the `require` out, a loose
file with no manifest) is taken for the helmet package.

`frameguard: false` is not reported when the same options give the Content-Security-Policy a
`frameAncestors` directive: that directive replaces `X-Frame-Options` in current browsers. The CSP and HSTS
switches are JS013 and JS014; `xssFilter: false` is not reported at all, because helmet itself now sends
`X-XSS-Protection: 0` (the old filter caused cross-site leaks) and browsers have dropped it.

## Why it matters in production
Without `X-Frame-Options` any site can load the app in an invisible frame and trick users into clicking
its buttons (clickjacking). Without `nosniff`, browsers guess content types and may run an uploaded file
as a script. helmet sends both by default; turning them off gives that away.

## Example
```js path=server.js
const express = require('express');
const helmet = require('helmet');

const app = express();
app.use(helmet({ frameguard: false, noSniff: false }));
app.listen(3000);
```

## Use instead
```js path=server.js
const express = require('express');
const helmet = require('helmet');

const app = express();
app.use(helmet({ frameguard: { action: 'deny' } }));
app.listen(3000);
```

## References
- https://helmetjs.github.io/#x-frame-options
- https://helmetjs.github.io/#x-content-type-options
- https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Frame-Options
"""
from linter.api import RuleMeta
from linter.api.node import analysis, hapi_route_defaults, helmet_uses

META = RuleMeta(
    id="JS025", name="helmet-header-disabled", kinds=("node",), severity="warning",
    checklist=("backend.security-headers",), cwe=(1021, 693),
    hints=("helmet|security", "frameguard|xframe|nosniff|xcontenttypeoptions"),
    peers=("njsscan:helmet_feature_disabled",),
)
MESSAGES = {
    "frame": "`{option}: false` removes X-Frame-Options, so other sites can frame the app (clickjacking); "
             "keep it, or set the CSP's frameAncestors",
    "sniff": "`{option}: false` removes `X-Content-Type-Options: nosniff`, so browsers may run uploads as "
             "scripts; keep it",
}
# helmet 5+ names first, the older aliases it still accepts second
_OPTIONS = {"xFrameOptions": "frame", "frameguard": "frame", "xContentTypeOptions": "sniff", "noSniff": "sniff"}
_HAPI_OPTIONS = {"xframe": "frame", "noSniff": "sniff"}


def check(doc, ctx):
    info = analysis(doc, ctx.model)
    for routes in hapi_route_defaults(info):
        # hapi's route `security: { xframe, noSniff }`: each on unless set false
        security = info.obj(routes.get("security")) if routes.has("security") else None
        for option, message in _HAPI_OPTIONS.items():
            if security is not None and security.has(option) and info.literal(security.get(option)) is False:
                yield ctx.finding(doc.span(security.pairs[option]), f"hapi.security.{option}", message,
                                  option=option)
    for call, opts in helmet_uses(info):
        if opts is None:
            continue
        for option, message in _OPTIONS.items():
            if not opts.has(option) or info.literal(opts.get(option)) is not False:
                continue
            if message == "frame" and _frame_ancestors(info, opts):
                continue
            yield ctx.finding(doc.span(opts.pairs[option]), f"helmet.{option}", message, option=option)


def _frame_ancestors(info, opts) -> bool:
    csp = info.obj(opts.get("contentSecurityPolicy")) if opts.has("contentSecurityPolicy") else None
    directives = info.obj(csp.get("directives")) if csp is not None and csp.has("directives") else None
    return directives is not None and (directives.has("frameAncestors") or directives.has("frame-ancestors"))
