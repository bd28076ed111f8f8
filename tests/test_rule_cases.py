"""Every rule's edge cases, as data: fixtures/rules/<RULE-ID>.yml (sqlfluff's shape).

Each case writes a small repository and asserts the exact findings of that rule:
path, line, column and message id (and end position, key or words of the message where the case gives them).
"""
from __future__ import annotations

from pathlib import Path

import pytest

import rulecases
from conftest import lint, write_tree
from linter.engine import RunOptions, run
from linter.fixer import fix

CASES = [pytest.param(rule_id, case, id=f"{rule_id}-{case['name']}") for rule_id, case in rulecases.all_cases()]


@pytest.mark.parametrize("rule_id, case", CASES)
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
        if "says" in want:  # words the message must hold (the remedy it names, the value it quotes)
            assert want["says"] in finding.message, f"expected {want['says']!r} in {finding.message!r}"
    # A case passes only on files prodlint read whole: a must-not-fire case on a file that did not parse, or
    # on which a rule or a model failed, would pass for the wrong reason.
    broken = [f for f in result.findings if f.rule_id == "PL002" or (f.rule_id == "PL001" and not case.get("parse_error"))]
    assert not broken, [(f.rule_id, f.path, f.span.line, f.message) for f in broken]


def test_case_files_use_known_keys():
    for rule_id, case in rulecases.all_cases():
        assert set(case) <= rulecases.CASE_KEYS, f"{rule_id} {case.get('name')}: {set(case) - rulecases.CASE_KEYS}"


FIXED = [pytest.param(rule_id, case, id=f"{rule_id}-{case['name']}")
         for rule_id, case in rulecases.all_cases() if case.get("fixed")]


@pytest.mark.parametrize("rule_id, case", FIXED)
def test_rule_case_fix_output(tmp_path: Path, rule_id: str, case: dict):
    """The exact text every fix (unsafe ones included) leaves, byte for byte."""
    write_tree(tmp_path, {rel: text.encode("utf-8") for rel, text in case["files"].items()})
    options = {"select": case.get("select", [rule_id]), "use_git": False, "cache": False}
    outcome = fix(lambda overlay: run(RunOptions(paths=[tmp_path], overlay=overlay, **options)), include_unsafe=True)
    assert outcome.converged
    for rel, want in case["fixed"].items():
        assert outcome.fixed.get(rel, case["files"].get(rel)) == want, outcome.diff()
