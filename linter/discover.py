"""Find the files to check: git's view of the tree where there is one, else a .gitignore-aware walk."""
from __future__ import annotations

import hashlib
import os
import stat
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .classify import classify, classify_name
from .globs import GlobSet

DEFAULT_EXCLUDES = (".git/", "node_modules/", ".venv/", "venv/", ".tox/", "__pycache__/", "bower_components/",
                    ".prodlint_cache/")
# A scanned repository's git config must not be able to run anything: these keys name programs.
GIT_SAFE = ("-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "core.untrackedCache=false")


@dataclass
class Notice:
    path: str
    message: str


@dataclass
class Candidate:
    path: Path  # absolute, resolved inside the root
    rel: str
    kind: str


@dataclass
class Discovery:
    files: list[Candidate] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    source: str = "walk"  # "git" | "walk" | "arguments"
    # files of no kind, folded into a digest of names, sizes and times: models may still read them (an
    # nginx include), so cached results depend on them, but a tree of a million files keeps no list of them
    others: object = field(default_factory=lambda: hashlib.sha256())

    def note_other(self, path, rel: str) -> None:
        try:
            st = os.stat(path)
            self.others.update(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\0".encode("utf-8", "surrogateescape"))
        except OSError:
            self.others.update(f"{rel}\0-\0".encode("utf-8", "surrogateescape"))


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


class Ignore:
    """Exclude patterns from config plus every .gitignore met on the way down (walk mode only)."""

    def __init__(self, root: Path, patterns: list[str]):
        self.root = root
        self.specs: list[tuple[str, object]] = [("", GlobSet(patterns))]
        self._dirs: dict[str, bool] = {}

    def add_gitignore(self, directory: Path) -> None:
        gi = directory / ".gitignore"
        if gi.is_file() and not gi.is_symlink():
            try:
                lines = gi.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                return
            prefix = _rel(directory, self.root) if directory != self.root else ""
            self.specs.append((prefix, GlobSet(lines)))

    def ignored(self, rel: str, is_dir: bool) -> bool:
        for prefix, spec in self.specs:
            if prefix:
                if not rel.startswith(prefix + "/"):
                    continue
                sub = rel[len(prefix) + 1:]
            else:
                sub = rel
            if spec.match(sub + "/" if is_dir else sub):
                return True
        return False

    def ignored_within(self, rel: str) -> bool:
        """The path or one of the directories above it is ignored (directories asked once each)."""
        if self.ignored(rel, False):
            return True
        parent = rel.rpartition("/")[0]
        return bool(parent) and self._dir_ignored(parent)

    def _dir_ignored(self, rel: str) -> bool:
        hit = self._dirs.get(rel)
        if hit is None:
            parent = rel.rpartition("/")[0]
            hit = self._dirs[rel] = (bool(parent) and self._dir_ignored(parent)) or self.ignored(rel, True)
        return hit


def git(root: Path, *args: str, stdin: bytes | None = None, timeout: int = 300):
    """Run git in a scanned repository without letting its configuration run anything; None on failure."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    try:
        return subprocess.run(["git", *GIT_SAFE, "-C", str(root), *args], input=stdin, capture_output=True,
                              env=env, timeout=timeout)
    except (OSError, subprocess.SubprocessError):
        return None


def _git_files(root: Path):
    """Paths git tracks or would track, streamed in git's (sorted) order; None outside a work tree."""
    inside = git(root, "rev-parse", "--is-inside-work-tree", timeout=30)
    if inside is None or inside.returncode != 0 or inside.stdout.strip() != b"true":
        return None
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    try:
        proc = subprocess.Popen(["git", *GIT_SAFE, "-C", str(root), "ls-files", "-z", "--cached", "--others",
                                 "--exclude-standard"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    except OSError:
        return None
    return _stream_names(proc)


def _stream_names(proc):
    pending = b""
    last = None
    with proc:
        while True:
            chunk = proc.stdout.read(1 << 16)
            if not chunk:
                break
            *names, pending = (pending + chunk).split(b"\0")
            for raw in names:
                name = raw.decode("utf-8", "surrogateescape")
                if name and name != last:  # a path both tracked and modified is listed once per stage
                    last = name
                    yield name


_CONTENT_DECIDES = {"node?": "node", "python?": "python"}


def _admit(path: Path, root: Path, rel: str, result: Discovery, excludes: Ignore | None,
           max_bytes: int, wanted: set[str] | None = None, mode: int | None = None) -> None:
    """Classify one path and add it, or a notice saying why it was left out (``mode``: its lstat mode,
    when the caller has it)."""
    by_name = classify_name(rel)
    if by_name is None or (wanted is not None and _CONTENT_DECIDES.get(by_name, "") not in ("", *wanted)):
        result.note_other(path, rel)
        return
    if stat.S_ISLNK(mode) if mode is not None else path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            result.notices.append(Notice(rel, "skipped: a dangling or looping symbolic link"))
            return
        if not _inside(target, root):
            result.notices.append(Notice(rel, "skipped: a symbolic link that leaves the scanned root"))
            return
    try:
        st = os.stat(path)
    except OSError as exc:
        result.notices.append(Notice(rel, f"skipped: cannot be read ({exc.strerror})"))
        return
    if not stat.S_ISREG(st.st_mode):  # a FIFO would block open(); a device or socket is no config file
        result.notices.append(Notice(rel, "skipped: not a regular file"))
        return
    size = st.st_size
    kind = classify(path, rel, root)  # may read the head of the file: only now that it is a regular file
    if kind is None:
        result.note_other(path, rel)
        return
    if size > max_bytes:
        result.notices.append(Notice(rel, f"skipped: {size} bytes is over the size cap of {max_bytes}"))
        return
    result.files.append(Candidate(path, rel, kind))


def discover(root: Path, paths: list[Path], explicit_files: list[Path], excludes: list[str],
             max_bytes: int, use_git: bool = True, wanted: set[str] | None = None) -> Discovery:
    """``wanted``: the kinds the active rules read. Source files whose kind only their content can tell
    (backend JS/TS, Python) are not read at all when no rule wants that kind."""
    root = root.resolve()
    result = Discovery()
    ignore = Ignore(root, list(DEFAULT_EXCLUDES) + list(excludes))

    if explicit_files:
        result.source = "arguments"
        for f in explicit_files:
            absolute = f if f.is_absolute() else (Path.cwd() / f)
            absolute = Path(os.path.normpath(absolute))
            if not _inside(absolute, root):
                result.notices.append(Notice(str(f), "skipped: outside the scanned root"))
                continue
            rel = _rel(absolute, root)
            if ignore.ignored(rel, False):
                continue
            if not absolute.is_file() and not absolute.is_symlink():
                result.notices.append(Notice(rel, "skipped: not a regular file"))
                continue
            _admit(absolute, root, rel, result, ignore, max_bytes, wanted)
        return result

    scopes = [Path(os.path.normpath(p if p.is_absolute() else Path.cwd() / p)) for p in paths] or [root]
    tracked = _git_files(root) if use_git else None
    if tracked is not None:
        result.source = "git"
        root_text = str(root)
        scope_rels = ["" if s == root else _rel(s, root) for s in scopes if _inside(s, root)]
        for rel in tracked:
            if scope_rels and not any(s == "" or rel == s or rel.startswith(s + "/") for s in scope_rels):
                continue
            if ignore.ignored_within(rel):
                continue
            if classify_name(rel) is None:
                # plain strings: pathlib interns every path component it sees, which for a tree of a
                # million distinct names is memory that grows with the file count
                result.note_other(os.path.join(root_text, rel), rel)
                continue
            path = root / rel
            try:
                mode = os.lstat(path).st_mode  # one system call answers the three questions below
            except OSError:
                continue  # deleted in the work tree
            if stat.S_ISDIR(mode):
                continue  # a submodule
            _admit(path, root, rel, result, ignore, max_bytes, wanted, mode)
        return result

    for scope in scopes:
        if scope.is_file():
            _admit(scope, root, _rel(scope, root), result, ignore, max_bytes, wanted)
            continue
        for dirpath, dirnames, filenames in os.walk(scope, followlinks=False):
            directory = Path(dirpath)
            ignore.add_gitignore(directory)
            base = "" if directory == root else _rel(directory, root)
            keep = []
            for d in sorted(dirnames):
                rel = f"{base}/{d}" if base else d
                if not ignore.ignored(rel, True):
                    keep.append(d)
            dirnames[:] = keep  # symlinked directories are listed here but os.walk never enters them
            for name in sorted(filenames):
                rel = f"{base}/{name}" if base else name
                if ignore.ignored(rel, False):
                    continue
                if classify_name(rel) is None:  # plain strings, as above
                    result.note_other(os.path.join(dirpath, name), rel)
                    continue
                _admit(directory / name, root, rel, result, ignore, max_bytes, wanted)
    result.files.sort(key=lambda c: c.rel)
    return result
