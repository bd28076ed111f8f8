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


@dataclass(slots=True)
class Directive:
    """One nginx directive: its name, arguments, position and the block it opens."""

    name: str
    args: list[str]
    line: int
    column: int
    file: str  # relative path of the file it is written in
    block: list["Directive"] | None = None
    parent: "Directive | None" = field(default=None, repr=False)
    via: "Directive | None" = field(default=None, repr=False)  # the include that brought it into a tree
    _index: tuple | None = field(default=None, repr=False, compare=False)  # (block, its length, children by name)
    _memo: dict | None = field(default=None, repr=False, compare=False)  # answers the model computed once (see there)

    @property
    def is_block(self) -> bool:
        return self.block is not None

    @property
    def span(self) -> Span:
        return Span.at(self.line, self.column, len(self.name))

    def children(self, name: str | None = None) -> list["Directive"]:
        if not self.block:
            return []
        if name is None:
            return list(self.block)
        return list(self._by_name().get(name, ()))

    def _by_name(self) -> dict[str, list["Directive"]]:
        # rules ask a block for its children by name once per nested block (inheritance walks up):
        # an http block of n servers answers each in O(1) instead of O(n). Blocks are only ever
        # replaced, never mutated, but the index still checks it was built for this list at this length.
        index = self._index
        if index is None or index[0] is not self.block or index[1] != len(self.block):
            names: dict[str, list[Directive]] = {}
            for d in self.block:
                names.setdefault(d.name, []).append(d)
            index = self._index = (self.block, len(self.block), names)
        return index[2]

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
        payload = _parse_text(crossplane, file)
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
    cursor: dict[int, int] = {}
    doc.directives = [_wrap(d, file, None, cursor, doc) for d in config[0].get("parsed", [])]
    return doc


MAX_NESTING = 200  # blocks deeper than this are not read (real configurations nest a handful)


def _parse_text(crossplane, file) -> dict:
    """crossplane's parse of the text prodlint read (decoded once, overlays and fixes included).

    crossplane only lexes files by name; its lexer works on any file object, so the parser is given
    one over the text for the duration of the call (rule workers are processes, not threads). A template's
    syntax (Jinja, Go templates) is neutralised first (``template_text``) when the path says the file is a
    template (``templates/``, `site.conf.j2`): the directives it renders are checked, at the lines and columns
    they are written on.
    """
    import io

    from crossplane import lexer, parser

    from ..evidence.names import template_path
    from .template_text import blank_directive_placeholders, neutralise

    # only where the path says template: elsewhere `{{` is a broken configuration, reported as such
    text = blank_directive_placeholders(neutralise(file.text)) if template_path(file.rel) else file.text

    def lex(filename):
        yield from lexer._balance_braces(lexer._lex_file_object(io.StringIO(text)), filename)

    original = parser.lex
    parser.lex = lex
    try:
        return crossplane.parse(str(file.path), single=True, comments=False, check_ctx=False,
                                check_args=False, catch_errors=True)
    finally:
        parser.lex = original


def _column(file, line: int, name: str, cursor: dict[int, int]) -> int:
    """1-based column of ``name`` on ``line``, searching after the previous directive of that line."""
    text = file.line_text(line)
    start = cursor.get(line, 0)
    first = idx = text.find(name, start)
    while idx != -1:  # the name as a word: not inside a longer one (`listen` in `listener`, `$host`)
        before = text[idx - 1] if idx else " "
        after = text[idx + len(name):idx + len(name) + 1]
        if not (before.isalnum() or before in "_$") and not (after.isalnum() or after == "_"):
            break
        idx = text.find(name, idx + 1)
    if idx == -1:
        idx = first
    if idx == -1:
        return 1
    cursor[line] = idx + len(name)
    return idx + 1


def _wrap(raw: dict, file, parent: Directive | None, cursor: dict[int, int], doc, depth: int = 0) -> Directive:
    line = raw.get("line", 1)
    directive = Directive(raw["directive"], [str(a) for a in raw.get("args", [])], line,
                          _column(file, line, raw["directive"], cursor), file.rel, parent=parent)
    if "block" in raw:
        if depth >= MAX_NESTING:
            doc.problem(f"blocks nested deeper than {MAX_NESTING} levels were not checked", line)
            directive.block = []
        else:
            directive.block = [_wrap(child, file, directive, cursor, doc, depth + 1) for child in raw["block"]]
    return directive
