"""The result cache answers a second run on an unchanged tree, and never once the tree has changed.

Per-file results are keyed by each file's signature and what it reads across; the repository-wide rules
(GIT*) by every listed file, git's state and every env file on disk, ignored ones included.
"""
from __future__ import annotations

import subprocess

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import lint, write_tree

SECRET = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"
FILES = {
    ".env": f"NODE_ENV=production\nSTRIPE_SECRET_KEY={SECRET}\n",
    "docker-compose.yml": "services:\n  api:\n    build: .\n    image: example/api:1.0.0\n",
    "Dockerfile": "FROM node:20.11-alpine\nWORKDIR /app\nCOPY . .\nUSER node\nCMD [\"node\", \"server.js\"]\n",
}


def _git(root, *args):
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.invalid", "PATH": "/usr/bin:/bin"})


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.setenv("PRODLINT_CACHE_DIR", str(tmp_path / "cache"))
    root = write_tree(tmp_path / "repo", FILES)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "init")
    return root


def _seen(root):
    result = lint(root, use_git=True, cache=True)
    return sorted((f.rule_id, f.path, f.span.line) for f in result.findings)


def test_a_warm_run_reports_what_the_cold_run_did(repo):
    cold = _seen(repo)
    assert ("GIT001", ".env", 1) in {(r, p, 1) for r, p, _ in cold}
    assert _seen(repo) == cold


def test_warm_equals_uncached(repo):
    _seen(repo)
    uncached = sorted((f.rule_id, f.path, f.span.line) for f in lint(repo, use_git=True, cache=False).findings)
    assert _seen(repo) == uncached


def test_untracking_the_env_file_is_seen_by_the_repository_rules(repo):
    assert any(r == "GIT001" for r, _, _ in _seen(repo))
    _git(repo, "rm", "-q", "--cached", ".env")  # only git's index changes: the file and the listing stay
    after = _seen(repo)
    assert not any(r == "GIT001" for r, _, _ in after), after
    (repo / ".gitignore").write_text(".env\n")
    assert not any(r in ("GIT001", "GIT002") for r, _, _ in _seen(repo))


def test_an_ignored_env_file_appearing_on_disk_is_seen(repo):
    (repo / ".gitignore").write_text("secrets.env\n")
    (repo / ".dockerignore").write_text(".env\n")
    before = {r for r, _, _ in _seen(repo)}
    assert "GIT004" not in before
    (repo / "secrets.env").write_text(f"API_TOKEN={SECRET}\n")
    after = _seen(repo)
    assert ("GIT004", "Dockerfile", 3) in after, after


def test_an_edited_file_is_checked_again(repo):
    assert ("CMP002", "docker-compose.yml", 2) in _seen(repo)
    (repo / "docker-compose.yml").write_text(FILES["docker-compose.yml"] + "    restart: unless-stopped\n")
    assert ("CMP002", "docker-compose.yml", 2) not in _seen(repo)


SHARED = "orchid-lantern-42"  # judged weak in .env; quoted in the server's source, where no rule judges it
SHARED_TREE = {
    ".env": f"NODE_ENV=production\nJWT_SECRET={SHARED}\n",
    "package.json": '{"name": "api", "main": "src/server.js", "dependencies": {"express": "^4.18.2"}}\n',
    "src/server.js": ("const express = require('express');\n"
                      f"const app = express(); const banner = '{SHARED}';\n"
                      "app.get('/', (req, res) => res.send(banner));\napp.listen(3000);\n"),
    "Dockerfile": 'FROM node:20.11-alpine\nWORKDIR /app\nCOPY . .\nUSER node\nCMD ["node", "src/server.js"]\n',
}


def _rendered(root, cache: bool) -> str:
    from linter.report.json_report import render
    return render(lint(root, use_git=False, cache=cache))


def test_a_line_holding_a_value_another_file_judged_is_cached_without_it(tmp_path, monkeypatch):
    """The server's finding quotes a line that holds the value .env's rule judged: its outcome is stored with
    no snippet (the report reads and masks the line), instead of not at all, which checked the file again on
    every warm run; the output is the same cold, warm and uncached, and masked in each."""
    from linter.checker import Checker
    monkeypatch.setenv("PRODLINT_CACHE_DIR", str(tmp_path / "cache"))
    root = write_tree(tmp_path / "repo", SHARED_TREE)
    cold = _rendered(root, cache=True)
    assert "src/server.js" in cold and "const banner = '****'" in cold and SHARED not in cold
    checked: list[str] = []
    original = Checker.check_file
    monkeypatch.setattr(Checker, "check_file", lambda self, file: checked.append(file.rel) or original(self, file))
    assert _rendered(root, cache=True) == cold
    assert checked == []
    assert _rendered(root, cache=False) == cold
    stored = b"".join(p.read_bytes() for p in (tmp_path / "cache").rglob("*") if p.is_file())
    assert SHARED.encode() not in stored


def test_the_line_is_shown_as_the_current_run_masks_it(tmp_path, monkeypatch):
    """Once .env no longer judges the value, the warm run shows the line as a cold run does: the stored outcome
    kept no mask of another file's verdict."""
    monkeypatch.setenv("PRODLINT_CACHE_DIR", str(tmp_path / "cache"))
    root = write_tree(tmp_path / "repo", SHARED_TREE)
    _rendered(root, cache=True)
    (root / ".env").write_text("NODE_ENV=production\n")
    assert _rendered(root, cache=True) == _rendered(root, cache=False)
    assert f"const banner = '{SHARED}'" in _rendered(root, cache=True)


# --- signatures remembered by lstat (linter.resultcache.SignatureMemo) ---

def _count_hashing(monkeypatch):
    from linter import resultcache
    hashed = []
    real = resultcache.signature

    def counting(path, root=None):
        hashed.append(str(path))
        return real(path, root)

    monkeypatch.setattr(resultcache, "signature", counting)
    return hashed


def test_an_unchanged_file_is_not_hashed_again(repo, monkeypatch):
    from linter import resultcache
    monkeypatch.setattr(resultcache, "_RACY_NS", 0)  # the files were written a moment ago
    cold = _seen(repo)
    hashed = _count_hashing(monkeypatch)
    assert _seen(repo) == cold
    assert not [p for p in hashed if p.startswith(str(repo)) and "/.git/" not in p], hashed


def test_an_edit_that_keeps_size_and_modification_time_is_seen(repo, monkeypatch):
    """The change time moves with any write, and cannot be set back as the modification time can."""
    import os
    from linter import resultcache
    monkeypatch.setattr(resultcache, "_RACY_NS", 0)
    dockerfile = repo / "Dockerfile"
    before = os.stat(dockerfile)
    cold = _seen(repo)
    dockerfile.write_text(dockerfile.read_text().replace("USER node", "USER root"))
    assert os.stat(dockerfile).st_size == before.st_size
    os.utime(dockerfile, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert _seen(repo) == sorted((f.rule_id, f.path, f.span.line)
                                 for f in lint(repo, use_git=True, cache=False).findings) != cold


def test_a_file_changed_just_before_it_was_hashed_is_hashed_again(repo, monkeypatch):
    """Its times could stay the same through a second write within one tick of the file system's clock."""
    from linter import resultcache
    _seen(repo)  # every file was written within the last two seconds
    hashed = _count_hashing(monkeypatch)
    _seen(repo)
    assert str(repo / "docker-compose.yml") in hashed


_SAME_SIZE_EDITS = {  # each keeps the file's size: only the content (and the change time) moves
    "Dockerfile": ("USER node", "USER root"),
    "docker-compose.yml": ("image: example/api:1.0.0", "image: example/api:lates"),
    ".env": ("NODE_ENV=production", "NODE_ENV=developmen"),
}


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(sorted(_SAME_SIZE_EDITS)), min_size=1, max_size=3))
def test_warm_runs_follow_edits_that_keep_size_and_times(repo, monkeypatch, edits):
    """Whatever files are edited in place, with their modification time put back, a cached run reports what
    an uncached one does."""
    import os
    from linter import resultcache
    monkeypatch.setattr(resultcache, "_RACY_NS", 0)
    _seen(repo)
    for name in edits:
        path = repo / name
        before = os.stat(path)
        old, new = _SAME_SIZE_EDITS[name]
        text = path.read_text()
        path.write_text(text.replace(old, new) if old in text else text.replace(new, old))
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        uncached = sorted((f.rule_id, f.path, f.span.line) for f in lint(repo, use_git=True, cache=False).findings)
        assert _seen(repo) == uncached
