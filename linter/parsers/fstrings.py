"""Python 3.12 f-strings (PEP 701) for an older parser: the source with those f-strings blanked out.

Since Python 3.12 a replacement field may reuse the f-string's own quote (``f'{x['a']}'``), hold a backslash
or a comment, and span lines inside a single-quoted f-string. ``ast.parse`` of Python 3.10 and 3.11 rejects
the whole file for one such literal, and every rule then loses the file. :func:`blank_pep701` finds those
literals and replaces each with a plain string literal of the same length (the same lines and columns), so
everything else in the file parses and keeps its positions; what the blanked literal said is lost, which
costs less than the file.
"""
from __future__ import annotations

_PREFIX_LETTERS = frozenset("rRbBuUfF")


def blank_pep701(text: str) -> str | None:
    """The text with each f-string that only Python 3.12 reads replaced by a blank string of the same length;
    None when there is none (or the text cannot be scanned)."""
    out, changed, i, n = [], False, 0, len(text)
    start = 0
    while i < n:
        ch = text[i]
        if ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if ch in "'\"" or (ch in _PREFIX_LETTERS and _starts_string(text, i)):
            if i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_") and ch not in "'\"":
                i += 1  # a name such as `buffer` that ends in prefix letters
                continue
            end, needs = _string(text, i)
            if end is None:
                return None
            if needs:
                blank = _blank(text[i:end])
                if blank is None:
                    return None
                out.append(text[start:i])
                out.append(blank)
                start, changed = end, True
            i = end
            continue
        i += 1
    if not changed:
        return None
    out.append(text[start:])
    return "".join(out)


def _starts_string(text: str, i: int) -> bool:
    j = i
    while j < len(text) and j - i < 3 and text[j] in _PREFIX_LETTERS:
        j += 1
    return j < len(text) and text[j] in "'\""


def _string(text: str, i: int) -> tuple[int | None, bool]:
    """(end of the string literal starting at ``i``, whether it is an f-string only Python 3.12 reads)."""
    j = i
    while text[j] in _PREFIX_LETTERS:
        j += 1
    prefix = text[i:j].lower()
    quote = text[j:j + 3] if text[j:j + 3] in ('"""', "'''") else text[j]
    j += len(quote)
    formatted = "f" in prefix
    needs = False
    n = len(text)
    while j < n:
        ch = text[j]
        if ch == "\\":
            j += 2
            continue
        if text.startswith(quote, j):
            return j + len(quote), needs
        if ch == "\n" and len(quote) == 1:
            return None, False  # an unterminated literal: not ours to fix
        if formatted and ch == "{":
            if text.startswith("{{", j):
                j += 2
                continue
            end, modern = _field(text, j + 1, quote)
            if end is None:
                return None, False
            needs = needs or modern
            j = end
            continue
        j += 1
    return None, False


def _field(text: str, i: int, quote: str) -> tuple[int | None, bool]:
    """(index after the replacement field whose ``{`` precedes ``i``, whether it uses a 3.12-only form: the
    enclosing quote, a backslash, a comment, or a line break inside a single-quoted f-string)."""
    depth, modern, n = 0, False, len(text)
    while i < n:
        ch = text[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "}":
            if depth == 0:
                return i + 1, modern
            depth -= 1
        elif ch == "\\" or ch == "#":
            modern = True
            if ch == "#":
                end = text.find("\n", i)
                if end < 0:
                    return None, False
                i = end
                continue
        elif ch == "\n" and len(quote) == 1:
            modern = True
        elif ch in "'\"" or (ch in _PREFIX_LETTERS and _starts_string(text, i) and
                             not (text[i - 1].isalnum() or text[i - 1] == "_")):
            start = i
            while text[start] in _PREFIX_LETTERS:
                start += 1
            if text.startswith(quote, start):
                modern = True  # the enclosing quote reused inside the field
            end, inner = _string(text, i)
            if end is None:
                return None, False
            modern = modern or inner or "\\" in text[i:end]  # before 3.12 no backslash anywhere in a field
            i = end
            continue
        i += 1
    return None, False


def _blank(literal: str) -> str | None:
    """A plain string literal as long as ``literal``, on the same lines."""
    if "\n" not in literal:
        return '"' + " " * (len(literal) - 2) + '"' if len(literal) >= 2 else None
    if len(literal) < 7:
        return None
    body = "".join("\n" if c == "\n" else " " for c in literal[3:-3])
    return '"""' + body + '"""'
