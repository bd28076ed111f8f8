"""Fixes change only what they must: on every rule case that has fixes, text outside the edited lines
stays byte-identical, fixes converge, and re-checking the fixed files no longer reports the fixed rule."""
from __future__ import annotations

import difflib

import pytest
import rulecases

from conftest import prodlint, write_tree
from linter.engine import RunOptions, run
from linter.fixer import apply_edits, fix
from linter.api import Edit



def _cases_with_fixes():
    from linter.catalog import load_catalog
    from linter.loader import load_rules
    fixable = {r.id for r in load_rules([], load_catalog().ids) if r.meta.fix != "none"}
    for rule_id, case in rulecases.all_cases():
        if rule_id in fixable and case.get("expect"):
            yield pytest.param(rule_id, case, id=f"{rule_id}-{case['name']}")


def _touched_lines(original: str, fixed: str) -> set[int]:
    """Original line numbers that a line diff replaces or deletes (insertions touch none)."""
    touched = set()
    matcher = difflib.SequenceMatcher(a=original.splitlines(keepends=True), b=fixed.splitlines(keepends=True),
                                      autojunk=False)
    for op, a1, a2, _, _ in matcher.get_opcodes():
        if op in ("replace", "delete"):
            touched.update(range(a1 + 1, a2 + 1))
    return touched


@pytest.mark.parametrize("rule_id, case", list(_cases_with_fixes()))
def test_fix_is_minimal_and_settles(tmp_path, rule_id, case):
    write_tree(tmp_path, case["files"])
    before = run(RunOptions(paths=[tmp_path], select=[rule_id], use_git=False, cache=False))
    edit_lines: dict[str, set[int]] = {}
    for f in before.findings:
        if f.fix is None:
            continue
        file = before.project.by_rel[f.fix.path or f.path]
        for e in f.fix.edits:
            first = file.position(e.start)[0]
            last = file.position(max(e.start, e.end - 1))[0] if e.end > e.start else first
            edit_lines.setdefault(file.rel, set()).update(range(first, last + 1))
    outcome = fix(lambda overlay: run(RunOptions(paths=[tmp_path], select=[rule_id], use_git=False, cache=False,
                                                 overlay=overlay)), include_unsafe=True)
    assert outcome.converged
    for rel in outcome.changed:
        assert _touched_lines(outcome.original[rel], outcome.fixed[rel]) <= edit_lines.get(rel, set()), \
            outcome.diff()
    remaining = [f for f in outcome.result.findings if f.rule_id == rule_id and f.fix is not None]
    assert not remaining, [f.message for f in remaining]


def test_overlapping_edits_wait_for_a_later_pass():
    text = "abcdef"
    assert apply_edits(text, [Edit(0, 1, "X"), Edit(4, 6, "YZ")]) == "XbcdYZ"


def test_cli_fix_diff_and_precommit_exit(tmp_path):
    compose = "services:\n  api:\n    image: example/api:1.0 # pinned\n"
    write_tree(tmp_path, {"docker-compose.yml": compose})
    diff = prodlint("check", "--select", "CMP002", "--diff", tmp_path)
    assert diff.returncode == 1 and "+    restart: unless-stopped" in diff.stdout
    assert (tmp_path / "docker-compose.yml").read_text() == compose  # --diff writes nothing
    fixed = prodlint("check", "--select", "CMP002", "--fix", tmp_path)
    assert fixed.returncode == 1 and "fixed 1 finding in 1 file" in fixed.stderr
    assert (tmp_path / "docker-compose.yml").read_text() == compose + "    restart: unless-stopped\n"
    again = prodlint("check", "--select", "CMP002", "--fix", tmp_path)
    assert again.returncode == 0
