"""``.env`` files through python-dotenv's own parser (the grammar docker compose and dotenv share)."""
from __future__ import annotations

import io
import re

from ..api import Span
from . import Document
from ..record import Record


def _dotenv_parser():
    """python-dotenv's parser module. Importing it through the package runs ``dotenv/__init__``, which
    loads the rest of the library (logging, tempfile, its file helpers): some 10 ms, a twentieth of a
    pre-commit run, for a module that needs none of it. So the module is loaded from its file when it
    can be (it imports only the standard library), and through the package otherwise."""
    import importlib.util
    import sys
    name = "prodlint_dotenv_parser"
    if name in sys.modules:
        return sys.modules[name]
    try:
        package = importlib.util.find_spec("dotenv")  # locates the package without running it
        folders = package.submodule_search_locations if package is not None else None
        spec = importlib.util.spec_from_file_location(name, f"{folders[0]}/parser.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        module.parse_stream  # noqa: B018 - the function this module is loaded for
        _count_lines_with_str_count(module)
        _unquoted_values_in_linear_time(module)
        return module
    except Exception:  # an unexpected layout: the ordinary import
        sys.modules.pop(name, None)
        from dotenv import parser
        return parser


def _count_lines_with_str_count(module) -> None:
    """python-dotenv's reader counts the line ends of every token it reads with ``re.findall``, about a
    third of the time it takes to parse a file. In this module's own copy of the parser (nothing else uses
    it) the count is made with ``str.count``: the same number, "\\r\\n" being one line end as in its
    pattern (tests/test_run_scaling.py compares both parsers)."""
    position = getattr(module, "Position", None)
    if position is None or not hasattr(position, "advance"):
        return

    def advance(self, string: str) -> None:
        self.chars += len(string)
        self.line += string.count("\n") + string.count("\r") - string.count("\r\n")

    position.advance = advance


_COMMENT_START = re.compile(r"\s#")


def _unquoted_values_in_linear_time(module) -> None:
    """python-dotenv cuts an unquoted value's comment with ``re.sub(r"\s+#.*", "", part)``, which backtracks
    quadratically over a long run of spaces (80,000 of them took half a minute; a 2 MB line, hours): a
    scanned file could hang the run. This module's copy of the parser cuts at the first whitespace before a
    `#` instead, the same value (tests/test_security_redteam3.py compares both)."""
    reader = getattr(module, "Reader", None)
    pattern = getattr(module, "_unquoted_value", None)
    if reader is None or pattern is None or not hasattr(module, "parse_unquoted_value"):
        return

    def parse_unquoted_value(reader) -> str:
        (part,) = reader.read_regex(pattern)
        return cut_comment(part)

    module.parse_unquoted_value = parse_unquoted_value


def cut_comment(part: str) -> str:
    """``re.sub(r"\s+#.*", "", part).rstrip()`` for one line, in linear time."""
    m = _COMMENT_START.search(part)
    return (part if m is None else part[:m.start()]).rstrip()


class EnvEntry(Record):
    """One ``KEY=value`` line of an env file."""
    key: str
    value: str | None  # None for a bare ``KEY`` line (no ``=``)
    line: int
    key_span: Span
    value_span: Span
    quoted: bool

    __slots__ = _fields = ("key", "value", "line", "key_span", "value_span", "quoted")

    def __init__(self, key, value, line, key_span, value_span, quoted):
        self.key = key
        self.value = value
        self.line = line
        self.key_span = key_span
        self.value_span = value_span
        self.quoted = quoted


class EnvDocument(Document):
    kind = "env"

    def __init__(self, file):
        super().__init__(file)
        self.entries: list[EnvEntry] = []

    def get(self, key: str) -> EnvEntry | None:
        found = None
        for entry in self.entries:  # the last assignment wins, as in dotenv and compose
            if entry.key == key:
                found = entry
        return found

    def as_mapping(self) -> dict[str, str]:
        return {e.key: e.value for e in self.entries if e.value is not None}


def parse(file) -> EnvDocument:
    doc = EnvDocument(file)
    offset = 0
    for binding in _dotenv_parser().parse_stream(io.StringIO(file.text)):
        raw = binding.original.string
        # python-dotenv's own line count drifts on CRLF after a bad line; the offset does not
        line = file.position(offset)[0]
        offset += len(raw)
        # python-dotenv counts the blank lines before an entry as part of it
        stripped = raw.lstrip("\r\n")
        line += raw[:len(raw) - len(stripped)].count("\n")
        raw = stripped
        if binding.error:
            first = raw.strip().splitlines()[0] if raw.strip() else ""
            doc.problem(f"line is not KEY=VALUE: {_describe(first)}", line, 1 + len(raw) - len(raw.lstrip()))
            continue
        if binding.key is None:
            continue
        indent = len(raw) - len(raw.lstrip())
        key_col = raw.find(binding.key, indent) + 1
        eq = raw.find("=", key_col - 1 + len(binding.key))
        if eq == -1 or raw[key_col - 1 + len(binding.key):eq].strip():
            value_col, value_len, quoted = key_col + len(binding.key), 0, False
        else:
            rest = raw[eq + 1:]
            lead = len(rest) - len(rest.lstrip(" \t"))
            value_col = eq + 2 + lead
            first_line = rest.lstrip(" \t").split("\n", 1)[0]
            quoted = first_line[:1] in ("'", '"')
            value_len = len(first_line.split(" #", 1)[0].rstrip()) if not quoted else len(first_line.rstrip())
        doc.entries.append(EnvEntry(
            key=binding.key, value=binding.value, line=line,
            key_span=Span.at(line, key_col, len(binding.key)),
            value_span=Span.at(line, value_col, value_len) if value_len else Span(line, value_col),
            quoted=quoted,
        ))
    return doc


def _describe(text: str) -> str:
    """Name the shape of a bad line without echoing it: it may hold a secret."""
    if "=" not in text:
        return "no '=' sign"
    return "unbalanced quotes or an invalid key"
