"""JWT verification must not accept the `none` algorithm.

## What it does
Reports `jwt.verify()` (jsonwebtoken), `express-jwt` and `koa-jwt` options whose `algorithms` list contains
`'none'`, and `jwt.sign()` with `algorithm: 'none'`. With the `jose` v1/v2 API, `JWT.sign()` / `JWT.verify()`
(and `JWS.sign()` / `JWS.verify()`) given the `JWK.None` key, which issues or accepts unsecured tokens, and a
`JWT.verify()` whose `algorithms` option lists `'none'`.

## Why it matters in production
A token with `alg: none` carries no signature. A verifier that accepts it lets anyone write their own token
(`{"sub": "admin"}`) and be believed. List only the algorithm the tokens are actually signed with.

## Example
```js path=middleware/auth.js
const express = require('express');
const jwt = require('jsonwebtoken');

module.exports = (req, res, next) => {
  req.user = jwt.verify(req.get('authorization'), process.env.JWT_SECRET, { algorithms: ['HS256', 'none'] });
  next();
};
```

## Use instead
```js path=middleware/auth.js
const express = require('express');
const jwt = require('jsonwebtoken');

module.exports = (req, res, next) => {
  req.user = jwt.verify(req.get('authorization'), process.env.JWT_SECRET, { algorithms: ['HS256'] });
  next();
};
```

## References
- https://auth0.com/blog/critical-vulnerabilities-in-json-web-token-libraries/
"""
from linter.api import RuleMeta
from linter.api.node import analysis, jwt_calls, legacy_jose_uses

META = RuleMeta(
    id="JS007", name="jwt-algorithm-none", kinds=("node",), severity="error",
    checklist=("backend.jwt-expiry",), cwe=(347, 327),
    hints=("jsonwebtoken|jwt|jose", "none"),
    peers=("semgrep:jwt-none-alg", "njsscan:node_jwt_none_algorithm"),
)
MESSAGES = {
    "verify": "{api} accepts the 'none' algorithm, so unsigned tokens are trusted; list only the signing "
              "algorithm (e.g. ['HS256'])",
    "sign": "`jwt.sign()` with algorithm 'none' issues unsigned tokens; sign with HS256/RS256",
    "jose-none": "jose `{api}()` with `JWK.None` {does} unsecured tokens (algorithm 'none'); use a real key and "
                 "list only its algorithm",
}
_VERIFIERS = {"express-jwt", "express-jwt.expressjwt", "express-jwt.default", "koa-jwt"}


def check(doc, ctx):
    info = analysis(doc, ctx.model)
    for call in jwt_calls(info, "verify"):
        yield from _algorithms(doc, ctx, info, info.obj(call.arg(2)), "`jwt.verify()`")
    for call in info.calls_to(*_VERIFIERS):
        yield from _algorithms(doc, ctx, info, info.obj(call.arg(0)), f"`{call.qname}`")
    for call in jwt_calls(info, "sign"):
        opts = info.obj(call.arg(2))
        if opts is not None and str(info.literal(opts.get("algorithm"))).lower() == "none":
            yield ctx.finding(doc.span(opts.pairs["algorithm"]), "jwt.sign.algorithm", "sign")
    for use in legacy_jose_uses(info):  # jose v1/v2: `JWT.verify(token, JWK.None)`
        if use.none_key:
            does = "issues" if use.call.method == "sign" else "accepts"
            yield ctx.finding(doc.span(use.key), f"jose.{use.call.method}.none-key", "jose-none", api=use.api,
                              does=does)
        elif use.call.method == "verify":
            yield from _algorithms(doc, ctx, info, info.obj(use.call.arg(2)), f"jose `{use.api}()`")


def _algorithms(doc, ctx, info, opts, api):
    if opts is None or not opts.has("algorithms"):
        return
    node = info.resolve(opts.get("algorithms"))
    if node is None or node.type != "array":
        return
    for item in node.named_children:
        if str(info.literal(item)).lower() == "none":
            yield ctx.finding(doc.span(item), "jwt.verify.algorithms", "verify", api=api)
