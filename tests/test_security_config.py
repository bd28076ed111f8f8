"""The scanned repository cannot steer prodlint unseen (SECURITY.md, guarantee 3).

A configuration in the scanned tree is applied, but every setting that removes or weakens findings is
announced in the text notices, GitHub annotations, JSON notices, SARIF (run properties, invocation properties
and a tool notification) and the audit; a configuration above the repository never applies; one default
for fail-on.
"""
from __future__ import annotations

import json
import subprocess

import pytest

from conftest import lint, prodlint, write_tree
from linter.config import DEFAULT_FAIL_ON, Config, load_config

COMPOSE = "services:\n  web:\n    image: nginx:1.25\n"

STEERING = [  # (configuration, the setting announced)
    ('[roles]\ntest = ["*"]\n', "roles.test"),
    ("ignore = ['CMP']\n", "ignore"),
    ("select = ['ENV']\n", "select"),
    ('[per-file-ignores]\n"*.yml" = ["CMP002"]\n', "per-file-ignores"),
    ("[severity]\nCMP002 = 'note'\n", "severity"),
    ("exclude = ['*.yml']\n", "exclude"),
    ("baseline = 'b.json'\n", "baseline"),
    ("fail-on = 'error'\n", "fail-on"),
    ('rules-dirs = ["rules"]\n', "rules-dirs"),
    ('[rules]\nCMP002 = {allowed = ["no"]}\n', "rules"),
]


def _repo(tmp_path, config: str):
    files = {".prodlint.toml": config, "docker-compose.yml": COMPOSE,
             "b.json": '{"format": "prodlint-baseline/1", "findings": []}\n'}
    write_tree(tmp_path, files)
    (tmp_path / "rules").mkdir(exist_ok=True)
    return tmp_path


@pytest.mark.parametrize("config, setting", STEERING, ids=[s for _, s in STEERING])
def test_every_setting_that_removes_findings_is_announced_in_every_format(tmp_path, config, setting):
    if setting == "rules":
        import linter.loader as loader  # only a real option of a real rule can be configured
        from linter.catalog import load_catalog
        rule = next(r for r in loader.load_rules([], load_catalog().ids) if r.meta.options)
        name, spec = next(iter(rule.meta.options.items()))
        config = f'[rules]\n{rule.id} = {{"{name}" = {json.dumps(spec.get("default"))}}}\n'
    root = _repo(tmp_path, config)
    text = prodlint("check", "--no-git", root).stdout
    assert f".prodlint.toml: notice: configuration from the scanned repository: {setting}:" in text
    github = prodlint("check", "--no-git", "-f", "github", root).stdout
    assert f"::notice file=.prodlint.toml,title=prodlint::configuration from the scanned repository: {setting}" \
        in github.replace("%3A", ":")
    notices = json.loads(prodlint("check", "--no-git", "-f", "json", root).stdout)["notices"]
    assert any(n["path"] == ".prodlint.toml" and f"repository: {setting}:" in n["message"] for n in notices)
    run = json.loads(prodlint("check", "--no-git", "-f", "sarif", root).stdout)["runs"][0]
    for where in (run["properties"]["prodlint"], run["invocations"][0]["properties"]["prodlint"]):
        assert where["configuration"] == ".prodlint.toml" and where["configurationFromScannedRepository"]
        assert setting in [s["setting"] for s in where["steering"]]
    audit = prodlint("audit", "--no-git", "-f", "json", root).stdout
    assert setting in [s["setting"] for s in json.loads(audit)["steering"]]


def test_roles_that_silence_everything_are_visible_in_the_audit_text(tmp_path):
    root = _repo(tmp_path, '[roles]\ntest = ["*"]\n')
    out = prodlint("audit", "--no-git", root).stdout
    assert "notice: configuration from the scanned repository: roles.test: files matching '*'" in out


@pytest.mark.parametrize("config", ["require-reason = true\n", "[roles]\nproduction = ['deploy/']\n",
                                    "[severity]\nCMP002 = 'error'\n"])
def test_settings_that_only_add_checks_are_not_announced(tmp_path, config):
    root = _repo(tmp_path, config)
    assert "configuration from the scanned repository" not in prodlint("check", "--no-git", root).stdout


def test_a_configuration_the_user_names_is_trusted_and_not_announced(tmp_path):
    root = _repo(tmp_path, "")
    user = tmp_path.parent / f"{tmp_path.name}-user.toml"
    user.write_text("ignore = ['CMP004']\n")
    out = prodlint("check", "--no-git", "--config", user, root).stdout
    assert "configuration from the scanned repository" not in out and "CMP004" not in out


def test_a_configuration_above_a_non_git_root_never_applies(tmp_path):
    write_tree(tmp_path, {".prodlint.toml": "ignore = ['CMP']\n", "repo/docker-compose.yml": COMPOSE,
                          "pyproject.toml": "[tool.prodlint]\nignore = ['CMP']\n"})
    assert load_config(tmp_path / "repo").path is None
    assert "CMP002" in prodlint("check", "--no-git", tmp_path / "repo").stdout


def test_a_configuration_above_the_git_root_never_applies_but_one_inside_does(tmp_path):
    write_tree(tmp_path, {".prodlint.toml": "ignore = ['CMP']\n", "repo/docker-compose.yml": COMPOSE,
                          "repo/.prodlint.toml": "ignore = ['CMP004']\n", "repo/sub/docker-compose.yml": COMPOSE})
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    config = load_config(tmp_path / "repo" / "sub")
    assert config.path == (tmp_path / "repo" / ".prodlint.toml").resolve() and config.in_tree
    (tmp_path / "repo" / ".prodlint.toml").unlink()
    assert load_config(tmp_path / "repo" / "sub").path is None


def test_one_default_fail_on_for_the_command_line_and_the_configuration(tmp_path):
    assert Config().fail_on == DEFAULT_FAIL_ON == "warning"
    root = _repo(tmp_path, "[severity]\nCMP002 = 'note'\nCMP004 = 'note'\nCMP001 = 'note'\nCMP003 = 'note'\n")
    # every finding is a note now: fail-on (default warning) lets the run pass, with or without a config file
    proc = prodlint("check", "--no-git", "--select", "CMP002", root)
    assert proc.returncode == 0, proc.stdout
    assert lint(root).config.fail_on == "warning"
