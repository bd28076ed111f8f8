"""CORS must not reflect any origin while allowing credentials.

## What it does
Reports CORS middleware with `credentials: true` whose origin accepts any caller: `origin: true`, an origin
callback that always says yes or echoes the request's origin, a yes-or-no value computed at start
(`origin: isHTTPS`, `origin: NODE_ENV === 'production'`: `true` reflects every origin), or `@koa/cors` with no
`origin` (which echoes
the request's `Origin` header). CORS-shaped option objects built in a config module, and options a config
module exports for `cors(...)` in another module (`cors(require('./config/cors'))`), are judged where they are
written. CORS set up in a branch that runs only outside production (the `else` of `if (isProduction)`, the
body of `if (NODE_ENV === 'development')`) is not reported.

## Why it matters in production
With credentials allowed, the browser sends the user's cookies along with a cross-site request and lets the
calling page read the answer. If every origin is accepted, any web site the user visits can act as the user
and read their data. `origin: '*'` is not reported here: browsers refuse credentials with a wildcard
(JS001 reports the wildcard itself).

## Example
```ts path=src/app.ts
import express from 'express';
import cors from 'cors';

export const app = express();
app.use(cors({ origin: true, credentials: true }));
```

## Use instead
```ts path=src/app.ts
import express from 'express';
import cors from 'cors';

const allowed = ['https://app.example.com'];
export const app = express();
app.use(cors({ origin: allowed, credentials: true }));
```

## References
- https://portswigger.net/web-security/cors
- https://github.com/expressjs/cors#configuration-options
"""
import re

from linter.api import RuleMeta, lazy
from linter.api.node import (allows_any_origin, analysis, cors_uses, credentials_allowed, header_writes,
                             in_development_branch, origin_checked, request_origin)

META = RuleMeta(
    id="JS002", name="cors-credentials-any-origin", kinds=("node",), severity="error",
    checklist=("secrets.cors-origins",), cwe=(942, 346),
    hints=("credentials", "cors|origin"),
)
MESSAGES = {
    "reflect": "CORS allows credentials and {what} accepts any origin, so any site can make requests as the "
               "user and read the answers; list the allowed production origins",
    "header-reflect": "Access-Control-Allow-Credentials is true and Access-Control-Allow-Origin echoes the "
                      "request's origin unchecked, so any site can make requests as the user and read the "
                      "answers; answer only origins from a list of production domains",
}


def check(doc, ctx):
    info = analysis(doc, ctx.model)
    for use in cors_uses(info):
        if in_development_branch(use.node):
            continue  # `if (isProduction) { allow-list } else { origin: true }`: never runs in production
        if use.options is None:
            continue
        src = use.options.info  # options imported from a config module are judged, and reported, there
        if src.literal(use.options.get("credentials")) is not True:
            continue
        origin = use.options.get("origin")
        if origin is None:
            if use.default == "reflect" and not use.options.spread:
                yield ctx.finding(doc.span(use.node), "cors.credentials", "reflect",
                                  what=f"`{use.label}` without `origin`")
            continue
        if src.literal(origin) is True:
            what = "`origin: true`"
        elif allows_any_origin(src, origin):
            what = "the `origin` callback"
        elif _switch(src, origin) and not _DEV_ONLY.search(_resolved_text(src, origin)):
            what = "an `origin` computed as true or false"
        else:
            continue
        yield ctx.finding(src.span(use.options.pairs["origin"]), "cors.credentials", "reflect", what=what,
                          path=src.doc.rel)
    for write in header_writes(info):
        if in_development_branch(write.node):
            continue  # the same, written by hand in a handler
        if write.name == "access-control-allow-origin" and request_origin(info, write.value) and \
                not origin_checked(info, write) and credentials_allowed(info, write):
            yield ctx.finding(doc.span(write.node), "header.Access-Control-Allow-Origin", "header-reflect")


# a switch that is on only outside production: `origin: isDev`, `NODE_ENV !== 'production'`, `env === 'test'`
_DEV_ONLY = lazy(r"dev|test|local|!==?\s*['\"`]prod|!\s*\w*is_?prod", re.I)


def _resolved_text(info, expr):
    node = info.resolve(expr)
    text = expr.text.decode("utf-8", "replace") if expr is not None else ""
    return text + " " + (node.text.decode("utf-8", "replace") if node is not None else "")


_COMPARISONS = {"===", "!==", "==", "!=", "<", ">", "<=", ">="}
_PREDICATES = {"startsWith", "endsWith", "includes", "test", "has", "some", "every"}


def _switch(info, expr, depth=0):
    """The origin is a yes-or-no value computed at start (`origin: isHTTPS` with `isHTTPS =
    publicUrl.startsWith('https://')`, `origin: NODE_ENV === 'production'`): the cors middleware reads `true`
    as "reflect every origin" and `false` as "none", so whenever it allows anything it allows everyone."""
    node = info.bare(info.resolve(expr)) if depth < 4 else None
    if node is None:
        return False
    if node.type in ("true", "false"):
        return depth > 0
    if node.type == "unary_expression":
        return node.text.decode("utf-8", "replace").lstrip().startswith("!")
    if node.type == "binary_expression":
        op = node.child_by_field_name("operator")
        op = op.text.decode("utf-8", "replace") if op is not None else ""
        if op in _COMPARISONS:
            return True
        if op in ("&&", "||", "??"):
            return _switch(info, node.child_by_field_name("left"), depth + 1) and \
                _switch(info, node.child_by_field_name("right"), depth + 1)
        return False
    if node.type == "call_expression":
        fn = node.child_by_field_name("function")
        name = fn.child_by_field_name("property") if fn is not None and fn.type == "member_expression" else fn
        text = name.text.decode("utf-8", "replace") if name is not None else ""
        return text in _PREDICATES or text == "Boolean"
    return False
