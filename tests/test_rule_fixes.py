"""Exact text of the fixes of ENV003, CMP010, CMP004, CMP005, NGX006 and NGX002: the file's own line endings,
indentation, quoting and comments are kept, and what cannot be edited safely (flow style, values built from
variables, one-line blocks) gets no fix."""
from __future__ import annotations

import pytest

from conftest import write_tree
from linter.engine import RunOptions, run
from linter.fixer import fix


def _fix(tmp_path, rule_id: str, files: dict[str, str]):
    write_tree(tmp_path, {rel: text.encode("utf-8") for rel, text in files.items()})  # bytes: CRLF stays
    outcome = fix(lambda overlay: run(RunOptions(paths=[tmp_path], select=[rule_id], use_git=False, cache=False,
                                                 overlay=overlay)), include_unsafe=True)
    assert outcome.converged
    left = [f for f in outcome.result.findings if f.rule_id == rule_id]
    assert not [f for f in left if f.fix is not None]
    return {rel: outcome.fixed.get(rel, text) for rel, text in files.items()}, left


def _crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


# ---- ENV003 ---------------------------------------------------------------------------------------------
def test_env003_compose_values_and_defaults(tmp_path):
    compose = ("services:\n"
               "    api:\n"
               "        image: node:20-alpine\n"
               "        environment:\n"
               "            NODE_ENV: ${NODE_ENV:-development}  # override per host\n"
               "    worker:\n"
               "        image: node:20-alpine\n"
               "        environment:\n"
               "            - \"NODE_ENV=test\"\n"
               "    cron:\n"
               "        image: node:20-alpine\n"
               "        environment:\n"
               "            NODE_ENV: 'dev'\n")
    fixed, left = _fix(tmp_path, "ENV003", {"docker-compose.yml": _crlf(compose)})
    assert fixed["docker-compose.yml"] == _crlf(
        compose.replace("${NODE_ENV:-development}", "${NODE_ENV:-production}")
        .replace('"NODE_ENV=test"', '"NODE_ENV=production"').replace("'dev'", "'production'"))
    assert not left


def test_env003_compose_adds_to_environment_in_its_style(tmp_path):
    compose = ("services:\n"
               "  api:\n"
               "    image: node:20-alpine\n"
               "    environment:\n"
               "      PORT: \"3000\"\n"
               "    restart: unless-stopped\n"
               "  worker:\n"
               "    image: node:20-alpine\n"
               "    environment:\n"
               "    - 'QUEUE=jobs'\n"
               "    # more later\n"
               "  cron:\n"
               "    image: node:20-alpine  # pinned\n"
               "  web:\n"
               "    image: node:20-alpine\n"
               "    environment: {PORT: \"8080\"}\n")
    fixed, left = _fix(tmp_path, "ENV003", {"docker-compose.yml": compose})
    assert fixed["docker-compose.yml"] == (
        "services:\n"
        "  api:\n"
        "    image: node:20-alpine\n"
        "    environment:\n"
        "      PORT: \"3000\"\n"
        "      NODE_ENV: production\n"
        "    restart: unless-stopped\n"
        "  worker:\n"
        "    image: node:20-alpine\n"
        "    environment:\n"
        "    - 'QUEUE=jobs'\n"
        "    - 'NODE_ENV=production'\n"
        "    # more later\n"
        "  cron:\n"
        "    image: node:20-alpine  # pinned\n"
        "    environment:\n"
        "      NODE_ENV: production\n"
        "  web:\n"
        "    image: node:20-alpine\n"
        "    environment: {PORT: \"8080\"}\n")
    assert [(f.message_id, f.span.line) for f in left] == [("unset", 18)]  # flow style: left alone


def test_env003_compose_value_built_from_variables_is_not_fixed(tmp_path):
    compose = "services:\n  api:\n    image: node:20\n    environment:\n      NODE_ENV: ${STAGE:-dev}-${REGION:-eu}\n"
    fixed, left = _fix(tmp_path, "ENV003", {"docker-compose.yml": compose})
    assert fixed["docker-compose.yml"] == compose and [f.message_id for f in left] == ["not-production"]


def test_env003_dockerfile(tmp_path):
    files = {
        "Dockerfile": _crlf("from node:20 as build\nrun npm ci\nfrom node:20-slim\ncmd [\"node\", \"server.js\"]\n"),
        "api/Dockerfile": "FROM node:20-slim\nARG NODE_ENV=development\nENV NODE_ENV=${NODE_ENV}\nCMD [\"node\"]\n",
        "web/Dockerfile": "FROM node:20-slim\nENV NODE_ENV=\"test\" PORT=3000\nCMD [\"node\"]\n",
    }
    fixed, left = _fix(tmp_path, "ENV003", files)
    assert fixed == {
        "Dockerfile": _crlf("from node:20 as build\nrun npm ci\nfrom node:20-slim\nenv NODE_ENV=production\n"
                            "cmd [\"node\", \"server.js\"]\n"),
        "api/Dockerfile": "FROM node:20-slim\nARG NODE_ENV=production\nENV NODE_ENV=${NODE_ENV}\nCMD [\"node\"]\n",
        "web/Dockerfile": "FROM node:20-slim\nENV NODE_ENV=\"production\" PORT=3000\nCMD [\"node\"]\n",
    }
    assert not left


# ---- CMP010 ---------------------------------------------------------------------------------------------
def test_cmp010_appends_to_block_list_in_its_style(tmp_path):
    compose = ("services:\n"
               "    api:\n"
               "        image: example/api:1.0\n"
               "        security_opt:\n"
               "            - 'apparmor:docker-default'  # from the host\n"
               "        # hardening\n"
               "        restart: unless-stopped\n"
               "    worker:\n"
               "        image: example/worker:1.0\n"
               "        security_opt:\n"
               "        - label:type:svirt_apache_t\n"
               "    web:\n"
               "        image: example/web:1.0\n"
               "        security_opt: [\"apparmor:docker-default\"]\n")
    fixed, left = _fix(tmp_path, "CMP010", {"docker-compose.yml": _crlf(compose)})
    assert fixed["docker-compose.yml"] == _crlf(
        compose.replace("  # from the host\n", "  # from the host\n            - 'no-new-privileges:true'\n")
        .replace("svirt_apache_t\n", "svirt_apache_t\n        - no-new-privileges:true\n"))
    assert [(f.message_id, f.span.line) for f in left] == [("no-new-privileges", 16)]  # flow style: left alone


def test_cmp010_unconfined_is_not_fixed(tmp_path):
    compose = ("services:\n  api:\n    image: example/api:1.0\n    security_opt:\n"
               "      - no-new-privileges:true\n      - seccomp:unconfined\n")
    fixed, left = _fix(tmp_path, "CMP010", {"docker-compose.yml": compose})
    assert fixed["docker-compose.yml"] == compose and [f.message_id for f in left] == ["unconfined"]


# ---- CMP004 ---------------------------------------------------------------------------------------------
def test_cmp004_adds_logging_and_options(tmp_path):
    compose = ("x-logging: &logging\n"
               "  driver: json-file\n"
               "services:\n"
               "    api:\n"
               "        image: example/api:1.0  # pinned\n"
               "    worker:\n"
               "        image: example/worker:1.0\n"
               "        logging:\n"
               "            driver: json-file\n"
               "    cron:\n"
               "        image: example/cron:1.0\n"
               "        logging:\n"
               "            options:\n"
               "                max-file: \"5\"\n"
               "    a:\n"
               "        image: example/a:1.0\n"
               "        logging: *logging\n"
               "    web:\n"
               "        image: example/web:1.0\n"
               "        logging: {driver: json-file}\n")
    fixed, left = _fix(tmp_path, "CMP004", {"docker-compose.yml": _crlf(compose)})
    assert fixed["docker-compose.yml"] == _crlf(
        "x-logging: &logging\n"
        "  driver: json-file\n"
        "  options:\n"
        "    max-size: \"10m\"\n"
        "    max-file: \"3\"\n"
        "services:\n"
        "    api:\n"
        "        image: example/api:1.0  # pinned\n"
        "        logging:\n"
        "            driver: json-file\n"
        "            options:\n"
        "                max-size: \"10m\"\n"
        "                max-file: \"3\"\n"
        "    worker:\n"
        "        image: example/worker:1.0\n"
        "        logging:\n"
        "            driver: json-file\n"
        "            options:\n"
        "                max-size: \"10m\"\n"
        "                max-file: \"3\"\n"
        "    cron:\n"
        "        image: example/cron:1.0\n"
        "        logging:\n"
        "            options:\n"
        "                max-file: \"5\"\n"
        "                max-size: \"10m\"\n"
        "    a:\n"
        "        image: example/a:1.0\n"
        "        logging: *logging\n"
        "    web:\n"
        "        image: example/web:1.0\n"
        "        logging: {driver: json-file}\n")
    assert [(f.message_id, f.span.line) for f in left] == [("no-max-size", 32)]


# ---- CMP005 ---------------------------------------------------------------------------------------------
def test_cmp005_binds_to_loopback_keeping_quotes(tmp_path):
    compose = ("services:\n"
               "  db:\n"
               "    image: postgres:16\n"
               "    ports:\n"
               "      - \"5432:5432\"  # psql from the host\n"
               "      - 5433:5432\n"
               "      - '0.0.0.0:5434:5432/tcp'\n"
               "      - \"[::]:5435:5432\"\n"
               "      - 5436\n"
               "      - \"${DB_PORT:-5437}:5432\"\n"
               "      - \"${BIND:-0.0.0.0}:5438:5432\"\n"
               "      - target: 5432\n"
               "        published: 5439\n"
               "      - target: 5432\n"
               "        published: 5440\n"
               "        host_ip: \"0.0.0.0\"\n"
               "  cache:\n"
               "    image: redis:7\n"
               "    ports: [6379:6379, \"[::]:6380:6379\"]\n")
    fixed, left = _fix(tmp_path, "CMP005", {"docker-compose.yml": _crlf(compose)})
    assert fixed["docker-compose.yml"] == _crlf(
        "services:\n"
        "  db:\n"
        "    image: postgres:16\n"
        "    ports:\n"
        "      - \"127.0.0.1:5432:5432\"  # psql from the host\n"
        "      - 127.0.0.1:5433:5432\n"
        "      - '127.0.0.1:5434:5432/tcp'\n"
        "      - \"[::1]:5435:5432\"\n"
        "      - 127.0.0.1::5436\n"
        "      - \"127.0.0.1:${DB_PORT:-5437}:5432\"\n"
        "      - \"${BIND:-0.0.0.0}:5438:5432\"\n"
        "      - target: 5432\n"
        "        published: 5439\n"
        "        host_ip: 127.0.0.1\n"
        "      - target: 5432\n"
        "        published: 5440\n"
        "        host_ip: \"127.0.0.1\"\n"
        "  cache:\n"
        "    image: redis:7\n"
        "    ports: [127.0.0.1:6379:6379, \"[::1]:6380:6379\"]\n")
    assert [(f.message_id, f.span.line) for f in left] == [("exposed", 11)]  # address from a variable


def test_cmp005_fix_is_unsafe(tmp_path):
    write_tree(tmp_path, {"docker-compose.yml": "services:\n  db:\n    image: mongo:7\n    ports: [\"27017:27017\"]\n"})
    result = run(RunOptions(paths=[tmp_path], select=["CMP005"], use_git=False, cache=False))
    assert [f.fix.safety for f in result.findings] == ["unsafe"]


# ---- NGX006 ---------------------------------------------------------------------------------------------
def test_ngx006_http_block_with_tabs_and_crlf(tmp_path):
    conf = ("events {}\n"
            "http {  # main\n"
            "\tinclude mime.types;\n"
            "\tserver {\n"
            "\t\tlisten 80;\n"
            "\t\tserver_tokens \"on\";\n"
            "\t}\n"
            "}\n")
    fixed, left = _fix(tmp_path, "NGX006", {"nginx/nginx.conf": _crlf(conf)})
    assert fixed["nginx/nginx.conf"] == _crlf(
        conf.replace("# main\n", "# main\n\tserver_tokens off;\n").replace('"on"', '"off"'))
    assert not left


@pytest.mark.parametrize("before, after", [
    ("events {}\nhttp\n{\n}\n", "events {}\nhttp\n{\n    server_tokens off;\n}\n"),
    ("events {}\nhttp {\n  server {\n    listen 80;\n  }\n}\n",
     "events {}\nhttp {\n  server_tokens off;\n  server {\n    listen 80;\n  }\n}\n"),
])
def test_ngx006_indentation_of_the_http_children(tmp_path, before, after):
    fixed, _ = _fix(tmp_path, "NGX006", {"nginx/nginx.conf": before})
    assert fixed["nginx/nginx.conf"] == after


def test_ngx006_conf_d_file_gets_a_first_directive(tmp_path):
    conf = "# the site\nupstream api { server api:3000; }\nserver {\n  listen 80;\n}\nserver {\n  listen 81;\n}\n"
    fixed, left = _fix(tmp_path, "NGX006", {"nginx/conf.d/default.conf": conf})
    assert fixed["nginx/conf.d/default.conf"] == conf.replace("# the site\n", "# the site\nserver_tokens off;\n")
    assert not left


def test_ngx006_one_line_http_block_is_not_fixed(tmp_path):
    conf = "events {}\nhttp { include /etc/nginx/conf.d/*.conf; }\n"
    fixed, left = _fix(tmp_path, "NGX006", {"nginx/nginx.conf": conf})
    assert fixed["nginx/nginx.conf"] == conf and [f.message_id for f in left] == ["missing"]


# ---- NGX002 ---------------------------------------------------------------------------------------------
_HSTS = 'add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;'


def test_ngx002_after_the_last_add_header_with_quoted_semicolons(tmp_path):
    conf = ("server {\n"
            "\tlisten 443 ssl;\n"
            "\tadd_header Content-Security-Policy \"default-src 'self'; img-src *\"\n"
            "\t\talways;  # csp\n"
            "\troot /srv/www;\n"
            "}\n")
    fixed, left = _fix(tmp_path, "NGX002", {"nginx/conf.d/site.conf": _crlf(conf)})
    assert fixed["nginx/conf.d/site.conf"] == _crlf(conf.replace("# csp\n", f"# csp\n\t{_HSTS}\n"))
    assert not left


@pytest.mark.parametrize("before, after", [
    ("server {\n    listen 443 ssl;\n    ssl_certificate_key /k.pem;  # key\n    root /srv;\n}\n",
     f"server {{\n    listen 443 ssl;\n    ssl_certificate_key /k.pem;  # key\n    {_HSTS}\n    root /srv;\n}}\n"),
    ("server {\n  listen 443 ssl;\n  listen [::]:443 ssl;\n  root /srv;\n}\n",
     f"server {{\n  listen 443 ssl;\n  listen [::]:443 ssl;\n  {_HSTS}\n  root /srv;\n}}\n"),
])
def test_ngx002_after_the_key_or_the_listen_lines(tmp_path, before, after):
    fixed, left = _fix(tmp_path, "NGX002", {"nginx/conf.d/site.conf": before})
    assert fixed["nginx/conf.d/site.conf"] == after and not left


def test_ngx002_no_fix_where_it_would_drop_inherited_headers_or_on_one_line(tmp_path):
    files = {"nginx/nginx.conf": "events {}\nhttp {\n  add_header X-Frame-Options DENY always;\n"
                                 "  server {\n    listen 443 ssl;\n  }\n"
                                 "  server { listen 8443 ssl; add_header X-A b; }\n}\n"}
    fixed, left = _fix(tmp_path, "NGX002", files)
    assert fixed == files and sorted(f.span.line for f in left) == [4, 7]


def test_ngx002_fix_is_unsafe_and_lost_headers_get_none(tmp_path):
    conf = "server {\n  listen 443 ssl;\n  location / {\n    add_header X-A b;\n  }\n}\n"
    write_tree(tmp_path, {"nginx/conf.d/site.conf": conf})
    result = run(RunOptions(paths=[tmp_path], select=["NGX002"], use_git=False, cache=False))
    assert [f.fix.safety for f in result.findings if f.fix] == ["unsafe"]
    fixed, left = _fix(tmp_path, "NGX002", {"nginx/conf.d/site.conf": conf})
    assert fixed["nginx/conf.d/site.conf"] == conf.replace("ssl;\n", f"ssl;\n  {_HSTS}\n")
    assert left == []  # the location that then drops the header is NGX017's finding


def test_cmp005_host_port_from_an_unset_variable(tmp_path):
    compose = "services:\n  db:\n    image: postgres:16\n    ports:\n      - ${DB_PORT}:5432\n      - \"${PORTS}\"\n"
    fixed, left = _fix(tmp_path, "CMP005", {"docker-compose.yml": compose})
    assert fixed["docker-compose.yml"] == compose.replace("- ${DB_PORT}", "- 127.0.0.1:${DB_PORT}")
    assert [f.message_id for f in left] == ["exposed"] and left[0].span.line == 6
