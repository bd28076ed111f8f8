"""Regenerates linter/glob_regexes.py, pathspec's translation of every built-in glob pattern:
``python -m linter.glob_regexes_gen``. Apart from the table, so that the table's readers (linter.globs) do not
import the modules that define the patterns."""
from __future__ import annotations

from pathlib import Path

from . import glob_regexes
from .discover import DEFAULT_EXCLUDES
from .evidence.names import FILE_PATTERNS

_OPEN = "TABLE: dict[str, tuple[str | None, bool | None]] = {\n"


def builtin_patterns() -> list[str]:
    """Every glob pattern prodlint itself defines, sorted."""
    patterns = set(DEFAULT_EXCLUDES)
    for role_patterns in FILE_PATTERNS.values():
        patterns.update(role_patterns)
    return sorted(patterns)


def generated() -> dict[str, tuple[str | None, bool | None]]:
    return {p: glob_regexes.translate(p) for p in builtin_patterns()}


def write() -> None:
    path = Path(glob_regexes.__file__)
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(_OPEN, 1)
    lines = rest.splitlines(keepends=True)
    tail = "".join(lines[lines.index("}\n") + 1:])  # the table's entries are indented; its end is not
    body = "".join(f"    {p!r}: {v!r},\n" for p, v in generated().items())
    path.write_text(f"{head}{_OPEN}{body}}}\n{tail}", encoding="utf-8")


if __name__ == "__main__":
    write()
