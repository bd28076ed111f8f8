"""The real pre-commit (the PyPI package) runs our hook with try-repo: it fails on a bad file, passes a good one."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
BAD = "services:\n  api:\n    image: example/api:1.0\n"
GOOD = "services:\n  api:\n    image: example/api:1.0\n    restart: unless-stopped\n"


def _snapshot_of_project(target: Path, env: dict) -> Path:
    """The project as it is on disk (committed or not) as a one-commit repository pre-commit can clone."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        source = ROOT / rel
        if source.is_file() and not rel.startswith("fixtures/"):
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / rel)
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "snapshot"]):
        subprocess.run(["git", *args], cwd=target, check=True, env=env, capture_output=True)
    return target


@pytest.mark.skipif(not PRE_COMMIT.exists() or not shutil.which("git"), reason="pre-commit or git not installed")
def test_try_repo(tmp_path):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@t", PRE_COMMIT_HOME=str(tmp_path / "cache"))
    env.pop("GIT_DIR", None)
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=env)
    (repo / ".prodlint.toml").write_text('select = ["CMP002"]\n')
    (repo / "docker-compose.yml").write_text(BAD)
    (repo / "README.md").write_text("not checked\n")
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=env)

    hook_repo = _snapshot_of_project(tmp_path / "prodlint", env)

    def try_repo():
        return subprocess.run([str(PRE_COMMIT), "try-repo", str(hook_repo), "prodlint", "--all-files"], cwd=repo,
                              env=env, capture_output=True, text=True, timeout=600)

    bad = try_repo()
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "docker-compose.yml:2:3: CMP002" in bad.stdout

    (repo / "docker-compose.yml").write_text(GOOD)
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=env)
    good = try_repo()
    assert good.returncode == 0, good.stdout + good.stderr
