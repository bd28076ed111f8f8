"""helmet's Content-Security-Policy must stay on, without unsafe script sources.

## What it does
Reports `helmet({ contentSecurityPolicy: false })` (also through `koa-helmet` and `@fastify/helmet`), and CSP
directives set through helmet (or its `helmet.contentSecurityPolicy()` middleware alone) whose `script-src` (or `default-src` when there is no `script-src`) allows
`'unsafe-inline'`, `'unsafe-eval'` or `*`.

## Why it matters in production
The CSP is the browser's last line against XSS: it stops injected scripts from running. Turning it off, or
allowing inline scripts, gives that protection away. Use nonces or hashes for the inline scripts you need.

## Example
```js path=server.js
const express = require('express');
const helmet = require('helmet');

const app = express();
app.use(helmet({ contentSecurityPolicy: false }));
```

## Use instead
```js path=server.js
const express = require('express');
const helmet = require('helmet');

const app = express();
app.use(helmet({
  contentSecurityPolicy: { directives: { scriptSrc: ["'self'", 'https://cdn.example.com'] } },
}));
```

## References
- https://helmetjs.github.io/#content-security-policy
- https://cheatsheetseries.owasp.org/cheatsheets/Content_Security_Policy_Cheat_Sheet.html
"""
from linter.api import RuleMeta
from linter.api.node import analysis, helmet_uses

META = RuleMeta(
    id="JS013", name="helmet-csp-disabled", kinds=("node",), severity="warning",
    checklist=("frontend.csp",), cwe=(1021, 79),
    hints=("helmet", "contentsecuritypolicy"),
    peers=("njsscan:helmet_feature_disabled",),
)
MESSAGES = {
    "disabled": "helmet's Content-Security-Policy is turned off; keep it and list the sources the pages need",
    "unsafe": "the CSP {directive} allows {source}; use nonces or hashes instead",
}
_UNSAFE = ("'unsafe-inline'", "'unsafe-eval'", "*")


def check(doc, ctx):
    info = analysis(doc, ctx.model)
    for call, opts in helmet_uses(info):
        if opts is None or not opts.has("contentSecurityPolicy"):
            continue
        value = opts.get("contentSecurityPolicy")
        if info.literal(value) is False:
            yield ctx.finding(doc.span(opts.pairs["contentSecurityPolicy"]), "helmet.contentSecurityPolicy",
                              "disabled")
            continue
        yield from _directives(doc, ctx, info, info.obj(value))
    # the CSP middleware on its own: `app.use(helmet.contentSecurityPolicy({ directives }))`
    for call in info.calls_to(*_CSP_MIDDLEWARES):
        yield from _directives(doc, ctx, info, info.obj(call.arg(0)))


_CSP_MIDDLEWARES = tuple(f"{module}.contentSecurityPolicy" for module in
                         ("helmet", "helmet.default", "koa-helmet", "koa-helmet.default"))


def _directives(doc, ctx, info, csp):
    directives = info.obj(csp.get("directives")) if csp is not None else None
    if directives is not None:
        names = ("scriptSrc", "script-src") if directives.has("scriptSrc") or directives.has("script-src") \
            else ("defaultSrc", "default-src")
        for name in names:
            node = info.resolve(directives.get(name)) if directives.has(name) else None
            if node is None or node.type != "array":
                continue
            for item in node.named_children:
                source = info.string(item)
                if source in _UNSAFE:
                    yield ctx.finding(doc.span(item), f"helmet.csp.{name}", "unsafe", directive=name,
                                      source=source)
