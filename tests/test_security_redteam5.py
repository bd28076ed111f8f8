"""The fifth red team's holes in the security guarantees (SECURITY.md), each closed as a general property."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import lint, write_tree

WEAK = "Pw05hunterxx"


def _run(*args, timeout=180, cwd=None):
    exe = Path(sys.executable).parent / "prodlint"
    return subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True, timeout=timeout, cwd=cwd,
                          env=dict(os.environ, NO_COLOR="1"))


def _cpu(make_text, sizes, check):
    """CPU seconds of ``check(make_text(n))`` for each n (this process's time: the machine is shared)."""
    out = []
    for n in sizes:
        text = make_text(n)
        start = time.process_time()
        check(text)
        out.append(time.process_time() - start)
    return out


# ---- bounded parsing: work grows with the file, not with its square --------------------------------------
def _dockerfile_of_stages(n: int, shape: str) -> str:
    if shape == "copy-from":  # each stage copies from the one before: every COPY --from looks a stage up
        return "".join(f"FROM node:20 AS s{i}\nCOPY --from=s{i - 1} / /\n" if i else "FROM node:20 AS s0\n"
                       for i in range(n))
    return "FROM node:20 AS s0\n" + "".join(f"FROM s{i - 1} AS s{i}\n" for i in range(1, n))  # a FROM chain


@pytest.mark.parametrize("shape", ["copy-from", "from-chain"])
def test_a_dockerfile_of_many_stages_is_checked_in_linear_time(tmp_path, shape):
    # a 700 kB Dockerfile of 20,000 stages (well under the size cap) took minutes: every stage looked each
    # other up by scanning the list of stages, and each FROM chain was walked with a list for its seen set
    def check(text):
        write_tree(tmp_path, {"Dockerfile": text})
        lint(tmp_path, cache=False)

    check("FROM node:20\n")  # rules imported before timing
    small, large = _cpu(lambda n: _dockerfile_of_stages(n, shape), (1000, 4000), check)
    assert large < 1.0 + 8 * small, f"{large:.2f} s of CPU for 4000 stages ({small:.2f} s for 1000)"


def _merge_chain(n: int) -> str:
    """Each anchored mapping merges the one before: the last one holds n keys, the file n**2/2 merged keys."""
    return ("x-a0: &a0 {k0: 1}\n" + "".join(f"x-a{i}: &a{i}\n  <<: *a{i - 1}\n  k{i}: 1\n" for i in range(1, n))
            + f"services:\n  s:\n    image: nginx:1.27\n    <<: *a{n - 1}\n")


def test_merge_keys_that_chain_are_refused_before_they_are_built(tmp_path):
    # merge keys copy every key of the merged mapping: a chain of 8,000 mappings (250 kB) built 32 million
    # keys (minutes, gigabytes); a 2 MB file, billions. The alias count saw one alias per anchor: no bomb.
    from linter.files import SourceFile
    from linter.parsers.yaml_doc import parse

    def check(text):
        doc = parse(SourceFile(tmp_path / "docker-compose.yml", "docker-compose.yml", "compose", text=text))
        return doc

    check("a: [1]\n")
    start = time.process_time()
    doc = check(_merge_chain(8000))
    assert time.process_time() - start < 10
    assert doc.problems and "alias" in doc.problems[0].message
    # what compose files really do with merge keys still loads: one shared block merged into many services
    shared = ("x-common: &common\n" + "".join(f"  k{i}: v\n" for i in range(40))
              + "services:\n" + "".join(f"  s{i}:\n    image: nginx:1.27\n    <<: *common\n" for i in range(200)))
    doc = check(shared)
    assert not doc.problems and len(doc.root["services"]["s199"]) == 41
