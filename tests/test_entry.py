"""`prodlint check FILE...` with no option runs without click (linter.entry, linter.command): the same output,
messages and exit code as through click, and nothing of click imported."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT, write_tree

_FAST = "import sys; sys.argv[0] = 'prodlint'; from linter.entry import main; main()"
_CLICK = "import sys; sys.argv[0] = 'prodlint'; from linter.cli import main; main()"
_MODULES = ("import atexit, json, sys\n"
            "atexit.register(lambda: print(json.dumps(sorted(sys.modules)), file=sys.stderr))\n")


@pytest.fixture
def repo(tmp_path):
    root = write_tree(tmp_path / "repo", {
        ".env": "NODE_ENV=development\nJWT_SECRET=short\n",
        "docker-compose.yml": "services:\n  api:\n    build: .\n    env_file: .env\n",
        "Dockerfile": "FROM node:latest\nRUN npm install\nCMD node server.js\n",
        "clean/Dockerfile": "FROM node:20.11-alpine\nUSER node\nHEALTHCHECK CMD wget -q -O- localhost:3000\n"
                            "CMD [\"node\", \"server.js\"]\n",
        "bad.env": "A=\"unterminated\n",
    })
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root


def _run(code, repo, *args, cache):
    env = dict(os.environ, PYTHONPATH=str(ROOT), PRODLINT_CACHE_DIR=str(cache))
    env.pop("CI", None)
    return subprocess.run([sys.executable, "-c", code, *args], cwd=repo, env=env, capture_output=True, text=True)


@pytest.mark.parametrize("args", [
    ("check", ".env", "docker-compose.yml", "Dockerfile"),
    ("check", "clean/Dockerfile"),
    ("check", "bad.env"),
    ("check", "missing.env"),
    ("check", "."),
    ("check", "../outside.env"),
    ("check", "-f", "json", "."),
    ("check", "--format=sarif", ".env", "Dockerfile"),
    ("check", "--format", "github", "-o", "report.txt", "."),
    ("check", "--output=report.txt", ".env"),
    ("check", "-f", "bogus", ".env"),
    ("check", "-o", "clean", ".env"),
    ("check", "-f", "json", "-f", "text", ".env"),
    ("check", "-fjson", ".env"),
    ("check", "-f"),
    ("check", "-f", "json"),
])
def test_the_same_as_through_click(repo, tmp_path, args):
    fast = _run(_FAST, repo, *args, cache=tmp_path / "c1")
    slow = _run(_CLICK, repo, *args, cache=tmp_path / "c2")
    assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr)
    assert fast.returncode in (0, 1, 2) and "Traceback" not in fast.stderr


def test_the_formats_are_clicks():
    from linter import cli, entry
    assert entry._FORMATS == cli._FORMATS


@pytest.mark.parametrize("args, simple", [
    (["check", "a.env"], (["a.env"], {})),
    (["check", "-f", "json", "-o", "r.json", "."], (["."], {"fmt": "json", "output": "r.json"})),
    (["check", "--format=text", "x"], (["x"], {"fmt": "text"})),
    (["check", "--no-cache", "."], None),
    (["check", "-f=json", "."], None),
    (["check", "-o", "-", "."], None),
    (["check"], None),
    (["rules"], None),
])
def test_which_commands_skip_click(args, simple):
    from linter.entry import simple_check
    assert simple_check(args) == simple


def test_a_ci_run_with_a_format_imports_no_click(repo, tmp_path):
    out = _run(_MODULES + _FAST, repo, "check", "-f", "json", "-o", str(tmp_path / "r.json"), ".",
               cache=tmp_path / "c")
    assert out.returncode == 1, out.stderr
    modules = json.loads(out.stderr.strip().splitlines()[-1])
    assert "click" not in modules and json.loads((tmp_path / "r.json").read_text())["findings"]


def test_a_pre_commit_run_imports_no_click(repo, tmp_path):
    out = _run(_MODULES + _FAST, repo, "check", ".env", "Dockerfile", cache=tmp_path / "c")
    assert out.returncode == 1, out.stderr
    modules = json.loads(out.stderr.strip().splitlines()[-1])
    assert "linter.command" in modules
    assert not [m for m in modules if m == "click" or m.startswith("click.")]


def test_a_pre_commit_run_on_a_dockerfile_imports_no_logging(repo, tmp_path):
    """dockerfile-parse is imported with a stand-in for the logging package (linter.parsers.dockerfile), which
    leaves sys.modules once it is imported: the run's findings are the same, and logging stays importable."""
    out = _run(_MODULES + _FAST, repo, "check", "Dockerfile", cache=tmp_path / "c")
    assert out.returncode == 1, out.stderr
    modules = json.loads(out.stderr.strip().splitlines()[-1])
    assert "dockerfile_parse" in modules and "logging" not in modules
    assert "DKF001" in out.stdout
    after = _run(
                 "from linter.parsers.dockerfile import _parser_class\n"
                 "import dockerfile_parse.parser as p, logging\n"
                 "_parser_class()\n"
                 "assert hasattr(logging, 'basicConfig') and isinstance(p.logger, logging.Logger)\n",
                 repo, cache=tmp_path / "c")
    assert after.returncode == 0, after.stderr
    fresh = _run("from linter.parsers.dockerfile import _parser_class\n"
                 "import sys\n_parser_class()\nassert 'logging' not in sys.modules\n"
                 "import logging\nassert hasattr(logging, 'basicConfig'), logging\n",
                 repo, cache=tmp_path / "c")
    assert fresh.returncode == 0, fresh.stderr


def test_a_command_keeps_its_imports_and_rules_out_of_cycle_collection(repo, tmp_path):
    """What lives to the end of the process (imports, configuration, rules) is frozen once the engine is set up
    (linter.command.run_engine); a library caller's process is left alone."""
    code = ("import atexit, gc, sys\n"
            "atexit.register(lambda: print('FROZEN', gc.get_freeze_count(), file=sys.stderr))\n" + _FAST)
    out = _run(code, repo, "check", ".env", "Dockerfile", cache=tmp_path / "c")
    assert out.returncode == 1 and "DKF001" in out.stdout, out.stderr
    assert int(out.stderr.rsplit("FROZEN ", 1)[1].split()[0]) > 1000
    import gc

    from conftest import lint
    before = gc.get_freeze_count()
    lint(repo)
    assert gc.get_freeze_count() == before


@pytest.mark.parametrize("args", [("check", "--no-cache", ".env"), ("check",), ("--version",),
                                  ("check", "-", ".env"), ("rules",)])
def test_anything_with_an_option_goes_through_click(repo, tmp_path, args):
    out = _run(_MODULES + _FAST, repo, *args, cache=tmp_path / "c")
    assert "click" in json.loads(out.stderr.strip().splitlines()[-1])


def test_click_takes_its_defaults_from_the_command():
    """One set of defaults: what click passes for `prodlint check` with no option is linter.command.check's
    own defaults, parameter for parameter."""
    from linter import cli, command
    given = cli.check.make_context("check", []).params
    assert given.pop("paths") == ()
    assert given == command.CHECK_DEFAULTS


def test_a_reader_that_goes_away_ends_the_run_quietly(repo, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), PRODLINT_CACHE_DIR=str(tmp_path / "c"))
    proc = subprocess.Popen([sys.executable, "-c", _FAST, "check", ".env", "docker-compose.yml", "Dockerfile"],
                            cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # before prodlint writes anything
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert b"Traceback" not in err and b"BrokenPipe" not in err
