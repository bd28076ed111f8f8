"""Paths are relative to the repository root whatever path argument a run is given."""
from __future__ import annotations

import json
import os
import subprocess

from conftest import prodlint, write_tree

COMPOSE = "services:\n  api:\n    image: example/api:1.0\n"


def _git_repo(root, files):
    write_tree(root, files)
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@t")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "init"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


def _paths(proc) -> list[str]:
    assert proc.returncode in (0, 1), proc.stderr
    return sorted({f["path"] for f in json.loads(proc.stdout)["findings"]})


def _sarif_uris(proc) -> list[str]:
    assert proc.returncode in (0, 1), proc.stderr
    results = json.loads(proc.stdout)["runs"][0]["results"]
    return sorted({r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results})


def test_a_subfolder_argument_reports_paths_from_the_git_root(tmp_path):
    _git_repo(tmp_path, {"services/api/docker-compose.yml": COMPOSE, "services/web/docker-compose.yml": COMPOSE})
    want = ["services/api/docker-compose.yml"]
    assert _paths(prodlint("check", "-f", "json", "--select", "CMP002", "services/api", cwd=tmp_path)) == want
    assert _paths(prodlint("check", "-f", "json", "--select", "CMP002", tmp_path / "services" / "api")) == want
    assert _paths(prodlint("check", "-f", "json", "--select", "CMP002", ".", cwd=tmp_path / "services/api")) == want
    assert _paths(prodlint("check", "-f", "json", "--select", "CMP002", cwd=tmp_path / "services/api")) == want
    assert _sarif_uris(prodlint("check", "-f", "sarif", "--select", "CMP002", "services/api", cwd=tmp_path)) == want
    # the whole repository: the same path, so the same fingerprint
    whole = json.loads(prodlint("check", "-f", "json", "--select", "CMP002", tmp_path).stdout)["findings"]
    part = json.loads(prodlint("check", "-f", "json", "--select", "CMP002", "services/api", cwd=tmp_path).stdout)
    assert [f["fingerprint"] for f in whole if f["path"] == want[0]] == [f["fingerprint"] for f in part["findings"]]


def test_root_option_decides(tmp_path):
    _git_repo(tmp_path, {"services/api/docker-compose.yml": COMPOSE})
    proc = prodlint("check", "-f", "json", "--select", "CMP002", "--root", "services", "services/api", cwd=tmp_path)
    assert _paths(proc) == ["api/docker-compose.yml"]
    # --root alone checks the root
    proc = prodlint("check", "-f", "json", "--select", "CMP002", "--root", tmp_path / "services")
    assert _paths(proc) == ["api/docker-compose.yml"]


def test_without_git_the_given_folder_is_the_root(tmp_path):
    write_tree(tmp_path, {"services/api/docker-compose.yml": COMPOSE})
    proc = prodlint("check", "-f", "json", "--select", "CMP002", "services/api", cwd=tmp_path)
    assert _paths(proc) == ["docker-compose.yml"]


def test_a_path_outside_the_root_is_refused(tmp_path):
    _git_repo(tmp_path / "repo", {"docker-compose.yml": COMPOSE})
    write_tree(tmp_path / "elsewhere", {"docker-compose.yml": COMPOSE})
    proc = prodlint("check", "--root", tmp_path / "repo", tmp_path / "elsewhere")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.splitlines() == [
        f"prodlint: error: {tmp_path / 'elsewhere'}: outside the repository root {tmp_path / 'repo'}; "
        "name the root with --root to check it"]
    # a second path in another repository than the first one's
    _git_repo(tmp_path / "other", {"docker-compose.yml": COMPOSE})
    proc = prodlint("check", tmp_path / "repo", tmp_path / "other")
    assert proc.returncode == 2 and len(proc.stderr.splitlines()) == 1 and "outside the repository root" in proc.stderr
    # a file argument (pre-commit) outside the root
    proc = prodlint("check", "docker-compose.yml", "../elsewhere/docker-compose.yml", cwd=tmp_path / "repo")
    assert proc.returncode == 2 and "../elsewhere/docker-compose.yml: outside the repository root" in proc.stderr


def test_the_configuration_closest_to_the_checked_folder_wins(tmp_path):
    _git_repo(tmp_path, {".prodlint.toml": 'select = ["CMP002"]\n', "services/api/docker-compose.yml": COMPOSE,
                         "services/api/.prodlint.toml": 'select = ["CMP001"]\n'})
    proc = prodlint("check", "-f", "json", "services/api", cwd=tmp_path)
    assert {f["rule"] for f in json.loads(proc.stdout)["findings"]} == {"CMP001"}
    assert {f["rule"] for f in json.loads(prodlint("check", "-f", "json", tmp_path).stdout)["findings"]} == {"CMP002"}


def test_the_fail_on_default_is_the_same_with_or_without_a_config_file(tmp_path):
    # only a note-level finding: below the default threshold (warning), config file or not
    tree = {"docker-compose.yml": "services:\n  proxy:\n    image: example/proxy:2.1\n    cap_add:\n"
                                  "      - NET_BIND_SERVICE\n"}
    write_tree(tmp_path / "bare", tree)
    write_tree(tmp_path / "configured", {**tree, ".prodlint.toml": "require-reason = false\n"})
    for repo in ("bare", "configured"):
        proc = prodlint("check", "-f", "json", "--select", "CMP020", tmp_path / repo)
        assert [f["severity"] for f in json.loads(proc.stdout)["findings"]] == ["note"]
        assert proc.returncode == 0, repo
