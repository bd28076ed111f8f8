"""Python 3.12 type parameters (PEP 695) for an older parser: the source with them blanked out.

Since Python 3.12 a function or class may declare its type parameters in brackets after its name
(``def first[T](items: list[T]) -> T:``, ``class Box[T: int | float]:``) and ``type Alias[T] = ...`` declares
an alias. ``ast.parse`` of Python 3.10 and 3.11 rejects the whole file for one of them, and every rule then
loses the file (and reports a syntax error the file does not have). :func:`blank_pep695` replaces each
bracketed parameter list with spaces, and the ``type`` keyword of an alias with ``_;`` (the same lines and
columns): the function, class or alias then parses as it would without generics. What the brackets said is
lost; no rule reads type parameters.
"""
from __future__ import annotations

import re

from ..lazyre import lazy

# `def name[`, `async def name[`, `class Name[` and `type Alias[` / `type Alias =` at the start of a statement
_HEAD = lazy(r"^[ \t]*(?:(?:async[ \t]+)?def|class)[ \t]+\w+(?=\[)|^[ \t]*type[ \t]+\w+(?=[ \t]*[\[=])", re.M)
_CLOSE = {"(": ")", "[": "]", "{": "}"}


def blank_pep695(text: str) -> str | None:
    """The text with each PEP 695 type parameter list (and alias keyword) blanked; None when there is none."""
    chars, changed = None, False
    heads = list(_HEAD.finditer(text))
    for number, m in enumerate(heads):
        if chars is None:
            chars = list(text)
        head = m.group(0)
        stripped = head.lstrip()
        if stripped.startswith("type"):
            start = m.start() + len(head) - len(stripped)
            # `type X = int` becomes `_;  X = int`: a bare name and the assignment, in the same columns (spaces
            # alone would indent the assignment)
            chars[start:start + 4] = "_;  "
            changed = True
        i = m.end()
        while i < len(text) and text[i] in " \t":
            i += 1
        if i >= len(text) or text[i] != "[":
            continue
        # a parameter list ends before the next statement head: a scan bounded by it alone cost 2,000 steps a head,
        # and a string of `def a[` lines (270,000 of them in 2 MB) took 40 s
        end = _matching(text, i, heads[number + 1].start() if number + 1 < len(heads) else len(text))
        if end is None:
            continue
        for k in range(i, end + 1):
            if chars[k] != "\n":
                # a list over several lines keeps the statement whole with a backslash before each line break
                chars[k] = "\\" if text[k + 1] == "\n" else " "
        changed = True
    return "".join(chars) if changed else None


def _matching(text: str, start: int, stop: int) -> int | None:
    """Index of the bracket closing the one at ``start`` (brackets in strings are not expected in type
    parameters: a bound or default with a string in it is read as written); None when unbalanced before ``stop``."""
    stack = []
    for i in range(start, min(stop, start + 2000)):
        ch = text[i]
        if ch in _CLOSE:
            stack.append(_CLOSE[ch])
        elif ch in ")]}":
            if not stack or stack.pop() != ch:
                return None
            if not stack:
                return i
    return None
