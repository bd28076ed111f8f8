"""A production Caddyfile or Traefik configuration is the proxy in front of a backend: Caddy's automatic HTTPS
redirects a site served by host name, Traefik's entry-point redirections and redirectScheme middlewares redirect,
and their header, body and rate-limit settings do what the app would otherwise have to."""
from __future__ import annotations

import pytest
from conftest import lint
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.model.caddy import caddy_facts
from linter.model.traefik import traefik_facts

SETTINGS = ('INSTALLED_APPS = ["django.contrib.auth"]\nROOT_URLCONF = "app.urls"\nDEBUG = False\n'
            'SECRET_KEY = __import__("os").environ["SECRET_KEY"]\n')


def rules_at(result, rule):
    return sorted((f.path, f.span.line) for f in result.findings if f.rule_id == rule)


def backend(caddyfile: str | None, where: str = "Caddyfile") -> dict[str, str]:
    files = {"requirements.txt": "django==5.0\n", "app/settings.py": SETTINGS}
    if caddyfile is not None:
        files[where] = caddyfile
    return files


@pytest.mark.parametrize("caddyfile", [
    "{$DOMAIN} {\n  reverse_proxy web:8000\n}\n",
    "example.org, www.example.org {\n  # the app\n  reverse_proxy web:8000\n}\n",
    "https://app.example.org:8443 {\n  reverse_proxy web:8000\n}\n",
    "example.org\nreverse_proxy web:8000\n",  # one site, no braces
])
def test_a_site_served_by_host_name_is_redirected_by_caddy(tmp_path, caddyfile):
    assert rules_at(lint(tmp_path, backend(caddyfile), select=["PY007"]), "PY007") == []


@pytest.mark.parametrize("caddyfile,where", [
    (":80 {\n  reverse_proxy web:8000\n}\n", "Caddyfile"),
    ("http://example.org {\n  reverse_proxy web:8000\n}\n", "Caddyfile"),
    ("{\n  auto_https disable_redirects\n}\nexample.org {\n  reverse_proxy web:8000\n}\n", "Caddyfile"),
    ("localhost {\n  reverse_proxy web:8000\n}\n", "Caddyfile"),
    ("example.org {\n  reverse_proxy web:8000\n}\n", "examples/caddy/Caddyfile"),  # not what production runs
])
def test_no_redirect_from_caddy(tmp_path, caddyfile, where):
    result = lint(tmp_path, backend(caddyfile, where), select=["PY007"])
    assert rules_at(result, "PY007") == [("app/settings.py", 1)]


def test_hsts_from_a_header_block(tmp_path):
    caddyfile = ("example.org {\n  header {\n    Strict-Transport-Security \"max-age=31536000\"\n  }\n"
                 "  reverse_proxy web:8000\n}\n")
    assert rules_at(lint(tmp_path, backend(caddyfile), select=["PY006"]), "PY006") == []
    bare = "example.org {\n  reverse_proxy web:8000\n}\n"
    assert rules_at(lint(tmp_path / "b", backend(bare), select=["PY006"]), "PY006") == [("app/settings.py", 1)]


def test_facts_read_from_tokens():
    facts = caddy_facts(["(common) {\n  header X-Frame-Options DENY\n}\n:443 {\n  import common\n"
                         "  request_body {\n    max_size 10MB\n  }\n  header ?X-Content-Type-Options nosniff\n}\n"])
    assert facts["frame"] and facts["nosniff"] and facts["body_limit"] and facts["headers"]
    assert not facts["redirect"]  # a bare port: no host name to get a certificate for
    assert caddy_facts(["# example.org {\n"]) == dict.fromkeys(facts, False)


def test_a_caddyfile_edit_reaches_a_cached_run(tmp_path, monkeypatch):
    monkeypatch.setenv("PRODLINT_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "repo"
    first = lint(root, backend(":80 {\n  reverse_proxy web:8000\n}\n"), select=["PY007"], cache=True)
    assert rules_at(first, "PY007") == [("app/settings.py", 1)]
    (root / "Caddyfile").write_text("example.org {\n  reverse_proxy web:8000\n}\n# edited\n")
    assert rules_at(lint(root, select=["PY007"], cache=True), "PY007") == []


NODE = {"package.json": '{"name": "api", "main": "server.js", "dependencies": {"express": "4"}}',
        "server.js": "const express = require('express');\nconst app = express();\n"
                     "app.post('/login', (req, res) => res.send('ok'));\napp.listen(3000);\n"}


def test_a_caddy_front_adds_headers_and_limits_for_a_node_app(tmp_path):
    bare = lint(tmp_path / "bare", dict(NODE), select=["JS008", "JS010"])
    assert {f.rule_id for f in bare.findings} == {"JS008", "JS010"}
    caddyfile = ("api.example.org {\n  rate_limit {\n    zone login {\n      key {remote_host}\n"
                 "      events 10\n      window 1m\n    }\n  }\n  header {\n    X-Content-Type-Options nosniff\n"
                 "    Strict-Transport-Security \"max-age=31536000\"\n  }\n  reverse_proxy api:3000\n}\n")
    fronted = lint(tmp_path / "caddy", {**NODE, "deploy/Caddyfile": caddyfile}, select=["JS008", "JS010"])
    assert fronted.findings == []


TRAEFIK_COMPOSE = """services:
  traefik:
    image: traefik:v3.1
    command:
      - --entrypoints.web.address=:80
      - --entrypoints.websecure.address=:443
{redirect}
  web:
    image: example/web:1.0
    labels:
      - traefik.http.routers.web.rule=Host(`example.org`)
{labels}
"""


@pytest.mark.parametrize("redirect,labels,expected", [
    ("      - --entrypoints.web.http.redirections.entrypoint.to=websecure", "", []),
    ("", "      - traefik.http.middlewares.https.redirectscheme.scheme=https", []),
    ("      # - --entrypoints.web.http.redirections.entrypoint.to=websecure", "", [("app/settings.py", 1)]),
    ("", "", [("app/settings.py", 1)]),
])
def test_a_traefik_front_redirects(tmp_path, redirect, labels, expected):
    files = {**backend(None), "docker-compose.yml": TRAEFIK_COMPOSE.format(redirect=redirect, labels=labels)}
    assert rules_at(lint(tmp_path, files, select=["PY007"]), "PY007") == expected


def test_traefik_files_and_header_middlewares(tmp_path):
    static = "entryPoints:\n  web:\n    address: ':80'\n    http:\n      redirections:\n        entryPoint:\n" \
             "          to: websecure\n          scheme: https\n"
    dynamic = "http:\n  middlewares:\n    secure:\n      headers:\n        stsSeconds: 31536000\n"
    files = {**backend(None), "deploy/traefik/traefik.yml": static, "deploy/traefik/dynamic.yml": dynamic}
    assert rules_at(lint(tmp_path, files, select=["PY006", "PY007"]), "PY006") == []
    assert rules_at(lint(tmp_path, files, select=["PY007"]), "PY007") == []


def test_a_traefik_front_adds_headers_and_limits_for_a_node_app_and_a_label_edit_reaches_a_cached_run(
        tmp_path, monkeypatch):
    monkeypatch.setenv("PRODLINT_CACHE_DIR", str(tmp_path / "cache"))
    compose = ("services:\n  proxy:\n    image: traefik:v3.1\n  api:\n    build: .\n    labels:\n"
               "      - traefik.http.routers.api.middlewares=limit,secure\n"
               "      - traefik.http.middlewares.limit.ratelimit.average=20\n"
               "      - traefik.http.middlewares.secure.headers.contenttypenosniff=true\n")
    root = tmp_path / "repo"
    fronted = lint(root, {**NODE, "docker-compose.yml": compose}, select=["JS008", "JS010"], cache=True)
    assert fronted.findings == []
    (root / "docker-compose.yml").write_text(compose.replace("ratelimit.average", "x.average"))
    again = lint(root, select=["JS008", "JS010"], cache=True)
    assert sorted((f.rule_id, f.path, f.span.line) for f in again.findings) == [("JS010", "server.js", 2)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["{", "}", "{$DOMAIN}", "example.org", ":80", "http://x", "header", "-X-Powered-By",
                                 "Strict-Transport-Security", "request_body", "max_size", "10MB", "(snip)",
                                 "auto_https", "off", "#", "\n", " ", "encode", "rate_limit", "import"]), max_size=60),
       st.text(max_size=200))
def test_any_caddyfile_or_traefik_text_gives_facts_not_errors(tokens, noise):
    text = " ".join(tokens) + noise
    assert set(caddy_facts([text])) >= {"redirect", "hsts", "headers", "body_limit"}
    assert set(traefik_facts([text])) >= {"redirect", "hsts", "headers", "body_limit"}
