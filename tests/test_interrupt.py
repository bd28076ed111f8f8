"""Ctrl-C under parallel workers: exit 130, one line on stderr, no traceback, no worker left behind."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import write_tree

SERVICE = "services:\n  api{n}:\n    image: example/api:1.{n}\n    build: .\n    env_file: .env\n"
DOCKERFILE = "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD node server.js\n"


def _children(pid: int) -> list[int]:
    try:  # the kernel's own list: one read, where a scan of /proc can take longer than the pool lives
        listed = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        return [c for c in listed if _alive(c)]
    except (OSError, ValueError):
        pass
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                out.append(int(entry.name))
    return out


@pytest.mark.skipif(not Path("/proc/self/stat").exists() or sys.platform != "linux", reason="reads /proc")
def test_sigint_under_two_workers_exits_130_with_one_line(tmp_path):
    for n in range(1500):
        write_tree(tmp_path / "repo" / f"s{n}", {"docker-compose.yml": SERVICE.format(n=n), "Dockerfile": DOCKERFILE,
                                                 ".env": f"NODE_ENV=development\nJWT_SECRET=short{n}\n"})
    exe = Path(sys.executable).parent / "prodlint"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "linter"]
    proc = subprocess.Popen(cmd + ["check", "--no-git", "--no-cache", "--no-hints", "-j2", str(tmp_path / "repo")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env=dict(os.environ, NO_COLOR="1"), preexec_fn=_as_a_terminal_starts_it)
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and proc.poll() is None:
        workers = _children(proc.pid)
        if len(workers) >= 2:
            break
        time.sleep(0.05)
    assert len(workers) >= 2, "the run ended before its workers could be interrupted"
    time.sleep(0.05)  # the workers are checking files now
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole foreground group
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr[-2000:]
    assert stderr == "prodlint: interrupted\n"
    assert "Traceback" not in stdout
    assert [w for w in workers if _alive(w)] == [], "workers outlived the interrupted run"


def _as_a_terminal_starts_it() -> None:
    """Ctrl-C delivered and handled as in a shell: the test runner may have SIGINT blocked or ignored (a browser
    test's driver, CI's runner), and a child inherits both across exec."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _alive(pid: int) -> bool:
    try:
        return (Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]) != "Z"
    except OSError:
        return False
