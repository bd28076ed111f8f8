"""A deployment kept where production checks skip it (`examples/`, `test/`, a `*.dev.yml` name) is said in the
summary: "0 findings" alone hid that nothing was held to production."""
from __future__ import annotations

import json

from conftest import prodlint, write_tree

COMPOSE = "services:\n  api:\n    image: example/api:latest\n    ports:\n      - \"8000:8000\"\n"
DOCKERFILE = "FROM python:latest\nCMD [\"python\", \"app.py\"]\n"


def test_a_deployment_under_examples_is_said_in_the_summary(tmp_path):
    write_tree(tmp_path, {"examples/prod/docker-compose.yml": COMPOSE, "examples/prod/Dockerfile": DOCKERFILE})
    proc = prodlint("check", "--no-git", tmp_path)
    assert proc.returncode == 0
    tail = proc.stdout.strip().splitlines()
    assert tail[-2] == "0 findings (0 error, 0 warning, 0 note) in 2 files"
    assert tail[-1] == ("2 files set aside from production checks: 2 example (in folder 'examples/'); "
                        "see `--show-files`, or set `[roles] production` to check them")
    summary = json.loads(prodlint("check", "--no-git", "--format", "json", tmp_path).stdout)["summary"]
    assert summary["findings"] == 0 and summary["set_aside"] == 2
    # CI formats say it too: a SARIF tool notification, a GitHub notice
    sarif = json.loads(prodlint("check", "--no-git", "--format", "sarif", tmp_path).stdout)
    notes = [n["message"]["text"] for n in sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]]
    assert tail[-1] in notes
    github = prodlint("check", "--no-git", "--format", "github", tmp_path).stdout
    assert f"::notice title=prodlint::{tail[-1]}" in github.splitlines()
    # the advice works: held to production, the same files are reported
    (tmp_path / ".prodlint.toml").write_text('[roles]\nproduction = ["examples/**"]\n')
    held = prodlint("check", "--no-git", tmp_path)
    assert held.returncode == 1 and "set aside" not in held.stdout


def test_many_set_aside_files_are_one_line_of_the_largest_reasons(tmp_path):
    files = {f"examples/app{i}/docker-compose.yml": COMPOSE for i in range(40)}
    files.update({f"test/case{i}/docker-compose.yml": COMPOSE for i in range(5)})
    files.update({"deploy/docker-compose.dev.yml": COMPOSE, "docker-compose.yml": COMPOSE.replace("latest", "1.2")})
    write_tree(tmp_path, files)
    out = prodlint("check", "--no-git", tmp_path).stdout
    lines = [line for line in out.splitlines() if "set aside" in line]
    assert len(lines) == 1
    assert lines[0].startswith("46 files set aside from production checks: 40 example (in folder 'examples/'), "
                               "5 test (")
    assert "1 development (" in lines[0]


def test_a_run_where_every_file_is_production_says_nothing_more(tmp_path):
    write_tree(tmp_path, {"docker-compose.yml": COMPOSE})
    out = prodlint("check", "--no-git", tmp_path).stdout
    assert "set aside" not in out


def test_a_warm_run_says_what_a_cold_one_does_and_sees_a_role_change(tmp_path, monkeypatch):
    """The groups are kept in the result cache while the tree is the same (a warm run decides no role): the same
    line warm as cold, and a new file set aside, or a role the configuration changes, is counted again."""
    monkeypatch.setenv("PRODLINT_CACHE_DIR", str(tmp_path / "cache"))
    repo = write_tree(tmp_path / "repo", {"examples/prod/docker-compose.yml": COMPOSE,
                                          "docker-compose.yml": COMPOSE.replace("latest", "1.2")})
    cold = prodlint("check", "--no-git", repo).stdout
    assert "1 file set aside from production checks: 1 example (in folder 'examples/')" in cold
    assert prodlint("check", "--no-git", repo).stdout == cold
    assert (tmp_path / "cache" / "results").is_dir()  # the second run was a warm one
    write_tree(repo, {"examples/other/docker-compose.yml": COMPOSE})
    assert "2 files set aside from production checks: 2 example" in prodlint("check", "--no-git", repo).stdout
    (repo / ".prodlint.toml").write_text('[roles]\nproduction = ["examples/**"]\n')
    assert "set aside" not in prodlint("check", "--no-git", repo).stdout
