"""`prodlint server`: a command handed to the server behaves as if run in the shell that typed it (output,
exit status, files written, environment, directory, Ctrl-C), and the client runs it itself whenever the
server cannot be trusted or cannot take it."""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from conftest import write_tree

pytestmark = pytest.mark.skipif(os.name != "posix" or not hasattr(socket, "SO_PEERCRED"),
                                reason="the server needs Unix sockets with peer credentials")

EXE = Path(sys.executable).parent / "prodlint"
REPO = {
    ".env": "NODE_ENV=development\nJWT_SECRET=changeme\n",
    "docker-compose.yml": "services:\n  api:\n    build: .\n    env_file: .env\n",
    "Dockerfile": "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD node server.js\n",
}


def _env(folder: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PRODLINT_NO_SERVER"}
    env.update(PRODLINT_SERVER_DIR=str(folder), NO_COLOR="1", **extra)
    return env


def _run(args, env, cwd, **kw):
    return subprocess.run([str(EXE), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120, **kw)


def _short_folder() -> Path:
    """A socket's path must fit in 100 bytes; pytest's temporary paths can be longer (xdist adds to them)."""
    folder = Path(tempfile.mkdtemp(prefix="pl-", dir="/tmp"))
    folder.chmod(0o700)
    return folder


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One server for the module's tests: each command runs in a fresh fork of it anyway."""
    base = tmp_path_factory.mktemp("server")
    folder = _short_folder()
    env = _env(folder)
    started = _run(["server", "start", "--idle-timeout", "300"], env, base)
    assert started.returncode == 0, started.stderr
    yield env
    _run(["server", "stop"], env, base)
    shutil.rmtree(folder, ignore_errors=True)


def _served(env, cwd) -> int:
    status = _run(["server", "status"], env, cwd)
    assert status.returncode == 0, status.stderr
    return int(re.search(r"\((\d+) served", status.stdout).group(1))


@pytest.mark.parametrize("args", [
    ["check", ".env", "docker-compose.yml", "Dockerfile"],  # the pre-commit hook's command
    ["check", "--no-git", "-f", "json", "."],
    ["check", "--no-git", "--select", "NOPE", "."],  # a usage error: exit 2
    ["rules", "-f", "json"],
    ["--version"],
])
def test_a_command_through_the_server_answers_as_one_run_here(tmp_path, server, args):
    repo = write_tree(tmp_path / "repo", REPO)
    before = _served(server, repo)
    through = _run(args, server, repo)
    assert _served(server, repo) == before + 1, "the server did not run it"
    here = _run(args, dict(server, PRODLINT_NO_SERVER="1"), repo)
    assert (through.returncode, through.stdout, through.stderr) == (here.returncode, here.stdout, here.stderr)


def test_the_command_gets_the_clients_directory_environment_and_umask(tmp_path, server):
    repo = write_tree(tmp_path / "repo", REPO)
    cache = tmp_path / "client-cache"
    env = dict(server, PRODLINT_CACHE_DIR=str(cache))
    proc = subprocess.run([str(EXE), "check", "--no-git", "-f", "sarif", "-o", "out.sarif", "."], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=120, preexec_fn=lambda: os.umask(0o077))
    assert proc.returncode == 1, proc.stderr
    report = repo / "out.sarif"
    assert report.is_file() and stat.S_IMODE(report.stat().st_mode) == 0o600
    assert any(cache.rglob("*")), "the result cache went elsewhere than the client's PRODLINT_CACHE_DIR"


def test_a_pipe_closed_by_its_reader_ends_the_command_as_here(tmp_path, server):
    repo = write_tree(tmp_path / "repo", {**REPO, **{f"s{n}/.env": f"JWT_SECRET=x{n}\n" for n in range(300)}})
    # `| head -c 10`: the reader leaves early; prodlint ends quietly with status 1, as without a server
    line = f"'{EXE}' check --no-git . | head -c 10; echo \" ${{PIPESTATUS[0]}}\""
    runs = [subprocess.run(["bash", "-c", line], cwd=repo, env=env, capture_output=True, text=True, timeout=120)
            for env in (server, dict(server, PRODLINT_NO_SERVER="1"))]
    assert runs[0].stdout == runs[1].stdout and runs[0].stdout.endswith(" 1\n"), runs[0].stdout
    assert runs[0].stderr == runs[1].stderr == ""


def test_ctrl_c_reaches_the_command(tmp_path, server):
    for n in range(1500):  # as tests/test_interrupt.py: a run that lasts seconds even on a fast machine
        write_tree(tmp_path / "repo" / f"s{n}", {k: v.replace("api", f"api{n}") for k, v in REPO.items()})
    proc = subprocess.Popen([str(EXE), "check", "--no-git", "--no-cache", "--no-hints", "-j2", "."],
                            cwd=tmp_path / "repo", env=server, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True, preexec_fn=_as_a_terminal_starts_it)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        status = _run(["server", "status"], server, tmp_path)
        if ", 1 running" in status.stdout:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGINT)  # a terminal's Ctrl-C: the client's group; it passes it on
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr[-2000:]
    assert stderr == "prodlint: interrupted\n"


def _as_a_terminal_starts_it() -> None:
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_no_server_runs_for_a_folder_others_can_enter(tmp_path):
    folder = _short_folder()
    folder.chmod(0o755)
    proc = _run(["server", "start"], _env(folder), tmp_path)
    assert proc.returncode == 2 and "only this user" in proc.stderr
    assert not list(folder.iterdir())
    shutil.rmtree(folder)


def test_the_client_never_talks_to_a_socket_in_a_folder_others_can_write(tmp_path):
    """A socket someone else could have put there is not trusted with the environment and the terminal."""
    folder = _short_folder()
    folder.chmod(0o777)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from linter import server_client
    env = _env(folder)
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        path = server_client.socket_path()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(1)
    listener.settimeout(0.2)
    contacted = []

    def watch():
        try:
            contacted.append(listener.accept())
        except OSError:
            pass

    watcher = threading.Thread(target=watch)
    watcher.start()
    repo = write_tree(tmp_path / "repo", REPO)
    proc = _run(["check", "--no-git", "."], env, repo)
    watcher.join()
    listener.close()
    shutil.rmtree(folder)
    assert proc.returncode == 1 and "JWT_SECRET" in proc.stdout
    assert not contacted


def test_start_is_idempotent_and_stop_removes_the_socket(tmp_path):
    folder = _short_folder()
    env = _env(folder)
    first = _run(["server", "start", "--idle-timeout", "60"], env, tmp_path)
    second = _run(["server", "start", "--idle-timeout", "60"], env, tmp_path)
    try:
        pid = re.search(r"server (\d+)", first.stderr).group(1)
        assert re.search(r"server (\d+)", second.stderr).group(1) == pid
        assert len(list(folder.glob("*.sock"))) == 1
    finally:
        stopped = _run(["server", "stop"], env, tmp_path)
    assert "stopped" in stopped.stderr
    deadline = time.monotonic() + 10
    while list(folder.glob("*.sock")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not list(folder.glob("*.sock"))
    assert _run(["server", "status"], env, tmp_path).returncode == 1
    shutil.rmtree(folder, ignore_errors=True)


def test_a_socket_path_too_long_is_refused_with_what_to_do(tmp_path):
    folder = tmp_path / ("x" * 120)
    proc = _run(["server", "start"], _env(folder), tmp_path)
    assert proc.returncode == 2 and "too long for a Unix socket" in proc.stderr and "PRODLINT_SERVER_DIR" in proc.stderr


def test_a_server_whose_code_changed_declines_and_steps_down():
    """The client then runs the command itself: nothing older than what is installed ever runs it."""
    from linter import server
    ours, theirs = socket.socketpair()
    stale = object.__new__(server.Server)
    stale.stale, stale.running, stale.children, stale.served = True, True, set(), 0
    from linter.server_client import _process, _send
    _send(theirs, {"op": "run", "argv": ["--version"], **_process()})
    stale._serve_one(ours)
    from linter.server_client import _read
    assert _read(theirs) == {"op": "declined", "why": "stale"}
    assert stale.running is False and stale.served == 0
    ours.close()
    theirs.close()


def test_code_stamp_covers_the_package_and_the_builtin_rules_and_sees_a_change(tmp_path):
    from linter import server
    stamp = server.code_stamp()
    assert any(path.endswith(os.path.join("linter", "server.py")) for path, _, _ in stamp)
    assert any(path.endswith(os.path.join("compose", "healthcheck.py")) for path, _, _ in stamp)
    assert any(path.endswith("rule-metadata.schema.json") for path, _, _ in stamp)
    assert len({path for path, _, _ in stamp}) == len(stamp)  # nested folders (an install) are walked once
    assert server.code_stamp() == stamp
    write_tree(tmp_path, {"a/b.py": "x = 1\n", "a/__pycache__/b.pyc": "", "a/notes.txt": ""})
    folder: list = []
    server._stamp_folder(str(tmp_path), folder)
    assert [os.path.relpath(p, tmp_path) for p, _, _ in folder] == [os.path.join("a", "b.py")]
    os.utime(tmp_path / "a" / "b.py", ns=(1, 1))
    again: list = []
    server._stamp_folder(str(tmp_path), again)
    assert again != folder


def test_prodlint_server_1_starts_one_for_the_next_command_without_importing_from_the_repository(tmp_path):
    """The hook's prodlint lives in pre-commit's own environment: PRODLINT_SERVER=1 lets its first command
    start that installation's server. A `linter` package in the scanned repository is never imported."""
    folder = _short_folder() / "run"
    env = _env(folder, PRODLINT_SERVER="1")
    repo = write_tree(tmp_path / "repo", {**REPO, "linter/__init__.py": "open('IMPORTED', 'w').close()\n",
                                          "linter/entry.py": "open('IMPORTED', 'w').close()\n"})
    first = _run(["check", "--no-git", "."], env, repo)
    assert first.returncode == 1, first.stderr
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and _run(["server", "status"], env, repo).returncode != 0:
            time.sleep(0.2)
        assert _served(env, repo) == 0
        second = _run(["check", "--no-git", "."], env, repo)
        assert _served(env, repo) == 1
        assert (second.returncode, second.stdout) == (first.returncode, first.stdout)
    finally:
        _run(["server", "stop"], env, repo)
    assert not (repo / "IMPORTED").exists()
