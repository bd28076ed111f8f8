"""Text from the scanned repository made inert for the place it is printed.

File names, messages that quote evidence, snippets and notices come from an untrusted tree. Printed raw, an
ESC or CSI starts a terminal control sequence (colours, cursor moves, OSC 8 links, window titles), a CR
overwrites what a reader saw, and bidirectional overrides reorder what a reviewer reads. Every such
character is shown as a visible escape instead.
"""
from __future__ import annotations

import re

from ..lazyre import lazy

# C0 controls but tab, DEL, C1 controls (CSI is 0x9b), line/paragraph separators, bidirectional embeddings,
# overrides and isolates, and the byte-order mark / zero-width no-break space.
_UNSAFE = lazy("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufeff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\x1b": "\\x1b"}


def _escape(m: re.Match) -> str:
    ch = m.group(0)
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


# The same, but for a whole document of lines: the line feed is the document's own.
_UNSAFE_IN_DOCUMENT = lazy("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufeff]")


def inert_document(document: str) -> str:
    """A rendered report (Markdown, HTML) with every control or reordering character but its own line feeds
    written as a visible escape: the last guard, whatever a renderer forgot to escape on the way."""
    return _UNSAFE_IN_DOCUMENT.sub(_escape, document) if document else document


def visible(text: str) -> str:
    """``text`` with every control or reordering character written as a visible escape (``\\x1b``, ``\\r``)."""
    return _UNSAFE.sub(_escape, text) if text else text


_JSON_UNSAFE = lazy("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufeff]")


def json_inert(document: str) -> str:
    """JSON text (``ensure_ascii=False``) with the characters json leaves raw but terminals act on (DEL, C1
    controls, bidirectional overrides) written as ``\\uXXXX``: the same JSON value, safe to print. They can only
    occur inside strings, where ``\\uXXXX`` means the same character."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", document)


# A line a CI runner reads as a command of its own (GitHub workflow commands, Azure Pipelines logging
# commands), even after leading spaces.
_COMMAND_START = lazy(r"^([ \t]*)(::|##\[)")
_COMMAND_ESCAPE = {"::": "\\x3a:", "##[": "\\x23#["}


def inert_start(line: str) -> str:
    """``line`` with a leading ``::`` or ``##[`` written as a visible escape, so no runner takes it as a command."""
    return _COMMAND_START.sub(lambda m: m.group(1) + _COMMAND_ESCAPE[m.group(2)], line)


def inert_lines(text: str) -> str:
    """Text for a terminal or a CI log: every line visible (controls escaped) and inert (see inert_start);
    the line breaks kept."""
    return "\n".join(inert_start(visible(line)) for line in text.split("\n"))
