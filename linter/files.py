"""A scanned file: where it is, what it holds, and how to turn offsets into positions.

Every byte prodlint takes from the scanned tree comes through :func:`read_bytes` (a regular file, inside
the root once symbolic links are resolved, under a size cap, never a FIFO or a device that would block or
never end), and every byte it writes there goes through :func:`write_files` (regular single-link files
inside the root, in their own encoding, atomically, all or nothing). See SECURITY.md.
"""
from __future__ import annotations

import bisect
import codecs
import errno
import os
import stat
from functools import lru_cache
from pathlib import Path

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


class SourceFile:
    """A file of the scanned tree. Its text is read on first use and can be released after checking, so a
    run over many files keeps per-file facts, not every file's text, in memory."""

    __slots__ = ("path", "rel", "kind", "_role", "_text", "encoding_note", "unreadable", "max_bytes", "_line_starts",
                 "root")

    def __init__(self, path: Path, rel: str, kind: str, role="production", text: str | None = None,
                 encoding_note: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES, root: Path | None = None):
        self.path = path  # absolute
        self.rel = rel  # posix path relative to the root
        self.kind = kind
        self._role = role  # a role, or a function of the path deciding it on first use
        self._text = text
        self.encoding_note = encoding_note  # set when the bytes were not clean UTF-8
        self.unreadable: str | None = None  # why the text could not be read
        self.max_bytes = max_bytes
        self._line_starts: list[int] | None = None
        self.root = root  # the scanned root: the file is read only if it resolves inside it

    @property
    def role(self) -> str:
        if callable(self._role):
            self._role = self._role(self.rel)
        return self._role

    @role.setter
    def role(self, value: str) -> None:
        self._role = value

    def __repr__(self) -> str:
        return f"SourceFile({self.rel!r}, {self.kind!r}, {self.role!r})"

    @property
    def text(self) -> str:
        if self._text is None:
            try:
                self._text, self.encoding_note = read_text(self.path, self.max_bytes, self.root)
            except Unreadable as exc:
                self.unreadable = str(exc)
                self._text = ""
        return self._text

    @property
    def loaded(self) -> bool:
        return self._text is not None

    def release(self) -> None:
        """Forget the text; it is read again if anything asks for it."""
        if self.unreadable is None:
            self._text = None
            self._line_starts = None

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    def line_text(self, line: int) -> str:
        starts = self.line_starts
        if not 1 <= line <= len(starts):
            return ""
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            text = self.text
            i = text.find("\n")
            while i != -1:
                starts.append(i + 1)
                i = text.find("\n", i + 1)
            self._line_starts = starts
        return self._line_starts

    def offset(self, line: int, column: int) -> int:
        """0-based character offset of a 1-based (line, column)."""
        starts = self.line_starts
        line = min(max(line, 1), len(starts))
        return min(starts[line - 1] + column - 1, len(self.text))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a 0-based character offset."""
        starts = self.line_starts
        idx = bisect.bisect_right(starts, offset) - 1
        return idx + 1, offset - starts[idx] + 1


class Unreadable(Exception):
    """A file that cannot be read as text; the message says why (never its content)."""


_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\v\x1b")


def looks_binary(head: bytes) -> bool:
    """Binary data, not text: a known binary format, UTF-16 without a byte-order mark, or bytes that are
    mostly not text. A text file is not binary for holding a NUL or two: dotenv, Docker and nginx read such
    a file as text, so treating it as binary would let one stray byte hide a production file from every rule."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    # gzip, zip, PNG, ELF, PDF: config-like names on binary data
    if head.startswith((b"\x1f\x8b", b"PK\x03\x04", b"\x89PNG", b"\x7fELF", b"%PDF")):
        return True
    if b"\x00" not in head:
        return False
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls * 10 > len(head):
        return True
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start < len(head) - 3  # a character cut at the end of the head is no evidence
    return False


def decode(data: bytes) -> tuple[str, str | None]:
    """Text of a file and a note when it was not plain UTF-8 (decoded leniently then)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), None
            except UnicodeDecodeError:
                break
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return data.decode("utf-8", errors="replace"), f"not valid UTF-8 (byte {exc.start}); decoded leniently"
    nul = text.count("\x00")
    return text, (f"holds {nul} NUL byte{'s' if nul != 1 else ''}; read as text" if nul else None)


def inside(path: str | Path, root: str | Path) -> bool:
    """``path`` (already resolved) is the root or below it."""
    path, root = os.fspath(path), _real(os.fspath(root))
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def in_git_dir(path: str, root: str | Path) -> bool:
    """``path`` (resolved, inside ``root``) lies in a ``.git`` folder: git's own data (a CI checkout's
    credentials in ``.git/config``), which a link in the tree must not make part of it."""
    root = _real(os.fspath(root))
    return ".git" in os.fspath(path)[len(root):].split(os.sep)


@lru_cache(maxsize=64)
def _real(root: str) -> str:
    return os.path.realpath(root)


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0) \
    | getattr(os, "O_BINARY", 0)


# Linux: a path opened with O_PATH (no read, so no device is ever opened and no FIFO waited on), the path the
# kernel says it opened checked against the root, then reopened through /proc/self/fd: the file read is the one
# checked, with no window for a link to be swapped in, and one system call per path instead of realpath's one
# per component. Anything else (no /proc, a symbolic link as the last component, not a regular file, a path the
# kernel places outside the root) takes the portable way below, which decides and words every refusal.
_O_PATH = getattr(os, "O_PATH", 0)
_PROC_FD = bool(_O_PATH) and os.path.isdir("/proc/self/fd")


def _open_regular_inside(path: str | Path, root: str | Path | None, git_data: bool = False) -> int | None:
    """A descriptor open for reading on ``path`` when it is a regular file (not a link) resolving inside
    ``root``; None when the portable way must decide."""
    try:
        handle = os.open(path, _O_PATH | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            return None
        proc = f"/proc/self/fd/{handle}"
        if root is not None:
            opened = os.readlink(proc)
            if not inside(opened, root) or (not git_data and in_git_dir(opened, root)):
                return None
        return os.open(proc, _READ_FLAGS)
    except OSError:
        return None
    finally:
        os.close(handle)


def read_bytes(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES, root: str | Path | None = None,
               head: bool = False, git_data: bool = False) -> bytes:
    """The bytes of a regular file, at most ``max_bytes``; with ``root``, only a file that resolves inside it;
    with ``head``, the first ``max_bytes`` of a larger file instead of a refusal.

    Opened without blocking (a FIFO), refused unless regular after opening (a device, a socket, a directory),
    and the final name is opened without following links, so a link swapped in after the check is not
    followed either. Raises :class:`Unreadable` saying why, never with the content."""
    fd = _open_regular_inside(path, root, git_data) if _PROC_FD else None
    if fd is None:
        real = os.path.realpath(path)
        if root is not None and not inside(real, root):
            raise Unreadable("outside the scanned root (once symbolic links are resolved)")
        if root is not None and not git_data and in_git_dir(real, root):
            raise Unreadable("inside git's own folder (.git), not a file of the repository")
        try:
            fd = os.open(real, _READ_FLAGS | getattr(os, "O_NOFOLLOW", 0))
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise Unreadable("a looping symbolic link") from None
            raise Unreadable(f"cannot be read ({exc.strerror or type(exc).__name__})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Unreadable("not a regular file")
        if st.st_size > max_bytes and not head:
            raise Unreadable(f"larger than the size cap of {max_bytes} bytes")
        # a buffer the file's size (one read, then one that finds its end) rather than a megabyte each time;
        # a regular file claiming size 0 (procfs, a file growing) is read in modest chunks
        step = min(1 << 20, max(st.st_size + 1, 1 << 13))
        chunks, total = [], 0
        while total <= max_bytes:
            chunk = os.read(fd, min(step, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise Unreadable(f"cannot be read ({exc.strerror or type(exc).__name__})") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if head:
        return data[:max_bytes]
    if len(data) > max_bytes:  # it grew while being read
        raise Unreadable(f"larger than the size cap of {max_bytes} bytes")
    return data


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, root: str | Path | None = None,
              git_data: bool = False) -> tuple[str, str | None]:
    """Text of a file of the scanned tree (see :func:`read_bytes`; ``git_data``: one of git's own files that
    prodlint itself reads, such as ``.git/info/exclude``) and a note when it was not plain UTF-8."""
    data = read_bytes(path, max_bytes, root, git_data=git_data)
    if looks_binary(data[:8192]):
        raise Unreadable("holds binary data")
    return decode(data)


def read_head(path: Path, root: str | Path | None, size: int = 16384) -> str:
    """The first characters of a file (for sniffing its kind, or a manifest's few names); '' when it cannot
    be read safely."""
    try:
        data = read_bytes(path, size, root, head=True)
    except Unreadable:
        return ""
    return data.decode("utf-8", errors="replace")


# ---- writing --------------------------------------------------------------------------------------------
class Unwritable(Exception):
    """A file prodlint refuses to write; the message says why in one line."""


def encode_like(text: str, original: bytes | None) -> bytes:
    """``text`` in the encoding of ``original`` (UTF-8, UTF-8 or UTF-16 with a byte-order mark); a file in any
    other encoding cannot be written back without changing bytes the fix did not touch."""
    if original is None or original.startswith(codecs.BOM_UTF8):
        return (codecs.BOM_UTF8 if original else b"") + text.encode("utf-8")
    if original.startswith(codecs.BOM_UTF16_LE):
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if original.startswith(codecs.BOM_UTF16_BE):
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    try:
        original.decode("utf-8")
    except UnicodeDecodeError:
        raise Unwritable("not UTF-8 or UTF-16 with a byte-order mark: left as it is") from None
    return text.encode("utf-8")


class _Plan:
    __slots__ = ("target", "data", "mode", "label")

    def __init__(self, target: str, data: bytes, mode: int, label: str):
        self.target, self.data, self.mode, self.label = target, data, mode, label


def _plan(path: Path, text: str, root: Path | None, expected: str | None, max_bytes: int, label: str) -> _Plan:
    parent = os.path.realpath(os.path.dirname(os.path.abspath(path)) or ".")
    if root is not None and not inside(parent, root):
        raise Unwritable(f"{label}: outside the scanned root (through a symbolic link): not written")
    target = os.path.join(parent, os.path.basename(path))
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise Unwritable(f"{label}: cannot be written ({exc.strerror})") from None
    original = None
    mode = 0o644
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            raise Unwritable(f"{label}: a symbolic link: not written through")
        if not stat.S_ISREG(st.st_mode):
            raise Unwritable(f"{label}: not a regular file: not written")
        if st.st_nlink != 1:
            raise Unwritable(f"{label}: has {st.st_nlink} hard links (its content is shared with other paths): "
                             "not written")
        if not os.access(target, os.W_OK) or not st.st_mode & stat.S_IWUSR:
            raise Unwritable(f"{label}: read-only: not written")
        try:
            original = read_bytes(target, max(max_bytes, st.st_size), root)
        except Unreadable as exc:
            raise Unwritable(f"{label}: {exc}: not written") from None
        if expected is not None and decode(original)[0] != expected:
            raise Unwritable(f"{label}: changed while prodlint ran: not written")
        mode = stat.S_IMODE(st.st_mode)
    elif expected is not None:
        raise Unwritable(f"{label}: removed while prodlint ran: not written")
    try:
        data = encode_like(text, original)
    except Unwritable as exc:
        raise Unwritable(f"{label}: {exc}") from None
    return _Plan(target, data, mode, label)


def _commit(plan: _Plan) -> None:
    import tempfile  # only fixes write files (it brings shutil, random and the compression modules)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(plan.target), prefix=".prodlint-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(plan.data)
            fh.flush()
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), plan.mode)
            os.fsync(fh.fileno())
        os.replace(tmp, plan.target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_files(changes: list[tuple[Path, str, str | None]], root: Path | None,
                max_bytes: int = DEFAULT_MAX_BYTES, labels: list[str] | None = None) -> None:
    """Write ``(path, new text, text it must still hold or None for a new file)`` for every change, or none.

    Each file must be a regular file with one link, inside ``root`` after resolving its folder (None: the
    user named the path on the command line), writable, unchanged since it was read, and in an encoding it
    can be written back in; the new bytes keep its byte-order mark, encoding and (as the text holds them)
    line endings. Every file is checked before any is written, and each is replaced atomically (a temporary
    file renamed over it), so a refusal leaves every file as it was. Raises :class:`Unwritable` with one line
    per refused file."""
    plans, refused = [], []
    for n, (path, text, expected) in enumerate(changes):
        label = labels[n] if labels else str(path)
        try:
            plans.append(_plan(Path(path), text, root, expected, max_bytes, label))
        except Unwritable as exc:
            refused.append(str(exc))
    if refused:
        raise Unwritable("\n".join(refused))
    for plan in plans:
        try:
            _commit(plan)
        except OSError as exc:
            done = plans.index(plan)
            raise Unwritable(f"{plan.label}: cannot be written ({exc.strerror}); "
                             f"{done} of {len(plans)} files were written before it") from None
