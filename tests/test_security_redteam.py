"""Holes the red team found in the issue-14 guarantees, each closed as a general property (SECURITY.md)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import write_tree

JUDGED = "Tr0ub4dor&3x"  # judged weak in one file, quoted by another file's finding


def _cli(*args, env=None, cwd=None):
    exe = Path(sys.executable).parent / "prodlint"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "linter"]
    return subprocess.run(cmd + [str(a) for a in args], capture_output=True, text=True, cwd=cwd,
                          env=dict(env or os.environ, NO_COLOR="1"))


# ---- 1. a warm run shows what a cold run shows, and the cache holds no judged value ------------------
CROSS_FILE = {
    ".env.production": f"NODE_ENV=production\nJWT_SECRET={JUDGED}\n",
    "Dockerfile": f"FROM node:20\nRUN apt-get update && apt-get install -y curl && node seed.js --auth {JUDGED}\n"
                  "USER node\nCMD [\"node\", \"s.js\"]\n",
    "docker-compose.yml": "services:\n  api:\n    image: node:20\n    environment:\n"
                          f"      SEED: \"--auth {JUDGED}\"\n",
}


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_a_warm_run_prints_the_cold_run_byte_for_byte(tmp_path, fmt):
    root = write_tree(tmp_path / "repo", CROSS_FILE)
    cache = tmp_path / "cache"
    env = dict(os.environ, PRODLINT_CACHE_DIR=str(cache))
    cold = _cli("check", "--no-git", "-f", fmt, root, env=env)
    warm = _cli("check", "--no-git", "-f", fmt, root, env=env)
    assert JUDGED not in cold.stdout
    assert "--auth ****" in cold.stdout or fmt != "text"
    assert warm.stdout == cold.stdout
    assert warm.stderr == cold.stderr
    files = [p for p in cache.rglob("*") if p.is_file() and "results" in p.parts]
    assert files, "the result cache was not written"
    for path in files:
        assert JUDGED.encode() not in path.read_bytes()


def test_a_cache_hit_gives_back_its_judged_values_from_the_files(tmp_path):
    from linter.checker import Outcome
    from linter.resultcache import ResultCache
    cache = ResultCache(tmp_path, "key")
    texts = {"a.env": f"X=1\nJWT_SECRET={JUDGED}\n"}
    cache.text_of = texts.get
    out = Outcome(1)
    out.secrets = [JUDGED]
    out.ranges = {"a.env": {(2, 12, len(JUDGED))}}
    cache.put("a.env", "sig", "deps", out)
    cache.entries = cache.fresh
    assert cache.get("a.env", "sig", "deps").secrets == [JUDGED]
    out.ranges = {}  # a value no position covers cannot be given back: not stored
    cache.fresh = {}
    cache.put("a.env", "sig", "deps", out)
    assert cache.fresh == {}


# ---- 10. masking hides values, never the words of a message ----------------------------------------
def _formatted_messages():
    """Every rule's MESSAGES templates, each field filled with a neutral value of the type it takes."""
    import string

    from linter.catalog import load_catalog
    from linter.loader import load_rules
    out = []
    for rule in load_rules([], load_catalog().ids):
        for key, template in rule.messages.items():
            fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
            for filler in ("api", 3):
                try:
                    out.append((rule.id, key, template.format(**{f.split(".")[0].split("[")[0]: filler
                                                               for f in fields})))
                    break
                except (ValueError, TypeError, KeyError, IndexError, AttributeError):
                    continue
    return out


def test_no_rule_message_is_masked_where_it_quotes_nothing_secret():
    from linter.secrets import mask_message
    messages = _formatted_messages()
    assert len(messages) > 300
    masked = [(rid, key, m) for rid, key, m in messages if mask_message(m) != m]
    assert masked == []
