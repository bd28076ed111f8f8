"""`prodlint server start|stop|status`: a process that keeps prodlint imported, for hooks and editors.

A pre-commit run on a few files is mostly Python starting and importing the parsers (bench/precommit.py).
The server imports everything once, then for each command (linter.server_client) forks: the fork takes the
client's arguments, working directory, environment, umask and standard streams, runs the command exactly as
`prodlint` would, and reports its exit status. Each command runs in a fresh fork of a server that never ran
one, so nothing one command learns reaches the next; results are shared only through the user cache, as
between separate runs.

Trust: the socket lives in a directory only this user can enter (the runtime directory, or a 0700 folder
in /tmp that must already be this user's), and the server serves only connections from its own user
(SO_PEERCRED, so Linux only). It serves one interpreter and one installed prodlint, and steps down when
prodlint's own files change (an upgrade, an edit of a development install), so a command does not run older
code than the one installed (it checks them each second while idle and after each command). It exits after a
quiet period (``--idle-timeout``, 15 minutes by default).
"""
from __future__ import annotations

import array
import os
import selectors
import signal
import socket
import sys
import tempfile
import time
from pathlib import Path

from .server_client import PROTOCOL, _exactly, _read, _send, decode, private_dir, socket_path

IDLE_TIMEOUT = 15 * 60
_MAX_SOCKET_PATH = 100  # sun_path holds 108 bytes on Linux, 104 on macOS and the BSDs
_MAX_FDS = 3


def code_stamp() -> tuple:
    """What identifies the code a server runs: every file of the installed package, by size and time."""
    from .resources import builtin_rules_dir, schema_path
    stamp: list = []
    roots = {os.path.dirname(os.path.abspath(__file__)), str(builtin_rules_dir()),
             str(schema_path("rule-metadata.schema.json").parent)}  # one folder in an install, three in a checkout
    for root in sorted(roots):
        if not any(root.startswith(other + os.sep) for other in roots):
            _stamp_folder(root, stamp)
    return tuple(sorted(stamp))


def _stamp_folder(folder: str, stamp: list) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if entry.name != "__pycache__":
                _stamp_folder(entry.path, stamp)
        elif entry.name.endswith((".py", ".json", ".yaml")):
            st = entry.stat()
            stamp.append((entry.path, st.st_size, st.st_mtime_ns))


def status() -> dict | None:
    """The running server's answer to a ping, or None."""
    return _ask({"op": "ping"})


def stop() -> bool:
    return _ask({"op": "stop"}) is not None


def _ask(message: dict) -> dict | None:
    path = socket_path()
    if not os.path.exists(path) or not private_dir(os.path.dirname(path)):
        return None
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.settimeout(5)
    try:
        conn.connect(path)
        _send(conn, {"v": PROTOCOL, "exe": sys.executable, **message}, fds=())
        return _read(conn)
    except OSError:
        return None
    finally:
        conn.close()


def start(run_here, idle_timeout: float = IDLE_TIMEOUT, foreground: bool = False) -> int:
    """Start a server in the background (or, ``foreground``, in this process); the pid serving.
    ``run_here(argv)`` runs one command as the `prodlint` entry point does (linter.entry hands it over)."""
    running = status()
    if running is not None:
        return running["pid"]
    if not hasattr(socket, "SO_PEERCRED"):
        raise OSError("the server needs the peer credentials of Unix sockets (SO_PEERCRED): Linux only")
    path = socket_path()
    folder = os.path.dirname(path)
    if len(os.fsencode(path)) > _MAX_SOCKET_PATH:
        raise OSError(f"{path} is too long for a Unix socket ({_MAX_SOCKET_PATH} bytes at most); "
                      "set PRODLINT_SERVER_DIR to a shorter folder")
    os.makedirs(folder, mode=0o700, exist_ok=True)
    if not private_dir(folder):
        raise OSError(f"{folder} is not a directory only this user can use; the server needs one")
    if foreground:
        Server(path, run_here, idle_timeout).serve()
        return os.getpid()
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the first child starts a session and forks the daemon, so it is no terminal's child
        os.close(ready_r)
        os.setsid()
        if os.fork():
            os._exit(0)
        _detach()
        try:
            server = Server(path, run_here, idle_timeout)
        except BaseException as exc:  # noqa: BLE001 - told to the starting command, which reports it
            os.write(ready_w, f"{exc}".encode("utf-8", "replace")[:2000] or b"the server did not start")
            os._exit(1)
        os.write(ready_w, str(os.getpid()).encode())
        os.close(ready_w)
        try:
            server.serve()
        finally:
            os._exit(0)
    os.close(ready_w)
    os.waitpid(pid, 0)
    with os.fdopen(ready_r, "rb") as ready:
        answer = ready.read()
    if not answer.isdigit():
        raise OSError(answer.decode("utf-8", "replace") or "the server did not start")
    return int(answer)


def _detach() -> None:
    os.chdir("/")
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


class Server:
    def __init__(self, path: str, run_here, idle_timeout: float):
        self.path = path
        self.run_here = run_here
        self.idle_timeout = idle_timeout
        self.stamp = code_stamp()
        _warm_up()
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        # bound under a temporary name and renamed: a client never connects to a half-ready server
        staging = os.path.join(os.path.dirname(path), f".{os.getpid()}.s")  # no longer than the final name
        if os.path.exists(staging):
            os.unlink(staging)
        self.sock.bind(staging)
        os.chmod(staging, 0o600)
        self.sock.listen(16)
        os.replace(staging, path)
        self.inode = os.stat(path).st_ino  # the socket file's; fstat of the socket itself names another inode
        self.children: set[int] = set()
        self.served = 0
        self.stale = False
        self.last = time.monotonic()
        self.running = True

    def serve(self) -> None:
        signal.signal(signal.SIGTERM, lambda *_: self._stop())
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        selector = selectors.DefaultSelector()
        selector.register(self.sock, selectors.EVENT_READ)
        try:
            while self.running:
                self._reap()
                if not selector.select(timeout=1.0):
                    if not self.children and time.monotonic() - self.last > self.idle_timeout:
                        break
                    if not self._still_ours() or not self._current():
                        break
                    continue
                conn, _ = self.sock.accept()
                self.last = time.monotonic()
                try:
                    self._serve_one(conn)
                finally:
                    conn.close()
                if not self._current():
                    break
        finally:
            self._stop()

    def _current(self) -> bool:
        """Whether prodlint's files are still the ones this server imported. Checked while idle (each second)
        and after each command, never before one: a command starts in milliseconds, and a pip upgrade or an
        edit of a development install retires the server within a second."""
        if code_stamp() == self.stamp:
            return True
        self.stale = True
        return False

    def _still_ours(self) -> bool:
        """Whether the socket path is still this server's (a newer server may have taken it)."""
        try:
            return os.stat(self.path).st_ino == self.inode
        except OSError:
            return False

    def _stop(self) -> None:
        self.running = False
        if self._still_ours():
            try:
                os.unlink(self.path)
            except OSError:
                pass

    def _reap(self) -> None:
        for pid in list(self.children):
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done = pid
            if done:
                self.children.discard(pid)

    def _serve_one(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12)
        if int.from_bytes(creds[4:8], sys.byteorder) != os.getuid():
            return
        fds: list[int] = []
        try:
            head, fds = _recv_head(conn)
            body = _exactly(conn, int.from_bytes(head, "big")) if head else None
            request = decode(body)
            if request is None or request.get("v") != PROTOCOL or request.get("exe") != sys.executable:
                _reply(conn, {"op": "declined", "why": "protocol"})
                return
            op = request.get("op")
            if op == "ping":
                self._reap()
                _reply(conn, {"op": "pong", "pid": os.getpid(), "children": len(self.children), "served": self.served})
                return
            if op == "stop":
                _reply(conn, {"op": "stopping", "pid": os.getpid()})
                self.running = False
                return
            if self.stale:
                _reply(conn, {"op": "declined", "why": "stale"})
                self.running = False  # prodlint changed under this server: the next command starts afresh
                return
            if op == "run" and len(fds) == _MAX_FDS:
                self._fork(conn, request, fds)
        finally:
            for fd in fds:
                os.close(fd)

    def _fork(self, conn: socket.socket, request: dict, fds: list[int]) -> None:
        pid = os.fork()
        if pid:
            self.children.add(pid)
            self.served += 1
            return
        def report_and_exit(code: int) -> None:
            try:
                _reply(conn, {"op": "exit", "code": code})
            finally:
                os._exit(code)

        from . import command
        command.final_exit = report_and_exit  # the command's own exit, which skips interpreter teardown
        code = 1
        try:
            os.setpgid(0, 0)  # the client forwards a terminal's signals to this group, workers included
            conn.settimeout(None)
            _reply(conn, {"op": "started", "pgid": os.getpid()})
            self.sock.close()
            code = _run_command(request, fds, self.run_here)
        except BaseException:  # noqa: BLE001 - whatever happened, the client must get a status
            import traceback
            traceback.print_exc()  # on the client's stderr once it is in place, as an uncaught error would be
        report_and_exit(code)


def _recv_head(conn: socket.socket) -> tuple[bytes, list[int]]:
    fds = array.array("i")
    msg, ancdata, _flags, _addr = conn.recvmsg(4, socket.CMSG_LEN(_MAX_FDS * fds.itemsize))
    for level, kind, data in ancdata:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(data[:len(data) - len(data) % fds.itemsize])
    received = list(fds)
    if len(msg) < 4:
        rest = _exactly(conn, 4 - len(msg))
        msg = msg + rest if rest else b""
    return msg, received


def _reply(conn: socket.socket, message: dict) -> None:
    import marshal
    body = marshal.dumps(message)
    conn.sendall(len(body).to_bytes(4, "big") + body)


def _run_command(request: dict, fds: list[int], run_here) -> int:
    """In the fork: become the client's process, then run its command as `prodlint` would."""
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD):
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    os.umask(request["umask"])
    tempfile.tempdir = None  # TMPDIR is read again from the client's environment
    streams = request.get("streams") or [(None, None)] * 3
    sys.stdin = _stream(0, "r", *streams[0])
    sys.stdout = _stream(1, "w", *streams[1])
    sys.stderr = _stream(2, "w", *streams[2])
    sys.argv = ["prodlint", *request["argv"]]
    try:
        run_here(list(request["argv"]))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if exc.code is not None and not isinstance(exc.code, int):
            sys.stderr.write(f"{exc.code}\n")
    except KeyboardInterrupt:
        code = 130
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    return code


def _stream(fd: int, mode: str, encoding, errors):
    """A text stream on the client's descriptor with the client's encoding, buffered as Python would."""
    try:
        os.fstat(fd)
    except OSError:
        return None
    line_buffered = mode == "w" and (fd == 2 or os.isatty(fd))  # stderr always is, since Python 3.9
    return open(fd, mode, encoding=encoding or "utf-8", errors=errors or "strict", closefd=False,
                buffering=1 if line_buffered else -1)


def _warm_up() -> None:
    """Import what any command can need and compile the patterns rules use: one run of every kind of file
    through every rule, in a scratch folder, reported to nowhere."""
    from . import recache
    recache.load()
    import click  # noqa: F401  (linter.cli, which started this server, has it; its commands import more lazily)
    from .engine import RunOptions, run
    with tempfile.TemporaryDirectory(prefix="prodlint-server-warmup-") as scratch:
        root = Path(scratch)
        for rel, text in _WARM_FILES.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text)
        saved = os.environ.get("PRODLINT_NO_CACHE")
        os.environ["PRODLINT_NO_CACHE"] = "1"
        try:
            run(RunOptions(paths=[root], root=root, jobs=1, use_git=False, cache=False))
        except Exception:  # noqa: BLE001 - warming up is an optimisation; a failure only costs time later
            pass
        finally:
            if saved is None:
                os.environ.pop("PRODLINT_NO_CACHE", None)
            else:
                os.environ["PRODLINT_NO_CACHE"] = saved


_WARM_FILES = {  # one small file of every kind, so that every parser and rule module is imported once
    ".env": "NODE_ENV=production\nJWT_SECRET=\n",
    "docker-compose.yml": "services:\n  api:\n    build: ./api\n    env_file: .env\n"
                          "  redis:\n    image: redis:7.2\n",
    "api/Dockerfile": "FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nUSER node\n"
                      "CMD [\"node\", \"server.js\"]\n",
    "api/package.json": '{"name": "api", "dependencies": {"express": "4", "cors": "2", "jsonwebtoken": "9"}}\n',
    "api/server.js": "const express = require('express');\nconst cors = require('cors');\n"
                     "const jwt = require('jsonwebtoken');\nconst app = express();\napp.use(cors());\n"
                     "app.listen(3000);\n",
    "api/src/app.ts": "import express from 'express';\nconst app = express();\napp.listen(3000);\n",
    "web/nginx.conf": "events {}\nhttp {\n  server {\n    listen 80;\n"
                      "    location / { proxy_pass http://api:3000; }\n  }\n}\n",
    "redis/redis.conf": "bind 0.0.0.0\n",
    "py/settings.py": "SECRET_KEY = 'x'\nDEBUG = True\nINSTALLED_APPS = ['django.contrib.auth']\n",
    "py/app.py": "from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n",
    "py/requirements.txt": "flask\ndjango\n",
}
