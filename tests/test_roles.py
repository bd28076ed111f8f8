"""Roles from the repository's own evidence (fixtures/roles/*.yml): each case is a small repository with
the roles its files must get, findings that must be reported and rules that must stay quiet."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import ROOT, lint, prodlint, write_tree

CASES = [(path.stem, case) for path in sorted((ROOT / "fixtures" / "roles").glob("*.yml"))
         for case in yaml.safe_load(path.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[f"{s}: {c['name']}" for s, c in CASES])
def test_role_case(tmp_path: Path, case: dict):
    result = lint(tmp_path, case["files"], cache=False)
    roles = {rel: result.project.roles.decision(rel) for rel in case.get("roles", {})}
    for rel, expected in case.get("roles", {}).items():
        assert roles[rel].role == expected, f"{rel}: {roles[rel].evidence}"
    found = {(f.rule_id, f.path, f.span.line) for f in result.findings}
    for rule, path, line in case.get("fires", []):
        assert (rule, path, line) in found, sorted(found)
    for rule in case.get("quiet", []):
        assert not [f for f in found if f[0] == rule], sorted(found)
    for rule, path, line in case.get("quiet_at", []):
        assert (rule, path, line) not in found, sorted(found)


COMPOSE = "services:\n  api:\n    image: example/api:1.0\n"


def test_show_files_gives_role_and_evidence(tmp_path):
    write_tree(tmp_path, {"docker-compose.yml": "# For local development only\n" + COMPOSE,
                          "docker-compose.prod.yml": COMPOSE})
    proc = prodlint("check", "--show-files", "--no-git", tmp_path)
    assert proc.returncode == 0
    lines = dict((line.split("\t")[0], line.split("\t")[1:]) for line in proc.stdout.splitlines())
    assert lines["docker-compose.yml"] == ["compose", "development", 'header comment: "for local development only"']
    assert lines["docker-compose.prod.yml"] == ["compose", "production", "file name 'docker-compose.prod.yml'"]


def test_sarif_results_carry_the_role(tmp_path):
    import json
    write_tree(tmp_path, {"docker-compose.prod.yml": COMPOSE})
    proc = prodlint("check", "--no-git", "--no-cache", "-f", "sarif", tmp_path)
    results = json.loads(proc.stdout)["runs"][0]["results"]
    assert results and all(r["properties"]["role"] == "production" for r in results)
    assert {r["properties"]["roleEvidence"] for r in results} == {"file name 'docker-compose.prod.yml'"}


def test_conflicting_evidence_is_a_notice(tmp_path):
    result = lint(tmp_path, {"docker-compose.prod.yml": "# Not for production: a local playground\n" + COMPOSE},
                  cache=False)
    notices = [n for n in result.notices if n.path == "docker-compose.prod.yml"]
    assert len(notices) == 1 and "despite production evidence (file name" in notices[0].message
    assert result.project.role("docker-compose.prod.yml") == "development"


def test_no_conflict_for_a_base_that_production_and_development_both_use(tmp_path):
    result = lint(tmp_path, {
        "package.json": '{"scripts": {"dev": "docker compose -f docker-compose.yml -f docker-compose.dev.yml up",'
                        ' "prod": "docker compose -f docker-compose.yml -f docker-compose.prod.yml up -d"}}',
        "docker-compose.yml": COMPOSE, "docker-compose.dev.yml": COMPOSE,
        "docker-compose.prod.yml": "services:\n  api:\n    restart: always\n"}, cache=False)
    decision = result.project.roles.decision("docker-compose.yml")
    assert decision.role == "production" and decision.conflict is None
    assert result.project.compose_view("docker-compose.yml") == ("docker-compose.yml", "docker-compose.prod.yml")
    assert result.project.compose_view("docker-compose.dev.yml") == ("docker-compose.dev.yml",)


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = ["services:\n", "  api:\n", "    build: .\n", "    image: x\n", "    profiles: [dev]\n",
           "# for development\n", "    env_file: .env\n", "      target: dev\n", "include:\n  - docker-compose.yml\n",
           "x-a: &a\n", "  <<: *a\n",
           "dev:\n\tdocker compose -f docker-compose.yml -f docker-compose.prod.yml up\n", "FROM node AS dev\n",
           "NODE_ENV=development\n", "## Production\n```sh\ndocker stack deploy -c docker-compose.yml x\n```\n"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_PIECES), max_size=8), st.lists(st.sampled_from(_PIECES), max_size=8))
def test_any_repository_gets_a_role_for_every_file(tmp_path_factory, first, second):
    root = tmp_path_factory.mktemp("repo")
    files = {"docker-compose.yml": "".join(first), "docker-compose.prod.yml": "".join(second),
             "Makefile": "".join(second), "README.md": "".join(first), "Dockerfile": "".join(second),
             ".env": "".join(first)}
    result = lint(root, files, cache=False)
    for file in result.files:
        decision = result.project.roles.decision(file.rel)
        assert decision.role in ("production", "development", "example", "test") and decision.reason


def test_production_evidence_is_told_from_the_default(tmp_path):
    result = lint(tmp_path, {"docker-compose.yml": "services:\n  api:\n    image: 'x:${TAG}'\n",
                             ".env": "TAG=1\n", "other/.env": "A=1\n", ".env.production": "A=1\n"}, cache=False)
    roles = result.project.roles
    assert roles.decision(".env").production_evidenced  # interpolated by a production compose file
    assert roles.decision(".env.production").production_evidenced
    assert roles.decision("other/.env").role == "production" and not roles.decision("other/.env").production_evidenced


def test_a_project_templates_file_in_the_template_language_is_a_notice_not_parse_errors(tmp_path):
    template = "{% if cookiecutter.use_node == 'y' -%}\nFROM node:20-slim AS client\n{%- endif %}\nFROM python:3.12-slim\n"
    result = lint(tmp_path, {"{{cookiecutter.project_slug}}/compose/production/Dockerfile": template,
                             "Dockerfile": template}, cache=False)
    inside = "{{cookiecutter.project_slug}}/compose/production/Dockerfile"
    assert not [f for f in result.findings if f.path == inside]
    assert [n.message for n in result.notices if n.path == inside] == [
        "not checked: a project template's file, written in the template language and rendered before use"]
    # the same text outside a template folder is a broken Dockerfile
    assert {f.rule_id for f in result.findings if f.path == "Dockerfile"} >= {"PL001"}


def test_an_nginx_file_in_a_templates_folder_is_checked_with_its_template_syntax_neutralised(tmp_path):
    body = '# written at start from the environment\nclient_max_body_size {{ getenv "POST_MAX_SIZE" "61M" }};\n'
    conf = body + 'server {\n    listen 80;\n    server_name {{ .Env.DOMAIN }};\n    server_tokens on;\n}\n'
    inside = "docker/root/templates/etc/nginx/conf.d/proxy.conf"
    result = lint(tmp_path, {inside: conf, "nginx/conf.d/proxy.conf": body}, cache=False)
    assert not [n for n in result.notices if n.path == inside]
    # its directives are read where they are written: server_tokens on line 6
    assert ("NGX006", 6) in [(f.rule_id, f.span.line) for f in result.findings if f.path == inside]
    assert "PL001" not in {f.rule_id for f in result.findings if f.path == inside}
    # the same text where nothing renders it is a broken configuration
    assert {f.rule_id for f in result.findings if f.path == "nginx/conf.d/proxy.conf"} >= {"PL001"}


def test_an_nginx_template_that_cannot_be_parsed_even_neutralised_is_a_notice(tmp_path):
    conf = "server {\n    listen 80;\n    {% raw %}\n    location / {\n"
    result = lint(tmp_path, {"deploy/site.conf.j2": "# nginx\nserver_name x;\n" + conf}, cache=False)
    assert [n.message for n in result.notices if n.path == "deploy/site.conf.j2"] == [
        "not checked: a project template's file, written in the template language and rendered before use"]


def test_a_folder_readmes_command_resolves_all_its_files_from_one_directory(tmp_path):
    # prometheus/README.md runs `-f docker-compose.yml -f prometheus.yml` from the root: the Prometheus
    # configuration beside the README (prometheus/prometheus.yml) is no compose file of that combination
    files = {
        "prometheus/README.md": "# Metrics\n\n```sh\ndocker compose -f docker-compose.yml -f prometheus.yml up -d\n```\n",
        "prometheus/prometheus.yml": "global:\n  scrape_interval: 15s\n",
        "docker-compose.yml": COMPOSE,
        "prometheus.yml": "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n",
    }
    result = lint(tmp_path, files, cache=False)
    assert result.project.compose_view("docker-compose.yml") == ("docker-compose.yml", "prometheus.yml")
