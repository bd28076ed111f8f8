#!/usr/bin/env python3
"""Count the repeated code in linter/ and rules/ that the `duplicates` tool lists, setting aside a rule
module's declarations: its docstring (documentation and examples, alike by design across rules of a kind),
``META`` and ``MESSAGES`` (data in a fixed shape), and pairs the tool itself marks as boilerplate.

usage: duplicates --most 400 --seconds 120 > dups.txt; python scripts/duplicates_report.py dups.txt
Prints the pairs that remain (code repeated in two places) and their count.
"""
from __future__ import annotations

import ast
import re
import sys
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROW = re.compile(r"^(D\d+) (\S+):(\d+)-(\d+) ~ (\S+):(\d+)-(\d+)(.*)$")


@lru_cache(maxsize=None)
def declaration_lines(path: str) -> frozenset[int]:
    """Lines of the module docstring and of top-level META / MESSAGES assignments."""
    try:
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return frozenset()
    lines: set[int] = set()
    for node in tree.body:
        is_doc = isinstance(node, ast.Expr) and isinstance(getattr(node, "value", None), ast.Constant) \
            and isinstance(node.value.value, str)
        is_decl = isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in ("META", "MESSAGES") for t in node.targets)
        if is_doc or is_decl:
            lines.update(range(node.lineno, node.end_lineno + 1))
    return frozenset(lines)


def in_scope(path: str) -> bool:
    return path.startswith(("linter/", "rules/"))


def declarations_only(path: str, first: int, last: int) -> bool:
    decl = declaration_lines(path)
    return all(line in decl for line in range(first, last + 1))


def main(listing: str) -> int:
    kept = []
    for line in Path(listing).read_text().splitlines():
        m = ROW.match(line)
        if not m:
            continue
        _, a, a1, a2, b, b1, b2, tail = m.groups()
        if not (in_scope(a) and in_scope(b)) or "boilerplate" in tail:
            continue
        if declarations_only(a, int(a1), int(a2)) and declarations_only(b, int(b1), int(b2)):
            continue
        kept.append(line)
    print("\n".join(kept))
    print(f"{len(kept)} pairs of repeated code in linter/ and rules/ (declarations and boilerplate aside)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
