from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# One fresh user cache for the whole test session (subprocesses inherit it): no test depends on what an
# earlier run on this machine left behind.
os.environ["PRODLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="prodlint-test-cache-")
atexit.register(shutil.rmtree, os.environ["PRODLINT_CACHE_DIR"], True)  # a machine running the suite keeps none
# A developer's `prodlint server` would run the suite's subprocesses: tests/test_server.py starts its own.
os.environ["PRODLINT_NO_SERVER"] = "1"

# Hypothesis' 200 ms deadline is a timing assertion: on a loaded 2-core CI machine an ordinary example of a
# property test overran it and failed the run. Speed is measured in bench/, never asserted by a test.
settings.register_profile("prodlint", deadline=None)
settings.load_profile("prodlint")


def write_tree(base: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        target = base / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return base


def lint(base: Path, files: dict[str, str] | None = None, select=None, rule_options=None, **kw):
    """Run the engine on a tree (written first when ``files`` is given) and return the RunResult."""
    from linter.engine import RunOptions, run

    if files:
        write_tree(base, files)
    if rule_options:
        lines = ["[rules]"]
        import json
        for rule_id, opts in rule_options.items():
            lines.append(f'"{rule_id}" = {{ ' + ", ".join(f'"{k}" = {json.dumps(v)}' for k, v in opts.items())
                         + " }")
        (base / ".prodlint.toml").write_text("\n".join(lines) + "\n")
    kw.setdefault("load_plugins", True)  # the tests' own plugin rules are trusted
    return run(RunOptions(paths=[base], select=list(select or []), use_git=kw.pop("use_git", False), **kw))


def prodlint(*args, cwd=None, check=False, timeout=None):
    """Run the installed CLI as a user would."""
    exe = Path(sys.executable).parent / "prodlint"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "linter"]
    env = dict(os.environ, NO_COLOR="1")
    return subprocess.run(cmd + [str(a) for a in args], cwd=cwd, capture_output=True, text=True, env=env,
                          check=check, timeout=timeout)


def cpu_seconds(make_text, check, sizes=(2000, 8000)) -> list[float]:
    """CPU seconds of ``check(make_text(n))`` for each n (this process's time: the machine is shared), for the
    tests that hold a reader to linear time on hostile input."""
    import time
    out = []
    for n in sizes:
        text = make_text(n)
        start = time.process_time()
        check(text)
        out.append(time.process_time() - start)
    return out


def git_add_all(root: Path) -> None:
    """Make ``root`` a git work tree with every file added (not committed)."""
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)


@pytest.fixture
def tree(tmp_path):
    return lambda files: write_tree(tmp_path, files)
