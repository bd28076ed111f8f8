"""Python 3.14's unparenthesised exception lists (PEP 758) for an older parser: the source with them bracketed.

Since Python 3.14 ``except A, B:`` (and ``except* A, B:``) catches either exception, as ``except (A, B):``
always did; the parentheses may be left out when the clause has no ``as`` name. ``ast.parse`` before 3.14
rejects the whole file for one such clause (the Python 2 form it used to mean), and every rule then loses the
file: a Django settings module with one ``except FileNotFoundError, KeyError:`` lost all its settings.
:func:`bracket_pep758` writes the parentheses in: the space after ``except`` becomes ``(`` and ``)`` goes
before the colon, so every position before the colon is kept and only the rest of that line (a comment, a
one-line body) moves one column right. Python 2's `except Error, name:` has the same shape and parses too, as
a list of two exceptions; such a file is judged as the Python 3 it no longer is only when nothing else in it
is Python 2 (a `print` statement still makes it a syntax error).
"""
from __future__ import annotations

import re

from ..lazyre import lazy

# `except A, B:` at the start of a statement: dotted names separated by commas, no parenthesis, no `as`
# (PEP 758 keeps the parentheses required with `as`, and a bracketed list parses everywhere already)
_CLAUSE = lazy(r"^([ \t]*except\*?)[ \t]((?:[ \t]*[A-Za-z_][\w.]*[ \t]*,)+[ \t]*[A-Za-z_][\w.]*)([ \t]*):",
               re.M)


def bracket_pep758(text: str) -> str | None:
    """The text with each PEP 758 exception list bracketed; None when there is none."""
    if "except" not in text:
        return None

    def bracket(m) -> str:
        keyword, names, space = m.group(1), m.group(2), m.group(3)
        # a space before the colon takes the closing parenthesis, so nothing moves at all
        return f"{keyword}({names})" + (f"{space[1:]}:" if space else ":")
    out, count = _CLAUSE.subn(bracket, text)
    return out if count else None
