"""A pre-commit run imports only what its files need: the rules of their kinds, their parsers, no other kind's
libraries (tree-sitter, libcst, crossplane), and no library a check does not use at all (jsonschema and
ruamel validate rule metadata and configurations, pathspec translates globs prodlint has translated already)."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT, write_tree
from linter import recache

_PROBE = """
import atexit, json, sys
def report():
    rules = {m: list(sys.modules[m].META.kinds) for m in sys.modules if m.startswith("prodlint_rules_")}
    print(json.dumps({"modules": sorted(sys.modules), "rules": rules}))
atexit.register(report)
from linter.cli import main
main(["check", *sys.argv[1:]])
"""
HEAVY = ("ruamel", "ruamel.yaml", "tree_sitter", "tree_sitter_javascript", "tree_sitter_typescript", "libcst",
         "crossplane", "jsonschema", "pathspec", "hyperscan")


def _imported(repo, cache, *files):
    env = dict(os.environ, PRODLINT_CACHE_DIR=str(cache), PYTHONPATH=str(ROOT))
    env.pop("PRODLINT_NO_CACHE", None)
    for _ in range(2):  # the first run builds the rule index (imports every rule, validates them); measure the next
        out = subprocess.run([sys.executable, "-c", _PROBE, *files], cwd=repo, env=env, capture_output=True,
                             text=True)
    assert out.returncode in (0, 1), out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def _repo(tmp_path):
    repo = write_tree(tmp_path / "repo", {
        "Dockerfile": "FROM node:latest\nRUN npm install\nCMD node server.js\n",
        "docker-compose.yml": "services:\n  api:\n    build: .\n    env_file: .env\n",
        ".env": "NODE_ENV=development\nJWT_SECRET=short\n",
        "server.js": "const express = require('express');\nconst app = express();\napp.listen(3000);\n",
        "app.py": "from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n",
        "nginx.conf": "events {}\nhttp { server { listen 80; } }\n",
    })
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    return repo


def test_a_dockerfile_alone_imports_dockerfile_rules_and_its_parser_only(tmp_path):
    seen = _imported(_repo(tmp_path), tmp_path / "cache", "Dockerfile")
    assert not [m for m in HEAVY + ("yaml", "dotenv") if m in seen["modules"]]
    assert "dockerfile_parse" in seen["modules"]
    assert seen["rules"] and all({"dockerfile", "repo"} & set(kinds) for kinds in seen["rules"].values())


def test_three_files_import_no_other_kind_and_no_validation_library(tmp_path):
    seen = _imported(_repo(tmp_path), tmp_path / "cache", ".env", "docker-compose.yml", "Dockerfile")
    assert not [m for m in HEAVY if m in seen["modules"]]
    assert not [m for m in ("linter.model.node", "linter.model.python", "linter.model.nginx", "linter.parsers.nginx")
                if m in seen["modules"]]
    # the checklist catalog is read when the rule index is built, not by a run that finds the index
    assert "linter.catalog" not in seen["modules"]
    assert all({"dockerfile", "compose", "env", "repo"} & set(kinds) for kinds in seen["rules"].values())


def test_three_files_define_no_dataclass(tmp_path):
    # a @dataclass compiles generated source when its module is imported (2.3 million instructions each): the
    # records a pre-commit run builds are linter.record.Record classes (docs/architecture.md, "Records")
    seen = _imported(_repo(tmp_path), tmp_path / "cache", ".env", "docker-compose.yml", "Dockerfile")
    assert "dataclasses" not in seen["modules"]


_REGEX_PROBE = """
import json, re, sys
from linter import recache
recache.load()
loaded = {repr(k) for k in recache._entries}
patterns = [(r"^(?P<key>[A-Z_]+)=(?P<value>.*)$", 0), (r"(?i)secret|token", 0), (rb"\\x00+", 0), (r"a.b", re.S)]
compiled = [re.compile(p, f) for p, f in patterns]
if sys.argv[1] == "save":
    recache.save()
print(json.dumps({"loaded": sorted(loaded & {repr((type(p), p, int(f))) for p, f in patterns}),
                  "matches": [bool(c.search(s)) for c, s in zip(compiled, ["JWT=1", "A TOKEN", b"a\\x00", "a\\nb"])],
                  "groups": [sorted(c.groupindex.items()) for c in compiled]}))
"""


def _regex_run(cache, mode):
    env = dict(os.environ, PRODLINT_CACHE_DIR=str(cache), PYTHONPATH=str(ROOT))
    env.pop("PRODLINT_NO_CACHE", None)
    out = subprocess.run([sys.executable, "-c", _REGEX_PROBE, mode], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


_KEEPS_PATTERNS = pytest.mark.skipif(not recache.supported(),
                                     reason="this Python's re lacks what linter.recache uses: it does nothing")


@_KEEPS_PATTERNS
def test_compiled_patterns_kept_in_the_user_cache_behave_as_freshly_compiled_ones(tmp_path):
    cache = tmp_path / "cache"
    fresh = _regex_run(cache, "save")
    assert fresh["loaded"] == []  # nothing kept yet: compiled as usual, then kept
    again = _regex_run(cache, "load")
    assert len(again["loaded"]) == 4  # handed to re's cache, not compiled
    assert again["matches"] == fresh["matches"] == [True, True, True, True]
    assert again["groups"] == fresh["groups"]


@_KEEPS_PATTERNS
def test_kept_patterns_that_are_not_sealed_with_the_users_key_are_not_read(tmp_path):
    cache = tmp_path / "cache"
    _regex_run(cache, "save")
    [kept] = (cache / "regex").iterdir()
    kept.write_bytes(kept.read_bytes().replace(b"secret", b"sekret"))  # edited after it was sealed
    assert _regex_run(cache, "load")["loaded"] == []
    kept.write_bytes(b"not a cache file")
    run = _regex_run(cache, "load")
    assert run["loaded"] == [] and run["matches"] == [True, True, True, True]


# Counts the patterns compiled once the kept ones are loaded: what the interpreter imports before that (pathlib's
# urllib.parse, when no editable install's finder imported it at start-up) cannot be served from the cache.
_COMPILES_PROBE = """
import atexit, re, sys
from re import _compiler
from linter import recache
compiled = []
loaded = []
original = _compiler.compile
def counting(pattern, flags=0):
    if loaded:
        compiled.append(pattern)
    return original(pattern, flags)
_compiler.compile = counting
load = recache.load
def load_then_count():
    load()
    loaded.append(True)
recache.load = load_then_count
atexit.register(lambda: print(len(compiled)))
from linter.cli import main
main(["check", *sys.argv[1:]])
"""


@_KEEPS_PATTERNS
def test_a_second_pre_commit_run_compiles_no_pattern_the_first_one_compiled(tmp_path):
    repo = _repo(tmp_path)
    env = dict(os.environ, PRODLINT_CACHE_DIR=str(tmp_path / "cache"), PYTHONPATH=str(ROOT))
    env.pop("PRODLINT_NO_CACHE", None)
    counts, outputs = [], []
    for _ in range(3):  # the first run compiles and keeps its patterns; the next ones find them
        out = subprocess.run([sys.executable, "-c", _COMPILES_PROBE, ".env", "docker-compose.yml", "Dockerfile"],
                             cwd=repo, env=env, capture_output=True, text=True)
        assert out.returncode == 1, out.stderr
        *report, count = out.stdout.strip().splitlines()
        counts.append(int(count))
        outputs.append(report)
    assert counts[0] > 50 and counts[1] == counts[2] == 0, counts
    assert outputs[0] == outputs[1] == outputs[2]


@_KEEPS_PATTERNS
def test_patterns_built_from_repository_content_are_not_kept():
    # an ignore file's globs or a long alternation of names read from the scanned tree stay out of the user cache
    long = "|".join(f"name{i}" for i in range(400))
    assert len(long) > 2048
    assert recache._kept_form((str, long, 0), re.compile(long)) is None
    assert recache._kept_form((str, "name[0-9]+", 0), re.compile("name[0-9]+")) is not None
