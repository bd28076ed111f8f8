"""Find the files to check: git's view of the tree where there is one, else a .gitignore-aware walk."""
from __future__ import annotations

import itertools
import os
import posixpath
import re
import stat
from pathlib import Path

from .classify import classify, classify_name
from .globs import GlobSet
from .model.caddy import is_caddyfile
from .record import Record

# `.yarn/` is Yarn Berry's own folder: the committed yarn release and plugins (`releases/yarn-*.cjs`,
# `plugins/@yarnpkg/*.cjs`, minified bundles of yarn itself), editor SDKs and the Plug'n'Play package cache, the
# node_modules of a PnP install; none of it is the project's code or configuration
DEFAULT_EXCLUDES = (".git/", "node_modules/", ".venv/", "venv/", ".tox/", "__pycache__/", "bower_components/",
                    ".yarn/", ".prodlint_cache/")
# A scanned repository's git config must not be able to run anything: these keys name programs.
GIT_SAFE = ("-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "core.untrackedCache=false")


class Notice(Record):
    """A line for the reader about a file (skipped, not checked, ambiguous); never a finding."""
    path: str
    message: str

    _fields = ("path", "message")

    def __init__(self, path, message):
        self.path = path
        self.message = message


class Candidate(Record):
    """A file discovery found, with the kind it was classified as."""
    path: Path  # absolute, resolved inside the root
    rel: str
    kind: str

    _fields = ("path", "rel", "kind")

    def __init__(self, path, rel, kind):
        self.path = path
        self.rel = rel
        self.kind = kind


class Discovery(Record):
    """What discovery found: the files to check, notices, and what it set aside."""
    files: list[Candidate]
    notices: list[Notice]
    source: str  # "git" | "walk" | "arguments"
    # files of no kind, folded into a digest of names, sizes and times: models may still read them (an
    # nginx include), so cached results depend on them, but a tree of a million files keeps no list of them
    others: object
    # git-ignored files of a known kind by name, not read unless the untracked policy admits them (see
    # untracked.py, which also finds ignored files of other names that compose or a script use as env files)
    ignored: list[str]
    # files a deployment runs commands from (Makefiles, shell scripts, CI workflows): `--env-file` names
    scripts: list[str]
    untracked: dict[str, str]  # rel -> "untracked" | "ignored"
    ignored_truncated: bool  # the walk of ignored folders stopped at its bound
    # folder -> whether the package.json governing it is a backend's: asked once per folder in a run
    backend_folders: dict
    proxy_configs: list[str]  # front proxies' configurations the backend rules weigh (is_proxy_config)

    _fields = ("files", "notices", "source", "others", "ignored", "scripts", "untracked", "ignored_truncated",
               "backend_folders", "proxy_configs")

    def __init__(self, files=None, notices=None, source="walk", others=None, ignored=None, scripts=None, untracked=None,
                 ignored_truncated=False, backend_folders=None, proxy_configs=None):
        self.files = [] if files is None else files
        self.notices = [] if notices is None else notices
        self.source = source
        self.others = _Listing() if others is None else others
        self.ignored = [] if ignored is None else ignored
        self.scripts = [] if scripts is None else scripts
        self.untracked = {} if untracked is None else untracked
        self.ignored_truncated = ignored_truncated
        self.backend_folders = {} if backend_folders is None else backend_folders
        self.proxy_configs = [] if proxy_configs is None else proxy_configs

    def note_other(self, path, rel: str) -> None:
        try:
            st = os.stat(path)
            self.others.update(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\0".encode("utf-8", "surrogateescape"))
        except OSError:
            self.others.update(f"{rel}\0-\0".encode("utf-8", "surrogateescape"))


class _Listing:
    """``Discovery.others``: SHA-256 of what is folded in, by hashlib (OpenSSL: a tree's listing is large) made at
    the first file folded. A run on files named one by one folds none, and loading OpenSSL was a tenth of the
    imports of a pre-commit run."""

    __slots__ = ("_digest",)

    def __init__(self):
        self._digest = None

    def update(self, data: bytes) -> None:
        if self._digest is None:
            import hashlib
            self._digest = hashlib.sha256()
        self._digest.update(data)

    def hexdigest(self) -> str:
        if self._digest is None:
            from .digests import sha256_hex
            return sha256_hex(b"")
        return self._digest.hexdigest()


# Folders of generated files and caches: git-ignored, never a deployment's configuration, often huge.
GENERATED_DIRS = frozenset({".next", ".nuxt", ".cache", ".pytest_cache", ".mypy_cache", ".ruff_cache", "coverage",
                            ".parcel-cache", ".turbo", ".terraform", ".gradle", ".idea", ".vscode"})
_IGNORED_WALK_LIMIT = 100_000  # directory entries looked at inside ignored folders
_SCRIPT_NAMES = frozenset({"makefile", "gnumakefile", "justfile", "procfile", "taskfile.yml", "taskfile.yaml",
                           ".gitlab-ci.yml", ".gitlab-ci.yaml", "package.json"})


def is_script(rel: str) -> bool:
    """A file deployments run commands from: where ``--env-file`` names the env file a command reads
    (``docker compose``, ``docker run``, ``node --env-file``)."""
    name = rel.rsplit("/", 1)[-1].lower()
    if name in _SCRIPT_NAMES or name.endswith((".sh", ".bash", ".mk")):
        return True
    return name.endswith((".yml", ".yaml")) and (rel.startswith(".github/workflows/") or "/.github/workflows/" in rel)


def is_proxy_config(rel: str) -> bool:
    """A front proxy's configuration that is no kind of its own: a Caddyfile (``Caddyfile``, ``Caddyfile.prod``,
    ``site.caddyfile``) or a Traefik file (``traefik.yml``, ``traefik/dynamic.toml``). The backend rules read
    what it does for the app behind it (linter.model.caddy, linter.model.traefik)."""
    lower = rel.lower()
    return is_caddyfile(rel) or ("traefik" in lower and lower.endswith((".yml", ".yaml", ".toml")))


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

    def excluded(self, rel: str, is_dir: bool) -> bool:
        """Left out by the configuration's ``exclude`` or the built-in folders (not by a .gitignore)."""
        return self.specs[0][1].match(rel + "/" if is_dir else rel)

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
    import subprocess  # here: a pre-commit run reads the index itself (linter.gitindex) and starts no program
    try:
        return subprocess.run(["git", *GIT_SAFE, "-C", str(root), *args], input=stdin, capture_output=True,
                              env=env, timeout=timeout)
    except (OSError, subprocess.SubprocessError):
        return None


def _git_files(root: Path):
    """(path, tracked) of every path git tracks or would track, streamed in git's (sorted) order; None
    outside a work tree (git refuses to list, with nothing on its output: no `rev-parse` is asked first)."""
    proc = _git_stream(root, "ls-files", "-z", "-t", "--cached", "--others", "--exclude-standard")
    if proc is None:
        return None
    first = proc.stdout.read(1 << 16)
    if not first and proc.wait() != 0:
        proc.stdout.close()
        return None
    return _stream_names(proc, tagged=True, first=first)


_SUBMODULE_PATH = re.compile(r"^[ \t]*path[ \t]*=[ \t]*(.+?)[ \t]*$", re.M)


def _submodule_files(root: Path, result: "Discovery"):
    """(rel, tracked) of the files of each checked-out submodule `.gitmodules` names: git lists a submodule
    as one entry, so a deployment kept in one (`deploy/`) would otherwise be checked by nobody, unseen. A
    submodule that is not checked out is said in a notice."""
    from .files import Unreadable, read_bytes
    try:
        text = read_bytes(root / ".gitmodules", 1 << 20, root).decode("utf-8", "replace")
    except Unreadable:
        return
    for raw in _SUBMODULE_PATH.findall(text):
        rel = posixpath.normpath(raw.strip().strip('"'))
        folder = root / rel
        if rel.startswith(("../", "/")) or rel in (".", "..") or ".git" in rel.split("/") \
                or not _inside(Path(os.path.normpath(folder)), root):
            continue
        if folder.is_symlink() or not folder.is_dir() or not (folder / ".git").exists():
            if folder.is_dir() and not folder.is_symlink() and not any(folder.iterdir()):
                result.notices.append(Notice(rel, "skipped: a submodule that is not checked out (its files "
                                                  "cannot be read: check out with submodules)"))
            continue
        names = _git_files(folder)
        if names is None:
            continue
        for name, is_tracked in names:
            yield f"{rel}/{name}", is_tracked


def _git_stream(root: Path, *args: str):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    import subprocess
    try:
        return subprocess.Popen(["git", *GIT_SAFE, "-C", str(root), *args], stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=env)
    except OSError:
        return None


def _stream_names(proc, tagged: bool = False, first: bytes = b""):
    """Names from a NUL-separated listing; with ``tagged`` (``ls-files -t``), (name, tracked) pairs.
    ``first``: what the caller already read of it."""
    pending = b""
    last = None
    with proc:
        while True:
            chunk, first = (first or proc.stdout.read(1 << 16)), b""
            if not chunk:
                break
            *names, pending = (pending + chunk).split(b"\0")
            for raw in names:
                name = raw.decode("utf-8", "surrogateescape")
                tag = ""
                if tagged:
                    tag, name = name[:2], name[2:]
                if name and name != last:  # a path both tracked and modified is listed once per stage
                    last = name
                    yield (name, tag != "? ") if tagged else name


_IGNORED_LISTING = ("ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory")


def _git_ignored(root: Path, ignore: Ignore, in_scope, listed: set[str], result: Discovery, proc) -> None:
    """Record the git-ignored paths: git names ignored files and wholly ignored folders, which are walked
    here (never the dependency, virtualenv and cache folders), so an ignored ``.env`` deep in an ignored
    folder is seen too. ``proc``: git listing them (``_IGNORED_LISTING``), started beside the main listing."""
    if proc is None:
        return
    found: set[str] = set()
    budget = [_IGNORED_WALK_LIMIT]
    for rel in _stream_names(proc):
        if rel.endswith("/"):
            rel = rel.rstrip("/")
            if in_scope(rel, True) and not _skipped_dir(rel, ignore):
                _walk_ignored(root, rel, ignore, found, budget, result)
        elif in_scope(rel, False) and classify_name(rel) is not None and not ignore.excluded(rel, False):
            found.add(rel)
    result.ignored = sorted(found - listed)


def _skipped_dir(rel: str, ignore: Ignore) -> bool:
    return rel.rsplit("/", 1)[-1] in GENERATED_DIRS or ignore.excluded(rel, True)


def _walk_ignored(root: Path, top: str, ignore: Ignore, found: set[str], budget: list[int],
                  result: Discovery) -> None:
    for dirpath, dirnames, filenames in os.walk(root / top, followlinks=False):
        base = _rel(Path(dirpath), root)
        dirnames[:] = sorted(d for d in dirnames if d not in GENERATED_DIRS
                             and not ignore.excluded(f"{base}/{d}", True))
        for name in filenames:
            rel = f"{base}/{name}"
            if classify_name(rel) is not None and not ignore.excluded(rel, False):
                found.add(rel)
        budget[0] -= len(filenames) + len(dirnames)
        if budget[0] < 0:
            result.ignored_truncated = True
            return


_CONTENT_DECIDES = {"node?": "node", "python?": "python"}


def _admit(path: Path, root: Path, rel: str, result: Discovery, excludes: Ignore | None,
           max_bytes: int, wanted: set[str] | None = None, lst: os.stat_result | None = None) -> None:
    """Classify one path and add it, or a notice saying why it was left out (``lst``: its lstat, when the
    caller has it)."""
    by_name = classify_name(rel)
    if by_name is None or (wanted is not None and _CONTENT_DECIDES.get(by_name, "") not in ("", *wanted)):
        result.note_other(path, rel)
        return
    link = stat.S_ISLNK(lst.st_mode) if lst is not None else path.is_symlink()
    if link:
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            result.notices.append(Notice(rel, "skipped: a dangling or looping symbolic link"))
            return
        if not _inside(target, root):
            result.notices.append(Notice(rel, "skipped: a symbolic link that leaves the scanned root"))
            return
    try:
        st = lst if lst is not None and not link else os.stat(path)  # not a link: lstat is stat
    except OSError as exc:
        result.notices.append(Notice(rel, f"skipped: cannot be read ({exc.strerror})"))
        return
    if not stat.S_ISREG(st.st_mode):  # a FIFO would block open(); a device or socket is no config file
        result.notices.append(Notice(rel, "skipped: not a regular file"))
        return
    size = st.st_size
    # may read the head of the file: only now that it is a regular file
    kind = classify(path, rel, root, folders=result.backend_folders)
    if kind is None:
        result.note_other(path, rel)
        return
    if size > max_bytes:
        result.notices.append(Notice(rel, f"skipped: {size} bytes is over the size cap of {max_bytes}"))
        return
    result.files.append(Candidate(path, rel, kind))


def _from_git(root: Path, tracked, scopes: list[Path], ignore: Ignore, result: Discovery, max_bytes: int,
              wanted: set[str] | None, ignored_listing) -> None:
    """Admit what git lists (``tracked``: (path, tracked) pairs), then record what it ignores."""
    result.source = "git"
    root_text = str(root)
    scope_rels = ["" if s == root else _rel(s, root) for s in scopes if _inside(s, root)]
    listed: set[str] = set()

    def in_scope(rel: str, is_dir: bool) -> bool:
        if not scope_rels or "" in scope_rels:
            return True
        # an ignored folder above a scope is walked only for the scope's part of it
        return any(rel == s or rel.startswith(s + "/") or (is_dir and s.startswith(rel + "/"))
                   for s in scope_rels)

    for rel, is_tracked in tracked:
        if is_script(rel) and not ignore.ignored_within(rel):
            result.scripts.append(rel)
        if scope_rels and not any(s == "" or rel == s or rel.startswith(s + "/") for s in scope_rels):
            continue
        if ignore.ignored_within(rel):
            continue
        if classify_name(rel) is None:
            # plain strings: pathlib interns every path component it sees, which for a tree of a
            # million distinct names is memory that grows with the file count
            result.note_other(os.path.join(root_text, rel), rel)
            if is_proxy_config(rel):
                result.proxy_configs.append(rel)
            continue
        path = root / rel
        try:
            lst = os.lstat(path)  # one system call answers the three questions below
        except OSError:
            continue  # deleted in the work tree
        if stat.S_ISDIR(lst.st_mode):
            continue  # a submodule
        listed.add(rel)
        if not is_tracked:
            result.untracked[rel] = "untracked"
        _admit(path, root, rel, result, ignore, max_bytes, wanted, lst)
    _git_ignored(root, ignore, in_scope, listed, result, ignored_listing)
    result.ignored = [r for r in result.ignored if in_scope(r, False)]
    _note_ignored(root, result)


def discover(root: Path, paths: list[Path], explicit_files: list[Path], excludes: list[str],
             max_bytes: int, use_git: bool = True, wanted: set[str] | None = None) -> Discovery:
    """``wanted``: the kinds the active rules read. Source files whose kind only their content can tell
    (backend JS/TS, Python) are not read at all when no rule wants that kind.

    Git-ignored files of a known kind are listed in ``ignored``, not admitted: whether they are read is
    the untracked policy's decision (untracked.py). Files named on the command line skip all of this."""
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
    if tracked is not None and os.path.lexists(root / ".gitmodules"):
        tracked = itertools.chain(tracked, _submodule_files(root, result))
    if tracked is not None:
        # both listings walk the work tree: git does the second on the other core while this one is read
        ignored_listing = _git_stream(root, *_IGNORED_LISTING)
        try:
            _from_git(root, tracked, scopes, ignore, result, max_bytes, wanted, ignored_listing)
        except BaseException:
            if ignored_listing is not None:
                ignored_listing.kill()
                ignored_listing.wait()
            raise
        return result

    ignored: set[str] = set()
    budget = [_IGNORED_WALK_LIMIT]
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
                elif not _skipped_dir(rel, ignore):  # ignored by a .gitignore: walked for its env files
                    _walk_ignored(root, rel, ignore, ignored, budget, result)
            dirnames[:] = keep  # symlinked directories are listed here but os.walk never enters them
            for name in sorted(filenames):
                rel = f"{base}/{name}" if base else name
                if is_script(rel) and not ignore.excluded(rel, False):
                    result.scripts.append(rel)
                if ignore.ignored(rel, False):
                    if classify_name(rel) is not None and not ignore.excluded(rel, False):
                        ignored.add(rel)
                    continue
                if classify_name(rel) is None:  # plain strings, as above
                    result.note_other(os.path.join(dirpath, name), rel)
                    if is_proxy_config(rel):
                        result.proxy_configs.append(rel)
                    continue
                _admit(directory / name, root, rel, result, ignore, max_bytes, wanted)
    result.files.sort(key=lambda c: c.rel)
    result.ignored = sorted(ignored)
    _note_ignored(root, result)
    return result


def _note_ignored(root: Path, result: Discovery) -> None:
    """Ignored files are read across even when not checked (the .env compose interpolates from), so the
    cached results depend on them too."""
    for rel in result.ignored:
        result.note_other(os.path.join(str(root), rel), rel)


def admit_ignored(root: Path, rels: list[str], kinds: dict[str, str], max_bytes: int,
                  wanted: set[str] | None, result: Discovery) -> list[Candidate]:
    """Candidates for git-ignored files the untracked policy chose to read (``kinds``: a kind forced by
    how the file is used, such as ``env`` for a compose ``env_file`` of any name), with the same checks as
    any other file: symbolic links that leave the root, size cap, binary content."""
    root = root.resolve()
    before = len(result.files)
    for rel in rels:
        forced = kinds.get(rel)
        path = root / rel
        if forced is None:
            _admit(path, root, rel, result, None, max_bytes, wanted)
        else:
            _admit_as(path, root, rel, forced, result, max_bytes)
    admitted = result.files[before:]
    del result.files[before:]
    return admitted


def _admit_as(path: Path, root: Path, rel: str, kind: str, result: Discovery, max_bytes: int) -> None:
    try:
        if path.is_symlink() and not _inside(path.resolve(strict=True), root):
            result.notices.append(Notice(rel, "skipped: a symbolic link that leaves the scanned root"))
            return
        st = os.stat(path)
    except (OSError, RuntimeError) as exc:
        result.notices.append(Notice(rel, f"skipped: cannot be read ({getattr(exc, 'strerror', None) or exc})"))
        return
    if not stat.S_ISREG(st.st_mode):
        result.notices.append(Notice(rel, "skipped: not a regular file"))
        return
    if st.st_size > max_bytes:
        result.notices.append(Notice(rel, f"skipped: {st.st_size} bytes is over the size cap of {max_bytes}"))
        return
    result.files.append(Candidate(path, rel, kind))
