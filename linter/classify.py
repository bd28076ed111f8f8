"""Decide what kind of file a path is: by name first, by content where names are ambiguous."""
from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path
from .files import read_head
from .lazyre import lazy

KINDS = ("env", "compose", "dockerfile", "nginx", "redis", "package", "node", "python")

NODE_EXTS = {".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"}
BACKEND_PACKAGES = ("express", "koa", "fastify", "@hapi/hapi", "hapi", "@nestjs/core", "restify", "@adonisjs/core")
_NOT_ENV_EXTS = {".js", ".ts", ".mjs", ".cjs", ".json", ".py", ".sh", ".md", ".yml", ".yaml", ".rb", ".go",
                 ".tsx", ".jsx", ".d", ".lock", ".txt", ".html", ".php"}
# `Dockerfile.prod` is a Dockerfile; `dockerfile.py` or `Dockerfile.j2` is source or a template about one, and
# `Dockerfile.dockerignore` is BuildKit's ignore file for that one Dockerfile
_NOT_DOCKERFILE_EXTS = (".dockerignore", ".containerignore", ".md", ".txt", ".sh", ".json", ".py", ".pyc", ".js",
                        ".mjs", ".cjs", ".ts", ".go", ".rb",
                        ".java", ".rs", ".yml", ".yaml", ".toml", ".ini", ".cfg", ".html", ".rst", ".j2", ".jinja",
                        ".jinja2", ".tmpl", ".tpl", ".template", ".bak", ".orig", ".swp", ".lock", ".ps1", ".bat",
                        # pictures and web pages about Docker (an app's `dockerfile.svg` icon, `Dockerfile.php`)
                        ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".pdf", ".php", ".css", ".xml",
                        ".vue", ".svelte", ".tsx", ".jsx", ".mts", ".cts")
# `docker-compose.prod.yml`, `compose.yaml`, and the variants a repository names by their setup in front
# (`fpm-alpine-docker-compose.yml`, `web.docker-compose.yml`: akaunting/docker keeps one per image flavour)
_COMPOSE = lazy(r"^(?:[\w.-]+[._-])?(?:docker|podman)-compose([._-][\w.-]*)?\.ya?ml$|^compose([._-][\w.-]*)?\.ya?ml$", re.I)
_DOCKERFILE = lazy(r"^(dockerfile|containerfile)([._-][\w.-]*)?$|^[\w.-]+\.(dockerfile|containerfile)$", re.I)
_REDIS = lazy(r"^redis[\w.-]*\.conf$")
_NGINX_DIR = lazy(r"(^|/)(nginx[^/]*|sites-(available|enabled)|conf\.d|snippets|http\.d|vhosts?\.d)(/|$)", re.I)
_NGINX_SNIFF = lazy(
    r"^[^\S\n]*(server|location|upstream|http|events)\b[^;{]{0,200}\{|^[^\S\n]*(listen|server_name|proxy_pass|add_header|root"
    r"|ssl_certificate|worker_processes|include|gzip|return|try_files|fastcgi_pass)\s[^\n]*;", re.M)
_BACKEND_SNIFF = lazy(r"""(require\(|from\s+)['"](express|koa|fastify|@hapi/hapi|@nestjs/core)['"]""")
# libraries that only a server uses: signing or checking tokens, keeping sessions, passport strategies, and the
# packages of a server framework's scope (@nestjs/, @fastify/, @koa/, @hapi/). A file importing one is backend
# code when no browser app's package governs it (a serverless handler, a module of an app whose package.json is
# elsewhere); inside a browser app they decode tokens or verify them with a JWKS, and the file's public client
# keys (a Firebase web apiKey) are no leak
_SERVER_LIB_SNIFF = lazy(r"""(require\(|from\s+)['"](jsonwebtoken|express-jwt|jose|express-session"""
                         r"""|cookie-session|koa-session|passport(-[\w-]+)?|@(nestjs|fastify|koa|hapi)/[\w.-]+)['"/]""")
_BROWSER_APP_PACKAGES = ("react", "react-dom", "vue", "@angular/core", "svelte", "preact", "solid-js", "next",
                         "nuxt", "@remix-run/react", "react-native", "expo")
# a plain Node HTTP server: the file imports http(s), creates a server and listens (an entry point, not a client)
_HTTP_SERVER_SNIFF = lazy(r"""(require\(|from\s+)['"](node:)?https?['"]""")
# server code whatever it imports: a route declared with a path and a handler taking the request
# (`app.get('/users', auth, (req, res) => ...)`, `router.post("/login", async function (req, res) {`), or an
# Express app made and started in the file (`const app = express()` ... `app.listen(port)`). A lone file or a
# module of an app whose package.json is elsewhere is read as the server it is; browser apps and libraries are not
# (Mock Service Worker's `rest.get('/api/user', (req, res, ctx) => ...)` has the same shape and runs in a browser
# or a test: its `rest`/`http`/`graphql` namespaces, or a file importing msw, are no server)
_ROUTE_SNIFF = lazy(r"""\b(?!(?:rest|http|graphql)\.)\w+\.(?:get|post|put|patch|delete|all)\(\s*['"`]/[^'"`\n]*['"`]\s*,\s*"""
                    r"""(?:[\w.]+(?:\([^()\n]*\))?\s*,\s*)*(?:async\s+)?(?:function\b[^(\n]*)?\(\s*req\b""")
_EXPRESS_APP_SNIFF = lazy(r"\bexpress\(\s*\)")
_MSW_SNIFF = lazy(r"""(require\(|from\s+)['"]msw['"/]""")
# A loose file: no package.json, pyproject.toml or requirements file anywhere between it and the scanned root (a
# snippet folder, a lone script, a peer's test file). No manifest says what it is, so it is read when it uses an
# API that only a server uses and that a backend rule judges: a database client or ORM (a Sequelize CLI
# configuration, `{ production: { dialect: 'postgres', ... } }`, included), helmet, the cors middleware or a CORS
# allow-list, an HMAC keyed in Node's crypto, Node's TLS switch. A browser script has none of them; files governed
# by a browser app's or a library's manifest are not loose and stay unread.
_LOOSE_SERVER_SNIFF = lazy(
    r"""(?:require\(|from\s+)['"](?:sequelize|pg|pg-pool|mysql2?|mssql|tedious|mongoose|mongodb|redis|ioredis|knex"""
    r"""|typeorm|helmet|cors|express-rate-limit)['"/]"""
    r"""|\bnew\s+Sequelize\s*\(|\bhelmet\s*\(\s*\{|\bNODE_TLS_REJECT_UNAUTHORIZED\b|\.createHmac\s*\("""
    r"""|\bdialect\s*:\s*['"](?:postgres|mysql|mariadb|mssql)['"]"""
    # a CORS allow-list kept in a constant (`const corsOrigins = [/^https:\/\/app\.example\.com$/]`): what
    # origins a server answers is server configuration, and JS001 judges such lists wherever they are written
    # (the name is checked by a lookahead, then taken whole: `\w*cors\w*` backtracked over both runs of
    # letters, quadratic in a long name, 1.4 s on a 16 KiB head of `const corscors...`)
    r"""|\b(?:const|let|var)\s+(?=\w*(?:cors|Cors|CORS))\w+\s*(?::[^=\n]+)?=\s*(?:\[|\{|/(?![/*])|new\s+RegExp\b)""")
_LOOSE_SERVER_WORDS = ("require", "from", "Sequelize", "helmet", "NODE_TLS_REJECT_UNAUTHORIZED", "createHmac", "dialect",
                       "cors", "Cors", "CORS")
# a WebSocket server listening on a port of its own (`new WebSocketServer({ port: 8080 })`, ws's `Server`): a
# backend with no HTTP framework at all
# (two searches, the second from where the import ends: one pattern with `.*` between them went back over the
# rest of the file from every import, quadratic in a file of them; the options read up to 300 characters)
_WS_IMPORT = lazy(r"""(?:require\(|from\s+)['"]ws['"]""")
_WS_SERVER_SNIFF = lazy(r"""new\s+(?:\w+\.)?(?:WebSocketServer|Server)\s*\(\s*\{[^}]{0,300}?\bport\b""")


def _ws_server(head: str) -> bool:
    imported = _WS_IMPORT.search(head)
    return imported is not None and _WS_SERVER_SNIFF.search(head, imported.end()) is not None


# A name is of no kind when it has an extension none of the kinds' names end with and none of the words their
# names are made of (`.env.production`, `Dockerfile.prod`, `api.dockerfile`): most names of a tree (`.md`,
# `.json`, `.png`, `.css`) are settled by this test alone, before the patterns below
_NAME_WORDS = ("env", "dockerfile", "containerfile")
_KIND_SUFFIXES = frozenset({".yml", ".yaml", ".conf", ".template", ".nginx", ".py", *NODE_EXTS})
# an nginx configuration a tool renders before the server reads it: the nginx image's envsubst
# (`default.conf.template`), a script choosing one of several (`app.conf.template.prod`), Ansible's and Salt's
# Jinja (`site.conf.j2`), gomplate or dockerize (`nginx.conf.tmpl`)
_CONF_TEMPLATE = lazy(r"\.conf\.(template|tmpl|tpl|j2|jinja2?)([._-][\w-]+)?$", re.I)


# Discovery, the untracked policy and the repository model each ask about the same paths: a pure function of
# the string, kept for as many paths as a large service tree holds (bounded, so a tree of a million files
# holds no list of them here either)
@lru_cache(maxsize=1 << 15)
def classify_name(rel: str) -> str | None:
    """Kind from the path alone, or None when the content must decide (or nothing applies)."""
    # string operations only: pathlib interns every path component, which grows with the size of the tree
    lower = rel[rel.rfind("/") + 1:].lower()
    dot = lower.rfind(".")
    if dot > 0 and lower[dot:] not in _KIND_SUFFIXES and lower != "package.json" \
            and not any(word in lower for word in _NAME_WORDS) and not _CONF_TEMPLATE.search(lower):
        return None
    return _kind_of_name(rel)


def _kind_of_name(rel: str) -> str | None:
    """classify_name without its first test (tests/test_discovery.py holds the two to the same answers)."""
    name = rel.rsplit("/", 1)[-1]
    lower = name.lower()
    if _COMPOSE.match(name):
        return "compose"
    if _DOCKERFILE.match(name) and not lower.endswith(_NOT_DOCKERFILE_EXTS):
        return "dockerfile"
    if lower == "package.json":
        return "package"
    if _REDIS.match(lower):
        return "redis"
    if _is_env_name(lower):
        return "env"
    if lower == "nginx.conf" or (lower.endswith((".conf", ".conf.template")) and _NGINX_DIR.search(rel)):
        return "nginx"
    if _CONF_TEMPLATE.search(lower):
        # in an nginx folder it is one; elsewhere (`roles/web/templates/site.conf.j2`) its content decides
        return "nginx" if _NGINX_DIR.search(rel) or lower.startswith("nginx.") else "nginx?"
    dot = name.rfind(".")
    suffix = name[dot:].lower() if dot > 0 else ""
    if suffix in NODE_EXTS and not lower.endswith((".d.ts", ".min.js")):
        return "node?"
    if suffix == ".py":
        return "python?"
    # `.nginx` names the server a site file is for (`ralph.conf.nginx`, `site.nginx`): its content decides
    if lower.endswith((".conf", ".nginx")) or (_NGINX_DIR.search(rel) and "." not in name):
        return "nginx?"
    return None


def is_source_name(rel: str) -> bool:
    """Whether a name's suffix says it is a program or a document (`src/migrate.mts`, `run.py`): never an env
    file, whatever option names it (`deno run --env-file src/migrate.mts` runs the script, the option's value
    being optional)."""
    lower = rel.rsplit("/", 1)[-1].lower()
    dot = lower.rfind(".")
    return dot > 0 and (lower[dot:] in _NOT_ENV_EXTS or lower[dot:] in NODE_EXTS)


def _is_env_name(lower: str) -> bool:
    if lower in (".env", "env.example", "env.sample", "env.template", "env.dist"):
        return True
    if lower.startswith(".env.") or lower.startswith("env-example") or lower.startswith("env.example"):
        return lower[lower.rfind("."):] not in _NOT_ENV_EXTS or lower.count(".") > 2
    if lower.endswith(".env") and len(lower) > 4:
        return True
    return False


def classify(path: Path, rel: str, root: Path, head: str | None = None, folders: dict | None = None) -> str | None:
    """``folders``: the caller's memory of which folders a backend's package.json governs (one per run)."""
    kind = classify_name(rel)
    if kind == "node?":
        return "node" if _sniffed(path, head, lambda size: _is_backend_source(path, root, head, folders, size)) \
            else None
    if kind == "python?":
        return "python" if _sniffed(path, head, lambda size: _is_python_backend(path, root, head, size)) else None
    if kind == "nginx?":
        if head is None:
            head = read_head(path, root)
        return "nginx" if len(_NGINX_SNIFF.findall(head)) >= 2 else None
    if kind in ("nginx", "redis"):
        # supervisord keeps each program's section in a file named after the program (conf.d/nginx.conf,
        # service.d/redis.conf): an INI file opening with `[program:nginx]` is neither server's configuration,
        # whose syntax has no bracketed section lines
        if head is None:
            head = read_head(path, root)
        first = _INI_FIRST.search(head)
        if first is not None and _INI_SECTION.match(first.group(1)):
            return None
        # and an application's own settings kept as shell assignments in a conf.d folder or named after the
        # server it points at (`conf.d/redis.conf` holding `REDIS_HOST=localhost`, `conf.d/cache.conf`):
        # `NAME=value` opens no directive of nginx (`name args;`) or redis (`name args`)
        if first is not None and _ASSIGNMENT_LINE.match(first.group(1)):
            return None
    return kind


# How much of a source file is read to tell whether it is a server's: its imports are at the top
_HEAD = 16384
# and, when that says nothing, how far on: past a long license or comment block, never the whole 2 MiB size cap
# (every unclassified long .js/.py file is read this far: 2 MiB of ordinary code cost 0.25-0.35 s a file in the
# sniffs, 256 KiB a tenth of that), imports 256 KiB down being no layout a server is written in
_LONG_HEAD = 262144


def _sniffed(path: Path, head: str | None, test) -> bool:
    """``test(size)`` on the file's first ``_HEAD`` bytes, then, when that finds nothing and the file goes on
    past them, on its first ``_LONG_HEAD`` bytes: a license block, a long comment or any code of 16 KiB above
    a server's imports made it no source of any kind, checked by no rule and named nowhere."""
    if test(_HEAD):
        return True
    if head is not None:  # the caller's text is all there is to judge
        return False
    try:
        longer = os.stat(path).st_size > _HEAD
    except OSError:
        return False
    return longer and test(_LONG_HEAD)


# the first line that is neither blank nor a comment (# in nginx, redis and INI; ; in INI)
_INI_FIRST = lazy(r"^[ \t]*([^\s#;][^\n]*)", re.M)
_INI_SECTION = lazy(r"^\[[^\]\n]+\]\s*$")
_ASSIGNMENT_LINE = lazy(r"^(export\s+)?[A-Za-z_][A-Za-z0-9_]*=")


# The words without which a sniff above cannot match: a file holding none of them is not searched at all (the
# patterns start with an alternation the regex engine tries at every position, some 0.2 ms a file head)
_BACKEND_WORDS = ("express", "koa", "fastify", "@hapi/hapi", "@nestjs/core")
_SERVER_LIB_WORDS = ("jsonwebtoken", "express-jwt", "jose", "express-session", "cookie-session", "koa-session",
                     "passport", "@nestjs/", "@fastify/", "@koa/", "@hapi/")
_ROUTE_WORDS = (".get(", ".post(", ".put(", ".patch(", ".delete(", ".all(")


def _holds(head: str, words: tuple[str, ...]) -> bool:
    return any(w in head for w in words)


def _imports_backend_framework(head: str) -> bool:
    return _holds(head, _BACKEND_WORDS) and bool(_BACKEND_SNIFF.search(head))


def _is_backend_source(path: Path, root: Path, head: str | None, folders: dict | None = None,
                       size: int = _HEAD) -> bool:
    """``size``: how much of the file to read when ``head`` is None and the file itself decides."""
    folder = os.path.dirname(path)
    backend = None if folders is None else folders.get(folder)
    if backend is None:
        pkg = _nearest_package(Path(folder), root)
        backend = pkg is not None and _package_is_backend(pkg, root)
        if backend:
            backend = _browser_folder(Path(folder), pkg, root) or True
        if folders is not None:
            folders[folder] = backend
    if backend == "client" or backend == "served" and path.suffix in (".js", ".mjs", ".cjs"):
        return False  # TypeScript under static/ is the server's (`src/static/static.module.ts`): browsers get JS
    if backend == "ui":
        # a full-stack package (a server and the browser app it serves): its components are the browser's
        if head is None:
            head = read_head(path, root, size)
        return not (_UI_SNIFF.search(head) and not _imports_backend_framework(head) and "react-dom/server" not in head)
    if backend:
        return True
    # no package.json, or one that is not a backend's (a workspace root with hoisted dependencies):
    # the file itself decides
    if head is None:
        head = read_head(path, root, size)
    if _imports_backend_framework(head):
        return True
    if _holds(head, _SERVER_LIB_WORDS) and _SERVER_LIB_SNIFF.search(head) or _serves_routes(head):
        pkg = _nearest_package(Path(folder), root)
        if pkg is None or not (_package_is_browser_app(pkg, root) or _package_is_library(pkg, root)):
            return True
    if "createServer(" in head and ".listen(" in head and _HTTP_SERVER_SNIFF.search(head) or \
            "Server" in head and _ws_server(head):
        # a library's server runs inside whatever imports it: Joplin's `@joplin/lib` ClipperServer is the
        # desktop app's helper on 127.0.0.1, not a backend the repository deploys
        pkg = _nearest_package(Path(folder), root)
        return pkg is None or not _package_is_library(pkg, root)
    # a password written under a password's name (`password = '...'`, `{ smtpPass: '...' }`): a credential in the
    # repository is one whatever code holds it (Python's loose modules are read the same way)
    return _is_loose(Path(folder), root) and (_holds(head, _LOOSE_SERVER_WORDS) and bool(_LOOSE_SERVER_SNIFF.search(head))
                                              or _writes_password(head))


def _is_loose(directory: Path, root: Path) -> bool:
    """No manifest of any ecosystem governs the folder: neither a package.json nor a Python project's, nor
    another language's (a Go service's seed script, a Spring Boot or Rails app's browser scripts under its
    static folder: the project is that language's, its JavaScript a helper or the browser's)."""
    return _nearest_package(directory, root) is None and not _python_manifest_above(directory, root) \
        and not manifest_above(directory, root, _OTHER_MANIFESTS)


_OTHER_MANIFESTS = ("go.mod", "Gemfile", "composer.json", "pom.xml", "build.gradle", "build.gradle.kts",
                    "Cargo.toml", "mix.exs")


@lru_cache(maxsize=8192)
def manifest_above(directory: Path, root: Path, names: tuple[str, ...], glob: str | None = None) -> bool:
    """Whether one of these manifests (or a file ``glob`` matches) is in the folder or a folder above it, up to
    the scanned root."""
    try:
        if any((directory / n).exists() for n in names) or glob is not None and next(directory.glob(glob), None):
            return True
    except OSError:
        return False
    if directory == root or directory.parent == directory or not _below(directory, root):
        return False
    return manifest_above(directory.parent, root, names, glob)


def _serves_routes(head: str) -> bool:
    if "msw" in head and _MSW_SNIFF.search(head):
        return False
    if "req" in head and _holds(head, _ROUTE_WORDS) and _ROUTE_SNIFF.search(head):
        return True
    return ".listen(" in head and bool(_EXPRESS_APP_SNIFF.search(head))


# folders a backend serves to browsers as they are (express.static('public'), @hapi/inert, koa-static): the
# scripts in them run in the browser, vendored editors and jQuery plugins included
_SERVED_FOLDERS = frozenset({"public", "static", "assets"})
# a full-stack package keeps its browser app in a folder beside its server's (`client/` and `server/`)
_CLIENT_FOLDERS = frozenset({"client", "frontend", "web", "webapp"})
_SERVER_FOLDERS = ("server", "backend", "api")
_UI_SNIFF = lazy(r"""(require\(|from\s+)['"](react|react-dom|vue|@angular/core|svelte|preact|solid-js|react-intl"""
                 r"""|next/(link|router|head|image|navigation|dynamic))['"/]""")


def _browser_folder(folder: Path, pkg: Path, root: Path) -> str | None:
    """What a folder of a backend package holds when it is not the server's: "served" (a top-level
    `public/`, `static/`, `assets/`), "client" (`client/` beside `server/` in a package that depends on a
    browser framework), "ui" (another folder of such a package, where each file's imports decide), else None."""
    try:
        parts = folder.relative_to(pkg.parent).parts
    except ValueError:
        return None
    if parts and parts[0] in _SERVED_FOLDERS:
        return "served"
    if not _package_is_browser_app(pkg, root):
        return None
    if parts and parts[0] in _CLIENT_FOLDERS and any((pkg.parent / name).is_dir() for name in _SERVER_FOLDERS):
        return "client"
    return "ui"


def _below(directory: Path, root: Path) -> bool:
    """``root in directory.parents``, as text: a walk of the parents built a path for each of them."""
    top = str(root)
    return str(directory).startswith(top if top.endswith("/") else top + "/") and directory != root


@lru_cache(maxsize=4096)
def _nearest_package(directory: Path, root: Path) -> Path | None:
    """The package.json governing a directory, never looking above the scanned root."""
    candidate = directory / "package.json"
    if candidate.is_file():
        return candidate
    if directory == root or directory.parent == directory or not _below(directory, root):
        return None
    return _nearest_package(directory.parent, root)


@lru_cache(maxsize=1024)
def _package_data(package_json: Path, root: Path) -> dict | None:
    """The package.json as data, read once per run whatever asks; None when it is not an object (the
    package.json parser reports a broken one)."""
    try:
        data = json.loads(read_head(package_json, root, 1_000_000))
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _dependency_names(data: dict, sections: tuple[str, ...]) -> set[str]:
    names: set[str] = set()
    for section in sections:
        value = data.get(section)
        if isinstance(value, dict):
            names.update(value)
    return names


@lru_cache(maxsize=1024)  # its entry point's head is read too
def _package_is_backend(package_json: Path, root: Path) -> bool:
    data = _package_data(package_json, root)
    if data is None:
        return False
    # devDependencies do not ship: a frontend with express only for its dev server is no backend
    deps = _dependency_names(data, ("dependencies", "peerDependencies"))
    return any(name in deps for name in BACKEND_PACKAGES) or _main_serves_http(package_json.parent, data, root)


def _package_is_browser_app(package_json: Path, root: Path) -> bool:
    data = _package_data(package_json, root)
    names = _dependency_names(data, ("dependencies", "peerDependencies", "devDependencies")) if data else set()
    return any(name in names for name in _BROWSER_APP_PACKAGES)


def _package_is_library(package_json: Path, root: Path) -> bool:
    """A package published for other code to import (it declares `exports`, `module`, `types`, the `files`
    it ships or how it is published, `publishConfig`) and starts nothing: its token helpers run wherever its
    importers run, often a browser."""
    data = _package_data(package_json, root)
    if not data or not any(key in data for key in ("exports", "module", "types", "typings", "files",
                                                   "publishConfig")):
        return False
    scripts = data.get("scripts")
    return not (isinstance(scripts, dict) and "start" in scripts)


def _main_serves_http(directory: Path, data: dict, root: Path) -> bool:
    """A package with no framework whose entry point (`main`, or the file `npm start` runs) is a plain
    node:http server: the package is that server's backend."""
    names = [data.get("main")]
    scripts = data.get("scripts")
    start = scripts.get("start") if isinstance(scripts, dict) else None
    if isinstance(start, str):
        names += re.findall(r"(?:^|[\s;&|])node\s+(?:-{1,2}[\w-]+\s+)*([\w./@-]+\.[cm]?js)\b", start)
    for name in names:
        if not isinstance(name, str) or not name.endswith((".js", ".mjs", ".cjs")) or ".." in name:
            continue
        path = directory / name
        if path.is_file():
            head = read_head(path, root)
            if "createServer(" in head and ".listen(" in head and _HTTP_SERVER_SNIFF.search(head):
                return True
    return False


_PY_FRAMEWORKS = lazy(r"(?im)^[^\S\n]*[\"']?(django|flask|fastapi|starlette|litestar|starlite|quart|sanic|gunicorn|uvicorn|"
                      r"hypercorn|granian)\b")
# REST_FRAMEWORK is a Django setting
# a module that makes the application or declares its routes is the server whatever it imports
# (`app = Flask(__name__)`, `api = FastAPI(...)`, `@bp.route("/login")`)
_PY_SNIFF = lazy(r"^[^\S\n]*(from|import)\s+(django|flask|fastapi|starlette|litestar|starlite|quart|sanic)\b"
                       r"|DJANGO_SETTINGS_MODULE|INSTALLED_APPS|REST_FRAMEWORK\s*=|SECRET_KEY\s*="
                       r"|^[^\S\n]*\w+\s*=\s*(?:\w+\.)?(?:Flask|Quart)\(\s*__name__|^[^\S\n]*\w+\s*=\s*(?:\w+\.)?FastAPI\("
                       r"|^[^\S\n]*@\w+\.route\(\s*['\"]/", re.M)
# PyJWT and python-jose: a module that signs or checks tokens, where no manifest says what the code is
_PY_TOKEN_SNIFF = lazy(r"^[^\S\n]*(from|import)\s+(jwt|jose)\b", re.M)
# a loose module (no manifest of any ecosystem up to the root) that starts an application object the way
# Flask's quickstart names it (`app.run(host="0.0.0.0")`): the server's entry point, whatever it imports
_PY_LOOSE_SNIFF = lazy(r"^[ \t]*(?:app|application|flask_app)\.run\(", re.M)
# a loose module that gives a password-named name a literal (see _writes_password); with a manifest above, the
# manifest says what the code is
_PASSWORD_LITERAL = lazy(r"""(?:pass(?:word|wd|phrase)?|pwd)(?=['"]?\]?\s*(?:={1,3}|:)\s*[rbu]?['"][^'"\s]{4})""", re.I)
_PASSWORD_WORDS = ("pass", "Pass", "PASS", "pwd", "Pwd", "PWD")
# the name ending where a password's word ends (read back a bounded way: a long run of letters is no name to scan)
_NAME_BEFORE = lazy(r"[\w$]{1,64}$")


def _writes_password(head: str) -> bool:
    """Whether a loose file gives a password-named variable, property, key or argument a literal (`password =
    "..."`, `{"db_password": "..."}`, `login(password="...")`, `creds['pwd'] = '...'`, `smtpPass: '...'`, in
    JavaScript's or Python's spelling): a credential in the repository is one whatever code holds it, so the file
    is read by the rules that judge source credentials. The name is judged whole as those rules judge it: words
    that only end in "pass" (`bypass: 'cache'`, `compass = "north"`) hold no password."""
    if not _holds(head, _PASSWORD_WORDS):
        return False
    from .secrets import is_secret_name
    for m in _PASSWORD_LITERAL.finditer(head):
        name = _NAME_BEFORE.search(head, max(0, m.end() - 64), m.end())
        if name is not None and is_secret_name(name.group(0)):
            return True
    return False


# (the module's dots, then a name that starts with a letter: `\.*[\w.]*` split a line of dots every way, quadratic)
_PY_SETTINGS_STAR = lazy(r"^[^\S\n]*from\s+\.*(?:\w[\w.]*?)?(base|settings|common)\w*\s+import\s+\*", re.M)
_PY_MANIFESTS = ("requirements.txt", "requirements", "pyproject.toml", "Pipfile", "setup.cfg", "setup.py")


def _is_python_backend(path: Path, root: Path, head: str | None, size: int = _HEAD) -> bool:
    """Source of a Django/Flask/FastAPI service: a manifest up the tree names the framework, or the file
    itself imports it or holds Django settings. Scripts and tooling elsewhere are left alone."""
    if _python_manifest_names_framework(path.parent, root):
        return True
    if head is None:
        head = read_head(path, root, size)
    if _PY_SNIFF.search(head):
        return True
    # a project whose manifest names no framework is a library, a CLI or an SDK: its token code is a client's
    # (decoding a token it holds without the key is normal there)
    if _PY_TOKEN_SNIFF.search(head) and not _python_manifest_above(path.parent, root):
        return True
    if ".run(" in head and _PY_LOOSE_SNIFF.search(head) and _is_loose(path.parent, root):
        return True
    if _writes_password(head) and _is_loose(path.parent, root):
        return True
    # a Django settings module that only extends its base: `from .base import *` then overrides
    return "settings" in path.as_posix() and bool(_PY_SETTINGS_STAR.search(head))


@lru_cache(maxsize=4096)
def _python_manifest_names_framework(directory: Path, root: Path) -> bool:
    try:
        names = [n for n in _PY_MANIFESTS if (directory / n).exists()]
        names += [p.name for p in directory.glob("requirements*.txt")][:8]
    except OSError:
        names = []
    for name in names:
        text = read_head(directory / name, root, 200_000)
        if _PY_FRAMEWORKS.search(text) or re.search(r"(django|flask|fastapi|starlette|litestar)[<>=~\[\s\"',]", text, re.I):
            return True
    if directory == root or directory.parent == directory or root not in directory.parents:
        return False
    return _python_manifest_names_framework(directory.parent, root)


def _python_manifest_above(directory: Path, root: Path) -> bool:
    return manifest_above(directory, root, _PY_MANIFESTS, "requirements*.txt")


def backend_package_for(path: Path, root: Path) -> Path | None:
    pkg = _nearest_package(path.parent, root)
    return pkg if pkg is not None and _package_is_backend(pkg, root) else None
