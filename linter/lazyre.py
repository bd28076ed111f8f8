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
