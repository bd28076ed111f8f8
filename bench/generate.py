#!/usr/bin/env python3
"""Deterministic generator of benchmark repositories for prodlint.

    python bench/generate.py --kind app|monorepo [--services N] [--seed S] [--force] [--no-git] OUT

The same arguments always write a byte-identical tree (and, with fixed author and
commit dates, the same git commit). Nothing here imports prodlint.

Corpora
-------
``app``       a small full-stack application (about 50 files): an Express backend, a
              React frontend, docker compose with backend/frontend/nginx/redis/mssql,
              Dockerfiles, nginx configuration, redis.conf and env files.
``monorepo``  a monorepo scaled by ``--services``. At 200 services it holds about 200
              compose files, 300 Dockerfiles, 100 nginx configurations, 600 env
              files, 5,000 JS/TS files of 50-800 lines and 20,000 files a linter must
              skip (binaries, markdown, and git-ignored ``node_modules/`` and
              ``dist/``).

Configuration is a mix of good and bad (weak JWT secrets, missing healthchecks,
``:latest`` images, nginx without HSTS, ``cors()``, ``jwt.sign`` with literal
secrets...), varied with the seed so that rules do real work.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

GENERATOR_VERSION = "1"

ENTITIES = ["user", "order", "invoice", "product", "cart", "payment", "report", "account", "team", "project",
            "task", "comment", "notification", "subscription", "shipment", "review", "coupon", "webhook",
            "audit", "customer", "ticket", "message", "upload", "schedule", "tenant", "plan", "device", "event"]
SERVICE_WORDS = ["auth", "billing", "catalog", "checkout", "search", "inventory", "shipping", "profile", "gateway",
                 "notify", "media", "analytics", "reporting", "orders", "payments", "pricing", "reviews",
                 "accounts", "sessions", "webhooks", "scheduler", "export", "import", "mailer", "ledger"]
WEAK_SECRETS = ["secret", "changeme", "jwtsecret", "supersecret", "mysecretkey", "password123", "dev-secret",
                "your-256-bit-secret", "s3cr3t", "keyboard cat", "please-change-me"]
FIELDS = ["name", "email", "status", "title", "amount", "currency", "createdAt", "updatedAt", "ownerId",
          "description", "quantity", "price", "region", "priority", "dueDate", "tags", "locale", "phone"]
STATUS = ["active", "pending", "archived", "failed", "complete", "draft"]
NODE_IMAGES_GOOD = ["node:20.11.1-alpine", "node:20-bookworm-slim", "node:18.19.0-alpine3.19", "node:22.2.0-slim"]
NODE_IMAGES_BAD = ["node:latest", "node", "node:current"]


def cap(word: str) -> str:
    """An identifier-safe capitalised name: ``shop-api`` -> ``ShopApi``."""
    return "".join(part[:1].upper() + part[1:] for part in word.replace("_", "-").split("-"))


def plural(word: str) -> str:
    return word[:-1] + "ies" if word.endswith("y") else word + "s"


def hexs(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def tok(rng: random.Random, n: int) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(rng.choice(alphabet) for _ in range(n))


# ---------------------------------------------------------------------------------------------
# JavaScript / TypeScript
# ---------------------------------------------------------------------------------------------

class JsStyle:
    def __init__(self, rng: random.Random, ts: bool, esm: bool):
        self.rng = rng
        self.ts = ts
        self.esm = esm or ts

    def t(self, annotation: str) -> str:
        return annotation if self.ts else ""

    def imp(self, name: str, module: str) -> str:
        return f"import {name} from '{module}';" if self.esm else f"const {name} = require('{module}');"

    def imp_named(self, names: list[str], module: str) -> str:
        joined = ", ".join(names)
        return f"import {{ {joined} }} from '{module}';" if self.esm else f"const {{ {joined} }} = require('{module}');"


def js_header(st: JsStyle, ent: str, extra: list[str]) -> list[str]:
    rng = st.rng
    lines = ["'use strict';", ""] if not st.esm and rng.random() < 0.5 else []
    lines.append(f"// {cap(ent)} module: generated benchmark source ({rng.choice(['routes', 'service', 'helpers'])})")
    for name, module in extra:
        lines.append(st.imp(name, module))
    lines.append("")
    return lines


def js_route(st: JsStyle, ent: str, method: str, idx: int) -> list[str]:
    rng = st.rng
    E, es = cap(ent), plural(ent)
    req = st.t(": Request")
    res = st.t(": Response")
    nxt = st.t(": NextFunction")
    path = {"get": f"/{es}/:id", "post": f"/{es}", "put": f"/{es}/:id", "delete": f"/{es}/:id",
            "patch": f"/{es}/:id/status"}[method]
    f1, f2 = rng.sample(FIELDS, 2)
    lines = [
        f"router.{method}('{path}'{', requireAuth' if rng.random() < 0.7 else ''}, async (req{req}, res{res}, next{nxt}) => {{",
        "  try {",
    ]
    if method in ("post", "put", "patch"):
        lines += [
            f"    const errors = validate{E}(req.body);",
            "    if (errors.length > 0) {",
            "      return res.status(400).json({ errors });",
            "    }",
        ]
    if method == "get":
        lines += [
            f"    const {ent} = await {ent}Service.findById(req.params.id);",
            f"    if (!{ent}) {{",
            f"      return res.status(404).json({{ error: '{E} not found' }});",
            "    }",
            f"    res.json({{ data: {ent}, {f1}: {ent}.{f1} }});",
        ]
    elif method == "post":
        lines += [
            f"    const created = await {ent}Service.create({{ ...req.body, {f1}: req.body.{f1} || null }});",
            f"    logger.info('{ent} created', {{ id: created.id, route: {idx} }});",
            "    res.status(201).json({ data: created });",
        ]
    elif method == "delete":
        lines += [
            f"    await {ent}Service.remove(req.params.id);",
            "    res.status(204).end();",
        ]
    else:
        lines += [
            f"    const updated = await {ent}Service.update(req.params.id, {{ {f1}: req.body.{f1}, {f2}: req.body.{f2} }});",
            "    res.json({ data: updated });",
        ]
    lines += ["  } catch (err) {", "    next(err);", "  }", "});", ""]
    return lines


def js_validator(st: JsStyle, ent: str) -> list[str]:
    rng = st.rng
    E = cap(ent)
    fields = rng.sample(FIELDS, rng.randint(3, 7))
    sig = f"function validate{E}(body{st.t(': Record<string, unknown>')}){st.t(': string[]')} {{"
    lines = ["/**", f" * Validate a {ent} payload; returns a list of problems.", " */", sig,
             f"  const errors{st.t(': string[]')} = [];",
             "  if (!body || typeof body !== 'object') {", "    return ['body must be an object'];", "  }"]
    for f in fields:
        kind = rng.choice(["string", "number", "present"])
        if kind == "string":
            lines += [f"  if (body.{f} !== undefined && typeof body.{f} !== 'string') {{",
                      f"    errors.push('{f} must be a string');", "  }"]
        elif kind == "number":
            lines += [f"  if (body.{f} !== undefined && Number.isNaN(Number(body.{f}))) {{",
                      f"    errors.push('{f} must be a number');", "  }"]
        else:
            lines += [f"  if (body.{f} === undefined || body.{f} === null) {{",
                      f"    errors.push('{f} is required');", "  }"]
    lines += ["  return errors;", "}", ""]
    return lines


def js_service_class(st: JsStyle, ent: str) -> list[str]:
    rng = st.rng
    E, es = cap(ent), plural(ent)
    cols = ", ".join(rng.sample(FIELDS, rng.randint(2, 6)))
    lines = []
    if st.ts:
        lines += [f"export interface {E}Record {{", "  id: string;"]
        for f in rng.sample(FIELDS, rng.randint(2, 6)):
            lines.append(f"  {f}?: {rng.choice(['string', 'number', 'boolean', 'Date', 'string[]'])};")
        lines += ["}", ""]
    lines += [f"class {E}Service {{",
              f"  constructor(db{st.t(': Database')}, cache{st.t(': Cache')}) {{" if not st.ts else
              "  constructor(private db: Database, private cache: Cache) {"]
    if not st.ts:
        lines += ["    this.db = db;", "    this.cache = cache;"]
    ret = st.t(f": Promise<{E}Record | null>")
    lines += ["  }", "",
              f"  async findById(id{st.t(': string')}){ret} {{",
              f"    const cached = await this.cache.get(`{ent}:${{id}}`);",
              "    if (cached) {", "      return JSON.parse(cached);", "    }",
              f"    const rows = await this.db.query('SELECT id, {cols} FROM {es} WHERE id = $1', [id]);",
              "    const row = rows[0] || null;",
              "    if (row) {",
              f"      await this.cache.set(`{ent}:${{id}}`, JSON.stringify(row), 'EX', {rng.choice([60, 300, 900, 3600])});",
              "    }", "    return row;", "  }", "",
              f"  async list(page{st.t(': number')} = 1, size{st.t(': number')} = {rng.choice([10, 20, 25, 50])}) {{",
              "    const offset = (Math.max(page, 1) - 1) * size;",
              f"    return this.db.query('SELECT id, {cols} FROM {es} ORDER BY id LIMIT $1 OFFSET $2', [size, offset]);",
              "  }", "",
              f"  async create(input{st.t(f': Partial<{E}Record>')}) {{",
              f"    const result = await this.db.query('INSERT INTO {es} ({cols}) VALUES ($1) RETURNING id', [input]);",
              f"    await this.cache.del('{es}:list');",
              "    return { id: result[0].id, ...input };", "  }", "",
              f"  async update(id{st.t(': string')}, patch{st.t(f': Partial<{E}Record>')}) {{",
              "    const keys = Object.keys(patch);",
              "    if (keys.length === 0) {", "      return this.findById(id);", "    }",
              "    const sets = keys.map((key, i) => `${key} = $${i + 2}`).join(', ');",
              f"    await this.db.query(`UPDATE {es} SET ${{sets}} WHERE id = $1`, [id, ...keys.map((k) => patch[k])]);",
              f"    await this.cache.del(`{ent}:${{id}}`);",
              "    return this.findById(id);", "  }", "",
              f"  async remove(id{st.t(': string')}) {{",
              f"    await this.db.query('DELETE FROM {es} WHERE id = $1', [id]);",
              f"    await this.cache.del(`{ent}:${{id}}`);", "  }", "}", ""]
    return lines


def js_jwt(st: JsStyle, rng: random.Random, secret_style: str) -> list[str]:
    """secret_style: literal | env | env-no-expiry | verify-none."""
    lines = [f"function issueToken(user{st.t(': { id: string; role: string }')}){st.t(': string')} {{",
             "  const payload = { sub: user.id, role: user.role };"]
    if secret_style == "literal":
        lines.append(f"  return jwt.sign(payload, '{rng.choice(WEAK_SECRETS)}', {{ expiresIn: '{rng.choice(['1h', '7d', '30d'])}' }});")
    elif secret_style == "env-no-expiry":
        lines.append("  return jwt.sign(payload, process.env.JWT_SECRET);")
    else:
        lines.append(f"  return jwt.sign(payload, process.env.JWT_SECRET, {{ expiresIn: process.env.JWT_EXPIRES_IN || '{rng.choice(['15m', '1h'])}' }});")
    lines += ["}", "",
              f"function verifyToken(token{st.t(': string')}) {{"]
    if secret_style == "verify-none":
        lines.append("  return jwt.verify(token, process.env.JWT_SECRET, { algorithms: ['none', 'HS256'] });")
    else:
        lines.append("  return jwt.verify(token, process.env.JWT_SECRET, { algorithms: ['HS256'] });")
    lines += ["}", "",
              f"function requireAuth(req{st.t(': Request')}, res{st.t(': Response')}, next{st.t(': NextFunction')}) {{",
              "  const header = req.headers.authorization || '';",
              "  const token = header.startsWith('Bearer ') ? header.slice(7) : null;",
              "  if (!token) {", "    return res.status(401).json({ error: 'missing token' });", "  }",
              "  try {", "    req.user = verifyToken(token);", "    return next();",
              "  } catch (err) {", "    return res.status(401).json({ error: 'invalid token' });", "  }", "}", ""]
    return lines


def js_utils(st: JsStyle, ent: str, n: int) -> list[str]:
    rng = st.rng
    E = cap(ent)
    kind = rng.choice(["paginate", "format", "retry", "group", "sanitize", "money"])
    name = f"{kind}{E}{n}"
    if kind == "paginate":
        return [f"function {name}(items{st.t(': unknown[]')}, page{st.t(': number')}, size{st.t(': number')}) {{",
                "  const total = items.length;", "  const pages = Math.ceil(total / size);",
                "  const start = (page - 1) * size;",
                "  return { items: items.slice(start, start + size), total, pages, page };", "}", ""]
    if kind == "format":
        f = rng.choice(FIELDS)
        return [f"function {name}(record{st.t(': any')}) {{", "  return {",
                "    id: String(record.id),", f"    {f}: record.{f} ?? null,",
                "    createdAt: record.createdAt ? new Date(record.createdAt).toISOString() : null,",
                f"    label: `{E} #${{record.id}}`,", "  };", "}", ""]
    if kind == "retry":
        return [f"async function {name}(fn{st.t(': () => Promise<any>')}, attempts{st.t(': number')} = {rng.randint(2, 6)}) {{",
                "  let lastError;", "  for (let i = 0; i < attempts; i += 1) {", "    try {",
                "      return await fn();", "    } catch (err) {", "      lastError = err;",
                f"      await new Promise((resolve) => setTimeout(resolve, {rng.choice([50, 100, 250])} * 2 ** i));",
                "    }", "  }", "  throw lastError;", "}", ""]
    if kind == "group":
        f = rng.choice(FIELDS)
        return [f"function {name}(records{st.t(': any[]')}) {{", "  const groups = {};",
                "  for (const record of records) {", f"    const key = record.{f} || 'unknown';",
                "    if (!groups[key]) {", "      groups[key] = [];", "    }", "    groups[key].push(record);",
                "  }", "  return groups;", "}", ""]
    if kind == "sanitize":
        return [f"function {name}(input{st.t(': string')}) {{", "  return String(input)",
                "    .replace(/[<>]/g, '')", "    .replace(/\\s+/g, ' ')", f"    .slice(0, {rng.choice([64, 128, 256, 1024])})",
                "    .trim();", "}", ""]
    return [f"function {name}(cents{st.t(': number')}, currency{st.t(': string')} = '{rng.choice(['USD', 'EUR', 'GBP'])}') {{",
            "  const amount = (cents / 100).toFixed(2);",
            f"  return new Intl.NumberFormat('{rng.choice(['en-US', 'de-DE', 'fr-FR'])}', {{ style: 'currency', currency }}).format(Number(amount));",
            "}", ""]


def js_app_setup(st: JsStyle, rng: random.Random, bad: dict) -> list[str]:
    lines = ["const app = express();", "", "app.disable('x-powered-by');", "app.use(express.json({ limit: '1mb' }));"]
    if bad["cors"] == "open":
        lines.append("app.use(cors());")
    elif bad["cors"] == "reflect":
        lines.append("app.use(cors({ origin: true, credentials: true }));")
    else:
        lines += ["const allowed = (process.env.CORS_ORIGINS || '').split(',').filter(Boolean);",
                  "app.use(cors({ origin: allowed, credentials: true }));"]
    if bad["session"] == "literal":
        lines += ["app.use(session({", f"  secret: '{rng.choice(WEAK_SECRETS)}',", "  resave: false,",
                  "  saveUninitialized: false,", "  cookie: { secure: false, httpOnly: false },", "}));"]
    else:
        lines += ["app.use(session({", "  secret: process.env.SESSION_SECRET,", "  resave: false,",
                  "  saveUninitialized: false,",
                  "  cookie: { secure: true, httpOnly: true, sameSite: 'strict', maxAge: 3600000 },", "}));"]
    lines += ["", "app.get('/healthz', (req, res) => {", "  res.json({ status: 'ok', uptime: process.uptime() });",
              "});", "",
              "app.post('/login', async (req, res, next) => {", "  try {",
              "    const user = await authenticate(req.body.email, req.body.password);",
              "    if (!user) {", "      return res.status(401).json({ error: 'invalid credentials' });", "    }",
              "    const token = issueToken(user);"]
    if bad["cookie"]:
        lines.append("    res.cookie('token', token, { httpOnly: false });")
    else:
        lines.append("    res.cookie('token', token, { httpOnly: true, secure: true, sameSite: 'strict' });")
    lines += ["    return res.json({ token });", "  } catch (err) {", "    return next(err);", "  }", "});", "",
              "app.use((err, req, res, next) => {", "  logger.error(err);",
              "  res.status(err.status || 500).json({ error: 'internal error' });", "});", ""]
    return lines


def js_file(rng: random.Random, role: str, ent: str, target: int, ts: bool, esm: bool, bad: dict) -> str:
    st = JsStyle(rng, ts, esm)
    E = cap(ent)
    lines: list[str] = []
    if role == "app":
        lines += js_header(st, ent, [("express", "express"), ("cors", "cors"), ("session", "express-session"),
                                     ("jwt", "jsonwebtoken"), ("logger", "./logger")])
        lines += js_jwt(st, rng, bad["jwt"])
        lines += ["async function authenticate(email, password) {",
                  "  // looked up by the accounts service; stubbed for the benchmark", "  return email && password ? { id: '1', role: 'user' } : null;",
                  "}", ""]
        lines += js_app_setup(st, rng, bad)
    elif role == "routes":
        lines += js_header(st, ent, [("express", "express"), (f"{ent}Service", f"../services/{ent}"),
                                     ("logger", "../logger")])
        lines += [st.imp_named(["requireAuth"], "../middleware/auth"), "", "const router = express.Router();", ""]
        lines += js_validator(st, ent)
    elif role == "middleware":
        lines += js_header(st, ent, [("jwt", "jsonwebtoken")])
        lines += js_jwt(st, rng, bad["jwt"])
    else:
        lines += js_header(st, ent, [("logger", "../logger")])
    n = 0
    methods = ["get", "post", "put", "delete", "patch"]
    while len(lines) < target - 6:
        n += 1
        if role == "routes":
            choice = rng.random()
            if choice < 0.6:
                lines += js_route(st, ent, methods[n % 5], n)
            elif choice < 0.75:
                lines += js_validator(st, rng.choice(ENTITIES) + str(n))
            else:
                lines += js_utils(st, ent, n)
        elif role == "service":
            if n == 1 or rng.random() < 0.25:
                lines += js_service_class(st, ent if n == 1 else rng.choice(ENTITIES) + str(n))
            else:
                lines += js_utils(st, ent, n)
        else:
            lines += js_utils(st, ent, n) if rng.random() < 0.8 else js_validator(st, rng.choice(ENTITIES) + str(n))
    # exports
    if role == "routes":
        lines.append("export default router;" if st.esm else "module.exports = router;")
    elif role == "app":
        lines += [f"const port = Number(process.env.PORT || {rng.choice([3000, 4000, 8080])});",
                  "if (require.main === module || process.env.START_SERVER) {" if not st.esm else "if (process.env.START_SERVER) {",
                  "  app.listen(port, () => logger.info(`listening on ${port}`));", "}",
                  "export default app;" if st.esm else "module.exports = app;"]
    elif role == "middleware":
        lines.append("export { issueToken, verifyToken, requireAuth };" if st.esm
                     else "module.exports = { issueToken, verifyToken, requireAuth };")
    elif role == "service":
        lines.append(f"export default {E}Service;" if st.esm else f"module.exports = {E}Service;")
    else:
        lines.append(f"export const version = '{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 50)}';"
                     if st.esm else f"module.exports.version = '{rng.randint(1, 9)}.{rng.randint(0, 20)}.0';")
    return "\n".join(lines) + "\n"


def jsx_component(rng: random.Random, ent: str, target: int, ts: bool) -> str:
    E, es = cap(ent), plural(ent)
    lines = ["import React, { useEffect, useState } from 'react';", "import { api } from '../api';", ""]
    n = 0
    while len(lines) < target - 4:
        n += 1
        fields = rng.sample(FIELDS, rng.randint(2, 5))
        props = "{ id }" + (": { id: string }" if ts else "")
        lines += [f"export function {E}Panel{n}({props}) {{", f"  const [{ent}, set{E}] = useState(null);",
                  "  const [error, setError] = useState(null);", "", "  useEffect(() => {",
                  f"    api.get(`/{es}/${{id}}`).then(set{E}).catch(setError);", "  }, [id]);", "",
                  "  if (error) {", "    return <p className=\"error\">{String(error)}</p>;", "  }",
                  f"  if (!{ent}) {{", "    return <p>Loading...</p>;", "  }", "  return (",
                  f"    <section className=\"{ent}-panel\">", f"      <h2>{E} {{{ent}.id}}</h2>", "      <dl>"]
        for f in fields:
            lines += [f"        <dt>{f}</dt>", f"        <dd>{{String({ent}.{f} ?? '')}}</dd>"]
        lines += ["      </dl>", "    </section>", "  );", "}", ""]
    lines.append(f"export default {E}Panel1;")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# configuration files
# ---------------------------------------------------------------------------------------------

def env_file(rng: random.Random, name: str, svc: str, variant: str) -> str:
    """variant: production | example | local."""
    good = rng.random() < 0.45
    lines = [f"# {svc}: {variant} settings", ""]
    node_env = "production" if variant == "production" and (good or rng.random() < 0.5) else \
        rng.choice(["development", "production", "dev"])
    lines.append(f"NODE_ENV={node_env}")
    lines.append(f"PORT={rng.choice([3000, 4000, 5000, 8080])}")
    if variant == "example":
        secret = rng.choice(["", "change-me", "<generate with openssl rand -hex 32>"])
    else:
        secret = hexs(rng, 64) if good else rng.choice(WEAK_SECRETS)
    lines.append(f"JWT_SECRET={secret}")
    lines.append(f"JWT_EXPIRES_IN={rng.choice(['15m', '1h', '7d', '365d', '0'])}")
    lines.append(f"SESSION_SECRET={tok(rng, 48) if good else rng.choice(WEAK_SECRETS)}")
    db_user = rng.choice(["app", svc.replace("-", "_"), "postgres", "sa", "root"])
    db_pass = tok(rng, 24) if good else rng.choice(["password", "postgres", "admin", "123456", "root"])
    ssl = rng.choice(["sslmode=require", "sslmode=disable", "ssl=true", ""])
    lines.append(f"DATABASE_URL=postgres://{db_user}:{db_pass}@db:5432/{svc.replace('-', '_')}" + (f"?{ssl}" if ssl else ""))
    if rng.random() < 0.4:
        lines.append(f"MSSQL_SA_PASSWORD={db_pass}")
        lines.append(f"DB_ENCRYPT={rng.choice(['true', 'false'])}")
    lines.append(f"REDIS_URL=redis://{(':' + tok(rng, 20) + '@') if good else ''}redis:6379/0")
    lines.append(f"CORS_ORIGIN={'https://app.example.com' if good else rng.choice(['*', 'https://app.example.com', '*'])}")
    lines.append(f"PUBLIC_URL={'https' if good or rng.random() < 0.5 else 'http'}://{svc}.example.com")
    if rng.random() < 0.5:
        lines.append(f"SSO_REDIRECT_URL={'https://' + svc + '.example.com/callback' if good else 'http://localhost:3000/callback'}")
    lines.append(f"LOG_LEVEL={rng.choice(['info', 'warn', 'debug', 'trace', 'info'])}")
    if rng.random() < 0.6:
        lines.append(f"RATE_LIMIT_MAX={rng.choice([100, 300, 1000, 0])}")
        lines.append(f"RATE_LIMIT_WINDOW_MS={rng.choice([60000, 900000])}")
    for i in range(rng.randint(3, 25)):
        key = f"{rng.choice(['FEATURE', 'CACHE', 'UPSTREAM', 'QUEUE', 'MAIL', 'S3', 'METRICS'])}_{rng.choice(FIELDS).upper()}_{i}"
        value = rng.choice(["true", "false", str(rng.randint(1, 10000)), f"https://{svc}-{i}.internal",
                            f"\"quoted value {i}\"", f"'{tok(rng, 8)}'"])
        if rng.random() < 0.15:
            lines.append(f"# {key.lower().replace('_', ' ')}")
        lines.append(f"{key}={value}")
    return "\n".join(lines) + "\n"


def dockerfile(rng: random.Random, svc: str, prod: bool, frontend: bool = False) -> str:
    good = rng.random() < 0.45
    image = rng.choice(NODE_IMAGES_GOOD) if good or rng.random() < 0.4 else rng.choice(NODE_IMAGES_BAD)
    lines = [f"# {svc} image", ""]
    multi = rng.random() < 0.6
    if multi:
        lines += [f"FROM {image} AS build", "WORKDIR /app", "COPY package*.json ./", "RUN npm ci",
                  "COPY . .", "RUN npm run build && npm prune --omit=dev", ""]
    if frontend:
        lines += [f"FROM nginx:{rng.choice(['1.25.4-alpine', 'latest', 'stable', '1.27'])}",
                  "COPY --from=build /app/dist /usr/share/nginx/html" if multi else "COPY dist /usr/share/nginx/html",
                  "COPY nginx/nginx.conf /etc/nginx/nginx.conf", "EXPOSE 80"]
        if good:
            lines.append("HEALTHCHECK --interval=30s --timeout=3s CMD wget -qO- http://localhost/ || exit 1")
        lines.append('CMD ["nginx", "-g", "daemon off;"]')
        return "\n".join(lines) + "\n"
    lines += [f"FROM {image}", "WORKDIR /usr/src/app"]
    lines.append(f"ENV NODE_ENV={'production' if good or rng.random() < 0.5 else 'development'}")
    if rng.random() < 0.3:
        lines.append(f"ENV JWT_SECRET={rng.choice(WEAK_SECRETS) if not good else hexs(rng, 64)}")
    if multi:
        lines += ["COPY --from=build /app/node_modules ./node_modules", "COPY --from=build /app/dist ./dist",
                  "COPY --from=build /app/package.json ./"]
    else:
        lines += ["COPY package*.json ./", "RUN npm install" + (" --omit=dev" if good else ""), "COPY . ."]
    if rng.random() < 0.5:
        lines += ["RUN apk add --no-cache curl \\", "    && addgroup -S app && adduser -S app -G app \\",
                  "    && chown -R app:app /usr/src/app"]
    port = rng.choice([3000, 4000, 8080])
    lines.append(f"EXPOSE {port}")
    if good or rng.random() < 0.3:
        lines.append(rng.choice(["USER node", "USER app", "USER 1000:1000"]))
    if good or rng.random() < 0.2:
        lines.append(f"HEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD node -e \"fetch('http://localhost:{port}/healthz').then(r => process.exit(r.ok ? 0 : 1))\"")
    entry = "dist/index.js" if multi else "src/index.js"
    lines.append(f'CMD ["node", "{entry}"]' if good or rng.random() < 0.5 else
                 rng.choice(["CMD npm start", f"CMD node {entry}", f"ENTRYPOINT node {entry}"]))
    return "\n".join(lines) + "\n"


def compose_service(rng: random.Random, name: str, good: bool, build: str | None, image: str | None,
                    port: int | None, env_files: list[str], extra_env: dict[str, str], db: bool = False,
                    extra_lines: list[str] | None = None) -> list[str]:
    lines = [f"  {name}:"]
    if build:
        if rng.random() < 0.5:
            lines.append(f"    build: {build}")
        else:
            lines += ["    build:", f"      context: {build}", "      dockerfile: Dockerfile"]
    if image:
        lines.append(f"    image: {image}")
    if good or rng.random() < 0.4:
        lines.append(f"    restart: {rng.choice(['unless-stopped', 'always', 'on-failure'])}")
    if port:
        if db and not good:
            lines += ["    ports:", f"      - \"{port}:{port}\""]
        elif not db:
            bind = "127.0.0.1:" if good and rng.random() < 0.5 else ""
            lines += ["    ports:", f"      - \"{bind}{port}:{port}\""]
        else:
            lines += ["    expose:", f"      - \"{port}\""]
    if env_files:
        lines.append("    env_file:")
        lines += [f"      - {e}" for e in env_files]
    if extra_env:
        lines.append("    environment:")
        for k, v in extra_env.items():
            lines.append(f"      {k}: {v}")
    if good or rng.random() < 0.35:
        test = rng.choice(['["CMD", "wget", "-qO-", "http://localhost/healthz"]', '["CMD-SHELL", "curl -f http://localhost/ || exit 1"]'])
        lines += ["    healthcheck:", f"      test: {test}", "      interval: 30s", "      timeout: 5s", "      retries: 3"]
    if good or rng.random() < 0.25:
        lines += ["    deploy:", "      resources:", "        limits:", f"          cpus: \"{rng.choice(['0.5', '1', '2'])}\"",
                  f"          memory: {rng.choice(['256M', '512M', '1G'])}"]
    if good or rng.random() < 0.3:
        lines += ["    logging:", "      driver: json-file", "      options:", "        max-size: \"10m\"", "        max-file: \"3\""]
    if not good and rng.random() < 0.08:
        lines.append("    privileged: true")
    if extra_lines:
        lines += extra_lines
    elif not good and rng.random() < 0.08:
        lines += ["    volumes:", "      - /var/run/docker.sock:/var/run/docker.sock"]
    if good and rng.random() < 0.5:
        lines += ["    cap_drop:", "      - ALL", "    read_only: true"]
    if not good and rng.random() < 0.05:
        lines.append("    network_mode: host")
    lines.append("")
    return lines


def nginx_conf(rng: random.Random, upstream: str, full: bool) -> str:
    good = rng.random() < 0.45
    lines = []
    ind = ""
    if full:
        lines += [f"worker_processes {rng.choice(['auto', '2', '4'])};", "", "events {", "    worker_connections 1024;",
                  "}", "", "http {", "    include       /etc/nginx/mime.types;", "    default_type  application/octet-stream;",
                  "    sendfile on;", "    keepalive_timeout 65;"]
        if good or rng.random() < 0.4:
            lines.append("    server_tokens off;")
        if rng.random() < 0.6:
            lines += ["    gzip on;", "    gzip_types text/plain application/json application/javascript text/css;"]
        lines.append("")
        ind = "    "
    port = rng.choice([3000, 4000, 8080])
    lines += [f"{ind}upstream {upstream.replace('-', '_')}_backend {{", f"{ind}    server {upstream}:{port};",
              f"{ind}    keepalive 16;", f"{ind}}}", ""]
    if good or rng.random() < 0.5:
        lines += [f"{ind}server {{", f"{ind}    listen 80;", f"{ind}    server_name {upstream}.example.com;",
                  f"{ind}    return 301 https://$host$request_uri;", f"{ind}}}", ""]
        lines += [f"{ind}server {{", f"{ind}    listen 443 ssl;", f"{ind}    http2 on;",
                  f"{ind}    server_name {upstream}.example.com;",
                  f"{ind}    ssl_certificate /etc/nginx/certs/{upstream}.crt;",
                  f"{ind}    ssl_certificate_key /etc/nginx/certs/{upstream}.key;",
                  f"{ind}    ssl_protocols {'TLSv1.2 TLSv1.3' if good else rng.choice(['TLSv1 TLSv1.1 TLSv1.2', 'TLSv1.2 TLSv1.3'])};"]
    else:
        lines += [f"{ind}server {{", f"{ind}    listen 80;", f"{ind}    server_name {upstream}.example.com;"]
    if good:
        lines += [f"{ind}    add_header Strict-Transport-Security \"max-age=31536000; includeSubDomains\" always;",
                  f"{ind}    add_header X-Content-Type-Options nosniff always;",
                  f"{ind}    add_header X-Frame-Options DENY always;"]
    elif rng.random() < 0.3:
        lines.append(f"{ind}    add_header X-Frame-Options SAMEORIGIN;")
    lines.append(f"{ind}    client_max_body_size {rng.choice(['1m', '10m', '100m', '0'])};")
    lines += ["", f"{ind}    location / {{", f"{ind}        root /usr/share/nginx/html;", f"{ind}        index index.html;",
              f"{ind}        try_files $uri $uri/ /index.html;", f"{ind}    }}", ""]
    lines += [f"{ind}    location /api/ {{", f"{ind}        proxy_pass http://{upstream.replace('-', '_')}_backend/;",
              f"{ind}        proxy_http_version 1.1;", f"{ind}        proxy_set_header Host $host;",
              f"{ind}        proxy_set_header X-Real-IP $remote_addr;",
              f"{ind}        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
              f"{ind}        proxy_set_header X-Forwarded-Proto $scheme;"]
    if good or rng.random() < 0.5:
        lines.append(f"{ind}        proxy_read_timeout {rng.choice(['30s', '60s', '300s'])};")
    lines += [f"{ind}    }}", ""]
    if rng.random() < 0.3:
        lines += [f"{ind}    location /static/ {{", f"{ind}        alias /var/www/static/;",
                  f"{ind}        expires 7d;", f"{ind}    }}", ""]
    if not good and rng.random() < 0.3:
        lines += [f"{ind}    location /files {{", f"{ind}        autoindex on;", f"{ind}        root /srv;", f"{ind}    }}", ""]
    lines.append(f"{ind}}}")
    if full:
        lines.append("}")
    return "\n".join(lines) + "\n"


def redis_conf(rng: random.Random) -> str:
    good = rng.random() < 0.5
    lines = ["# redis configuration", f"bind {'127.0.0.1 -::1' if good else rng.choice(['0.0.0.0', '127.0.0.1'])}",
             f"protected-mode {'yes' if good or rng.random() < 0.5 else 'no'}", "port 6379", "tcp-keepalive 300",
             "timeout 0", "databases 16"]
    if good:
        lines.append(f"requirepass {tok(rng, 40)}")
        lines += ['rename-command FLUSHALL ""', 'rename-command CONFIG ""', 'rename-command DEBUG ""']
    if rng.random() < 0.6:
        lines += ["appendonly yes", "appendfsync everysec"]
    else:
        lines += ["save \"\"", "appendonly no"]
    lines += [f"maxmemory {rng.choice(['256mb', '512mb', '1gb'])}", f"maxmemory-policy {rng.choice(['allkeys-lru', 'noeviction'])}",
              "loglevel notice"]
    return "\n".join(lines) + "\n"


def package_json(rng: random.Random, name: str, backend: bool, ts: bool) -> str:
    if backend:
        deps = {"express": "^4.19.2", "jsonwebtoken": "^9.0.2", "cors": "^2.8.5", "express-session": "^1.18.0",
                "pg": "^8.11.3", "ioredis": "^5.3.2"}
        if rng.random() < 0.4:
            deps["mssql"] = "^10.0.2"
        if rng.random() < 0.5:
            deps["helmet"] = "^7.1.0"
        if rng.random() < 0.5:
            deps["express-rate-limit"] = "^7.2.0"
        scripts = {"start": "node dist/index.js" if ts else "node src/index.js",
                   "dev": "nodemon src/index." + ("ts" if ts else "js"), "test": "jest"}
        if ts:
            scripts["build"] = "tsc -p ."
        dev = {"jest": "^29.7.0", "nodemon": "^3.1.0"}
        if ts:
            dev.update({"typescript": "^5.4.2", "@types/express": "^4.17.21"})
    else:
        deps = {"react": "^18.2.0", "react-dom": "^18.2.0", "react-router-dom": "^6.22.3"}
        scripts = {"dev": "vite", "build": "vite build", "preview": "vite preview"}
        dev = {"vite": "^5.2.0", "@vitejs/plugin-react": "^4.2.1"}
    import json
    data = {"name": name, "version": f"{rng.randint(0, 3)}.{rng.randint(0, 30)}.{rng.randint(0, 9)}", "private": True,
            "scripts": scripts, "dependencies": deps, "devDependencies": dev}
    if backend and rng.random() < 0.5:
        data["main"] = "src/index.js"
    return json.dumps(data, indent=2) + "\n"


def markdown(rng: random.Random, title: str, paras: int) -> str:
    words = ["deploy", "service", "config", "the", "with", "a", "production", "token", "cache", "request", "team",
             "owner", "release", "container", "secret", "rotate", "monitor", "alert", "rollback", "migrate"]
    out = [f"# {title}", ""]
    for i in range(paras):
        out.append(" ".join(rng.choice(words) for _ in range(rng.randint(30, 80))) + ".")
        out.append("")
        if i % 3 == 2:
            out += ["```bash", f"docker compose up -d {title.split()[0].lower()}", "```", ""]
    return "\n".join(out)


def binary(rng: random.Random, kind: str, size: int) -> bytes:
    head = {"png": b"\x89PNG\r\n\x1a\n", "ico": b"\x00\x00\x01\x00", "woff2": b"wOF2", "gz": b"\x1f\x8b\x08\x00",
            "jpg": b"\xff\xd8\xff\xe0", "pdf": b"%PDF-1.4\n"}[kind]
    return head + rng.randbytes(size)


# ---------------------------------------------------------------------------------------------
# trees
# ---------------------------------------------------------------------------------------------

class Tree:
    def __init__(self):
        self.files: dict[str, bytes] = {}

    def add(self, rel: str, content) -> None:
        if rel in self.files:
            raise ValueError(f"duplicate path {rel}")
        self.files[rel] = content.encode("utf-8") if isinstance(content, str) else content

    def write(self, out: Path) -> None:
        made = set()
        for rel in sorted(self.files):
            path = out / rel
            parent = path.parent
            if parent not in made:
                parent.mkdir(parents=True, exist_ok=True)
                made.add(parent)
            with open(path, "wb") as fh:
                fh.write(self.files[rel])


def line_target(rng: random.Random) -> int:
    """50-800 lines, most files a few hundred lines long."""
    return int(min(800, max(50, rng.triangular(50, 800, 180))))


def bad_profile(rng: random.Random) -> dict:
    return {
        "cors": rng.choice(["open", "reflect", "allowlist", "allowlist"]),
        "session": rng.choice(["literal", "env", "env"]),
        "cookie": rng.random() < 0.4,
        "jwt": rng.choice(["literal", "env", "env", "env-no-expiry", "verify-none"]),
    }


GITIGNORE = "node_modules/\ndist/\ncoverage/\n*.log\n.env.local\n"


def backend_package(tree: Tree, rng: random.Random, base: str, svc: str, n_files: int, ts: bool) -> None:
    """An Express package: package.json, src/index, routes, services, middleware, utils."""
    esm = ts or rng.random() < 0.3
    ext = ".ts" if ts else rng.choice([".js", ".js", ".js", ".mjs"]) if esm else ".js"
    tree.add(f"{base}/package.json", package_json(rng, f"@bench/{svc}", True, ts))
    bad = bad_profile(rng)
    tree.add(f"{base}/src/index{ext}", js_file(rng, "app", svc, line_target(rng), ts, esm, bad))
    tree.add(f"{base}/src/middleware/auth{ext}", js_file(rng, "middleware", "auth", line_target(rng), ts, esm, bad))
    tree.add(f"{base}/src/logger{ext}", js_file(rng, "util", "logger", 50 + rng.randint(0, 40), ts, esm, bad))
    used = set()
    for i in range(max(0, n_files - 3)):
        ent = rng.choice(ENTITIES)
        role = rng.choice(["routes", "service", "service", "routes", "util"])
        folder = {"routes": "routes", "service": "services", "util": "utils"}[role]
        stem = ent if (folder, ent) not in used else f"{ent}{i}"
        used.add((folder, stem))
        tree.add(f"{base}/src/{folder}/{stem}{ext}", js_file(rng, role, ent, line_target(rng), ts, esm, bad))


def frontend_package(tree: Tree, rng: random.Random, base: str, name: str, n_files: int) -> None:
    ts = rng.random() < 0.5
    tree.add(f"{base}/package.json", package_json(rng, name, False, ts))
    ext = ".tsx" if ts else ".jsx"
    tree.add(f"{base}/src/main{ext}", "import React from 'react';\nimport { createRoot } from 'react-dom/client';\n"
             "import App from './App';\n\ncreateRoot(document.getElementById('root')).render(<App />);\n")
    for i in range(max(0, n_files - 1)):
        ent = rng.choice(ENTITIES)
        tree.add(f"{base}/src/components/{cap(ent)}{i}{ext}", jsx_component(rng, ent, line_target(rng) // 2 + 25, ts))
    tree.add(f"{base}/index.html", "<!doctype html>\n<html><body><div id=\"root\"></div>"
             f"<script type=\"module\" src=\"/src/main{ext}\"></script></body></html>\n")


def skip_files(tree: Tree, rng: random.Random, base: str, count: int) -> None:
    """Files a linter must not read: git-ignored node_modules/ and dist/, markdown, binaries."""
    n_modules = count * 55 // 100
    n_dist = count * 10 // 100
    n_md = count * 12 // 100
    n_bin = count - n_modules - n_dist - n_md
    pkgs = ["express", "jsonwebtoken", "cors", "lodash", "debug", "ms", "qs", "body-parser", "ioredis", "pg",
            "react", "scheduler", "semver", "uuid", "mime", "cookie", "send", "etag", "depd", "bytes"]
    for i in range(n_modules):
        pkg = pkgs[i % len(pkgs)]
        j = i // len(pkgs)
        if j == 0:
            tree.add(f"{base}/node_modules/{pkg}/package.json",
                     f'{{"name": "{pkg}", "version": "1.{i}.0", "main": "index.js"}}\n')
        else:
            tree.add(f"{base}/node_modules/{pkg}/lib/m{j}.js",
                     f"'use strict';\nmodule.exports = function m{j}(a, b) {{ return a + b + {j}; }};\n"
                     + "// padding\n" * rng.randint(5, 60))
    for i in range(n_dist):
        tree.add(f"{base}/dist/chunk-{i}.{hexs(rng, 8)}.js",
                 "!function(){var e=" + str(rng.randint(0, 99999)) + ";console.log(e)}();\n" * rng.randint(5, 40))
    for i in range(n_md):
        tree.add(f"{base}/docs/page-{i}.md", markdown(rng, f"Runbook {i}", rng.randint(2, 8)))
    kinds = ["png", "ico", "woff2", "gz", "jpg", "pdf"]
    for i in range(n_bin):
        kind = kinds[i % len(kinds)]
        tree.add(f"{base}/assets/blob-{i}.{kind}", binary(rng, kind, rng.randint(200, 6000)))


def build_app(seed: int) -> Tree:
    rng = random.Random(f"app:{seed}")
    tree = Tree()
    tree.add(".gitignore", GITIGNORE)
    tree.add(".dockerignore", rng.choice(["node_modules\n.git\n", "node_modules\n.git\n.env\n.env.*\n"]))
    tree.add("README.md", markdown(rng, "Shop full-stack app", 6))
    tree.add(".env", env_file(rng, ".env", "shop", "local"))
    tree.add(".env.production", env_file(rng, ".env.production", "shop", "production"))
    tree.add(".env.example", env_file(rng, ".env.example", "shop", "example"))
    backend_package(tree, rng, "backend", "shop-api", 18, ts=False)
    tree.add("backend/Dockerfile", dockerfile(rng, "backend", True))
    tree.add("backend/.env", env_file(rng, ".env", "shop-api", "local"))
    tree.add("backend/.env.production", env_file(rng, ".env.production", "shop-api", "production"))
    frontend_package(tree, rng, "frontend", "shop-web", 10)
    tree.add("frontend/Dockerfile", dockerfile(rng, "frontend", True, frontend=True))
    tree.add("frontend/nginx/nginx.conf", nginx_conf(rng, "backend", True))
    tree.add("nginx/nginx.conf", nginx_conf(rng, "backend", True))
    tree.add("nginx/conf.d/default.conf", nginx_conf(rng, "frontend", False))
    tree.add("redis/redis.conf", redis_conf(rng))
    for name, prod in (("docker-compose.yml", False), ("docker-compose.prod.yml", True)):
        good = prod and rng.random() < 0.5
        lines = ["services:"]
        lines += compose_service(rng, "backend", good, "./backend", None, 3000, ["./backend/.env"] if not prod else
                                 ["./backend/.env.production"], {"REDIS_URL": "redis://redis:6379",
                                                                 "JWT_SECRET": "${JWT_SECRET:-changeme}"})
        lines += compose_service(rng, "frontend", good, "./frontend", None, None, [], {})
        lines += compose_service(rng, "nginx", good, None, rng.choice(["nginx:latest", "nginx:1.25.4-alpine"]), 443, [], {},
                                 extra_lines=["    volumes:", "      - ./nginx/nginx.conf:/etc/nginx/nginx.conf:ro",
                                              "      - ./nginx/conf.d:/etc/nginx/conf.d:ro"])
        lines += compose_service(rng, "redis", good, None, rng.choice(["redis:7.2.4-alpine", "redis:latest", "redis"]),
                                 6379, [], {}, db=True,
                                 extra_lines=["    command: [\"redis-server\", \"/usr/local/etc/redis/redis.conf\"]",
                                              "    volumes:",
                                              "      - ./redis/redis.conf:/usr/local/etc/redis/redis.conf:ro"])
        lines += compose_service(rng, "mssql", good, None, rng.choice(["mcr.microsoft.com/mssql/server:2022-latest",
                                                                        "mcr.microsoft.com/mssql/server:2022-CU12-ubuntu-22.04"]),
                                 1433, [], {"ACCEPT_EULA": "Y", "MSSQL_SA_PASSWORD": "${MSSQL_SA_PASSWORD:-Passw0rd!}"},
                                 db=True)
        lines += ["volumes:", "  mssql-data: {}", ""]
        tree.add(name, "\n".join(lines))
    for i in range(3):
        tree.add(f"docs/adr-{i}.md", markdown(rng, f"Decision {i}", 3))
    tree.add("frontend/public/favicon.ico", binary(rng, "ico", 1500))
    tree.add("frontend/public/logo.png", binary(rng, "png", 4000))
    return tree


def build_monorepo(services: int, seed: int) -> Tree:
    rng = random.Random(f"monorepo:{services}:{seed}")
    tree = Tree()
    tree.add(".gitignore", GITIGNORE)
    tree.add("README.md", markdown(rng, "Platform monorepo", 10))
    tree.add("package.json", '{\n  "name": "platform",\n  "private": true,\n  "workspaces": ["services/*"]\n}\n')
    names = []
    for i in range(services):
        svc = f"{SERVICE_WORDS[i % len(SERVICE_WORDS)]}-{i:03d}"
        names.append(svc)
        srng = random.Random(f"monorepo:{seed}:svc:{i}")  # a service does not change when N grows
        base = f"services/{svc}"
        frontend = srng.random() < 0.15
        n_src = max(4, int(srng.gauss(25, 6)))
        if frontend:
            frontend_package(tree, srng, base, svc, n_src)
            tree.add(f"{base}/Dockerfile", dockerfile(srng, svc, True, frontend=True))
        else:
            backend_package(tree, srng, base, svc, n_src, ts=srng.random() < 0.3)
            tree.add(f"{base}/Dockerfile", dockerfile(srng, svc, True))
        if i % 2 == 0:  # 1.5 Dockerfiles a service
            tree.add(f"{base}/{srng.choice(['Dockerfile.prod', 'Dockerfile.worker', 'deploy/Dockerfile'])}",
                     dockerfile(srng, svc + "-worker", True))
        # 3 env files a service
        tree.add(f"{base}/.env", env_file(srng, ".env", svc, "local"))
        tree.add(f"{base}/.env.production", env_file(srng, ".env.production", svc, "production"))
        tree.add(f"{base}/.env.example", env_file(srng, ".env.example", svc, "example"))
        # 1 compose file a service
        good = srng.random() < 0.45
        lines = ["services:"]
        lines += compose_service(srng, svc, good, ".", None, srng.choice([3000, 4000, 8080]),
                                 [".env.production" if srng.random() < 0.5 else ".env"],
                                 {"NODE_ENV": srng.choice(["production", "${NODE_ENV:-development}"]),
                                  "JWT_SECRET": srng.choice(["${JWT_SECRET}", "${JWT_SECRET:-secret}"])})
        if srng.random() < 0.5:
            lines += compose_service(srng, "redis", good, None, srng.choice(["redis:7.2.4-alpine", "redis:latest"]),
                                     6379, [], {}, db=True)
        if srng.random() < 0.3:
            lines += compose_service(srng, "db", good, None, srng.choice(["postgres:16.2", "postgres:latest",
                                                                           "mcr.microsoft.com/mssql/server:2022-latest"]),
                                     srng.choice([5432, 1433]), [],
                                     {"POSTGRES_PASSWORD": srng.choice(["postgres", "${DB_PASSWORD:?required}"])}, db=True)
        tree.add(f"{base}/{srng.choice(['docker-compose.yml', 'docker-compose.yml', 'compose.yaml'])}", "\n".join(lines))
        if i % 2 == 1:  # 100 nginx confs at 200 services
            tree.add(f"{base}/nginx/{srng.choice(['nginx.conf', 'default.conf'])}",
                     nginx_conf(srng, svc, srng.random() < 0.5))
        if i % 5 == 0:
            tree.add(f"{base}/redis.conf", redis_conf(srng))
        skip_files(tree, srng, base, 100)
    # a root compose of the first services, as platform teams keep one
    lines = ["services:"]
    for svc in names[:min(12, services)]:
        lines += compose_service(rng, svc, rng.random() < 0.5, f"./services/{svc}", None, None, [], {})
    tree.add("docker-compose.yml", "\n".join(lines))
    return tree


def git_commit(out: Path, message: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
                "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid",
                "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z",
                "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null"})
    cfg = ["-c", "init.defaultBranch=main", "-c", "core.autocrlf=false", "-c", "commit.gpgsign=false",
           "-c", "core.hooksPath=/dev/null", "-c", "gc.auto=0"]
    subprocess.run(["git", *cfg, "init", "-q", str(out)], check=True, env=env)
    subprocess.run(["git", *cfg, "-C", str(out), "add", "-A"], check=True, env=env)
    subprocess.run(["git", *cfg, "-C", str(out), "commit", "-q", "--no-verify", "-m", message], check=True, env=env)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kind", choices=["app", "monorepo"], required=True)
    ap.add_argument("--services", type=int, default=200, help="monorepo size (ignored for app)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--force", action="store_true", help="replace OUT if it exists")
    ap.add_argument("--no-git", action="store_true", help="write the files only")
    ap.add_argument("out", type=Path)
    args = ap.parse_args(argv)
    out: Path = args.out
    if out.exists():
        if not args.force:
            print(f"{out}: exists (use --force to replace it)", file=sys.stderr)
            return 2
        shutil.rmtree(out)
    t0 = time.perf_counter()
    tree = build_app(args.seed) if args.kind == "app" else build_monorepo(args.services, args.seed)
    t1 = time.perf_counter()
    out.mkdir(parents=True)
    tree.write(out)
    t2 = time.perf_counter()
    if not args.no_git:
        git_commit(out, f"bench corpus: {args.kind} services={args.services} seed={args.seed}")
    t3 = time.perf_counter()
    size = sum(len(v) for v in tree.files.values())
    print(f"{out}: {len(tree.files)} files, {size / 1e6:.1f} MB (build {t1 - t0:.1f}s, write {t2 - t1:.1f}s, "
          f"git {t3 - t2:.1f}s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
