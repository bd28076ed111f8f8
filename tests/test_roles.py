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
