"""No secret leaves through any output (SECURITY.md, guarantee 1).

A distinctive secret is planted wherever a secret fits in every rule's documented ``## Example`` (values of
secret-named variables, URL passwords, ``requirepass``/``--requirepass``, ``api_key=`` query values, npm
``_authToken``), plus the reproductions of issue 14. Every output is then searched for it, in any case: the
text, JSON, SARIF and GitHub reports, the ``--diff`` of every fix, the audit in every format, the baseline,
and the result-cache files on disk.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import write_tree
from linter import docs
from linter.catalog import load_catalog
from linter.loader import load_rules
from linter.secrets import is_secret_name

RULES = load_rules([], load_catalog().ids)
STRONG = "Zq9xK7mV2pL8wR4tY6nBd3"  # random-looking: the value of a real credential
WEAK = "Hq7vT2kx"  # short, chosen by a person: what the weak-secret rules judge


def _plant_value(value: str, n: int) -> str:
    return WEAK if n % 2 else STRONG


_REFERENCE = re.compile(r"^(\$|process\.env|os\.environ|env\(|getenv|<|\{\{|/run/secrets|file:)")
_ASSIGN = re.compile(r"""(?P<name>(?<![\w.$-])[A-Za-z_][\w.-]*)(?P<close>["']?)(?P<sep>[ \t]*[:=][ \t]*)"""
                     r"""(?P<q>["']?)(?P<value>[^\s"'#,;})\]]{3,})""")
_FORMS = [
    re.compile(r"(?P<pre>(?:--)?(?:requirepass|masterauth)[ \t]+[\"']?)(?P<value>[^\s\"';]{3,})", re.I),
    re.compile(r"(?P<pre>[a-z][a-z0-9+.-]*://[^:/@\s]*:)(?P<value>[^@\s/]{3,})(?=@)", re.I),
    re.compile(r"(?P<pre>[?&](?:api_key|apikey|token|access_token|password)=)(?P<value>[^&\s\"';]{3,})", re.I),
    re.compile(r"(?P<pre>:_authToken=)(?P<value>[^\s\"']{3,})"),
]


def plant(text: str) -> tuple[str, int]:
    """``text`` with the planted secrets in every secret place; and how many were planted."""
    count = 0

    def assign(m):
        nonlocal count
        value = m.group("value")
        if not is_secret_name(m.group("name")) or _REFERENCE.match(value) or re.fullmatch(r"\d+|true|false", value):
            return m.group(0)
        count += 1
        return m.group(0)[:m.start("value") - m.start()] + _plant_value(value, count)

    text = _ASSIGN.sub(assign, text)
    for form in _FORMS:
        def other(m):
            nonlocal count
            if _REFERENCE.match(m.group("value")):
                return m.group(0)
            count += 1
            return m.group("pre") + _plant_value(m.group("value"), count)
        text = form.sub(other, text)
    return text, count


REPRODUCTIONS = {
    "repro/docker-compose.yml": (
        "services:\n  redis:\n    image: redis:7\n    command: redis-server --requirepass " + STRONG + "\n"
        "  api:\n    image: node:20\n    environment:\n      NODE_ENV: production\n"
        "      JWT_SECRET: " + WEAK + "\n      CALLBACK: https://api.example.com/hook?api_key=" + STRONG + "\n"),
    "repro/nginx/nginx.conf": ("events {}\nhttp {\n  server {\n    listen 80;\n    location / {\n"
                               "      proxy_pass http://backend:3000/x?api_key=" + STRONG + ";\n    }\n  }\n}\n"),
    "repro/Dockerfile": ("FROM node:20\nRUN echo //registry.npmjs.org/:_authToken=" + STRONG + " > .npmrc\n"
                         + STRONG + "\nUSER node\nCMD [\"node\", \"server.js\"]\n"),
    "repro/.env.production": "NODE_ENV=production\nJWT_SECRET=" + WEAK + "\nAPI_TOKEN=" + STRONG + "\n",
    "repro/redis.conf": "requirepass " + WEAK + "\n",
    "broken/docker-compose.yml": "services:\n  db:\n    environment:\n      DB_PASSWORD: " + STRONG + " {{\n",
    "broken/.env": "JWT_SECRET " + STRONG + "\n",
}


def _comment(path: str) -> str | None:
    """Secret-bearing comment lines in the file's own comment syntax: they sit in the context of every diff
    and under every finding on the first lines."""
    if path.endswith(".json"):
        return None
    mark = "// " if path.endswith((".js", ".ts", ".mjs", ".cjs", ".jsx", ".tsx")) else "# "
    return f"{mark}DB_PASSWORD={STRONG}\n{mark}redis-server --requirepass {WEAK}\n"


def planted_tree(root: Path) -> int:
    """Every rule's Example (its own folder) and the reproductions; returns how many secrets were planted."""
    files: dict[str, str] = dict(REPRODUCTIONS)
    planted = 0
    for rule in RULES:
        for example in docs.examples(docs.sections(rule.doc).get("Example", "")):
            text, n = plant(example.text)
            comment = _comment(example.path)
            if comment:
                text, n = comment + text, n + 2
            planted += n
            files[f"examples/{rule.id}/{example.path}"] = text
    write_tree(root, files)
    return planted


def _variants():
    return {v for s in (STRONG, WEAK) for v in (s, s.upper(), s.lower())}


def _assert_clean(where: str, blob: str) -> None:
    for value in _variants():
        assert value not in blob, f"a planted secret ({len(value)} characters) leaked through {where}"


def _cli(*args, env):
    exe = Path(sys.executable).parent / "prodlint"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "linter"]
    return subprocess.run(cmd + [str(a) for a in args], capture_output=True, text=True, env=env)


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    root = tmp_path_factory.mktemp("planted")
    count = planted_tree(root)
    cache = tmp_path_factory.mktemp("cache")
    env = dict(os.environ, NO_COLOR="1", PRODLINT_CACHE_DIR=str(cache))
    return root, count, cache, env


def test_the_plant_reaches_many_rules_and_is_judged(planted):
    root, count, _, env = planted
    assert count >= 200, "too few places to plant a secret: this test would prove little"
    report = json.loads(_cli("check", "--no-git", "-f", "json", root, env=env).stdout)
    judged = {f["rule"] for f in report["findings"] if f["path"].startswith(("repro/", "examples/"))}
    # the rules that judge secret values did see the planted ones
    assert {"ENV001", "CMP013", "PL001"} <= judged, sorted(judged)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_no_report_format_contains_a_planted_secret(planted, fmt):
    root, _, _, env = planted
    for _ in range(2):  # the second run reads the result cache
        proc = _cli("check", "--no-git", "-f", fmt, root, env=env)
        assert proc.returncode in (0, 1), proc.stderr
        _assert_clean(f"check -f {fmt}", proc.stdout + proc.stderr)


def test_the_diff_of_every_fix_contains_no_planted_secret(planted):
    root, _, _, env = planted
    proc = _cli("check", "--no-git", "--diff", "--unsafe-fixes", root, env=env)
    assert proc.stdout.startswith("---"), proc.stderr  # fixes there were, so the diff shows source lines
    _assert_clean("--diff", proc.stdout + proc.stderr)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_no_audit_format_contains_a_planted_secret(planted, fmt):
    root, _, _, env = planted
    proc = _cli("audit", "--no-git", "-f", fmt, root, env=env)
    _assert_clean(f"audit -f {fmt}", proc.stdout + proc.stderr)


def test_the_baseline_and_the_cache_files_hold_no_planted_secret(planted, tmp_path):
    root, _, cache, env = planted
    baseline = tmp_path / "baseline.json"
    _cli("baseline", root, "-o", baseline, env=env)
    _assert_clean("the baseline", baseline.read_text())
    _cli("check", "--no-git", root, env=env)
    files = [p for p in cache.rglob("*") if p.is_file()]
    assert any("results" in p.parts for p in files), "the result cache was not written"
    for path in files:
        _assert_clean(f"cache file {path.name}", path.read_bytes().decode("utf-8", "replace"))


def test_a_fix_text_holding_a_secret_is_not_cached(tmp_path, monkeypatch):
    from linter.api import Edit, Finding, Fix, Span
    from linter.checker import Outcome as _Outcome
    from linter.resultcache import ResultCache

    monkeypatch.setenv("PRODLINT_CACHE_DIR", str(tmp_path / "cache"))
    cache = ResultCache(tmp_path, "key")
    cache.text_of = {"a.env": f"TOKEN={STRONG}\n"}.get
    out = _Outcome(1)
    out.secrets = [STRONG]
    out.ranges = {"a.env": {(1, 7, len(STRONG))}}  # where a warm run reads the value again
    out.findings = [Finding("X001", "x", "a.env", Span(1), "message", "m", "warning", (), "k", "fp",
                            Fix("title", (Edit(0, 3, f"TOKEN={STRONG}\n"),)))]
    cache.put("a.env", "sig", "deps", out)
    assert cache.fresh == {}
    out.findings[0] = Finding("X001", "x", "a.env", Span(1), "message", "m", "warning", (), "k", "fp",
                              Fix("title", (Edit(0, 3, "restart: unless-stopped\n"),)))
    cache.put("a.env", "sig", "deps", out)
    assert list(cache.fresh) == ["a.env"]


@pytest.mark.parametrize("message, hidden", [
    ("redis service 'r' runs `redis-server --requirepass Zq9xK7mV2pL8wR4tY6nBd3`", "Zq9xK7mV2pL8wR4tY6nBd3"),
    ("proxy_pass with the URI part '/x?api_key=Hq7vT2kx' sends", "Hq7vT2kx"),
    ("writes //registry.npmjs.org/:_authToken=Hq7vT2kx into the image", "Hq7vT2kx"),
    ("unknown instruction 'ZQ9XK7MV2PL8WR4TY6NBD3'", "ZQ9XK7MV2PL8WR4TY6NBD3"),
    ("DATABASE_URL=postgres://app:Hq7vT2kx@db/app is used", "Hq7vT2kx"),
    ("sends `Authorization: Bearer Zq9xK7mV2pL8wR4tY6nBd3`", "Zq9xK7mV2pL8wR4tY6nBd3"),
])
def test_message_masking_hides_quoted_evidence(message, hidden):
    from linter.secrets import mask_message
    assert hidden not in mask_message(message)


@pytest.mark.parametrize("message", [
    "JWT_SECRET has 12 characters; use at least 32 random characters, e.g. `openssl rand -base64 48`",
    "REDASH_REDIS_URL has no password; use redis://:PASSWORD@host:6379 or set REDIS_PASSWORD",
    "'graylog/defaults.env' holds secrets (GRAYLOG_SHA256_PASSWORD) and no .gitignore ignores it",
    "REDIS_HOST is set but no REDIS_PASSWORD is; configure requirepass on the server",
    "`apt-get install` installs git, libcurl4-openssl-dev, ... without a version",
    "set `NODE_OPTIONS=--max-old-space-size=4096` and `JWT_SECRET=${JWT_SECRET}`",
])
def test_message_masking_leaves_advice_readable(message):
    from linter.secrets import mask_message
    assert mask_message(message) == message


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_warm_run_reports_the_planted_tree_exactly_as_a_cold_run(planted, tmp_path, fmt):
    """Masks depend on every value judged anywhere in the run: a result cache that forgot another file's
    judged values would show them in the second run (tests/test_security_redteam.py has the small case)."""
    root, _, _, env = planted
    env = dict(env, PRODLINT_CACHE_DIR=str(tmp_path / "cache"))
    cold = _cli("check", "--no-git", "-f", fmt, root, env=env)
    warm = _cli("check", "--no-git", "-f", fmt, root, env=env)
    assert (warm.stdout, warm.stderr) == (cold.stdout, cold.stderr)
