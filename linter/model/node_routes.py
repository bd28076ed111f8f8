"""What a package's HTTP server answers: health probes only, or requests people and programs send.

A queue worker, a Nest microservice or a sidecar often listens only so that the orchestrator can probe it
(`/health`, `/healthz/ready`, `/metrics`, a root banner). Rate limits, security headers, CORS and access logs
protect what clients request; a server whose every route is a probe has none of that to protect. The
safeguard rules ask `ScopeFacts.health_only`, which is true only when routes were seen and every one of them is
a probe: a package whose routes the model cannot read (registered from a glob, a plugin it does not know)
stays request-facing.

Routes per framework, read from one file at a time (`file_routes`):
- Express, Koa routers, Fastify and restify shorthands (`app.get('/x', ...)`, `router.post(...)`): the path;
  `use('/x', router)` of a router the package defines is neutral (its own routes count where they are
  declared), `use` of anything else (a package's router, static files, an inline handler) serves requests;
- hapi and Fastify route objects (`server.route({ method, path })`, route tables exported as arrays);
- Nest controllers: `@Controller('health')` with `@Get()` is `/health`; GraphQL resolvers and WebSocket
  gateways serve requests;
- a plain http handler (`http.createServer((req, res) => ...)`) that never reads the request answers every
  request alike (a liveness banner beside a WebSocket upgrade); one that reads it is taken to serve requests;
- static file middleware always serves requests.
"""
from __future__ import annotations

import re

# a path segment that names a probe; `status` and `version` only as the whole path (`/status`, `/api/version`),
# since `/orders/:id/status` is an API
_PROBE = re.compile(r"^(?:_?health(?:z|check|-check|_check)?|livez?|liveness|readyz?|readiness|alive|heartbeat|"
                    r"ping|metrics|prometheus)$", re.I)
_WHOLE_PATH_PROBE = re.compile(r"^/(?:api/)?(?:v\d+/)?(?:status|version|info)/?$", re.I)
_VERBS = {"get", "post", "put", "patch", "delete", "del", "all", "options", "head"}
_NEST_VERBS = {"Get", "Post", "Put", "Patch", "Delete", "All", "Options", "Head", "Search"}
# Nest decorators that put other request handlers on the server
_NEST_SERVING = {"@nestjs/graphql.Resolver", "@nestjs/websockets.WebSocketGateway", "@nestjs/common.Sse"}
# Fastify/hapi plugins from packages that answer requests of their own (files, documentation, APIs, proxies)
_SERVING_MODULE = re.compile(r"static|swagger-ui|trpc|mercurius|graphql|apollo|(?<!https-)(?<!http-)proxy(?!-agent)|"
                             r"autoload|inert|bull-board|arena", re.I)
# what a handler does when it sends a file or a page rather than a fixed answer
_SENDS_CONTENT = re.compile(r"\b(?:sendFile|render|pipe|createReadStream|download)\s*\(|<\w")
# a fixed answer that is a status, not a page: JSON, plain text, or a status word
_STATUS_ANSWER = re.compile(r"\.json\s*\(|text/plain|\.body\s*=\s*\{|"
                            r"(?:send|end|write)\s*\(\s*['\"`](?:ok|okay|up|alive|healthy|pong|running|ready)\b", re.I)


def is_probe(path: str) -> bool:
    """Whether a route path is a health, readiness or metrics endpoint (or the root, which callers judge)."""
    path = path.split("?")[0]
    if _WHOLE_PATH_PROBE.match(path):
        return True
    segments = [s for s in path.split("/") if s and not s.startswith(":") and not s.startswith("{")]
    return any(_PROBE.match(s) for s in segments)


def file_routes(info, model, app_rel: str | None = None) -> tuple[int, int]:
    """(probe routes, request-facing routes) one production file declares; `model` is the node model module
    (passed in: this module is imported by it). A plain http handler counts only in the file that creates the
    package's app (`app_rel`): another script's callback server says nothing of what the app answers."""
    probes = serving = 0
    for route in model.routes(info):
        kind = _judge_route(info, model, route)
        probes += kind == "probe"
        serving += kind == "serving"
    for route in model.config_routes(info):
        if is_probe(route.path):
            probes += 1
        else:
            serving += 1
    p, s = _route_tables(info, model)
    probes, serving = probes + p, serving + s
    p, s = _nest_routes(info)
    probes, serving = probes + p, serving + s
    if info.doc.rel == app_rel:
        p, s = _plain_http(info, model)
        probes, serving = probes + p, serving + s
    serving += _serving_middleware(info, model)
    return probes, serving


def _judge_route(info, model, route) -> str:
    """'probe', 'serving' or '' (neutral: a mount of the package's own router)."""
    if route.verb == "use":
        if is_probe(route.path):
            return "probe"
        target = model._unwrap(route.call.args[-1])
        if target is not None and target.type in ("identifier", "member_expression") and \
                _own_module(info, target):
            return ""  # its routes are counted in the file that declares them
        return "serving"
    app = route.call.qname.rpartition(".")[0] if route.call.qname else ""
    if route.path in ("/", "") and route.verb == "get" and model.is_app(app) and _banner(info, route.call.args[-1]):
        # the app's own root (a router's `/` is wherever it is mounted)
        return "probe"  # `app.get('/', (req, res) => res.json({ message: 'Worker API' }))`
    return "probe" if is_probe(route.path) else "serving"


def _own_module(info, target) -> bool:
    """Whether a mounted router comes from the package itself: a local binding or a relative import."""
    name = target
    while name is not None and name.type == "member_expression":
        name = name.child_by_field_name("object")
    if name is None or name.type != "identifier":
        return False
    decl = info.lookup(info._t(name), name)
    if decl is None:
        return False
    if decl.kind == "import" or decl.module:
        return bool(decl.module) and decl.module.startswith((".", "@/", "~/", "src/"))
    if decl.kind == "var" and decl.value is not None:
        module = info._module_of(decl.value)
        if module is not None:
            return module[0].startswith(".")
        text = info._t(decl.value)
        return "Router(" in text or "router(" in text.lower()  # `const router = express.Router()`
    return decl.kind == "function"


def _banner(info, handler, url_probes: bool = False) -> bool:
    """A handler that never reads the request and answers a status (JSON, plain text, `ok`), no file or page:
    the same answer to everyone. With ``url_probes``, a plain http handler may read the request's URL only to
    compare it with probe paths and `/` (`if (req.url === '/health') … else if (req.url === '/') … else 404`):
    a sidecar's health server, which serves nothing else."""
    fn = info.function_of(handler)
    if fn is None:
        return False
    params = fn.child_by_field_name("parameters")
    first = None
    if params is not None:
        first = next((p for p in params.named_children if p.type != "comment"), None)
    elif fn.type == "arrow_function":
        first = fn.child_by_field_name("parameter")
    body = fn.child_by_field_name("body")
    text = info._t(body) if body is not None else ""
    if _SENDS_CONTENT.search(text) or not _STATUS_ANSWER.search(text):
        return False
    if first is None:
        return True
    if first.type in ("required_parameter", "optional_parameter"):
        first = first.child_by_field_name("pattern")
    if first is None or first.type != "identifier":
        return False  # `({ url }, res) =>` reads the request
    name = info._t(first)
    reads = re.findall(rf"(?<![\w$.]){re.escape(name)}\b(?:\s*\.\s*(\w+))?", text)
    if not reads:
        return True
    if not url_probes or any(field != "url" for field in reads):
        return False
    compared = re.findall(rf"(?<![\w$.]){re.escape(name)}\s*\.\s*url\s*===?\s*(['\"])([^'\"]*)\1", text)
    return len(compared) == len(reads) and all(path == "/" or is_probe(path) for _, path in compared)


def _route_tables(info, model) -> tuple[int, int]:
    """Route objects written as data (`module.exports = [{ method: 'GET', path: '/health', handler }]`, hapi's
    route tables, Fastify's `routes` arrays) outside a `.route()` call, which `config_routes` reads already."""
    text = info.doc.source
    if b"method" not in text or (b"path" not in text and b"url" not in text):
        return 0, 0
    seen = {r.path_node.start_byte for r in model.config_routes(info)}
    probes = serving = 0
    found = info.doc.captures("(pair key: [(property_identifier) (string)] @key) @pair")
    for pair in found.get("pair", ()):
        key = model._key_text(pair.child_by_field_name("key"))
        if key not in ("path", "url"):
            continue
        value = pair.child_by_field_name("value")
        obj = pair.parent
        if value is None or obj is None or value.start_byte in seen:
            continue
        keys = {model._key_text(p.child_by_field_name("key")) for p in obj.named_children if p.type == "pair"}
        if "method" not in keys or not ({"handler", "options", "config"} & keys):
            continue  # an HTTP client's request options (`{ method, url, headers }`) are no route
        path = info.string(value)
        if path is None or not path.startswith("/"):
            continue
        if is_probe(path):
            probes += 1
        else:
            serving += 1
    return probes, serving


def _nest_routes(info) -> tuple[int, int]:
    """Nest controller methods, each with its controller's prefix."""
    calls = info.calls_with(qnames={f"@nestjs/common.{v}" for v in _NEST_VERBS} | _NEST_SERVING)
    if not calls:
        return 0, 0
    probes = serving = 0
    prefixes = {}
    for call in info.calls_with(qnames={"@nestjs/common.Controller"}):
        cls = _decorated_class(call.node)
        if cls is not None:
            prefixes[(cls.start_byte, cls.end_byte)] = _decorator_path(info, call)
    for call in calls:
        if call.qname in _NEST_SERVING:
            serving += 1
            continue
        cls = _enclosing_class(call.node)
        prefix = prefixes.get((cls.start_byte, cls.end_byte)) if cls is not None else None
        method = _decorator_path(info, call)
        if prefix is None or method is None:
            serving += 1  # a path built at run time: not judged a probe
            continue
        path = "/" + "/".join(p.strip("/") for p in (prefix, method) if p.strip("/"))
        if is_probe(path):
            probes += 1
        else:
            serving += 1
    return probes, serving


def _decorator_path(info, call) -> str | None:
    """The path a Nest decorator names: `@Get()` is '', `@Get('ready')`, `@Controller({ path: 'health' })`."""
    if not call.args:
        return ""
    value = call.args[0]
    text = info.string(value)
    if text is not None:
        return text
    obj = info.obj(value)
    if obj is not None:
        if not obj.has("path"):
            return ""
        return info.string(obj.get("path"))
    return None


def _decorated_class(node):
    """The class a decorator call (`@Controller(...)`) sits on."""
    deco = node.parent
    holder = deco.parent if deco is not None else None
    if holder is None:
        return None
    if holder.type in ("class_declaration", "class", "abstract_class_declaration"):
        return holder
    if holder.type == "export_statement":
        return holder.child_by_field_name("declaration")
    return None


def _enclosing_class(node):
    node = node.parent
    while node is not None and node.type not in ("class_declaration", "class", "abstract_class_declaration"):
        node = node.parent
    return node


def _plain_http(info, model) -> tuple[int, int]:
    """A plain http server's request handler: a banner when it never reads the request, else serving."""
    probes = serving = 0
    for call, framework in info.app_creations():
        if framework != "http":
            continue
        if _banner(info, call.args[-1], url_probes=True):
            probes += 1
        else:
            serving += 1
    return probes, serving


def _serving_middleware(info, model) -> int:
    """Static files, and modules that answer requests themselves (a proxy, bull-board's UI, a GraphQL or tRPC
    adapter, documentation pages, a route autoloader), imported or loaded with `import()`."""
    serving = len(info.calls_with(qnames=model.STATIC_CALLS))
    return serving + sum(1 for module in info.imports
                         if not module.startswith(".") and _SERVING_MODULE.search(module))
