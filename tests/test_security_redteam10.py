"""The tenth red team: the readers of the last two sessions (go-task Taskfiles, README headings, project
templates' `{{...}}` folders, CI-runner overlays, `deploy.replicas: 0`, nginx folders a COPY lands,
django-configurations classes, pydantic-settings groups, PEP 758 rewriting), the audit's honesty and what a
repository can switch off.

Holes closed here:
- A compose service with `deploy: {replicas: 0}` (or a data container, or one only development profiles
  start) was dropped from every production check with no word anywhere: `privileged: true` and a literal
  `DB_PASSWORD` beside `replicas: 0` gave "0 findings", exit 0, and an audit calling the Docker items "not
  applicable". A committed password is committed whatever starts the container: CMP013 and ENV017 now judge
  such services too, and every output (text, JSON, SARIF, GitHub, the audit's four formats) names each service
  set aside and why.
"""
from __future__ import annotations

import json

import pytest

from conftest import lint, prodlint, write_tree

_PASSWORD = "Xk9vQ2mR7tLp4wZa"
_SCALED_TO_ZERO = f"""services:
  web:
    image: ghcr.io/acme/web:1.2.3
    privileged: true
    environment:
      DB_PASSWORD: {_PASSWORD}
    deploy:
      replicas: 0
  db:
    image: postgres:16.1
    profiles: [dev]
"""


def test_a_literal_password_of_a_service_scaled_to_zero_is_reported(tmp_path):
    """`replicas: 0` made the service's committed password vanish with the service."""
    result = lint(tmp_path, {"docker-compose.yml": _SCALED_TO_ZERO})
    assert [(f.rule_id, f.span.line) for f in result.findings if f.rule_id == "CMP013"] == [("CMP013", 6)]


def test_services_set_aside_by_the_compose_file_are_named(tmp_path):
    """What the running-container rules (CMP006 privileged here) no longer see is said, with why."""
    result = lint(tmp_path, {"docker-compose.yml": _SCALED_TO_ZERO})
    assert not any(f.rule_id == "CMP006" for f in result.findings)
    notes = [n.message for n in result.notices if n.path == "docker-compose.yml"]
    assert any("'web' (deploy.replicas: 0" in n and "'db' (only the profiles dev" in n for n in notes), notes


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_services_set_aside_are_named_in_every_check_format(tmp_path, fmt):
    write_tree(tmp_path, {"docker-compose.yml": _SCALED_TO_ZERO})
    out = prodlint("check", "--no-cache", "-f", fmt, tmp_path).stdout
    assert "deploy.replicas: 0" in out
    assert _PASSWORD not in out


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html"])
def test_services_set_aside_are_named_in_every_audit_format(tmp_path, fmt):
    write_tree(tmp_path, {"docker-compose.yml": _SCALED_TO_ZERO})
    out = prodlint("audit", "-f", fmt, tmp_path).stdout
    assert "deploy.replicas" in out and "'web'" in out.replace("&#x27;", "'").replace("&#39;", "'")
    assert _PASSWORD not in out
    if fmt == "json":
        assert json.loads(out)["not_checked"][0]["path"] == "docker-compose.yml"
