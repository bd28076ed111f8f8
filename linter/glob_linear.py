"""Glob regexes that cannot backtrack exponentially.

A glob's ``*`` becomes ``[^/]*``; several in one path segment (``a*a*a*a*b``) make a backtracking engine try
every way of splitting a long name between them, exponential in their number, and the patterns come from the
scanned repository (``.dockerignore``). Wildcard matching needs no such search: between two stars, the
leftmost place a fixed-width piece fits is as good as any later one (the next star takes up the difference),
so each such star-and-piece is written as an atomic group that takes the leftmost place and never gives it
back: ``(?>[^/]*?a)``. Folders between two ``**`` (``(.*/)?``) are placed the same way. The last star of a
segment, and the last ``**``, keep their backtracking, which is linear.
"""
from __future__ import annotations

_STAR = "[^/]*"
_GLOBSTAR = "(.*/)?"
_ONE = "[^/]"
_SPECIAL = set(".^$*+?{}()|[]")


def _tokens(source: str):
    """(kind, text): 'star', 'atom' (one character that is never '/'), or 'other' (anything else)."""
    i, n = 0, len(source)
    while i < n:
        if source.startswith(_GLOBSTAR, i):
            yield "globstar", _GLOBSTAR
            i += len(_GLOBSTAR)
        elif source.startswith(_STAR, i):
            yield "star", _STAR
            i += len(_STAR)
        elif source.startswith(_ONE, i):
            yield "atom", _ONE
            i += len(_ONE)
        elif source[i] == "\\" and i + 1 < n:
            escaped = source[i + 1]
            yield ("other" if escaped == "/" or escaped.isalnum() else "atom"), source[i:i + 2]
            i += 2
        elif source[i] == "[":  # a class may match '/': not a piece
            end = source.find("]", i + 2)
            end = n if end < 0 else end + 1
            yield "other", source[i:end]
            i = end
        elif source[i] in _SPECIAL or source[i] == "/":
            yield "other", source[i]
            i += 1
        else:
            yield "atom", source[i]
            i += 1


def atomic_stars(source: str) -> str:
    """``source`` with every star that a fixed piece and another star of the same segment follow made atomic
    and leftmost; the same language."""
    tokens = list(_tokens(source))
    out, i = [], 0
    while i < len(tokens):
        kind, text = tokens[i]
        if kind == "globstar":
            j = i + 1
            while j < len(tokens) and (tokens[j][0] in ("atom", "star") or tokens[j][1] == "/"):
                j += 1
            if j > i + 1 and j < len(tokens) and tokens[j][0] == "globstar" and tokens[j - 1][1] == "/":
                # folders between two `**`: the first place they fit, ending at a '/', is as good as any later
                out.append("(?>(?:.*?/)??" + atomic_stars("".join(t for _, t in tokens[i + 1:j])) + ")")
                i = j
                continue
        if kind == "star":
            j = i + 1
            while j < len(tokens) and tokens[j][0] == "atom":
                j += 1
            if j > i + 1 and j < len(tokens) and tokens[j][0] == "star":
                out.append("(?>[^/]*?" + "".join(t for _, t in tokens[i + 1:j]) + ")")
                i = j
                continue
        out.append(text)
        i += 1
    return "".join(out)
