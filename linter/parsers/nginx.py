"""nginx configuration through crossplane, one file at a time.

Files are parsed without nginx's context checks, because repositories hold
fragments (``conf.d/*.conf``, ``snippets/*.conf``) that are only valid where they
are included. Following ``include`` and judging a fragment in its context is the
project model's job (``linter.model.nginx``); here a file is a tree of directives.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..api import Span
from . import Document


@dataclass
class Directive:
    name: str
    args: list[str]
    line: int
    column: int
    file: str  # relative path of the file it is written in
    block: list["Directive"] | None = None
    parent: "Directive | None" = field(default=None, repr=False)

    @property
    def span(self) -> Span:
        return Span.at(self.line, self.column, len(self.name))

    def children(self, name: str | None = None) -> list["Directive"]:
        if not self.block:
            return []
        return [d for d in self.block if name is None or d.name == name]

    def walk(self):
        yield self
        for child in self.block or ():
            yield from child.walk()

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class NginxDocument(Document):
    kind = "nginx"

    def __init__(self, file):
        super().__init__(file)
        self.directives: list[Directive] = []

    def walk(self):
        for d in self.directives:
            yield from d.walk()

    def find(self, name: str) -> list[Directive]:
        return [d for d in self.walk() if d.name == name]


def parse(file) -> NginxDocument:
    import crossplane

    doc = NginxDocument(file)
    try:
        payload = crossplane.parse(str(file.path), single=True, comments=False, check_ctx=False,
                                   check_args=False, catch_errors=True)
    except RecursionError:
        doc.problem("nesting deeper than the parser can follow", 1)
        return doc
    except Exception as exc:  # crossplane surfaces lexer failures as plain exceptions
        doc.problem(f"cannot be parsed as nginx configuration ({type(exc).__name__})", 1)
        return doc
    for error in payload.get("errors", []):
        message = str(error.get("error", "syntax error"))
        message = message.split(" in /", 1)[0].split(" in " + str(file.path), 1)[0]
        doc.problem(f"invalid nginx configuration: {message}", error.get("line") or 1)
    config = payload.get("config") or [{}]
    doc.directives = [_wrap(d, file, None) for d in config[0].get("parsed", [])]
    return doc


def _wrap(raw: dict, file, parent: Directive | None) -> Directive:
    line = raw.get("line", 1)
    text = file.line_text(line)
    col = text.find(raw["directive"]) + 1 if raw["directive"] in text else 1
    directive = Directive(raw["directive"], list(raw.get("args", [])), line, max(col, 1), file.rel,
                          parent=parent)
    if "block" in raw:
        directive.block = [_wrap(child, file, directive) for child in raw["block"]]
    return directive
