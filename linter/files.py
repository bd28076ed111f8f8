"""A scanned file: where it is, what it holds, and how to turn offsets into positions."""
from __future__ import annotations

import bisect
import codecs
from pathlib import Path

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


class SourceFile:
    """A file of the scanned tree. Its text is read on first use and can be released after checking, so a
    run over many files keeps per-file facts, not every file's text, in memory."""

    __slots__ = ("path", "rel", "kind", "_role", "_text", "encoding_note", "unreadable", "max_bytes", "_line_starts")

    def __init__(self, path: Path, rel: str, kind: str, role="production", text: str | None = None,
                 encoding_note: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES):
        self.path = path  # absolute
        self.rel = rel  # posix path relative to the root
        self.kind = kind
        self._role = role  # a role, or a function of the path deciding it on first use
        self._text = text
        self.encoding_note = encoding_note  # set when the bytes were not clean UTF-8
        self.unreadable: str | None = None  # why the text could not be read
        self.max_bytes = max_bytes
        self._line_starts: list[int] | None = None

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
                self._text, self.encoding_note = read_text(self.path, self.max_bytes)
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


def looks_binary(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    # gzip, zip, PNG, ELF, PDF: config-like names on binary data
    return head.startswith((b"\x1f\x8b", b"PK\x03\x04", b"\x89PNG", b"\x7fELF", b"%PDF"))


def decode(data: bytes) -> tuple[str, str | None]:
    """Text of a file and a note when it was not plain UTF-8 (decoded leniently then)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), None
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return data.decode("utf-8", errors="replace"), f"not valid UTF-8 (byte {exc.start}); decoded leniently"


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, str | None]:
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise Unreadable(f"cannot be read ({exc.strerror or type(exc).__name__})") from None
    if len(data) > max_bytes:
        raise Unreadable(f"larger than the size cap of {max_bytes} bytes")
    if looks_binary(data[:8192]):
        raise Unreadable("holds binary data")
    return decode(data)
