"""Which files are found, how they are classified, and what is skipped with a notice."""
from __future__ import annotations

import os
import subprocess

import pytest
from hypothesis import given, strategies as st

from conftest import ROOT, lint, write_tree
from linter.classify import classify, classify_name
from linter.discover import discover
from linter.model.roles import Roles

COMPOSE = "services:\n  api:\n    image: example/api:1.0\n"


@pytest.mark.parametrize("rel, kind", [
    (".env", "env"), (".env.production", "env"), ("config/app.env", "env"), ("env.example", "env"),
    ("docker-compose.yml", "compose"), ("compose.prod.yaml", "compose"), ("docker-compose.override.yml", "compose"),
    # podman-compose reads podman-compose.yml by default (umami ships podman/podman-compose.yml)
    ("podman-compose.yml", "compose"), ("podman/podman-compose.yaml", "compose"), ("podman-compose.md", None),
    ("Dockerfile", "dockerfile"), ("api.Dockerfile", "dockerfile"), ("Dockerfile.prod", "dockerfile"),
    ("Containerfile", "dockerfile"), ("nginx.conf", "nginx"), ("nginx/conf.d/site.conf", "nginx"),
    ("deploy/sites-enabled/app.conf", "nginx"), ("redis.conf", "redis"), ("redis-7.conf", "redis"),
    ("package.json", "package"), ("README.md", None), ("Dockerfile.md", None), (".env.js", "node?"),
    ("linter/parsers/dockerfile.py", "python?"), ("Dockerfile.j2", None), ("dockerfile.ts", "node?"),
    ("docker/chrome/Dockerfile.dockerignore", None), ("Containerfile.containerignore", None),
    # an icon or a page about Dockerfiles (coolify's `public/svgs/resources/dockerfile.svg`)
    ("public/svgs/resources/dockerfile.svg", None), ("docs/Dockerfile.php", None), ("Dockerfile.multistage", "dockerfile"),
    # a site file named for its server (ralph's `contrib/docker/ralph.conf.nginx`): its content decides
    ("contrib/docker/ralph.conf.nginx", "nginx?"), ("site.nginx", "nginx?"), ("nginx.md", None),
])
def test_classify_by_name(rel, kind):
    assert classify_name(rel) == kind


@pytest.mark.parametrize("files, rel, kind", [
    # no backend package.json: a file that signs tokens or keeps sessions is server code all the same
    ({"api/login.js": "import jwt from 'jsonwebtoken';\n"}, "api/login.js", "node"),
    ({"handler.js": "const { SignJWT } = require('jose');\n"}, "handler.js", "node"),
    ({"auth.ts": "import session from 'express-session';\n"}, "auth.ts", "node"),
    ({"strategy.js": "const { Strategy } = require('passport-github2');\n"}, "strategy.js", "node"),
    ({"plugins/cors.ts": "import cors from '@fastify/cors';\n"}, "plugins/cors.ts", "node"),
    ({"auth.module.ts": "import { JwtModule } from '@nestjs/jwt';\n"}, "auth.module.ts", "node"),
    ({"package.json": '{"private": true, "workspaces": ["apps/*"]}', "src/api.ts": "import { Body } from '@nestjs/common';\n"},
     "src/api.ts", "node"),
    # a library's token helpers run wherever its importers run; an app that starts something is a backend
    ({"package.json": '{"main": "dist/x.cjs", "types": "dist/index.d.ts", "files": ["dist/*"]}',
      "src/utils/jwt.ts": "import * as jose from 'jose';\n"}, "src/utils/jwt.ts", None),
    ({"package.json": '{"exports": {".": "./dist/index.js"}, "scripts": {"start": "node dist/server.js"}}',
      "src/utils/jwt.ts": "import * as jose from 'jose';\n"}, "src/utils/jwt.ts", "node"),
    ({"package.json": '{"main": "index.js", "scripts": {"test": "jest"}}',
      "handler.js": "const jwt = require('jsonwebtoken');\n"}, "handler.js", "node"),
    # a plain http server inside a published library runs where its importer runs (a desktop app's helper)
    ({"package.json": '{"name": "@joplin/lib", "publishConfig": {"access": "public"}, "scripts": {"tsc": "tsc"}}',
      "ClipperServer.ts": "import http from 'http';\nthis.server_ = http.createServer(h);\n"
                          "this.server_.listen(port, '127.0.0.1');\n"}, "ClipperServer.ts", None),
    ({"package.json": '{"name": "bridge", "main": "index.js"}',
      "lib/frontend.ts": "import { createServer } from 'node:http';\nconst s = createServer(h);\ns.listen(8080);\n"},
     "lib/frontend.ts", "node"),
    # inside a browser app the same libraries decode tokens or check them against a JWKS
    ({"package.json": '{"dependencies": {"react": "18"}}', "src/auth.ts": "import { jwtVerify } from 'jose';\n"},
     "src/auth.ts", None),
    ({"package.json": '{"dependencies": {"next": "14"}}', "pages/api/login.js": "import jwt from 'jsonwebtoken';\n"},
     "pages/api/login.js", None),
    # a backend package's served folders and, in a full-stack package, its browser app are the browser's
    ({"package.json": '{"dependencies": {"@hapi/hapi": "21"}}', "static/js/ace/mode-markdown.js": "var token='x';\n"},
     "static/js/ace/mode-markdown.js", None),
    ({"package.json": '{"dependencies": {"express": "4"}}', "public/javascripts/app.js": "var a = 1;\n"},
     "public/javascripts/app.js", None),
    ({"package.json": '{"dependencies": {"@nestjs/core": "10"}}', "static/static.module.ts": "export class S {}\n"},
     "static/static.module.ts", "node"),
    ({"package.json": '{"dependencies": {"express": "4"}}', "src/static/serve.js": "module.exports = 1;\n"},
     "src/static/serve.js", "node"),
    ({"package.json": '{"dependencies": {"koa": "2", "react": "16"}}', "server/app.js": "const Koa = require('koa');\n",
      "client/reducer/project.js": "import axios from 'axios';\n"}, "client/reducer/project.js", None),
    ({"package.json": '{"dependencies": {"koa": "2", "react": "16"}}', "server/app.js": "const Koa = require('koa');\n",
      "client/reducer/project.js": "import axios from 'axios';\n"}, "server/app.js", "node"),
    ({"package.json": '{"dependencies": {"koa": "2"}}', "server/app.js": "const Koa = require('koa');\n",
      "client/redis.js": "const Redis = require('ioredis');\n"}, "client/redis.js", "node"),
    ({"package.json": '{"dependencies": {"express": "4", "next": "12"}}',
      "src/components/Login.tsx": "import React from 'react';\nconst m = { password: 'Password' };\n"},
     "src/components/Login.tsx", None),
    ({"package.json": '{"dependencies": {"express": "4", "next": "12"}}',
      "server/index.ts": "import express from 'express';\nimport next from 'next';\n"}, "server/index.ts", "node"),
    ({"package.json": '{"dependencies": {"express": "4", "react": "18"}}',
      "server/render.js": "import { renderToString } from 'react-dom/server';\nimport React from 'react';\n"},
     "server/render.js", "node"),
    # a loose file (no package.json, pyproject or requirements up to the root) that uses an API only a server
    # uses and a backend rule judges: a database client or Sequelize configuration, helmet, Node's TLS switch,
    # an HMAC of Node's crypto
    ({"config/config.js": "module.exports = {\n  production: { dialect: 'postgres', host: 'db' }\n};\n"},
     "config/config.js", "node"),
    ({"db.js": "const { Sequelize } = require('sequelize');\n"}, "db.js", "node"),
    ({"app.js": "app.use(helmet({\n  frameguard: false,\n}));\n"}, "app.js", "node"),
    ({"fetch.js": "process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';\n"}, "fetch.js", "node"),
    ({"sign.js": "exports.sign = d => crypto.createHmac('sha256', key).update(d).digest('hex');\n"},
     "sign.js", "node"),
    # the same files under a manifest are what the manifest says: a browser app's, a library's, a Python
    # project's helper script
    ({"package.json": '{"dependencies": {"react": "18"}}', "src/db.js": "const { Pool } = require('pg');\n"},
     "src/db.js", None),
    ({"package.json": '{"exports": {".": "./index.js"}, "files": ["index.js"]}',
      "index.js": "exports.sign = d => crypto.createHmac('sha256', k).update(d);\n"}, "index.js", None),
    ({"requirements.txt": "requests\n", "scripts/seed.js": "const { Client } = require('pg');\n"},
     "scripts/seed.js", None),
    # ... and another ecosystem's project: a Go service's seed script, a Spring Boot app's browser scripts
    ({"go.mod": "module example.com/api\n", "scripts/seed.js": "const { Client } = require('pg');\n"},
     "scripts/seed.js", None),
    ({"pom.xml": "<project/>\n", "src/main/resources/static/js/app.js": "const corsOrigins = ['https://a.b'];\n"},
     "src/main/resources/static/js/app.js", None),
    ({"origins.tsx": "export const corsOrigins = [/^https:\\/\\/app.foo.com$/];\n"}, "origins.tsx", "node"),
    ({"page.js": "fetch('/api', { mode: 'cors' });\nconst dialect = 'en';\nlet isCorsOk = true;\n"}, "page.js", None),
    # a browser decoder, a library that merely shares a prefix, or plain Node: not a backend by itself
    ({"package.json": '{"dependencies": {"react": "18"}}', "src/token.js": "import decode from 'jwt-decode';\n"},
     "src/token.js", None),
    ({"lib/x.js": "const j = require('jsonwebtoken-utils');\n"}, "lib/x.js", None),
    ({"tool.js": "const crypto = require('crypto');\n"}, "tool.js", None),
    ({"tokens.py": "import jwt\n"}, "tokens.py", "python"),
    ({"auth/jwt.py": "from jose import jwt\n"}, "auth/jwt.py", "python"),
    ({"conf/drf.py": "REST_FRAMEWORK = {'PAGE_SIZE': 10}\n"}, "conf/drf.py", "python"),
    ({"tools/gen.py": "import jwt_helpers\nimport requests\n"}, "tools/gen.py", None),
    # server code by what it does, whatever it imports: routes with request handlers, an Express app that
    # listens, a Flask or FastAPI application made in the module, a route decorator
    ({"routes/users.js": "router.get('/users/:id', auth.required, async (req, res) => {\n  res.json({});\n});\n"},
     "routes/users.js", "node"),
    ({"server.js": "const app = express();\napp.use(helmet());\napp.listen(3000);\n"}, "server.js", "node"),
    ({"api.ts": "app.post(\"/login\", function login(req: Request, res: Response) {});\n"}, "api.ts", "node"),
    ({"server.ts": "class Server {\n  routes() {\n    this.app.get('/health', (req, res) => res.send('ok'));\n  }\n}\n"},
     "server.ts", "node"),
    ({"package.json": '{"dependencies": {"vue": "3"}}',
      "vue.config.js": "devServer.before = (app) => { app.get('/api/mock', (req, res) => res.json({})); };\n"},
     "vue.config.js", None),
    ({"client.js": "http.get('/status', (res) => res.resume());\nconst app = createApp(App);\napp.use(router);\n"},
     "client.js", None),
    ({"srv.js": "const app = express();\nmodule.exports = app;\n"}, "srv.js", None),
    ({"handlers.js": "export const handlers = [\n  rest.get('/api/user', (req, res, ctx) => res(ctx.json({}))),\n];\n"},
     "handlers.js", None),
    ({"handlers.ts": "import { setupWorker } from 'msw/browser';\nworker.get('/x', (req, res) => res());\n"},
     "handlers.ts", None),
    ({"app.py": "import Flask\n\napp = Flask(__name__)\napp.run()\n"}, "app.py", "python"),
    ({"main.py": "api = fastapi.FastAPI(title='x')\n"}, "main.py", "python"),
    ({"views.py": "@bp.route('/login', methods=['POST'])\ndef login():\n    pass\n"}, "views.py", "python"),
    ({"run.py": "app.run(host='0.0.0.0')\n"}, "run.py", "python"),  # loose: Flask's quickstart entry point
    ({"requirements.txt": "requests\n", "run.py": "app.run(host='0.0.0.0')\n"}, "run.py", None),
    ({"package.json": "{}", "run.py": "app.run(host='0.0.0.0')\n"}, "run.py", None),
    ({"lib/routes.py": "ROUTES = {'/login': 'x'}\nflask_app = make_app()\n"}, "lib/routes.py", None),
    # a manifest that names no framework: a client library decoding the tokens it holds
    ({"pyproject.toml": "[project]\nname = 'sdk'\ndependencies = ['PyJWT']\n", "sdk/session.py": "import jwt\n"},
     "sdk/session.py", None),
    # a loose file that gives a password-named name a literal is read by the source-credential rules; words that
    # only end in "pass" (a browser script's `bypass: 'cache'`, `compass = "north"`) name no password
    ({"tools/sync.js": "const smtpPass = 'relay-pass';\n"}, "tools/sync.js", "node"),
    ({"tools/sync.py": "creds['pwd'] = 'relay-pass'\n"}, "tools/sync.py", "python"),
    ({"static/site.js": "var opts = { bypass: 'cache', surpass: 'true' };\n"}, "static/site.js", None),
    ({"tools/nav.py": "trespass = 'forbidden'\ncompass = 'north'\n"}, "tools/nav.py", None),
    # a site file named for its server is one when it reads as one
    ({"contrib/docker/ralph.conf.nginx": "server {\n    listen 80;\n    location / { proxy_pass http://web:8000; }\n}\n"},
     "contrib/docker/ralph.conf.nginx", "nginx"),
    ({"notes.nginx": "how the proxy is set up\n"}, "notes.nginx", None),
    # an application's settings written as shell assignments, in a conf.d folder or named after the server they
    # point at (ralph's `contrib/common/etc/ralph/conf.d/redis.conf`), configure neither nginx nor redis
    ({"etc/ralph/conf.d/redis.conf": "REDIS_HOST=localhost\nREDIS_PORT=6379\n"}, "etc/ralph/conf.d/redis.conf", None),
    ({"etc/ralph/conf.d/gunicorn.conf": "# gunicorn\nGUNICORN_BIND=0.0.0.0:8000\n"}, "etc/ralph/conf.d/gunicorn.conf",
     None),
    ({"redis.conf": "# redis\nbind 127.0.0.1\nrequirepass x\n"}, "redis.conf", "redis"),
    ({"nginx/conf.d/app.conf": "# app\nserver {\n    listen 80;\n}\n"}, "nginx/conf.d/app.conf", "nginx"),
])
def test_classify_by_content(tmp_path, files, rel, kind):
    write_tree(tmp_path, files)
    assert classify(tmp_path / rel, rel, tmp_path) == kind


@pytest.mark.parametrize("rel, role", [
    (".env.production", "production"), (".env", "production"), (".env.example", "example"),
    (".env.sample", "example"), (".env.template", "example"), ("tests/.env", "test"), ("src/app.test.ts", "test"),
    ("__tests__/server.js", "test"), ("fixtures/docker-compose.yml", "test"),
    ("docker-compose.override.yml", "development"), ("docker-compose.dev.yml", "development"),
    (".env.development", "development"), ("docker-compose.prod.yml", "production"), ("Dockerfile", "production"),
])
def test_default_roles(rel, role):
    assert Roles().role(rel) == role


def test_configured_roles_win():
    roles = Roles({"production": ["docker-compose.override.yml"], "example": ["deploy/demo/"]})
    assert roles.role("docker-compose.override.yml") == "production"
    assert roles.role("deploy/demo/.env") == "example"


def test_walk_honours_gitignore_and_default_excludes(tmp_path):
    write_tree(tmp_path, {
        ".gitignore": "secret/\n*.local.yml\n", "docker-compose.yml": COMPOSE, "secret/.env": "A=1\n",
        "docker-compose.local.yml": COMPOSE, "node_modules/x/docker-compose.yml": COMPOSE,
        ".yarn/releases/yarn-3.3.1.cjs": "process.on('SIGTERM', f);\n", ".yarn/sdks/eslint/package.json": "{}",
        "sub/.gitignore": "ignored.env\n", "sub/ignored.env": "A=1\n", "sub/kept.env": "A=1\n",
    })
    found = discover(tmp_path, [], [], [], 1 << 20, use_git=False)
    assert found.source == "walk"
    assert [c.rel for c in found.files] == ["docker-compose.yml", "sub/kept.env"]


def _git(cwd, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@t")
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


def test_git_mode_lists_tracked_and_untracked_not_ignored(tmp_path):
    write_tree(tmp_path, {".gitignore": "*.ignored.yml\n", "docker-compose.yml": COMPOSE,
                          "compose.prod.yml": COMPOSE, "compose.ignored.yml": COMPOSE})
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "docker-compose.yml", ".gitignore")
    _git(tmp_path, "commit", "-qm", "init")
    found = discover(tmp_path, [], [], [], 1 << 20, use_git=True)
    assert found.source == "git"
    assert [c.rel for c in found.files] == ["compose.prod.yml", "docker-compose.yml"]


def test_explicit_files_skip_the_walk(tmp_path):
    write_tree(tmp_path, {"docker-compose.yml": COMPOSE, "other/docker-compose.yml": COMPOSE})
    found = discover(tmp_path, [], [tmp_path / "docker-compose.yml"], [], 1 << 20)
    assert found.source == "arguments" and [c.rel for c in found.files] == ["docker-compose.yml"]


def test_symlink_leaving_the_root_is_skipped_with_a_notice(tmp_path):
    outside = tmp_path / "outside"
    root = tmp_path / "repo"
    write_tree(outside, {"docker-compose.yml": COMPOSE})
    write_tree(root, {"docker-compose.yml": COMPOSE})
    (root / "compose.prod.yml").symlink_to(outside / "docker-compose.yml")
    (root / "compose.loop.yml").symlink_to(root / "compose.loop.yml")
    (root / "linkdir").symlink_to(outside, target_is_directory=True)
    found = discover(root, [], [], [], 1 << 20, use_git=False)
    assert [c.rel for c in found.files] == ["docker-compose.yml"]
    notices = {n.path: n.message for n in found.notices}
    assert "leaves the scanned root" in notices["compose.prod.yml"]
    assert "dangling or looping" in notices["compose.loop.yml"]


def test_size_cap_and_binary_are_notices_not_findings(tmp_path):
    write_tree(tmp_path, {"docker-compose.yml": "services: {}\n" + "#" * 5000 + "\n",
                          "compose.prod.yml": b"\x1f\x8b\x08\x00\x00binary"})
    (tmp_path / ".prodlint.toml").write_text("max-file-size = 2048\n")
    result = lint(tmp_path)
    notices = {n.path: n.message for n in result.notices}
    assert "over the size cap" in notices["docker-compose.yml"]
    assert "binary" in notices["compose.prod.yml"]
    assert not result.findings


def test_non_utf8_is_decoded_leniently_with_a_notice(tmp_path):
    write_tree(tmp_path, {"docker-compose.yml": "services:\n  api:\n    image: caf\xe9:1\n".encode("latin-1")})
    result = lint(tmp_path, select=["CMP002"])
    assert [f.span.line for f in result.findings] == [2]
    assert any("not valid UTF-8" in n.message for n in result.notices)


_NAME_PARTS = ["docker-compose", "compose", "Dockerfile", "dockerfile", "Containerfile", "api", "redis", "nginx",
               "package", ".env", "env", "ENV", "prod", "dev", "example", "local", "conf", "default", "app"]
_SUFFIXES = ["", ".yml", ".yaml", ".YML", ".json", ".conf", ".template", ".py", ".js", ".ts", ".tsx", ".d.ts",
             ".min.js", ".md", ".txt", ".png", ".lock", ".sh", ".j2", ".example", ".sample", ".local", ".bak",
             ".dockerfile", ".Dockerfile", ".env", ".production", ".conf.template", ".conf.j2", ".conf.template.prod"]


@given(st.lists(st.sampled_from(_NAME_PARTS), min_size=1, max_size=3), st.sampled_from(_SUFFIXES),
       st.sampled_from(["", "services/api/", "nginx/", "conf.d/", "sites-enabled/", "deploy/redis/", "docker/"]),
       st.sampled_from(["", ".", "-", "_"]))
def test_the_quick_test_of_a_name_never_changes_its_kind(parts, suffix, folder, joint):
    from linter.classify import _kind_of_name, classify_name
    rel = folder + joint.join(parts) + suffix
    assert classify_name(rel) == _kind_of_name(rel), rel


def test_the_quick_test_agrees_on_every_name_of_this_repository():
    import subprocess
    from linter.classify import _kind_of_name, classify_name
    names = subprocess.run(["git", "-C", str(ROOT), "ls-files"], capture_output=True, text=True).stdout.split()
    assert len(names) > 500
    assert [n for n in names if classify_name(n) != _kind_of_name(n)] == []


def test_a_loose_files_long_name_is_sniffed_in_linear_time(tmp_path):
    """The CORS allow-list sniff (`const corsOrigins = [...]`) backtracked over a long name twice: quadratic,
    1.4 s of one file's 16 KiB head."""
    from conftest import cpu_seconds
    from linter.classify import classify
    path = tmp_path / "names.js"
    path.write_text("")
    small, large = cpu_seconds(lambda n: "const " + "cors" * (n // 4) + "\n",
                               lambda text: classify(path, "names.js", tmp_path, head=text), (1024, 16384))
    assert large < 0.05 + 30 * small, f"{large:.3f} s for 16 KiB ({small:.4f} s for 1 KiB)"
