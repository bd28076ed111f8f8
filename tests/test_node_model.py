"""The Node model: bindings, qualified callee names, value resolution, and project facts computed once."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import write_tree
from linter.files import SourceFile
from linter.model import node as nm
from linter.model.project import Project
from linter.parsers import node as node_parser


def _doc(text: str, rel: str = "server.js"):
    return node_parser.parse(SourceFile(Path("/repo") / rel, rel, "node", text=text))


def _qnames(text: str, rel: str = "server.js") -> list[str | None]:
    return [c.qname for c in nm.analysis(_doc(text, rel)).calls]


@pytest.mark.parametrize("rel, source, expected", [
    ("a.js", "const cors = require('cors'); cors();", "cors"),
    ("a.mjs", "import cors from 'cors'; cors();", "cors"),
    ("a.ts", "import cors = require('cors'); cors();", "cors"),
    ("a.ts", "import * as jwt from 'jsonwebtoken'; jwt.sign({}, k);", "jsonwebtoken.sign"),
    ("a.js", "const { sign } = require('jsonwebtoken'); sign({}, k);", "jsonwebtoken.sign"),
    ("a.js", "const { sign: s } = require('jsonwebtoken'); s({}, k);", "jsonwebtoken.sign"),
    ("a.ts", "import { sign as s } from 'jsonwebtoken'; s({}, k);", "jsonwebtoken.sign"),
    ("a.js", "const Pool = require('pg').Pool; new Pool();", "pg.Pool"),
    ("a.js", "const express = require('express'); const app = express(); app.use(x);", "express().use"),
    ("a.ts", "import express from 'express'; const r = express.Router(); r.get('/', h);", "express.Router().get"),
    ("a.js", "const app = require('express')(); app.listen(3);", "express().listen"),
    ("a.tsx", "import express from 'express'; const app = express(); app.use(x as any);", "express().use"),
])
def test_callee_resolution(rel, source, expected):
    assert expected in _qnames(source, rel)


def test_shadowing_parameter_hides_the_import():
    names = _qnames("const cors = require('cors');\nfunction f(cors) { cors(); }\ncors();")
    assert names.count("cors") == 1  # only the top-level call; the parameter shadows it inside f


def test_unimported_name_is_not_a_package():
    assert "cors" not in _qnames("import { cors } from './cors'; cors();", "a.ts")
    assert "cors" not in _qnames("function cors(o) { return o; }\ncors();")
    assert "cors" not in _qnames("module.exports = (cors) => cors();")
    assert "jsonwebtoken.sign" not in _qnames("jwt.sign({}, 'k');")  # jsonwebtoken or jose: not guessed
    assert _qnames("session({ secret: 'k' });") == [None]  # express-session or cookie-session


def test_a_name_never_bound_is_the_package_its_readme_binds_it_to():
    # snippets leave the require out; a program cannot run with the name unbound
    assert _qnames("app.use(helmet({ frameguard: false }));\napp.options('*', cors());\ncookieSession({});") == \
        [None, "helmet", None, "cors", "cookie-session"]


def test_commented_calls_are_not_calls():
    assert _qnames("const cors = require('cors');\n// cors();\n/* cors() */") == ["require"]


def test_value_resolution():
    doc = _doc("const opts = { origin: `*`, ...rest, credentials };\n"
               "const secret = process.env.JWT_SECRET || 'fallback';\n"
               "let changed = 'a'; changed = 'b';\n"
               "const n = 42, t = `a${b}`, e = process.env['X'] ?? 'y';\n"
               "use(opts, secret, changed, n, t, e);\n")
    info = nm.analysis(doc)
    call = info.calls_where(lambda q: False)  # no qualified names needed
    args = next(c for c in info.calls if c.callee.text == b"use").args
    opts = info.obj(args[0])
    assert opts.spread and info.string(opts.get("origin")) == "*" and opts.has("credentials")
    src = info.secret(args[1])
    assert (src.value, src.env) == ("fallback", "JWT_SECRET")
    assert info.string(args[2]) is None  # reassigned: not a constant
    assert info.literal(args[3]) == 42
    assert info.string(args[4]) is None  # substitutions are not known
    assert info.secret(args[5]).env == "X"
    assert call == []


def test_string_escapes():
    info = nm.analysis(_doc("f('a\\'b', \"c\\nd\");"))
    args = info.calls[0].args
    assert info.string(args[0]) == "a'b" and info.string(args[1]) == "c\nd"


def test_parse_once_per_file(tmp_path, monkeypatch):
    """Project facts are computed once and cached, whichever rule asks first."""
    write_tree(tmp_path, {
        "package.json": '{"main": "src/index.js", "dependencies": {"express": "^4"}}',
        "src/index.js": "const express = require('express');\nconst app = express();\napp.listen(3000);\n",
        "src/security.js": "const helmet = require('helmet');\nmodule.exports = helmet();\n",
        "src/util.js": "module.exports = (a) => a + 1;\n",
        "test/app.test.js": "const rateLimit = require('express-rate-limit');\n",
    })
    files = [SourceFile(tmp_path / rel, rel, "node", "test" if rel.startswith("test/") else "production",
                        (tmp_path / rel).read_text())
             for rel in ("src/index.js", "src/security.js", "src/util.js", "test/app.test.js")]
    project = Project(tmp_path, None, files)
    parsed = []
    real = node_parser.parse
    monkeypatch.setattr(node_parser, "parse", lambda f: parsed.append(f.rel) or real(f))
    model = nm.node_model(project)
    assert nm.node_model(project) is model
    facts = model.facts("")
    assert facts.helmet and not facts.rate_limit  # a limiter in a test file does not count
    assert facts.app is not None and facts.app.rel == "src/index.js" and facts.app.span.line == 2
    assert model.facts("") is facts
    assert "src/util.js" not in parsed  # nothing to learn there: not parsed for the facts
    assert parsed.count("src/index.js") == 1


def test_entry_point_from_start_script_and_dist(tmp_path):
    write_tree(tmp_path, {
        "package.json": '{"scripts": {"start": "node --enable-source-maps dist/server.js"}, '
                        '"dependencies": {"express": "^4"}}',
        "src/server.ts": "import express from 'express';\nexport const app = express();\n",
    })
    files = [SourceFile(tmp_path / "src/server.ts", "src/server.ts", "node", "production",
                        (tmp_path / "src/server.ts").read_text())]
    model = nm.node_model(Project(tmp_path, None, files))
    assert model.entry_points("")[0] == "src/server.ts"


def test_scopes_follow_the_nearest_backend_package(tmp_path):
    write_tree(tmp_path, {
        "api/package.json": '{"dependencies": {"express": "^4"}}',
        "api/src/index.js": "",
        "web/package.json": '{"dependencies": {"react": "^18"}}',
    })
    model = nm.node_model(Project(tmp_path, None, []))
    assert model.scope_of("api/src/index.js") == "api"
    assert model.package("api").data["dependencies"] == {"express": "^4"}
    assert model.package("nowhere") is None


def test_url_credentials():
    assert nm.url_credentials("postgres://app:pw@db/app") == ("postgres", "app", "pw")
    assert nm.url_credentials("https://u:p@example.com") is None
    assert nm.url_credentials("redis://cache:6379") is None


@pytest.mark.parametrize("rel, source, via, keys, url", [
    ("a.ts", "import { BullModule } from '@nestjs/bull';\n"
             "BullModule.registerQueue({ name: 'mail', redis: { host: 'r', port: 6379 } });",
     "@nestjs/bull", {"host", "port"}, None),
    ("a.ts", "import { BullModule } from '@nestjs/bullmq';\n"
             "BullModule.forRoot('jobs', { connection: { host: 'r' } });", "@nestjs/bullmq", {"host"}, None),
    ("a.ts", "import { BullModule } from '@nestjs/bullmq';\n"
             "BullModule.forRootAsync({ useFactory() { return { connection: { port: 6380 } }; } });",
     "@nestjs/bullmq", {"port"}, None),
    ("a.ts", "import { CacheModule } from '@nestjs/common';\nimport { redisStore } from 'cache-manager-redis-yet';\n"
             "CacheModule.registerAsync({ useFactory: async () => { const x = 1; return { store: redisStore, "
             "socket: { host: 'r' } }; } });", "@nestjs/common", {"store", "socket"}, None),
    ("a.js", "const { createKeyv } = require('@keyv/redis');\ncreateKeyv('redis://r:6379');",
     "@keyv/redis", None, "redis://r:6379"),
    ("a.js", "const Queue = require('bull');\nnew Queue('q', { redis: 'redis://r:6379' });", "bull", None,
     "redis://r:6379"),
])
def test_redis_connections_opened_by_plugins(rel, source, via, keys, url):
    configs = [c for c in nm.db_configs(nm.analysis(_doc(source, rel))) if c.via]
    assert len(configs) == 1
    cfg = configs[0]
    assert (cfg.driver, cfg.via, cfg.url) == ("redis", via, url)
    assert (set(cfg.options.props) if cfg.options is not None else None) == keys


@pytest.mark.parametrize("source", [
    "const Queue = require('./queue');\nnew Queue('q', { redis: { host: 'r' } });",  # not bull's
    "const { Queue } = require('bullmq');\nnew Queue('q', { connection: redisClient });",  # a client
    "const { Queue } = require('bullmq');\nnew Queue('q', { connection: { host: 'r' }, ...more });",
    "const Queue = require('bull');\nnew Queue('q', { createClient: make, redis: { host: 'r' } });",
    "const f = require('fastify')();\nf.register(require('@fastify/redis'), { client: redis });",
    "const RedisStore = require('connect-redis').default;\nnew RedisStore({ client: redis });",
    "const { Worker } = require('bullmq');\nnew Worker('q', run, options);",  # built elsewhere
    "import { RedisModule } from '@liaoliaots/nestjs-redis';\nRedisModule.forRoot({ config: [{ host: 'a' }] });",
])
def test_redis_plugins_without_a_readable_connection(source):
    assert not [c for c in nm.db_configs(nm.analysis(_doc(source, "a.mjs"))) if c.via]


def test_settings_shared_by_a_client_and_a_queue_are_one_connection():
    source = ("const Redis = require('ioredis');\nconst Queue = require('bull');\n"
              "const opts = { host: 'r', port: 6379 };\nnew Redis(opts);\nnew Queue('a', { redis: opts });\n"
              "new Queue('b', { redis: opts });")
    configs = [c for c in nm.db_configs(nm.analysis(_doc(source))) if c.driver == "redis"]
    assert [c.via for c in configs] == [None]


def test_calls_and_literals_in_document_order():
    # py-tree-sitter gathers each capture in a set (hash order, different from run to run): the model sorts
    # them, an enclosing call before the calls it starts with
    text = "a.b().c('x');\nf(g('y'), 'z');\n"
    for _ in range(3):
        info = nm.analysis(_doc(text))
        assert [nm.node_text(c.node) for c in info.calls] == ["a.b().c('x')", "a.b()", "f(g('y'), 'z')", "g('y')"]
        assert [nm.node_text(s) for s in info.strings()] == ["'x'", "'y'", "'z'"]


_CHAIN = "const express = require('express');\nconst app = express();\napp.a().b().c().d().e();\n"
_CHAIN_NAMES = {"app.a()": "express().a", "app.a().b()": "express().a().b", "app.a().b().c()": "express().a().b().c",
                "app.a().b().c().d()": None, "app.a().b().c().d().e()": None}  # the depth limit cuts the last two


def test_depth_limit_cuts_a_long_chain():
    info = nm.analysis(_doc(_CHAIN))
    assert {nm.node_text(c.node): c.qname for c in info.calls if nm.node_text(c.node).startswith("app.")} == \
        _CHAIN_NAMES


def test_qualified_names_do_not_depend_on_what_was_asked_first():
    # qualify() is memoised per node; an answer the depth limit cut is only reused at its own depth
    info = nm.analysis(_doc(_CHAIN))
    info._decls
    nodes = [n for n in info._captures["call"] if nm.node_text(n).startswith("app.")]
    for order in (sorted(nodes, key=lambda n: n.end_byte), sorted(nodes, key=lambda n: -n.end_byte)):
        fresh = nm.analysis(_doc(_CHAIN))
        fresh._decls
        found = {}
        for node in order:
            node = next(n for n in fresh._captures["call"] if n.start_byte == node.start_byte and
                        n.end_byte == node.end_byte)
            found[nm.node_text(node)] = fresh.qualify(node)
        assert found == {k: (v + "()" if v else None) for k, v in _CHAIN_NAMES.items()}


_SCOPES = ("const x = require('m');\nfunction f(x) { x.a(); }\nx.b();\nconst g = (x) => x.c();\n"
           "try { } catch (x) { x.d(); }\n{ const x = require('n'); x.e(); }\n"
           "var y = require('p'); y.q(); var y = require('r'); y.s();\n"
           "function h({ x }) { x.f(); }\nfunction k(...x) { x.g(); }\nfunction l(x = 1) { x.h(); }\n")


@pytest.mark.parametrize("rel, source", [
    ("a.js", _SCOPES),
    ("a.ts", _SCOPES.replace("(x) =>", "(x: any) =>").replace("function l(x = 1)", "function l(x: number = 1)")),
])
def test_innermost_declaration_wins(rel, source):
    # parameters (plain, arrow, catch, destructured, rest, default) shadow the import; a block declares its own;
    # a name declared twice in one scope is the declaration before the use
    assert [q for q in _qnames(source, rel) if q != "require"] == [None, "m.b", None, None, "n.e", "p.q", "r.s",
                                                                   None, None, None]


@pytest.mark.parametrize("literal, text, literal_text", [
    ("'a\\nb'", "a\nb", "a\nb"),
    ('"x"', "x", "x"),
    ("'it\\'s'", "it's", "it's"),
    ("`t`", "t", "t"),
    ("`a\\${b}`", "a\\${b}", "a\\${b}"),
    ("`a${b}`", None, "a" + nm.COMPUTED),
    ("'caf\u00e9'", "caf\u00e9", "caf\u00e9"),
    ("'\\u0041'", "\\u0041", "\\u0041"),
])
def test_literal_texts(literal, text, literal_text):
    info = nm.analysis(_doc(f"v({literal});", "a.jsx"))
    [node] = info.strings()
    assert (nm._string_text(node), info.string(node), nm.literal_text(node)) == (text, text, literal_text)


def test_literal_texts_of_broken_and_jsx_strings():
    info = nm.analysis(_doc("v('unterminated\nnext);\n<a b=\"x\ny\" c='p\\q'/>;", "a.jsx"))
    assert [info.string(n) for n in info.strings()] == ["x\ny", "p\\q"]


def test_calls_with_is_the_filtered_loop():
    info = nm.analysis(_doc("const cors = require('cors');\nconst app = require('express')();\n"
                            "app.use(cors()); app.get('/', h); r.use(x).use(y); cors.use(z);\n"))
    methods, qnames = ("use", "get"), ("cors", "express")
    assert info.calls_with(methods=methods, qnames=qnames) == \
        [c for c in info.calls if c.method in methods or c.qname in qnames]
    assert [c.qname for c in info.calls_with(methods=("use",))] == ["express().use", None, None, "cors.use"]


def test_a_released_document_frees_its_analysis_without_the_cycle_collector():
    import gc
    import weakref
    doc = _doc("const cors = require('cors');\napp.use(cors({ origin: '*' }));\n")
    info = nm.analysis(doc)
    assert nm.cors_uses(info)[0].options.info is info  # a view pointing back at the analysis: a cycle
    ref = weakref.ref(info)
    gc.disable()
    try:
        doc.release()
        del info
        assert ref() is None
    finally:
        gc.enable()
    assert [c.qname for c in nm.analysis(doc).calls] == ["require", None, "cors"]  # computed again when asked


def test_request_logger_judges_each_function_once():
    """6,000 log calls in one request handler: the handler is judged once, not once per call (the check was
    quadratic: 35 s on such a 268 KB file). The answer does not depend on how many calls there are."""
    calls = "\n".join(f"  console.log('step {i}', req.method, step{i});" for i in range(6000))
    head = "const express = require('express');\nconst app = express();\n"
    handler = head + "app.use((req, res, next) => {\n" + calls + "\n  res.end();\n});\n"
    assert len(handler) > 200_000
    judged = []
    real = nm._passes_on
    try:
        nm._passes_on = lambda fn: judged.append(fn.id) or real(fn)
        assert not nm._logs_requests(nm.analysis(_doc(handler)))  # ends the request; logs no URL
        assert len(judged) == 1
        logger = handler.replace("  res.end();\n", "  console.log(req.method, req.originalUrl);\n  next();\n")
        assert nm._logs_requests(nm.analysis(_doc(logger)))
    finally:
        nm._passes_on = real


@pytest.mark.parametrize("scripts, expected", [
    ({"start": "node server.js"}, "node server.js"),
    ({"start": "npm run start-server", "start-server": "node server/server.js"}, "node server/server.js"),
    ({"start": "yarn serve", "serve": "pnpm run prod", "prod": "node dist/main.js"}, "node dist/main.js"),
    # a chain's server comes after its build step, even when the build step runs a file too
    ({"start": "npm run build && npm run serve", "build": "node scripts/build.js", "serve": "node app.js"},
     "node app.js"),
    ({"start": "npm run build && npm run serve", "build": "tsc", "serve": "node dist/index.js"}, "node dist/index.js"),
    ({"start": "npm run start"}, "npm run start"),  # a loop ends where it began
    ({"start": "npm install && npm run missing"}, "npm install && npm run missing"),
])
def test_start_command_follows_the_scripts_it_hands_over_to(scripts, expected):
    from linter.model.node_entry import start_command
    assert start_command(scripts, lambda c: bool(nm._START_FILE.search(c))) == expected


@pytest.mark.parametrize("source, local", [
    ("const app = express();", False),
    ("class S { app = express(); }", False),
    ("class S { constructor() { this.app = express(); } }", False),
    ("class S { init() { this.app = express(); } }", False),
    ("function create() { const app = express(); app.use(x); return app; }", False),
    ("function create() { const app = express(); return { app, port }; }", False),
    ("const create = () => express();", False),
    ("function start() { const app = express(); this.server = app; }", False),
    ("function start(port) { const app = express(); app.listen(port); }", True),
    ("class W { start(port) { const app = express(); app.get('/', h); app.listen(port); } }", True),
    ("async function start() { express().listen(3000); }", True),
])
def test_an_app_a_function_serves_for_itself(source, local):
    from linter.model.node_entry import runs_for_itself
    info = nm.analysis(_doc("const express = require('express');\n" + source))
    (call, _), = info.app_creations()
    assert runs_for_itself(call.node) is local


def test_main_app_is_the_one_the_entry_reaches(tmp_path):
    write_tree(tmp_path, {
        "package.json": '{"main": "lib/start.js", "dependencies": {"express": "^4"}}',
        "lib/start.js": "require('./boot/http');\n",
        "lib/boot/http.js": "const app = require('../web/app');\napp.listen(3000);\n",
        "lib/web/app.js": "const express = require('express');\nmodule.exports = express();\n",
        "lib/admin.js": "const express = require('express');\nexpress().listen(4000);\n",
    })
    files = [SourceFile(tmp_path / rel, rel, "node", "production", (tmp_path / rel).read_text())
             for rel in ("lib/start.js", "lib/boot/http.js", "lib/web/app.js", "lib/admin.js")]
    facts = nm.node_model(Project(tmp_path, None, files)).facts("")
    assert facts.app is not None and (facts.app.rel, facts.app.span.line) == ("lib/web/app.js", 2)
