"""Session secrets must come from the environment, not from the source code.

## What it does
Reports `express-session`, `cookie-session` (`secret`, `keys`), `@fastify/session` and
`@fastify/secure-session` (`secret`, `key`), `fastify-server-session` (`secretKey`) and `@fastify/cookie`
(`secret`) options, `cookieParser(secret)`
(cookie-parser), and a Koa app's `app.keys` (what koa-session and signed cookies sign with), Hapi's cookie
passwords (`@hapi/yar` `cookieOptions.password`, a `@hapi/cookie` strategy's `cookie.password`,
`server.state()` `password`), that are a string literal, a field of the package's own package.json (`secret:
pkg.name`), or an environment variable with a literal fallback (`process.env.SESSION_SECRET || 'keyboard cat'`).
A literal held in a variable is reported where the option reads it. Options objects shaped like express-session's (with `resave`
or `saveUninitialized`) are judged too when a config module builds them for a call elsewhere. Options and
secrets imported from a config module of the package (`session(sessionConfig)`, `secret:
config.session.secret`, `app.keys = config.keys`) are judged, and reported, where they are written; a secret
read through a config object the module is handed (`secret: [config.server.secret]`, `config` a parameter that
no import names the maker of) is taken from the package's config defaults that write a property of that name
from the environment with a literal fallback (`secret: process.env.APP_SECRET || 'super-secret'`). A literal
written in a configuration object under a name that says it signs sessions or cookies (`sessionSecret`,
`COOKIE_SECRET`, `sessionKeys`, `cookiePassword`; not `sessionKey`, often the cookie's name) is reported where
it is written, whether or not a module is seen reading it (a config file the image copies over another).

## Why it matters in production
Anyone who can read the repository can forge session cookies signed with a secret written in it, and a
fallback silently becomes the production secret the day the variable is missing. Read the secret from the
environment (or a secret store) and refuse to start without it.

## Example
```js path=app.js
const express = require('express');
const session = require('express-session');

const app = express();
app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false }));
```

## Use instead
```js path=app.js
const express = require('express');
const session = require('express-session');

const secret = process.env.SESSION_SECRET;
if (!secret) throw new Error('SESSION_SECRET is required');
const app = express();
app.use(session({ secret, resave: false, saveUninitialized: false }));
```

## References
- https://github.com/expressjs/session#secret
"""
from linter.api import RuleMeta, lazy
from linter.api.node import (
    SESSION_LIBRARY_NAMES, SESSION_SECRET_KEYS, analysis, env_fallbacks, env_kind, koa_keys, node_model, node_text,
    session_config_literals, session_uses,
)

META = RuleMeta(
    id="JS004", name="session-secret-in-source", kinds=("node",), severity="error",
    checklist=("secrets.session-secret",), cwe=(798,),
    hints=("session|resave|saveuninitialized|rolling|koa|cookie|yar",),
    peers=("semgrep:express-session-hardcoded-secret",),
)
MESSAGES = {
    "literal": "the {module} `{option}` is written in the source; read it from SESSION_SECRET (or a secret store) "
               "and rotate the committed value",
    "literal-bound": "the {module} `{option}` is the literal written on line {line}; read it from SESSION_SECRET "
                     "(or a secret store) and rotate the committed value",
    "fallback": "the {module} `{option}` falls back to a literal when {env} is unset; fail at start-up instead "
                "and rotate the committed value",
    "package": "the {module} `{option}` is the package's `{field}` from package.json, which anyone who reads the "
               "repository knows; read it from SESSION_SECRET (or a secret store)",
    "env-fallback": "{env} falls back to a literal when it is unset, and sessions are then signed with it; fail "
                    "at start-up instead and rotate the committed value",
    "config": "a session or cookie signing secret is written in this configuration object; read it from "
              "SESSION_SECRET (or a secret store) and rotate the committed value",
}


# a field of the package's own package.json (`require('../package.json').name`)
_PACKAGE_FIELD = lazy(r"(?:^|/)package\.json\.(name|version|description|author|homepage)$")


def check(doc, ctx):
    info = analysis(doc, ctx.model)
    reported = set()
    for finding in _from_options(doc, ctx, info, reported):
        yield finding
    for source in env_fallbacks(info):  # a config module: `sessionSecret: process.env.SESSION_SECRET ?? 'x'`
        if env_kind(source.env) == "session" and source.node.id not in reported:
            yield ctx.finding(doc.span(source.node), "session.secret", "env-fallback", secret=source.value,
                              env=source.env)
    for node in session_config_literals(info):  # `sessionSecret: '...'` in a config module, read or not
        if node.id not in reported:
            yield ctx.finding(doc.span(node), "session.secret", "config", secret=info.string(node))


def _from_options(doc, ctx, info, reported):
    for use in session_uses(info):
        if use.options is None:
            continue
        for key in SESSION_SECRET_KEYS.get(use.module, ("secret",)):
            value = use.options.get(key)
            if value is None:
                continue
            src = use.options.info  # options imported from a config module are judged, and reported, there
            node = src.resolve(value)
            items = node.named_children if node is not None and node.type == "array" else [value]
            yield from _report(src.doc, ctx, src, items, use.module, key, reported)
    yield from _report(doc, ctx, info, koa_keys(info), "koa", "app.keys", reported)
    for call in info.calls_to("cookie-parser", "cookie-parser.default"):  # cookieParser(secret) signs cookies
        node = info.resolve(call.arg(0))
        items = node.named_children if node is not None and node.type == "array" else [call.arg(0)]
        yield from _report(doc, ctx, info, [i for i in items if i is not None], "cookie-parser", "secret", reported)


# the last name of a member chain a session secret is read through (`config.server.secret`, `opts.sessionSecret`)
_SECRET_MEMBER = lazy(r"^(secret|secrets|sessionSecret|session_secret|cookieSecret|cookie_secret|keys)$")


def _handed_config(doc, ctx, info, value, module, option, reported):
    """`session({ secret: [config.server.secret] })` where `config` is a parameter (the app's config object
    handed to a middleware factory): no import says which module built it, so the package's own config
    defaults that write a property of that name from the environment with a literal fallback are what it
    reads (`secret: process.env.APP_SECRET || 'super-secret'`), reported where they are written."""
    node = info.resolve(value) if value is not None else None
    node = node if node is not None else value
    if node is None or node.type != "member_expression":
        return
    prop = node.child_by_field_name("property")
    root = node
    while root is not None and root.type == "member_expression":
        root = root.child_by_field_name("object")
    if prop is None or root is None or root.type != "identifier" or not _SECRET_MEMBER.match(node_text(prop)):
        return
    bound = info.resolve(root)
    if info.qualify(root) or bound is not None and bound.id != root.id:
        return  # an import or a local value: followed by `info.follow`, not guessed by name
    model = node_model(ctx.model)
    for where, source in model.property_fallbacks(model.scope_of(doc.rel), node_text(prop)):
        if env_kind(source.env) == "session" or source.node.id in reported or not source.value.strip():
            continue  # a session variable's fallback is reported by the config module's own check
        reported.add(source.node.id)
        yield ctx.finding(where.span(source.node), f"session.{option}", "fallback", path=where.doc.rel,
                          secret=source.value, module=SESSION_LIBRARY_NAMES.get(module, module), option=option,
                          env=source.env)


def _report(doc, ctx, info, items, module, option, reported):
    for item in items:
        where, value = info.follow(item)  # `secret: config.session.secret`: judged in the config module
        node = where.resolve(value)
        if where is not info and node is not None and node.type == "array":  # `app.keys = config.keys`
            yield from _report(where.doc, ctx, where, node.named_children, module, option, reported)
            continue
        source = where.secret(value)
        if source is None:
            field = _PACKAGE_FIELD.search(where.qualify(value) or "") if value is not None else None
            if field and where is info:  # `secret: pkg.name`: a value every reader of the repository has
                yield ctx.finding(doc.span(value), f"session.{option}", "package", field=field.group(1),
                                  module=SESSION_LIBRARY_NAMES.get(module, module), option=option)
            elif where is info:
                yield from _handed_config(doc, ctx, info, value, module, option, reported)
            continue
        if not source.value.strip():
            continue
        if where is not info and (source.env and env_kind(source.env) == "session" or
                                  any(n.id == source.node.id for n in session_config_literals(where))):
            continue  # the config module's own check reports a session variable's fallback, or its literal
        if where is info:
            if source.node.id in reported:
                continue  # one literal read by several options (two session stores): one finding
            reported.add(source.node.id)
            if not source.env and not (item.start_byte <= source.node.start_byte and
                                       source.node.end_byte <= item.end_byte):
                # `const a = '...'; session({ secret: a })`: reported where the option reads it, as a reviewer
                # reads it (and as the peers' rules do), naming the line the literal is written on
                yield ctx.finding(doc.span(item), f"session.{option}", "literal-bound", secret=source.value,
                                  module=SESSION_LIBRARY_NAMES.get(module, module), option=option,
                                  line=where.span(source.node).line)
                continue
        yield ctx.finding(where.span(source.node), f"session.{option}", "fallback" if source.env else "literal",
                          path=where.doc.rel, secret=source.value, module=SESSION_LIBRARY_NAMES.get(module, module),
                          option=option, env=source.env)
