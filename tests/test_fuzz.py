"""Property tests: valid files of every kind, mutated (truncated, spliced, bytes flipped, re-encoded, nested
deeply, NULs and CRs inserted), never make an exception escape the engine, and every finding they give has a
valid location.

Example counts are small so the suite stays fast; ``PRODLINT_FUZZ_SCALE=10`` multiplies them,
``PRODLINT_FUZZ_RANDOM=1`` draws new examples on every run, and ``scripts/fuzz.py`` runs the same properties
for minutes, counting failures instead of stopping at the first.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import lint, write_tree

SCALE = max(1, int(os.environ.get("PRODLINT_FUZZ_SCALE", "1")))

# ---- valid seeds, one or more per kind ----------------------------------------------------------

SEEDS: dict[str, tuple[str, str]] = {  # name -> (path in the repository, valid content)
    "env": (".env.production", "NODE_ENV=production\nJWT_SECRET=changeme\nDB_PASSWORD='p@ss word'\n"
                               "CORS_ORIGIN=*\nexport LOG_LEVEL=debug # comment\nMULTI=\"a\nb\"\nEMPTY=\n"),
    "compose": ("docker-compose.yml", "services:\n  api:\n    build:\n      context: .\n      target: runtime\n"
                                      "    env_file: .env.production\n    environment:\n"
                                      "      - NODE_ENV=${NODE_ENV:-dev}\n"
                                      "      - JWT_SECRET=short\n    ports:\n      - \"3000:3000\"\n"
                                      "    depends_on: [db]\n  db:\n    image: postgres:16\n    ports: ['5432:5432']\n"
                                      "    environment:\n      POSTGRES_PASSWORD: postgres\n"
                                      "x-common: &common\n  restart: always\n  <<: {logging: {driver: local}}\n"
                                      "  command: !reset null\n"),
    "dockerfile": ("Dockerfile", "ARG NODE=20\nFROM node:${NODE}-alpine AS build\nWORKDIR /app\nCOPY package*.json ./\n"
                                 "RUN npm ci && \\\n    npm run build\nFROM node:${NODE}-alpine AS runtime\n"
                                 "ENV NODE_ENV=production JWT_SECRET=abc\nCOPY --from=build /app /app\n"
                                 "HEALTHCHECK CMD wget -q -O- http://localhost:3000/health || exit 1\n"
                                 "USER node\nCMD [\"node\", \"server.js\"]\n"),
    "nginx": ("nginx/nginx.conf", "events {}\nhttp {\n  server {\n    listen 80;\n    server_name example.com;\n"
                                  "    add_header X-Frame-Options DENY;\n    location /api/ {\n"
                                  "      proxy_pass http://api:3000;\n      proxy_set_header Host $host;\n    }\n"
                                  "    location ~* \\.(js|css)$ { expires 1d; }\n  }\n  include conf.d/*.conf;\n}\n"),
    "redis": ("redis.conf", "bind 0.0.0.0\nprotected-mode no\nrequirepass \"s3cr\\x41t\"\n"
                            "rename-command FLUSHALL \"\"\nuser default on nopass ~* +@all\nsave 900 1\n"),
    "package": ("package.json", json.dumps({"name": "api", "main": "server.js", "scripts": {"start": "node server.js",
                                            "dev": "nodemon server.js"},
                                            "dependencies": {"express": "^4.19.2", "cors": "^2.8.5",
                                                             "jsonwebtoken": "^9.0.0"}}, indent=2) + "\n"),
    "node": ("server.js", "const express = require('express');\nconst cors = require('cors');\n"
                          "const jwt = require('jsonwebtoken');\nconst app = express();\n"
                          "app.use(cors({ origin: '*', credentials: true }));\n"
                          "app.get('/', (req, res) => res.cookie('sid', jwt.sign({ a: 1 }, 'secret'), "
                          "{ httpOnly: false }).send(`ok ${req.query.x}`));\n"
                          "app.listen(process.env.PORT || 3000);\n"),
    "typescript": ("src/app.ts", "import express, { Request, Response } from 'express';\n"
                                 "import session from 'express-session';\nconst app = express();\n"
                                 "app.use(session({ secret: 'keyboard cat', cookie: { secure: false } }));\n"
                                 "app.get('/', (req: Request, res: Response): void => { res.json({ ok: true }); });\n"
                                 "export default app;\n"),
}
KINDS = sorted(SEEDS)
# Nesting depths tried. Kept under ~300 here because ruamel's scanner is quadratic in YAML flow depth (see
# test_hostile.test_deeply_nested_yaml_is_refused_in_linear_time); scripts/fuzz.py goes deeper.
NEST_DEPTHS = [2, 50, 300]
_OPEN_CLOSE = {  # how to nest deeply in each kind's own syntax
    "env": ("A=${B:-", "}"), "compose": ("[", "]"), "dockerfile": ("$(", ")"),
    "nginx": ("location / {\n", "}\n"), "redis": ("\"", "\""), "package": ("[", "]"),
    "node": ("(", ")"), "typescript": ("<T,", ">"),
}


# ---- mutations ----------------------------------------------------------------------------------

@st.composite
def mutation(draw, kind: str, data: bytes) -> bytes:
    """One mutation of ``data``; mutations compose."""
    n = len(data)
    pos = draw(st.integers(0, n))
    op = draw(st.sampled_from(["truncate", "splice", "flip", "encode", "nest", "insert", "crlf", "delete", "dup"]))
    if op == "truncate":
        return data[:pos]
    if op == "splice":
        other = SEEDS[draw(st.sampled_from(KINDS))][1].encode()
        a = draw(st.integers(0, len(other)))
        b = draw(st.integers(a, min(len(other), a + 200)))
        return data[:pos] + other[a:b] + data[pos:]
    if op == "flip":
        out = bytearray(data)
        for _ in range(draw(st.integers(1, 8))):
            if out:
                i = draw(st.integers(0, len(out) - 1))
                out[i] ^= draw(st.integers(1, 255))
        return bytes(out)
    if op == "encode":
        text = data.decode("utf-8", "replace") + draw(st.sampled_from(["", "caf\u00e9", "\u00fc\u00df", "\u2028"]))
        enc = draw(st.sampled_from(["utf-16", "utf-16-le", "utf-16-be", "latin-1", "utf-8-sig", "cp1252",
                                    "utf-32"]))
        return text.encode(enc, "replace")
    if op == "nest":
        opening, closing = _OPEN_CLOSE[kind]
        depth = draw(st.sampled_from(NEST_DEPTHS))
        return data[:pos] + (opening * depth + closing * depth).encode() + data[pos:]
    if op == "insert":
        junk = draw(st.sampled_from([b"\x00", b"\r", b"\r\r\n", b"\xff\xfe", b"\xed\xa0\x80", b"\t", b"\\",
                                     b"\"", b"'", b"{", b"}", b"[", b"#", b"=", b":", b"\x1b[31m", b"\xc3",
                                     b"\xe2\x80\xa8", b"\x0c", b"*a &a", b"!!python/object:os.system ",
                                     b"${", b"<<: *x\n", b"\n" * 3, b"`"]))
        count = draw(st.integers(1, 4))
        return data[:pos] + junk * count + data[pos:]
    if op == "crlf":
        return data.replace(b"\n", draw(st.sampled_from([b"\r\n", b"\r", b"\n\r"])))
    if op == "delete":
        end = draw(st.integers(pos, min(n, pos + 40)))
        return data[:pos] + data[end:]
    end = draw(st.integers(pos, min(n, pos + 80)))  # dup
    return data[:pos] + data[pos:end] * draw(st.integers(2, 20)) + data[end:]


@st.composite
def mutated(draw, kind: str) -> bytes:
    data = SEEDS[kind][1].encode("utf-8")
    for _ in range(draw(st.integers(1, 3))):
        data = draw(mutation(kind, data))
    return data


@st.composite
def mutated_repo(draw) -> dict[str, bytes]:
    """A repository holding one file of every kind, each mutated or left valid."""
    files = {}
    for kind in KINDS:
        path, text = SEEDS[kind]
        files[path] = draw(mutated(kind)) if draw(st.booleans()) else text.encode()
    return files


# ---- what must hold -----------------------------------------------------------------------------

def line_count(text: str) -> int:
    """Lines by the widest reading any parser may use (\\r, \\n, \\r\\n, \\u2028, form feed ...)."""
    return max(len(text.splitlines()), text.count("\n") + 1)


def check_locations(result) -> None:
    for f in result.findings + result.suppressed:
        s = f.span
        assert s.line >= 1 and s.column >= 1, (f.rule_id, f.path, s)
        file = result.project.by_rel.get(f.path) if result.project else None
        if file is not None and file.text:
            assert s.line <= line_count(file.text) + 1, (f.rule_id, f.path, s, line_count(file.text))
        if s.end_line is not None:
            assert (s.end_line, s.end_column or 0) >= (s.line, s.column), (f.rule_id, f.path, s)
    for n in result.notices:
        # a notice is about one file (a relative path), or run-wide: the ignored env files left unread, and
        # the summary of everything skipped
        assert (n.path and not n.path.startswith("/")) or n.message.startswith("skipped: ") \
            or " git-ignored env file" in n.message, n
    assert sum(1 for n in result.notices if not n.path) <= 2


def check_parser(kind: str, data: bytes, where: Path) -> None:
    """Parse one mutated file the way the engine does: binary refused, the rest decoded, then parsed."""
    from linter.files import SourceFile, Unreadable, read_text
    from linter.parsers import parser_for
    rel, _ = SEEDS[kind]
    path = where / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    try:
        text, _ = read_text(path)
    except Unreadable:
        return
    parser_kind = "node" if kind == "typescript" else kind
    doc = parser_for(parser_kind)(SourceFile(path, rel, parser_kind, text=text))
    lines = line_count(text)
    for problem in doc.problems:
        assert 1 <= problem.span.line <= lines + 1 and problem.span.column >= 1, (problem, lines)


def check_engine(files: dict[str, bytes], where: Path):
    write_tree(where, files)
    result = lint(where)
    check_locations(result)
    crashes = [f"{f.path}: {f.message}" for f in result.findings if f.rule_id == "PL002"]
    assert not crashes, crashes
    return result


def _fresh_dir():
    return tempfile.TemporaryDirectory(prefix="prodlint-fuzz-")


# Derandomized: the suite runs the same examples every time, so it cannot fail at random on a bug found
# elsewhere (those get their own regression test in test_hostile.py). PRODLINT_FUZZ_RANDOM=1 explores instead,
# as scripts/fuzz.py does for minutes.
_SETTINGS = dict(deadline=None, derandomize=not os.environ.get("PRODLINT_FUZZ_RANDOM"), database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                        HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module", autouse=True)
def private_cache(tmp_path_factory):
    """The result cache stays on (it is part of what is fuzzed) but out of the user's cache folder."""
    saved = os.environ.get("PRODLINT_CACHE_DIR")
    os.environ["PRODLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("prodlint-cache"))
    yield
    if saved is None:
        os.environ.pop("PRODLINT_CACHE_DIR", None)
    else:
        os.environ["PRODLINT_CACHE_DIR"] = saved


# ---- the properties -----------------------------------------------------------------------------

@settings(max_examples=25 * SCALE, **_SETTINGS)
@given(data=st.data())
def test_parsers_survive_mutated_input_of_every_kind(data):
    with _fresh_dir() as where:
        for kind in KINDS:  # 25 examples of every kind
            check_parser(kind, data.draw(mutated(kind), label=kind), Path(where))


@settings(max_examples=25 * SCALE, **_SETTINGS)
@given(files=mutated_repo())
def test_engine_survives_a_repository_of_mutated_files(files):
    with _fresh_dir() as where:
        check_engine(files, Path(where))


@settings(max_examples=2 * SCALE, **_SETTINGS)
@given(files=mutated_repo())
def test_cli_exit_code_is_0_or_1_on_mutated_files(files):
    with _fresh_dir() as where:
        _check_cli(files, Path(where))


def _check_cli(files: dict[str, bytes], where: Path) -> None:
    write_tree(where, files)
    exe = Path(sys.executable).parent / "prodlint"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "linter"]
    proc = subprocess.run(cmd + ["check", "--no-git", "--no-cache", "-f", "sarif", str(where)], capture_output=True,
                          text=True, env=dict(os.environ, NO_COLOR="1"), timeout=300)
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    log = json.loads(proc.stdout)
    for result in log["runs"][0]["results"]:
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert region["endLine"] >= region["startLine"]
