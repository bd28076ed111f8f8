"""The README's commands run as written, it says what a new user must know first, and its release references
match the version being released."""
from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

README = (ROOT / "README.md").read_text(encoding="utf-8")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
VERSION = PYPROJECT["project"]["version"]


def shell_commands(markdown: str) -> list[str]:
    """Every command line of the ```sh blocks, comments removed."""
    out = []
    for block in re.findall(r"^```(?:sh|bash|shell|console)\n(.*?)^```", markdown, re.M | re.S):
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if words:
                out.append(shlex.join(words))
    return out


def test_readme_prodlint_commands_run_on_the_demo(tmp_path):
    """Each `prodlint ...` command, in the README's order, in a copy of fixtures/demo (fixes write there)."""
    repo = tmp_path / "demo"
    shutil.copytree(ROOT / "fixtures" / "demo", repo)
    exe = Path(sys.executable).parent / "prodlint"
    commands = [c for c in shell_commands(README) if c.startswith("prodlint ")]
    assert len(commands) >= 15, commands
    for command in commands:
        words = shlex.split(command)
        assert not any(w in ("|", "&&", ";", ">") for w in words), f"not one command: {command}"
        proc = subprocess.run([str(exe), *words[1:]], cwd=repo, capture_output=True, text=True, timeout=300)
        assert proc.returncode in (0, 1), f"{command}: exit {proc.returncode}\n{proc.stderr}"
        assert "Traceback" not in proc.stderr and "Usage:" not in proc.stderr, f"{command}\n{proc.stderr}"
    assert (repo / "audit.html").is_file() and (repo / "audit.json").is_file()


def test_readme_setup_commands_are_the_ones_ci_runs():
    setup = [c for c in shell_commands(README) if not c.startswith("prodlint ")]
    ci = (ROOT / ".ci" / "run").read_text()
    assert any(".venv/bin/pip install" in c and "'.[test]'" in c for c in setup)
    assert "pip install --quiet '.[test]'" in ci
    (test_command,) = [c for c in setup if c.startswith(".venv/bin/python -m pytest")]
    assert test_command in ci.splitlines(), "CI must run exactly the README's test command"


def test_readme_says_which_python_and_where_results_are_cached():
    required = re.search(r">=\s*(\d+\.\d+)", PYPROJECT["project"]["requires-python"]).group(1)
    assert f"Python {required} or newer" in README
    from linter.usercache import cache_dir
    assert "PRODLINT_CACHE_DIR" in README and "~/.cache/prodlint" in README and "XDG_CACHE_HOME" in README
    assert cache_dir() is not None


def test_release_references_match_the_version():
    import linter
    assert linter.__version__ == VERSION
    for text in (README, (ROOT / "action.yml").read_text()):
        for ref in re.findall(r"(?:@|rev:\s*)(v\d+\.\d+\.\d+\S*)", text):
            assert ref == f"v{VERSION}", ref
    # a release tag on this commit names the version being released
    proc = subprocess.run(["git", "-C", str(ROOT), "tag", "--points-at", "HEAD"], capture_output=True, text=True)
    for tag in proc.stdout.split() if proc.returncode == 0 else []:
        if re.fullmatch(r"v\d+\.\d+\.\d+.*", tag):
            assert tag == f"v{VERSION}", f"tag {tag} on HEAD, but pyproject says {VERSION}"
