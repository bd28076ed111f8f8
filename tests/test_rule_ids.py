"""Rule ids and names are case-insensitive wherever a person writes one."""
from __future__ import annotations

import json

import pytest

from conftest import lint, prodlint, write_tree
from linter.api import RuleMeta
from linter.loader import matches

COMPOSE = "services:\n  api:\n    image: example/api:1.0\n"
META = RuleMeta(id="CMP002", name="compose-restart-policy", kinds=("compose",), severity="warning", checklist=())


@pytest.mark.parametrize("selector, hit", [
    ("CMP002", True), ("cmp002", True), ("Cmp002", True), ("compose-restart-policy", True),
    ("Compose-Restart-Policy", True), ("CMP", True), ("cmp", True), ("cmp0", True), (" cmp002 ", True),
    ("CMP003", False), ("cmp1", False), ("compose", False), ("restart", False), ("", False), ("CMP002x", False),
])
def test_selector_matching(selector, hit):
    assert matches(META, selector) is hit


@pytest.mark.parametrize("name, rule_id", [("cmp002", "CMP002"), ("CMP002", "CMP002"),
                                           ("Compose-Restart-Policy", "CMP002"), ("pl001", "PL001")])
def test_rule_command_takes_any_case(name, rule_id):
    proc = prodlint("rule", name, "-f", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["id"] == rule_id


def test_rule_command_unknown_rule_is_a_usage_error():
    proc = prodlint("rule", "cmp999")
    assert proc.returncode == 2 and proc.stderr == "prodlint: error: unknown rule 'cmp999'; see `prodlint rules`\n"


def test_select_and_ignore_take_any_case(tmp_path):
    write_tree(tmp_path, {"docker-compose.yml": COMPOSE})
    assert {f.rule_id for f in lint(tmp_path, select=["cmp002"]).findings} == {"CMP002"}
    assert "CMP002" not in {f.rule_id for f in lint(tmp_path, select=["cmp"], ignore=["Compose-Restart-Policy"])
                            .findings}


def test_suppression_comments_take_any_case(tmp_path):
    write_tree(tmp_path, {"docker-compose.yml": "services:\n  api:  # prodlint: ignore[cmp002, Compose-Healthcheck]\n"
                                                "    image: example/api:1.0\n"})
    result = lint(tmp_path, select=["CMP001", "CMP002", "PL003", "PL004"])
    assert [f.rule_id for f in result.findings] == []
    assert sorted(f.rule_id for f in result.suppressed) == ["CMP001", "CMP002"]


def test_configuration_takes_any_case(tmp_path):
    write_tree(tmp_path, {"docker-compose.yml": COMPOSE, ".prodlint.toml":
                          '[severity]\ncmp002 = "error"\n[per-file-ignores]\n"docker-compose.yml" = ["cmp001"]\n'
                          '[rules.env001]\nmin-length = 48\n'})
    result = lint(tmp_path, select=["cmp001", "CMP002"])
    assert [(f.rule_id, f.severity) for f in result.findings] == [("CMP002", "error")]


def _every_rule_meta():
    from linter import engine_rules
    from linter.catalog import load_catalog
    from linter.loader import load_rules
    return [r.meta for r in load_rules([], load_catalog().ids)] + list(engine_rules.ALL)


from hypothesis import given, settings, strategies as st  # noqa: E402

_METAS = _every_rule_meta()


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(_METAS), st.booleans(), st.lists(st.booleans(), min_size=40, max_size=40))
def test_any_casing_of_an_id_or_name_finds_that_rule_and_only_it(meta, by_name, flips):
    from linter.loader import find_rule
    word = meta.name if by_name else meta.id
    cased = "".join(c.upper() if flip else c.lower() for c, flip in zip(word, flips + [False] * len(word)))
    assert find_rule(_METAS, cased) is meta
