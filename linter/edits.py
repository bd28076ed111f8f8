"""Building text edits for fixes, in the file's own style (indentation, line endings, quoting).

Edits are offsets into the file text exactly as read, so applying them changes
nothing but the edited ranges. Rules build fixes with these helpers instead of
re-serialising documents.
"""
from __future__ import annotations

from .api import Edit, Fix, Span


def newline(file) -> str:
    # asked once per fix: remembered for the last text seen, so n fixes in one large file scan it once
    text = file.text
    if _last_newline[0] is not text:
        _last_newline[:] = [text, "\r\n" if "\r\n" in text else "\n"]
    return _last_newline[1]


_last_newline: list = [None, "\n"]


def replace(file, span: Span, text: str) -> Edit:
    start = file.offset(span.line, span.column)
    end_line = span.end_line or span.line
    end_col = span.end_column or (len(file.line_text(end_line)) + 1)
    return Edit(start, file.offset(end_line, end_col), text)


def line_start(file, line: int) -> int:
    return file.offset(line, 1)


def line_end(file, line: int) -> int:
    """Offset just after a line's end of line (or the end of the text)."""
    starts = file.line_starts
    return starts[line] if line < len(starts) else len(file.text)


def insert_lines_after(file, line: int, lines: list[str]) -> Edit:
    nl = newline(file)
    at = line_end(file, line)
    prefix = "" if at == 0 or file.text[at - 1:at] == "\n" else nl
    return Edit(at, at, prefix + "".join(text + nl for text in lines))


def insert_lines_before(file, line: int, lines: list[str]) -> Edit:
    nl = newline(file)
    at = line_start(file, line)
    return Edit(at, at, "".join(text + nl for text in lines))


def append_lines(file, lines: list[str]) -> Edit:
    return insert_lines_after(file, len(file.line_starts), lines)


def indentation(file, line: int) -> str:
    text = file.line_text(line)
    return text[:len(text) - len(text.lstrip(" \t"))]


# ---- YAML block mappings (parsed mappings and lists carry 0-based positions in .lc) --------------------
def yaml_block_end(file, first_line: int, indent: int) -> int:
    """Last line (1-based) of a block whose keys sit at column ``indent + 1``, starting at first_line."""
    last = first_line
    total = len(file.line_starts)
    for line in range(first_line + 1, total + 1):
        text = file.line_text(line)
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if len(text) - len(text.lstrip(" ")) < indent:
            break
        last = line
    return last


def yaml_insert_key(file, mapping, lines: list[str]) -> Edit | None:
    """Insert ``lines`` (already relative-indented, e.g. ["restart: unless-stopped"]) as the last entries of a
    block mapping; None for flow mappings or empty ones, where no edit is safe."""
    if not mapping or getattr(getattr(mapping, "fa", None), "flow_style", lambda: False)():
        return None
    # Only keys written in this mapping (and its ``<<`` keys) place the new one: a key merged from an
    # anchor is written elsewhere, and inserting after it would land inside the anchor.
    try:
        written = [(k[0], k[1]) for k in mapping.lc.data.values()] + list(getattr(mapping.lc, "merges", ()))
    except (AttributeError, TypeError, IndexError):
        return None
    if not written:
        return None
    indent = min(written)[1]
    last_key_line = max(written)[0]
    end = yaml_block_end(file, last_key_line + 1, indent)
    pad = " " * indent
    return insert_lines_after(file, end, [pad + text for text in lines])


def yaml_append_item(file, seq, text: str) -> Edit | None:
    """``- text`` after the last item of a block sequence, dash and quotes as that item has them; None for
    flow sequences and empty ones."""
    if not isinstance(seq, list) or not seq or getattr(getattr(seq, "fa", None), "flow_style", lambda: True)():
        return None
    try:
        line, col = seq.lc.item(len(seq) - 1)
    except (AttributeError, KeyError, TypeError, IndexError):
        return None
    current = file.line_text(line + 1)
    lead = current[:col].rstrip()
    if not lead.endswith("-") or lead[:-1].strip():
        return None
    quote = current[col:col + 1] if current[col:col + 1] in ("'", '"') else ""
    end = yaml_block_end(file, line + 1, len(lead))
    return insert_lines_after(file, end, [current[:col] + quote + text + quote])


def yaml_indent_step(file, mapping) -> str:
    """The indentation step of a block mapping: how far its keys sit right of the line that opens it."""
    try:
        line, column = mapping.lc.key(next(iter(mapping)))
    except (AttributeError, KeyError, TypeError, StopIteration):
        return "  "
    for above in range(line, 0, -1):
        text = file.line_text(above)
        if text.strip() and not text.lstrip().startswith("#"):
            return " " * max(column - (len(text) - len(text.lstrip(" "))), 1)
    return "  "


def fix(title: str, *edits: Edit | None, safety: str = "safe", path: str | None = None) -> Fix | None:
    chosen = tuple(e for e in edits if e is not None)
    return Fix(title, chosen, safety, path) if chosen and len(chosen) == len(edits) else None
