"""The third red team's holes in the security guarantees (SECURITY.md), each closed as a general property."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import write_tree

WEAK = "Pw01hunter"


def _run(*args, timeout=60):
    """The installed CLI, killed if it runs longer than a linear pass over the test's files could."""
    exe = Path(sys.executable).parent / "prodlint"
    return subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          env=dict(os.environ, NO_COLOR="1"))


# ---- a directive comment cannot hang the run -----------------------------------------------------------
@pytest.mark.parametrize("line", [
    "# prodlint: ignore -- a" + " " * 20000 + "x",           # a reason with a long run of spaces inside
    "// prodlint: ignore -- a" + "\t" * 20000 + "x",
    "#prodlint:ignore[" * 20000,                              # heads whose id list never closes
    "# prodlint: ignore " + "-" * 20000,
])
def test_a_directive_line_is_parsed_in_linear_time(line):
    from linter.suppress import parse_directives
    started = time.monotonic()
    for kind in ("env", "node"):
        parse_directives(line + "\n", kind)
    assert time.monotonic() - started < 2


def test_a_hostile_directive_line_does_not_hang_a_check(tmp_path):
    root = write_tree(tmp_path, {".env.production": "# prodlint: ignore -- a" + " " * 20000 + "x\n"
                                                      f"JWT_SECRET={WEAK}\n"})
    result = _run("check", "--no-cache", root, timeout=60)
    assert "ENV001" in result.stdout


def test_directive_reasons_are_read_as_before():
    from linter.suppress import parse_directives
    (d,) = parse_directives("KEY=1  # prodlint: ignore[ENV001, ENV002] --  known test value  */ \n", "env")
    assert (d.verb, d.ids, d.reason) == ("ignore", ["ENV001", "ENV002"], "known test value")
    (d,) = parse_directives("/* prodlint: ignore-file */\n", "node")
    assert (d.verb, d.ids, d.reason) == ("ignore-file", [], "")
    assert parse_directives("# prodlint: ignore this line please\n", "env") == []
    (d,) = parse_directives("# prodlint: ignore words # prodlint: disable[X] -- later\n", "env")
    assert (d.verb, d.ids, d.reason, d.column) == ("disable", ["X"], "later", 26)
