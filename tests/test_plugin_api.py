"""A rule written only against linter.api (docs/examples/rules) behaves like a built-in: it loads from
`rules-dirs`, its documented examples hold, its options, suppressions and SARIF entry work the same way."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import ROOT, lint, prodlint, write_tree
from linter import docs
from linter.catalog import load_catalog
from linter.loader import load_rules

EXAMPLES = ROOT / "docs" / "examples" / "rules"


def _plugin_repo(tmp_path: Path, compose: str, extra_config: str = "") -> Path:
    shutil.copytree(EXAMPLES, tmp_path / "house-rules")
    write_tree(tmp_path, {"docker-compose.yml": compose,
                          ".prodlint.toml": f'rules-dirs = ["house-rules"]\n{extra_config}'})
    return tmp_path


def test_the_example_loads_like_a_builtin():
    rules = {r.id: r for r in load_rules([EXAMPLES], load_catalog().ids, use_cache=False)}
    rule = rules["ACME001"]
    assert not rule.builtin and rule.meta.name == "image-from-registry"
    sections = docs.sections(rule.doc)
    assert docs.examples(sections["Example"]) and docs.examples(sections["Use instead"])


def test_its_documented_examples_hold(tmp_path):
    rule = next(r for r in load_rules([EXAMPLES], load_catalog().ids, use_cache=False) if r.id == "ACME001")
    for heading, fires in (("Example", True), ("Use instead", False)):
        files = {f.path: f.text for f in docs.examples(docs.sections(rule.doc)[heading])}
        repo = _plugin_repo(tmp_path / heading.replace(" ", "-"), files["docker-compose.yml"])
        result = lint(repo, None, select=["ACME001"], load_plugins=True)
        assert [(f.rule_id, f.path, f.span.line) for f in result.findings] == (
            [("ACME001", "docker-compose.yml", 3)] if fires else [])


def test_options_suppressions_and_sarif_work_as_for_builtins(tmp_path):
    compose = ("services:\n"
               "  api:\n"
               "    image: ghcr.io/acme/api:1.2\n"
               "  db:\n"
               "    image: postgres:16  # prodlint: ignore[image-from-registry] -- vendor image, scanned upstream\n"
               "  cache:\n"
               "    image: redis:7\n")
    repo = _plugin_repo(tmp_path, compose, '[rules.ACME001]\nregistry = "ghcr.io/acme/"\n')
    out = prodlint("check", "--load-plugins", "--select", "ACME001", "-f", "sarif", "--sarif-suppressed", "include",
                   str(repo), cwd=repo)
    sarif = json.loads(out.stdout)
    results = [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"],
                [s["kind"] for s in r.get("suppressions", ())]) for r in sarif["runs"][0]["results"]]
    assert results == [("ACME001", 7, []), ("ACME001", 5, ["inSource"])]  # the suppressed one shown as such
    rule = next(r for r in sarif["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "ACME001")
    assert "checklist:docker.production-images" in rule["properties"]["tags"]


def test_without_consent_a_repositorys_own_rules_do_not_run(tmp_path):
    repo = _plugin_repo(tmp_path, "services:\n  api:\n    image: node:20\n")
    result = lint(repo, None, load_plugins=False)
    assert not [f for f in result.findings if f.rule_id == "ACME001"]
    assert any("rules-dirs not loaded" in n.message for n in result.notices)
