"""Meta-tests of the rule set: the things a reviewer would otherwise check by hand for every new rule."""
from __future__ import annotations

import pytest

from conftest import ROOT
from linter import engine_rules
from linter.catalog import load_catalog
from linter.loader import load_rules

RULES = load_rules([], load_catalog().ids, use_cache=False)
PREFIXES = {"CMP": {"compose"}, "DKF": {"dockerfile"}, "ENV": {"env", "compose", "dockerfile"}, "RDS": {"redis"},
            "GIT": {"repo"}, "NGX": {"nginx"}, "JS": {"node"}, "PKG": {"package"}, "PY": {"python"}}
RETIRED = {line.split()[0] for line in (ROOT / "rules" / "RETIRED").read_text().splitlines()
           if line.strip() and not line.startswith("#")}


def test_ids_and_names_are_unique_and_never_reuse_retired_ones():
    ids = [r.id for r in RULES] + [m.id for m in engine_rules.ALL]
    names = [r.meta.name for r in RULES] + [m.name for m in engine_rules.ALL]
    assert len(ids) == len(set(ids)) and len(names) == len(set(names))
    assert not RETIRED & set(ids)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_prefix_matches_kinds(rule):
    prefix = rule.id.rstrip("0123456789")
    assert prefix in PREFIXES, f"{rule.id}: unknown prefix"
    assert rule.meta.kinds[0] in PREFIXES[prefix], f"{rule.id}: prefix {prefix} does not fit kinds {rule.meta.kinds}"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_has_cases(rule):
    cases = ROOT / "fixtures" / "rules" / f"{rule.id}.yml"
    assert cases.is_file(), f"{rule.id}: no fixtures/rules/{rule.id}.yml"
    text = cases.read_text()
    assert "expect: []" in text, f"{rule.id}: no must-not-fire case"
    assert "line:" in text, f"{rule.id}: no must-fire case with a location"


def test_every_checkable_checklist_item_has_a_rule():
    covered = {c for r in RULES for c in r.meta.checklist}
    missing = [i.id for i in load_catalog().items if i.static != "none" and i.id not in covered]
    assert not missing, f"checklist items without a rule: {missing}"


def test_rule_modules_live_in_their_kind_folder():
    for rule in RULES:
        folder = rule.path.parent.name
        assert folder in {"compose", "dockerfile", "env", "redis", "git", "nginx", "node", "package", "python"}, \
            f"{rule.path}: rules live in rules/<kind>/"
