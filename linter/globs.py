"""gitignore-style patterns tested against many paths.

pathspec translates each pattern to a regex and tries them one by one for every path; a run asks about
every file of a large tree (roles, excludes), so patterns without a negation are joined into one
alternation and tested in a single match. Sets with a ``!`` pattern keep pathspec's own matcher, whose
last-match-wins rule an alternation cannot express.
"""
from __future__ import annotations

import re


def _to_regex(line: str):
    try:  # pathspec >= 1.0
        from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern as Pattern
    except ImportError:  # pragma: no cover - pathspec 0.12
        from pathspec.patterns.gitwildmatch import GitWildMatchPattern as Pattern
    return Pattern.pattern_to_regex(line)


class GlobSet:
    def __init__(self, lines):
        lines = list(lines)
        parts = [_to_regex(line) for line in lines]
        parts = [(regex, include) for regex, include in parts if include is not None]
        self._spec = None
        self._regex = None
        if any(not include for _, include in parts):
            import pathspec
            self._spec = pathspec.GitIgnoreSpec.from_lines(lines)
        elif parts:
            # pathspec names one group in every pattern (where a directory matched); an alternation may
            # not repeat a group name, and a plain yes/no needs no group
            self._regex = re.compile("|".join(f"(?:{regex.replace('(?P<ps_d>', '(?:')})" for regex, _ in parts))

    def match(self, path: str) -> bool:
        if self._spec is not None:
            return self._spec.match_file(path)
        return self._regex is not None and self._regex.match(path) is not None
