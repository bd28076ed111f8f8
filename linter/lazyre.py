"""Regular expressions compiled the first time they are used.

A run imports only the rules and models for the kinds of files it meets, but each of those modules
holds dozens of patterns, and compiling them all costs more than a pre-commit run on three files spends
on anything else; most of them are never used in a given run.
"""
from __future__ import annotations

import re

_ATTRS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "pattern", "flags",
          "groups", "groupindex")


class LazyPattern:
    def __init__(self, pattern: str, flags: int = 0):
        self._source = (pattern, flags)

    def __getattr__(self, name: str):
        compiled = re.compile(*self._source)
        for attr in _ATTRS:  # bound once: later uses are plain attribute reads, not __getattr__ calls
            setattr(self, attr, getattr(compiled, attr))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self._source[0]!r})"


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    return LazyPattern(pattern, flags)


class WordGuard:
    """Whether a text holds any of some literal words, in any case: the truth of
    ``re.search("w1|w2|...", text, re.I)``, which masking asks of every source line and message before its
    passes (linter.secrets). With ``re.I`` an alternation has no literal prefix to skip to, so the engine tries
    every word at every position: the guards were 23 of the 409 million instructions of a pre-commit run on
    three edited files, the 17 words of a secret name half of it. For ASCII text, where case-insensitive matching is lowercase equality,
    the words are looked for in the lowercased text instead, with the same answer; any other text (where
    ``re.I`` also folds the long s, the Kelvin sign and the dotless i into ASCII letters) asks the pattern."""

    __slots__ = ("_words", "_pattern")

    def __init__(self, *words: str):
        if not words or not all(w and w.isascii() for w in words):
            raise ValueError("WordGuard takes ASCII words")
        self._words = tuple(w.lower() for w in words)
        self._pattern = LazyPattern("|".join(map(re.escape, words)), re.I)

    def search(self, text: str) -> bool:
        if text.isascii():
            lowered = text.lower()
            for word in self._words:
                if word in lowered:
                    return True
            return False
        return self._pattern.search(text) is not None

    def __repr__(self) -> str:
        return f"WordGuard{self._words!r}"


class GuardedPattern:
    """A pattern whose every match contains one of some literal words, searched only in text that holds one
    (in any case: see WordGuard). Prose patterns of many alternatives (what a README sentence says a folder is
    for) try every alternative at every position of every sentence; most sentences hold none of the words."""

    __slots__ = ("_guard", "_pattern")

    def __init__(self, pattern: str, flags: int, words: tuple[str, ...]):
        self._guard = WordGuard(*words)
        self._pattern = LazyPattern(pattern, flags)

    def search(self, text: str):
        return self._pattern.search(text) if self._guard.search(text) else None

    @property
    def pattern(self) -> str:
        return self._pattern.pattern
