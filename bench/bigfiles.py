#!/usr/bin/env python3
"""Write one large file of a kind, to measure how prodlint's cost grows within a single file.

    python bench/bigfiles.py KIND SIZE OUT_DIR

KIND is one of dockerfile, nginx, nginx-include, compose, env, python, node; SIZE a byte count
(suffixes k and M accepted: 900k, 1.8M). OUT_DIR is emptied and receives a small repository:

  dockerfile     Dockerfile: one build stage of RUN lines (apt-get, pip, npm, shell chains), a few
                 ENV/COPY/ARG lines among them, a final stage copying from it
  nginx          nginx.conf: an http block of server blocks (TLS, headers, locations, proxy_pass)
  nginx-include  nginx.conf whose http block has one `include conf.d/*.conf;`, and conf.d/ holding
                 snippets of 22 server blocks each (300 snippets at 2 MiB)
  compose        docker-compose.yml: services with image, ports, environment, volumes, healthcheck,
                 depends_on, ${VAR:-default} interpolation, and a .env beside it
  env            .env: KEY=value lines, comments, quoted values and ${VAR} references
  python         settings.py: a Django settings module (dicts, lists, os.environ reads) followed by
                 views with decorators
  node           server.js: an Express app with middleware, routes, options objects and handlers

Content is deterministic (no randomness): the same SIZE always gives the same bytes, and the file
at 2x is the file at x continued, so a size ratio compares like with like.
"""
from __future__ import annotations

import argparse
import shutil
from pathlib import Path
from typing import Callable, Iterator

KINDS = ("dockerfile", "nginx", "nginx-include", "compose", "env", "python", "node")


def parse_size(text: str) -> int:
    text = text.strip()
    scale = {"k": 1000, "K": 1024, "M": 1_000_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if scale != 1 else text) * scale)


def _fill(head: str, unit: Callable[[int], str], tail: str, size: int) -> str:
    """head + unit(0) + unit(1) + ... + tail, stopping before the total would exceed size."""
    parts = [head]
    total = len(head) + len(tail)
    i = 0
    while True:
        chunk = unit(i)
        if total + len(chunk) > size:
            break
        parts.append(chunk)
        total += len(chunk)
        i += 1
    parts.append(tail)
    return "".join(parts)


# ---------------------------------------------------------------------------------------------

def _docker_run(i: int) -> str:
    k = i % 8
    if k == 0:
        return f"RUN apt-get update && apt-get install -y --no-install-recommends pkg{i} lib{i}-dev && rm -rf /var/lib/apt/lists/*\n"
    if k == 1:
        return f"RUN pip install --no-cache-dir package{i}==1.{i % 40}.0 && python -c 'import sys'\n"
    if k == 2:
        return f"RUN npm install --production module{i} && npm cache clean --force\n"
    if k == 3:
        return f"RUN mkdir -p /opt/app/dir{i} && chown -R app:app /opt/app/dir{i} && chmod 0755 /opt/app/dir{i}\n"
    if k == 4:
        return f"RUN cd /opt/app/dir{i} && curl -fsSL https://example.com/f{i}.tar.gz | tar -xz\n"
    if k == 5:
        return f"ENV VAR_{i}=value{i} PATH_{i}=/opt/bin{i}\n"
    if k == 6:
        return f"RUN set -eux; \\\n    echo building step {i}; \\\n    test -d /opt/app || mkdir /opt/app\n"
    return f"COPY src/part{i}/ /opt/app/part{i}/\n"


def dockerfile(size: int) -> dict[str, str]:
    head = "# syntax=docker/dockerfile:1\nFROM python:3.12-slim AS build\nARG VERSION=1.0\nWORKDIR /opt/app\n"
    tail = ("FROM python:3.12-slim\nCOPY --from=build /opt/app /opt/app\nUSER app\nEXPOSE 8000\n"
            'HEALTHCHECK CMD curl -f http://localhost:8000/health || exit 1\nCMD ["gunicorn", "app:app"]\n')
    return {"Dockerfile": _fill(head, _docker_run, tail, size)}


# ---------------------------------------------------------------------------------------------

def _nginx_server(i: int) -> str:
    if i % 3 == 0:
        return (f"    server {{\n        listen 80;\n        server_name s{i}.example.com;\n"
                f"        return 301 https://$host$request_uri;\n    }}\n")
    return (f"    server {{\n        listen 443 ssl;\n        server_name s{i}.example.com;\n"
            f"        ssl_certificate /etc/ssl/s{i}.pem;\n        ssl_certificate_key /etc/ssl/s{i}.key;\n"
            f"        add_header X-Frame-Options DENY;\n"
            f"        location / {{\n            proxy_pass http://backend{i % 50}:8080;\n"
            f"            proxy_set_header Host $host;\n        }}\n"
            f"        location /static/ {{\n            alias /srv/static{i}/;\n            expires 7d;\n        }}\n"
            f"    }}\n")


_NGINX_HEAD = ("user nginx;\nworker_processes auto;\nevents {\n    worker_connections 1024;\n}\n"
               "http {\n    server_tokens off;\n    client_max_body_size 10m;\n    gzip on;\n"
               "    add_header Strict-Transport-Security \"max-age=31536000\" always;\n")


def nginx(size: int) -> dict[str, str]:
    return {"nginx.conf": _fill(_NGINX_HEAD, _nginx_server, "}\n", size)}


def nginx_include(size: int, per_snippet: int = 22) -> dict[str, str]:
    main = _NGINX_HEAD + "    include conf.d/*.conf;\n}\n"
    body = _fill("", _nginx_server, "", size - len(main))
    servers = body.split("    server {\n")[1:]
    files = {"nginx.conf": main}
    for n in range(0, len(servers), per_snippet):
        files[f"conf.d/site{n // per_snippet:04d}.conf"] = "".join("server {\n" + s for s in servers[n:n + per_snippet])
    return files


# ---------------------------------------------------------------------------------------------

def _compose_service(i: int) -> str:
    lines = [f"  svc{i}:\n"]
    if i % 4 == 0:
        lines.append(f"    build:\n      context: ./svc{i}\n      args:\n        VERSION: ${{VERSION:-1.0}}\n")
    else:
        lines.append(f"    image: registry.example.com/svc{i}:${{TAG:-1.{i % 9}}}\n")
    lines.append(f"    restart: unless-stopped\n    ports:\n      - \"{10000 + i % 50000}:8080\"\n")
    lines.append(f"    environment:\n      NODE_ENV: production\n      SVC_ID: \"{i}\"\n"
                 f"      DATABASE_URL: postgres://app:${{DB_PASSWORD}}@db:5432/app{i}\n")
    lines.append(f"    volumes:\n      - data{i % 20}:/var/lib/data\n")
    lines.append("    healthcheck:\n      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost:8080/health\"]\n"
                 "      interval: 30s\n")
    if i:
        lines.append(f"    depends_on:\n      - svc{i - 1}\n")
    return "".join(lines)


def compose(size: int) -> dict[str, str]:
    tail = "volumes:\n" + "".join(f"  data{n}: {{}}\n" for n in range(20))
    env = "VERSION=2.0\nTAG=1.4\nDB_PASSWORD=change-me-please-1234567890\n"
    return {"docker-compose.yml": _fill("services:\n", _compose_service, tail, size), ".env": env}


# ---------------------------------------------------------------------------------------------

def _env_line(i: int) -> str:
    k = i % 6
    if k == 0:
        return f"# section {i}\n"
    if k == 1:
        return f"SERVICE_{i}_URL=https://svc{i}.example.com/api\n"
    if k == 2:
        return f'SERVICE_{i}_NAME="service number {i}"\n'
    if k == 3:
        return f"SERVICE_{i}_HOST=${{BASE_HOST}}:{8000 + i % 1000}\n"
    if k == 4:
        return f"export SERVICE_{i}_TIMEOUT={i % 120}\n"
    return f"SERVICE_{i}_TOKEN='tok-{i:08d}'\n"


def env(size: int) -> dict[str, str]:
    head = "NODE_ENV=production\nBASE_HOST=api.example.com\nJWT_SECRET=${JWT_SECRET_FROM_VAULT}\n"
    return {".env": _fill(head, _env_line, "", size)}


# ---------------------------------------------------------------------------------------------

_PY_HEAD = '''"""Django settings."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = os.environ.get("DEBUG", "0") == "1"
ALLOWED_HOSTS = ["example.com"]
SECURE_HSTS_SECONDS = 31536000
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
INSTALLED_APPS = ["django.contrib.admin", "django.contrib.auth", "corsheaders"]
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware", "corsheaders.middleware.CorsMiddleware"]
CORS_ALLOWED_ORIGINS = ["https://example.com"]
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "app",
                         "PASSWORD": os.environ.get("DB_PASSWORD"), "OPTIONS": {"sslmode": "require"}}}
'''


def _py_unit(i: int) -> str:
    k = i % 4
    if k == 0:
        return (f"FEATURE_{i} = {{\n    \"enabled\": os.environ.get(\"FEATURE_{i}\", \"0\") == \"1\",\n"
                f"    \"timeout\": {i % 60},\n    \"hosts\": [\"h{i}.example.com\", \"g{i}.example.com\"],\n}}\n")
    if k == 1:
        return (f"LOGGING_{i} = {{\"version\": 1, \"handlers\": {{\"h{i}\": {{\"class\": \"logging.StreamHandler\","
                f" \"level\": \"INFO\"}}}}}}\n")
    if k == 2:
        return (f"\n\ndef view_{i}(request, pk={i}):\n    \"\"\"Return item {i}.\"\"\"\n"
                f"    items = [x * 2 for x in range(pk) if x % 3]\n"
                f"    if request.method == \"POST\":\n        return {{\"status\": \"created\", \"id\": pk}}\n"
                f"    return {{\"items\": items, \"session\": request.session.get(\"k{i}\")}}\n")
    return (f"\n\nclass Config{i}:\n    name = \"config{i}\"\n    cache_ttl = {i % 600}\n\n"
            f"    def ready(self):\n        return self.name.upper()\n")


def python(size: int) -> dict[str, str]:
    return {"settings.py": _fill(_PY_HEAD, _py_unit, "", size)}


# ---------------------------------------------------------------------------------------------

_JS_HEAD = """'use strict';
const express = require('express');
const helmet = require('helmet');
const cors = require('cors');
const session = require('express-session');
const jwt = require('jsonwebtoken');
const app = express();
app.use(helmet());
app.use(cors({ origin: ['https://example.com'], credentials: true }));
app.use(express.json({ limit: '100kb' }));
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false,
  cookie: { secure: true, httpOnly: true, sameSite: 'lax' } }));
"""

_JS_TAIL = """
const server = app.listen(process.env.PORT || 3000);
process.on('SIGTERM', () => server.close());
module.exports = app;
"""


def _js_unit(i: int) -> str:
    k = i % 4
    if k == 0:
        return (f"\napp.get('/api/items/{i}', async (req, res) => {{\n"
                f"  const token = jwt.sign({{ id: {i} }}, process.env.JWT_SECRET, {{ expiresIn: '1h' }});\n"
                f"  const rows = await db.query('SELECT * FROM items WHERE id = $1', [req.params.id]);\n"
                f"  res.json({{ rows, token }});\n}});\n")
    if k == 1:
        return (f"\napp.post('/api/orders/{i}', (req, res, next) => {{\n"
                f"  if (!req.body || typeof req.body.qty !== 'number') {{ return next(new Error('bad {i}')); }}\n"
                f"  res.cookie('o{i}', String(req.body.qty), {{ secure: true, httpOnly: true }});\n"
                f"  res.status(201).send({{ ok: true }});\n}});\n")
    if k == 2:
        return (f"\nfunction helper{i}(a, b) {{\n  const out = [];\n"
                f"  for (let n = 0; n < a.length; n += 1) {{ out.push(a[n] * b + {i}); }}\n"
                f"  return out.filter((x) => x % 2 === 0).map((x) => ({{ value: x, tag: 't{i}' }}));\n}}\n")
    return (f"\nconst config{i} = {{\n  name: 'service{i}',\n  retries: {i % 7},\n"
            f"  endpoints: ['https://a{i}.example.com', 'https://b{i}.example.com'],\n"
            f"  nested: {{ timeout: {i % 90}, enabled: true }},\n}};\n")


def node(size: int) -> dict[str, str]:
    return {"server.js": _fill(_JS_HEAD, _js_unit, _JS_TAIL, size),
            "package.json": '{"name": "big", "version": "1.0.0", "main": "server.js",'
                            ' "dependencies": {"express": "^4.19.0", "helmet": "^7.0.0"}}\n'}


GENERATORS: dict[str, Callable[[int], dict[str, str]]] = {
    "dockerfile": dockerfile, "nginx": nginx, "nginx-include": nginx_include, "compose": compose,
    "env": env, "python": python, "node": node,
}


def write(kind: str, size: int, out: Path) -> list[Path]:
    """Empty out and write the kind's files at about size bytes (the large file's size) into it."""
    if out.exists():
        shutil.rmtree(out)
    written = []
    for rel, text in GENERATORS[kind](size).items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        written.append(path)
    return written


def main(argv: Iterator[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("kind", choices=KINDS)
    ap.add_argument("size", type=parse_size)
    ap.add_argument("out", type=Path)
    args = ap.parse_args(argv)
    for path in write(args.kind, args.size, args.out):
        print(f"{path}\t{path.stat().st_size}")


if __name__ == "__main__":
    main()
