"""The client side of `prodlint server`: hand this command to a running server, or say there is none.

A pre-commit run on three files spends most of its time starting Python and importing the parsers; a server
started once (`prodlint server start`) has them imported, and runs each command in a fork of itself with
this process's arguments, working directory, environment, umask and standard streams (the descriptors
themselves, passed over the socket), so the command behaves as if run here: same output, same files
written, same exit status, Ctrl-C delivered to it. Anything unexpected before the command starts (no
server, a server of another interpreter or of older code, a socket that does not answer) means running here
instead, as if no server existed.

This module is imported before anything else on every run, so it uses only what Python has loaded at start
(the C modules ``_socket`` and ``_signal``, ``marshal``): no ``socket``, ``signal`` or ``json``, which
import ``enum`` and would cost more than they save when no server runs.
"""
from __future__ import annotations

import marshal
import os
import sys

PROTOCOL = 1
NO_SERVER_ENV = "PRODLINT_NO_SERVER"
AUTO_START_ENV = "PRODLINT_SERVER"  # "1": a command that finds no server starts one for the next command


def runtime_dir() -> str:
    """Where the sockets live: the user's runtime directory, else a folder of the user's own in /tmp."""
    base = os.environ.get("XDG_RUNTIME_DIR")
    if base and os.path.isabs(base):
        return os.path.join(base, "prodlint")
    return os.path.join("/tmp", f"prodlint-{os.getuid()}")


def socket_path() -> str:
    """One server per interpreter and installed prodlint: another venv's prodlint never answers for this one."""
    package = os.path.dirname(os.path.abspath(__file__))
    key = _digest(f"{sys.executable}\0{package}\0{sys.version}")
    return os.path.join(os.environ.get("PRODLINT_SERVER_DIR") or runtime_dir(), f"srv-{key}.sock")


def _digest(text: str) -> str:
    # FNV-1a: hashlib would import OpenSSL on every run; this only has to tell interpreters apart
    h = 0xcbf29ce484222325
    for byte in text.encode("utf-8", "surrogateescape"):
        h = ((h ^ byte) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def private_dir(path: str) -> bool:
    """Whether ``path`` is a real directory of this user's that nobody else can write or read."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    import stat
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o077


def run_through_server(args: list[str]) -> int | None:
    """The command's exit status when a server ran it, None when it must run here."""
    if os.name != "posix" or os.environ.get(NO_SERVER_ENV):
        return None
    path = socket_path()
    if not os.path.exists(path) or not private_dir(os.path.dirname(path)):
        return None
    import _socket
    try:
        conn = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    except OSError:
        return None
    try:
        conn.settimeout(2.0)
        conn.connect(path)
        _send(conn, {"op": "run", "argv": args, **_process()})
        conn.settimeout(10.0)  # a server that cannot fork within this is stuck: run here instead
        reply = _read(conn)
        if reply is None or reply.get("op") != "started":
            return None  # declined (stale code, another interpreter) or gone: nothing ran yet
        conn.settimeout(None)
        return _wait(conn, reply["pgid"])
    except OSError:
        return None  # nothing ran: the fork runs the command only once its "started" reached this side
    except KeyboardInterrupt:  # before the command started; closing the connection stops it from starting
        sys.stderr.write("prodlint: interrupted\n")
        return 130
    finally:
        conn.close()


def start_for_next_time() -> None:
    """With ``PRODLINT_SERVER=1``, start this installation's server in the background, detached from this
    command (which runs here meanwhile): the next command finds it. This is how a pre-commit hook, whose
    prodlint lives in pre-commit's own environment, gets a server without anyone naming that environment."""
    if not sys.platform.startswith("linux") or os.environ.get(NO_SERVER_ENV) or \
            os.environ.get(AUTO_START_ENV) not in ("1", "on", "true"):
        return  # the server runs on Linux only (peer credentials)
    folder = os.path.dirname(socket_path())
    if os.path.exists(folder) and not private_dir(folder):
        return  # `server start` would refuse it every time
    # Not `python -m linter`: that puts the working directory (a scanned repository) first on sys.path. -I keeps
    # the current directory and PYTHON* variables out; this very package is put first by its path.
    home = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    code = (f"import sys; sys.path.insert(0, {home!r}); from linter.entry import main; "
            "sys.argv = ['prodlint', 'server', 'start']; main()")
    try:
        os.posix_spawn(sys.executable, [sys.executable, "-I", "-c", code], os.environ,
                       file_actions=[(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_RDWR, 0) for fd in (0, 1, 2)],
                       setsid=True)
    except (OSError, AttributeError, TypeError):
        pass  # no posix_spawn (or no setsid in it) here: the server is an optimisation


def _process() -> dict:
    umask = os.umask(0o022)
    os.umask(umask)
    streams = [(getattr(s, "encoding", None), getattr(s, "errors", None)) if s is not None else (None, None)
               for s in (sys.stdin, sys.stdout, sys.stderr)]
    return {"v": PROTOCOL, "exe": sys.executable, "cwd": os.getcwd(), "env": dict(os.environ), "umask": umask,
            "streams": streams}


def _send(conn, message: dict, fds=(0, 1, 2)) -> None:
    import _socket
    import array
    body = marshal.dumps(message)
    head = len(body).to_bytes(4, "big")
    usable = [fd for fd in fds if _is_open(fd)]
    if usable:  # the descriptors travel with the length prefix; a closed stdin travels as "none"
        conn.sendmsg([head], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, array.array("i", usable).tobytes())])
    else:
        conn.sendall(head)
    conn.sendall(body)


def _is_open(fd: int) -> bool:
    try:
        os.fstat(fd)
        return True
    except OSError:
        return False


def _read(conn) -> dict | None:
    head = _exactly(conn, 4)
    return None if head is None else decode(_exactly(conn, int.from_bytes(head, "big")))


def decode(body: bytes | None) -> dict | None:
    """A message (a marshalled dict), or None. marshal is not meant for hostile data: the server reads only
    what its own user's processes send (peer credentials are checked first), the client only its server's."""
    if body is None:
        return None
    try:
        message = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return None
    return message if isinstance(message, dict) else None


def _exactly(conn, size: int) -> bytes | None:
    if size > 1 << 20:
        return None
    chunks = []
    while size:
        chunk = conn.recv(size)
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _wait(conn, pgid: int) -> int:
    """Wait for the command's exit status, passing on the signals a terminal would have sent it."""
    import _signal

    def forward(signum, _frame):
        try:
            os.killpg(pgid, signum)
        except OSError:
            pass

    for signum in (_signal.SIGINT, _signal.SIGTERM, _signal.SIGHUP):
        _signal.signal(signum, forward)
    while True:
        try:
            reply = _read(conn)
            break
        except InterruptedError:
            continue
    if reply is None or reply.get("op") != "exit":
        sys.stderr.write("prodlint: error: the server's worker ended without an exit status\n")
        return 2
    return int(reply["code"])
