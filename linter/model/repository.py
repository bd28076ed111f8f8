"""Repository hygiene facts: what git tracks or ignores, private keys, secrets in env files, build contexts.

Computed once per run and cached on the Project (``repository(project, ctx)``); the GIT rules ask, they
do not re-derive.

* **Tracking.** In a git work tree, ``git ls-files`` says what is tracked and ``git check-ignore`` what is
  ignored, with the same hardening as discovery (no fsmonitor, no hooks, no system config, no ``GIT_*``
  variables from the caller). Outside one there is no tracking information: "tracked" is None and
  "ignored" means matched by a ``.gitignore`` on the way down (pathspec's gitwildmatch, as discovery).
* **.dockerignore.** Docker's own matcher (moby/patternmatcher with the buildkit ignore-file reader),
  re-implemented here because gitignore semantics differ where it matters: a pattern without a slash
  matches only at the context root (``*.env`` does not match ``api/x.env``; ``**/*.env`` does), a
  pattern also excludes everything below a matching directory, ``!`` exceptions can re-include files
  inside an excluded directory, the last matching pattern wins, and there is no trailing-``/`` rule.
  Lines are trimmed, ``#`` starts a comment only at the start of a line, patterns are cleaned
  (``./a/../b`` -> ``b``) and a leading ``/`` is dropped. A ``<Dockerfile>.dockerignore`` beside the
  Dockerfile wins over the context's ``.dockerignore`` (BuildKit).
* **Build contexts.** A Dockerfile's context is the ``build.context`` of the compose services that
  build it; a Dockerfile no compose file builds is assumed to be built from its own directory.
* **Reading.** Files the engine did not read (their kind had no active rule) are read here with the
  run's size cap; symbolic links are never followed (a link in a build context is sent as a link).
"""
from __future__ import annotations

import bisect
import os
import posixpath
import re
from functools import cached_property
from pathlib import Path

from ..classify import classify_name
from ..files import SourceFile
from ..glob_linear import atomic_stars
from ..parsers import parser_for
from ..secrets import (DEFAULT_PASSWORDS, KNOWN_SECRET_FORMATS, embedded_url_password, is_placeholder, is_secret_name,
                       known_format)
from ..lazyre import lazy
from ..record import Record

_KEY_PATHSPECS = tuple(f":(icase){p}" for p in ("*.pem", "*.key", "*.p12", "*.pfx", "*.ppk", "*id_rsa", "*id_dsa",
                                                  "*id_ecdsa", "*id_ed25519"))
_KEY_NAME = lazy(r"(^|/)(id_(rsa|dsa|ecdsa|ed25519)|[^/]+\.(pem|key|p12|pfx|ppk))$", re.I)
_KEY_TEXT = lazy(rb"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----|PuTTY-User-Key-File-\d")
_HEAD_BYTES = 64 * 1024
_WALK_LIMIT = 100_000  # directory entries looked at per walk; a bound for huge trees

# ---- secrets in env files ----------------------------------------------------------------------

# Names the secret-name pattern catches that hold settings about a secret, not the secret.
_NOT_SECRET_NAME = lazy(
    r"(_FILE|_PATH|_DIR|_URL|_URI|_HOST|_HOSTNAME|_DOMAIN|_ISSUER|_AUDIENCE|_ALG|_ALGORITHM|_USER|_USERNAME|"
    r"_NAME|_EMAIL|_PROVIDER|_ENABLED|_EXPIRES|_EXPIRES_IN|_EXPIRY|_EXPIRATION|_TTL|_LIFETIME|_TIMEOUT|"
    r"_LENGTH|_TYPE|_MODE|_SCHEME|_HEADER|_PORT|_REGION|_ID|_VERSION|_STRATEGY|_METHOD)$", re.I)
_PUBLIC_PREFIX = lazy(r"^(VITE_|NEXT_PUBLIC_|REACT_APP_|NUXT_PUBLIC_|EXPO_PUBLIC_|GATSBY_|PUBLIC_|VUE_APP_)")
_NOT_CREDENTIAL = lazy(r"^(true|false|yes|no|on|off|null|none|\d+[a-z]{0,2}|[a-z]+([-_.][a-z]+)*|[./~].*)$",
                             re.I)


def secret_value(name: str, value: str | None) -> bool:
    """A value a person should not commit: a known token format, a URL with a real password, or a
    credential-looking value of a secret-named variable. Variables a frontend build inlines into the
    browser bundle (``VITE_``, ``NEXT_PUBLIC_``, ``REACT_APP_``, ...) are public by design: there only a
    server-side token format (a Stripe secret key, a GitHub token, ...) counts, and not browser API keys."""
    v = (value or "").strip().strip("'\"")
    if not v or v.startswith("$") or is_placeholder(v):
        return False
    if _PUBLIC_PREFIX.match(name):  # only a server-side token format is a leak here
        return any(p.search(v) for p in KNOWN_SECRET_FORMATS if not p.pattern.startswith("AIza"))
    if known_format(v):
        return True
    found = embedded_url_password(v)
    if found:
        user, password = found
        return not (password.startswith("$") or is_placeholder(password) or password.lower() in DEFAULT_PASSWORDS
                    or password == user)
    if not is_secret_name(name) or _NOT_SECRET_NAME.search(name):
        return False
    return len(v) >= 8 and v.lower() not in DEFAULT_PASSWORDS and not _NOT_CREDENTIAL.match(v)


def secret_entries(doc) -> list:
    """Entries of an env document whose values look like real secrets."""
    return [e for e in doc.entries if e.value is not None and secret_value(e.key, e.value)]


def name_list(names: list[str], limit: int = 3) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


# ---- .dockerignore ---------------------------------------------------------------------------------

class _Pattern(Record):
    """One .dockerignore line, matched the way Docker matches it."""
    text: str
    exclusion: bool
    kind: str  # exact | prefix | suffix | regex
    regex: re.Pattern | None

    __slots__ = _fields = ("text", "exclusion", "kind", "regex")

    def __init__(self, text, exclusion, kind, regex=None):
        self.text = text
        self.exclusion = exclusion
        self.kind = kind
        self.regex = regex

    def match(self, path: str) -> bool:
        if self.kind == "exact":
            return path == self.text
        if self.kind == "prefix":
            return path.startswith(self.text[:-2])
        if self.kind == "suffix":
            suffix = self.text[2:]
            return path.endswith(suffix) or (suffix.startswith("/") and path == suffix[1:])
        return bool(self.regex and self.regex.match(path))


def _compile(text: str) -> tuple[str, re.Pattern | None]:
    """patternmatcher's translation: ``*`` and ``?`` stop at ``/``; ``**`` crosses directories."""
    out, kind, i, n = "^", "exact", 0, len(text)
    in_class = False  # inside [...], ranges and ^ keep their meaning
    while i < n:
        ch = text[i]
        if ch == "*":
            if i + 1 < n and text[i + 1] == "*":
                first = i == 0
                i += 2
                if i < n and text[i] == "/":
                    i += 1
                if i >= n:
                    if kind == "exact":
                        kind = "prefix"
                    else:
                        out, kind = out + ".*", "regex"
                else:
                    out, kind = out + "(.*/)?", "regex"
                if first:
                    kind = "suffix"
                continue
            out, kind = out + "[^/]*", "regex"
        elif ch == "?":
            out, kind = out + "[^/]", "regex"
        elif ch == "\\":
            if i + 1 < n:
                i += 1
                out, kind = out + re.escape(text[i]), "regex"
            else:
                out += re.escape("\\")
        elif ch in "[]":
            in_class = ch == "["
            out, kind = out + ch, "regex"
        else:
            out += ch if in_class and ch not in "\\[" else re.escape(ch)
        i += 1
    if kind != "regex":
        return kind, None
    try:
        # a .dockerignore line is the scanned repository's: matched without exponential backtracking
        return kind, re.compile(atomic_stars(out) + "$", re.S)
    except re.error:
        return "invalid", None


class DockerIgnore:
    """Patterns of one .dockerignore, matched the way the docker CLI and BuildKit match them."""

    def __init__(self, lines: list[str]):
        self.patterns: list[_Pattern] = []
        for raw in lines:
            if raw.startswith("#"):
                continue
            line = raw.strip()
            if not line:
                continue
            exclusion = line.startswith("!")
            if exclusion:
                line = line[1:].strip()
            if line:
                line = posixpath.normpath(line)
                if len(line) > 1 and line.startswith("/"):
                    line = line.lstrip("/") or "/"
            if not line:
                continue
            kind, regex = _compile(line)
            if kind != "invalid":
                self.patterns.append(_Pattern(line, exclusion, kind, regex))

    @classmethod
    def from_text(cls, text: str) -> "DockerIgnore":
        return cls(text.lstrip("\ufeff").splitlines())

    def excludes(self, path: str) -> bool:
        """Whether ``path`` (relative to the context root, ``/``-separated) is left out of the context."""
        path = posixpath.normpath(path)
        if path in (".", ""):
            return False
        parent = posixpath.dirname(path)
        parents = parent.split("/") if parent else []
        matched = False
        for pattern in self.patterns:
            if pattern.exclusion != matched:
                continue
            hit = pattern.match(path)
            if not hit:
                hit = any(pattern.match("/".join(parents[:i + 1])) for i in range(len(parents)))
            if hit:
                matched = not pattern.exclusion
        return matched


# ---- the facts -------------------------------------------------------------------------------------

class EnvFile(Record):
    """An env file on disk, whether git tracks it, and the entries that look like real secrets."""
    rel: str
    state: str  # "tracked" | "untracked" (git) | "present" (outside git)
    secrets: list  # env entries whose values look like real secrets

    __slots__ = _fields = ("rel", "state", "secrets")

    def __init__(self, rel, state, secrets):
        self.rel = rel
        self.state = state
        self.secrets = secrets


class PrivateKey(Record):
    """A private key file in the repository, and whether git tracks it."""
    rel: str
    tracked: bool | None  # None outside git

    __slots__ = _fields = ("rel", "tracked")

    def __init__(self, rel, tracked):
        self.rel = rel
        self.tracked = tracked


class ContextCopy(Record):
    """A Dockerfile instruction that copies its whole build context into the image."""
    dockerfile: str  # rel of the Dockerfile
    instruction: object  # parsers.dockerfile.Instruction
    context: str  # rel of the context directory ("" for the root)
    ignore_file: str | None  # rel of the ignore file that applies, if any
    ignore_target: str  # where to add patterns: the ignore file, or where a .dockerignore would go
    dotenv_excluded: bool  # a file named .env at the context root is left out
    leaked: list[tuple[str, list]]  # (env file rel, secret entries) copied in

    __slots__ = _fields = ("dockerfile", "instruction", "context", "ignore_file", "ignore_target", "dotenv_excluded",
                           "leaked")

    def __init__(self, dockerfile, instruction, context, ignore_file, ignore_target, dotenv_excluded, leaked=None):
        self.dockerfile = dockerfile
        self.instruction = instruction
        self.context = context
        self.ignore_file = ignore_file
        self.ignore_target = ignore_target
        self.dotenv_excluded = dotenv_excluded
        self.leaked = [] if leaked is None else leaked


class Repository:
    def __init__(self, project, use_git: bool = True, explicit: list[Path] | None = None,
                 scopes: list[Path] | None = None):
        self.project = project
        self.root: Path = project.root
        self.max_bytes = project.max_bytes
        self._docs: dict[tuple[str, str], object] = {}
        self._secrets: dict[str, list] = {}  # env file -> its secret entries
        self._env_sorted: list[str] | None = None
        self._ignored_cache: dict[str, bool] = {}
        self._tracked: dict[str, bool] | None = None  # path -> tracked, for the paths asked about
        self._gitignore = None
        self._gitignore_dirs: set[Path] = set()
        self._private_keys: list[PrivateKey] | None = None
        self._copies: list[ContextCopy] | None = None
        self._disk_env: list[str] | None = None
        self._exclude_spec = None
        self._services: list | None = None
        self._redis_loaders: dict[str, list[dict[str, list[str]]]] | None = None
        self._redis_unloaded: set[str] = set()
        self._use_git = bool(use_git)
        self._index: set[bytes] | None = None  # the index's entry names, when read without git (learn_tracked)
        self._explicit_mode = bool(explicit)  # files named on the command line (pre-commit): only those
        self._explicit = {r for r in (self._rel(p) for p in explicit or ()) if r is not None}
        self._scopes = sorted({r for r in (self._rel(p) for p in scopes or ()) if r is not None})

    # ---- scope ----------------------------------------------------------------------------------
    def _rel(self, path: Path) -> str | None:
        absolute = path if path.is_absolute() else Path.cwd() / path
        rel = self.project.rel(absolute)
        if rel is None or rel.startswith(".."):
            return None
        return "" if rel == "." else rel

    def in_scope(self, rel: str) -> bool:
        """A path the user asked to check: every path, only the named files, or those under named folders."""
        if self._explicit_mode:
            return rel in self._explicit
        if self._scopes and "" not in self._scopes:
            return any(rel == s or rel.startswith(s + "/") for s in self._scopes)
        return True

    # ---- git ------------------------------------------------------------------------------------
    def _git(self, *args: str, stdin: bytes | None = None) -> "subprocess.CompletedProcess | None":
        from ..discover import git
        return git(self.root, *args, stdin=stdin, timeout=120)

    @cached_property
    def git(self) -> bool:
        """Inside a git work tree (asked the first time a fact needs it: a run may need none)."""
        if not self._use_git:
            return False
        out = self._git("rev-parse", "--is-inside-work-tree")
        return out is not None and out.returncode == 0 and out.stdout.strip() == b"true"

    def _ls(self, *args: str) -> set[str]:
        out = self._git("ls-files", "-z", *args)
        if out is None or out.returncode != 0:
            return set()
        return {n for n in out.stdout.decode("utf-8", "surrogateescape").split("\0") if n}

    def learn_tracked(self, rels: list[str]) -> None:
        """Ask git about these paths only (in batches): a listing of every tracked file would make memory
        grow with the size of the repository."""
        known = "git" in self.__dict__
        if known and not self.git or not self._use_git:
            return
        if self._tracked is None:
            self._tracked = {}
        todo = [r for r in rels if r not in self._tracked]
        if todo and not known and len(todo) <= 64:
            # a few paths (a pre-commit run): the index file read here when it is plain, with no git process
            from ..gitindex import index_names
            self._index = index_names(str(self.root))
            if self._index is not None:
                self.__dict__["git"] = True
        if todo and self._index is not None:
            self._tracked.update((rel, os.fsencode(rel) in self._index) for rel in todo)
            return
        for start in range(0, len(todo), 500):
            batch = todo[start:start + 500]
            out = self._git("ls-files", "-z", "--cached", "--", *(f":(literal){r}" for r in batch))
            if not known:  # the first listing also says whether this is a work tree: one process, not two
                self.__dict__["git"] = known = out is not None and out.returncode == 0
                if not self.git:
                    return
            listed = set(out.stdout.decode("utf-8", "surrogateescape").split("\0")) \
                if out is not None and out.returncode == 0 else set()
            for rel in batch:
                self._tracked[rel] = rel in listed

    def tracked(self, rel: str) -> bool | None:
        """Whether git tracks the path; None outside a git work tree."""
        if "git" not in self.__dict__ and self._use_git:
            self.learn_tracked([rel])  # its first answer also says whether this is a work tree
        if not self.git:
            return None
        if self._tracked is None or rel not in self._tracked:
            self.learn_tracked([rel])
        return self._tracked[rel]

    def ignored(self, rel: str) -> bool:
        """Matched by .gitignore (git's own answer in a work tree; pathspec on the .gitignore files elsewhere)."""
        if rel not in self._ignored_cache:
            self.check_ignored([rel])
        return self._ignored_cache[rel]

    def check_ignored(self, rels: list[str]) -> None:
        todo = [r for r in dict.fromkeys(rels) if r not in self._ignored_cache]
        if not todo:
            return
        if self.git:
            names = "".join(r + "\0" for r in todo).encode("utf-8", "surrogateescape")
            out = self._git("check-ignore", "-z", "--stdin", stdin=names)
            hits = set()
            if out is not None and out.returncode in (0, 1):
                hits = {n for n in out.stdout.decode("utf-8", "surrogateescape").split("\0") if n}
            for rel in todo:
                self._ignored_cache[rel] = rel in hits
            return
        ignore = self._gitignores()
        for rel in todo:
            parts = rel.split("/")
            for depth in range(1, len(parts)):
                self._add_gitignore(self.root.joinpath(*parts[:depth]))
            self._ignored_cache[rel] = ignore.ignored(rel, False) or any(
                ignore.ignored("/".join(parts[:i]), True) for i in range(1, len(parts)))

    def _gitignores(self):
        if self._gitignore is None:
            from ..discover import Ignore
            self._gitignore = Ignore(self.root, [])
            self._add_gitignore(self.root)
        return self._gitignore

    def _add_gitignore(self, directory: Path) -> None:
        """Read a folder's .gitignore once, however many questions are asked about it."""
        if directory not in self._gitignore_dirs:
            self._gitignore_dirs.add(directory)
            self._gitignores().add_gitignore(directory)

    # ---- reading -------------------------------------------------------------------------------
    def _safe_path(self, rel: str) -> Path | None:
        """The path of a regular file inside the root, never through a symbolic link."""
        path = self.root / rel
        try:
            if path.is_symlink() or not path.is_file():
                return None
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        return path if real == self.root / rel or self.root in real.parents else None

    def head(self, rel: str, size: int = _HEAD_BYTES) -> bytes | None:
        path = self._safe_path(rel)
        if path is None:
            return None
        from ..files import Unreadable, read_bytes
        try:
            return read_bytes(path, size, self.root, head=True)
        except Unreadable:
            return None

    def document(self, rel: str, kind: str, keep: bool = True):
        """The parsed document of a file, whether or not the engine checked it; None if it cannot be read.
        ``keep=False``: read for one fact and let go (memory stays flat however many such files there are)."""
        key = (rel, kind)
        if not keep and key not in self._docs:
            file = self.project.by_rel.get(rel)
            was_loaded = file is None or file.loaded
            doc = self.document(rel, kind)
            self._docs.pop(key, None)
            if not was_loaded and self.project.forget(file):
                file.release()
            return doc
        if key not in self._docs:
            file = self.project.by_rel.get(rel)
            if file is None or file.kind != kind:
                path = self._safe_path(rel)
                overlay = getattr(self.project, "overlay", None) or {}
                file = SourceFile(path, rel, kind, self.project.role(rel), overlay.get(rel),
                                  max_bytes=self.max_bytes, root=self.root) if path is not None else None
            doc = None
            if file is not None and file.text is not None and not getattr(file, "unreadable", None):
                try:
                    doc = self.project.document(file) if self.project.by_rel.get(rel) is file \
                        else parser_for(kind)(file)
                except Exception as exc:  # parse errors are doc.problems: this is a parser bug
                    self.project.failures.record("repository", rel, exc)
                    doc = None
            self._docs[key] = doc
        return self._docs[key]

    # ---- env files -----------------------------------------------------------------------------
    def env_files(self, roles: tuple[str, ...]) -> list[EnvFile]:
        """Env files of these roles, in scope and not ignored by .gitignore, with their secret entries."""
        files = [f for f in self.project.files if f.kind == "env" and f.role in roles and self.in_scope(f.rel)]
        self.learn_tracked([f.rel for f in files])
        self.check_ignored([f.rel for f in files if not self.tracked(f.rel)])
        out = []
        for f in files:
            tracked = self.tracked(f.rel)
            if not tracked and self.ignored(f.rel):
                continue
            state = "tracked" if tracked else ("untracked" if tracked is not None else "present")
            out.append(EnvFile(f.rel, state, self.secret_entries_of(f.rel)))
        return out

    def secret_entries_of(self, rel: str) -> list:
        """The entries of an env file that hold real-looking secrets (computed once per file; the document
        itself is not kept)."""
        found = self._secrets.get(rel)
        if found is None:
            doc = self.document(rel, "env", keep=False)
            found = self._secrets[rel] = secret_entries(doc) if doc is not None else []
        return found

    # ---- private keys --------------------------------------------------------------------------
    def private_keys(self) -> list[PrivateKey]:
        """Private-key files that are tracked (git) or not ignored (outside git, or untracked in git)."""
        if self._private_keys is None:
            found: list[PrivateKey] = []
            if self._explicit_mode:  # only the named files can be reported
                keys = sorted(r for r in self._explicit if _KEY_NAME.search(r))
                self.learn_tracked(keys)
                names = [(r, self.tracked(r)) for r in keys]
            elif self.git:
                # git filters by name, so only key-like paths are ever listed; -t tags untracked ones "?"
                listed = self._ls("-t", "--cached", "--others", "--exclude-standard", "--", *_KEY_PATHSPECS)
                tracked = {entry[2:] for entry in listed if not entry.startswith("? ")}
                untracked = {entry[2:] for entry in listed if entry.startswith("? ")}
                names = [(r, True) for r in sorted(tracked)] + [(r, False) for r in sorted(untracked - tracked)]
            else:
                names = [(r, None) for r in self._walk(self.root, lambda rel: bool(_KEY_NAME.search(rel)),
                                                       honour_gitignore=True)]
            for rel, tracked_flag in names:
                if _KEY_NAME.search(rel) and not self._excluded(rel) and self._holds_private_key(rel):
                    found.append(PrivateKey(rel, tracked_flag))
            self._private_keys = found
        return self._private_keys

    def _excluded(self, rel: str) -> bool:
        """Left out of the run by the configuration's ``exclude`` (or the built-in folders like node_modules)."""
        if self._exclude_spec is None:
            from ..discover import DEFAULT_EXCLUDES
            from ..globs import GlobSet
            configured = list(getattr(self.project.config, "exclude", None) or [])
            self._exclude_spec = GlobSet(list(DEFAULT_EXCLUDES) + configured)
        return self._exclude_spec.match(rel)

    def _holds_private_key(self, rel: str) -> bool:
        data = self.head(rel)
        if not data:
            return False
        if rel.lower().endswith((".p12", ".pfx")):
            return data[:1] == b"\x30"  # a DER PKCS#12 store
        return bool(_KEY_TEXT.search(data))

    def _walk(self, top: Path, want, honour_gitignore: bool) -> list[str]:
        from ..discover import DEFAULT_EXCLUDES
        skip = {e.rstrip("/") for e in DEFAULT_EXCLUDES}
        ignore = self._gitignores() if honour_gitignore else None
        out, seen = [], 0
        root_text = str(self.root)
        prefix = os.path.join(root_text, "")
        for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
            # plain strings where they suffice: a Path per folder costs more than the rest of the walk
            if dirpath == root_text:
                base = ""
            elif dirpath.startswith(prefix):
                base = dirpath[len(prefix):].replace(os.sep, "/")
            else:
                base = Path(dirpath).relative_to(self.root).as_posix()
            if ignore is not None:
                self._add_gitignore(Path(dirpath))
            keep = []
            for d in sorted(dirnames):
                rel = f"{base}/{d}" if base else d
                if d in skip or (ignore is not None and ignore.ignored(rel, True)):
                    continue
                keep.append(d)
            dirnames[:] = keep
            for name in sorted(filenames):
                seen += 1
                rel = f"{base}/{name}" if base else name
                if want(rel) and (ignore is None or not ignore.ignored(rel, False)):
                    out.append(rel)
            if seen > _WALK_LIMIT:
                break
        return out

    # ---- build contexts ------------------------------------------------------------------------
    def compose_services(self) -> list:
        """Every service of every compose configuration in the run (read here if the engine did not)."""
        if self._services is None:
            self._services = []
            rels = {f.rel for f in self.project.files if f.kind == "compose"}
            try:  # a pre-commit run names a few files; the compose files at the root still configure them
                rels.update(p.name for p in self.root.iterdir() if classify_name(p.name) == "compose")
            except OSError:
                pass
            for rel in sorted(rels):
                if self.project.role(rel) not in ("production", "development"):
                    continue
                doc = self.document(rel, "compose")
                if doc is None or not isinstance(getattr(doc, "root", None), dict):
                    continue
                try:
                    self._services.extend(self.project.compose_services(doc))
                except Exception as exc:  # a bug in the compose model
                    self.project.failures.record("repository", rel, exc)
                    continue
        return self._services

    def redis_command_lines(self, rel: str) -> list[dict[str, list[str]]]:
        """The redis-server command-line options of each compose service that runs with this redis.conf."""
        if self._redis_loaders is None:
            self._redis_loaders = {}
            for service in self.compose_services():
                try:
                    setup = service.redis() if service.is_family("redis") else None
                except Exception as exc:
                    self.project.failures.record("repository", None, exc)
                    setup = None
                loaded = getattr(getattr(setup, "config_doc", None), "rel", None)
                if loaded is not None and self.project.role(service.path) == "production":
                    self._redis_loaders.setdefault(loaded, []).append(dict(setup.options))
                elif setup is not None and setup.official and setup.command_written and setup.config_file is None \
                        and self.project.role(service.path) == "production":
                    self._redis_unloaded.update(self._mounted_redis_files(service))
        return self._redis_loaders.get(rel, [])

    def redis_not_loaded(self, rel: str) -> bool:
        """A redis.conf production services bind-mount but start without: their written `redis-server
        --requirepass ...` names no config file, so the server never reads it (and nothing else loads it)."""
        self.redis_command_lines(rel)
        return rel in self._redis_unloaded and rel not in self._redis_loaders

    def _mounted_redis_files(self, service) -> list[str]:
        out = []
        try:
            mounts = service.mounts()
        except Exception as exc:  # a bug in the compose model
            self.project.failures.record("repository", None, exc)
            return out
        for mount in mounts:
            if mount.type == "bind" and mount.source:
                rel = self.project.rel(Path(mount.source))
                if rel is not None and classify_name(rel) == "redis":
                    out.append(rel)
        return out

    def build_contexts(self) -> dict[str, set[tuple[str, str | None]]]:
        """Dockerfile rel -> (context rel, target stage), from the compose services that build it."""
        contexts: dict[str, set[tuple[str, str | None]]] = {}
        for service in self.compose_services():
            try:
                build = service.build
            except Exception as exc:
                self.project.failures.record("repository", None, exc)
                build = None
            if build is None:
                continue
            dockerfile, context = self.project.rel(build.dockerfile), self.project.rel(build.context)
            if dockerfile is None or context is None or dockerfile.startswith("..") or context.startswith(".."):
                continue
            target = str(build.target) if build.target else None
            contexts.setdefault(dockerfile, set()).add(("" if context == "." else context, target))
        # `docker build -f docker/Dockerfile .` in a script, a docker/build-push-action step (`context: .`, else
        # the repository root): the context the image is built from, which decides the .dockerignore that applies
        for dockerfile, context, target in self._command_builds():
            contexts.setdefault(dockerfile, set()).add((context, target))
        return contexts

    def _command_builds(self) -> list[tuple[str, str, str | None]]:
        """(Dockerfile rel, context rel, target) of the image builds scripts, Makefiles and CI steps run."""
        roles = getattr(self.project, "roles", None)
        evidence = getattr(roles, "evidence", None) if roles is not None else None
        if evidence is None:
            return []
        out = []
        try:
            found = evidence.deployments.found
        except Exception as exc:  # a bug in reading scripts and workflows: no contexts to learn from
            self.project.failures.record("repository", None, exc)
            return out
        for item in found:
            use = item.use
            if use.tool != "build" or use.context is None or not use.files:
                continue
            context = posixpath.normpath(use.context) if use.context else ""
            context = "" if context == "." else context
            dockerfile = posixpath.normpath(use.files[0])
            if context.startswith(("..", "/")) or dockerfile.startswith(("..", "/")) or \
                    dockerfile not in self.project.by_rel or (context and not (self.root / context).is_dir()):
                continue
            out.append((dockerfile, context, use.target))
        return out

    def context_copies(self, roles: tuple[str, ...]) -> list[ContextCopy]:
        """Every COPY/ADD of a whole build context in the Dockerfiles of these roles, with what it takes in."""
        if self._copies is None:
            self._copies = self._find_copies()
        return [c for c in self._copies if self.project.role(c.dockerfile) in roles]

    def _find_copies(self) -> list[ContextCopy]:
        out: list[ContextCopy] = []
        contexts = None
        for file in self.project.files:
            if file.kind != "dockerfile":
                continue
            doc = self.document(file.rel, "dockerfile", keep=False)
            if doc is None:
                continue
            if not any(_whole_context_copy(i) for i in doc.instructions):
                continue
            if contexts is None:
                contexts = self.build_contexts()
            builds = contexts.get(file.rel) or {(posixpath.dirname(file.rel), None)}
            for context, target in sorted(builds, key=lambda b: (b[0], b[1] or "")):
                copy = _shipped_context_copy(doc, target)
                if copy is not None:
                    out.append(self._copy_fact(file.rel, copy, context))
        return out

    def env_files_on_disk(self) -> list[str]:
        """Every env-named file under the root, ignored by git or not: a local build context sends them all."""
        if self._disk_env is None:
            self._disk_env = self._walk(self.root, lambda r: classify_name(r) == "env", honour_gitignore=False)
        return self._disk_env

    def _env_files_under(self, context: str) -> list[str]:
        """Env files on disk inside a build context ("" for the root): a range of the sorted list, so that
        many Dockerfiles over many services do not each scan every env file."""
        if not context:
            return self.env_files_on_disk()
        if self._env_sorted is None:
            self._env_sorted = sorted(self.env_files_on_disk())
        prefix = context + "/"
        start = bisect.bisect_left(self._env_sorted, prefix)
        end = bisect.bisect_left(self._env_sorted, prefix[:-1] + chr(ord("/") + 1))
        return self._env_sorted[start:end]

    def _copy_fact(self, dockerfile: str, copy: tuple, context: str) -> ContextCopy:
        instruction, extra_excludes = copy
        beside = dockerfile + ".dockerignore"
        in_context = posixpath.join(context, ".dockerignore") if context else ".dockerignore"
        ignore_file = next((r for r in (beside, in_context) if self._safe_path(r) is not None), None)
        lines: list[str] = []
        if ignore_file is not None:
            data = self.head(ignore_file, self.max_bytes)
            lines = data.decode("utf-8", "replace").lstrip("\ufeff").splitlines() if data else []
        ignore = DockerIgnore(lines + list(extra_excludes))
        fact = ContextCopy(dockerfile, instruction, context, ignore_file, ignore_file or in_context,
                           ignore.excludes(".env"))
        for rel in self._env_files_under(context):
            inner = rel[len(context) + 1:] if context else rel
            if ignore.excludes(inner) or self.project.role(rel) not in ("production", "development"):
                continue
            entries = self.secret_entries_of(rel)
            if entries:
                fact.leaked.append((rel, entries))
        return fact


def _whole_context_copy(ins) -> tuple | None:
    """(instruction, --exclude patterns) when a COPY/ADD takes the whole build context."""
    if ins.name not in ("COPY", "ADD"):
        return None
    words = _copy_words(ins)
    flags = [w for w in words if w.startswith("--")]
    args = [w for w in words if not w.startswith("--")]
    if any(f.startswith("--from") for f in flags) or len(args) < 2:
        return None
    if not any(posixpath.normpath(src) in (".", "/", "*", "/*") for src in args[:-1]):
        return None
    excludes = [f.split("=", 1)[1] for f in flags if f.startswith("--exclude=")]
    return ins, excludes


def _shipped_context_copy(doc, target: str | None) -> tuple | None:
    """The whole-context copy whose files reach the image built for ``target`` (the last stage by default):
    one in the shipped stage or a stage it is built from, or one in a stage whose whole filesystem or
    working directory a shipped stage copies with ``COPY --from``."""
    start = doc.stage(target) if target else doc.final_stage
    shipped = start.chain() if start is not None else []
    for stage in reversed(shipped):
        for ins in stage.instructions:
            copy = _whole_context_copy(ins)
            if copy is not None:
                return copy
    for stage in shipped:
        for ins in stage.instructions:
            source, paths = _copy_from(ins)
            origin = doc.stage(source) if source is not None else None
            if origin is None or origin in shipped:
                continue
            chain = origin.chain() if origin is not None else []
            workdir = next((posixpath.normpath("/" + i.value.strip()) for s in chain for i in reversed(s.instructions)
                            if i.name == "WORKDIR"), "/")
            if not any(posixpath.normpath("/" + p) in ("/", workdir) for p in paths):
                continue
            copy = next((c for s in reversed(chain) for c in map(_whole_context_copy, s.instructions) if c), None)
            if copy is not None:
                return copy
    return None


def _copy_words(ins) -> list[str]:
    words = ins.exec_form
    if words is None:
        import shlex
        try:
            words = shlex.split(ins.value, posix=True)
        except ValueError:
            words = ins.value.split()
    return words


def _copy_from(ins) -> tuple[str | None, list[str]]:
    """(stage, source paths) of a ``COPY --from=stage``; (None, []) for anything else."""
    if ins.name != "COPY":
        return None, []
    words = _copy_words(ins)
    source = next((w.split("=", 1)[1] for w in words if w.startswith("--from=")), None)
    args = [w for w in words if not w.startswith("--")]
    return (source, args[:-1]) if source is not None and len(args) >= 2 else (None, [])


def repository(project, ctx=None) -> Repository:
    """The repository facts of a run, computed once and kept on the Project."""
    return project.models.get("repository", lambda: Repository(project, project.use_git, project.explicit_files,
                                                                 project.scope_dirs))
