"""After one file changes, a warm run reports exactly what a cold run of the changed tree reports, while
re-checking only what the change can affect (linter.needs).

Every case edits one file of one kind; the cross-file ones assert that the edit changes another file's findings
(so the case exercises a dependency, not only the file's own signature): a .env read by compose interpolation,
a Dockerfile whose HEALTHCHECK a compose service relies on, a compose service that gives a Dockerfile its
healthcheck, a compose file that makes a Dockerfile production, an nginx include whose headers the Node app
relies on, a Node file that installs the app's middleware, package.json, Python settings.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import lint, write_tree

TREE = {
    "docker-compose.yml": (
        "services:\n"
        "  api:\n"
        "    build: ./api\n"
        "    image: example/api:${API_TAG:-1.0.0}\n"
        "    restart: unless-stopped\n"
        "    environment:\n"
        "      NODE_ENV: ${NODE_ENV}\n"
        "    env_file: ./api/.env.production\n"
        "  web:\n"
        "    image: nginx:${NGINX_TAG}\n"
        "    restart: unless-stopped\n"
        "    volumes:\n"
        "      - ./web/nginx.conf:/etc/nginx/nginx.conf:ro\n"),
    "docker-compose.dev.yml": ("services:\n  tools:\n    build:\n      context: ./tools\n"
                               "      dockerfile: Dockerfile.debug\n"),
    ".env": "NODE_ENV=production\nAPI_TAG=1.2.3\nNGINX_TAG=1.25.3\n",
    "api/.env.production": "NODE_ENV=production\nLOG_LEVEL=info\n",
    "api/.env": "LOG_LEVEL=debug\n",
    "Makefile": "deploy:\n\tdocker compose -f docker-compose.yml -f docker-compose.prod.yml up -d\n",
    "docker-compose.prod.yml": ("services:\n  web:\n    deploy:\n      resources:\n        limits:\n"
                                "          memory: 256m\n          cpus: '0.5'\n          pids: 100\n"),
    "api/Dockerfile": ("FROM node:20.11-alpine\nWORKDIR /app\nCOPY package.json .\nRUN npm ci --omit=dev\n"
                       "COPY src ./src\nUSER node\nCMD [\"node\", \"src/server.js\"]\n"),
    "api/package.json": ('{"name": "api", "version": "1.0.0", "main": "src/server.js",\n'
                         ' "scripts": {"start": "node src/server.js"},\n'
                         ' "dependencies": {"express": "^4.18.2"}}\n'),
    "api/src/server.js": ("const express = require('express');\nconst app = express();\napp.use(express.json());\n"
                          "app.get('/health', (req, res) => res.send('ok'));\n"
                          "app.get('/api/items', (req, res) => res.json([]));\napp.listen(3000);\n"),  # not health-only
    "api/src/security.js": "// security middleware lives here\nmodule.exports = {};\n",
    "tools/Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"main.py\"]\n",
    "tools/Dockerfile.debug": ("FROM python:3.12-slim\nWORKDIR /app\nCOPY main.py .\n"
                               "CMD [\"python\", \"-m\", \"debugpy\", \"--listen\", \"0.0.0.0:5678\", \"main.py\"]\n"),
    "web/nginx.conf": "events {}\nhttp {\n  server_tokens off;\n  include conf.d/*.conf;\n}\n",
    "web/conf.d/site.conf": ("server {\n  listen 80;\n  server_name example.com;\n"
                             "  location / {\n    proxy_pass http://api:3000;\n  }\n}\n"),
    "worker/app/settings.py": 'DEBUG = False\nSECRET_KEY = "django-insecure-abc"\nALLOWED_HOSTS = ["example.com"]\n',
    "billing/package.json": '{"name": "billing", "main": "server.js", "dependencies": {"koa": "^2.15.0"}}\n',
    "billing/server.js": "const Koa = require('koa');\nconst app = new Koa();\napp.listen(4000);\n",
    "billing/.env": "NODE_ENV=development\n",
    "billing/compose.yaml": "services:\n  billing:\n    build: .\n    restart: unless-stopped\n",
    "billing/Dockerfile": "FROM node:20.11-alpine\nWORKDIR /app\nCOPY . .\nUSER node\nCMD [\"node\", \"server.js\"]\n",
}

# name -> (file edited, edit, a file whose findings the edit changes, or None when only the file's own do)
EDITS = {
    "compose gives the Dockerfile its healthcheck": (
        "docker-compose.yml", lambda t: t.replace(
            "    restart: unless-stopped\n    environment:",
            "    restart: unless-stopped\n    healthcheck:\n      test: [\"CMD\", \"wget\", \"-qO-\", "
            "\"http://localhost:3000/health\"]\n    environment:"), "api/Dockerfile"),
    "compose makes a Dockerfile production": (
        "docker-compose.yml", lambda t: t + "  tools:\n    build:\n      context: ./tools\n"
                                            "      dockerfile: Dockerfile.debug\n    restart: unless-stopped\n",
        "tools/Dockerfile.debug"),
    "compose comment": ("docker-compose.yml", lambda t: t + "# edited\n", None),
    ".env read by compose interpolation": (
        ".env", lambda t: t.replace("NGINX_TAG=1.25.3", "NGINX_TAG=latest"), "docker-compose.yml"),
    ".env value": (".env", lambda t: t.replace("NODE_ENV=production", "NODE_ENV=development"), None),
    ".env.production beside .env overrides it": (
        "api/.env.production", lambda t: t.replace("LOG_LEVEL=info\n", ""), "api/.env"),
    "override file of the production view": (
        "docker-compose.prod.yml", lambda t: t.replace("    deploy:", "    x-deploy:"),
        "docker-compose.yml"),
    "env_file of a service": (
        "api/.env.production", lambda t: t.replace("NODE_ENV=production", "NODE_ENV=development"), None),
    "Dockerfile healthcheck the compose service relies on": (
        "api/Dockerfile", lambda t: t.replace(
            "USER node\n", "USER node\nHEALTHCHECK CMD wget -qO- http://localhost:3000/health || exit 1\n"),
        "docker-compose.yml"),
    "nginx include sends the headers the app needs": (
        "web/conf.d/site.conf", lambda t: t.replace(
            "  listen 80;\n", "  listen 80;\n  add_header X-Frame-Options \"DENY\" always;\n"
                              "  add_header X-Content-Type-Options \"nosniff\" always;\n"), "api/src/server.js"),
    "nginx main file": ("web/nginx.conf", lambda t: t.replace("server_tokens off;", "server_tokens off;\n  gzip on;"),
                        None),
    "another file of the package installs helmet": (
        "api/src/security.js", lambda t: "const helmet = require('helmet');\nmodule.exports = helmet;\n",
        "api/src/server.js"),
    "JS comment": ("api/src/server.js", lambda t: t + "// edited\n", None),
    "package.json": ("api/package.json", lambda t: t.replace('"express": "^4.18.2"',
                                                             '"express": "^4.18.2", "@sentry/node": "^7.0.0"'), None),
    "Python settings": ("worker/app/settings.py", lambda t: t.replace("DEBUG = False", "DEBUG = True"), None),
    "another service's compose file": ("billing/compose.yaml", lambda t: t.replace("build: .", "build: ./"), None),
}


def _report(root, cache: bool):
    result = lint(root, cache=cache)
    return ([(f.rule_id, f.path, f.span.line, f.span.column, f.message, f.severity, f.fingerprint, f.snippet)
             for f in result.findings], sorted((n.path, n.message) for n in result.notices))


def _of(report, path):
    return [f for f in report[0] if f[1] == path]


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.setenv("PRODLINT_CACHE_DIR", str(tmp_path / "cache"))
    root = write_tree(tmp_path / "repo", TREE)
    _report(root, cache=True)  # the cache now holds every file's outcome
    return root


@pytest.mark.parametrize("name", list(EDITS))
def test_after_one_change_the_warm_run_is_the_cold_run(tree, name):
    rel, edit, affected = EDITS[name]
    before = _report(tree, cache=False)
    path = tree / rel
    original = path.read_text()
    path.write_text(edit(original))
    cold = _report(tree, cache=False)
    assert _report(tree, cache=True) == cold
    if affected is not None:  # the case is the cross-file dependency it names
        assert _of(cold, affected) != _of(before, affected)
    path.write_text(original)  # and back: another change
    assert _report(tree, cache=True) == before


def _checked(root, monkeypatch) -> set[str]:
    from linter.checker import Checker
    seen: set[str] = set()
    original = Checker.check_file

    def spy(self, file):
        seen.add(file.rel)
        return original(self, file)
    monkeypatch.setattr(Checker, "check_file", spy)
    _report(root, cache=True)
    monkeypatch.setattr(Checker, "check_file", original)
    return seen


def test_an_unchanged_tree_checks_nothing_again(tree, monkeypatch):
    assert _checked(tree, monkeypatch) == set()


def test_a_node_file_change_checks_its_package_again_only(tree, monkeypatch):
    path = tree / "api/src/security.js"
    path.write_text(path.read_text() + "// edited\n")
    assert _checked(tree, monkeypatch) == {"api/src/security.js", "api/src/server.js"}


def test_a_compose_change_leaves_other_services_and_source_cached(tree, monkeypatch):
    path = tree / "billing/compose.yaml"
    path.write_text(path.read_text() + "# edited\n")
    checked = _checked(tree, monkeypatch)
    assert {"billing/compose.yaml", "billing/Dockerfile"} <= checked
    # nginx, redis, package.json and Python files are re-checked whenever any configuration file changes
    assert not checked & {"docker-compose.yml", "docker-compose.dev.yml", "api/Dockerfile", "tools/Dockerfile",
                          ".env", "api/.env.production", "billing/.env", "api/src/server.js", "billing/server.js",
                          "api/src/security.js"}, sorted(checked)


def test_an_env_change_checks_its_folder_and_what_reads_env_files(tree, monkeypatch):
    path = tree / "billing/.env"
    path.write_text("NODE_ENV=production\n")
    checked = _checked(tree, monkeypatch)
    assert "billing/.env" in checked
    assert not checked & {".env", "api/.env.production", "api/src/server.js", "billing/server.js"}, checked


PLUGIN = '''"""A user's own rule reading across packages (used by the tests): files that call forbidden().

## What it does
Reports, in every Node file, how many Node files of the repository call `forbidden`.

## Why it matters in production
It shows the result cache keeps a kind with a user's rule on the whole tree.

## Example
```js path=server.js
forbidden();
```

## Use instead
```js path=server.js
allowed();
```
"""
from linter.api import RuleMeta, Span

META = RuleMeta(id="TST900", name="forbidden-anywhere", kinds=("node",), severity="warning",
                checklist=("secrets.in-repo",))
MESSAGES = {"count": "{n} file(s) of the repository call forbidden()"}


def check(doc, ctx):
    n = sum("forbidden()" in f.text for f in ctx.model.files if f.kind == "node")
    if n:
        yield ctx.finding(Span(1, 1), "count", "count", n=n)
'''


def test_a_rule_of_the_users_own_keeps_its_kind_on_the_whole_tree(tmp_path, monkeypatch):
    """A plugin rule's reads are unknown: its kind's outcomes need every file of the tree unchanged."""
    monkeypatch.setenv("PRODLINT_CACHE_DIR", str(tmp_path / "cache"))
    root = write_tree(tmp_path / "repo", {**TREE, "local_rules/forbidden_anywhere.py": PLUGIN,
                                          ".prodlint.toml": 'rules-dirs = ["local_rules"]\n'})
    _report(root, cache=True)
    path = root / "billing/server.js"
    path.write_text(path.read_text() + "forbidden();\n")
    cold = _report(root, cache=False)
    assert [f for f in _of(cold, "api/src/server.js") if f[0] == "TST900"]  # another package's file changed it
    assert _report(root, cache=True) == cold


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(sorted(EDITS)), min_size=1, max_size=3))
def test_any_sequence_of_edits_keeps_warm_equal_to_cold(tmp_path_factory, monkeypatch, names):
    base = tmp_path_factory.mktemp("seq")
    monkeypatch.setenv("PRODLINT_CACHE_DIR", str(base / "cache"))
    root = write_tree(base / "repo", TREE)
    _report(root, cache=True)
    for name in names:
        rel, edit, _ = EDITS[name]
        path = root / rel
        path.write_text(edit(path.read_text()))
        assert _report(root, cache=True) == _report(root, cache=False), names


def test_answers_that_cannot_be_given_are_a_miss(tmp_path, monkeypatch):
    """Model code failing while the answers an entry needs are asked again: the file is checked, no crash."""
    from linter.checker import Outcome
    from linter.resultcache import Needs, ResultCache
    monkeypatch.setenv("PRODLINT_CACHE_DIR", str(tmp_path))

    def failing():
        raise RuntimeError("model bug")

    def stored(facts):
        cache = ResultCache(tmp_path, "key")
        cache.put("a.env", "sig", Needs("deps", "tree-1", facts), Outcome(1))
        return cache.fresh

    def hit(entries, needs) -> bool:
        cache = ResultCache(tmp_path, "key")
        cache.entries = dict(entries)
        return cache.get("a.env", "sig", needs) is not None

    entries = stored(lambda: "answers")
    assert hit(entries, Needs("deps", "tree-1", failing))  # the same tree: nothing is asked
    assert hit(entries, Needs("deps", "tree-2", lambda: "answers"))
    assert not hit(entries, Needs("deps", "tree-2", lambda: "other answers"))
    assert not hit(entries, Needs("deps", "tree-2", failing))
    assert not hit(entries, Needs("other deps", "tree-1", lambda: "answers"))
    assert not hit(stored(failing), Needs("deps", "tree-2", failing))
