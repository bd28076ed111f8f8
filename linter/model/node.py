"""The Node backend model: what a reader of a JavaScript/TypeScript backend knows without running it.

Two levels, both computed once and cached:

* :func:`analysis` (per parsed file): import/require bindings, declarations by scope, every call with its
  callee resolved to a qualified name (``cors``, ``jsonwebtoken.sign``, ``express().use``), and small value
  helpers (string literals, object literals, ``process.env.X || 'fallback'``). One tree-sitter query pass.
* :func:`node_model` (per project, memoised on the Project): which backend package each file belongs to,
  that package's entry point and app object, and project-wide facts (is helmet used anywhere? a rate
  limiter? a SIGTERM handler?) so that "the app has no X" is reported once, at the app's creation.

Qualified names: an imported module is its name (``import jwt from 'jsonwebtoken'`` -> ``jsonwebtoken``),
a member adds ``.name``, a call or ``new`` adds ``()``. ``const app = express()`` makes ``app`` resolve to
``express()``, so ``app.use(...)`` is a call to ``express().use``.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from ..lazyre import lazy
from ..files import Unreadable
from ..secrets import url_userinfo
from .node_links import exported, imported_expression, imported_object
from . import node_reach
from .node_entry import reach, runs_for_itself, start_command
from .node_scope import package_scope
from .node_redis import REDIS_HINT, redis_plugin_connections

# ---- what the packages are ---------------------------------------------------------------------
APP_FACTORIES = {
    "express": "express", "koa": "koa", "fastify": "fastify", "@nestjs/core.NestFactory.create": "nest",
    "@hapi/hapi.server": "hapi", "@hapi/hapi.Server": "hapi", "hapi.server": "hapi", "hapi.Server": "hapi",
    "restify.createServer": "restify", "fastify.fastify": "fastify", "fastify.default": "fastify",
    "koa.default": "koa", "@hapi/hapi.default.server": "hapi",
    "http.createServer": "http", "https.createServer": "http", "node:http.createServer": "http",
    "node:https.createServer": "http", "http2.createSecureServer": "http",
    # routing-controllers builds the app itself from decorated controllers
    "routing-controllers.createExpressServer": "express", "routing-controllers.createKoaServer": "koa",
    # Glue composes a hapi server from a manifest (`{ server: {...}, register: { plugins: [...] } }`)
    "@hapi/glue.compose": "hapi", "glue.compose": "hapi",
    # a WebSocket server on a port of its own (`new WebSocketServer({ port })`): one attached to an http server
    # (`{ server }`, `{ noServer: true }`) is that server's, which is the app
    "ws.WebSocketServer": "ws", "ws.Server": "ws", "ws.default.Server": "ws", "ws.WebSocket.Server": "ws",
}

# a package named for a framework and a logger (`@kasa/koa-logging`, `koa-bunyan-logger`, `express-pino-logger`,
# `fastify-log`): the framework's request-logging middleware, whoever publishes it
_FRAMEWORK_LOGGER = lazy(r"(?:^|[/@-])(?:koa|express|fastify|hapi|restify)[\w-]*[-/](?:[\w-]*-)?"
                         r"(?:log|logs|logger|logging|pino|morgan|winston|bunyan)$")
# the app factory that is a class a project extends (Koa's Application; express() and fastify() are functions)
_APP_CLASSES = {"koa"}
ROUTER_FACTORIES = {"express.Router", "koa-router", "@koa/router", "router"}
HELMET_MODULES = {"helmet", "koa-helmet", "@fastify/helmet", "fastify-helmet", "lusca", "blankie", "@hapi/blankie"}
# headers an app that sets its own (res.setHeader, ctx.set, reply.header, h.response().header) sends instead of helmet's
SECURITY_HEADERS = {"content-security-policy", "x-content-type-options", "x-frame-options",
                    "strict-transport-security"}
RATE_LIMIT_MODULES = {
    "express-rate-limit", "rate-limiter-flexible", "@fastify/rate-limit", "fastify-rate-limit", "koa-ratelimit",
    "koa2-ratelimit", "@nestjs/throttler", "express-slow-down", "express-brute", "express-limiter",
    "hapi-rate-limit", "hapi-rate-limitor", "@upstash/ratelimit",
}
LOGGING_MODULES = {
    "morgan", "pino-http", "express-pino-logger", "express-winston", "koa-logger", "koa-morgan", "koa-pino-logger",
    "nestjs-pino", "express-requests-logger", "express-bunyan-logger", "@hapi/good", "hapi-pino", "good",
}
COMPRESSION_MODULES = {"compression", "koa-compress", "@fastify/compress", "fastify-compress", "shrink-ray-current",
                       "express-static-gzip"}
SHUTDOWN_MODULES = {"http-terminator", "stoppable", "@godaddy/terminus", "lightship", "close-with-grace",
                    "http-graceful-shutdown", "@nestjs/terminus", "fastify-graceful-shutdown",
                    "@dnlup/fastify-traps", "exiting", "@hapipal/exiting"}
STATIC_CALLS = {"express.static", "serve-static", "koa-static", "@fastify/static", "fastify-static"}
DB_MODULES = {"pg", "mysql", "mysql2", "mysql2/promise", "mssql", "tedious", "mongodb", "mongoose", "sequelize",
              "knex", "typeorm", "redis", "ioredis", "oracledb", "@prisma/client", "mariadb"}
SUPERUSERS = {"sa", "root", "postgres", "admin", "administrator"}

_TRANSPARENT = {"parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression",
                "type_assertion", "await_expression"}
_BLOCK_SCOPES = {"statement_block", "program", "class_body", "switch_body", "for_statement", "for_in_statement",
                 "class_static_block"}
_FUNCTIONS = {"function_declaration", "function_expression", "function", "arrow_function", "method_definition",
              "generator_function_declaration", "generator_function"}
_GLOBALS = {"process", "require", "module", "exports", "console", "Buffer", "global", "globalThis"}
# A builtin module that is also a global is the global when imported (`import process from 'node:process'`,
# the style eslint-plugin-n and unicorn ask for): `process.on('SIGTERM', ...)` and `process.env.X` read the same
_AS_GLOBAL = {"node:process": "process"}
# A name a file calls and never binds (no import, no declaration, no parameter) is its package when the package's
# README binds it by that name and no other package does: snippets and excerpts leave the `require` out
# (`app.use(helmet({ frameguard: false }))`, `app.options('*', cors())`), and a program cannot run with the name
# unbound. Names several packages share (`session`, `jwt`) are not guessed.
_UNBOUND_PACKAGES = {"helmet": "helmet", "cors": "cors", "cookieSession": "cookie-session"}

_STRUCTURE = """
(variable_declarator) @declarator
(formal_parameters) @params
(arrow_function parameter: (identifier) @param)
(function_declaration name: (identifier) @function)
(generator_function_declaration name: (identifier) @function)
(class_declaration name: (_) @function)
(catch_clause parameter: (identifier) @param)
(import_statement) @import
(assignment_expression left: (identifier) @assigned)
(assignment_expression left: (member_expression) @member_assigned)
(assignment_expression left: (subscript_expression index: (string)) @member_assigned)
(assignment_expression left: (subscript_expression index: (template_string)) @member_assigned)
(pair key: (property_identifier) @pair_key)
(call_expression) @call
(new_expression) @call
(export_statement) @export
(string) @string
(template_string) @string
"""


# The object keys the model looks for, by the capture they go to. Sorted here rather than by query predicates:
# py-tree-sitter tests a predicate by building the node's text for every pair of every pattern.
_PAIR_KEYS = {"type": "shape_key", "dialect": "shape_key", "client": "shape_key",
              "password": "db_password_key", "pass": "db_password_key", "pwd": "db_password_key",
              "plugin": "plugin_key", "register": "plugin_key", "origin": "cors_key",
              "resave": "session_key", "saveUninitialized": "session_key", "rolling": "session_key"}


class Unknown:
    """A value the model cannot know statically."""

    def __repr__(self):
        return "UNKNOWN"


UNKNOWN = Unknown()


@dataclass
class Decl:
    """A name a JS/TS scope declares."""

    name: str
    kind: str  # var | param | function | import
    node: object  # the identifier (or the pattern entry) that declares it
    value: object = None  # initialiser of a var
    module: str | None = None  # import/require bindings
    imported: str | None = None  # None: the module object itself; else the exported name
    const: bool = False


class Call:
    """One call or `new`: ``node``, ``callee`` (the function / constructor expression), ``args``, ``qname`` (the
    resolved callee, e.g. "jsonwebtoken.sign", "express().use"), ``new``, ``method`` (the property a member
    callee names)."""
    __slots__ = ("node", "callee", "qname", "new", "method", "_args", "index")

    def __init__(self, node, callee, args, qname, new=False, method=None, index=-1):
        self.index = index  # position in FileAnalysis.calls (document order)
        self.node = node
        self.callee = callee
        self._args = args  # None: read from the tree on first use (most calls are never asked for them)
        self.qname = qname
        self.new = new
        self.method = method

    @property
    def args(self) -> list:
        args = self._args
        if args is None:
            args_node = self.node.child_by_field_name("arguments")
            args = [a for a in args_node.named_children if a.type != "comment"] if args_node is not None else []
            self._args = args
        return args

    def _key(self):
        return self.node, self.callee, self.args, self.qname, self.new

    def __eq__(self, other):
        return self._key() == other._key() if other.__class__ is self.__class__ else NotImplemented

    __hash__ = None  # as a dataclass: equal by value, so not hashable

    def __repr__(self):
        return f"Call(node={self.node!r}, callee={self.callee!r}, qname={self.qname!r}, new={self.new!r})"

    @property
    def receiver(self):
        return self.callee.child_by_field_name("object") if self.callee.type == "member_expression" else None

    def arg(self, index: int):
        return self.args[index] if index < len(self.args) else None


@dataclass
class SecretSource:
    """A secret written in source: a literal, or the literal fallback of an environment variable."""
    value: str
    node: object  # the literal
    env: str | None = None  # set for process.env.X || 'literal'
    info: object = None  # the analysis of the file it is written in, when another module's (see secret(follow=))


@dataclass
class ObjectValue:
    """An object literal's properties, by key."""

    node: object
    props: dict = field(default_factory=dict)  # key -> value node
    pairs: dict = field(default_factory=dict)  # key -> the pair node (for positions)
    spread: bool = False
    parts: tuple = ()  # the ids of the object literals `Object.assign(...)` merged into this one
    # the analysis of the file it is written in: another module's when it was imported (see FileAnalysis.options)
    info: object = field(default=None, repr=False, compare=False)

    def get(self, key: str):
        return self.props.get(key)

    def has(self, key: str) -> bool:
        return key in self.props


_CONFIG_RECEIVER = lazy(r"config", re.I)  # configService, this.config, ConfigService instance
_ENV_NAME = lazy(r"^[A-Z][A-Z0-9_]*$")


# what FileAnalysis.__init__ sets and release() keeps
_ANALYSIS_STATE = ("doc", "project", "_ascii", "_f_function", "_f_constructor", "_f_object", "_f_property", "_f_name",
                   "_f_value")


class FileAnalysis:
    """Bindings, declarations and calls of one parsed file, and value helpers over them.

    Each part is built the first time a rule needs it: a file parsed only for its string literals never
    pays for the scope index or the call list.
    """

    def __init__(self, doc):
        self.doc = doc
        self.project = None  # set when a rule asks: lets the model find what other modules pass this one
        self._memo: dict = {}
        self._qualified: dict[int, tuple[str | None, int, bool]] = {}  # node id -> (qname, depth, cut short)
        self._cut = 0  # how many times qualify() stopped at its depth limit
        source = doc.source
        # an ASCII file's byte offsets are its characters' offsets: names are sliced from one string, not
        # copied out of the tree and decoded one by one (node.text builds a memoryview each time)
        self._ascii = source.decode("ascii") if source.isascii() else None
        from ..parsers.node import field_ids
        fields = field_ids(doc.grammar)
        self._f_function, self._f_constructor = fields["function"], fields["constructor"]
        self._f_object, self._f_property = fields["object"], fields["property"]
        self._f_name, self._f_value = fields["name"], fields["value"]

    def release(self) -> None:
        """Forget what was computed (computed again if asked): its views point back here (an options object's
        ``info``), so kept they would form cycles only the collector frees, after walking them."""
        kept = {key: self.__dict__[key] for key in _ANALYSIS_STATE if key in self.__dict__}
        self.__dict__.clear()
        self.__dict__.update(kept)
        self._memo, self._qualified, self._cut = {}, {}, 0

    def _t(self, node) -> str:
        """The text of a node (``_text``), for the model's own hot paths."""
        if node is None:
            return ""
        ascii_text = self._ascii
        if ascii_text is not None:
            return ascii_text[node.start_byte:node.end_byte]
        return node.text.decode("utf-8", "replace")

    def _str(self, node) -> str | None:
        """``_string_text(node)``: a plain literal of an ASCII file is sliced from its text."""
        ascii_text = self._ascii
        if ascii_text is not None and node is not None:
            kind = node.type
            if kind == "string":
                raw = ascii_text[node.start_byte:node.end_byte]
                if len(raw) > 1 and raw[0] == raw[-1] and raw[0] in "'\"" and "\\" not in raw and "\n" not in raw \
                        and "\r" not in raw and not node.has_error:
                    return raw[1:-1]
            elif kind == "template_string":
                raw = ascii_text[node.start_byte:node.end_byte]
                if "${" in raw and any(c.type == "template_substitution" for c in node.named_children):
                    return None
                return raw[1:-1]
        return _string_text(node)

    def _key_text(self, node) -> str | None:
        """``_key_text(node)``."""
        if node is None:
            return None
        kind = node.type
        if kind in ("property_identifier", "identifier", "private_property_identifier", "number"):
            return self._t(node)
        if kind == "string":
            return self._str(node)
        return None

    def _literal_text(self, node) -> str | None:
        """``literal_text(node)``."""
        if node is not None and node.type == "template_string":
            return literal_text(node)
        return self._str(node)

    @cached_property
    def _captures(self) -> dict:
        # one query, one walk of the tree, for every fact the model and the rules read (a walk per query cost
        # more than the parse)
        caps = self.doc.captures(_STRUCTURE)
        for key in caps.pop("pair_key", ()):
            name = _PAIR_KEYS.get(self._t(key))
            if name is not None:
                caps.setdefault(name, []).append(key)
        return caps

    @cached_property
    def _decls(self) -> dict[tuple[int, str], list[Decl]]:
        """Declarations by (scope node id, name); also fills the sets that depend on them."""
        self._decls_building: dict[tuple[int, str], list[Decl]] = {}
        self._scopes: dict[str, list[tuple[int, int, tuple[int, str]]]] = {}  # name -> (start, end, key)
        self._imported: set[str] = set()
        caps = self._captures
        for node in caps.get("import", ()):
            self._import(node)
        for node in caps.get("declarator", ()):
            self._declarator(node)
        params: list[tuple[object, object]] = []  # (function or None for the identifier's parent, identifier)
        for node in caps.get("params", ()):
            children = node.named_children
            if children:
                function = node.parent
                if function is not None:
                    for child in children:
                        self._param(child, function, params)
        params += [(None, node) for node in caps.get("param", ())]
        for node in caps.get("function", ()):
            self._add(_block_scope(node.parent.parent), node, "function")
        # A parameter only matters where it shadows a declaration of the same name (or a global): a name that is
        # only ever a parameter is looked up as nothing, which every caller of lookup() treats as a parameter.
        # Most parameters (req, res, next, err) are such names: they are not indexed.
        param_names = []
        shadowing = set(_GLOBALS).union(name for (_, name) in self._decls_building)
        for scope, ident in params:
            name = self._t(ident)
            param_names.append(name)
            if name in shadowing:
                self._add(ident.parent if scope is None else scope, ident, "param", name=name)
        self._assigned = {}  # name -> where each plain assignment to it starts
        for node in caps.get("assigned", ()):
            self._assigned.setdefault(self._t(node), []).append(node.start_byte)
        decls = self._decls_building
        # names whose declarations can qualify to a module (imports, variables with values): any other name
        # qualifies to nothing, or to itself when it is an undeclared global, without a scope walk
        self._declared = {name for (_, name) in decls}.union(param_names)
        self._qualifiable = {name for (_, name), found in decls.items()
                             if any(d.kind in ("import", "var") for d in found)}
        return decls

    @cached_property
    def calls(self) -> list[Call]:
        """Every call and `new`, in document order, with its callee qualified."""
        self._decls  # the scope index qualifies callees
        self._required: set[str] = set()
        by_type: dict[str, list[Call]] = {}
        by_method: dict[str, list[Call]] = {}
        by_qname: dict[str, list[Call]] = {}
        calls = []
        f_function, f_constructor, f_property = self._f_function, self._f_constructor, self._f_property
        for node in self._captures.get("call", ()):  # in document order
            new = node.type == "new_expression"
            callee = node.child_by_field_id(f_constructor if new else f_function)
            if callee is None:
                continue
            kind = callee.type
            method = None
            if kind == "identifier":
                if callee.end_byte - callee.start_byte == 7 and callee.text == b"require":
                    source = self._require_source(node)
                    if source:
                        self._required.add(source)
            elif kind == "import":  # `await import('@fastify/rate-limit')`: a module loaded as surely as required
                source = self._require_source(node)
                if source:
                    self._required.add(source)
            elif kind == "member_expression":
                prop = callee.child_by_field_id(f_property)
                method = self._t(prop) if prop is not None else None
            call = Call(node, callee, None, None, new, method, len(calls))
            calls.append(call)
            found = by_type.get(kind)
            if found is None:
                by_type[kind] = [call]
            else:
                found.append(call)
            if method is not None:
                found = by_method.get(method)
                if found is None:
                    by_method[method] = [call]
                else:
                    found.append(call)
        f_object = self._f_object
        for call in calls:
            callee = call.callee
            if call.method is not None:  # qualify(callee) without reading the property again
                base = self.qualify(callee.child_by_field_id(f_object), 1)
                qname = call.qname = f"{base}.{call.method}" if base else None
            else:
                qname = call.qname = self.qualify(callee)
            if qname:
                found = by_qname.get(qname)
                if found is None:
                    by_qname[qname] = [call]
                else:
                    found.append(call)
        self._calls_by_callee_type, self._calls_by_method, self._calls_by_qname = by_type, by_method, by_qname
        return calls

    # the calls by qualified name, by method and by callee node type, filled with the list
    @property
    def _by_qname(self) -> dict[str, list[Call]]:
        self.calls
        return self._calls_by_qname

    @property
    def _by_method(self) -> dict[str, list[Call]]:
        self.calls
        return self._calls_by_method

    @property
    def _by_callee_type(self) -> dict[str, list[Call]]:
        self.calls
        return self._calls_by_callee_type

    def calls_with(self, methods=(), qnames=(), callee_types=()) -> list[Call]:
        """The calls whose method (`x.m()`), qualified name or callee node type is one of these, in document order:
        what a loop over every call that tests these would see, without the loop (a file has hundreds of calls
        and a dozen rules and views look for a few)."""
        found: dict[int, Call] = {}
        for index, names in ((self._by_method, methods), (self._by_qname, qnames),
                             (self._by_callee_type, callee_types)):
            for name in names:
                for call in index.get(name, ()):
                    found[call.index] = call
        return [found[i] for i in sorted(found)]

    @cached_property
    def imports(self) -> set[str]:
        """Module names imported or required anywhere in the file."""
        self._decls
        self.calls
        return self._imported | self._required

    # ---- declarations ------------------------------------------------------------------------
    def _add(self, scope, ident, kind, name: str | None = None, **kw) -> None:
        if scope is None or ident is None:
            return
        decl = Decl(self._t(ident) if name is None else name, kind, ident, **kw)
        key = (scope.id, decl.name)
        found = self._decls_building.get(key)
        if found is None:
            self._decls_building[key] = [decl]
            self._scopes.setdefault(decl.name, []).append((scope.start_byte, scope.end_byte, key))
        else:
            found.append(decl)

    def _import(self, node) -> None:
        source = node.child_by_field_name("source")
        clause = next((c for c in node.named_children if c.type in ("import_clause", "import_require_clause")), None)
        if clause is not None and clause.type == "import_require_clause":
            source = clause.child_by_field_name("source")
        module = self._str(source) if source is not None else None
        if not module:
            return
        self._imported.add(module)
        if clause is None:
            return
        scope = _block_scope(node)
        for child in clause.named_children:
            if child.type == "identifier":  # default import, or `import x = require()`
                self._add(scope, child, "import", module=module)
            elif child.type == "namespace_import":
                ident = next((c for c in child.named_children if c.type == "identifier"), None)
                self._add(scope, ident, "import", module=module)
            elif child.type == "named_imports":
                for spec in child.named_children:
                    if spec.type != "import_specifier":
                        continue
                    name = spec.child_by_field_name("name")
                    alias = spec.child_by_field_name("alias") or name
                    imported = self._t(name) if name is not None else None
                    self._add(scope, alias, "import", module=module,
                              imported=None if imported == "default" else imported)

    def _require_source(self, call) -> str | None:
        args = call.child_by_field_name("arguments")
        first = next((a for a in args.named_children if a.type != "comment"), None) if args is not None else None
        return self._str(first) if first is not None else None

    def _module_of(self, value) -> tuple[str, str | None] | None:
        """(module, exported name) when a value is require('m') or require('m').name (or .default)."""
        value = _unwrap(value)
        names: list[str] = []
        while value is not None and value.type == "member_expression":
            names.insert(0, self._t(value.child_by_field_id(self._f_property)))
            value = _unwrap(value.child_by_field_id(self._f_object))
        if value is None or value.type != "call_expression":
            return None
        fn = value.child_by_field_id(self._f_function)
        if fn is None or fn.type != "identifier" or fn.text != b"require":
            return None
        module = self._require_source(value)
        if not module:
            return None
        names = [n for n in names if n != "default"]
        return module, ".".join(names) or None

    def _declarator(self, node) -> None:
        name = node.child_by_field_id(self._f_name)
        value = node.child_by_field_id(self._f_value)
        if name is None:
            return
        holder = node.parent  # the declaration (a declarator is no scope: its scope is the declaration's)
        scope = _block_scope(holder)
        decl_kw = holder.child(0) if holder is not None else None
        const = decl_kw is not None and decl_kw.type == "const"
        required = self._module_of(value) if value is not None else None
        if name.type == "identifier":
            if required:
                self._add(scope, name, "import", module=required[0], imported=required[1])
            else:
                self._add(scope, name, "var", value=value, const=const)
        elif name.type == "object_pattern":
            for entry in name.named_children:
                if entry.type == "shorthand_property_identifier_pattern":
                    key, ident = self._t(entry), entry
                elif entry.type == "pair_pattern":
                    key_node, ident = entry.child_by_field_name("key"), entry.child_by_field_name("value")
                    if ident is None or ident.type != "identifier":
                        continue
                    key = self._t(key_node)
                else:
                    continue
                if required:
                    inner = f"{required[1]}.{key}" if required[1] else key
                    self._add(scope, ident, "import", module=required[0], imported=inner)
                else:
                    self._add(scope, ident, "var")

    def _param(self, child, function, out: list) -> None:
        """Appends (function, identifier) for each name a parameter declares."""
        pattern = child.child_by_field_name("pattern") if child.type in ("required_parameter",
                                                                            "optional_parameter") else child
        if pattern is None:
            return
        if pattern.type == "assignment_pattern":
            pattern = pattern.child_by_field_name("left")
        if pattern is not None and pattern.type == "rest_pattern":
            pattern = next((c for c in pattern.named_children if c.type == "identifier"), None)
        if pattern is None:
            return
        if pattern.type == "identifier":
            out.append((function, pattern))
        elif pattern.type == "object_pattern":
            for entry in pattern.named_children:
                if entry.type == "shorthand_property_identifier_pattern":
                    out.append((function, entry))

    def lookup(self, name: str, at) -> Decl | None:
        """The declaration of ``name`` visible at a node: the innermost scope wins (shadowing)."""
        scopes = self._scopes.get(name)
        if scopes is None:
            return None
        start, end = at.start_byte, at.end_byte
        if start < end and at.type in _LEAVES:
            # A scope holds a token (a leaf of some width) exactly when its byte range holds the token's: the
            # ranges of siblings never overlap. Reading positions is cheaper than climbing: node.parent
            # descends from the root each time.
            best = None
            for scope in scopes:
                s, e = scope[0], scope[1]
                if s <= start and end <= e:
                    if best is None or best[0] <= s and e <= best[1]:
                        if best is not None and best[0] == s and best[1] == e:
                            break  # two scopes over the same bytes: which one is inner is the tree's to say
                        best = scope
                    elif not (s <= best[0] and best[1] <= e):
                        break
            else:
                if best is None:
                    return None
                found = self._decls[best[2]]
                return found[-1] if len(found) == 1 else _before(found, at)
        node = at
        while node is not None:
            found = self._decls.get((node.id, name))
            if found:
                return found[-1] if len(found) == 1 else _before(found, at)
            node = node.parent
        return None

    # ---- names -------------------------------------------------------------------------------
    def qualify(self, expr, depth: int = 0) -> str | None:
        if expr is None:
            return None
        kind = expr.type
        if kind in _TRANSPARENT:
            expr = _unwrap(expr)
            if expr is None:
                return None
            kind = expr.type
        if depth > 8:
            self._cut += 1
            return None
        name = None
        if kind in ("identifier", "shorthand_property_identifier"):
            ascii_text = self._ascii
            name = ascii_text[expr.start_byte:expr.end_byte] if ascii_text is not None else self._t(expr)
            if name not in self._qualifiable and (name not in self._declared or name not in _GLOBALS):
                if name in self._declared:
                    return None
                return name if name in _GLOBALS else _UNBOUND_PACKAGES.get(name)
        elif kind not in ("member_expression", "call_expression", "new_expression"):
            return None
        # Memoised per node: a chain (`res.status(404).json()`) and a variable's value (`app` -> `express()`)
        # are qualified again by every call that reaches them. The answer depends on the depth only where the
        # depth limit cut the walk; such an answer is reused at its own depth alone.
        key = expr.id
        known = self._qualified.get(key)
        if known is not None:
            result, at, cut = known
            if depth == at or depth < at and not cut:
                if cut:
                    self._cut += 1
                return result
        cuts = self._cut
        result = self._qualify(expr, kind, depth, name)
        self._qualified[key] = (result, depth, self._cut != cuts)
        return result

    def _qualify(self, expr, kind: str, depth: int, name: str | None) -> str | None:
        if name is not None:
            decl = self.lookup(name, expr)
            if decl is None:
                return name if name in _GLOBALS else None
            if decl.kind == "import":
                module = _AS_GLOBAL.get(decl.module, decl.module)
                return module + (f".{decl.imported}" if decl.imported else "")
            if decl.kind == "var" and decl.value is not None and self._stable(decl, expr):
                value = _unwrap(decl.value)
                while value is not None and value.type == "assignment_expression":
                    value = _unwrap(value.child_by_field_name("right"))  # `var app = module.exports = koa()`
                if value is not None and value.type in ("call_expression", "new_expression", "identifier",
                                                         "member_expression"):
                    return self.qualify(value, depth + 1)
            return None
        if kind == "member_expression":
            base = self.qualify(expr.child_by_field_id(self._f_object), depth + 1)
            if not base:
                return None
            prop = expr.child_by_field_id(self._f_property)
            return f"{base}.{self._t(prop)}" if prop is not None else None
        if kind in ("call_expression", "new_expression"):
            fn = expr.child_by_field_id(self._f_function if kind == "call_expression" else self._f_constructor)
            if fn is not None and fn.type == "identifier" and fn.text == b"require":
                source = self._require_source(expr)
                return _AS_GLOBAL.get(source, source)
            base = self.qualify(fn, depth + 1)
            return f"{base}()" if base else None
        return None

    def _stable(self, decl: Decl, at=None) -> bool:
        """The declared value is the one a use sees: a const, a variable never assigned again, or a use in the
        module's top-level code before any assignment to it (`var app = koa(); app.keys = [...]; ...
        app = http.createServer(app.callback())`: top-level statements run in order)."""
        starts = self._assigned.get(decl.name)
        if decl.const or starts is None:
            return True
        if at is None or any(start < at.end_byte for start in starts):
            return False
        node = at.parent
        for _ in range(64):
            if node is None:
                return True
            if node.type in _FUNCTIONS:
                return False  # a function may run after the assignment
            node = node.parent
        return False

    def calls_to(self, *qnames: str) -> list[Call]:
        out = [c for q in qnames for c in self._by_qname.get(q, ())]
        return sorted(out, key=lambda c: c.node.start_byte)

    def calls_where(self, predicate) -> list[Call]:
        return [c for c in self.calls if c.qname and predicate(c.qname)]

    def app_creations(self) -> list[tuple[Call, str]]:
        out = []
        for call in self.calls_with(qnames=APP_FACTORIES):
            framework = APP_FACTORIES.get(call.qname or "")
            if framework == "http" and not (call.args and self.function_of(call.args[-1]) is not None):
                continue  # http.createServer(app): the app is the framework's, created elsewhere
            if framework == "ws" and not (call.new and (opts := self.obj(call.arg(0))) is not None and opts.has("port")):
                continue  # `new WebSocketServer({ server })` rides on the http server that is the app
            if framework:
                out.append((call, framework))
        return out

    def app_classes(self) -> list[tuple[object, str]]:
        """(class name node, framework) of the classes that extend an app class: `class App extends Koa` builds
        the app in its constructor (`this.use(...)`) and is instantiated elsewhere (`new App().listen()`)."""
        out = []
        for name in self._captures.get("function", ()):
            cls = name.parent
            if cls is None or cls.type != "class_declaration":
                continue
            heritage = next((c for c in cls.named_children if c.type == "class_heritage"), None)
            parent = heritage.named_children[0] if heritage is not None and heritage.named_children else None
            if parent is not None and parent.type == "extends_clause":  # TypeScript wraps the expression
                parent = parent.child_by_field_name("value")
            framework = APP_FACTORIES.get(self.qualify(parent) or "") if parent is not None else None
            if framework in _APP_CLASSES:
                out.append((name, framework))
        return out

    # ---- values ------------------------------------------------------------------------------
    def resolve(self, expr, depth: int = 0):
        """Follow parentheses, type assertions and stable local names to the expression that gives a value."""
        expr = _unwrap(expr)
        while expr is not None and expr.type in ("identifier", "shorthand_property_identifier") and depth < 8:
            decl = self.lookup(self._t(expr), expr)
            if decl is None or decl.kind != "var" or decl.value is None or not self._stable(decl):
                return expr
            expr = _unwrap(decl.value)
            depth += 1
        return expr

    def string(self, expr) -> str | None:
        """The text of a string literal, or of a template literal without substitutions."""
        node = self.resolve(expr)
        return self._str(node) if node is not None else None

    def literal(self, expr):
        """A Python value for literals (str, int/float, bool, None); UNKNOWN for anything else."""
        node = self.resolve(expr)
        if node is None:
            return UNKNOWN
        text = self._str(node)
        if text is not None:
            return text
        if node.type == "true":
            return True
        if node.type == "false":
            return False
        if node.type in ("null", "undefined"):
            return None
        if node.type == "number":
            return _number(self._t(node))
        if node.type == "unary_expression" and self._t(node).startswith("!"):
            arg = node.child_by_field_name("argument")
            if arg is not None and arg.type == "number":
                return not _number(self._t(arg))
        return UNKNOWN

    def returned_object(self, fn) -> ObjectValue | None:
        """The object literal a function returns: its expression body, or its only `return`."""
        body = fn.child_by_field_name("body")
        if body is None:
            return None
        if body.type != "statement_block":
            return self.obj(body)
        returns = [c for c in body.named_children if c.type == "return_statement"]
        if len(returns) != 1:
            return None
        value = next((c for c in returns[0].named_children if c.type != "comment"), None)
        return self.obj(value) if value is not None else None

    def obj(self, expr, depth: int = 0) -> ObjectValue | None:
        node = self.resolve(expr)
        if node is not None and node.type == "call_expression" and depth < 4:
            return self._object_assign(node, depth)
        if node is None or node.type != "object":
            return None
        out = ObjectValue(node, info=self)
        for child in node.named_children:
            if child.type == "pair":
                key = self._key_text(child.child_by_field_name("key"))
                if key is not None:
                    out.props[key] = child.child_by_field_name("value")
                    out.pairs[key] = child
            elif child.type == "shorthand_property_identifier":
                out.props[self._t(child)] = child
                out.pairs[self._t(child)] = child
            elif child.type == "method_definition":
                key = self._key_text(child.child_by_field_name("name"))
                if key is not None:
                    out.props[key] = child
                    out.pairs[key] = child
            elif child.type == "spread_element":
                out.spread = True
        return out

    def _object_assign(self, node, depth: int) -> ObjectValue | None:
        """`Object.assign({...}, {...})` as the object it builds: later keys win; a part that is not an object
        literal leaves the result open (``spread``), as a spread does."""
        fn = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        if fn is None or args is None or fn.type != "member_expression" or \
                self._t(fn).replace(" ", "") != "Object.assign" or not args.named_child_count:
            return None
        out = ObjectValue(node, info=self)
        for arg in args.named_children:
            part = self.obj(arg, depth + 1)
            if part is None:
                out.spread = True
                continue
            out.props.update(part.props)
            out.pairs.update(part.pairs)
            out.spread |= part.spread
            out.parts += (part.node.id,) + part.parts
        return out

    def of(self, doc) -> "FileAnalysis":
        """Another file's analysis, for the same project."""
        return analysis(doc, self.project)

    def assignments(self, prop: str) -> list:
        return member_assignments(self, prop)

    @staticmethod
    def bare(node):
        """The expression inside parentheses, type assertions and `await`."""
        return _unwrap(node)

    def options(self, expr) -> ObjectValue | None:
        """An options object passed to a library: written here, or imported from another module of the package
        (`session(sessionConfig)`, `new Redis(config.redis)`); its ``info`` is the file it is written in."""
        found = self.obj(expr)
        if found is None and self.project is not None and expr is not None:
            found = imported_object(self, expr)
        return found

    def env_name(self, expr) -> str | None:
        """``X`` for process.env.X / process.env['X'] (after resolving local names)."""
        node = self.resolve(expr)
        if node is None:
            return None
        if node.type == "member_expression":
            obj = _unwrap(node.child_by_field_name("object"))
            if obj is not None and self._t(obj).replace(" ", "") in ("process.env", "import.meta.env"):
                return self._t(node.child_by_field_name("property"))
        if node.type == "subscript_expression":
            obj = _unwrap(node.child_by_field_name("object"))
            if obj is not None and self._t(obj).replace(" ", "") == "process.env":
                return self._str(node.child_by_field_name("index"))
        return self._config_get(node)[0]

    def _config_get(self, node) -> tuple[str | None, object]:
        """(X, the default argument) for Nest's `configService.get('X', default)` / `config.getOrThrow('X')`."""
        if node is None or node.type != "call_expression":
            return None, None
        fn = node.child_by_field_name("function")
        if fn is None or fn.type != "member_expression" or \
                self._t(fn.child_by_field_name("property")) not in ("get", "getOrThrow") or \
                not _CONFIG_RECEIVER.search(self._t(fn.child_by_field_name("object"))):
            return None, None
        args = node.child_by_field_name("arguments")
        named = [a for a in args.named_children if a.type != "comment"] if args is not None else []
        name = self._str(named[0]) if named else None
        if name is None or not _ENV_NAME.match(name):
            return None, None
        return name, named[1] if len(named) > 1 else None

    def follow(self, expr) -> tuple["FileAnalysis", object]:
        """(the file, the expression) that gives a value: here, or the config module a relative import reads it
        from (`config.session.secret` with `import config from './config'`)."""
        if self.project is not None and expr is not None:
            found = imported_expression(self, expr)
            if found is not None:
                return found
        return self, expr

    def secret(self, expr, follow: bool = False) -> SecretSource | None:
        """A secret value written in source: a literal, or ``process.env.X || 'literal'`` (also ``??``). With
        ``follow``, a value imported from a config module is looked for there (its ``info`` says where)."""
        if follow:
            other, value = self.follow(expr)
            if other is not self:
                found = other.secret(value)
                if found is not None:
                    found.info = other
                return found
        node = self.resolve(expr)
        if node is None:
            return None
        text = self._str(node)
        if text is not None:
            return SecretSource(text, node)
        env, default = self._config_get(node)
        if env and default is not None and self._str(self.resolve(default)) is not None:
            return SecretSource(self._str(self.resolve(default)), self.resolve(default), env)
        if node.type == "binary_expression" and _operator(node) in ("||", "??"):
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            env = self.env_name(left) or self._env_chain(left)
            fallback = self.resolve(right)
            text = self._str(fallback) if fallback is not None else None
            if env and text is not None:
                return SecretSource(text, fallback, env)
        return None

    def _env_chain(self, node) -> str | None:
        node = self.resolve(node)
        if node is not None and node.type == "binary_expression" and _operator(node) in ("||", "??"):
            return self.env_name(node.child_by_field_name("left")) or self._env_chain(node.child_by_field_name("left"))
        return None

    def strings(self) -> list:
        """Every string and template literal, in document order."""
        return self.memo("strings", lambda: list(self._captures.get("string", ())))

    def string_parents(self) -> list:
        """(literal, its parent node) for every string and template literal, in document order: several rules
        judge a literal by where it stands, and node.parent is a walk down from the root each time."""
        return self.memo("string-parents", lambda: [(node, node.parent) for node in self.strings()])

    def url_literals(self) -> list[tuple[object, str]]:
        """(node, literal text) of every string or template literal that holds a URL (`scheme://`), in
        document order: connection strings, judged by several rules, read once."""
        def compute():
            out = []
            for node in self.strings():
                text = self._literal_text(node)
                if text and "://" in text:
                    out.append((node, text))
            return out
        return self.memo("url_literals", compute)

    def declarators(self) -> list[tuple[str, object]]:
        """(name, value expression) of every `const|let|var name = value` with a plain name, in document order."""
        def compute():
            out = []
            for node in self._captures.get("declarator", ()):
                name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
                if name is not None and value is not None and name.type == "identifier":
                    out.append((name.text.decode("utf-8", "replace"), value))
            return out
        return self.memo("declarators", compute)

    def memo(self, key: str, compute):
        """A derived view of this file computed once, whichever rule asks first."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def number(self, expr, depth: int = 0):
        """A number literal, or arithmetic over number literals and constants (60 * 60 * 24); else None."""
        node = self.resolve(expr)
        if node is None or depth > 16:
            return None
        if node.type == "number":
            value = _number(self._t(node))
            return None if value is UNKNOWN else value
        if node.type == "binary_expression" and _operator(node) in ("*", "+", "-", "/"):
            left = self.number(node.child_by_field_name("left"), depth + 1)
            right = self.number(node.child_by_field_name("right"), depth + 1)
            if left is None or right is None:
                return None
            op = _operator(node)
            if op == "/":
                try:
                    return left / right if right else None
                except OverflowError:  # an integer of hundreds of digits has no float quotient
                    return None
            return left * right if op == "*" else left + right if op == "+" else left - right
        return None

    def function_of(self, expr):
        """The function an expression names: an inline function, a const bound to one, or a declaration."""
        node = self.resolve(expr)
        if node is None:
            return None
        if node.type in _FUNCTIONS:
            return node
        if node.type == "identifier":
            decl = self.lookup(self._t(node), node)
            if decl is not None and decl.kind == "function" and decl.node.parent is not None and \
                    decl.node.parent.type in _FUNCTIONS:
                return decl.node.parent
        return None

    def enclosing_function(self, node):
        node = node.parent
        while node is not None:
            if node.type in _FUNCTIONS:
                return node
            node = node.parent
        return None

    def span(self, node):
        return self.doc.span(node)


def is_app(qname: str) -> bool:
    return qname.endswith("()") and qname[:-2] in APP_FACTORIES


def is_router(qname: str) -> bool:
    return qname.endswith("()") and qname[:-2] in ROUTER_FACTORIES


def analysis(doc, project=None) -> FileAnalysis:
    """The file's analysis, computed once. With the project, options objects can be followed into the modules
    this file imports (see :meth:`FileAnalysis.options`)."""
    cached = getattr(doc, "_node_analysis", None)
    if cached is None:
        cached = FileAnalysis(doc)
        doc._node_analysis = cached
    if project is not None:
        cached.project = project
    return cached


# ---- small node helpers ----------------------------------------------------------------------------
def _text(node) -> str:
    return node.text.decode("utf-8", "replace") if node is not None else ""


def _unwrap(node):
    while node is not None and node.type in _TRANSPARENT:
        inner = [c for c in node.named_children if c.type not in ("comment", "type_arguments") and
                 not c.type.endswith("_type") and c.type not in ("type_identifier", "generic_type", "object_type")]
        if not inner:
            return None
        node = inner[0] if node.type != "type_assertion" else inner[-1]
    return node


_LEAVES = {"identifier", "shorthand_property_identifier"}  # the tokens names are looked up at


def _block_scope(node):
    while node is not None and node.type not in _BLOCK_SCOPES:
        node = node.parent
    return node


def _before(decls: list[Decl], at) -> Decl:
    earlier = [d for d in decls if d.node.start_byte <= at.start_byte]
    return earlier[-1] if earlier else decls[0]


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "b": "\b", "f": "\f", "v": "\v"}


def _string_text(node) -> str | None:
    if node is None:
        return None
    kind = node.type
    if kind == "string":
        raw = node.text
        # A well-formed one-line literal without escapes is its quotes around one fragment: the text between
        # them, without a child list (strings are the most frequent node the rules read).
        if len(raw) > 1 and raw[0] == raw[-1] and raw[0] in _QUOTES and b"\\" not in raw and b"\n" not in raw \
                and b"\r" not in raw and not node.has_error:
            return raw[1:-1].decode("utf-8", "replace")
        parts = []
        for child in node.named_children:
            raw = _text(child)
            if child.type == "escape_sequence":
                parts.append(_ESCAPES.get(raw[1:2], raw[1:]) if len(raw) == 2 else raw)
            else:
                parts.append(raw)
        return "".join(parts)
    if kind == "template_string":
        raw = node.text
        if b"${" in raw and any(c.type == "template_substitution" for c in node.named_children):
            return None
        return raw.decode("utf-8", "replace")[1:-1]
    return None


_QUOTES = (34, 39)  # " and ' as bytes


def _key_text(node) -> str | None:
    if node is None:
        return None
    if node.type in ("property_identifier", "identifier", "private_property_identifier"):
        return _text(node)
    if node.type == "string":
        return _string_text(node)
    if node.type == "number":
        return _text(node)
    return None


def _operator(node) -> str:
    op = node.child_by_field_name("operator")
    return _text(op) if op is not None else ""


def _number(text: str):
    try:
        clean = text.replace("_", "")
        return int(clean, 0) if re.fullmatch(r"0[xob][0-9a-f]+|\d+", clean, re.I) else float(clean)
    except ValueError:
        return UNKNOWN


def key_text(node) -> str | None:
    return _key_text(node)


COMPUTED = "\x00"  # what literal_text puts where a template literal computes a part


def literal_text(node) -> str | None:
    """The text of a string literal; of a template literal too, with each `${...}` replaced by COMPUTED, so
    what is written literally (the user and password of `postgres://app:pw@${host}/db`) can be judged."""
    if node is None or node.type != "template_string":
        return _string_text(node)
    parts = []
    for child in node.children:
        if child.type == "template_substitution":
            parts.append(COMPUTED)
        elif child.type not in ("`",):
            parts.append(_text(child))
    return "".join(parts)


def node_text(node) -> str:
    return _text(node)


# ---- the project level -------------------------------------------------------------------------------
# Rule hints (see RuleMeta.hints) the model shares with the rules that read it. Only a file holding one of
# APP_HINT's words is searched for the creation of an app, and only files holding a fact word are parsed
# for the package facts: words (substring tests) rather than regexes, because every file is tested.
APP_HINT = "express(|express (|express')(|express\")(|koa|fastify|nestfactory|hapi|restify|createserver" \
    "|routing-controllers|websocketserver|websocket.server|ws.server"
_APP_WORDS = tuple(APP_HINT.split("|"))
# fastify is there for `fastify({ logger: true })`
_FACT_WORDS = tuple(sorted({m.lower() for m in HELMET_MODULES | RATE_LIMIT_MODULES | LOGGING_MODULES
                            | COMPRESSION_MODULES | SHUTDOWN_MODULES}
                           | SECURITY_HEADERS
                           | {"hide-powered-by", "x-powered-by", "sigterm", "sigint", "enableshutdownhooks",
                              "fastify", "hapi", "listen", "server.start", "auth.default", "jwt.sign", "jwtsign",
                              "jwtservice.sign",
                              # a request logger of the app's own passes the request on (_logs_requests)
                              "next()", "next.handle", "'finish'", '"finish"',
                              "onpreresponse", "onpostresponse", "'response'", '"response"',
                              # an access line of its own, whatever function writes it (_logs_requests)
                              "req.method", "request.method", "ctx.method",
                              # a limiter of the project's own (_LOCAL_LIMITER)
                              "rate-limit", "ratelimit", "rate_limit"}))


_HINT_INDEX = None


def _hinted(text: str) -> tuple[bool, bool]:
    """(may change a package fact, may create an app)."""
    global _HINT_INDEX
    if _HINT_INDEX is None:
        from ..hints import Words
        _HINT_INDEX = Words(_FACT_WORDS + _APP_WORDS)
    found = _HINT_INDEX.found(text)
    return not found.isdisjoint(_FACT_WORDS), not found.isdisjoint(_APP_WORDS)


_START_FILE = lazy(r"(?:^|[\s;&|])(?:node|nodemon|ts-node(?:-dev)?|tsx|babel-node|pm2(?:-runtime)?\s+start|"
                         r"pm2-runtime)\s+(?:-{1,2}[\w-]+(?:[= ][^\s-][^\s]*)?\s+)*([\w./@-]+)")
# fastify-cli: `fastify start -l info -p 3000 app.js`; the file is the first argument that is not an option's
_FASTIFY_START = lazy(r"(?:^|[\s;&|])(?:npx\s+)?fastify\s+start\s+(?:-{1,2}[\w-]+(?:[= ](?!-)[^\s]+)?\s+)*?"
                      r"([\w./@-]+\.(?:m?js|cjs|ts|mts))(?=\s|$)")
# fastify-cli's log level: `-l info`, `--log-level=debug`, `FASTIFY_LOG_LEVEL=info fastify start`
_CLI_LOG_LEVEL = lazy(r"(?:^|\s)(?:-l|--log-level)(?:=|\s+)(\S+)")
_CLI_LOG_ENV = lazy(r"\bFASTIFY_LOG_LEVEL=(\S+)")
_CLI_LOG_MODULE = lazy(r"(?:^|\s)(?:-L|--logging-module)(?:=|\s+)\S")
_CLI_OPTIONS = lazy(r"(?:^|\s)(?:-o|--options)(?=\s|$)")
_QUIET_LEVELS = {"fatal", "error", "warn", "silent"}  # Fastify logs requests at info: these hide them


def _logs_at(level: str) -> bool:
    level = level.strip("'\"").lower()
    return level not in _QUIET_LEVELS  # info, debug, trace, or one read at run time ($LOG_LEVEL)


_NGINX_HEADERS = lazy(r"add_header\s+['\"]?(X-Content-Type-Options|Content-Security-Policy|X-Frame-Options|"
                            r"Strict-Transport-Security)", re.I)
_NGINX_POWERED = lazy(r"(proxy_hide_header|more_clear_headers)\s+['\"]?X-Powered-By", re.I)
_NGINX_LIMIT = lazy(r"^[^\S\n]*limit_req\s", re.M)
_NGINX_GZIP = lazy(r"^[^\S\n]*(gzip|brotli)\s+on\s*;", re.M)


_VERIFIES = lazy(r"\b(verify|decode|jwtVerify|verifyAsync|jwtDecode)\s*[(<]")
# a comparison (`<`, `>=`, not `=>`) or a date library's before/after test on the line that reads the claim
_COMPARES = lazy(r"(?<![=<>])(<|>)=?(?![>=])|\.(isBefore|isAfter|isSameOrBefore|isSameOrAfter|isPast|"
                 r"isFuture|diff)\s*\(|\b(isBefore|isAfter|isPast|isFuture|differenceIn\w+)\s*\(")


def _fastify_logger(info: FileAnalysis, expr, depth: int = 0) -> bool | None:
    """Whether Fastify options turn the logger on (True), leave it off (False), or cannot be read (None: a
    parameter, an unresolved import, a call's result such as `(await getConfig()).fastifyInit`). A choice
    between options (`isProd ? {...} : {...}`, `opts || {...}`, `opts ?? {...}`) is judged by its production
    branch when the test names the environment, else by every branch: one without a logger is off."""
    node = info.resolve(expr)
    if node is None or depth > 6:
        return None
    if node.type == "ternary_expression":
        cond = node.child_by_field_name("condition")
        text = _text(cond) if cond is not None else ""
        branches = [node.child_by_field_name("consequence"), node.child_by_field_name("alternative")]
        if text.lstrip("( ").startswith("!") and not text.lstrip("( ").startswith("!="):
            text, branches = text.lstrip("( ")[1:], branches[::-1]
        if _PROD_TEST.search(text) and not _DEV_TEST.search(text):
            return _fastify_logger(info, branches[0], depth + 1)
        if _DEV_TEST.search(text) and not _PROD_TEST.search(text):
            return _fastify_logger(info, branches[1], depth + 1)
        return _all_branches([_fastify_logger(info, b, depth + 1) for b in branches])
    if node.type == "binary_expression" and _text(node.child_by_field_name("operator") or node) in ("||", "??"):
        return _all_branches([_fastify_logger(info, node.child_by_field_name(side), depth + 1)
                              for side in ("left", "right")])
    opts = info.options(node)
    if opts is not None:
        if opts.has("logger"):
            return info.literal(opts.get("logger")) not in (False, None)
        return None if opts.spread else False
    if node.type == "member_expression":
        base = info.obj(node.child_by_field_name("object"))
        prop = node.child_by_field_name("property")
        if base is not None and prop is not None and not base.spread and not base.has(_text(prop)):
            return False  # `fastify(config.server)` of a local config object without such a key
    return None


def _all_branches(results: list) -> bool | None:
    if False in results:
        return False
    return True if all(r is True for r in results) else None


@dataclass
class AppSite:
    """Where a file makes a server framework's app."""

    rel: str
    span: object
    framework: str
    key: str
    local: bool = False  # created, served and dropped inside one function (node_entry.runs_for_itself)
    platform: str = ""  # the server under a Nest app: "fastify" for `NestFactory.create(M, new FastifyAdapter())`


@dataclass
class ScopeFacts:
    """What one backend package uses anywhere in its production source."""
    helmet: bool = False
    rate_limit: bool = False
    throttler_unbound: bool = False  # @nestjs/throttler imported where no ThrottlerGuard is bound
    request_logging: bool = False
    compression: bool = False
    powered_by_off: bool = False
    sigterm: bool = False
    serves: bool = False  # something listens: the package is an HTTP backend, not a library of handlers
    hapi_default_auth: bool = False  # `server.auth.default(...)`: hapi routes require auth unless `auth: false`
    # a @fastify/jwt token signed with its own expiry: `fastify.jwt.sign(payload, { expiresIn })`, `reply.jwtSign`
    jwt_sign_expiry: bool = False
    # @nestjs/jwt's `jwtService.sign()` / `signAsync()` calls: whether some pass their own `expiresIn`, and
    # whether some pass none (then the module's `signOptions` are the only expiry those tokens get)
    jwt_service_expiry: bool = False
    jwt_service_bare: bool = False
    # `server.start()` on a server some other module built (`server = await Server.create(...)`): how a hapi
    # server a factory module returns is started; it serves when the package creates a hapi server
    server_started: bool = False
    app: AppSite | None = None
    # (file, function) of request loggers of the package's own that a named function builds: they log only
    # where that function is called, which facts() checks (a logger the app adds only in development does not)
    logger_makers: list = field(default_factory=list)


class NodeModel:
    def __init__(self, project):
        self.project = project
        self._scopes: dict[str, str] = {}
        self._facts: dict[str, ScopeFacts] = {}
        self._packages: dict[str, object] = {}
        self._nginx: dict[str, bool] | None = None
        self._by_scope: dict[str, list] | None = None
        self._claims_checked: dict[tuple[str, str], bool] = {}
        self._per_request_helpers: dict[str, frozenset] = {}
        self._mounts: dict[str, tuple] = {}
        self._libraries: dict[str, set[str]] | None = None
        self._health_only: dict[str, bool] = {}
        self._nest_middleware: dict[str, list] = {}

    # ---- packages --------------------------------------------------------------------------
    def scope_of(self, rel: str) -> str:
        """The directory (relative, '' for the root) of the backend package.json governing a file."""
        scope = self._scopes.get(rel)
        if scope is None:
            scope = self._scopes[rel] = package_scope(self.project, rel)
        return scope

    def package(self, scope: str):
        """The parsed package.json of a scope (read from disk when it was not selected for checking)."""
        if scope in self._packages:
            return self._packages[scope]
        rel = f"{scope}/package.json" if scope else "package.json"
        doc = None
        file = self.project.by_rel.get(rel)
        path = self.project.root / rel
        try:
            if file is not None and file.text:
                doc = self.project.document(file)
            elif path.is_file():
                from ..files import SourceFile, read_text
                from ..parsers import package as package_parser
                text, _ = read_text(path, self.project.max_bytes, self.project.root)
                doc = package_parser.parse(SourceFile(path, rel, "package", self.project.role(rel), text))
        except (OSError, Unreadable):  # a manifest that cannot be read (binary, too large): the model knows less
            doc = None
        except Exception as exc:  # syntax errors are doc.problems: this is a bug
            self.project.failures.record("node", rel, exc)
            doc = None
        if doc is not None and not isinstance(getattr(doc, "data", None), dict):
            doc = None
        self._packages[scope] = doc
        return doc

    def entry_points(self, scope: str) -> list[str]:
        """Files named as the package's entry: `main`, then the file the start script runs; relative paths."""
        doc = self.package(scope)
        names: list[str] = []
        if doc is not None:
            main = doc.data.get("main")
            if isinstance(main, str):
                names.append(main)
            m = _START_FILE.search(self._start_command(scope))
            if m:
                names.append(m.group(1))
        names += ["server.js", "app.js", "index.js", "src/server.ts", "src/main.ts", "src/index.ts",
                  "src/app.ts", "src/server.js", "src/index.js", "src/app.js", "server.ts", "index.ts", "app.ts"]
        out = []
        for name in names:
            for rel in _candidates(scope, name):
                if rel in self.project.by_rel and rel not in out:
                    out.append(rel)
        return out

    def per_request_helpers(self, scope: str) -> frozenset:
        """(file, function name) of the helpers creating a single-connection database client that request
        handlers of the package call (see node_reach); one index per package."""
        found = self._per_request_helpers.get(scope)
        if found is None:
            found = self._per_request_helpers[scope] = node_reach.per_request_helpers(
                self, scope, analysis, _production_request_handler)
        return found

    def mounts(self, scope: str) -> tuple:
        """(mounting file, mounted file, middleware texts) of the routers the package's modules mount from
        one another (see node_mounts); one index per package."""
        found = self._mounts.get(scope)
        if found is None:
            from .node_mounts import package_mounts
            found = self._mounts[scope] = package_mounts(self, scope, analysis, routes)
        return found

    def mounted_file(self, info, rel: str, expr) -> str | None:
        """The package's module that `x.use('/p', router)` in ``rel`` mounts (``expr`` the router argument)."""
        from .node_mounts import mounted_file
        return mounted_file(self, self.scope_of(rel), info, rel, expr)

    def routes_all_guarded(self, rel: str, guards) -> bool:
        """Whether every route module ``rel`` declares passes middleware ``guards`` accepts (see node_mounts)."""
        from .node_mounts import routes_all_guarded
        return routes_all_guarded(self, rel, guards, analysis, routes)

    # ---- facts -------------------------------------------------------------------------------
    def _production_files(self, scope: str):
        if self._by_scope is None:  # one pass over the files, however many packages ask
            self._by_scope = {}
            for file in self.project.files_of("node"):
                if file.role == "production":
                    self._by_scope.setdefault(self.scope_of(file.rel), []).append(file)
        return self._by_scope.get(scope, [])

    def _workspace_logger(self, scope: str, imported: set[str]) -> bool:
        """Whether the package imports a library of the same repository (a monorepo's `libs/shared`, named in the
        package's dependencies) that depends on a request logger: the shared library wires it (novu's apps take
        `Logger` from `@novu/application-generic`, which holds nestjs-pino). Only logging is taken this way:
        a library that depends on helmet or a rate limiter says nothing of whether this app applies it."""
        manifest = self.package(scope)
        deps = manifest.data.get("dependencies") if manifest is not None else None
        if not isinstance(deps, dict):
            return False
        used = {_package_name(m) for m in imported} & set(deps)
        if not used:
            return False
        libraries = self._workspace_libraries()
        for name in used:
            lib_deps = libraries.get(name)
            if lib_deps and lib_deps & LOGGING_MODULES:
                return True
        return False

    def _workspace_libraries(self) -> dict[str, set[str]]:
        """The repository's own packages by name, with their runtime dependencies."""
        if self._libraries is None:
            self._libraries = {}
            for file in self.project.files_of("package"):
                scope = file.rel.rpartition("/")[0]
                doc = self.package(scope)
                data = doc.data if doc is not None else {}
                name, deps = data.get("name"), data.get("dependencies")
                if isinstance(name, str) and isinstance(deps, dict) and scope:
                    self._libraries.setdefault(name, set(deps))
        return self._libraries

    def facts(self, scope: str) -> ScopeFacts:
        facts = self._facts.get(scope)
        if facts is not None:
            return facts
        facts = ScopeFacts()
        apps: list[AppSite] = []
        imported: set[str] = set()
        for file in self._production_files(scope):
            was_loaded = getattr(file, "loaded", True)
            try:
                text = file.text
                learns, creates = _hinted(text) if text else (False, False)
                if learns or creates:
                    doc = self.project.document(file, keep=True)  # checked later: parsed once
                    info = analysis(doc)
                    self._learn(info, facts)
                    imported |= info.imports
                    # the app rules' hints: the app is looked for where they look for it; an app the file only
                    # drives with fake requests (`fastify.inject()`, hapi's `server.inject()`) is a test or a
                    # demonstration, not the package's server
                    if creates and not _only_injected(info, text):
                        for call, framework in info.app_creations():
                            apps.append(AppSite(file.rel, doc.span(call.node), framework, f"app.{framework}",
                                                runs_for_itself(call.node), _nest_platform(call, framework)))
                        for name, framework in info.app_classes():
                            apps.append(AppSite(file.rel, doc.span(name), framework, f"app.{framework}"))
            except Exception as exc:  # parse errors are doc.problems: this is a model bug
                self.project.failures.record("node", file.rel, exc)
            finally:
                if not was_loaded and hasattr(file, "release"):
                    file.release()  # keep memory flat: the engine reads it again when it checks the file
        for rel, maker in facts.logger_makers if not facts.request_logging else ():
            calls = self.function_calls(scope, rel, maker)
            # called outside a development-only branch, or used without a call we can see: it logs
            if not calls or any(not in_development_branch(call.node) for _, call in calls):
                facts.request_logging = True
                break
        if not facts.request_logging and self._workspace_logger(scope, imported):
            facts.request_logging = True
        script = self._start_script_file(scope)
        if script is not None:  # express-generator's `node ./bin/www`: it listens, and may handle SIGTERM
            facts.serves = True
            self._learn_script(script, facts)
        main = self._unread_main(scope)
        if main is not None:  # a plain http package's entry, which starts the server and handles the signals
            self._learn_script(main, facts)
        if not apps:
            cli = self._fastify_cli_app(scope)
            if cli is not None:  # `fastify start app.js`: fastify-cli creates the instance and listens
                apps.append(cli)
                facts.serves = True
                facts.sigterm = True  # fastify-cli closes the server on SIGTERM (--close-grace-delay)
                facts.request_logging |= self._fastify_cli_logs(scope, cli)
        if any(app.framework == "ws" for app in apps):
            facts.serves = True  # `new WebSocketServer({ port })` listens as it is built
            if any(app.framework != "ws" for app in apps):  # the HTTP app is the one its rules judge
                apps = [app for app in apps if app.framework != "ws"]
        if facts.server_started and any(app.framework == "hapi" for app in apps):
            facts.serves = True  # hapi's `server.start()` listens, on whichever module's server it is called
        facts.app = self._primary(scope, apps) if facts.serves else None
        nginx = self.nginx_facts()
        facts.helmet = facts.helmet or nginx["headers"]
        facts.powered_by_off = facts.powered_by_off or nginx["powered_by"]
        facts.rate_limit = facts.rate_limit or nginx["limit_req"]
        facts.compression = facts.compression or nginx["gzip"]
        self._facts[scope] = facts
        return facts

    @staticmethod
    def _learn(info: FileAnalysis, facts: ScopeFacts) -> None:
        mods = info.imports | _manifest_plugins(info, facts)
        facts.helmet |= bool(mods & HELMET_MODULES)
        facts.powered_by_off |= bool(mods & (HELMET_MODULES - {"lusca"})) or "hide-powered-by" in mods
        limiters = (mods - {"@nestjs/throttler"}) & RATE_LIMIT_MODULES  # ThrottlerModule configures, the guard limits
        guard = _binds_throttler_guard(info)
        facts.throttler_unbound |= "@nestjs/throttler" in mods and not guard
        facts.rate_limit |= bool(limiters) or guard or any(_LOCAL_LIMITER.search(m) for m in mods)
        own = None if facts.request_logging else _logs_requests(info)
        maker = outermost_function_name(own) if own is not None else None
        if maker is not None:  # `const httpLogger = (opts) => (req, res, next) => {...}`: on where it is called
            facts.logger_makers.append((info.doc.rel, maker))
        facts.request_logging |= bool(mods & LOGGING_MODULES) or (own is not None and maker is None) or \
            _hapi_logs_responses(info) or any(_FRAMEWORK_LOGGER.search(m) for m in mods)
        facts.compression |= bool(mods & COMPRESSION_MODULES)
        facts.sigterm |= bool(mods & SHUTDOWN_MODULES)
        for call in info.calls_with(methods=_LEARN_METHODS, qnames=_HAPI_FASTIFY | _PROMISIFY):
            method = call.method
            if method in ("disable", "set", "removeHeader", "enable") and call.args:
                name = (info.string(call.args[0]) or "").lower()
                if name == "x-powered-by" and (method in ("disable", "removeHeader") or
                                               method == "set" and info.literal(call.arg(1)) is False):
                    facts.powered_by_off = True
            elif method in ("on", "once", "addListener", "prependListener") and call.qname and \
                    call.qname.startswith("process.") and call.args:
                signal = info.string(call.args[0])
                # docker stop sends SIGTERM: a SIGINT-only handler leaves it unhandled; a signal from a list
                # (`['SIGINT', 'SIGTERM'].forEach(s => process.on(s, ...))`) counts when the list names it
                if (signal == "SIGTERM" or signal is None and _names_sigterm(info)) and not forked_child(info):
                    facts.sigterm = True  # a forked job's own handler stops the job, not the server
            elif method == "enableShutdownHooks":
                facts.sigterm = True
            elif method == "default" and call.receiver is not None and _text(call.receiver).endswith(".auth") \
                    and call.args:
                facts.hapi_default_auth = True
            elif method in ("sign", "signAsync") and call.receiver is not None and \
                    _text(call.receiver).lower().endswith("jwtservice"):
                opts = info.obj(call.arg(1))
                if call.arg(1) is not None and (opts is None or opts.has("expiresIn") or opts.spread):
                    facts.jwt_service_expiry = True  # options built elsewhere are not guessed
                else:
                    facts.jwt_service_bare = True
            elif method in ("sign", "jwtSign") and not (call.qname or "").startswith("jsonwebtoken") and \
                    (method == "jwtSign" or call.receiver is not None and _text(call.receiver).endswith("jwt")):
                opts = info.obj(call.arg(1))
                if opts is not None and (opts.has("expiresIn") or opts.spread):
                    facts.jwt_sign_expiry = True
            elif method == "listen" or method == "start" and \
                    (call.qname or "").startswith(("@hapi/hapi", "hapi", "@hapi/glue", "glue")):
                facts.serves = True
            elif (method == "promisify" or call.qname in _PROMISIFY) and call.args and \
                    _PROMISIFIED_LISTEN.search(_text(call.arg(0))):
                facts.serves = True  # `await util.promisify(server.listen.bind(server))(port)` listens too
            elif method == "start" and not call.args and call.receiver is not None and \
                    _SERVER_NAME.search(_text(call.receiver)):
                facts.server_started = True
            elif method in _HEADER_SETTERS and call.args and _sets_security_header(info, call):
                facts.helmet = True  # the app sends its own headers
            framework = APP_FACTORIES.get(call.qname or "")
            if framework == "hapi":
                routes = info.obj(info.obj(call.arg(0)).get("routes")) if info.obj(call.arg(0)) else None
                if routes is not None and routes.has("security") and \
                        info.literal(routes.get("security")) not in (False, None):
                    facts.helmet = True
            if framework == "fastify" and call.args and _fastify_logger(info, call.arg(0)) is not False:
                # `fastify(config.fastifyInit)` from a function's result: options we cannot read may well
                # turn the logger on, and claiming it is off would be a guess
                facts.request_logging = True
            if framework == "hapi":
                facts.powered_by_off = True  # hapi sends no X-Powered-By

    def _fastify_cli_app(self, scope: str) -> AppSite | None:
        """The plugin a `fastify start [options] <file>` start script serves (fastify-cli, the layout `fastify
        generate` writes): the app is the plugin function the file exports, reported where it is exported."""
        m = _FASTIFY_START.search(self._fastify_start(scope))
        if not m:
            return None
        for rel in _candidates(scope, m.group(1)):
            file = self.project.by_rel.get(rel)
            if file is None or file.kind != "node" or file.role != "production":
                continue
            try:
                source = self.project.document(file, keep=True)  # checked later: parsed once
                info = analysis(source)
                value = exported(info, None)
            except Exception as exc:  # a parse error is a doc problem, not an exception: this is a model bug
                self.project.failures.record("node", rel, exc)
                return None
            if value is None:
                return None
            return AppSite(rel, source.span(value), "fastify", "app.fastify")
        return None

    def _fastify_cli_logs(self, scope: str, app: AppSite) -> bool:
        """Whether `fastify start` logs requests: fastify-cli's log level defaults to fatal, and Fastify logs
        each request at info, so only a level of info or finer does (`-l info`, `--log-level=debug`,
        FASTIFY_LOG_LEVEL set in the script or an env file, which fastify-cli loads). With `--options`, the
        options the app file exports are merged over the command line's (`logger: true`, `logger: { level }`).
        A level the model cannot read (`-l $LOG_LEVEL`, a --logging-module) is not judged."""
        script = self._fastify_start(scope)
        if _CLI_OPTIONS.search(script):
            try:
                info = analysis(self.project.document(self.project.by_rel[app.rel], keep=True))
                opts = info.obj(exported(info, "options"))
            except Exception as exc:  # the file was parsed a moment ago: this is a model bug
                self.project.failures.record("node", app.rel, exc)
                opts = None
            logger = opts.get("logger") if opts is not None and opts.has("logger") else None
            if logger is not None:
                value, fields = info.literal(logger), info.obj(logger)
                if value is True or value is False:
                    return value
                if fields is not None and fields.has("level"):
                    level = info.string(fields.get("level"))
                    return level is None or _logs_at(level)
                if fields is None:
                    return True  # built at run time: not judged
        flag = _CLI_LOG_LEVEL.search(script)
        if flag:
            return _logs_at(flag.group(1))
        env = _CLI_LOG_ENV.search(script)
        if env:
            return _logs_at(env.group(1))
        if _CLI_LOG_MODULE.search(script):
            return True
        values = []  # fastify-cli loads the .env of the directory it starts in: the package's, not another's
        for file in self.project.files_of("env"):
            if self.scope_of(file.rel) != scope:
                continue
            mapping = self.project.dotenv_mapping(Path(file.path))
            if "FASTIFY_LOG_LEVEL" in mapping:
                values.append(mapping["FASTIFY_LOG_LEVEL"])
        evidence = getattr(getattr(self.project, "roles", None), "evidence", None)
        if evidence is not None:
            values += [s.value for s in evidence.deployments.supplied if s.name == "FASTIFY_LOG_LEVEL"]
        return any(_logs_at(v) for v in values)

    def _fastify_start(self, scope: str) -> str:
        """The command `npm start` ends in when it is `fastify start` (`"start": "npm run serve"` and `"serve":
        "fastify start -l info app.js"`), else the start script itself."""
        doc = self.package(scope)
        if doc is None:
            return ""
        return start_command(doc.scripts, lambda command: bool(_FASTIFY_START.search(command)))

    def _start_script_file(self, scope: str) -> str | None:
        """The file the start script runs when it is not JS source by its name (express-generator's
        `node ./bin/www`)."""
        doc = self.package(scope)
        m = _START_FILE.search(self._start_command(scope)) if doc is not None else None
        if not m or re.search(r"\.(m?js|cjs|ts|mts|cts|jsx|tsx)$", m.group(1)):
            return None
        rel = _candidates(scope, m.group(1))[0]
        return rel if (self.project.root / rel).is_file() else None

    def _unread_main(self, scope: str) -> str | None:
        """The package's `main` file when no check reads it: in a package no framework dependency makes a
        backend, only the files that create a server are Node source (zigbee2mqtt's `lib/extension/frontend.ts`),
        while the entry that starts everything and handles SIGTERM (`index.js`) is not."""
        doc = self.package(scope)
        main = doc.data.get("main") if doc is not None else None
        if not isinstance(main, str) or not re.search(r"\.(m?js|cjs)$", main):
            return None
        rel = _candidates(scope, main)[0]
        if rel in self.project.by_rel or not (self.project.root / rel).is_file() or \
                self.project.role(rel) != "production":
            return None
        return rel

    def _learn_script(self, rel: str, facts: ScopeFacts) -> None:
        """What the extension-less start file does (it is JavaScript, but no kind of file the checks read)."""
        from ..files import SourceFile, read_text
        from ..parsers import node as node_parser
        try:
            text, _ = read_text(self.project.root / rel, self.project.max_bytes, self.project.root)
            doc = node_parser.parse(SourceFile(self.project.root / rel, rel, "node", "production", text))
            self._learn(analysis(doc), facts)
        except Unreadable:
            return
        except Exception as exc:  # a parse error is no exception: this is a model bug
            self.project.failures.record("node", rel, exc)

    def _start_command(self, scope: str) -> str:
        """The command `npm start` ends in (`"start": "npm run start-server"` runs the start-server script)."""
        doc = self.package(scope)
        if doc is None:
            return ""
        return start_command(doc.scripts, lambda command: bool(_START_FILE.search(command)))

    def _primary(self, scope: str, apps: list[AppSite]) -> AppSite | None:
        """The app the package serves: among the apps its entry (`main`, the start script's file, then the usual
        names) creates or reaches through relative imports, the nearest; at one distance an app a function
        creates only to serve for itself (a setup page) gives way to one the module or its class creates. An
        app no entry reaches is chosen only when none is reached, the shallowest path first."""
        if len(apps) <= 1:
            return apps[0] if apps else None
        for rel in self.entry_points(scope):
            depth = reach(self.project, rel, self._imports_of)
            reached = [site for site in apps if site.rel in depth]
            if reached:
                return min(reached, key=lambda s: (depth[s.rel], s.local, s.rel.count("/"), s.rel, s.span.line))
        # a script's own server (an OAuth callback a token helper listens on for a minute) is not what the
        # package serves, whatever sorts first
        return sorted(apps, key=lambda s: (_TOOLING.search(s.rel) is not None, s.rel.count("/"), s.rel,
                                           s.span.line))[0]

    def _imports_of(self, rel: str) -> set[str]:
        file = self.project.by_rel.get(rel)
        if file is None or file.kind != "node":
            return set()
        try:
            return analysis(self.project.document(file, keep=True)).imports  # checked later: parsed once
        except (OSError, Unreadable):
            return set()
        except Exception as exc:  # a parse error is a doc problem, not an exception: this is a model bug
            self.project.failures.record("node", rel, exc)
            return set()

    def claim_checked(self, scope: str, claim: str) -> bool:
        """Whether a production file of the package that verifies or decodes tokens compares the claim it reads
        back (`if (payload.expiresAt < Date.now())`, `dayjs(decoded.validUntil).isBefore()`): a token that carries
        its own expiry, checked by the application instead of jsonwebtoken's `exp`."""
        cache = self._claims_checked
        key = (scope, claim)
        if key not in cache:
            read = re.compile(rf"(\.\s*|\[\s*['\"]){re.escape(claim)}\b")
            cache[key] = False
            for file in self._production_files(scope):
                try:
                    text = file.text or ""
                except (OSError, Unreadable):
                    continue
                if claim not in text or not _VERIFIES.search(text):
                    continue
                for m in read.finditer(text):
                    start = text.rfind("\n", 0, m.start()) + 1
                    end = text.find("\n", m.end())
                    line = text[start:end if end != -1 else len(text)]
                    if _COMPARES.search(line):
                        cache[key] = True
                        break
                if cache[key]:
                    break
        return cache[key]

    def nginx_facts(self) -> dict[str, bool]:
        """Headers and limits a reverse proxy in the repository (nginx, a production Caddyfile or Traefik
        configuration) adds in front of the app."""
        if self._nginx is None:
            found = {"headers": False, "powered_by": False, "limit_req": False, "gzip": False}
            from ..files import Unreadable, read_text
            for file in self.project.files_of("nginx"):
                if self.project.role(file.rel) in ("example", "test", "development"):
                    # a reverse proxy shown in the docs (maxun's docs/nginx.conf, "check out some examples") or
                    # run by a development stack stands in front of no production app
                    continue
                text = file.text
                if not text:
                    try:
                        text, _ = read_text(file.path, self.project.max_bytes, self.project.root)
                    except Unreadable:
                        continue
                found["headers"] |= bool(_NGINX_HEADERS.search(text))
                found["powered_by"] |= bool(_NGINX_POWERED.search(text))
                found["limit_req"] |= bool(_NGINX_LIMIT.search(text))
                found["gzip"] |= bool(_NGINX_GZIP.search(text))
            from .caddy import project_caddy_facts
            from .traefik import project_traefik_facts
            for proxy in (project_caddy_facts(self.project), project_traefik_facts(self.project)):
                for fact in found:  # a Caddy or Traefik front proxy does the same for the app
                    found[fact] = found[fact] or proxy[fact]
            self._nginx = found
        return self._nginx

    def orm_settings_here(self, doc) -> list:
        """The database settings in the package's ORM files (ormconfig.json, Sequelize's config/config.json,
        schema.prisma: see node_orm_files), given to the rules when they check the file that creates the
        package's app, so that each is reported once (a package that serves nothing is left alone)."""
        scope = self.scope_of(doc.rel)
        facts = self.facts(scope)
        if facts.app is None or facts.app.rel != doc.rel:
            return []
        deps = self.dependencies(scope)
        from .node_orm_files import orm_settings
        return orm_settings(self.project, scope, deps) if deps else []

    def dependencies(self, scope: str) -> set[str]:
        """The packages a scope's package.json depends on, development ones included."""
        package = self.package(scope)
        deps: set = set()
        for section in ("dependencies", "devDependencies"):
            value = package.data.get(section) if package is not None else None
            if isinstance(value, dict):
                deps |= set(value)
        return deps

    def _analysed(self, scope: str, wanted):
        """(file, analysis) of each production file of the package whose text ``wanted(file, text)`` accepts:
        the text is tested first, so only the files that may hold the answer are parsed."""
        for file in self._production_files(scope):
            try:
                if not wanted(file, file.text or ""):
                    continue
                info = analysis(self.project.document(file, keep=True))
            except (OSError, Unreadable):
                continue
            except Exception as exc:  # a parse error is a doc problem, not an exception: this is a model bug
                self.project.failures.record("node", file.rel, exc)
                continue
            yield file, info

    def function_calls(self, scope: str, rel: str, name: str) -> list:
        """The calls, anywhere in the package's production files, of a function `rel` declares under `name`:
        in `rel` itself, and in the modules that import it by a relative path ending in the file's name
        (`import { bootDebugRoutes } from './boot-debug'`). Each is (FileAnalysis, Call)."""
        stem = Path(rel).stem
        out = []
        for file, info in self._analysed(scope, lambda f, text: name in text and (f.rel == rel or stem in text)):
            if file.rel != rel and not any(m.startswith(".") and Path(m).stem in (stem, Path(rel).parent.name)
                                           for m in info.imports):
                continue
            for call in info.calls_with(callee_types=("identifier",)):
                if call.callee is not None and _text(call.callee) == name:
                    out.append((info, call))
        return out

    def module_loads(self, scope: str, rel: str) -> list:
        """The `require('./debug')` calls, anywhere in the package's production files, whose relative path names
        `rel` (with or without its extension, or its folder's index). Each is (FileAnalysis, Call)."""
        stem = Path(rel).stem if Path(rel).stem != "index" else Path(rel).parent.name
        out = []
        for file, info in self._analysed(scope, lambda f, text: "require" in text and stem in text and f.rel != rel):
            folder = str(PurePosixPath(file.rel).parent)
            for call in info.calls_with(callee_types=("identifier",)):
                if call.callee is None or _text(call.callee) != "require" or not call.args:
                    continue
                spec = info.string(call.args[0])
                if spec is None or not spec.startswith("."):
                    continue
                joined = posixpath.normpath(posixpath.join(folder, spec))
                if rel in _candidates("", joined):
                    out.append((info, call))
        return out

    def property_fallbacks(self, scope: str, key: str) -> list:
        """(FileAnalysis, SecretSource) of each environment read with a literal fallback that the package's
        production files write as the value of a property named ``key`` (`secret: process.env.APP_SECRET ||
        'x'` in a config module's defaults): where a value the code reads through an object it is handed
        (`config.server.secret`, a parameter no import names the maker of) most likely comes from."""
        out = []
        for _, info in self._analysed(scope, lambda f, text: key in text and "process.env" in text):
            for source in env_fallbacks(info):
                parent = source.node.parent
                while parent is not None and (parent.type in _TRANSPARENT or parent.type == "binary_expression"):
                    parent = parent.parent
                if parent is not None and parent.type == "pair" and \
                        _key_text(parent.child_by_field_name("key")) == key:
                    out.append((info, source))
        return out

    def nest_middleware(self, scope: str) -> list:
        """What Nest modules of the package apply in `configure(consumer)`: `consumer.apply(AuthMiddleware)
        .exclude(...).forRoutes(UsersController, ...authenticated)` as (middleware texts, targets), a target being
        a controller class name or a route path ('*' for every route). One list per package."""
        found = self._nest_middleware.get(scope)
        if found is not None:
            return found
        found = self._nest_middleware[scope] = []
        for _, info in self._analysed(scope, lambda f, text: "forRoutes" in text):
            for call in info.calls_with(methods=("forRoutes",)):
                applied = call.receiver
                while applied is not None and applied.type == "call_expression":
                    fn = applied.child_by_field_name("function")
                    prop = fn.child_by_field_name("property") if fn is not None and fn.type == "member_expression" \
                        else None
                    if prop is not None and _text(prop) == "apply":
                        break
                    applied = fn.child_by_field_name("object") if prop is not None else None
                if applied is None or applied.type != "call_expression":
                    continue
                args = applied.child_by_field_name("arguments")
                middleware = [_text(a) for a in args.named_children] if args is not None else []
                found.append((middleware, _route_targets(info, call.args)))
        return found

    def health_only(self, scope: str) -> bool:
        """Whether the package's server answers health probes only (`/health`, `/healthz/ready`, `/metrics`, a
        root banner) and nothing else its production files declare (see node_routes): a worker's or a
        microservice's probe server, which the rules asking for request-facing safeguards leave alone. Asked
        only by a rule about to report, so the route scan costs nothing where nothing is missing."""
        found = self._health_only.get(scope)
        if found is not None:
            return found
        from . import node_routes
        import sys
        module = sys.modules[__name__]
        probes = 0
        serving = False
        app = self.facts(scope).app
        for file in self._production_files(scope):
            was_loaded = getattr(file, "loaded", True)
            try:
                if not _ROUTE_TEXT.search(file.text or ""):
                    continue
                p, s = node_routes.file_routes(analysis(self.project.document(file, keep=True)), module,
                                              app.rel if app is not None else None)
                probes += p
                if s:
                    serving = True
                    break
            except (OSError, Unreadable):
                continue
            except Exception as exc:  # a parse error is a doc problem, not an exception: this is a model bug
                self.project.failures.record("node", file.rel, exc)
                serving = True  # not known: the server is taken to answer requests
                break
            finally:
                if not was_loaded and hasattr(file, "release"):
                    file.release()
        found = self._health_only[scope] = probes > 0 and not serving
        return found

    def app_here(self, doc) -> tuple[AppSite, ScopeFacts] | None:
        """The scope's primary app when it is created in this document, with the scope's facts."""
        scope = self.scope_of(doc.rel)
        facts = self.facts(scope)
        if facts.app is not None and facts.app.rel == doc.rel:
            return facts.app, facts
        return None


# what a file that may declare routes holds (node_routes): files without it are not parsed for them; `<` for a
# TypeScript call with type arguments, `router.get<{}, Body>('/health', ...)`
_ROUTE_TEXT = lazy(r"\.(?:get|post|put|patch|delete|del|all|use|route|register)\s*[<(]|@(?:Get|Post|Put|Patch|Delete|"
                   r"All|Controller|Resolver|WebSocketGateway)\b|\bmethod['\"]?\s*:|createServer|static|\bimport\s*\(")
_LOG_METHODS = ("info", "log", "warn", "error", "debug", "http", "verbose", "trace")
_REQUEST_PARAMS = {"req", "request", "ctx", "context"}
_RESPONSE_PARAMS = {"res", "response"}
# the log call's arguments name the request line: its method, and its URL or the path parsed from it (`pathname`;
# `req.path` as a member only: a bare `path` is as often the path module or a file's path; `const { path } = req`
# is read from the destructuring)
_READS_METHOD = lazy(r"\bmethod\b")
_READS_URL = lazy(r"\b(?:url|originalUrl|href|pathname)\b|\.path\b")
_BARE_PATH = lazy(r"(?<![.\w$])path\b")
# how the request ended, which only an access log records: its status or how long it took
_READS_OUTCOME = lazy(r"\bstatus(?:Code)?\b|duration|elapsed|responseTime|\bms\b", re.I)
_CALLS_NEXT = lazy(r"\bnext(?:\.handle)?\s*\(")  # Express/Koa `next()`, Nest's `next.handle()`
_CALLS_DONE = lazy(r"\bdone\s*\(")  # a Fastify hook's `(request, reply, done)`


def _logs_requests(info: FileAnalysis):
    """The log call of a request logger of the package's own: a middleware taking the request first that passes control on
    (`(req, res, next)` calling `next()`, Koa's `(ctx, next)` awaiting `next()`, Nest's `intercept(context,
    next)` calling `next.handle()`, a Fastify hook's `(request, reply, done)` calling `done()`, or a handler
    logging on `res.on('finish')`) and hands the request's
    method and URL to a logger or the console (`req.method`, `const { method, originalUrl } = req`). Many
    apps write these few lines instead of adding morgan; the access log is there all the same. A handler that
    ends the request (a 404 catch-all logging `req.originalUrl`) logs only the requests no route served."""
    judged: dict[int, frozenset | None] = {}  # function node id -> request fields it destructures, or None
    for call in info.calls_with(methods=_LOG_METHODS):
        args = call.node.child_by_field_name("arguments")
        text = _text(args) if args is not None else ""
        if args is not None and not _READS_METHOD.search(text):
            # the line built first and logged by name: `const msg = `${ctx.method} ${ctx.originalUrl}``
            text += " ".join(_text(value) for arg in args.named_children if arg.type == "identifier"
                             and (value := info.resolve(arg)) is not None and value is not arg)
        if not _READS_METHOD.search(text):
            continue
        fn = info.enclosing_function(call.node)
        if fn is not None and _READS_URL.search(text) and _READS_OUTCOME.search(text) and _request_first(fn):
            return call.node  # an access line: the request, and how it ended (status, duration), whatever ends it
        while fn is not None:
            if fn.id not in judged:
                judged[fn.id] = _passes_on(fn)
            fields = judged[fn.id]
            if fields is not None and (_READS_URL.search(text) or "path" in fields and _BARE_PATH.search(text)):
                return call.node
            fn = info.enclosing_function(fn)
    return None


def _route_targets(info: FileAnalysis, args) -> list[str]:
    """The controllers and paths `forRoutes(...)` names: class names, spread arrays of them, path strings or a
    `{ path, method }` object's path."""
    out: list[str] = []
    for arg in args:
        node = _unwrap(arg)
        if node is None:
            continue
        if node.type == "spread_element":
            inner = node.named_children[0] if node.named_children else None
            value = info.resolve(inner) if inner is not None else None
            if value is not None and value.type == "array":
                out += _route_targets(info, value.named_children)
            continue
        path = info.string(node)
        if path is not None:
            out.append(path)
            continue
        obj = info.obj(node) if node.type == "object" else None
        if obj is not None:
            if obj.has("path"):
                out.append(info.string(obj.get("path")) or "")
            continue
        if node.type in ("identifier", "member_expression"):
            out.append(_text(node).rpartition(".")[2])
    return out


def exported_function(node) -> bool:
    """Whether a node lies in the function a module exports itself as (`module.exports = function (app) {...}`,
    `export default (app) => {...}`): what the module's loader calls (`require('./debug')(app)`)."""
    node = node.parent
    while node is not None:
        if node.type in ("arrow_function", "function_expression", "function", "function_declaration"):
            parent = node.parent
            if parent is not None and parent.type == "assignment_expression" and \
                    _text(parent.child_by_field_name("left")).replace(" ", "") == "module.exports":
                return True
            if parent is not None and parent.type == "export_statement" and b"default" in parent.text[:20]:
                return True
        node = node.parent
    return False


def outermost_function_name(node) -> str | None:
    """The name of the outermost named function around a node (`function f() {}`, `const f = () => {}`): the
    one other code calls to run it."""
    name = None
    node = node.parent
    while node is not None:
        if node.type in ("function_declaration", "generator_function_declaration"):
            ident = node.child_by_field_name("name")
            name = _text(ident) if ident is not None else name
        elif node.type in ("arrow_function", "function_expression", "function") and node.parent is not None and \
                node.parent.type == "variable_declarator":
            ident = node.parent.child_by_field_name("name")
            if ident is not None and ident.type == "identifier":
                name = _text(ident)
        node = node.parent
    return name


def _request_first(fn) -> bool:
    params = fn.child_by_field_name("parameters")
    first = params.named_children[0] if params is not None and params.named_children else \
        fn.child_by_field_name("parameter")
    return first is not None and _text(first.child_by_field_name("pattern") or first).split(":")[0].strip() \
        in _REQUEST_PARAMS


_HAPI_RESPONSE_HOOKS = {"onPreResponse", "onPostResponse"}


def _hapi_logs_responses(info: FileAnalysis) -> bool:
    """hapi's access log of its own: a handler every response passes through (`server.ext('onPreResponse',
    fn)`, `server.events.on('response', fn)`) that hands the request to a logger (`log.summary(request,
    response)`, `logger.info(request.path, ...)`)."""
    for call in info.calls_with(methods=("ext", "on")):
        event = info.string(call.arg(0))
        if call.method == "ext" and event not in _HAPI_RESPONSE_HOOKS or \
                call.method == "on" and not (event == "response" and call.receiver is not None and
                                             _text(call.receiver).endswith("events")):
            continue
        fn = info.function_of(call.arg(1))
        if fn is None or not _request_first(fn):
            continue
        params = fn.child_by_field_name("parameters")
        first = params.named_children[0] if params is not None and params.named_children else \
            fn.child_by_field_name("parameter")
        name = re.escape(_text(first.child_by_field_name("pattern") or first).split(":")[0].strip())
        if re.search(rf"\b\w*log\w*(?:\(\))?\.\w+\(\s*{name}\b", _text(fn.child_by_field_name("body")), re.I):
            return True
    return False


def _passes_on(fn) -> frozenset | None:
    """For a request-first middleware that passes the request on, the fields its body destructures from the
    request (`const { method, path } = req`); None for any other function. Each function is read once."""
    params = fn.child_by_field_name("parameters")
    if params is None:  # `req => ...`: one parameter, no `next`
        return None
    names = [_text(p.child_by_field_name("pattern") or p) for p in params.named_children]
    if len(names) < 2 or names[0] not in _REQUEST_PARAMS:
        return None
    body = _text(fn.child_by_field_name("body"))
    nxt = "next" if "next" in names[1:] else "done" if "done" in names[2:] else None  # done: a Fastify hook's
    response = names[1] if names[1] in _RESPONSE_PARAMS else None
    if not (nxt == "next" and _CALLS_NEXT.search(body) or nxt == "done" and _CALLS_DONE.search(body) or
            response and
            re.search(rf"\b{response}\.(?:on|once)\(\s*['\"`]finish['\"`]", body)):
        return None
    fields: set[str] = set()
    for m in re.finditer(rf"\{{([^{{}}]*)\}}\s*=\s*{re.escape(names[0])}\b", body):
        fields |= {part.split(":")[0].split("=")[0].strip() for part in m.group(1).split(",")}
    return frozenset(fields)


_EXPORTS = lazy(r"\bmodule\.exports\b|\bexports\.[\w$]+\s*=|^[ \t]*export\s", re.M)


def _only_injected(info: FileAnalysis, text: str) -> bool:
    """Whether the file sends its app fake requests (`.inject()`) and neither listens nor exports anything:
    nothing else can serve an app that never leaves the file."""
    methods = {call.method for call in info.calls_with(methods=("inject", "listen", "start"))}
    return "inject" in methods and not methods & {"listen", "start"} and not _EXPORTS.search(text)


def forked_child(info: FileAnalysis) -> bool:
    """A script the server starts as a process or thread of its own (`child_process.fork('jobs/run.js')`, a
    worker thread, a Bree job): it talks to its parent (`process.on('message')`, `process.send()`, worker_threads'
    `parentPort`) and serves nothing itself. Its SIGTERM handler ends the job; the server's process needs its
    own. A file of the cluster module's program (`import cluster from 'node:cluster'`) is not one: the primary
    and its workers run the same code, and docker's SIGTERM reaches the primary, whose handler tells them."""
    def compute():
        if info.imports & {"cluster", "node:cluster"}:
            return False
        talks = False
        for call in info.calls_with(methods=("on", "once", "send", "postMessage", "listen")):
            if call.method == "listen":
                return False
            qname = call.qname or ""
            if call.method in ("on", "once") and qname.startswith("process.") and info.string(call.arg(0)) == "message" \
                    or call.method == "send" and qname == "process.send" or "parentPort" in qname:
                talks = True
        return talks and not info.app_creations()
    return info.memo("forked_child", compute)


def _names_sigterm(info: FileAnalysis) -> bool:
    return any(info._str(node) == "SIGTERM" for node in info.strings())


# a limiter of the project's own, imported by a relative path: `./server/plugins/rate-limit.js`, `../rate-limiter`,
# `./middleware/rateLimit` (many apps write the few lines of a fixed-window counter instead of a package)
# @nestjs/throttler limits only where its ThrottlerGuard is bound (`{ provide: APP_GUARD, useClass:
# ThrottlerGuard }`, `@UseGuards(ThrottlerGuard)`, `app.useGlobalGuards(...)`, a guard extending it, named
# as such subclasses are, `ThrottlerBehindProxyGuard`, `GqlThrottlerGuard`, possibly imported from a workspace
# library): `ThrottlerModule.forRoot()` alone stores the limits and nothing reads them. A name an import or a
# destructured require merely brings in is no binding.
_THROTTLER_GUARD = lazy(r"\b\w*Throttler\w*Guard\w*\b")
_THROTTLER_IMPORT = lazy(r"\bimport\s+(?:type\s+)?\{[^}]*\}\s*from\s*['\"][^'\"]+['\"]"
                         r"|\b(?:const|let|var)\s*\{[^}]*\}\s*=\s*require\s*\(\s*['\"][^'\"]+['\"]\s*\)", re.S)


def _binds_throttler_guard(info) -> bool:
    if b"Throttler" not in info.doc.source:
        return False
    text = info.doc.source.decode("utf-8", "replace")
    if not _THROTTLER_GUARD.search(text):
        return False
    return bool(_THROTTLER_GUARD.search(_THROTTLER_IMPORT.sub(" ", text)))


_LOCAL_LIMITER = lazy(r"^\.{1,2}/(?:[^'\"]*/)?(?:[\w-]*[-_])?rate[-_]?limit(?:er|ing|s)?(?:\.[cm]?[jt]s)?$", re.I)
# the receiver of a bare `.start()` that starts an HTTP server: `server`, `this.server`, `apiServer`
_SERVER_NAME = lazy(r"(?:^|[.\s])\w*[sS]erver\s*$")
_HEADER_SETTERS = {"setHeader", "header", "set", "writeHead", "headers", "append"}
# the calls NodeModel._learn reads (every branch tests one of these methods or factories)
_LEARN_METHODS = {"disable", "set", "removeHeader", "enable", "on", "once", "addListener", "prependListener",
                  "enableShutdownHooks", "listen", "start", "default", "sign", "signAsync", "jwtSign",
                  "promisify"} | _HEADER_SETTERS
_PROMISIFY = {"util.promisify", "node:util.promisify"}


def _package_name(module: str) -> str:
    """`@scope/name/sub/path` -> `@scope/name`, `name/sub` -> `name`: the package an import names."""
    parts = module.split("/")
    return "/".join(parts[:2]) if module.startswith("@") else parts[0]
_PROMISIFIED_LISTEN = lazy(r"^[\w.$]*\.listen(?:\.bind\(.*\))?$", re.S)
_HAPI_FASTIFY = {qname for qname, framework in APP_FACTORIES.items() if framework in ("hapi", "fastify")}


def _nest_platform(call: Call, framework: str) -> str:
    """"fastify" for a Nest app created on `new FastifyAdapter(...)` (Fastify sends no X-Powered-By, and takes
    @fastify/helmet); "" for Nest's default Express platform and every other app."""
    if framework != "nest" or len(call.args) < 2:
        return ""
    return "fastify" if _FASTIFY_ADAPTER.search(_text(call.args[1])) else ""


# folders of a package's tooling rather than its service: maintenance scripts, examples, demos
_TOOLING = lazy(r"(^|/)(scripts?|tools?|tooling|examples?|demos?|hack|devtools)/")
_FASTIFY_ADAPTER = lazy(r"\bnew\s+FastifyAdapter\b")


def _sets_security_header(info: FileAnalysis, call: Call) -> bool:
    """res.setHeader('Content-Security-Policy', ...), ctx.set({...}), reply.header(...), res.writeHead(200, {...})."""
    for arg in call.args[:2]:
        name = info.string(arg)
        if name is not None and name.lower() in SECURITY_HEADERS:
            return True
        obj = info.obj(arg)
        if obj is not None and any(key.lower() in SECURITY_HEADERS for key in obj.props):
            return True
    return False


def _candidates(scope: str, name: str) -> list[str]:
    name = name.lstrip("./") if name.startswith("./") else name
    base = PurePosixPath(scope) / name if scope else PurePosixPath(name)
    base_s = str(base)
    out = [base_s]
    stem = re.sub(r"\.(m?js|cjs|ts|mts|cts)$", "", base_s)
    out += [stem + ext for ext in (".js", ".ts", ".mjs", ".cjs", ".mts")] + [f"{stem}/index.js", f"{stem}/index.ts"]
    parts = base.parts[len(PurePosixPath(scope).parts) if scope else 0:]
    if parts and parts[0] in ("dist", "build", "lib", "out"):  # compiled output: its source lives in src/
        src = str((PurePosixPath(scope) if scope else PurePosixPath(".")) / "src" / Path(*parts[1:]))
        src = src[2:] if src.startswith("./") else src
        src_stem = re.sub(r"\.(m?js|cjs)$", "", src)
        out += [src_stem + ".ts", src_stem + ".js"]
    return out


def node_model(project) -> NodeModel:
    """The project's Node model, created on first use and kept on the Project for the run."""
    return project.models.get("node", lambda: NodeModel(project))


# ---- domain helpers shared by several rules ------------------------------------------------------------
CORS_MODULES = {"cors": "any", "@koa/cors": "reflect", "koa2-cors": "any", "kcors": "reflect",
                "@fastify/cors": "any", "fastify-cors": "any"}
SESSION_MODULES = {"express-session": "express-session", "cookie-session": "cookie-session",
                   "koa-session": "koa-session", "@fastify/session": "fastify-session",
                   "@fastify/secure-session": "fastify-session", "client-sessions": "client-sessions",
                   "@fastify/cookie": "fastify-cookie", "fastify-cookie": "fastify-cookie",
                   "fastify-server-session": "fastify-server-session"}
# Hapi's session plugins and cookie definitions, judged by the options they are registered with (see hapi_sessions)
HAPI_SESSION_PLUGINS = {"@hapi/yar": "hapi-yar", "yar": "hapi-yar"}
# the options that hold each module's signing secret (express-session's `key` is the cookie's name; koa-session
# signs with the app's `app.keys`, see koa_keys)
SESSION_SECRET_KEYS = {"express-session": ("secret",), "cookie-session": ("secret", "keys"), "koa-session": (),
                       "fastify-session": ("secret", "key"), "client-sessions": ("secret",),
                       "fastify-cookie": ("secret",), "fastify-server-session": ("secretKey",),
                       "hapi-yar": ("password",), "hapi-cookie": ("password",),
                       "hapi-state": ("password",)}
# how messages name the session libraries whose model key is not their package name
SESSION_LIBRARY_NAMES = {"hapi-yar": "@hapi/yar", "hapi-cookie": "@hapi/cookie", "hapi-state": "`server.state()`"}
# Hapi spells the cookie attributes its own way (and defaults all of them to the safe value)
COOKIE_ATTRIBUTES = {"hapi-yar": {"httpOnly": "isHttpOnly", "secure": "isSecure", "sameSite": "isSameSite"}}
COOKIE_ATTRIBUTES["hapi-cookie"] = COOKIE_ATTRIBUTES["hapi-state"] = COOKIE_ATTRIBUTES["hapi-yar"]
JWT_MODULES = ("jsonwebtoken",)


@dataclass
class CorsUse:
    """A CORS middleware's use and its options."""

    call: Call | None  # None: a CORS-shaped options object built for a call elsewhere
    label: str  # how the user wrote it, for messages
    options: ObjectValue | None  # None: no options at all
    default: str  # what a missing origin means: "any" ('*') or "reflect" (the request's Origin)
    at: object = None  # where to report when there is no call (an @fastify/autoload plugin file)

    @property
    def node(self):
        if self.call is not None:
            return self.call.node
        return self.options.node if self.options is not None else self.at


@dataclass
class AutoloadPlugin:
    """A plugin file in @fastify/autoload's convention: it default-exports a third-party plugin and gives its
    options as the named export `autoConfig` (an object, or a function of the instance returning one);
    autoload registers it as `fastify.register(plugin, autoConfig)`."""
    plugin: str  # the plugin's module: '@fastify/cors'
    options: ObjectValue | None  # None: no autoConfig (the plugin's defaults), or one the model cannot read
    readable: bool  # False: an autoConfig is exported but built at run time
    at: object  # the default export's value, where a missing option is reported


# what registers a plugins/ folder by @fastify/autoload's convention (fastify-cli's generated apps use autoload)
_AUTOLOADERS = {"@fastify/autoload", "fastify-autoload", "fastify-cli"}


def autoload_plugins(info: FileAnalysis) -> list[AutoloadPlugin]:
    """The plugin file's autoloaded plugin, in a package that autoloads: elsewhere `module.exports = cors` is
    any module re-exporting a package (an Express app's cors middleware), registered by no one this way."""
    plugins = info.memo("autoload", lambda: _autoload_plugins(info))
    if not plugins or info.project is None:
        return []
    model = node_model(info.project)
    return plugins if model.dependencies(model.scope_of(info.doc.rel)) & _AUTOLOADERS else []


def _autoload_plugins(info: FileAnalysis) -> list[AutoloadPlugin]:
    if not any(c.type == "default" for node in info._captures.get("export", ()) for c in node.children) and \
            not any(owner == "module" for owner, _ in info.assignments("exports")):
        return []
    default = exported(info, None)  # `export default cors` or `module.exports = cors`
    plugin = info.qualify(default) if default is not None else None
    if not plugin or not plugin.startswith(("@fastify/", "fastify-")):  # a Fastify plugin package, not cors
        return []
    config = exported(info, "autoConfig")
    if config is None:
        return [AutoloadPlugin(plugin, None, True, default)]
    options = info.obj(config)
    fn = info.function_of(config) if options is None else None
    if fn is not None:
        options = info.returned_object(fn)
    return [AutoloadPlugin(plugin, options, options is not None, default)]


_CORS_KEYS = {"credentials", "optionsSuccessStatus", "methods", "allowedHeaders", "exposedHeaders",
              "preflightContinue", "maxAge", "allowMethods", "allowHeaders"}


def cors_uses(info: FileAnalysis) -> list[CorsUse]:
    """cors middleware (express cors, @koa/cors, @fastify/cors, Nest enableCors / create({cors}))."""
    def compute():
        uses = _cors_uses(info)
        seen = {i for u in uses if u.options is not None for i in (u.options.node.id,) + u.options.parts}
        return uses + [u for u in _cors_shaped(info) if u.options.node.id not in seen]
    return info.memo("cors", compute)


def _cors_shaped(info: FileAnalysis) -> list[CorsUse]:
    """Options objects that are plainly CORS settings (origin plus credentials/methods/...) built in a config
    module or passed to socket.io, judged where they are written."""
    out = []
    for key in info._captures.get("cors_key", ()):
        obj = info.obj(key.parent.parent)
        if obj is not None and set(obj.props) & _CORS_KEYS:
            out.append(CorsUse(None, "cors options", obj, "any"))
    return out


# every branch of _cors_uses tests one of these
# routing-controllers' `cors` option: true or the options of the cors package (the app's options argument)
_ROUTING_CONTROLLERS = {"routing-controllers.createExpressServer": 0, "routing-controllers.createKoaServer": 0,
                        "routing-controllers.useExpressServer": 1, "routing-controllers.useKoaServer": 1}
_CORS_CALLS = set(CORS_MODULES) | {q for q, framework in APP_FACTORIES.items() if framework == "hapi"} | \
    {"@nestjs/core.NestFactory.create"} | set(_ROUTING_CONTROLLERS)


def _cors_uses(info: FileAnalysis) -> list[CorsUse]:
    out = []
    for call in info.calls_with(methods=("register", "enableCors", "route"), qnames=_CORS_CALLS):
        q = call.qname or ""
        if q in CORS_MODULES and not call.new:
            if call.args and info.options(call.args[0]) is None:
                continue  # options we cannot read (built at run time)
            if _one_route_preflight(info, call):
                continue
            out.append(CorsUse(call, q, info.options(call.arg(0)), CORS_MODULES[q]))
        elif call.method == "register" and len(call.args) >= 1:
            plugin = info.qualify(call.args[0])
            if plugin in CORS_MODULES:
                if len(call.args) >= 2 and info.options(call.args[1]) is None:
                    continue
                out.append(CorsUse(call, plugin, info.options(call.arg(1)), CORS_MODULES[plugin]))
        elif call.method == "enableCors":
            if call.args and info.options(call.args[0]) is None:
                continue
            out.append(CorsUse(call, "enableCors", info.options(call.arg(0)), "any"))
        elif APP_FACTORIES.get(q) == "hapi" or call.method == "route" and q.startswith(("@hapi/hapi", "hapi")):
            out += _hapi_cors(info, call)
        elif q == "@nestjs/core.NestFactory.create" and len(call.args) >= 2:
            # create(module, options) or create(module, new ExpressAdapter() | FastifyAdapter(), options)
            opts = info.obj(call.args[2] if len(call.args) >= 3 else call.args[1])
            if opts is None or not opts.has("cors"):
                continue
            out += _cors_option(info, call, opts.get("cors"), "NestFactory.create({ cors: true })", "cors")
        elif q in _ROUTING_CONTROLLERS:
            opts = info.obj(call.arg(_ROUTING_CONTROLLERS[q]))
            if opts is not None and opts.has("cors"):
                name = q.split(".")[-1]
                out += _cors_option(info, call, opts.get("cors"), f"{name}({{ cors: true }})",
                                    "cors")
    for routes in glue_manifest_routes(info):  # a Glue manifest's server.routes: no call to hang it on
        if routes.has("cors"):
            value = routes.get("cors")
            if info.literal(value) is True:
                out.append(CorsUse(None, "Hapi `cors: true`", None, "any", routes.pairs["cors"]))
            elif info.obj(value) is not None:
                out.append(CorsUse(None, "Hapi `cors`", info.obj(value), "any", routes.pairs["cors"]))
    for plugin in autoload_plugins(info):  # plugins/cors.ts: `export default cors; export const autoConfig = {...}`
        if plugin.plugin in CORS_MODULES and plugin.readable:
            out.append(CorsUse(None, f"autoConfig of {plugin.plugin}", plugin.options, CORS_MODULES[plugin.plugin],
                               plugin.at))
    return out


# the paths of `app.options(path, cors())` that answer every route's preflight
# (`*`, `/*`, `(.*)`, Express 5's named wildcards `/*splat` and `/{*splat}`)
_EVERY_PATH = lazy(r"^/?(?:\*\w*|\(\.\*\)|\{/?\*\w+\})$")


def _one_route_preflight(info: FileAnalysis, call: Call) -> bool:
    """`app.options('/products/:id', cors())`: the preflight answer of one route (the cors README's example).
    The route's own handler decides what its responses allow, and its `cors()` is judged there; only the
    preflight of every path (`app.options('*', cors())`) opens the API by itself."""
    args = call.node.parent
    outer = args.parent if args is not None and args.type == "arguments" else None
    if outer is None or outer.type != "call_expression" or call.node not in args.named_children[1:]:
        return False
    fn = outer.child_by_field_name("function")
    prop = fn.child_by_field_name("property") if fn is not None and fn.type == "member_expression" else None
    if prop is None or prop.text != b"options" or len(args.named_children) < 2:
        return False
    path = info.literal(args.named_children[0])
    return isinstance(path, str) and not _EVERY_PATH.match(path)


def _cors_option(info: FileAnalysis, call: Call, value, all_origins: str, options: str) -> list[CorsUse]:
    """A framework's `cors` option: `true` allows every origin; an object holds the CORS options."""
    if info.literal(value) is True:
        return [CorsUse(call, all_origins, None, "any")]
    if info.obj(value) is not None:
        return [CorsUse(call, options, info.obj(value), "any")]
    return []


def _hapi_cors(info: FileAnalysis, call: Call) -> list[CorsUse]:
    """Hapi's `cors` route option: on the server (`routes: { cors }`) or on a route (`options`/`config`).
    `cors: true` means origin ['*']."""
    if APP_FACTORIES.get(call.qname or "") == "hapi":
        server = info.obj(call.arg(0))
        holders = [info.obj(server.get("routes"))] if server is not None else []
    else:
        node = info.resolve(call.arg(0))
        routes = [info.obj(c) for c in node.named_children] if node is not None and node.type == "array" \
            else [info.obj(call.arg(0))]
        holders = [info.obj(r.get("options")) or info.obj(r.get("config")) for r in routes if r is not None]
    out = []
    for holder in holders:
        if holder is not None and holder.has("cors"):
            out += _cors_option(info, call, holder.get("cors"), "Hapi `cors: true`", "Hapi `cors`")
    return out


def allows_any_origin(info: FileAnalysis, fn) -> bool:
    """An origin callback that accepts every origin: no condition, answers `true` or echoes the origin."""
    node = info.resolve(fn)
    if node is None or node.type not in _FUNCTIONS:
        return False
    body = node.child_by_field_name("body")
    text = _text(body) if body is not None else ""
    if re.search(r"\b(if|switch|includes|indexOf|test|match|has|some|find|startsWith|endsWith|filter)\b|"
                 r"===|!==|==|!=|\?|&&|\|\|", text):
        return False
    return bool(re.search(r",\s*(true|origin)\s*\)|^(true|origin)$|return\s+(true|origin)\b|"
                          r"headers\.origin|\.get\(\s*['\"]origin['\"]\s*\)|header\.origin", text.strip(), re.I))


@dataclass
class SessionUse:
    """A session middleware's use and its options."""

    call: Call | None  # None: a session-shaped options object built for a call elsewhere
    module: str  # express-session, cookie-session, ...
    options: ObjectValue | None

    @property
    def node(self):
        return self.call.node if self.call is not None else self.options.node




def session_uses(info: FileAnalysis) -> list[SessionUse]:
    return info.memo("sessions", lambda: _session_uses(info))


def _session_uses(info: FileAnalysis) -> list[SessionUse]:
    out = _session_calls(info) + _hapi_sessions(info)
    seen = {i for use in out if use.options is not None for i in (use.options.node.id,) + use.options.parts}
    if "express-session" in info.imports or any(use.module == "express-session" for use in out) or \
            not info.imports & set(SESSION_MODULES):
        # a config module exporting express-session options: `{ secret, resave, cookie }`
        for key in info._captures.get("session_key", ()):
            obj = info.obj(key.parent.parent)
            if obj is not None and obj.node.id not in seen and (obj.has("secret") or obj.has("cookie")):
                seen.add(obj.node.id)
                out.append(SessionUse(None, "express-session", obj))
    return out


def _session_calls(info: FileAnalysis) -> list[SessionUse]:
    out = []
    for call in info.calls_with(methods=("register",), qnames=SESSION_MODULES):
        q = call.qname or ""
        if q in SESSION_MODULES:
            out.append(SessionUse(call, SESSION_MODULES[q], info.options(call.arg(0)) if q != "koa-session"
                                  else info.options(call.arg(0)) or info.options(call.arg(1))))
        elif call.method == "register" and call.args:
            plugin = info.qualify(call.args[0])
            if plugin in SESSION_MODULES:
                out.append(SessionUse(call, SESSION_MODULES[plugin], info.options(call.arg(1))))
    for plugin in autoload_plugins(info):  # plugins/session.ts: `export default session; export const autoConfig`
        if plugin.plugin in SESSION_MODULES and plugin.options is not None:
            out.append(SessionUse(None, SESSION_MODULES[plugin.plugin], plugin.options))
    return out


def hapi_route_defaults(info: FileAnalysis) -> list[ObjectValue]:
    """The `routes` defaults every route of a hapi server takes (`cors`, `security`): the `routes` option of
    `Hapi.server({...})` / `new Hapi.Server({...})`, and the `server.routes` of a Glue manifest, an object
    that holds `server` and `register` wherever it is written (hapi-moon's `config/manifest.js`)."""
    servers = [info.obj(call.arg(0)) for call in info.calls_with(qnames=_HAPI_SERVERS)]
    return _routes_of(info, servers) + glue_manifest_routes(info)


def glue_manifest_routes(info: FileAnalysis) -> list[ObjectValue]:
    """The `server.routes` of the Glue manifests written in this file (objects holding `server` and `register`)."""
    servers = []
    for key in info._captures.get("plugin_key", ()):
        if key.text == b"register":
            manifest = info.obj(key.parent.parent)
            if manifest is not None and manifest.has("server"):
                servers.append(info.obj(manifest.get("server")))
    return _routes_of(info, servers)


def _routes_of(info: FileAnalysis, servers) -> list[ObjectValue]:
    out = []
    for server in servers:
        routes = info.obj(server.get("routes")) if server is not None and server.has("routes") else None
        if routes is not None and all(r.node.id != routes.node.id for r in out):
            out.append(routes)
    return out


_HAPI_SERVERS = {q for q, framework in APP_FACTORIES.items() if framework == "hapi" and "glue" not in q}


def _manifest_plugins(info: FileAnalysis, facts) -> set[str]:
    """A Glue manifest: the plugins it names as strings (`{ plugin: 'hapi-pino' }`), counted as used like an
    import; its server's `routes: { security }` turns hapi's security headers on."""
    names = set()
    for key in info._captures.get("plugin_key", ()):
        pair = key.parent
        value = pair.child_by_field_name("value")
        if key.text == b"plugin":
            name = info.string(value)
            if name:
                names.add(name)
        elif key.text == b"register":
            manifest = info.obj(pair.parent)
            server = info.obj(manifest.get("server")) if manifest is not None and manifest.has("server") else None
            routes = info.obj(server.get("routes")) if server is not None and server.has("routes") else None
            if routes is not None and routes.has("security") and \
                    (info.literal(routes.get("security")) not in (False, None) or
                     info.obj(routes.get("security")) is not None):
                facts.helmet = True
    return names


def _hapi_sessions(info: FileAnalysis) -> list[SessionUse]:
    """Hapi: a yar plugin object (`{ plugin: require('@hapi/yar'), options: { cookieOptions } }`, wherever it
    is written), a `cookie` auth strategy (`@hapi/cookie`: `server.auth.strategy('session', 'cookie', { cookie })`;
    hapi-auth-cookie took the cookie options at the top level) and `server.state(name, options)` cookies."""
    out = []
    for key in info._captures.get("plugin_key", ()):
        pair = key.parent
        module = HAPI_SESSION_PLUGINS.get(info.qualify(pair.child_by_field_name("value")) or "")
        holder = info.obj(pair.parent) if module else None
        options = info.obj(holder.get("options")) if holder is not None else None
        cookie = info.obj(options.get("cookieOptions")) if options is not None else None
        if cookie is not None:
            out.append(SessionUse(None, module, cookie))
    for call, scheme, options in hapi_strategies(info):
        if scheme == "cookie":
            out.append(SessionUse(call, "hapi-cookie", info.obj(options.get("cookie")) or options))
    for call in info.calls_with(methods=("state",)):
        if call.method == "state" and len(call.args) == 2 and info.string(call.args[0]) is not None and \
                (call.qname or "").startswith(("@hapi/hapi", "hapi")) and info.obj(call.args[1]) is not None:
            out.append(SessionUse(call, "hapi-state", info.obj(call.args[1])))
    return out


def hapi_strategies(info: FileAnalysis) -> list[tuple[Call, str, ObjectValue]]:
    """`server.auth.strategy(name, scheme[, mode], options)`: (call, scheme, options) when the options are an
    object literal (the scheme names the plugin: 'jwt' for hapi-auth-jwt2 and @hapi/jwt, 'cookie', ...)."""
    out = []
    for call in info.calls_with(methods=("strategy",)):
        if call.method != "strategy" or len(call.args) < 3 or call.receiver is None or \
                not _text(call.receiver).endswith("auth"):
            continue
        scheme = info.string(call.args[1])
        options = info.obj(call.args[-1])
        if scheme and options is not None:
            out.append((call, scheme, options))
    return out


def member_assignments(info: FileAnalysis, prop: str) -> list[tuple[str | None, object]]:
    """`x.prop = value` (or `x['prop'] = value`, x[`prop`] = value) assignments: (qualified name of x, the value
    expression)."""
    info._decls  # the scope index qualifies x
    out = []
    for target in info._captures.get("member_assigned", ()):
        if target.type == "subscript_expression":
            found = info._str(target.child_by_field_name("index")) == prop
        else:
            name = target.child_by_field_name("property")
            found = name is not None and name.text.decode("utf-8", "replace") == prop
        if found:
            value = target.parent.child_by_field_name("right")
            if value is not None:
                out.append((info.qualify(target.child_by_field_name("object")), value))
    return out


def koa_keys(info: FileAnalysis) -> list:
    """The elements of `app.keys = [...]` on a Koa app: the keys koa-session and signed cookies sign with."""
    out = []
    for owner, value in member_assignments(info, "keys"):
        node = info.resolve(value)
        if owner == "koa()" and node is not None:
            out += node.named_children if node.type == "array" else [value]
    return out


# What an environment variable holds, by its name (the checklist's names and their common spellings)
_ENV_KINDS = (
    ("jwt", lazy(r"^(?!.*PUBLIC)(\w+_)?(JWT(_\w+)?_(SECRET|KEY)|(ACCESS|REFRESH|AUTH)_TOKEN_(SECRET|KEY)|(ACCESS|REFRESH|AUTH)_SECRET|"
                 r"TOKEN_SECRET)$", re.I)),
    ("session", lazy(r"^(\w+_)?(SESSION_(SECRET|KEYS?)|COOKIE_(SECRET|KEYS?))$", re.I)),
    ("db-password", lazy(r"^(\w+_)?(DB|DATABASE|POSTGRES|PG|MYSQL|MYSQL_ROOT|MARIADB|MSSQL|SA|MONGO(DB)?|SQL)_?"
                         r"(PASSWORD|PASS|PWD)$", re.I)),
    ("cors-origin", lazy(r"^(\w+_)?(CORS(_ALLOWED)?_ORIGINS?|ALLOWED_ORIGINS?|CORS)$", re.I)),
    ("db-user", lazy(r"^(\w+_)?(DB|DATABASE|POSTGRES|PG|MYSQL|MARIADB|MSSQL|MONGO(DB)?|SQL)_?(USER|USERNAME)$",
                     re.I)),
)


def env_kind(name: str) -> str | None:
    """"jwt", "session", "db-password", "cors-origin", "db-user" for the variables whose fallbacks the rules
    judge."""
    for kind, pattern in _ENV_KINDS:
        if pattern.match(name):
            return kind
    return None


def env_fallbacks(info: FileAnalysis) -> list[SecretSource]:
    """Every literal an environment read falls back to: `process.env.X || 'v'`, `process.env.X ?? 'v'`,
    `const { X = 'v' } = process.env`, Nest's `configService.get('X', 'v')` and `configService.get('X') || 'v'`,
    and the defaults of an environment schema (`X: z.string().default('v')`, `X: Joi.string().default('v')`,
    envalid's `X: str({ default: 'v' })`); the node is the literal. Empty fallbacks hold nothing and are left
    out."""
    return info.memo("env-fallbacks", lambda: _env_fallbacks(info))


def _env_fallbacks(info: FileAnalysis) -> list[SecretSource]:
    out = []
    readers = None
    for node, parent in info.string_parents():
        while parent is not None and parent.type in _TRANSPARENT:
            parent = parent.parent
        if parent is None:
            continue
        env = None
        kind = parent.type
        if kind == "binary_expression" and _operator(parent) in ("||", "??") and \
                _unwrap(parent.child_by_field_name("right")) == node:
            left = parent.child_by_field_name("left")
            env = info.env_name(left) or info._env_chain(left)
        elif kind == "object_assignment_pattern" and parent.parent is not None and \
                parent.parent.type == "object_pattern" and parent.parent.parent is not None and \
                parent.parent.parent.type == "variable_declarator":
            source = _unwrap(parent.parent.parent.child_by_field_name("value"))
            if source is not None and _text(source).replace(" ", "") == "process.env":
                env = _text(parent.child_by_field_name("left"))
        elif kind == "arguments":
            # only `x.get('X', 'v')` / `.getOrThrow` (a config service) and `.default('v')` (a schema) read here:
            # the calls with those methods are looked up, not each argument's call
            if readers is None:
                readers = {}  # arguments node id -> its call
                for found in info.calls_with(methods=("get", "getOrThrow", "default")):
                    if found.node.type == "call_expression":
                        for child in found.node.children:
                            if child.type == "arguments":
                                readers[child.id] = found.node
            call = readers.get(parent.id)
            if call is not None:
                name, default = info._config_get(call)
                env = name if default is not None and _unwrap(default) == node else _schema_default(call)
        elif kind == "pair" and _key_text(parent.child_by_field_name("key")) == "default":
            env = _envalid_default(parent)
        if env:
            text = info._str(node)
            if text and text.strip():
                out.append(SecretSource(text, node, env))
    return out


def _schema_default(call) -> str | None:
    """X for the default of an environment schema's entry: `X: z.string().default('v')` (zod),
    `X: Joi.string().default('v')` (joi), `X: yup.string().default('v')`. The entry's key names the variable."""
    fn = call.child_by_field_name("function") if call.type == "call_expression" else None
    if fn is None or fn.type != "member_expression" or _text(fn.child_by_field_name("property")) != "default":
        return None
    top = call
    while top.parent is not None and top.parent.type in ("member_expression", "call_expression"):
        top = top.parent  # `.default('v').describe('...')`: the whole chain is the entry's value
    return _env_entry(top)


def _envalid_default(pair) -> str | None:
    """X for `X: str({ default: 'v' })` (envalid; `devDefault` only applies outside production)."""
    obj = pair.parent
    args = obj.parent if obj is not None and obj.type == "object" else None
    call = args.parent if args is not None and args.type == "arguments" else None
    return _env_entry(call) if call is not None and call.type == "call_expression" else None


def _env_entry(value) -> str | None:
    holder = value.parent
    if holder is None or holder.type != "pair" or holder.child_by_field_name("value") != value:
        return None
    name = _key_text(holder.child_by_field_name("key"))
    return name if name and _ENV_NAME.match(name) else None


_JWT_HOLDER = lazy(r"jwt", re.I)
# `tokenKey: 'Authorization'` names a header or a storage slot: only jwt-named keys, and token *secrets*, hold keys
_JWT_KEY_NAME = lazy(r"^jwt_?(secret|key|privateKey|secretKey|signingKey)$|^(access|refresh)_?token_?secret$", re.I)
_JWT_OPTION_KEYS = {"secret", "secretOrKey", "secretOrPrivateKey", "privateKey", "secretKey", "signingKey"}


def jwt_config_literals(info: FileAnalysis) -> list:
    """JWT keys written into configuration objects: `jwtSecret: '...'`, or `secret: '...'` in an object held by
    a jwt-named variable or key (`export const jwtConstants = { secret: '...' }`, `{ jwt: { secret } }`).
    Values spelled like a variable name (`'JWT_SECRET'`) are names, not keys."""
    def compute():
        out = []
        for node, pair in info.string_parents():
            if pair is None or pair.type != "pair" or pair.child_by_field_name("value") != node:
                continue
            key = _key_text(pair.child_by_field_name("key")) or ""
            text = info._str(node) or ""
            if not text.strip() or _ENV_NAME.match(text):
                continue
            if _JWT_KEY_NAME.match(key) or key in _JWT_OPTION_KEYS and _held_by_jwt(pair.parent):
                out.append(node)
        return out
    return info.memo("jwt-config", compute)


# a configuration key that holds what sessions or signed cookies are signed with: `sessionSecret`,
# `COOKIE_SECRET`, `sessionKeys` (Koa's app.keys), `cookiePassword` (Hapi); not `sessionKey`, which is often
# the cookie's name (koa-session's `key: 'koa.sess'`)
_SESSION_KEY_NAME = lazy(r"^(session|cookie)s?[_-]?(secret|secrets|keys|password)$", re.I)


def session_config_literals(info: FileAnalysis) -> list:
    """Session and cookie signing secrets written into configuration objects under a name that says so
    (`sessionSecret: '...'`, `cookieKeys: ['...']`), whether or not a module of the package is seen reading
    them (a config module the image copies over another, a setting a library reads). Values spelled like a
    variable name are names."""
    def compute():
        out = []
        for node, parent in info.string_parents():
            element = parent is not None and parent.type == "array"
            pair = parent.parent if element else parent
            if pair is None or pair.type != "pair" or \
                    pair.child_by_field_name("value") != (parent if element else node):
                continue
            text = info._str(node) or ""
            if text.strip() and not _ENV_NAME.match(text) and \
                    _SESSION_KEY_NAME.match(_key_text(pair.child_by_field_name("key")) or ""):
                out.append(node)
        return out
    return info.memo("session-config", compute)


def _held_by_jwt(obj) -> bool:
    holder = obj.parent if obj is not None else None
    while holder is not None and holder.type in _TRANSPARENT:
        holder = holder.parent
    if holder is None:
        return False
    if holder.type == "variable_declarator":
        return bool(_JWT_HOLDER.search(_text(holder.child_by_field_name("name"))))
    if holder.type == "pair":
        return bool(_JWT_HOLDER.search(_key_text(holder.child_by_field_name("key")) or ""))
    return False


@dataclass
class JoseUse:
    """A jose JWT signing or verifying call."""

    call: Call  # `.sign(key)` of a SignJWT builder, or jwtVerify(token, key)
    key: object  # the key expression as written
    expires: bool | None  # sign: an expiry is set on the builder (setExpirationTime or an `exp` claim)


def jose_uses(info: FileAnalysis) -> list[JoseUse]:
    """jose's HMAC signing and verification: `new SignJWT(claims)...sign(key)` and `jwtVerify(token, key)`."""
    return info.memo("jose", lambda: _jose_uses(info))


def _jose_uses(info: FileAnalysis) -> list[JoseUse]:
    out = []
    builders = info.calls_with(qnames=[q for q in info._by_qname if q.startswith("jose.SignJWT()")])
    if not builders and not info.calls_to("jose.jwtVerify"):
        return out
    # a builder kept in a variable gets its expiry in a separate statement: any setExpirationTime counts
    expiry_anywhere = any(".setExpirationTime" in (c.qname or "") for c in builders)
    for call in builders:
        if call.method != "sign":
            continue
        claims = None
        node = call.callee
        while node is not None and node.type in ("member_expression", "call_expression", "new_expression"):
            if node.type == "new_expression":
                claims = info.obj(node.child_by_field_name("arguments").named_children[0]) \
                    if node.child_by_field_name("arguments") is not None and \
                    node.child_by_field_name("arguments").named_child_count else None
                break
            node = node.child_by_field_name("object" if node.type == "member_expression" else "function")
        expires = expiry_anywhere or ".setExpirationTime" in call.qname or \
            (claims is not None and (claims.has("exp") or claims.spread))
        out.append(JoseUse(call, call.arg(0), expires))
    for call in info.calls_to("jose.jwtVerify"):
        out.append(JoseUse(call, call.arg(1), None))
    return out


def key_material(info: FileAnalysis, expr):
    """The value a key is made from: `new TextEncoder().encode(x)`, `Buffer.from(x)`, `createSecretKey(x)` -> x."""
    for _ in range(4):
        node = info.resolve(expr)
        if node is None or node.type not in ("call_expression", "new_expression"):
            return expr
        fn = node.child_by_field_name("function")
        name = fn.child_by_field_name("property") if fn is not None and fn.type == "member_expression" else fn
        args = node.child_by_field_name("arguments")
        if name is None or args is None or not args.named_child_count or \
                _text(name) not in ("encode", "from", "createSecretKey", "importJWK"):
            return expr
        expr = args.named_children[0]
    return expr


def jwt_calls(info: FileAnalysis, *functions: str) -> list[Call]:
    """jsonwebtoken sign/verify calls, however the module was imported."""
    names = [f"{m}.{f}" for m in JWT_MODULES for f in functions]
    names += [f"{m}.default.{f}" for m in JWT_MODULES for f in functions]
    return info.calls_to(*names)


@dataclass
class DbConfig:
    """A database client's configuration."""

    call: Call | None  # None: a configuration object written for a call elsewhere (ormconfig, knexfile)
    driver: str
    options: ObjectValue | None = None  # the options object, when written as one
    url: str | None = None  # a connection string given as a literal
    url_node: object = None
    user: tuple | None = None  # (value, node, analysis): the analysis of the file the value is written in
    password: object = None  # SecretSource
    password_node: object = None  # the value expression, even when it is not a literal
    # the package that opens the connection for the backend (a queue, a cache store, a framework module);
    # None for a client created by the backend itself
    via: str | None = None

    @property
    def node(self):
        return self.call.node if self.call is not None else self.options.node


_DB_FACTORIES = {
    "pg.Pool": "pg", "pg.Client": "pg", "pg.default.Pool": "pg", "pg.default.Client": "pg",
    "mysql.createConnection": "mysql", "mysql.createPool": "mysql", "mysql2.createConnection": "mysql",
    "mysql2.createPool": "mysql", "mysql2/promise.createConnection": "mysql", "mysql2/promise.createPool": "mysql",
    "mariadb.createConnection": "mysql", "mariadb.createPool": "mysql",
    "mssql.connect": "mssql", "mssql.ConnectionPool": "mssql", "tedious.Connection": "tedious",
    "mongoose.connect": "mongo", "mongoose.createConnection": "mongo", "mongodb.MongoClient": "mongo",
    "mongodb.MongoClient.connect": "mongo", "sequelize.Sequelize": "sequelize", "sequelize": "sequelize",
    "knex": "knex", "knex.knex": "knex", "typeorm.DataSource": "typeorm", "typeorm.createConnection": "typeorm",
    "@nestjs/typeorm.TypeOrmModule.forRoot": "typeorm", "@nestjs/sequelize.SequelizeModule.forRoot": "sequelize",
    "@prisma/client.PrismaClient": "prisma", "sequelize-typescript.Sequelize": "sequelize",
    "oracledb.getConnection": "oracle", "oracledb.createPool": "oracle",
    "redis.createClient": "redis", "@redis/client.createClient": "redis", "ioredis": "redis",
    "ioredis.Redis": "redis", "ioredis.default": "redis", "redis.createCluster": "redis",
    "ioredis.Cluster": "redis", "ioredis.Redis.Cluster": "redis",
}
_DB_MODULES = {qname.split(".")[0] for qname in _DB_FACTORIES}
# A rule hint: every database client is created from one of these modules, so its name is in the file
# (a Redis connection opened by a plugin: the plugin's).
_HINT_WORDS = _DB_MODULES | set(REDIS_HINT.split("|"))
DB_HINT = "|".join(sorted(m for m in _HINT_WORDS if not any(o != m and o in m for o in _HINT_WORDS)))
_USER_KEYS = ("user", "username", "userName", "login")
_PASSWORD_KEYS = ("password", "pass", "pwd")


def db_configs(info: FileAnalysis) -> list[DbConfig]:
    """Database and cache clients with whatever connection settings are written in place."""
    return info.memo("db", lambda: _db_configs(info))


def _db_configs(info: FileAnalysis) -> list[DbConfig]:
    out = []
    for call in info.calls_with(qnames=_DB_FACTORIES):
        driver = _DB_FACTORIES.get(call.qname or "")
        if driver is None:
            continue
        cfg = DbConfig(call, driver)
        args = call.args
        if driver == "sequelize" and len(args) >= 3 and info.obj(args[0]) is None:
            # `new Sequelize(config.DB, config.USER, config.PASSWORD, ...)`: values of a config module are judged there
            cfg.user = _user(info, args[1])
            cfg.password, cfg.password_node = _password(info, args[2]), args[2]
            cfg.options = info.obj(args[3]) if len(args) > 3 else None
        else:
            for arg in args[:3]:
                text = info.string(arg)
                if text is not None and "://" in text and cfg.url is None:
                    cfg.url, cfg.url_node = text, info.resolve(arg)
                elif cfg.options is None and info.obj(arg) is not None:
                    cfg.options = info.obj(arg)
                elif cfg.options is None and driver == "redis":  # `new Redis(config.redis)`: a config module's
                    cfg.options = info.options(arg)
        _read_options(info, cfg)
        out.append(cfg)
    judged = {cfg.options.node.id for cfg in out if cfg.options is not None}
    for conn in redis_plugin_connections(info):
        if conn.options is not None and conn.options.node.id in judged:
            continue  # the same settings also create a client here (`new Redis(opts)`): one connection to judge
        if conn.options is not None:
            judged.add(conn.options.node.id)
        cfg = DbConfig(conn.call, "redis", conn.options, conn.url, conn.url_node, via=conn.via)
        _read_options(info, cfg)
        out.append(cfg)
    seen = {cfg.options.node.id for cfg in out if cfg.options is not None}
    for cfg in _db_shaped(info):
        if cfg.options.node.id not in seen:
            _read_options(info, cfg)
            out.append(cfg)
    return out


# Configuration objects that name their database driver: TypeORM (`type`), Sequelize (`dialect`), knex (`client`)
_SHAPE_DRIVERS = {
    "type": ({"postgres", "mysql", "mariadb", "mssql", "cockroachdb", "oracle", "mongodb"}, "typeorm"),
    "dialect": ({"postgres", "mysql", "mariadb", "mssql", "oracle", "db2"}, "sequelize"),
    "client": ({"pg", "postgres", "postgresql", "mysql", "mysql2", "mssql", "oracledb", "cockroachdb"}, "knex"),
}
_SHAPE_KEYS = {"host", "port", "username", "user", "password", "database", "url", "connection", "entities",
               "replication"}
_NOT_PRODUCTION_KEYS = lazy(r"^(dev|development|test|testing|local|ci|e2e)$", re.I)


def _db_shaped(info: FileAnalysis) -> list[DbConfig]:
    """`export default { type: 'postgres', username: ..., password: ... }` (ormconfig), a knexfile's and a
    Sequelize config's environments: judged where they are written, except their development and test ones."""
    out = []
    for key in info._captures.get("shape_key", ()):
        pair = key.parent
        obj = info.obj(pair.parent) if pair.parent is not None else None
        kind = _SHAPE_DRIVERS.get(_text(key))
        if obj is None or kind is None or info.literal(pair.child_by_field_name("value")) not in kind[0] or \
                not set(obj.props) & _SHAPE_KEYS:
            continue
        if _in_development_section(obj.node):
            continue
        out.append(DbConfig(None, kind[1], obj))
    seen = {cfg.options.node.id for cfg in out}
    for key in info._captures.get("db_password_key", ()):  # `db: { host, user, password: 'x', database }`
        obj = info.obj(key.parent.parent) if key.parent is not None else None
        if obj is None or obj.node.id in seen or not _database_object(obj):
            continue
        holder = obj.node.parent
        owner = _key_text(holder.child_by_field_name("key")) if holder is not None and holder.type == "pair" else \
            _text(holder.child_by_field_name("name")) if holder is not None and holder.type == "variable_declarator" \
            else None
        if _in_development_section(obj.node):
            continue
        if obj.has("database") or owner is not None and _DB_OWNER.search(owner):
            seen.add(obj.node.id)
            out.append(DbConfig(None, "database", obj))
    return sorted(out, key=lambda c: c.options.node.start_byte)


# `(?<![!=])`: the `==` inside `!==` is no equality test; `NODE_ENV !== 'development'` runs in production
_PROD_TEST = lazy(r"""((?<![!=])===?\s*['"]prod(uction)?['"]|['"]prod(uction)?['"]\s*===?|\bis_?prod(uction)?\b|"""
                  r"""!==?\s*['"](development|dev|local)['"]|['"](development|dev|local)['"]\s*!==?)""", re.I)
_DEV_TEST = lazy(r"""((?<![!=])===?\s*['"](development|dev|test|local)['"]|"""
                 r"""['"](development|dev|test|local)['"]\s*===?|"""
                 r"""!==?\s*['"]prod(uction)?['"]|['"]prod(uction)?['"]\s*!==?|\bis_?dev(elopment)?\b|"""
                 r"""\bis_?test\b)""", re.I)


def in_development_branch(node) -> bool:
    """Inside the branch of an `if` that runs only outside production: the `else` of `if (NODE_ENV ===
    'production')` (or `isProduction`, `!== 'development'`), the body of `if (NODE_ENV !== 'production')` (or
    `=== 'development'`, `isDev`), when that test alone decides the branch (no `isDev || x`, `isProd && x`)."""
    child, node = node, node.parent
    for _ in range(40):
        if node is None:
            return False
        if node.type == "if_statement":
            cond = node.child_by_field_name("condition")
            text = cond.text[:300].decode("utf-8", "replace") if cond is not None else ""
            negated = text.lstrip("( ").startswith("!") and not text.lstrip("( ").startswith("!=")
            branch = "then" if child == node.child_by_field_name("consequence") else \
                "else" if child == node.child_by_field_name("alternative") else None
            if branch is not None and not negated:
                # `if (isProd && x) ... else` runs its else in production when x is false, and `if (isDev ||
                # SERVE_STATIC)` its body: only a test that alone decides the branch makes it development-only
                if _PROD_TEST.search(text) and not _DEV_TEST.search(text) and "&&" not in text:
                    return branch == "else"
                if _DEV_TEST.search(text) and not _PROD_TEST.search(text) and "||" not in text:
                    return branch == "then"
        child, node = node, node.parent
    return False


def _in_development_section(node) -> bool:
    """Inside a development or test environment of a configuration: `development: { connection: {...} }`."""
    node = node.parent
    for _ in range(8):
        if node is None:
            return False
        name = _key_text(node.child_by_field_name("key")) if node.type == "pair" else \
            _text(node.child_by_field_name("name")) if node.type == "variable_declarator" else None
        if name and _NOT_PRODUCTION_KEYS.match(name):
            return True
        node = node.parent
    return False


_DB_OWNER = lazy(r"db|database|mysql|maria|postgres|pg|sql|mongo|knex|sequelize|typeorm|datasource", re.I)


def _database_object(obj: ObjectValue) -> bool:
    """Connection settings: a host (or server), a user and a password side by side."""
    return (obj.has("host") or obj.has("server")) and any(obj.has(k) for k in _USER_KEYS) and \
        any(obj.has(k) for k in _PASSWORD_KEYS)


def _read_options(info: FileAnalysis, cfg: DbConfig) -> None:
    """User, password and URL from the options object, wherever the driver nests them."""
    driver, opts = cfg.driver, cfg.options
    if opts is None:
        return
    info = opts.info or info  # options imported from a config module are read there
    conn = info.obj(opts.get("connection"))
    if driver == "knex" and conn is not None:
        opts = conn
    elif driver == "knex" and opts.get("connection") is not None:
        text = info.string(opts.get("connection"))
        if text is not None and "://" in text:
            cfg.url, cfg.url_node = text, info.resolve(opts.get("connection"))
    if driver == "prisma":  # new PrismaClient({ datasources: { db: { url } } }) or { datasourceUrl }
        sources = info.obj(opts.get("datasources"))
        db = info.obj(next(iter(sources.props.values()))) if sources is not None and sources.props else None
        url = db.get("url") if db is not None else opts.get("datasourceUrl")
        if url is not None and info.string(url) is not None:
            cfg.url, cfg.url_node = info.string(url), info.resolve(url)
        return
    url = opts.get("url") or opts.get("uri") or opts.get("connectionString")
    if url is not None and info.string(url) is not None and cfg.url is None:
        cfg.url, cfg.url_node = info.string(url), info.resolve(url)
    auth = info.obj(opts.get("authentication")) or info.obj(opts.get("auth"))
    auth_opts = info.obj(auth.get("options")) if auth is not None and auth.has("options") else auth
    for holder in (opts, auth_opts):
        if holder is None:
            continue
        for key in _USER_KEYS:
            if holder.has(key) and cfg.user is None:
                cfg.user = _user(info, holder.get(key))
        for key in _PASSWORD_KEYS:
            if holder.has(key) and cfg.password_node is None:
                cfg.password_node = holder.get(key)
                cfg.password = _password(info, holder.get(key))
    cfg.options = opts if driver != "knex" else (conn or cfg.options)


def option_writes(info: FileAnalysis, obj: ObjectValue, keys) -> list[tuple[tuple, object]]:
    """Settings written into an options object after it is built: `opts.extra.ssl = {...}` with
    `const opts = {...}` gives ((`extra`, `ssl`), the value). Only writes through the variable the object
    literal is bound to, and only for ``keys`` (the last name written)."""
    holder = obj.node.parent if obj is not None else None
    if holder is None or holder.type != "variable_declarator":
        return []
    name_node = holder.child_by_field_name("name")
    if name_node is None or name_node.type != "identifier":
        return []
    name = _text(name_node)
    out = []
    for key in keys:
        for _, value in info.assignments(key):
            target = value.parent.child_by_field_name("left") if value.parent is not None else None
            path = [key]
            node = _unwrap(target.child_by_field_name("object")) if target is not None else None
            while node is not None and node.type == "member_expression" and len(path) < 6:
                path.append(_text(node.child_by_field_name("property")))
                node = _unwrap(node.child_by_field_name("object"))
            if node is None or node.type != "identifier" or _text(node) != name:
                continue
            decl = info.lookup(name, node)
            if decl is not None and decl.node.id == name_node.id:
                out.append((tuple(reversed(path)), value))
    return sorted(out, key=lambda item: item[1].start_byte)


def _user(info: FileAnalysis, node):
    """(the user name, its node, the analysis of the file it is written in): here, or in the config module a
    relative import reads it from (`user: dbConfig.USER`)."""
    where, value = info.follow(node)
    text = where.string(value)
    if text is not None:
        return text, where.resolve(value), where
    src = where.secret(value)
    return (src.value, src.node, where) if src is not None else None


def _password(info: FileAnalysis, node) -> SecretSource | None:
    """The password as a SecretSource whose ``info`` is the file it is written in (this one, or a config
    module's: `password: dbConfig.PASSWORD`)."""
    found = info.secret(node, follow=True)
    if found is not None and found.info is None:
        found.info = info
    return found


DB_SCHEMES = {"postgres", "postgresql", "mysql", "mysql2", "mariadb", "mssql", "sqlserver", "mongodb",
              "mongodb+srv", "redis", "rediss", "amqp", "amqps", "oracle", "cockroachdb"}


def url_credentials(url: str) -> tuple[str, str, str | None] | None:
    """(scheme, user, password) of a connection URL with credentials."""
    found = url_userinfo(url)
    return found if found is not None and found[0] in DB_SCHEMES else None


_HANDLER_PARAMS = {"req", "request", "res", "response", "ctx", "reply", "next"}


def in_request_handler(info: FileAnalysis, node) -> bool:
    """Inside a function registered as a route/middleware handler (by its parameters or registration)."""
    fn = info.enclosing_function(node)
    while fn is not None:
        params = fn.child_by_field_name("parameters") or fn.child_by_field_name("parameter")
        names = set(re.findall(r"[A-Za-z_$][\w$]*", _text(params))) if params is not None else set()
        if {"req", "res"} <= names or {"request", "response"} <= names or \
                ("ctx" in names and "next" in names) or {"request", "reply"} <= names:
            return True
        parent = fn.parent
        if parent is not None and parent.type == "arguments":
            call = parent.parent
            callee = call.child_by_field_name("function") if call is not None else None
            if callee is not None and callee.type == "member_expression":
                method = _text(callee.child_by_field_name("property"))
                first = next((c for c in parent.named_children), None)
                if method in ("get", "post", "put", "patch", "delete", "all", "use") and first is not None \
                        and _string_text(first) is not None and _string_text(first).startswith("/"):
                    return True
        fn = info.enclosing_function(fn)
    return False


def _production_request_handler(info: FileAnalysis, node) -> bool:
    """A request handler that production serves: not one registered only in a development branch (`if (isDev)
    { app.get('/_e2e/restore-snapshot', ...) }`), whose calls reach nothing a production request runs."""
    return in_request_handler(info, node) and not in_development_branch(node)


def connection_helper(info: FileAnalysis, call: Call) -> str | None:
    """The helper function a single-connection database client is created and connected in (node_reach)."""
    return node_reach.connection_helper(info, call, in_request_handler)


def helmet_uses(info: FileAnalysis) -> list[tuple[Call, ObjectValue | None]]:
    """helmet() (express, koa-helmet) and register(@fastify/helmet, opts), with their options."""
    out = []
    for call in info.calls_with(methods=("register",), qnames=("helmet", "koa-helmet", "helmet.default")):
        q = call.qname or ""
        if q in ("helmet", "koa-helmet", "helmet.default") and not call.new:
            out.append((call, info.obj(call.arg(0))))
        elif call.method == "register" and call.args and info.qualify(call.args[0]) in ("@fastify/helmet",
                                                                                        "fastify-helmet"):
            out.append((call, info.obj(call.arg(1))))
    for plugin in autoload_plugins(info):  # plugins/helmet.ts: `export default helmet; export const autoConfig`
        if plugin.plugin in ("@fastify/helmet", "fastify-helmet"):
            out.append((None, plugin.options))
    return out


@dataclass
class Route:
    """A route a Node app declares."""

    call: Call
    verb: str
    path: str
    path_node: object
    middleware: list  # argument nodes between the path and the last handler


_VERBS = {"get", "post", "put", "patch", "delete", "del", "all", "use", "options", "head"}
_HTTP_CLIENTS = {"axios", "got", "node-fetch", "superagent", "supertest", "request", "http", "https", "undici",
                 "ky", "needle", "phin"}
_ROUTER_NAMES = {"app", "router", "server", "api", "routes", "fastify", "r", "routers", "adminRouter",
                 "apiRouter", "v1", "instance"}


@dataclass
class ConfigRoute:
    """A route given as a configuration object: hapi's `server.route({ method, path, handler, options })` (also
    an array of them, in a plugin's `register(server)`), fastify's `fastify.route({ method, url, handler })`."""
    call: Call
    path: str
    path_node: object
    route: ObjectValue
    framework: str  # hapi | fastify


def config_routes(info: FileAnalysis) -> list[ConfigRoute]:
    return info.memo("config_routes", lambda: _config_routes(info))


def _config_routes(info: FileAnalysis) -> list[ConfigRoute]:
    out = []
    for call in info.calls_with(methods=("route",)):
        if call.method != "route" or len(call.args) != 1:
            continue
        node = info.resolve(call.args[0])
        items = node.named_children if node is not None and node.type == "array" else [call.args[0]]
        for item in items:
            obj = info.obj(item)
            if obj is None or not obj.has("method"):
                continue
            key = "path" if obj.has("path") else "url" if obj.has("url") else None
            path = info.string(obj.get(key)) if key else None
            if path is None or not path.startswith("/"):
                continue
            out.append(ConfigRoute(call, path, obj.get(key), obj, "hapi" if key == "path" else "fastify"))
    return out


def routes(info: FileAnalysis) -> list[Route]:
    """Route and middleware registrations with a literal path: app.get('/x', ...), router.use('/x', ...)."""
    return info.memo("routes", lambda: _routes(info))


def _routes(info: FileAnalysis) -> list[Route]:
    out = []
    for call in info.calls_with(methods=_VERBS):
        verb = call.method
        if verb not in _VERBS or len(call.args) < 2:
            continue
        path = info.string(call.args[0])
        if path is None or not path.startswith("/"):
            continue
        receiver = _unwrap(call.receiver)
        rq = call.qname.rpartition(".")[0] if call.qname else None
        if rq and (is_app(rq) or is_router(rq)):
            pass
        elif rq and rq.split(".")[0].split("(")[0] in _HTTP_CLIENTS:
            continue
        elif receiver is not None and receiver.type == "identifier" and \
                (_text(receiver) in _ROUTER_NAMES or _text(receiver).lower().endswith("router")):
            handler = _unwrap(call.args[-1])
            if handler is None or handler.type not in _FUNCTIONS | {"identifier", "member_expression",
                                                                   "call_expression", "array"}:
                continue  # api.get('/config', { params }) is an HTTP client, not a route
        else:
            continue
        out.append(Route(call, verb, path, call.args[0], call.args[1:-1] if verb != "use" else call.args[1:]))
    return out
