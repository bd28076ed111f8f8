"""The cache is data only (SECURITY.md, guarantee 4): sealed, validated, keyed by content; damage is a miss.

The cache folder is handed to an attacker here: entries are rewritten (an import path into the rule index,
emptied findings, wrong types, garbage), files are replaced by links and FIFOs, and a scanned file is
changed keeping its size and modification time. Every run must still give the uncached answer, without a
traceback and without importing anything from outside the rule folders.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import prodlint, write_tree

COMPOSE = "services:\n  web:\n    image: nginx:1.25\n"


@pytest.fixture
def cached(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("PRODLINT_CACHE_DIR", str(cache))
    root = tmp_path / "repo"
    write_tree(root, {"docker-compose.yml": COMPOSE, ".env.production": "NODE_ENV=development\n"})
    cold = prodlint("check", "--no-git", "-f", "json", root).stdout
    assert list((cache / "results").glob("*.marshal")) and list((cache / "rules").glob("*.json"))
    return root, cache, json.loads(cold)["findings"]


def _findings(root):
    proc = prodlint("check", "--no-git", "-f", "json", root)
    assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr, proc.stderr
    return json.loads(proc.stdout)["findings"]


def _rewrite(path: Path, change) -> None:
    """Edit a sealed cache file's payload as an attacker would (keeping the old seal line); the result cache is
    marshalled, the other files JSON."""
    import marshal
    seal, _, payload = path.read_bytes().partition(b"\n")
    binary = path.suffix == ".marshal"
    data = marshal.loads(payload) if binary else json.loads(payload)
    change(data)
    path.write_bytes(seal + b"\n" + (marshal.dumps(data) if binary else json.dumps(data).encode()))


def test_a_rule_index_pointing_at_other_code_imports_nothing(cached, tmp_path):
    root, cache, cold = cached
    evil = tmp_path / "evil.py"
    marker = tmp_path / "imported"
    evil.write_text(f"open({str(marker)!r}, 'w').write('x')\nMETA = None\n")
    for index in (cache / "rules").glob("*.json"):
        def point_elsewhere(data):
            for entry in data:
                entry["path"] = str(evil)
        _rewrite(index, point_elsewhere)
    assert _findings(root) == cold
    prodlint("check", "--no-git", "--no-cache", root)
    assert not marker.exists(), "a path from the cache was imported"


def test_even_a_correctly_sealed_index_cannot_name_a_module_outside_the_rule_folder(tmp_path):
    from linter.loader import _from_index
    folder = tmp_path / "rules"
    index = [{"path": "/tmp/evil.py", "meta": {}, "doc": ""}]
    assert _from_index(index, folder, ["a.py"], "pkg", True) is None
    index = [{"path": "../evil.py", "meta": "-", "doc": ""}]
    assert _from_index(index, folder, ["a.py"], "pkg", True) is None


def test_an_emptied_result_entry_hides_nothing(cached):
    root, cache, cold = cached
    for path in (cache / "results").glob("*.marshal"):
        def empty(data):
            for entry in data["files"].values():
                if "out" in entry:
                    entry["out"]["findings"] = []
                else:  # a run-wide answer (the files set aside from production checks)
                    entry["value"] = []
        _rewrite(path, empty)
    assert _findings(root) == cold


@pytest.mark.parametrize("damage", [
    b"", b"not json at all", b"\x00\xff" * 100, b"[]", b'{"format": 2}',
    b"0" * 64 + b"\n" + b'{"format": 2, "key": "x", "files": []}',
])
def test_a_damaged_cache_file_is_a_miss_not_a_crash(cached, damage):
    root, cache, cold = cached
    for path in list((cache / "results").glob("*.marshal")) + list((cache / "rules").glob("*.json")) \
            + list((cache / "catalog").glob("*.json")):
        path.write_bytes(damage)
    assert _findings(root) == cold
    assert _findings(root) == cold  # and the rewritten cache serves the same


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "directory"])
def test_a_cache_file_that_is_not_a_file_is_a_miss(cached, kind):
    root, cache, cold = cached
    for path in (cache / "results").glob("*.marshal"):
        path.unlink()
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "dev-zero":
            path.symlink_to("/dev/zero")
        else:
            path.mkdir()
    assert _findings(root) == cold


@pytest.mark.parametrize("entry", [
    {"sig": None}, {"sig": "x", "deps": "y", "out": {"files": "one"}},
    {"sig": "x", "deps": "y", "out": {"files": 1, "findings": [{"r": 1}], "notices": [], "directives": {},
                                      "ranges": {}}},
])
def test_a_malformed_entry_is_a_miss(entry, tmp_path, monkeypatch):
    from linter.resultcache import ResultCache
    monkeypatch.setenv("PRODLINT_CACHE_DIR", str(tmp_path))
    cache = ResultCache(tmp_path, "key")
    cache.entries = {"a": entry}
    assert cache.get("a", "x", "y") is None


def test_a_file_changed_keeping_size_and_time_is_checked_again(cached):
    root, cache, cold = cached
    env = root / ".env.production"
    st = env.stat()
    env.write_text("NODE_ENV=production \n")  # as long as "NODE_ENV=development"
    assert env.stat().st_size == st.st_size
    os.utime(env, ns=(st.st_atime_ns, st.st_mtime_ns))
    warm = _findings(root)
    assert [f for f in cold if f["rule"] == "ENV003"] and not [f for f in warm if f["rule"] == "ENV003"]


def test_a_cache_key_others_can_read_seals_nothing(tmp_path, monkeypatch):
    import linter.usercache as usercache
    key = tmp_path / "cache.key"
    key.write_bytes(b"k" * 32)
    key.chmod(0o644)
    monkeypatch.setenv("PRODLINT_CACHE_KEY_FILE", str(key))
    monkeypatch.setattr(usercache, "_key_memo", [])
    assert usercache.seal_key() is None
    key.chmod(0o600)
    monkeypatch.setattr(usercache, "_key_memo", [])
    assert usercache.seal_key() == b"k" * 32
