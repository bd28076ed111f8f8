"""A pre-commit run answered from the user cache: the same command, on files and a tree that did not change,
prints what it printed last time without parsing anything.

`prodlint check FILE...` with no option (what a pre-commit hook runs) is mostly start-up: importing the
parsers and the rules of the files' kinds, reading the files around them (the .env a compose file
interpolates from, the README and CI files role evidence reads), and asking git. A hook runs again and again
on the same files (every commit, `pre-commit run --all-files` after a failed one), so the first run records
what it printed, its exit status, and **everything its answer was made of**, observed where it happens
rather than listed by hand:

- every file it opened or asked the status of (``open``, ``os.stat``, ``os.lstat``), and every folder it
  listed (``os.listdir``, ``os.scandir``): Python's audit hooks and ``os``'s two status calls, which
  pathlib, ``os.path`` and ``os.walk`` all go through;
- the environment variables it read (a recording ``os.environ``);
- git's answers: the index, HEAD and git's configuration and exclude files, and the .gitignore of every folder
  above a path it looked at (``git check-ignore`` reads those);
- the code that ran: every module loaded from outside the standard library (prodlint's own, its parsers).

The next run with the same arguments, in the same folder, with the same kind of output stream, looks at the
same paths again and replays the output only when every one of them answers the same: a file's inode, device,
size and modification and change times (the change time cannot be set back: any write moves it), a folder's
entries, the same variables. Anything else (an observation that cannot be repeated, such as a program run that
is not one of git's read-only listings, a file written inside the tree, or a file changed less than two
seconds before the run ended, which the file system's clock may not tell apart) means the run is not kept, and
every miss is simply a full run.

What is kept is sealed with the user's key like the rest of the user cache (linter.usercache); the output is
what the terminal showed, masked as always; the observations are kept as paths and one keyed digest of what
they answered (a file's size says how long the secrets in it are).
"""
from __future__ import annotations

import os
import sys

_NAMESPACE = "replay"
FORMAT = 2
_RACY_NS = 2_000_000_000  # as linter.resultcache: a change this recent may share its time stamp with the next
_GIT_READS = {"ls-files", "rev-parse", "check-ignore"}  # git commands whose answers the observations cover

_recorder = None  # the Recorder of this process's run, while it runs


def _fast_digest(key: bytes, parts: list) -> str:
    """HMAC-SHA-256 (the value ``hmac.new(key, data, "sha256")`` gives) over the parts, without importing hashlib
    and with it OpenSSL, a tenth of a replayed run."""
    data = repr(parts).encode("utf-8", "surrogateescape")
    from .usercache import hmac_sha256
    return hmac_sha256(key, data)[:32]


def _run_key(args: list[str]) -> list:
    streams = []
    for stream in (sys.stdout, sys.stderr):
        try:
            streams.append((stream.isatty(), getattr(stream, "encoding", None)))
        except (AttributeError, ValueError):
            streams.append(None)
    return [FORMAT, sys.version, sys.executable, os.getcwd(), list(args), streams]


def _named(args: list[str], cwd: str) -> set[str]:
    """The paths of the files the command names, as observations name them."""
    return {os.path.join(cwd, word) for word in args[1:] if not word.startswith("-")}


def _file_name(key: bytes, run_key: list) -> str:
    return _fast_digest(key, run_key) + ".marshal"


# ---- what a path answers ---------------------------------------------------------------------------

def _figures(st) -> tuple:
    import stat
    if stat.S_ISDIR(st.st_mode):  # what a folder holds is its listing's observation, not its times
        return ("d", st.st_ino, st.st_dev)
    return (stat.S_IFMT(st.st_mode), st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _status(call, path):
    try:
        return _figures(call(path))
    except OSError as exc:
        return ("error", exc.errno)
    except ValueError:
        return ("invalid",)


def _changed_at(path) -> int:
    """When the path (or the link there, or what it points to) last changed; 0 when it does not exist."""
    latest = 0
    for call in (_real_lstat, _real_stat):
        try:
            st = call(path)
        except (OSError, ValueError):
            continue
        latest = max(latest, st.st_mtime_ns, st.st_ctime_ns)
    return latest


def _listing(path):
    try:
        with _real_scandir(path) as entries:
            return sorted((e.name, e.inode(), e.is_dir(follow_symlinks=False), e.is_symlink()) for e in entries)
    except OSError as exc:
        return ("error", exc.errno)
    except ValueError:
        return ("invalid",)


def answer(kind: str, path: str):
    """What ``path`` answers now to an observation of this kind."""
    if kind == "stat":
        return _status(_real_stat, path)
    if kind == "lstat":
        return _status(_real_lstat, path)
    if kind == "read":  # the file and, when it is a link, the link itself
        return (_status(_real_lstat, path), _status(_real_stat, path))
    if kind == "list":
        return _listing(path)
    if kind == "env":
        return os.environ.get(path) if not isinstance(os.environ, _Recording) else os.environ._peek(path)
    raise ValueError(kind)


_real_stat = os.stat
_real_lstat = os.lstat
_real_scandir = os.scandir


# ---- replaying ----------------------------------------------------------------------------------

def replay(args: list[str]) -> int | None:
    """Print what the same command printed last time and return its exit status, when nothing it depended
    on changed; None otherwise (the caller runs the command)."""
    try:
        from .usercache import cache_dir, read_sealed_marshal, seal_key
        base = cache_dir()
        key = seal_key() if base is not None else None
        if key is None:
            return None
        run_key = _run_key(args)
        stored = read_sealed_marshal(base / _NAMESPACE / _file_name(key, run_key))
        if not isinstance(stored, dict) or stored.get("run") != run_key:
            return None
        observed = stored["observed"]
        # the files the hook names first: the likeliest to have changed (the commit being made), and a few
        # status calls instead of every observation's
        named = _named(args, os.getcwd())
        first = [(kind, path) for kind, path in observed if path in named]
        if _fast_digest(key, [answer(kind, path) for kind, path in first]) != stored["named"]:
            return None
        if _fast_digest(key, [answer(kind, path) for kind, path in observed]) != stored["answers"]:
            return None
        out, err, code = stored["out"], stored["err"], stored["code"]
        if not (isinstance(out, str) and isinstance(err, str) and code in (0, 1)):
            return None
    except Exception:  # noqa: BLE001 - a damaged entry is a miss, never a crash
        return None
    for stream, text in ((sys.stdout, out), (sys.stderr, err)):
        if text and stream is not None:
            stream.write(text)
            stream.flush()
    return code


# ---- recording -----------------------------------------------------------------------------------

class _Recording(os._Environ):
    """``os.environ`` noting the names read (values are asked again on replay, never stored)."""

    def __getitem__(self, name):
        rec = _recorder
        if rec is not None:
            rec.note("env", name)
        return super().__getitem__(name)

    def __contains__(self, name):
        rec = _recorder
        if rec is not None:
            rec.note("env", name)
        return super().__contains__(name)

    # a copy of the whole environment (what git is run with) is not a question about any one variable: the
    # variables git's answers depend on are observed with them (Recorder.observations)
    def _quiet(self) -> dict:
        return {self.decodekey(k): self.decodevalue(v) for k, v in self._data.items()}

    def items(self):
        return self._quiet().items()

    def keys(self):
        return self._quiet().keys()

    def values(self):
        return self._quiet().values()

    def copy(self):
        return self._quiet()

    def _peek(self, name):
        try:
            return super().__getitem__(name)
        except KeyError:
            return None


def _read_only(mode, flags) -> bool:
    if isinstance(mode, str):
        return not any(c in mode for c in "wax+")
    return isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC) == 0


_EVENTS = frozenset({"open", "os.listdir", "os.scandir", "subprocess.Popen", "os.posix_spawn", "os.spawn", "os.exec",
                     "os.system", "os.fork", "os.forkpty"})


def _audit(event: str, args) -> None:
    if event not in _EVENTS:  # every audited event of the process comes here (imports, compiles, ...)
        return
    rec = _recorder
    if rec is None:
        return
    try:  # a hook that raises would fail the operation it watches: an observation it cannot make spoils the run
        if event == "open":
            path, mode, flags = args
            if not isinstance(path, int):
                rec.note("read" if _read_only(mode, flags) else "write", path)
        elif event in ("os.listdir", "os.scandir"):
            rec.note("list", args[0] if args[0] is not None else ".")
        elif event == "subprocess.Popen":
            rec.program(list(args[1]) if args[1] is not None else [], args[2])
        elif event in ("os.posix_spawn", "os.spawn", "os.exec", "os.system", "os.fork", "os.forkpty"):
            rec.unsafe = True
    except Exception:  # noqa: BLE001
        rec.unsafe = True


def _observe(kind: str, path, dir_fd) -> None:
    rec = _recorder
    if rec is None or isinstance(path, int):
        return
    try:
        if dir_fd is not None:
            rec.unsafe = True
        else:
            rec.note(kind, path)
    except Exception:  # noqa: BLE001
        rec.unsafe = True


def _recording_stat(path, *a, dir_fd=None, follow_symlinks=True, **kw):
    _observe("stat" if follow_symlinks else "lstat", path, dir_fd)
    return _real_stat(path, *a, dir_fd=dir_fd, follow_symlinks=follow_symlinks, **kw)


def _recording_lstat(path, *a, dir_fd=None, **kw):
    _observe("lstat", path, dir_fd)
    return _real_lstat(path, *a, dir_fd=dir_fd, **kw)


class _Tee:
    """A standard stream that also keeps what was written to it."""

    def __init__(self, stream):
        self._stream = stream
        self.written: list[str] = []

    def write(self, text):
        n = self._stream.write(text)
        self.written.append(text)
        return n

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _skipped_folders(base, cwd: str, args: list[str]) -> tuple[str, ...]:
    """The folders whose files are prodlint's or Python's, not the run's: the user cache (it is written as the
    run goes) and the folders modules are imported from (modules that ran are observed at the end, by their
    source files). Never a folder that holds the working folder or a file named: the interpreter's whole prefix
    was skipped, and a repository under it (`/usr/src/app` with Debian's Python, whose prefix is `/usr`) had
    none of its files observed, so an edited file replayed the old output. Nor an import folder of sys.path
    inside the scanned tree (`src/`, put there by an editable install of the project or `PYTHONPATH=src`):
    those are the project's sources. The interpreter's own folders stay skipped inside it (a `.venv`)."""
    import sysconfig
    own = {str(base), "/proc", "/dev", "/sys"}
    for name in ("stdlib", "platstdlib", "purelib", "platlib"):
        try:
            own.add(sysconfig.get_path(name))
        except (KeyError, ValueError):
            pass
    ours = [os.path.join(os.path.realpath(p), "") for p in
            [cwd] + [os.path.join(cwd, a) for a in args[1:] if not a.startswith("-")]]
    out = set()
    for folder in own | {p for p in sys.path if isinstance(p, str) and os.path.isabs(p)}:
        if not folder:
            continue
        real = os.path.join(os.path.realpath(folder), "")
        if any(p.startswith(real) for p in ours):
            continue
        if folder not in own and any(real.startswith(p) for p in ours):
            continue
        out.add(real)
    return tuple(sorted(out))


class Recorder:
    def __init__(self, args: list[str], key: bytes, base, started: int | None = None):
        self.args, self.key, self.base = args, key, base
        self.run_key = _run_key(args)
        self.cwd = os.getcwd()
        self.started = __import__("time").time_ns() if started is None else started
        self.seen: dict[tuple[str, str], None] = {}
        self.git_roots: set[str] = set()
        self.unsafe = False
        self.skip = _skipped_folders(base, self.cwd, args)

    def note(self, kind: str, path) -> None:
        if kind == "env":
            self.seen[("env", path)] = None
            return
        try:
            path = os.fsdecode(path)
        except TypeError:
            self.unsafe = True
            return
        path = os.path.join(self.cwd, path)
        # (a path climbing out of a skipped folder with `..` is observed: it may end anywhere)
        if (os.path.join(path, "").startswith(self.skip) and "/.." not in path) or path == "/dev/null":
            return
        if kind == "write":
            self.unsafe = True
            return
        self.seen[(kind, path)] = None

    def program(self, argv: list, cwd) -> None:
        """A program the run started: only git's read-only listings, whose answers the git state covers."""
        words = [os.fsdecode(a) for a in argv]
        if not words or os.path.basename(words[0]) != "git" or cwd is not None:
            self.unsafe = True
            return
        try:
            at = words.index("-C")
            root, command = words[at + 1], words[at + 2]
        except (ValueError, IndexError):
            self.unsafe = True
            return
        if command not in _GIT_READS or "--others" in words:
            self.unsafe = True
            return
        self.git_roots.add(os.path.join(self.cwd, root))

    def observations(self) -> list[tuple[str, str]]:
        seen = dict(self.seen)
        for root in sorted(self.git_roots):
            state = _git_state_paths(root)
            for path in state:
                seen[("read", path)] = None
            configured = _git_config_paths(root, state)
            if configured is None:
                self.unsafe = True
            for path in configured or ():
                seen[("read", path)] = None
            # check-ignore reads the .gitignore of every folder from the root down to the path asked about
            top = os.path.join(root, "")
            for kind, path in list(seen):
                if kind != "env" and path.startswith(top):
                    folder = os.path.dirname(path)
                    while folder.startswith(top) or folder == root:
                        seen[("read", os.path.join(folder, ".gitignore"))] = None
                        if folder == root:
                            break
                        folder = os.path.dirname(folder)
            for name in ("HOME", "XDG_CONFIG_HOME", "PATH"):
                seen[("env", name)] = None
        stdlib = os.path.join(os.path.dirname(os.__file__), "")
        for module in list(sys.modules.values()):
            source = getattr(module, "__file__", None)
            if isinstance(source, str) and not source.startswith(stdlib):
                seen[("stat", os.path.join(self.cwd, source))] = None
        return list(seen)

    def finish(self, code, out: str, err: str) -> None:
        if self.unsafe or code not in (0, 1):
            return
        observed = self.observations()
        answers = [answer(kind, path) for kind, path in observed]
        if self.unsafe:
            return
        racy = self.started - _RACY_NS
        absent_in: set[str] = set()
        for (kind, path), value in zip(observed, answers):
            # a file changed as the run began may change again unseen, and so may a folder's entries; a folder
            # asked about otherwise answers with its identity alone
            if kind == "env":
                continue
            if kind == "list":
                if _changed_at(path) >= racy:
                    return
                continue
            for figures in (value if kind == "read" else (value,)):
                if len(figures) == 6 and max(figures[4], figures[5]) >= racy:
                    return
                if figures[0] == "error":
                    absent_in.add(os.path.dirname(path))
        # a path that answers "no such file" now may have been there when the run read it: removed during the
        # run (a checkout, an editor's save), the output was made with it and would be replayed without it; its
        # folder's times say so (a removal changes them)
        if any(_changed_at(folder) >= racy for folder in absent_in):
            return
        from .usercache import _write, write_sealed_marshal
        named = _named(self.args, self.cwd)
        first = [value for (kind, path), value in zip(observed, answers) if path in named]
        entry = {"run": self.run_key, "observed": observed, "answers": _fast_digest(self.key, answers),
                 "named": _fast_digest(self.key, first), "out": out, "err": err, "code": code}
        _write(_NAMESPACE, _file_name(self.key, self.run_key), lambda path: write_sealed_marshal(path, entry))


def _git_state_paths(root: str) -> list[str]:
    """The files git's answers about tracked and ignored paths come from: its folder's index, HEAD, refs,
    configuration and excludes (a worktree's own and its common folder's), and the user's git configuration
    and global ignore file."""
    home = os.path.expanduser("~")
    config_home = os.environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    paths = [os.path.join(home, ".gitconfig"), os.path.join(config_home, "git", "ignore"),
             os.path.join(config_home, "git", "config")]
    folder = root
    git_dir = None
    while True:
        candidate = os.path.join(folder, ".git")
        paths.append(candidate)
        if os.path.lexists(candidate):
            git_dir = candidate
            break
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    if git_dir is not None and os.path.isfile(git_dir):  # a worktree or submodule: "gitdir: <path>"
        try:
            with open(git_dir, encoding="utf-8", errors="replace") as fh:
                text = fh.read(4096).strip()
        except OSError:
            text = ""
        git_dir = os.path.join(os.path.dirname(git_dir), text[7:].strip()) if text.startswith("gitdir:") else None
    dirs = [git_dir] if git_dir else []
    if git_dir:
        try:
            with open(os.path.join(git_dir, "commondir"), encoding="utf-8", errors="replace") as fh:
                dirs.append(os.path.join(git_dir, fh.read(4096).strip()))
        except OSError:
            pass
    for d in dirs:
        paths += [os.path.join(d, name) for name in ("index", "HEAD", "config", "config.worktree", "info/exclude",
                                                     "packed-refs", "commondir")]
        try:
            with open(os.path.join(d, "HEAD"), encoding="utf-8", errors="replace") as fh:
                ref = fh.read(4096).strip()
        except OSError:
            ref = ""
        if ref.startswith("ref:"):
            paths.append(os.path.join(d, ref[4:].strip()))
    return [os.path.normpath(p) for p in paths]


def _git_config_paths(root: str, state: list[str]) -> list[str] | None:
    """The files git's configuration names or was read from beyond the usual places: an included file
    (`include.path`, `includeIf.*.path`) and the ignore file `core.excludesFile` names (`~/.gitignore_global`,
    a common setting): `check-ignore` reads it, and a path removed from it made a file no longer ignored with
    the old output replayed. Asked of git itself, as the run's git commands are (run after the recording: no
    observation of its own); None when git cannot say. ``state``: the usual places (observed already)."""
    if not _names_other_files(state):
        return []  # most configurations: no git process on the pre-commit hook's recorded runs
    import subprocess

    from .discover import GIT_SAFE
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    try:
        out = subprocess.run(["git", *GIT_SAFE, "-C", root, "config", "-z", "--list", "--show-origin", "--includes"],
                             capture_output=True, env=env, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode not in (0, 1):  # 1: no configuration at all
        return None
    words = out.stdout.decode("utf-8", "surrogateescape").split("\0")
    paths = []
    for origin, entry in zip(words[0::2], words[1::2]):
        if not origin.startswith("file:"):
            continue
        source = os.path.join(root, origin[5:])
        paths.append(source)
        key, _, value = entry.partition("\n")
        key = key.lower()
        named = key == "core.excludesfile" or (key.startswith(("include.", "includeif.")) and key.endswith(".path"))
        if value and named:
            value = os.path.expanduser(value)
            base = root if key == "core.excludesfile" else os.path.dirname(source)
            paths.append(os.path.join(base, value))
    return [os.path.normpath(p) for p in dict.fromkeys(paths)]


def _names_other_files(state: list[str]) -> bool:
    """Whether a configuration file among the usual places could name another file: every such setting is
    written with its key (`excludesFile` under `[core]`, an `[include]` or `[includeIf ...]` section), in any
    letter case; a file that cannot be read is taken to name one."""
    for path in state:
        if not path.endswith(("config", "config.worktree", ".gitconfig")):
            continue
        try:
            with open(path, "rb") as fh:
                text = fh.read(1 << 20).lower()
        except FileNotFoundError:
            continue
        except OSError:
            return True
        if b"excludesfile" in text or b"include" in text or len(text) >= 1 << 20:
            return True
    return False


def start(args: list[str]):
    """Begin recording this run; the caller ends it with :func:`finish`. None when nothing can be kept."""
    global _recorder
    try:
        from .usercache import cache_dir, seal_key
        base = cache_dir()
        key = seal_key() if base is not None else None
        if key is None:
            return None
        # a file named on the command line that changed within the racy window will still be in it when the run
        # ends, and such a run is not kept (Recorder.finish): do not pay for observing every open and status
        # call of it, nor for setting the recorder up (sysconfig's import) (a hook run right after an editor
        # saved, the benchmark's edited pre-commit case)
        started = __import__("time").time_ns()
        if any(_changed_at(path) >= started - _RACY_NS for path in _named(args, os.getcwd())):
            return None
        rec = Recorder(args, key, base, started)
    except Exception:  # noqa: BLE001 - no recording, a run as usual
        return None
    sys.addaudithook(_audit)
    os.stat, os.lstat = _recording_stat, _recording_lstat
    try:
        os.environ.__class__ = _Recording
    except TypeError:
        rec.unsafe = True
    rec.stdout, rec.stderr = _Tee(sys.stdout), _Tee(sys.stderr)
    sys.stdout, sys.stderr = rec.stdout, rec.stderr
    _recorder = rec
    return rec


def finish(rec, code) -> None:
    """End the recording and keep the run when it can be replayed."""
    global _recorder
    _recorder = None
    os.stat, os.lstat = _real_stat, _real_lstat
    if isinstance(os.environ, _Recording):
        os.environ.__class__ = os._Environ
    sys.stdout, sys.stderr = rec.stdout._stream, rec.stderr._stream
    try:
        rec.finish(code, "".join(rec.stdout.written), "".join(rec.stderr.written))
    except Exception:  # noqa: BLE001 - not kept; the run's own output and status stand
        pass
