"""gitignore-style patterns tested against many paths, or against three.

pathspec compiles every pattern up front and tries them one by one for each path. A pre-commit run asks
about three paths, where compiling some eighty role patterns costs more than the rest of the run; a large
run asks about every file. So each pattern keeps the longest piece of literal text it contains: a path
without that text cannot match, and only the patterns whose literal is in the path are compiled (once)
and tried. Sets with a ``!`` pattern keep pathspec's own matcher, whose last-match-wins and directory
rules a first-match loop would not follow.
"""
from __future__ import annotations

import re
from functools import lru_cache

_WILD = re.compile(r"\\.|[*?\[\]/!]")


def _to_regex(line: str):
    """pathspec's translation; prodlint's own patterns have theirs written down (importing pathspec costs
    more than the rest of a pre-commit run's imports)."""
    from .glob_regexes import TABLE, translate
    known = TABLE.get(line)
    return known if known is not None else translate(line)


@lru_cache(maxsize=4096)
def _literal(line: str) -> str:
    """The longest run of plain characters in a pattern (every match contains it verbatim). Kept: role
    decisions build a set of the same patterns again for each file they ask about."""
    line = line.strip()
    if "\\" in line or "[" in line:
        return ""  # escapes and classes: no literal worth trusting
    return max(_WILD.split(line), key=len, default="")


class GlobSet:
    def __init__(self, lines):
        lines = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
        self._spec = None
        self._patterns: list[list] = []  # [literal, regex source or compiled]
        if any(line.lstrip().startswith("!") for line in lines):
            import pathspec
            self._spec = pathspec.GitIgnoreSpec.from_lines(lines)
            return
        from .glob_regexes import TABLE
        foreign = [line for line in lines if line not in TABLE]
        # A pattern prodlint did not write (a repository's .gitignore, a configuration's exclude, roles or
        # per-file-ignores) goes to pathspec's matcher, whose hyperscan (or re2) backend runs in linear time:
        # as a backtracking regex, `a*a*a*a*a*a*a*a*b` takes exponential time on a long file name, and one
        # line of a scanned repository's .gitignore hung the run.
        self._foreign_literals = [_literal(line) for line in foreign]
        self._foreign_lines = foreign
        self._foreign = None
        for line in lines:
            if line in TABLE:
                self._patterns.append([_literal(line), line])

    def match(self, path: str) -> bool:
        if self._spec is not None:
            return self._spec.match_file(path)
        if self._foreign_lines and any(literal in path for literal in self._foreign_literals):
            if self._foreign is None:
                import pathspec
                self._foreign = pathspec.GitIgnoreSpec.from_lines(self._foreign_lines)
            if self._foreign.match_file(path):
                return True
        for entry in self._patterns:
            literal, regex = entry
            if literal not in path:
                continue
            if isinstance(regex, str):
                source, include = _to_regex(regex)
                regex = entry[1] = re.compile(source) if source is not None and include else None
            if regex is not None and regex.match(path):
                return True
        return False
