"""Function types whose untyped parameter is named after a built-in type: a gap of the tree-sitter grammar.

`type Handler = (any) => void` is valid TypeScript: a function type with one parameter *named* `any` (of
implicit type any), a form people write meaning "takes anything". tree-sitter-typescript (0.23) reads the
keyword as a type and reports a syntax error the file does not have (`(x) => void` parses), so every rule
would read a broken tree there and PL001 would report valid code. :func:`rename_keyword_parameters` replaces the
first letter of each such parameter name with `_` (`_ny`: the same lines, columns and byte offsets); the type
then parses as it would with any other name. No rule reads parameter names of function types.
"""
from __future__ import annotations

from ..lazyre import lazy

# `(any) =>`, `( string ) =>`: one parenthesised name, nothing else inside, before an arrow. Only the keywords
# the grammar reads as predefined types; a line of a million `(any)` stays linear (no nesting, no backtracking
# across parentheses)
_KEYWORD_PARAMETER = lazy(r"\(([ \t]*)(any|unknown|string|number|boolean|object|symbol|bigint|never|void)"
                          r"[ \t]*\)(?=[ \t]*=>)")


def rename_keyword_parameters(text: str) -> str | None:
    """The text with each such parameter renamed in place; None when there is none."""
    if "=>" not in text:
        return None
    found = list(_KEYWORD_PARAMETER.finditer(text))
    if not found:
        return None
    chars = list(text)
    for m in found:
        chars[m.start(2)] = "_"
    return "".join(chars)
