"""Which paths git tracks, read from the repository's index file instead of asking `git ls-files`.

A pre-commit run asks git about the three files it checks: one `git ls-files --cached` costs a tenth of the run
(importing subprocess, starting git). The answer is whether each path is an entry of `.git/index`, which this
module reads directly in the one layout that is plain: the checked folder is the top of its work tree, `.git` is
a real folder of the user's (not a link, not a `gitdir:` file of a worktree or submodule), the configuration
says nothing that moves the work tree or changes the index's format, and the index is a version 2, 3 or 4 file
(path prefix compression in 4) whose extensions are the optional ones (upper-case names: the cache tree,
resolve-undo, untracked cache, fsmonitor, end of entries, offsets). Anything else returns None and the caller
asks git, whose answer is the reference: a split index (`link`), a sparse index (`sdir`), an unknown
extension or entry flag, SHA-256 object names, a file that is truncated, has more entries than it can hold,
names out of git's order or more bytes of names than a real index of its size holds, or larger than the cap, a
repository owned by someone else (git refuses it), no git on PATH (the run has no tracking information then).
Names are compared as bytes: a name with `..` or bytes that are not UTF-8 is simply a name no checked path equals.
"""
from __future__ import annotations

import os
import stat

_MAX_INDEX = 2 << 20  # bytes; a larger index (a huge monorepo) is git's to read, in C
# the names' bytes in all: version 4 spells each name as a part of the previous one plus a suffix, so 2 MiB of
# one-byte suffixes spelled half a gigabyte of names; a real index of 2 MiB holds a few megabytes of them
_MAX_NAMES = 4 * _MAX_INDEX
_HEADER = 12
_HASH = 20  # SHA-1; a SHA-256 repository says so in its configuration (extensions.objectFormat) and is git's
_FIXED = 62  # ctime, mtime, dev, ino, mode, uid, gid, size (4 bytes each but the times' 8), object name, flags
_EXTENDED = 0x4000
_KNOWN_EXTENDED = 0x6000  # skip-worktree, intent-to-add (the bits git knows; others make git refuse the index)
_NAME_MASK = 0xFFF
_DIR_MODE = 0o040000  # a sparse index's folder entry


def index_names(root: str) -> set[bytes] | None:
    """The entry names (paths relative to ``root``, as bytes) of the index of the work tree whose top is
    ``root``; None when git must be asked."""
    try:
        return _index_names(root, os.path.join(root, ".git"))
    except (OSError, ValueError, IndexError):
        return None


def _index_names(root: str, git_dir: str) -> set[bytes] | None:
    uid = os.geteuid()
    top, folder = os.stat(root), os.lstat(git_dir)
    if not stat.S_ISDIR(folder.st_mode) or folder.st_uid != uid or top.st_uid != uid:
        return None  # a worktree's or submodule's `gitdir:` file, a linked .git, safe.directory's refusal
    if not _git_on_path() or not _plain_repository(git_dir):
        return None
    index = os.path.join(git_dir, "index")
    if not stat.S_ISREG(os.lstat(index).st_mode):
        return None
    with open(index, "rb") as fh:
        data = fh.read(_MAX_INDEX + 1)
    if len(data) > _MAX_INDEX:
        return None
    return parse(data)


def _git_on_path() -> bool:
    """Whether `git` would start: without it the run has no tracking information, as when it is asked."""
    for folder in os.environ.get("PATH", os.defpath).split(os.pathsep):
        candidate = os.path.join(folder or ".", "git")
        if os.access(candidate, os.X_OK) and not os.path.isdir(candidate):
            return True
    return False


def _plain_repository(git_dir: str) -> bool:
    """A repository git would find at this folder and read as a work tree with a SHA-1 index: HEAD names a
    branch or a commit, objects/ and refs/ are there, and the configuration (read line by line: anything this
    reader does not understand is not plain) has no bare flag set, no core.worktree, no include, no extension."""
    with open(os.path.join(git_dir, "HEAD"), "rb") as fh:
        head = fh.read(256).strip()
    if not (head.startswith(b"ref: refs/") or (len(head) == 40 and all(c in b"0123456789abcdef" for c in head))):
        return False
    if not (os.path.isdir(os.path.join(git_dir, "objects")) and os.path.isdir(os.path.join(git_dir, "refs"))):
        return False
    try:
        with open(os.path.join(git_dir, "config"), "rb") as fh:
            text = fh.read(1 << 16)
    except FileNotFoundError:
        return True
    if len(text) >= 1 << 16:
        return False
    section = b""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[:1] in b"#;":
            continue
        if line.startswith(b"["):
            if not line.endswith(b"]"):
                return False
            section = line[1:-1].split(None, 1)[0].strip().lower() if line[1:-1].strip() else b""
            if section.startswith((b"include", b"extensions")):
                return False
            continue
        key, eq, value = line.partition(b"=")
        key, value = key.strip().lower(), value.strip().lower()
        if not key.replace(b"-", b"").isalnum() or value.endswith(b"\\"):
            return False  # a continued line or a key this reader does not know how to read
        if section == b"core" and (key == b"worktree" or (key == b"bare" and value not in (b"false", b"no", b"off", b"0"))):
            return False
        if section == b"core" and key == b"repositoryformatversion" and value not in (b"0", b"1"):
            return False
    return True


def parse(data: bytes) -> set[bytes] | None:
    """The entry names of an index file's bytes; None for anything this reader does not take as certain."""
    size = len(data)
    if size < _HEADER + _HASH or data[:4] != b"DIRC":
        return None
    version = int.from_bytes(data[4:8], "big")
    count = int.from_bytes(data[8:12], "big")
    if version not in (2, 3, 4) or count > (size - _HEADER - _HASH) // (_FIXED + 2):
        return None
    end = size - _HASH
    names: set[bytes] = set()
    offset, previous, spelled = _HEADER, b"", 0
    for _ in range(count):
        if offset + _FIXED > end:
            return None
        mode = int.from_bytes(data[offset + 24:offset + 28], "big")
        flags = int.from_bytes(data[offset + 60:offset + 62], "big")
        start = offset + _FIXED
        if flags & _EXTENDED:
            if version < 3 or start + 2 > end:
                return None
            if int.from_bytes(data[start:start + 2], "big") & ~_KNOWN_EXTENDED:
                return None
            start += 2
        if mode & 0o170000 == _DIR_MODE:
            return None
        if version == 4:
            strip, start = _varint(data, start, end)
            if strip is None or strip > len(previous):
                return None
            stop = data.find(b"\0", start, end)
            if stop < 0:
                return None
            name = previous[:len(previous) - strip] + data[start:stop]
            offset = stop + 1
        else:
            length = flags & _NAME_MASK
            stop = data.find(b"\0", start, end) if length == _NAME_MASK else start + length
            if stop < 0 or stop > end or data[stop:stop + 1] != b"\0":
                return None
            name = data[start:stop]
            offset += (stop - offset + 8) & ~7  # git's ondisk_ce_size: the name NUL-padded to 8 bytes
        if not name or (previous and name < previous):
            return None  # git writes names in order (stages of one name side by side)
        spelled += len(name)
        if spelled > _MAX_NAMES:
            return None
        names.add(name)
        previous = name
    while offset + 8 <= end:  # extensions: a four-letter name, a length, the data
        signature, length = data[offset:offset + 4], int.from_bytes(data[offset + 4:offset + 8], "big")
        if not b"A" <= signature[:1] <= b"Z" or offset + 8 + length > end:
            return None  # a required extension (split or sparse index) or a length past the end
        offset += 8 + length
    return names if offset == end else None


def _varint(data: bytes, offset: int, end: int) -> tuple[int | None, int]:
    """git's offset varint (varint.c): each continuation adds one before shifting; None past the end."""
    if offset >= end:
        return None, offset
    c = data[offset]
    offset += 1
    value = c & 127
    while c & 128:
        if offset >= end or value > 1 << 32:
            return None, offset
        c = data[offset]
        offset += 1
        value = ((value + 1) << 7) | (c & 127)
    return value, offset
