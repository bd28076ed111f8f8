"""JWT signing keys must come from the environment, not from the source code.

## What it does
Reports JWT keys written in source: `jwt.sign()` / `jwt.verify()` (jsonwebtoken) with a string literal key,
jose's `new SignJWT(...).sign(key)` / `jwtVerify(token, key)` with a key encoded from a literal (`new
TextEncoder().encode('...')`, `Buffer.from('...')`, `createSecretKey(...)`), `process.env.JWT_SECRET ||
'literal'` (or `??`, or `const { JWT_SECRET = 'literal' } = process.env`, or the default of an environment
schema: `JWT_SECRET: z.string().default('literal')` with zod, joi or yup, envalid's `str({ default })`)
fallbacks wherever they are written (a config module too; not `X_ACCESS_TOKEN_SECRET` in a module that also
reads `X_ACCESS_TOKEN`, the secret half of an OAuth 1.0a token such as Twitter's), JWT keys written into configuration objects
(`jwtSecret: '...'`, or `secret` in a jwt-named object such as Nest's `jwtConstants`), and `secret` /
`secretOrKey` / `privateKey` literals passed to `express-jwt`, `koa-jwt`, `@fastify/jwt`, `@nestjs/jwt`
(`JwtModule.register`, `jwtService.sign`) and `passport-jwt` strategies, and the keys of Hapi `jwt` auth
strategies (`server.auth.strategy('jwt', 'jwt', { key })` of hapi-auth-jwt2, `keys` of `@hapi/jwt`). The
`jose` v1/v2 API is read too: `JWT.sign()` / `JWT.verify()` / `JWS.sign()` / `JWS.verify()` with a literal key,
a `JWK.asKey('...')` key or a symmetric JWK (`JWK.asKey({ kty: 'oct', k: '...' })`). Literals held in a local
`const` (or a `let` never reassigned) are followed, and so are options built before the call
(`opts.secretOrKey = '...'`, `Object.assign({}, { secret })`, `{ ...base }`), values held in `this.x` of the
same class, and values imported from a config module of the package (`jwt.sign(payload,
config.jwt.secret)`). A literal held in a variable of the same file is reported at the call that reads it
(`jwt.sign`, `jwt.verify`, jose, `new Strategy(options)`), once per literal, naming the line it is written on;
the options of a middleware or module (`expressjwt({ secret })`, `JwtModule.register`) and a config module's
key are reported where the literal is written.
A key read through node-config (`config.get('jwt.secret')` of the `config` package) is looked up in the
package's `config/production.*`, else `config/default.*` (YAML or JSON; `.js` configuration is not run): a
literal there is what production signs with unless `config/custom-environment-variables.*` maps the key to a
variable that is set, the same fallback as `process.env.SECRET || 'secret'`, and is reported in that file.

## Why it matters in production
Whoever reads the repository (every developer, every CI job, every fork) can mint valid tokens for any user
with a key written in it. A fallback is the same key the day the variable is missing. Read the key from the
environment or a secret store, require it at start-up, and rotate the one that was committed.

## Example
```js path=src/auth.js
const express = require('express');
const jwt = require('jsonwebtoken');

const JWT_SECRET = process.env.JWT_SECRET || 'supersecret';

function issue(user) {
  return jwt.sign({ sub: user.id }, JWT_SECRET, { expiresIn: '1h' });
}
module.exports = { issue };
```

## Use instead
```js path=src/auth.js
const express = require('express');
const jwt = require('jsonwebtoken');

const JWT_SECRET = process.env.JWT_SECRET;
if (!JWT_SECRET) throw new Error('JWT_SECRET is required');

function issue(user) {
  return jwt.sign({ sub: user.id }, JWT_SECRET, { expiresIn: '1h' });
}
module.exports = { issue };
```

## References
- https://github.com/auth0/node-jsonwebtoken#jwtsignpayload-secretorprivatekey-options-callback
- https://cwe.mitre.org/data/definitions/798.html
"""
import re

from linter.api import RuleMeta
from linter.api.node import (
    analysis, env_fallbacks, env_kind, hapi_strategies, jose_uses, jwt_calls, jwt_config_literals, key_material,
    legacy_jose_uses, node_model, option_values,
)
from linter.api.node_config import config_key, config_value

META = RuleMeta(
    id="JS005", name="jwt-secret-in-source", kinds=("node",), severity="error",
    checklist=("secrets.jwt-secret",), cwe=(798, 321),
    hints=("jsonwebtoken|jwt|jose|secret|privatekey|publickey",),
    peers=("semgrep:express-jwt-hardcoded-secret", "semgrep:hardcoded-jwt-secret",
           "semgrep:hardcoded-passport-secret", "njsscan:hardcoded_jwt_secret", "njsscan:jwt_express_hardcoded",
           "njsscan:hardcoded_passport_secret"),
)
MESSAGES = {
    "config": "a JWT key is written in this configuration object; read it from JWT_SECRET (or a secret store) and "
              "rotate the committed key",
    "env-fallback": "{env} falls back to a literal when it is unset, and tokens are then signed with it; require "
                    "the variable at start-up and rotate the committed key",
    "literal": "the JWT key passed to {api} is written in the source; read it from JWT_SECRET (or a secret "
               "store) and rotate the committed key",
    "literal-bound": "the JWT key passed to {api} is the literal written on line {line}; read it from JWT_SECRET "
                     "(or a secret store) and rotate the committed key",
    "config-file": "the JWT key the app reads with `config.get('{name}')` is written in this configuration file; "
                   "map it to JWT_SECRET in custom-environment-variables (or a secret store) and rotate the "
                   "committed key",
    "fallback": "the JWT key passed to {api} falls back to a literal when {env} is unset; require the variable "
                "at start-up and rotate the committed key",
}
_OPTION_KEYS = ("secret", "secretOrKey", "secretOrPrivateKey", "privateKey", "publicKey", "secretOrPublicKey")
_JWT_PLUGINS = {"express-jwt", "express-jwt.expressjwt", "koa-jwt", "@fastify/jwt", "fastify-jwt",
                "@nestjs/jwt.JwtModule.register", "@nestjs/jwt.JwtService", "passport-jwt.Strategy",
                "express-jwt.default"}


def check(doc, ctx):
    seen = set()
    for finding, written in _from_calls(doc, ctx):
        where = (finding.path, finding.span.line, finding.span.column)
        if where not in seen and written not in seen:  # one key used by several calls (sign, verify): one finding
            seen.update((where, written))
            yield finding
    info = analysis(doc, ctx.model)
    for source in env_fallbacks(info):  # a config module: `jwtSecret: process.env.JWT_SECRET || 'x'`
        span = doc.span(source.node)
        if env_kind(source.env) == "jwt" and (doc.rel, span.line, span.column) not in seen and \
                not _oauth1_token_secret(doc, source.env):
            seen.add((doc.rel, span.line, span.column))
            yield ctx.finding(span, "jwt.secret", "env-fallback", secret=source.value, env=source.env)
    for node in jwt_config_literals(info):  # `export const jwtConstants = { secret: '...' }`
        span = doc.span(node)
        if (doc.rel, span.line, span.column) not in seen:
            seen.add((doc.rel, span.line, span.column))
            yield ctx.finding(span, "jwt.secret", "config", secret=info.string(node))


def _from_calls(doc, ctx):
    info = analysis(doc, ctx.model)
    for call in jwt_calls(info, "sign", "verify"):
        yield from _report(doc, ctx, info, call.arg(1), f"jwt.{call.method or call.qname.rsplit('.', 1)[-1]}()")
    for use in jose_uses(info):
        api = "jose `SignJWT().sign()`" if use.expires is not None else "jose `jwtVerify()`"
        yield from _report(doc, ctx, info, key_material(info, use.key), api, site=use.key)
    for use in legacy_jose_uses(info):  # jose v1/v2: `JWT.sign(payload, JWK.asKey('...'))`
        yield from _report(doc, ctx, info, key_material(info, use.material), f"jose `{use.api}()`",
                           site=use.key)
    for call, scheme, opts in hapi_strategies(info):  # hapi-auth-jwt2 `key`, @hapi/jwt `keys`
        if scheme == "jwt":
            for key in ("key", "keys"):
                for item in _hapi_keys(info, opts.get(key)):
                    yield from _report(doc, ctx, info, item, f"the Hapi `jwt` strategy's `{key}`")
    for call in info.calls_with(methods=("register", "sign", "signAsync", "verify", "verifyAsync"), qnames=_JWT_PLUGINS,
                                callee_types=("super",)):  # what the branches below test
        q = call.qname or ""
        plugin = info.qualify(call.arg(0)) if call.method == "register" and call.args else None
        keys = _OPTION_KEYS
        if plugin in _JWT_PLUGINS:
            index, label = 1, plugin
        elif q in _JWT_PLUGINS:
            index, label = 0, q
        elif call.callee.type == "super":
            index, label, keys = 0, "super()", ("secretOrKey",)
        elif call.method in ("sign", "signAsync", "verify", "verifyAsync") and not q.startswith("jsonwebtoken"):
            index, label = 1, f"{call.method}()"  # a JwtService or similar: the secret is in the options
        else:
            continue
        # a literal, `Object.assign({}, { secret })`, `opts.secretOrKey = ...` or `this.options`
        # a passport strategy is judged where it is constructed (`new Strategy(opts)`, options built before it);
        # a middleware's or module's options (`expressjwt({ secret: key })`, `JwtModule.register`) read like
        # configuration, where the literal written is the line to change (as Semgrep's express-jwt rule reports)
        strategy = label in ("passport-jwt.Strategy", "super()")
        for key, found in option_values(info, call.arg(index), keys).items():
            for value in found:
                yield from _report(doc, ctx, info, value, f"`{label}` `{key}`",
                                   site=call.arg(index) if strategy else None, at_use=strategy)


def _node_config(ctx, info, value):
    """`config.get('secret')` (node-config): the literal the package's `config/default.yml` (or
    `production.yml`) gives, reported there; one finding however many calls read it."""
    resolved = info.resolve(value)
    key = config_key(info, resolved if resolved is not None else value)
    if key is None:
        return
    model = node_model(ctx.model)
    found = config_value(model.project, model.scope_of(info.doc.rel), key)
    if found is None or not found.value.strip():
        return
    yield ctx.finding(found.span, "jwt.secret", "env-fallback" if found.env else "config-file", path=found.path,
                      secret=found.value, env=found.env, name=key), (found.path, found.span.line, found.span.column)


def _hapi_keys(info, value):
    """A key, a list of keys, or @hapi/jwt's `{ key, algorithms }` objects."""
    node = info.resolve(value) if value is not None else None
    items = node.named_children if node is not None and node.type == "array" else [value] if value is not None else []
    for item in items:
        obj = info.obj(item)
        yield obj.get("key") if obj is not None and obj.has("key") else item


def _report(doc, ctx, info, node, api, site=None, at_use=True):
    """``site`` is the argument as written at the call, when ``node`` is the key material found inside it;
    ``at_use``: a literal held in a variable is reported at the call that reads it, not where it is written."""
    if node is None:
        return
    site = node if site is None else site
    where, value = info.follow(node)  # `jwt.sign(p, config.jwt.secret)`: judged in the config module
    source = where.secret(value)
    if source is None:
        yield from _node_config(ctx, where, value)
        return
    if not source.value.strip():
        return
    if where is not info and (source.env and env_kind(source.env) == "jwt" or
                              any(n.id == source.node.id for n in jwt_config_literals(where))):
        return  # the config module's own check reports it
    if where is not info:  # a config module's key: one finding there, whichever sign/verify calls read it
        span = where.span(source.node)
        yield ctx.finding(span, "jwt.secret", "env-fallback" if source.env else "config",
                          path=where.doc.rel, secret=source.value, env=source.env), (where.doc.rel, span.line, span.column)
        return
    span = where.span(source.node)
    written = (where.doc.rel, span.line, span.column)
    if at_use and not source.env and not _inside(source.node, site):
        # a literal held in a local name (`const secret = '...'; jwt.sign(p, secret)`): reported at the call that
        # uses it, as a reviewer reads it (and as the peers' rules do), naming the line the key is written on
        yield ctx.finding(doc.span(site), "jwt.secret", "literal-bound", secret=source.value, api=api,
                          line=span.line), written
        return
    yield ctx.finding(span, "jwt.secret", "fallback" if source.env else "literal",
                      path=where.doc.rel, secret=source.value, api=api, env=source.env), written


def _inside(node, outer):
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte


def _oauth1_token_secret(doc, env: str) -> bool:
    """``TWITTER_ACCESS_TOKEN_SECRET`` read in a module that also reads ``TWITTER_ACCESS_TOKEN``: the secret half of
    an OAuth 1.0a access token (Twitter, Tumblr, Flickr), sent to the provider with the token; no JWT is signed
    with it. A JWT key named ``ACCESS_TOKEN_SECRET`` stands beside settings about the token (its lifetime), never
    beside a token itself."""
    token = env[:-len("_SECRET")] if env.upper().endswith("ACCESS_TOKEN_SECRET") else None
    return bool(token) and re.search(rb"\b" + re.escape(token.encode()) + rb"\b(?![_-])", doc.source) is not None
