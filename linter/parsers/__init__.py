"""One parser per file kind, imported only when a file of that kind is checked.

Each parser module exposes ``parse(file) -> Document``. A document lists the
``problems`` met while parsing (each becomes a parse-error finding) and keeps
whatever could be read, so the rest of the file is still checked.
"""
from __future__ import annotations

import importlib

from ..api import Span
from ..record import Record

_MODULES = {
    "env": "env", "compose": "yaml_doc", "dockerfile": "dockerfile", "nginx": "nginx", "redis": "redis",
    "package": "package", "node": "node", "python": "python",
}


class ParseProblem(Record):
    """Why (part of) a file could not be parsed, and where."""
    message: str
    span: Span

    _fields = ("message", "span")

    def __init__(self, message, span):
        self.message = message
        self.span = span


class Document:
    kind = ""

    def __init__(self, file):
        self.file = file
        self.problems: list[ParseProblem] = []

    @property
    def rel(self) -> str:
        return self.file.rel

    def problem(self, message: str, line: int, column: int = 1) -> None:
        self.problems.append(ParseProblem(message, Span(max(line, 1), max(column, 1))))

    def release(self) -> None:
        """The file was checked and its document dropped: let go of what was derived from it. Derived views
        refer back to their document, so without this they would wait for the cycle collector, and the
        collector's passes over them cost more than building them."""
        self.__dict__.pop("_views", None)

    def memo(self, key: str, compute):
        """A view of this document derived once, whichever rule asks first (it lives as long as the doc)."""
        views = self.__dict__.setdefault("_views", {})
        if key not in views:
            views[key] = compute()
        return views[key]


def parser_for(kind: str):
    return importlib.import_module(f"{__name__}.{_MODULES[kind]}").parse


def shared_lines(kind: str, text: str) -> list[tuple[int, int]]:
    """1-based (first, last) line ranges of text the format lets several places use (a YAML anchor merged or
    aliased into several services); empty for kinds that cannot share text."""
    name = _MODULES.get(kind)
    if name is None:
        return []
    found = getattr(importlib.import_module(f"{__name__}.{name}"), "shared_lines", None)
    return found(text) if found is not None else []
