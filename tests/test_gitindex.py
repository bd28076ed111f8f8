"""linter.gitindex: the index read directly gives git's answer (`git ls-files --cached`), or None and git is asked."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from linter import gitindex
from linter.model.repository import Repository  # noqa: F401  (the module that asks: imported as the run does)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

NAMES = ["a.txt", "b/c.txt", "b/c.txt.d/e", "b-c", "b.c/d", "deep/x/y/z/" + "n" * 200, "sp ace", "ünï.txt",
         "dir/a", "dir/ab", "dir/abc/d", ".env", "backend/Dockerfile"]
LONG = "/".join(["d" * 200] * 21) + "/long"


def _git(root: Path, *args: str, **kw) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@t", HOME=str(root))
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, env=env, **kw)


def _repo(tmp_path: Path, *config: str, names=NAMES) -> Path:
    root = tmp_path / "r"
    root.mkdir()
    _git(root, "init", "-q", check=True)
    for c in config:
        _git(root, "config", *c.split("=", 1), check=True)
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(name)
    _git(root, "add", "-A", check=True)
    # a name of more than 0xFFF bytes (its length field saturates), entered without a file of that name
    blob = _git(root, "hash-object", "-w", "a.txt", check=True).stdout.decode().strip()
    _git(root, "update-index", "--add", "--cacheinfo", f"100644,{blob},{LONG}", check=True)
    return root


def _listed(root: Path) -> set[bytes]:
    return {n for n in _git(root, "ls-files", "-z", "--cached", check=True).stdout.split(b"\0") if n}


@pytest.mark.parametrize("version", ["2", "3", "4"])
def test_same_names_as_git_ls_files(tmp_path, version):
    root = _repo(tmp_path, f"index.version={version}")
    (root / "untracked").write_text("x")
    (root / "added-later").write_text("x")
    _git(root, "add", "-N", "added-later", check=True)  # intent to add: an extended flag
    _git(root, "update-index", "--skip-worktree", "a.txt", check=True)  # another extended flag
    _git(root, "update-index", f"--index-version={version}", check=True)
    names = gitindex.index_names(str(root))
    assert names is not None
    assert names == _listed(root)
    assert b"untracked" not in names and b"added-later" in names


def test_extensions_of_a_commit_are_skipped(tmp_path):
    root = _repo(tmp_path, "index.version=4")
    _git(root, "commit", "-qm", "x", check=True)
    _git(root, "update-index", "--untracked-cache", check=True)
    _git(root, "status", "--porcelain", check=True)  # writes the cache tree (TREE) and untracked cache (UNTR)
    assert gitindex.index_names(str(root)) == _listed(root)


def test_repository_answers_the_same_without_git(tmp_path, monkeypatch):
    from linter.model.project import Project
    root = _repo(tmp_path)
    (root / "untracked.env").write_text("X=1")
    calls = []
    import linter.discover as discover
    real = discover.git
    monkeypatch.setattr(discover, "git", lambda *a, **k: calls.append(a) or real(*a, **k))
    rels = [".env", "untracked.env", "b", "b/c.txt", "missing"]
    repo = Repository(Project(root, None), explicit=[root / r for r in rels[:2]])
    answers = [repo.tracked(r) for r in rels]
    assert calls == [] and repo.git is True
    assert answers == [True, False, False, True, False]


@pytest.mark.parametrize("setting", ["core.splitIndex=true", "index.sparse=true"])
def test_split_and_sparse_indexes_are_gits(tmp_path, setting):
    root = _repo(tmp_path, setting)
    if setting.startswith("index.sparse"):
        if _git(root, "sparse-checkout", "set", "--cone", "--sparse-index", "b").returncode != 0:
            pytest.skip("git without sparse index")
        _git(root, "commit", "-qm", "x", check=True)
        _git(root, "sparse-checkout", "reapply")
    else:
        _git(root, "update-index", "--split-index", check=True)
    assert gitindex.index_names(str(root)) is None


@pytest.mark.parametrize("config", ["core.worktree=/tmp", "core.bare=true", "extensions.objectFormat=sha256",
                                    "include.path=other"])
def test_configuration_that_moves_the_tree_is_gits(tmp_path, config):
    root = _repo(tmp_path)
    _git(root, "config", *config.split("=", 1), check=True)
    assert gitindex.index_names(str(root)) is None


def test_links_worktrees_and_missing_git_are_gits(tmp_path, monkeypatch):
    root = _repo(tmp_path)
    _git(root, "rm", "-q", "--cached", LONG, check=True)  # a worktree cannot check out a name that long
    _git(root, "commit", "-qm", "x", check=True)
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / ".git").symlink_to(root / ".git")
    assert gitindex.index_names(str(linked)) is None
    worktree = tmp_path / "wt"
    assert _git(root, "worktree", "add", "-q", str(worktree)).stderr == b""
    assert (worktree / ".git").is_file()
    assert gitindex.index_names(str(worktree)) is None
    assert gitindex.index_names(str(root / "b")) is None  # not the top of the work tree
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    assert gitindex.index_names(str(root)) is None


def _index(version: int, entries: list[bytes], count: int | None = None, flags: int | None = None) -> bytes:
    out = bytearray(b"DIRC" + version.to_bytes(4, "big") + (len(entries) if count is None else count).to_bytes(4, "big"))
    for name in entries:
        start = len(out)
        fixed = bytearray(62)
        fixed[24:28] = (0o100644).to_bytes(4, "big")
        fixed[60:62] = (min(len(name), 0xFFF) if flags is None else flags).to_bytes(2, "big")
        out += fixed + name
        out += b"\0" * (((len(out) - start + 8) & ~7) - (len(out) - start))
    return bytes(out + b"\0" * 20)


def test_hostile_indexes_are_refused_not_trusted():
    good = _index(2, [b"a", b"b/c"])
    assert gitindex.parse(good) == {b"a", b"b/c"}
    assert gitindex.parse(good[:-25]) is None  # truncated
    assert gitindex.parse(good[:30]) is None
    assert gitindex.parse(_index(2, [b"a"], count=1 << 31)) is None  # more entries than bytes
    assert gitindex.parse(_index(2, [b"b", b"a"])) is None  # out of git's order
    assert gitindex.parse(_index(2, [b"a"], flags=50)) is None  # a length past the name: no NUL there
    assert gitindex.parse(_index(2, [b"a"], flags=0x4001)) is None  # extended flags in version 2
    assert gitindex.parse(_index(5, [b"a"])) is None
    assert gitindex.parse(b"XXXX" + good[4:]) is None
    assert gitindex.parse(good[:-20] + b"link" + (0).to_bytes(4, "big") + b"\0" * 20) is None  # split index
    assert gitindex.parse(good[:-20] + b"TREE" + (99).to_bytes(4, "big") + b"\0" * 20) is None  # past the end
    assert gitindex.parse(good[:-20] + b"TREE" + (0).to_bytes(4, "big") + b"\0" * 20) == {b"a", b"b/c"}
    # names with '..' or bytes that are not UTF-8 are names like any other: no checked path equals them
    assert gitindex.parse(_index(2, [b"../etc/passwd", b"\xff"])) == {b"../etc/passwd", b"\xff"}
    # a name of 0xFFF bytes or more is read up to its NUL
    assert gitindex.parse(_index(2, [b"x" * 5000])) == {b"x" * 5000}
    # version 4: a strip count longer than the previous name
    bad4 = b"DIRC" + (4).to_bytes(4, "big") + (1).to_bytes(4, "big") + bytes(60) + (1).to_bytes(2, "big") \
        + b"\x05a\0" + bytes(20)
    assert gitindex.parse(bad4) is None


def test_hostile_index_file_on_disk(tmp_path):
    root = _repo(tmp_path)
    index = root / ".git" / "index"
    index.write_bytes(index.read_bytes()[:100])
    assert gitindex.index_names(str(root)) is None
    index.unlink()
    index.symlink_to("/etc/passwd")
    assert gitindex.index_names(str(root)) is None
    index.unlink()
    index.write_bytes(b"\0" * ((2 << 20) + 1))
    assert gitindex.index_names(str(root)) is None


def test_a_version_4_index_whose_names_grow_by_one_byte_each_is_git_s_to_read():
    """Version 4 writes each name as the previous one plus a suffix: a 2 MiB index of one-byte suffixes spelled
    32,000 names averaging 16,000 bytes (half a gigabyte held, seconds spent copying). Names of more bytes in all
    than a real index of that size holds are git's to read."""
    import time
    entry = bytes(60) + (0).to_bytes(2, "big") + b"\x00a\0"
    count = ((2 << 20) - 32) // len(entry)
    data = b"DIRC" + (4).to_bytes(4, "big") + count.to_bytes(4, "big") + entry * count + bytes(20)
    start = time.perf_counter()
    assert gitindex.parse(data) is None
    assert time.perf_counter() - start < 1
