"""A file's lines as every output numbers them.

Findings, snippets, SARIF regions, `--diff` and the audit count a line per LF (``File.line_starts``), as git,
GitHub and the parsers of most kinds do. ``str.splitlines`` also breaks at form feeds, vertical tabs, file
separators, NEL and the Unicode line and paragraph separators: a directive read that way was numbered after
lines nobody else counts, so a comment holding a few form feeds moved every directive below it onto later
lines (`# hadolint ignore=` on line 3 silenced line 9), and the notice named a line the directive is not on.
"""
from __future__ import annotations


def source_lines(text: str) -> list[str]:
    """The lines of ``text`` split at LF only, each without its line ending (a CR before the LF is dropped);
    like ``splitlines``, a last line ending is no extra empty line."""
    if not text:
        return []
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]
