"""TypeScript type arguments the tree-sitter grammar cannot read: on a tagged template, or an import type's query.

`prisma.$queryRaw<User[]>`SELECT ...`` (type arguments between a tag and its template) is valid TypeScript
since 2.9, and Prisma's documented way to type a raw query; tree-sitter-typescript (0.23) parses the `<` as a
comparison and reports a syntax error the file does not have, so every rule would read a broken tree there
and PL001 would report valid code. :func:`blank_tagged_type_arguments` replaces each such type argument list
with spaces (the same lines, columns and byte offsets): the tag and its template then parse as a plain tagged
template. A call's type argument `<typeof import('./m')>` (Vitest's `importOriginal`) is blanked the same way. No
rule reads type arguments.
"""
from __future__ import annotations

from ..lazyre import lazy

# type arguments on a tagged template: a tag (a name or a member, `sql`, `prisma.$queryRaw`) before them, no
# template, statement end or newline inside, nested one level (`<Array<{ id: string }>>`); and a call's type argument
# that is an import type's query (Vitest's `importOriginal<typeof import('./m')>()`), which the grammar does not
# read either. Each is found from its closing `>` (before a backtick or a parenthesis), looking back at most
# _LONGEST characters: a line of a million `a<b` stays linear.
_ARGUMENTS = lazy(r"<(?:[^<>`;\n]|<[^<>`;\n]*>)*>")
_IMPORT_QUERY = lazy(r"<typeof\s+import\(\s*['\"][^'\"\n]*['\"]\s*\)(?:\.[\w$]+)*>")
_CLOSE = lazy(r">(?=[`(])")
_TAG_END = frozenset("_$)]")
_LONGEST = 300


def blank_tagged_type_arguments(text: str) -> str | None:
    """The text with each such type argument list blanked; None when there is none, or when one holds a
    character outside ASCII (blanking it would move the byte offsets the spans are computed from)."""
    if "`" not in text and "import(" not in text:
        return None
    spans = []
    for close in _CLOSE.finditer(text):
        end = close.end()
        template = text[end] == "`"
        start = _opening(text, close.start(), end - _LONGEST)
        if start is None or not (text[start - 1].isalnum() or text[start - 1] in _TAG_END):
            continue
        found = (_ARGUMENTS if template else _IMPORT_QUERY).fullmatch(text, start, end)
        if found is not None and found.group(0).isascii() and (not spans or spans[-1][1] <= start):
            spans.append((start, end))
    if not spans:
        return None
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _opening(text: str, close: int, floor: int) -> int | None:
    """The `<` that the `>` at ``close`` closes, no further back than ``floor``."""
    depth = 0
    for i in range(close, max(floor, 1) - 1, -1):
        ch = text[i]
        if ch == ">":
            depth += 1
        elif ch == "<":
            depth -= 1
            if depth == 0:
                return i
        elif ch in "\n;`":
            return None
    return None
