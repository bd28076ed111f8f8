"""Configuration: found, validated by its schema, errors that name file and key; plugins and options."""
from __future__ import annotations

import pytest

from conftest import ROOT, lint
from linter.errors import UsageError

PLUGINS = 'rules-dirs = ["plugin_rules"]\n'  # an in-tree configuration loads rules from inside the tree only


@pytest.fixture(autouse=True)
def _plugin_rules(request, tmp_path):
    """The project's test plugin rules, copied into the scanned tree for the tests that load them."""
    if "PLUGINS" in request.function.__code__.co_names:
        import shutil
        shutil.copytree(ROOT / "fixtures" / "plugin_rules", tmp_path / "plugin_rules")


def test_pyproject_section_is_read(tmp_path):
    files = {"pyproject.toml": '[tool.prodlint]\nignore = ["CMP002"]\n',
             "docker-compose.yml": "services:\n  a:\n    image: a:1\n"}
    assert not [f for f in lint(tmp_path, files).findings if f.rule_id == "CMP002"]


@pytest.mark.parametrize("text, message", [
    ("colour = true\n", "unknown key 'colour'"),
    ("fail-on = 'fatal'\n", "'fail-on'"),
    ("[severity]\nNOPE001 = 'error'\n", "unknown rule 'NOPE001'"),
    ("[rules.CMP002]\nfoo = 1\n", 'unknown option "foo" for rule CMP002'),
    ("[roles]\nstaging = ['x']\n", "unknown key 'roles.staging'"),
    ("fail-on = \n", "invalid TOML"),
])
def test_errors_name_the_file_and_key(tmp_path, text, message):
    (tmp_path / ".prodlint.toml").write_text(text)
    with pytest.raises(UsageError) as err:
        lint(tmp_path)
    assert message in str(err.value)
    if "option" not in message:
        assert ".prodlint.toml" in str(err.value)


def test_plugin_rule_with_options_and_severity_override(tmp_path):
    files = {".prodlint.toml": PLUGINS + '[rules.forbidden-setting]\nname = "LEGACY"\n[severity]\nTST001 = "note"\n',
             ".env": "LEGACY=1\nFORBIDDEN=1\n"}
    result = lint(tmp_path, files, select=["TST001"])
    assert [(f.span.line, f.severity, f.message) for f in result.findings] == [(1, "note", "remove the variable LEGACY")]


def test_plugin_option_type_is_validated(tmp_path):
    (tmp_path / ".prodlint.toml").write_text(PLUGINS + "[rules.TST001]\nname = 3\n")
    with pytest.raises(UsageError, match='option "name" of rule TST001'):
        lint(tmp_path)


def test_crashing_rule_is_an_internal_error_finding(tmp_path):
    result = lint(tmp_path, {".prodlint.toml": PLUGINS, ".env": "A=1\n"}, select=["TST003"])
    crash = [f for f in result.findings if f.rule_id == "PL002"]
    assert len(crash) == 1 and crash[0].path == ".env" and "TST003" in crash[0].message


def test_crashing_rule_raises_with_debug(tmp_path):
    (tmp_path / ".prodlint.toml").write_text(PLUGINS)
    (tmp_path / ".env").write_text("A=1\n")
    with pytest.raises(RuntimeError):
        lint(tmp_path, select=["TST003"], debug=True)


def test_invalid_rule_metadata_is_a_usage_error(tmp_path):
    rules = tmp_path / "myrules"
    rules.mkdir()
    (rules / "bad.py").write_text('"""Doc."""\nfrom linter.api import RuleMeta\n'
                                  'META = RuleMeta(id="bad1", name="Bad Name", kinds=("env",), severity="fatal", '
                                  'checklist=())\ndef check(doc, ctx):\n    return []\n')
    (tmp_path / ".prodlint.toml").write_text('rules-dirs = ["myrules"]\n')
    with pytest.raises(UsageError, match="invalid rule metadata"):
        lint(tmp_path)


def test_unknown_checklist_id_is_a_usage_error(tmp_path):
    rules = tmp_path / "myrules"
    rules.mkdir()
    (rules / "bad.py").write_text('"""Doc."""\nfrom linter.api import RuleMeta\n'
                                  'META = RuleMeta(id="ZZZ001", name="zed", kinds=("env",), severity="note", '
                                  'checklist=("nope.item",))\ndef check(doc, ctx):\n    return []\n')
    (tmp_path / ".prodlint.toml").write_text('rules-dirs = ["myrules"]\n')
    with pytest.raises(UsageError, match="unknown checklist id 'nope.item'"):
        lint(tmp_path)
