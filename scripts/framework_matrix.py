#!/usr/bin/env python3
"""Write docs/frameworks.md: which rule cases cover which checklist item for which framework or library.

`python scripts/framework_matrix.py` rewrites the page; `--check` exits 1 when it is stale (the test suite
runs the check). Nothing here is typed by hand except what a framework is and which items apply to it: the
counts come from the cases in fixtures/rules/*.yml. A case counts for a framework or library when one of
its files imports it (require/import in JS/TS, import in Python or a requirements/pyproject line; Django by
its settings module; a TypeORM,
Sequelize or knex configuration object by the key that names its driver); it is a
must-fire case when it expects findings, a must-not-fire case when it expects none; it counts for every
checklist item its rule evidences.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "fixtures" / "rules"
DOC = ROOT / "docs" / "frameworks.md"
BACKEND_PREFIXES = ("JS", "PY", "PKG")

_JS_IMPORT = re.compile(r"""(?:\brequire\s*\(\s*|\bfrom\s+|\bimport\s+|\bimport\s*\(\s*)['"]([^'"\n]+)['"]""")
_PY_IMPORT = re.compile(r"^\s*(?:from\s+([\w.]+)\s+import|import\s+([\w.]+))", re.M)
_PY_REQUIREMENT = re.compile(r"^\s*[\"']?([A-Za-z][\w.-]*)", re.M)  # a requirement line's distribution name
_JS_EXT = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts")


@dataclass(frozen=True)
class Target:
    label: str
    web: bool  # a web framework (a column of the grid) rather than a library (a row of the list)
    js: tuple = ()  # modules, any of which imported in JS/TS makes a case count
    py: tuple = ()  # top-level Python packages
    settings: bool = False  # Django: a settings module counts too
    shape: str | None = None  # a configuration object that names the driver without importing it (a knexfile)


def _t(label, web=False, js=(), py=(), settings=False, shape=None):
    return Target(label, web, tuple(js), tuple(py), settings, shape and re.compile(shape))


TARGETS = (
    _t("Express", True, js=("express",)),
    _t("Koa", True, js=("koa", "@koa/router", "koa-router")),
    _t("Fastify", True, js=("fastify",)),
    _t("NestJS", True, js=("@nestjs/core", "@nestjs/common", "@nestjs/jwt", "@nestjs/throttler",
                             "@nestjs/typeorm", "@nestjs/config")),
    _t("Hapi", True, js=("@hapi/hapi", "hapi")),
    _t("node:http", True, js=("http", "node:http", "https", "node:https")),
    _t("Django", True, py=("django", "rest_framework", "corsheaders", "django_ratelimit"), settings=True),
    _t("Flask", True, py=("flask", "flask_cors", "flask_limiter", "flask_talisman")),
    _t("FastAPI", True, py=("fastapi", "slowapi")),
    _t("Starlette", True, py=("starlette",)),
    _t("Litestar", True, py=("litestar", "starlite")),
    # sessions
    _t("express-session", js=("express-session",)), _t("cookie-session", js=("cookie-session",)),
    _t("koa-session", js=("koa-session",)), _t("@fastify/session", js=("@fastify/session",)),
    _t("@fastify/cookie", js=("@fastify/cookie",)), _t("@hapi/yar", js=("@hapi/yar", "yar")),
    _t("@hapi/cookie", js=("@hapi/cookie",)),
    # JWT
    _t("jsonwebtoken", js=("jsonwebtoken",)), _t("jose", js=("jose",)), _t("passport-jwt", js=("passport-jwt",)),
    _t("express-jwt", js=("express-jwt",)), _t("@nestjs/jwt", js=("@nestjs/jwt",)),
    _t("hapi-auth-jwt2", js=("hapi-auth-jwt2",)), _t("@hapi/jwt", js=("@hapi/jwt",)), _t("PyJWT", py=("jwt",)),
    _t("python-jose", py=("jose",)),
    _t("passport OAuth strategies", js=("passport-facebook", "passport-google-oauth20", "passport-google-oauth",
                                        "passport-google-oauth2", "passport-twitter", "passport-github2",
                                        "passport-github", "passport-auth0", "passport-oauth1", "passport-oauth2",
                                        "passport-oauth")),
    # CORS, headers, rate limits
    _t("cors", js=("cors",)), _t("@koa/cors", js=("@koa/cors",)), _t("@fastify/cors", js=("@fastify/cors",)),
    _t("helmet", js=("helmet",)), _t("koa-helmet", js=("koa-helmet",)), _t("@fastify/helmet", js=("@fastify/helmet",)),
    _t("express-rate-limit", js=("express-rate-limit",)), _t("rate-limiter-flexible", js=("rate-limiter-flexible",)),
    _t("koa-ratelimit", js=("koa-ratelimit",)), _t("@fastify/rate-limit", js=("@fastify/rate-limit",)),
    _t("@nestjs/throttler", js=("@nestjs/throttler",)), _t("hapi-rate-limit", js=("hapi-rate-limit",)),
    _t("flask-limiter", py=("flask_limiter",)), _t("flask-talisman", py=("flask_talisman",)), _t("slowapi", py=("slowapi",)),
    _t("django-ratelimit", py=("django_ratelimit", "ratelimit")),
    # database and cache clients
    _t("pg", js=("pg",)), _t("mysql2", js=("mysql2", "mysql2/promise", "mysql")), _t("mssql", js=("mssql",)),
    _t("tedious", js=("tedious",)), _t("mongoose", js=("mongoose",)), _t("TypeORM", js=("typeorm", "@nestjs/typeorm"), shape=r"\btype:\s*['\"](postgres|mysql|mariadb|mssql)['\"]"),
    _t("Prisma", js=("@prisma/client",)), _t("Sequelize", js=("sequelize", "sequelize-typescript"), shape=r"\bdialect:\s*['\"]"),
    _t("knex", js=("knex",), shape=r"\bclient:\s*['\"](pg|mysql2?|mssql|postgres|oracledb)['\"]"),
    _t("redis", js=("redis",)), _t("ioredis", js=("ioredis",)),
    # Redis connections opened by plugins
    _t("@fastify/redis", js=("@fastify/redis",)), _t("bull", js=("bull",)), _t("bullmq", js=("bullmq",)),
    _t("@nestjs/bull", js=("@nestjs/bull", "@nestjs/bullmq")),
    _t("@liaoliaots/nestjs-redis", js=("@liaoliaots/nestjs-redis",)),
    _t("@nestjs-modules/ioredis", js=("@nestjs-modules/ioredis",)),
    _t("cache-manager Redis stores", js=("cache-manager-redis-store", "cache-manager-redis-yet",
                                         "cache-manager-ioredis", "cache-manager-ioredis-yet")),
    _t("@keyv/redis", js=("@keyv/redis",)),
    _t("redis-py", py=("redis", "aioredis")), _t("Celery", py=("celery",)),
)
_BY_LABEL = {t.label: t for t in TARGETS}

_WEB_NODE = ("Express", "Koa", "Fastify", "NestJS", "Hapi", "node:http")
_WEB_PY = ("Django", "Flask", "FastAPI", "Starlette", "Litestar")
_SQL_CLIENTS = ("pg", "mysql2", "mssql", "TypeORM", "Sequelize", "knex")
# Which frameworks and libraries each checklist item about backend source applies to: where the mistake
# can be written. A framework that has no such setting is left out (Koa sends no X-Powered-By header).
APPLIES = {
    "secrets.jwt-secret": ("jsonwebtoken", "jose", "passport-jwt", "express-jwt", "@nestjs/jwt", "hapi-auth-jwt2",
                           "@hapi/jwt", "PyJWT", "python-jose"),
    "backend.jwt-expiry": ("jsonwebtoken", "jose", "@nestjs/jwt", "PyJWT", "python-jose"),
    "secrets.in-repo": ("passport OAuth strategies",),
    "secrets.session-secret": ("express-session", "cookie-session", "koa-session", "@fastify/session",
                               "@fastify/cookie", "@hapi/yar", "@hapi/cookie", "NestJS", "Hapi", "Django", "Flask",
                               "FastAPI", "Starlette"),
    "secrets.session-cookies": ("express-session", "cookie-session", "koa-session", "@fastify/session",
                                "@hapi/yar", "@hapi/cookie", "NestJS", "Hapi", "Django", "Flask", "FastAPI",
                                "Starlette"),
    "tls.cookie-secure": ("express-session", "cookie-session", "koa-session", "@fastify/session", "@hapi/yar",
                          "@hapi/cookie", "NestJS", "Hapi", "Django", "Flask", "FastAPI", "Starlette"),
    "secrets.cors-origins": ("Express", "Koa", "Fastify", "NestJS", "Hapi", "Django", "Flask", "FastAPI",
                             "Starlette", "cors", "@koa/cors", "@fastify/cors"),
    "backend.security-headers": _WEB_NODE + ("Django", "Flask", "FastAPI", "Starlette", "Litestar"),
    "backend.rate-limiting": ("Express", "Koa", "Fastify", "NestJS", "Hapi", "Django", "Flask", "FastAPI",
                              "Litestar"),
    "docker.signals": _WEB_NODE,
    "logging.request-logging": ("Express", "Koa", "Fastify", "NestJS", "Hapi"),
    "tls.hsts": ("helmet", "koa-helmet", "@fastify/helmet", "Django", "flask-talisman"),
    "tls.https-redirect": ("Django", "flask-talisman"),
    "frontend.csp": ("helmet", "koa-helmet", "@fastify/helmet"),
    "frontend.server-tokens": ("Express", "NestJS", "Django", "Flask"),
    "secrets.debug-endpoints": ("Express", "Koa", "Fastify", "NestJS", "Django", "Flask", "FastAPI",
                                "Starlette", "Litestar"),
    "backend.request-limits": ("Express", "Koa", "Fastify", "NestJS"),
    "secrets.db-credentials": _SQL_CLIENTS + ("mongoose", "Prisma", "Django"),
    "database.dedicated-user": _SQL_CLIENTS + ("Django",),
    "database.encryption": ("pg", "mysql2", "mssql", "tedious", "TypeORM", "Sequelize", "knex", "mongoose",
                            "Django"),
    "database.connection-pool": ("pg", "mysql2", "mssql", "mongoose", "redis", "ioredis"),
    "secrets.redis-auth": ("redis", "ioredis", "@fastify/redis", "bull", "bullmq", "@nestjs/bull",
                           "@liaoliaots/nestjs-redis", "@nestjs-modules/ioredis", "cache-manager Redis stores",
                           "@keyv/redis", "redis-py", "Celery"),
}
# Cells that apply but have no case yet. The check fails when a listed gap is filled (drop it from here) or
# when a cell that applies has neither kind of case and is not listed.
GAPS: dict[tuple[str, str], str] = {}


@dataclass
class Cell:
    rules: set = field(default_factory=set)
    fire: int = 0
    clean: int = 0


def targets_of(files: dict) -> set[str]:
    js_mods: set[str] = set()
    py_mods: set[str] = set()
    settings = False
    shaped = set()
    for rel, text in files.items():
        if not isinstance(text, str):
            continue
        if rel.endswith(_JS_EXT):
            js_mods |= set(_JS_IMPORT.findall(text))
            shaped |= {t.label for t in TARGETS if t.shape is not None and t.shape.search(text)}
        elif rel.rsplit("/", 1)[-1].startswith("requirements") or rel.endswith("pyproject.toml"):
            py_mods |= {m.lower().replace("-", "_") for m in _PY_REQUIREMENT.findall(text)}
        elif rel.endswith(".py"):
            mods = {(a or b).split(".")[0] for a, b in _PY_IMPORT.findall(text)}
            if "fastapi" in mods:
                mods.discard("starlette")  # a FastAPI app imports Starlette's middleware
            py_mods |= mods
            name = rel.rsplit("/", 1)[-1]
            if "settings" in rel and ("INSTALLED_APPS" in text or "SECRET_KEY" in text or "DATABASES" in text or
                                      name.startswith(("settings", "base", "prod", "production"))):
                settings = True
    found = shaped | {t.label for t in TARGETS if js_mods & set(t.js) or py_mods & set(t.py) or (t.settings and settings)}
    if "node:http" in found and found & (set(_WEB_NODE) - {"node:http"}):
        found.discard("node:http")  # http.createServer(app) of a framework app is that framework's
    return found


def _rules() -> dict[str, tuple[str, ...]]:
    """Rule id -> checklist items, from every backend rule's META."""
    from linter.catalog import load_catalog
    from linter.loader import load_rules
    rules = load_rules([], load_catalog().ids, use_cache=False)
    return {r.id: tuple(r.meta.checklist) for r in rules if r.id.startswith(BACKEND_PREFIXES)}


def matrix() -> dict[tuple[str, str], Cell]:
    from ruamel.yaml import YAML
    yaml = YAML(typ="safe", pure=True)
    rules = _rules()
    cells: dict[tuple[str, str], Cell] = {}
    for path in sorted(CASES.glob("*.yml")):
        data = yaml.load(path.read_text(encoding="utf-8"))
        items = rules.get(data["rule"])
        if not items:
            continue
        for case in data["cases"]:
            fires = bool(case.get("expect"))
            for label in targets_of(case.get("files") or {}):
                for item in items:
                    cell = cells.setdefault((item, label), Cell())
                    cell.rules.add(data["rule"])
                    cell.fire += fires
                    cell.clean += not fires
    return cells


def problems(cells) -> list[str]:
    out = []
    for item, labels in APPLIES.items():
        for label in labels:
            cell = cells.get((item, label), Cell())
            complete = cell.fire and cell.clean
            if not complete and (item, label) not in GAPS:
                out.append(f"{item} x {label}: {cell.fire} must-fire, {cell.clean} must-not-fire case(s)")
            elif complete and (item, label) in GAPS:
                out.append(f"{item} x {label} is listed in GAPS but has both kinds of case")
    return out


def _cell_text(cell: Cell | None, applies: bool, gap: bool) -> str:
    if cell is None or not (cell.fire or cell.clean):
        return "**gap**" if gap else ("—" if not applies else "**missing**")
    text = f"{' '.join(sorted(cell.rules))} {cell.fire}/{cell.clean}"
    return text + (" **gap**" if gap else "") if applies else text


def render(cells) -> str:
    from linter.catalog import load_catalog
    catalog = load_catalog()
    items = [i for i in catalog.items if i.id in APPLIES]
    web = [t.label for t in TARGETS if t.web]
    lines = [
        "# Framework coverage",
        "",
        "Generated by `python scripts/framework_matrix.py` from the rule cases in `fixtures/rules/*.yml`; do",
        "not edit by hand (`tests/test_framework_matrix.py` fails when this page is stale).",
        "",
        "A case counts for a framework or library when one of its files imports it (Python: also a",
        "requirements or pyproject line; Django: a settings module; TypeORM, Sequelize, knex: a configuration",
        "object naming the driver). Each cell gives the rules whose cases cover the item there, then the",
        "number of must-fire / must-not-fire cases. Every item x framework pair the item applies to (`APPLIES`",
        "in the script) has at least one of each; `—`: no case there, and the item does not apply (the",
        "framework has no such setting, or a library row below covers it).",
        "",
        "## Web frameworks",
        "",
        "| checklist item | " + " | ".join(web) + " |",
        "|---|" + "---|" * len(web),
    ]
    for item in items:
        row = []
        for label in web:
            applies = label in APPLIES[item.id]
            row.append(_cell_text(cells.get((item.id, label)), applies, (item.id, label) in GAPS))
        lines.append(f"| `{item.id}` | " + " | ".join(row) + " |")
    lines += ["", "## Libraries", "", "| checklist item | library | rules | must-fire | must-not-fire |",
              "|---|---|---|---|---|"]
    for item in items:
        for label in APPLIES[item.id]:
            if _BY_LABEL[label].web:
                continue
            cell = cells.get((item.id, label), Cell())
            rules = " ".join(sorted(cell.rules)) or ("**gap**" if (item.id, label) in GAPS else "**missing**")
            lines.append(f"| `{item.id}` | {label} | {rules} | {cell.fire} | {cell.clean} |")
    if GAPS:
        lines += ["", "## Known gaps", ""]
        lines += [f"- `{item}` x {label}: {why}" for (item, label), why in sorted(GAPS.items())]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    cells = matrix()
    text = render(cells)
    if "--check" in argv:
        stale = not DOC.is_file() or DOC.read_text(encoding="utf-8") != text
        if stale:
            print(f"{DOC.relative_to(ROOT)} is stale: run python scripts/framework_matrix.py", file=sys.stderr)
        issues = problems(cells)
        for issue in issues:
            print(issue, file=sys.stderr)
        return 1 if stale or issues else 0
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
