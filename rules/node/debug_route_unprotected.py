"""Debug and test routes must not be reachable without authentication in production.

## What it does
Reports route registrations (`app.get('/debug', ...)`, `router.use('/__dev', ...)`, fastify `app.get` and
`fastify.route({ url })`, hapi `server.route({ path })`, Nest `@Get('debug')` in a `@Controller`) whose path has a segment such as `debug`, `test`, `dev`, `__anything`,
`phpinfo`, `env` (not after a path parameter: `/instances/:appName/environment/:env` is the deployment
environment of one resource), `config` (unless a literal word follows it, `/api/config/paypal`, which names one setting; `/config/:key`,
`/api/config/all` and any route whose handler hands out `process.env` are reported; nor when a named feature
precedes it, `/openid/config`, nor when the handler is named for, or returns, the configuration built for
the browser, `getFrontendConfig()`, `res.json(clientConfig)`) or `heapdump`. A `test` that ends a POST, PUT or PATCH after a named resource
(`POST /notifications/discord/test`, `/webhooks/:id/test`) runs that resource, as settings pages do, and is no
test endpoint. It is reported when no authentication middleware is passed to the route, none was
installed earlier on the same app or router in the file (`router.use(requireAuth)`), another module of the
package mounts the file's router behind one (`router.use('/settings', isAdmin, settingsRoutes)`, or mounts it
in a module mounted so), the router a `use()` mounts is not a module of the package whose every route passes one
(`app.use('/config', configRouter)` with `router.post('/save', isAdmin, ...)` in the router's module), no Nest `@UseGuards` is on
the handler or its controller, no Nest module applies an authentication middleware to its controller
(`consumer.apply(AuthMiddleware).forRoutes(PostsController)`, a spread list of controllers, or `'*'`), no hapi `auth` is set on the route (nor `server.auth.default()` in the package,
unless the route says `auth: false`), no fastify `onRequest`/`preHandler` hook authenticates (on the route, or `addHook('onRequest', app.authenticate)` earlier in the same
plugin or a plugin enclosing it), and the registration is not inside an `if` that checks NODE_ENV (or a
`isDev`/`isProduction`-style flag), nor does the handler open by refusing outside development
(`if (process.env.NODE_ENV === 'production') throw new NotFoundException();`, `if (config().env !== Env.Dev)
throw ...`), nor registered by a function the package calls only outside production (`export function
bootDebugRoutes(app)` that the entry calls in `if (process.env.NODE_ENV !== 'production')`, or the function a module
exports itself as, `module.exports = function (app) {...}`, when every module that requires it does so in such a
branch: `if (process.env.NODE_ENV === 'development') require('./debug')(app)`). A `/config` handler answering with an object it writes field by field (`res.send({ signalingServer:
conf.signalingServer, buttons })`, no spread) hands out what it chose, not the configuration; so does one a
wrapper is given (`const serveConfig = makeRouteCache(function () { return JSON.stringify({ adminKeys: Env.admins,
... }) })`).

Middleware is recognised by name: anything mentioning auth, jwt, passport, guard, protect, admin, role,
permission, ensure, verify, restrict, login, logged or signed in (`requireSignIn`), and `requireUser`-style names.

## Why it matters in production
Debug routes dump environment variables (with every secret), configuration, heap snapshots and internal state,
or run test actions. They are the first paths scanners try.

## Example
```js path=server.js
const express = require('express');

const app = express();
app.get('/debug/env', (req, res) => res.json(process.env));
```

## Use instead
```js path=server.js
const express = require('express');
const { requireAdmin } = require('./auth');

const app = express();
app.get('/debug/env', requireAdmin, (req, res) => res.json({ node: process.version }));
if (process.env.NODE_ENV !== 'production') {
  app.get('/__dev/reset', (req, res) => res.sendStatus(204));
}
```

## References
- https://owasp.org/Top10/A05_2021-Security_Misconfiguration/
"""
import re

from linter.api import RuleMeta
from linter.api.node import (analysis, config_routes, exported_function, guarded_modules, in_development_branch, node_model,
                             outermost_function_name, routes)
from linter.api.routes import debug_segment
from linter.api import lazy

META = RuleMeta(
    id="JS017", name="debug-route-unprotected", kinds=("node",), severity="warning",
    checklist=("secrets.debug-endpoints",), cwe=(489, 215), precision="medium",
    hints=("/debug|/_debug|/test|/dev|/phpinfo|/env|/config|/dump|/heapdump|/__|nestjs",),
)
MESSAGES = {
    "open": "the route '{route}' looks like a debug/test endpoint and has no auth middleware; remove it from "
            "production builds or protect it",
}
# `requireSignIn`, `isSignedIn`, `mustBeSignedIn`: "sign in" is the other common word for logging in (the MERN
# tutorials' middleware name), spelled as one word, camel case or with an underscore. Read with its case, as a
# word of the name: the letters inside another word (`assignInput`, `designInfo`) are no sign-in
_AUTH = lazy(r"auth|jwt|passport|guard|protect|admin|role|permission|ensure|verify|restrict|login|"
             r"(?-i:Sign(?:ed)?_?In|(?<![A-Za-z])sign(?:ed)?_?[iI]n)|"
             r"require(User|Login|Role|Staff|Scope)|logged|acl|basicAuth|apiKey|checkUser|isUser", re.I)
_DEV_GUARD = lazy(r"NODE_ENV|isDev|isDevelopment|isProd|isProduction|__DEV__|development|DEBUG|"
                        r"ENABLE_DEBUG|isTest|config\.(dev|debug)", re.I)
_NEST_VERBS = {f"@nestjs/common.{v}" for v in ("Get", "Post", "Put", "Patch", "Delete", "All", "Options", "Head")}


def check(doc, ctx):
    info = analysis(doc, ctx.model)
    mounted = _Mounted(doc, ctx)
    protected_receivers = []
    for call in info.calls_with(methods=("use",)):
        if call.method == "use" and call.args and info.string(call.args[0]) is None and \
                any(_AUTH.search(a.text.decode("utf-8", "replace")) for a in call.args):
            protected_receivers.append((call.receiver.text if call.receiver is not None else b"", call.node.start_byte))
    hooks = _auth_hooks(info)
    for route in routes(info):
        handler = route.call.args[-1] if route.call.args else None
        if not _is_debug(route.path, _exposes_env(info, handler), route.verb, _client_view(info, handler)):
            continue
        if any(_AUTH.search(m.text.decode("utf-8", "replace")) for m in route.middleware) or mounted():
            continue
        receiver = route.call.receiver.text if route.call.receiver is not None else b""
        if any(r == receiver and start < route.call.node.start_byte for r, start in protected_receivers):
            continue
        if route.verb == "use" and handler is not None and _mounts_guarded_router(ctx, info, doc, handler):
            continue  # `app.use('/config', configRouter)`: every route of the router is behind authentication
        if _dev_only(route.call.node) or _hooked(hooks, route.call.node) or \
                _refuses_outside_dev(info.function_of(handler) if handler is not None else None) or \
                _registered_in_development(ctx, doc, route.call.node):
            continue
        yield ctx.finding(doc.span(route.path_node), f"route.{route.path}", "open", route=route.path)
    facts = None
    for route in config_routes(info):  # hapi `server.route({ path, options: { auth } })`, fastify `route({ url })`
        method = info.string(route.route.get("method")) if route.route.has("method") else None
        handler = route.route.get("handler")
        if not _is_debug(route.path, _exposes_env(info, handler), method, _client_view(info, handler)) or \
                _dev_only(route.call.node) or \
                _refuses_outside_dev(info.function_of(handler) if handler is not None else None):
            continue
        if route.framework == "hapi":
            settings = info.obj(route.route.get("options")) or info.obj(route.route.get("config"))
            auth = settings.get("auth") if settings is not None else None
            if auth is not None and info.literal(auth) is not False:
                continue  # a strategy or `{ mode, strategy, scope }`
            if auth is None:
                if facts is None:
                    model = node_model(ctx.model)
                    facts = model.facts(model.scope_of(doc.rel))
                if facts.hapi_default_auth:
                    continue  # `server.auth.default(...)` covers every route that does not say `auth: false`
        elif any(route.route.has(hook) and _AUTH.search(route.route.get(hook).text.decode("utf-8", "replace"))
                 for hook in _HOOKS) or _hooked(hooks, route.call.node):
            continue
        yield ctx.finding(doc.span(route.path_node), f"route.{route.path}", "open", route=route.path)
    for call in info.calls_to(*_NEST_VERBS):
        decorator = call.node.parent
        if decorator is None or decorator.type != "decorator":
            continue
        path = info.string(call.arg(0)) or ""
        prefix, class_guarded = _controller(info, decorator)
        class_guarded = class_guarded or _module_middleware_guards(ctx, doc, decorator)
        full = "/" + "/".join(p.strip("/") for p in (prefix, path) if p and p.strip("/"))
        verb = call.callee.text.decode("utf-8", "replace").rpartition(".")[2] if call.callee is not None else None
        method_node = _nest_method(decorator)
        if not _is_debug(full, _exposes_env_text(method_node), verb, _client_view_text(method_node)) or \
                class_guarded or \
                _method_guarded(decorator) or _refuses_outside_dev(method_node):
            continue
        yield ctx.finding(doc.span(call.node), f"route.{full}", "open", route=full)


_HOOKS = ("onRequest", "preValidation", "preHandler", "preParsing")


def _auth_hooks(info):
    """(scope, start) of fastify `addHook('onRequest', app.authenticate)` calls: the hook runs for every route
    registered after it in the same plugin and in the plugins that plugin registers (encapsulation), not in
    its siblings. The scope is the plugin function the hook is added in (None: the module's own instance)."""
    out = []
    for call in info.calls_with(methods=("addHook",)):
        if call.method != "addHook" or len(call.args) < 2 or info.string(call.args[0]) not in _HOOKS:
            continue
        texts = [a.text.decode("utf-8", "replace") for a in call.args[1:]]
        for arg in call.args[1:]:
            fn = info.function_of(arg)  # `addHook('preHandler', checkToken)`: what the function does
            if fn is not None:
                texts.append(fn.text.decode("utf-8", "replace"))
        if any(_AUTH.search(t) for t in texts):
            out.append((info.enclosing_function(call.node), call.node.start_byte))
    return out


def _hooked(hooks, node):
    for scope, start in hooks:
        if start < node.start_byte and (scope is None or scope.start_byte <= node.start_byte < scope.end_byte):
            return True
    return False


def _is_debug(path, exposes_env=False, verb=None, client_view=False):
    segments = [s.split("?")[0] for s in path.lower().split("/") if s]
    for i, segment in enumerate(segments):
        if segment == "config" and client_view and not exposes_env:
            continue  # `getFrontendConfig()`: the settings the application built for its browser code
        if segment == "config" and not exposes_env and i < len(segments) - 1 and _named_setting(segments[i + 1]):
            continue  # `/api/config/paypal`: one named setting the front end reads, not the whole configuration
        if segment == "test" and _tests_a_resource(segments, i, verb):
            continue
        if segment == "config" and not exposes_env and i > 0 and _named_setting(segments[i - 1]) and \
                not _PREFIXES.match(segments[i - 1]) and segments[i - 1] not in _OWNERS_OF_ALL:
            continue  # `/openid/config`: the settings of one named feature, as `/config/paypal` is
        if segment in ("env", "environment") and not exposes_env and i > 0 and _parameter(segments[i - 1]):
            continue  # `/instances/:appName/environment/:env`: the deployment environment of one resource
        if segment == "config" or debug_segment(segment):
            return True
    return False


def _parameter(segment):
    """A path parameter: Express's `:id`, OpenAPI's and Nest's `{id}`."""
    return segment.startswith(":") or segment.startswith("{") and segment.endswith("}")


# before `config`, words for the application as a whole: `/server/config` is all of it
_OWNERS_OF_ALL = {"server", "system", "app", "application", "site", "global", "runtime", "process", "node"}

# version and area prefixes: `/api/test` is a test endpoint of the API, not a test of something called "api"
_PREFIXES = lazy(r"(api|v\d+|rest|internal|private|public|admin|_?debug|dev|__\w*)$")


def _tests_a_resource(segments, i, verb):
    """`POST /notifications/discord/test`, `POST /webhooks/:id/test`: the last segment is a verb that runs
    the resource before it (send a test message, try the connection with the submitted settings), as the
    settings pages of real applications do; a write, never a page to look at. `GET /test`, `/api/test` and
    `/test/seed` name a test endpoint."""
    if (verb or "").lower() not in ("post", "put", "patch") or i != len(segments) - 1 or i == 0:
        return False
    before = segments[i - 1]
    return not _PREFIXES.match(before) and not debug_segment(before) and before != "config"


class _Mounted:
    """Whether the file's routers are mounted behind authentication by another module of the package
    (`router.use('/settings', isAuthenticated(Permission.ADMIN), settingsRoutes)`), directly or through a
    module mounted so; asked only when the file has a route to report."""

    def __init__(self, doc, ctx):
        self.doc, self.ctx, self.answer = doc, ctx, None

    def __call__(self):
        if self.answer is None:
            model = node_model(self.ctx.model)
            scope = model.scope_of(self.doc.rel)
            guarded = guarded_modules(model.mounts(scope), lambda text: bool(_AUTH.search(text)))
            self.answer = self.doc.rel in guarded
        return self.answer


# after `config`, segments that name the whole configuration rather than one setting
_WHOLE = {"all", "full", "raw", "dump", "vars", "variables", "secrets", "keys", "list", "server", "system",
          "internal", "private", "values"}


def _named_setting(segment):
    """A literal word (`paypal`, `public`, `client-id`): not a parameter (`:key`, `{key}`, `*`), nor a name for
    the whole configuration or the environment (`all`, `env`, `debug`)."""
    return bool(re.fullmatch(r"[a-z][a-z0-9_.-]*", segment)) and segment not in _WHOLE and \
        segment != "config" and not debug_segment(segment) and not segment.startswith("env")


# `res.json(process.env)`, `process.env[req.params.key]`: the environment itself, or any variable of it
_WHOLE_ENV = lazy(r"\bprocess\s*\.\s*env\b(?!\s*(\.\s*[A-Za-z_$]|\[\s*['\"`]))")


def _exposes_env(info, handler):
    """Whether the handler (a function written in place or named) hands out `process.env` or a variable of it
    chosen by the request."""
    if handler is None:
        return False
    fn = info.function_of(handler)
    node = fn if fn is not None else handler
    return bool(_WHOLE_ENV.search(node.text.decode("utf-8", "replace")))


# a handler named for, or returning, the configuration built for the browser side (`getFrontendConfig`,
# `FrontendConfigDto`, `res.json(buildClientConfig())`, `publicConfig`)
_CLIENT_CONFIG = lazy(r"(front_?end|client|public|browser|web_?app|ui)_?config|config_?for_?(the_?)?"
                      r"(front_?end|client|browser)", re.I)


def _names_client_config(text):
    # every alternative spells "config": a scan for the word skips the regex's slow case-blind alternation
    # on the thousands of handlers that never say it
    return "config" in text.lower() and bool(_CLIENT_CONFIG.search(text))


def _handler_function(info, handler):
    """The function a route handler runs: itself, a function it names, or the function a wrapper is given
    (`const serveConfig = makeRouteCache(function () { ... })`, `asyncHandler(async (req, res) => ...)`)."""
    fn = info.function_of(handler)
    if fn is not None:
        return fn
    node = info.resolve(handler)
    if node is not None and node.type == "call_expression":
        args = node.child_by_field_name("arguments")
        for arg in (args.named_children if args is not None else ()):
            fn = info.function_of(arg)
            if fn is not None:
                return fn
    return None


def _client_view(info, handler):
    if handler is None:
        return False
    fn = _handler_function(info, handler)
    texts = [handler.text.decode("utf-8", "replace")]
    if fn is not None:
        texts.append(fn.text.decode("utf-8", "replace"))
    return any(_names_client_config(t) for t in texts) or fn is not None and _answers_chosen_fields(fn)


# the handler answers with an object it writes out: `res.send({ signalingServer: conf.signalingServer, buttons })`,
# `return { version, features }`, `ctx.body = { ... }`, a script built around `JSON.stringify({ ... })`
_ANSWERS_OBJECT = lazy(r"(?:\.(?:send|json)\(|\breturn|\.body\s*=|JSON\.stringify\()\s*\{\s*[\w$'\"]")


def _answers_chosen_fields(fn):
    """A `/config` handler answering with an object literal it writes field by field hands out the settings
    it chose (what a browser client needs: a signalling server's address, which buttons to show), not the
    configuration: a dump passes the configuration object itself, or spreads it (`{ ...config }`)."""
    body = fn.child_by_field_name("body")
    text = body.text.decode("utf-8", "replace") if body is not None else ""
    return bool(_ANSWERS_OBJECT.search(text)) and "..." not in text and not _WHOLE_ENV.search(text)


def _client_view_text(node):
    return node is not None and _names_client_config(node.text.decode("utf-8", "replace"))


def _exposes_env_text(node):
    return node is not None and bool(_WHOLE_ENV.search(node.text.decode("utf-8", "replace")))


def _nest_method(decorator):
    """The method a Nest route decorator stands on (decorators are its preceding siblings in the class body)."""
    sibling = decorator.next_named_sibling
    while sibling is not None and sibling.type == "decorator":
        sibling = sibling.next_named_sibling
    return sibling if sibling is not None and sibling.type == "method_definition" else None


def _mounts_guarded_router(ctx, info, doc, handler) -> bool:
    """Whether the router a `use()` mounts is a module of the package whose every route passes authentication
    middleware (`router.post('/save', isAdmin, ...)`), or follows its own `router.use(isAdmin)`."""
    model = node_model(ctx.model)
    target = model.mounted_file(info, doc.rel, handler)
    return target is not None and model.routes_all_guarded(target, lambda text: bool(_AUTH.search(text)))


def _registered_in_development(ctx, doc, node) -> bool:
    """The route is registered by a function (`export function bootDebugRoutes(app)`) that the package calls
    only where it runs outside production (`if (process.env.NODE_ENV !== 'production') bootDebugRoutes(app)`,
    in this module or another): its routes never reach a production server."""
    model = node_model(ctx.model)
    if exported_function(node):
        # `module.exports = function (app) {...}` loaded as `require('./debug')(app)` only in a development
        # branch of the modules that load it
        loads = model.module_loads(model.scope_of(doc.rel), doc.rel)
        if loads and all(_dev_only(call.node) or in_development_branch(call.node) for _, call in loads):
            return True
    name = outermost_function_name(node)
    if name is None:
        return False
    calls = model.function_calls(model.scope_of(doc.rel), doc.rel, name)
    return bool(calls) and all(_dev_only(call.node) or in_development_branch(call.node) for _, call in calls)


def _dev_only(node):
    node = node.parent
    while node is not None:
        if node.type in ("if_statement", "ternary_expression", "binary_expression") and node.type != "program":
            cond = node.child_by_field_name("condition") or node.child_by_field_name("left")
            if cond is not None and _DEV_GUARD.search(cond.text.decode("utf-8", "replace")):
                return True
        node = node.parent
    return False


_REFUSES = lazy(r"^\s*(?:\{\s*)?(?:throw\b|return\b)")


def _refuses_outside_dev(fn):
    """The handler's first statement refuses unless the app runs in development or test:
    `if (process.env.NODE_ENV === 'production') throw new NotFoundException();`,
    `if (config().env !== Env.Dev) throw new ErrorForbidden();`, `if (!isDev) return res.sendStatus(404);`.
    The route exists in production but answers nothing there."""
    body = fn.child_by_field_name("body") if fn is not None else None
    if body is None or body.type != "statement_block":
        return False
    first = next((c for c in body.named_children if c.type != "comment"), None)
    if first is None or first.type != "if_statement":
        return False
    cond = first.child_by_field_name("condition")
    then = first.child_by_field_name("consequence")
    return cond is not None and then is not None and first.child_by_field_name("alternative") is None and \
        bool(_DEV_GUARD.search(cond.text.decode("utf-8", "replace")) or
             _ENV_COMPARE.search(cond.text.decode("utf-8", "replace"))) and \
        bool(_REFUSES.match(then.text.decode("utf-8", "replace")))


# `config().env !== Env.Dev`, `settings.env === 'production'`: the app's own name for its environment
_ENV_COMPARE = lazy(r"\benv\b\s*[!=]==?|[!=]==?\s*\w*\.?(?:Env|ENV)\.\w+", re.I)


def _module_middleware_guards(ctx, doc, decorator) -> bool:
    """A Nest module of the package applies an authentication middleware to the controller
    (`consumer.apply(AuthMiddleware).forRoutes(PostsController)`, a spread list of controllers, or '*')."""
    body = decorator.parent
    cls = body.parent if body is not None else None
    name = cls.child_by_field_name("name") if cls is not None else None
    if name is None:
        return False
    name = name.text.decode("utf-8", "replace")
    model = node_model(ctx.model)
    for middleware, targets in model.nest_middleware(model.scope_of(doc.rel)):
        if any(_AUTH.search(m) for m in middleware) and \
                any(t == name or t.strip("/") in ("*", "(.*)", "{*splat}") for t in targets):
            return True
    return False


def _controller(info, decorator):
    body = decorator.parent  # class_body
    cls = body.parent if body is not None else None
    holders = [cls, cls.parent] if cls is not None else []
    prefix, guarded = "", False
    for holder in holders:
        if holder is None:
            continue
        for child in holder.children:
            if child.type != "decorator":
                continue
            text = child.text.decode("utf-8", "replace")
            if re.match(r"@\s*Controller\b", text):
                inner = child.named_children[0] if child.named_children else None
                if inner is not None and inner.type == "call_expression":
                    args = inner.child_by_field_name("arguments")
                    first = args.named_children[0] if args is not None and args.named_children else None
                    prefix = info.string(first) or "" if first is not None else ""
            elif re.match(r"@\s*(UseGuards|Auth|Roles|Authorized)\b", text):
                guarded = True
    return prefix, guarded


def _method_guarded(decorator):
    sibling = decorator.next_named_sibling
    while sibling is not None and sibling.type == "decorator":
        if _AUTH.search(sibling.text.decode("utf-8", "replace")):
            return True
        sibling = sibling.next_named_sibling
    sibling = decorator.prev_named_sibling
    while sibling is not None and sibling.type == "decorator":
        if _AUTH.search(sibling.text.decode("utf-8", "replace")):
            return True
        sibling = sibling.prev_named_sibling
    return False
