r"""CORS must name the production origins, not allow every origin.

## What it does
Reports CORS middleware that lets any web site call the API: `cors()` (express `cors`, `@koa/cors`,
`@fastify/cors`, Nest `enableCors()`, Hapi's `cors` server or route option, also in a Glue manifest's
`server.routes`, where `cors: true` means every origin) with no `origin`, `origin: '*'`, `origin: true`, a callback that accepts every origin, a regex such as
`/.*/`, a regex whose end is not anchored, a regex whose host part lets look-alike hosts in
(`/^https:\/\/www.example.com$/`: its unescaped dots match any character; such a regex is judged too in a
list or a regex kept under a CORS name, `const corsOrigins = [...]`, wherever it is used), an origin that falls back to
`'*'` when the environment variable is unset, and `Access-Control-Allow-Origin` set by hand to `*` or to
the request's own origin (`req.headers.origin`, `req.get('origin')`, `ctx.get('Origin')`, a value from the
query or body) that the handler never checks: `res.set()`, `res.header()`, `res.setHeader()`,
`res.writeHead(200, { ... })`, `res.set({ ... })`, Koa's `ctx.set()`, Fastify's `reply.header()` and Nest's
`@Header('Access-Control-Allow-Origin', '*')` on a handler (not in the `setHeaders` option of a static-file
server, `express.static`, serve-static, koa-static, koa-send or @fastify/static: public assets other sites load
on purpose; a class method or a middleware named `setHeaders` is not one; nor while answering a `/.well-known/`
discovery document, OAuth or OpenID metadata that any origin must be able to read). `cors()` given to `app.options('/products/:id', cors())` answers the preflight of that one route and is
not reported there: the route's own handler (`app.delete('/products/:id', cors(), ...)`) is judged; the
preflight of every path (`app.options('*', cors())`) is. A `cors()` or `helmet()` the file calls without ever
binding the name (a snippet that leaves the `require` out) is taken for the package of that name. An origin tested before it is
echoed (`if (allowed.includes(origin))`) is not reported, nor CORS set up in a branch that runs only outside
production (the `else` of `if (NODE_ENV === 'production')`, the body of `if (isDev)`), nor CORS in a package whose
server answers health probes only (every route its production files declare is `/health`, `/metrics`, a
readiness check or a root banner: a queue worker's probe server).

CORS-shaped option objects (an `origin` next to `credentials`, `methods`, `allowedHeaders`,
`optionsSuccessStatus`...) are judged where they are written, so a `config/corsOptions.js` module or
socket.io's `cors` settings are covered too, and so is a CORS origin variable (`CORS_ORIGIN`,
`ALLOWED_ORIGINS`) that falls back to `'*'` wherever it is read (`corsOrigin: process.env.CORS_ORIGIN || '*'`
in a config module imported by the app). `origin: process.env.CORS_ORIGIN` (or any value computed at run
time) is not reported.

An origin that accepts every site of a hosting platform where anyone can publish one (`/\.vercel\.app$/`,
`/^https:\/\/[a-z0-9-]+\.netlify\.app$/`, `new RegExp('^https://.*\\.pages\\.dev$')`, herokuapp.com, github.io,
onrender.com ...: the Public Suffix List's private section), usually written for the project's preview
deployments, is reported as open as a wildcard: as a regex (alone or in a list), as a test in an origin callback
(`/\.vercel\.app$/.test(origin)`, `origin.endsWith('.vercel.app')`; @koa/cors takes only a function), or as a
hapi origin string with its `*` wildcard (`'https://*.netlify.app'`), with or without credentials like the
other wildcards here, the message saying when credentials make it worse. One named site
(`/^https:\/\/myapp\.vercel\.app$/`) and a wildcard pinned on both sides, one team's preview hosts
(`/^https:\/\/myapp-[a-z0-9]+-team\.vercel\.app$/`), are the project's own and not reported; a regex without `^`
is tested anywhere in the origin, so `/myapp\.vercel\.app$/` also lets `evilmyapp.vercel.app` in. The platform
list is the one PY022 uses for Python backends.

## Why it matters in production
An open CORS policy lets any page a user visits read the API's responses in that user's browser. Listing
the production domains keeps other sites out. Reflecting the caller's origin together with
`credentials: true` is worse still; prodlint reports that as JS002.

## Example
```js path=server.js
const express = require('express');
const cors = require('cors');

const app = express();
app.use(cors());
app.listen(3000);
```

## Use instead
```js path=server.js
const express = require('express');
const cors = require('cors');

const app = express();
app.use(cors({ origin: process.env.CORS_ORIGIN }));
app.listen(3000);
```
`CORS_ORIGIN` then holds the production origin (for several, split it: `process.env.CORS_ORIGIN.split(',')`).

## Fix safety
Unsafe: `cors()` called with no arguments becomes `cors({ origin: process.env.CORS_ORIGIN })`. Browsers from
any other origin are refused from then on, and the deployment must set CORS_ORIGIN, so a reviewer must see
it; apply it with `--unsafe-fixes`.

## References
- https://github.com/expressjs/cors#configuration-options
- https://owasp.org/www-community/attacks/CORS_OriginHeaderScrutiny
"""
import re

from linter.api import edits
from linter.api import RuleMeta
from linter.api.node import (allows_any_origin, analysis, cors_uses, credentials_allowed, env_fallbacks, env_kind,
                             header_writes, in_development_branch, origin_checked, origin_regex_problem,
                             node_model, request_origin, routes, shared_host_regex, shared_host_wildcard)

META = RuleMeta(
    id="JS001", name="cors-any-origin", kinds=("node",), severity="warning",
    checklist=("secrets.cors-origins",), cwe=(942,), fix="unsafe",
    hints=("cors|origin",),
    peers=("semgrep:cors-misconfiguration", "semgrep:nestjs-header-cors-any", "semgrep:cors-regex-wildcard",
           "njsscan:express_cors", "njsscan:generic_cors"),
)
MESSAGES = {
    "no-origin": "`{label}` without an `origin` allows every origin; pass `origin` with the production "
                 "domains (for example from CORS_ORIGIN)",
    "wildcard": "CORS `origin` '*' allows every origin; list the production domains instead",
    "reflect": "CORS `origin` {what} accepts any requesting origin; list the production domains instead",
    "regex-any": "the CORS `origin` regex matches any host; list the production domains instead",
    "regex-unanchored": "the CORS `origin` regex is not anchored with `$`, so `https://example.com.evil.net` "
                        "also matches; anchor it or list the domains",
    "regex-host": "the CORS `origin` regex lets look-alike hosts in (an unescaped `.` matches any character, a "
                  "wildcard can run into another domain); escape the dots and match whole host names",
    "shared-host": "the CORS `origin` {what} accepts every site on {host}, where anyone can publish one; list the "
                   "exact origins of the project's own deployments instead",
    "shared-host-credentials": "the CORS `origin` {what} accepts every site on {host}, where anyone can publish "
                               "one, while credentials are allowed: any site there can make requests as the "
                               "logged-in user and read the answers; list the exact origins of the project's own "
                               "deployments instead",
    "env-fallback": "CORS `origin` falls back to '*' when {env} is unset; fail at start-up instead",
    "header": "Access-Control-Allow-Origin is set to '*'; answer with an allowed production origin instead",
    "header-reflect": "Access-Control-Allow-Origin echoes the request's origin unchecked, so every origin is "
                      "allowed; answer only origins from a list of production domains",
}


# a list or a regex kept under a CORS name (`corsOrigins`, `CORS_WHITELIST`) is the origin list whatever reads it
_CORS_NAME = re.compile(r"cors", re.I)


def check(doc, ctx):
    findings = list(_check(doc, ctx))
    # a package whose server answers health probes only (a worker's `/health` and `/metrics`) serves no data
    # another site could read, whatever its CORS says; asked only when there is something to report
    if findings and node_model(ctx.model).health_only(node_model(ctx.model).scope_of(doc.rel)):
        return
    yield from findings


_WELL_KNOWN = "/.well-known/"


def _discovery_document(info, node) -> bool:
    """The header is written while answering a `/.well-known/` discovery document (OAuth and OpenID metadata,
    RFC 8414 and 9728, `security.txt`): public by definition, and browser clients must be able to read it from
    any origin. Known from the route that registers the handler (`app.use('/.well-known/openid-configuration',
    ...)`), or from the test that chose the branch (`if (url.pathname === wellKnownPath)`, the path a constant
    of the module)."""
    for route in routes(info):
        call = route.call.node
        if _WELL_KNOWN in route.path and call.start_byte <= node.start_byte and node.end_byte <= call.end_byte:
            return True
    parent = node.parent
    while parent is not None:
        if parent.type == "if_statement":
            cond = parent.child_by_field_name("condition")
            if cond is not None and _names_well_known(info, cond):
                return True
        parent = parent.parent
    return False


def _names_well_known(info, cond) -> bool:
    stack = [cond]
    while stack:
        node = stack.pop()
        if node.type in ("string", "template_string") and _WELL_KNOWN in node.text.decode("utf-8", "replace"):
            return True
        if node.type == "identifier":
            value = info.string(node)
            if value is not None and _WELL_KNOWN in value:
                return True
        stack.extend(node.named_children)
    return False


def _check(doc, ctx):
    info = analysis(doc, ctx.model)
    judged = set()
    yield from _from_uses(doc, ctx, info, judged)
    for name, value in info.declarators():
        if not _CORS_NAME.search(name):
            continue
        for node in _regexes(info, value):
            pattern = _regex_pattern(node, info)
            # only the look-alike host: a list may hold development patterns (`/localhost:/`) that are not
            # anchored, which matter only where the list is given as the origin (judged above)
            if node.id not in judged and pattern and pattern.startswith("^") and pattern.endswith("$") and \
                    origin_regex_problem(pattern, "origin") == "host":
                judged.add(node.id)
                yield ctx.finding(doc.span(node), "cors.origin", "regex-host")


def _from_uses(doc, ctx, info, judged):
    for use in cors_uses(info):
        if in_development_branch(use.node):
            continue  # `if (isProduction) { allow-list } else { origin: true }`: never runs in production
        src = use.options.info if use.options is not None else info  # a config module's options: judged there
        credentials = use.options is not None and src.literal(use.options.get("credentials")) is True
        origin = use.options.get("origin") if use.options is not None else None
        if origin is None:
            if use.options is not None and use.options.spread:
                continue
            if use.default == "reflect" and credentials:
                continue  # reported by JS002
            yield ctx.finding(doc.span(use.node), "cors.origin", "no-origin", label=_label(use),
                              fix=_origin_fix(doc, use))
            continue
        pair = use.options.pairs["origin"]
        yield from _judge(src.doc, ctx, src, origin, pair, credentials, judged, use.label.startswith("Hapi"))
    for source in env_fallbacks(info):  # a config module: `corsOrigin: process.env.CORS_ORIGIN || '*'`
        if env_kind(source.env) == "cors-origin" and source.value.strip() == "*":
            yield ctx.finding(doc.span(source.node), "cors.origin", "env-fallback", env=source.env)
    for write in header_writes(info):
        if in_development_branch(write.node):
            continue  # res.set / setHeader / writeHead / ctx.set / reply.header / @Header
        if write.name != "access-control-allow-origin":
            continue
        if info.string(write.value) == "*":
            if not _static_files(info, write.node) and not _discovery_document(info, write.node):
                yield ctx.finding(doc.span(write.node), "header.Access-Control-Allow-Origin", "header")
        elif request_origin(info, write.value) and not origin_checked(info, write) and \
                not credentials_allowed(info, write):  # with credentials: JS002
            yield ctx.finding(doc.span(write.node), "header.Access-Control-Allow-Origin", "header-reflect")


def _judge(doc, ctx, info, origin, pair, credentials, judged, hapi=False):
    """``doc`` and ``info`` are the file the options are written in (a config module's, when imported)."""
    value = info.literal(origin)
    values = _array(info, origin)
    if value == "*" or "*" in values:
        yield ctx.finding(doc.span(pair), "cors.origin", "wildcard", path=doc.rel)
        return
    if value is True or allows_any_origin(info, origin):
        if not credentials:
            yield ctx.finding(doc.span(pair), "cors.origin", "reflect", path=doc.rel,
                              what="true" if value is True else "callback")
        return
    for node in _regexes(info, origin):
        pattern = _regex_pattern(node, info)
        if pattern is None:
            continue
        judged.add(node.id)
        if re.fullmatch(r"\^?\.[*+]\$?|\^?\(\.\*\)\$?", pattern):
            yield ctx.finding(doc.span(node), "cors.origin", "regex-any", path=doc.rel)
        elif not pattern.endswith("$"):
            yield ctx.finding(doc.span(node), "cors.origin", "regex-unanchored", path=doc.rel)
        elif host := shared_host_regex(pattern, search=True):  # the cors packages test the regex anywhere
            yield ctx.finding(doc.span(node), "cors.origin", "shared-host-credentials" if credentials else
                              "shared-host", path=doc.rel, what="regex", host=host)
        elif pattern.startswith("^") and origin_regex_problem(pattern, "origin") == "host":
            yield ctx.finding(doc.span(node), "cors.origin", "regex-host", path=doc.rel)
    for node, host in _callback_hosts(info, origin):  # an origin callback's own test: /\.vercel\.app$/.test(origin)
        yield ctx.finding(doc.span(node), "cors.origin", "shared-host-credentials" if credentials else "shared-host",
                          path=doc.rel, what="callback's test", host=host)
    if hapi:  # hapi reads `*` in an origin string as a wildcard: 'https://*.vercel.app'
        for child in _elements(info, origin):
            if (host := shared_host_wildcard(info.literal(child))) is not None:
                yield ctx.finding(doc.span(child), "cors.origin", "shared-host-credentials" if credentials else
                                  "shared-host", path=doc.rel, what=f"'{info.literal(child)}'", host=host)
    fallback = info.secret(origin)
    if fallback is not None and fallback.env and fallback.value.strip() == "*":
        yield ctx.finding(doc.span(fallback.node), "cors.origin", "env-fallback", path=doc.rel, env=fallback.env)


def _static_files(info, node):
    """The header is set in the `setHeaders` callback of a static-file server (`express.static`, serve-static,
    koa-static, koa-send, @fastify/static): public assets (fonts, scripts, locale files) that other sites may
    load. The key alone proves nothing: a class method or a middleware object's `setHeaders` serves the API."""
    for _ in range(8):  # the call, its statement, the callback's body, the callback, the pair
        node = node.parent
        if node is None:
            return False
        if node.type in ("pair", "method_definition"):  # `setHeaders: (res) => ...` or `setHeaders(res) {...}`
            key = node.child_by_field_name("key" if node.type == "pair" else "name")
            if key is None or key.text.decode("utf-8", "replace").strip("'\"") != "setHeaders":
                return False
            holder = node.parent
            return holder is not None and holder.type == "object" and _static_options(info, holder)
    return False


def _static_options(info, obj):
    """Whether the object literal is the options of a static-serving call: given in place, or held in a
    variable the call reads (`const opts = { setHeaders }; express.static('public', opts)`)."""
    for call in info.calls_with(qnames=_STATIC, methods=("register",)):
        if call.method == "register" and not (call.args and info.qualify(call.args[0]) in _STATIC):
            continue  # fastify.register(@fastify/static, { root, setHeaders })
        if any(info.resolve(arg) == obj for arg in call.args):
            return True
    return False


_STATIC = ("express.static", "serve-static", "koa-static", "koa-send", "@fastify/static", "fastify-static")


def _label(use):
    if use.label == "enableCors":
        return "app.enableCors()"
    return use.label if "(" in use.label or use.label.startswith(("Hapi", "autoConfig")) else f"{use.label}()"


def _array(info, node):
    node = info.resolve(node)
    if node is None or node.type != "array":
        return []
    return [info.literal(child) for child in node.named_children]


_CALLBACKS = ("arrow_function", "function_expression", "function", "function_declaration")


def _callback_hosts(info, origin):
    """Tests in an origin callback (express cors, @fastify/cors) or an origin function (@koa/cors, which takes
    no regex of its own) that let every site of a hosting platform through: `/\.vercel\.app$/.test(origin)`,
    `origin.endsWith('.vercel.app')`. Each test is a way in, whatever else the callback allows."""
    fn = info.resolve(origin)
    if fn is None or fn.type not in _CALLBACKS:
        return
    stack = [fn.child_by_field_name("body")]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if node.type == "call_expression":
            callee, args = node.child_by_field_name("function"), node.child_by_field_name("arguments")
            prop = callee.child_by_field_name("property") if callee is not None and \
                callee.type == "member_expression" else None
            method = prop.text.decode("utf-8", "replace") if prop is not None else ""
            if method in ("test", "exec"):
                target = info.resolve(callee.child_by_field_name("object"))
                pattern = _regex_pattern(target, info) if target is not None and \
                    target.type in ("regex", "new_expression") else None
                if pattern and (host := shared_host_regex(pattern, search=True)):
                    yield target, host
            elif method == "endsWith" and args is not None and args.named_children:
                suffix = info.literal(args.named_children[0])
                if isinstance(suffix, str) and 0 < len(suffix) < 200 and \
                        (host := shared_host_regex(".*" + suffix.replace(".", r"\.") + "$")):
                    yield args.named_children[0], host
        stack.extend(node.named_children)


def _elements(info, node):
    """The value, or the elements of the array it is."""
    node = info.resolve(node)
    if node is None:
        return []
    if node.type == "array":
        return [c for c in (info.resolve(c) for c in node.named_children) if c is not None]
    return [node]


def _regexes(info, node):
    """Regex literals and `new RegExp('...')` with a literal pattern, alone or in an array."""
    return [n for n in _elements(info, node) if n.type == "regex" or _new_regexp(info, n) is not None]


def _new_regexp(info, node):
    if node.type != "new_expression":
        return None
    ctor, args = node.child_by_field_name("constructor"), node.child_by_field_name("arguments")
    if ctor is None or ctor.text != b"RegExp" or args is None or not args.named_children:
        return None
    pattern = info.literal(args.named_children[0])
    return pattern if isinstance(pattern, str) else None


def _regex_pattern(node, info=None):
    if node.type == "new_expression":
        return _new_regexp(info, node) if info is not None else None
    pattern = node.child_by_field_name("pattern")
    return pattern.text.decode("utf-8", "replace") if pattern is not None else None


def _origin_fix(doc, use):
    """``cors()`` with empty parentheses gets the origin from the environment; anything else is left alone."""
    args = use.node.child_by_field_name("arguments") if use.node.type == "call_expression" else None
    if args is None or args.named_child_count or _label(use) != "cors()":
        return None
    return edits.fix("take the allowed origin from CORS_ORIGIN",
                     edits.replace(doc.file, doc.span(args), "({ origin: process.env.CORS_ORIGIN })"),
                     safety="unsafe")
