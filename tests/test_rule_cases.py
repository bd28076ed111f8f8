"""Every rule's edge cases, as data: fixtures/rules/<RULE-ID>.yml (sqlfluff's shape).

Each case writes a small repository and asserts the exact findings of that rule:
path, line, column and message id (and end position or key where the case gives them).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import ROOT, lint

CASE_DIR = ROOT / "fixtures" / "rules"


def _cases():
    yaml = YAML(typ="safe", pure=True)
    for path in sorted(CASE_DIR.glob("*.yml")):
        data = yaml.load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(data["rule"], case, id=f"{data['rule']}-{case['name']}")


@pytest.mark.parametrize("rule_id, case", list(_cases()))
def test_rule_case(tmp_path: Path, rule_id: str, case: dict):
    options = {rule_id: case["options"]} if case.get("options") else None
    result = lint(tmp_path, case["files"], select=case.get("select", [rule_id]), rule_options=options)
    got = [f for f in result.findings if f.rule_id == rule_id]
    expected = case.get("expect", [])
    actual = []
    for f in sorted(got, key=lambda f: f.sort_key()):
        row = {"path": f.path, "line": f.span.line, "column": f.span.column, "message": f.message_id}
        actual.append((row, f))
    assert len(actual) == len(expected), (
        f"expected {expected}, got {[a[0] for a in actual]} ({[a[1].message for a in actual]})")
    for (row, finding), want in zip(actual, sorted(expected, key=lambda e: (e['path'], e['line'],
                                                                           e.get('column', 1)))):
        for key in ("path", "line", "column", "message"):
            if key in want:
                assert row[key] == want[key], f"{key}: expected {want}, got {row} ({finding.message})"
        for key, attr in (("end_line", finding.span.end_line), ("end_column", finding.span.end_column),
                          ("key", finding.key)):
            if key in want:
                assert attr == want[key], f"{key}: expected {want[key]}, got {attr}"
    internal = [f for f in result.findings if f.rule_id == "PL002"]
    assert not internal, [f.message for f in internal]
