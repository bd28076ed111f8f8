"""The executable's short path for `prodlint check` (no click) must read the options click would, and hand
everything else to click."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT, write_tree
from linter.entry import plain_check

COMPOSE = "services:\n  db:\n    image: postgres:latest\n    ports:\n      - '5432:5432'\n"


def test_plain_options_are_read():
    got = plain_check(["check", "-f", "json", "--select", "CMP", "--select", "DKF001,DKF002", "-j", "2",
                       "--no-cache", "--fail-on", "error", "a.yml", "b/Dockerfile"])
    assert got["paths"] == ("a.yml", "b/Dockerfile")
    assert got["fmt"] == "json" and got["jobs"] == 2 and got["no_cache"] is True and got["fail_on"] == "error"
    assert got["select"] == ("CMP", "DKF001,DKF002") and got["ignore"] == ()
    assert plain_check(["check"])["paths"] == ()


@pytest.mark.parametrize("argv", [
    [], ["rules"], ["check", "--help"], ["check", "-h"], ["check", "--version"], ["check", "--format=json", "x"],
    ["check", "-f", "xml"], ["check", "-j", "0"], ["check", "-j", "65"], ["check", "-j", "two"], ["check", "-f"],
    ["check", "--config", "c.toml"], ["check", "--root", "."], ["check", "--fix"], ["check", "--color"],
    ["check", "--", "-weird-name"], ["check", "-o", "-"], ["check", "-o", "."], ["check", "--show-files"],
])
def test_anything_else_goes_to_click(argv):
    assert plain_check(argv) is None


def _run(launcher: str, args: list[str], cwd) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_COLOR="1")
    return subprocess.run([sys.executable, "-c", launcher, *args], cwd=cwd, capture_output=True, text=True,
                          env=env)


FAST = "import sys; sys.argv[0] = 'prodlint'; from linter.entry import main; main()"
CLICK = "import sys; sys.argv[0] = 'prodlint'; from linter.cli import main; main()"


@pytest.mark.parametrize("args", [
    ["check", "docker-compose.yml", ".env"],
    ["check", "-f", "json", "--no-cache", "."],
    ["check", "--select", "CMP", "--fail-on", "error", "--statistics", "."],
    ["check", "-f", "sarif", "--category", "x/", "docker-compose.yml"],
    ["check", "missing.yml"],
])
def test_short_path_prints_and_exits_as_click_does(tmp_path, args):
    write_tree(tmp_path, {"docker-compose.yml": COMPOSE, ".env": "JWT_SECRET=short\nNODE_ENV=development\n"})
    fast, slow = _run(FAST, args, tmp_path), _run(CLICK, args, tmp_path)
    assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr)
    assert fast.returncode in (0, 1, 2)


def test_short_path_does_not_import_click(tmp_path):
    write_tree(tmp_path, {".env": "NODE_ENV=production\n"})
    code = FAST + "\n"
    probe = ("import sys, atexit\natexit.register(lambda: print('click' in sys.modules, file=sys.stderr))\n"
             + code.replace("; ", "\n"))
    out = subprocess.run([sys.executable, "-c", probe, "check", ".env"], cwd=tmp_path, capture_output=True,
                         text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert out.stderr.strip().splitlines()[-1] == "False", out.stderr
