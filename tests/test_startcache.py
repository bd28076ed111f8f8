"""Compiled regular expressions from the user's cache: the same patterns, and nothing from a scanned repository."""
from __future__ import annotations

import os
import re
from pathlib import Path
import subprocess
import sys

from conftest import ROOT, write_tree

from linter import startcache

_SCRIPT = """
import re, sys
sys.argv = ["prodlint"]
from linter import startcache
startcache.install()
def judge(value):  # a pattern built at run time from a value: compiled, not kept
    return re.compile(value + "[0-9]+")
print("ok")
print(re.compile(r"(?P<key>[A-Z_]+)=(?P<value>.*)", re.M).groupindex["value"])  # a literal: kept
print(bool(judge("".join(["dyn", "amic"])).search("dynamic42")))
print(len(startcache._state["programs"]))
from dataclasses import dataclass, field
@dataclass(frozen=True, order=True)
class Point:
    x: int
    y: int = 0
    tags: list = field(default_factory=list, compare=False)
print(Point(1) < Point(1, 2), repr(Point(3, tags=["a"])).replace(" ", ""), len(startcache._state["codes"]))
"""


def _run(cache, extra_env=None):
    env = dict(os.environ, PRODLINT_CACHE_DIR=str(cache), PYTHONPATH=str(ROOT), **(extra_env or {}))
    env.pop("PRODLINT_NO_CACHE", None)
    return subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, env=env, check=True,
                          cwd=ROOT).stdout.split()


def test_a_kept_program_is_the_same_pattern_and_data_is_never_kept(tmp_path):
    first = _run(tmp_path)
    assert first[1:3] == ["2", "True"] and first[3] == "0"  # nothing kept yet
    assert first[4:6] == ["True", "Point(x=3,y=0,tags=['a'])"]
    [stored] = (tmp_path / "regex").glob("*.bin")
    text = stored.read_bytes().decode("utf-8", "replace")
    assert "(?P<key>[A-Z_]+)" in text
    assert "dynamic" not in text  # a pattern made from a value at run time stays in memory
    second = _run(tmp_path)
    assert second[1:3] == ["2", "True"] and int(second[3]) > 0  # read back, and the same answers
    assert second[4:6] == first[4:6] and int(second[6]) > 0  # dataclass methods from the kept code


def test_the_cache_folder_holds_data_only(tmp_path):
    """Regex programs are lists of numbers; code (dataclass methods) is kept beside prodlint's bytecode, never
    in the cache folder (SECURITY.md, guarantee 4)."""
    import marshal
    import types
    _run(tmp_path)
    from linter.usercache import unseal
    for path in tmp_path.rglob("*"):
        if path.is_file():
            payload = unseal(path.read_bytes())
            assert payload is not None
            if path.suffix == ".bin":
                def walk(value):
                    assert not isinstance(value, types.CodeType)
                    if isinstance(value, (list, tuple)):
                        for item in value:
                            walk(item)
                    elif isinstance(value, dict):
                        for item in value.values():
                            walk(item)
                walk(marshal.loads(payload))
    import linter
    assert list((Path(linter.__file__).parent / "__pycache__").glob("startcache-dataclasses.__main__.*.bin"))


def test_a_program_the_matcher_refuses_is_compiled_afresh(tmp_path, monkeypatch):
    import _sre
    compiler = startcache._compiler()
    monkeypatch.setattr(compiler, "compile", compiler.compile)
    monkeypatch.setattr(compiler, "_sre", compiler._sre)
    monkeypatch.setattr(startcache, "_state", {})
    import builtins
    import dataclasses
    monkeypatch.setattr(dataclasses, "exec", builtins.exec, raising=False)  # left as this test found it
    monkeypatch.setenv("PRODLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(sys, "argv", ["prodlint"])
    monkeypatch.setattr("atexit.register", lambda f: None)
    startcache.install()
    pattern = "x(y)z" + "?" * 0 + "[0-9]"  # not in re's own cache
    startcache._state["programs"][(pattern, 0)] = (32, [1, 2, 3], 1, {}, (None, None))  # not a program
    re.purge()
    assert re.compile(pattern).search("xyz7").group(1) == "y"
    assert (pattern, 0) not in startcache._state["programs"]
    assert _sre.MAGIC  # the interpreter this module knows


def test_malformed_entries_are_ignored():
    assert startcache._program(["a", 0, 32, "not a list", 0, {}, []]) is None
    assert startcache._program(["a", 0, 32]) is None
    assert startcache._program(None) is None
    assert startcache._program(["a", 0, 32, [1, 2], 0, {}, []]) == (("a", 0), (32, [1, 2], 0, {}, ()))


def test_no_cache_neither_reads_nor_writes(tmp_path):
    write_tree(tmp_path / "repo", {".env": "NODE_ENV=development\n"})
    env = dict(os.environ, PRODLINT_CACHE_DIR=str(tmp_path / "cache"))
    exe = [sys.executable, "-m", "linter"]
    subprocess.run(exe + ["check", "--no-git", "--no-cache", str(tmp_path / "repo")], env=env, capture_output=True,
                   cwd=ROOT)
    assert not (tmp_path / "cache" / "regex").exists()
    subprocess.run(exe + ["check", "--no-git", str(tmp_path / "repo")], env=env, capture_output=True, cwd=ROOT)
    assert list((tmp_path / "cache" / "regex").glob("*.bin"))


def test_a_value_from_the_scanned_repository_is_never_written(tmp_path):
    marker = "zqxkeyfromtherepositoryzq"
    write_tree(tmp_path / "repo", {"package.json": '{"name": "x", "scripts": {"%s": "node ."}}\n' % marker,
                                   ".env": f"JWT_SECRET={marker}\n"})
    env = dict(os.environ, PRODLINT_CACHE_DIR=str(tmp_path / "cache"))
    subprocess.run([sys.executable, "-m", "linter", "check", "--no-git", str(tmp_path / "repo")], env=env,
                   capture_output=True, cwd=ROOT)
    kept = list((tmp_path / "cache" / "regex").glob("*.bin"))
    assert kept
    for path in kept:
        assert marker.encode() not in path.read_bytes()
    assert re.escape(marker) == marker  # the marker would appear verbatim in a kept pattern
