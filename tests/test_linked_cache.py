"""The YAML files a repository's own compose commands name (linter.linked._named_by_commands) are answered from
the result cache on a warm run (reading the role evidence they come from is a tenth of such a run), and asked
again whenever what they are computed from changes: the commands' files, the named files, the listing, git's
ignore rules. Each change below must make the warm run report what a run without the cache does."""
from __future__ import annotations

import subprocess

import pytest

from conftest import lint, write_tree

MONGO = "services:\n  mongo:\n    image: mongo:latest\n    ports:\n      - \"27017:27017\"\n"
TREE = {
    "docker-compose.yml": "services:\n  api:\n    image: example/api:1.0.0\n    restart: unless-stopped\n",
    "README.md": "# shop\n\nDeploy:\n\n```sh\ndocker compose -f docker-compose.yml -f ops/mongodb.yml up -d\n```\n",
    "ops/mongodb.yml": MONGO,
    "tools/other.yml": "services:\n  cache:\n    image: redis:latest\n",
}


def _git(root, *args):
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.setenv("PRODLINT_CACHE_DIR", str(tmp_path / "cache"))
    root = write_tree(tmp_path / "repo", TREE)
    _git(root, "init", "-q")
    return root


def _report(root, cache: bool):
    result = lint(root, use_git=True, cache=cache)
    return (sorted((f.rule_id, f.path, f.span.line, f.message) for f in result.findings),
            sorted((n.path, n.message) for n in result.notices), sorted(f.rel for f in result.files))


def _asked(root, monkeypatch) -> tuple[int, tuple]:
    """How many times the commands were read in a cached run, and its report."""
    import linter.linked as linked
    calls = []
    original = linked._named_by_commands

    def spy(*args):
        calls.append(args)
        return original(*args)
    monkeypatch.setattr(linked, "_named_by_commands", spy)
    try:
        report = _report(root, cache=True)
    finally:
        monkeypatch.setattr(linked, "_named_by_commands", original)
    return len(calls), report


def test_a_warm_run_reads_no_commands_and_reports_the_same(repo, monkeypatch):
    cold = _report(repo, cache=False)
    assert "ops/mongodb.yml" in cold[2] and "tools/other.yml" not in cold[2]
    assert any(f[1] == "ops/mongodb.yml" for f in cold[0])
    asked, report = _asked(repo, monkeypatch)
    assert asked >= 1 and report == cold  # once per round of links (the named file's folder is searched next)
    assert _asked(repo, monkeypatch) == (0, cold)


def _edit(root, rel, text):
    path = root / rel
    if text is None:
        path.unlink()
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


CHANGES = {
    # the command names another file, or none
    "command names another file": [("README.md", TREE["README.md"].replace("mongodb.yml", "other.yml"))],
    "command removed": [("README.md", "# shop\n")],
    # a new file holds a command (a script: listed, not a configuration file)
    "a script adds a command": [("deploy.sh", "#!/bin/sh\ndocker compose -f docker-compose.yml -f tools/other.yml "
                                              "up -d\n")],
    # the named file renamed, removed, or no longer compose's text
    "named file renamed": [("ops/mongodb.yml", None), ("ops/mongo.yml", MONGO)],
    "named file removed": [("ops/mongodb.yml", None)],
    "named file is not compose's any more": [("ops/mongodb.yml", "scrape_configs:\n  - job_name: app\n")],
}


@pytest.mark.parametrize("name", list(CHANGES))
def test_every_change_to_what_the_answer_is_made_of_is_seen(repo, monkeypatch, name):
    _report(repo, cache=True)
    for rel, text in CHANGES[name]:
        _edit(repo, rel, text)
    cold = _report(repo, cache=False)
    assert _report(repo, cache=True) == cold
    assert _asked(repo, monkeypatch) == (0, cold)  # and the new answer is kept


def test_a_named_file_that_becomes_compose_text_is_seen(repo, monkeypatch):
    _edit(repo, "ops/mongodb.yml", "scrape_configs:\n  - job_name: app\n")
    before = _report(repo, cache=True)
    assert "ops/mongodb.yml" not in before[2]
    _edit(repo, "ops/mongodb.yml", MONGO)
    cold = _report(repo, cache=False)
    assert "ops/mongodb.yml" in cold[2]
    assert _report(repo, cache=True) == cold


def test_ignoring_the_named_file_is_seen(repo):
    before = _report(repo, cache=True)
    assert "ops/mongodb.yml" in before[2]
    _edit(repo, ".gitignore", "ops/mongodb.yml\n")
    cold = _report(repo, cache=False)
    assert "ops/mongodb.yml" not in cold[2]
    assert _report(repo, cache=True) == cold
