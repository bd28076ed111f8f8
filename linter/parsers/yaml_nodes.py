"""YAML to plain mappings and lists that remember where each key, value and item is written.

libyaml (through PyYAML's C parser) reads the text and composes the node graph; this module turns the
nodes into ``YamlMap``/``YamlSeq`` (dict and list) with ruamel-style 0-based positions in ``.lc``.
Composing in C is an order of magnitude faster than a pure-Python round-trip loader, and a compose
file needs positions, not comments.

Scalars are typed by the YAML 1.2 core schema, as Compose reads them: ``yes``/``on`` stay strings and
``8080:80`` is no sexagesimal number. Tags never construct objects: ``!reset`` drops the value under it
(compose's merge tag), ``!!int``-style standard tags convert, and any other tag leaves the plain data.
Aliases share the node they point at (nothing is expanded here), and ``<<`` merges as YAML 1.1's merge
key does: keys written in the mapping win over merged ones, earlier merged mappings over later ones.
A merged key's position is kept apart (``lc.merged``: where the anchored mapping writes it), so it is
reported where a reviewer changes it and never taken for a key written in the mapping.
"""
from __future__ import annotations

import bisect
import re

import yaml

try:
    from yaml.cyaml import CParser as _CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _CParser = None

_PLAIN = "?plain"  # the tag this loader gives a plain scalar without an explicit tag
_STD = "tag:yaml.org,2002:"
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL_FLOAT = {".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"), "+.inf": float("inf"),
                  "+.Inf": float("inf"), "+.INF": float("inf"), "-.inf": float("-inf"), "-.Inf": float("-inf"),
                  "-.INF": float("-inf"), ".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan")}


class Positions:
    """0-based (line, column) of a mapping or sequence and of its keys, values and items (ruamel's ``lc``).

    ``data`` holds only what is written in this mapping, so an edit that places a key after the last
    written one never lands inside an anchor. A key brought in by ``<<`` is written elsewhere: ``merged``
    says where (the same four numbers, in the anchored mapping), and ``merges`` where each ``<<`` key
    of this mapping is written. ``widths`` holds, for a quoted scalar value or item written on one line, its
    width as written (quotes and escapes included), which its text's length does not give."""

    __slots__ = ("line", "col", "data", "merged", "merges", "widths")

    def __init__(self, line: int, col: int):
        self.line, self.col = line, col
        self.data: dict = {}
        self.merged: dict = {}
        self.merges: list = []
        self.widths: dict = {}

    def key(self, key):
        found = self.data[key]
        return found[0], found[1]

    def value(self, key):
        found = self.data[key]
        return found[2], found[3]

    def item(self, index):
        found = self.data[index]
        return found[0], found[1]

    def written(self, key):
        """(key line, key column, value line, value column) where the key is written: in this mapping,
        or in the anchored mapping a ``<<`` brought it from. KeyError when neither."""
        return self.data[key] if key in self.data else self.merged[key]


class Style:
    """Whether a mapping or list is written in flow style (``{a: 1}``, ``[1]``): ruamel's ``fa``."""

    __slots__ = ("_flow",)

    def __init__(self, flow: bool):
        self._flow = flow

    def flow_style(self) -> bool:
        return self._flow


_FLOW, _BLOCK = Style(True), Style(False)


class YamlMap(dict):
    __slots__ = ("lc", "fa")


class YamlSeq(list):
    __slots__ = ("lc", "fa")


class DuplicateKeyError(yaml.MarkedYAMLError):
    pass


def _loader_class():
    base = _CParser

    class Resolver(yaml.resolver.BaseResolver):
        def resolve(self, kind, value, implicit):
            if kind is yaml.ScalarNode and implicit[0]:
                return _PLAIN
            return super().resolve(kind, value, implicit)

    if base is not None:
        class Loader(base, Resolver):
            def __init__(self, stream):
                base.__init__(self, stream)
                Resolver.__init__(self)
    else:  # pragma: no cover - PyYAML built without libyaml
        from yaml.composer import Composer
        from yaml.parser import Parser
        from yaml.reader import Reader
        from yaml.scanner import Scanner

        class Loader(Reader, Scanner, Parser, Composer, Resolver):
            def __init__(self, stream):
                Reader.__init__(self, stream)
                Scanner.__init__(self)
                Parser.__init__(self)
                Composer.__init__(self)
                Resolver.__init__(self)
    return Loader


_LOADER = None


def load(text: str, allow_duplicates: bool = False):
    """The document's data; raises yaml's MarkedYAMLError subclasses for text that is not one YAML document."""
    global _LOADER
    if _LOADER is None:
        _LOADER = _loader_class()
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    if node is None:
        return None
    return _Builder(allow_duplicates, lf_position(text)).build(node)


# libyaml also breaks lines at a lone CR, NEL and U+2028/U+2029 (YAML 1.1); every output numbers lines by LF
# (linter.textlines). A string holding a few U+2028 put the findings below it on lines the file does not have,
# and a directive on its own line then covered another line than the one it names.
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")


def lf_position(text: str):
    """A function giving a libyaml mark's 0-based (line, column) counted by LF; None when the text holds no
    other line break, so that marks can be used as they are."""
    if not _has_other_break(text):
        return None
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def at(mark) -> tuple[int, int]:
        line = bisect.bisect_right(starts, mark.index) - 1
        return line, mark.index - starts[line]
    return at


def _has_other_break(text: str) -> bool:
    """A break libyaml counts that LF counting does not: NEL, U+2028/9, or a CR not followed by LF."""
    if any(ch in text for ch in _OTHER_BREAKS[1:]):
        return True
    return text.replace("\r\n", "").find("\r") != -1


def anchored_lines(text: str) -> list[tuple[int, int]]:
    """1-based (first, last) lines of each node that carries an anchor, read from the event stream (no
    nodes are built, nothing nests in Python); what precedes a parse error is kept."""
    global _LOADER
    if _LOADER is None:
        _LOADER = _loader_class()
    loader = _LOADER(text)
    at = lf_position(text) or (lambda mark: (mark.line, mark.column))
    opened, out = [], []
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                opened.append(event)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)) and opened:
                _anchored(opened.pop(), event, out, at)
            elif isinstance(event, yaml.ScalarEvent):
                _anchored(event, event, out, at)
    except Exception:  # hostile or broken text: the ranges read so far; nothing else is shared
        pass
    finally:
        loader.dispose()
    return out


def _anchored(start, end, out: list, at) -> None:
    if start.anchor:
        # a block ends where the next key begins: at column 0 of that line, which is not part of it
        (first, _), (end_line, end_column) = at(start.start_mark), at(end.end_mark)
        last = end_line + (1 if end_column > 0 else 0)
        out.append((first + 1, max(last, first + 1)))


# Keys merge keys (`<<: *a`) may copy into the document. A merge copies every key of the mapping it names, so
# a chain of anchored mappings each merging the one before (`b: &b {<<: *a, ...}`) copies the square of its
# length: 8,000 of them (250 kB) built 32 million keys. Real compose files merge a few shared blocks.
MAX_MERGED = 100_000


class MergeBomb(yaml.YAMLError):
    """Merge keys would copy more than MAX_MERGED keys: refused before they are built."""


class _Builder:
    def __init__(self, allow_duplicates: bool, at=None):
        self.allow_duplicates = allow_duplicates
        self.at = at or (lambda mark: (mark.line, mark.column))  # a mark's (line, column) counted by LF
        self.memo: dict[int, object] = {}
        self.merged = 0  # keys copied by merge keys so far

    def build(self, node):
        key = id(node)
        if key in self.memo:
            return self.memo[key]
        if node.tag == "!reset":
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node)
        if isinstance(node, yaml.SequenceNode):
            out = YamlSeq()
            out.lc = Positions(*self.at(node.start_mark))
            out.fa = _FLOW if node.flow_style else _BLOCK
            self.memo[key] = out
            for index, item in enumerate(node.value):
                out.append(self.build(item))
                out.lc.data[index] = self.at(item.start_mark)
                self._width(out.lc, index, item)
            return out
        value = _scalar(node)
        self.memo[key] = value
        return value

    def _width(self, lc: Positions, key, node) -> None:
        # "postgres://…?sslmode=disable" is two characters wider than its text (more with escapes): a span
        # measured by the text would end before the closing quote and cut the value's last character
        if isinstance(node, yaml.ScalarNode) and node.style in ('"', "'"):
            (line, col), (end_line, end_col) = self.at(node.start_mark), self.at(node.end_mark)
            if line == end_line:
                lc.widths[key] = end_col - col

    def _mapping(self, node):
        out = YamlMap()
        out.lc = Positions(*self.at(node.start_mark))
        out.fa = _FLOW if node.flow_style else _BLOCK
        self.memo[id(node)] = out
        merged = []
        for key_node, value_node in node.value:
            if key_node.tag == _STD + "merge" or (key_node.tag == _PLAIN and key_node.value == "<<"):
                merged.append(value_node)
                out.lc.merges.append(self.at(key_node.start_mark))
                continue
            key = self.build(key_node)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark, "found an unhashable key",
                    key_node.start_mark) from None
            if key in out.lc.data and not self.allow_duplicates:
                raise DuplicateKeyError("while constructing a mapping", node.start_mark,
                                        f'found duplicate key "{str(key)[:80]}"', key_node.start_mark)
            out[key] = self.build(value_node)
            out.lc.data[key] = self.at(key_node.start_mark) + self.at(value_node.start_mark)
            self._width(out.lc, key, value_node)
        for source in merged:  # written keys win; among merged mappings the first one listed wins
            sources = source.value if isinstance(source, yaml.SequenceNode) else [source]
            for item in sources:
                data = self.build(item)
                if isinstance(data, dict):
                    self.merged += len(data)
                    if self.merged > MAX_MERGED:
                        raise MergeBomb(f"YAML merge keys copy more than {MAX_MERGED} keys")
                    for k, v in data.items():
                        if k not in out:
                            out[k] = v
                            written = _written(data, k)
                            if written is not None:
                                out.lc.merged[k] = written
        return out


def _written(mapping, key):
    lc = getattr(mapping, "lc", None)
    if lc is None:
        return None
    return lc.data.get(key) or lc.merged.get(key)


def _scalar(node):
    value, tag = node.value, node.tag
    if tag == _PLAIN:
        return _plain(value)
    if not tag.startswith(_STD):
        return value  # a quoted scalar, or an unknown tag: the text as written
    kind = tag[len(_STD):]
    try:
        if kind == "int":
            return int(value.replace("_", ""), 0) if not value.isdigit() else int(value)
        if kind == "float":
            return _SPECIAL_FLOAT.get(value) or float(value.replace("_", ""))
        if kind == "bool":
            return _BOOL.get(value, value)
        if kind == "null":
            return None
    except ValueError:
        return value
    return value


def _plain(value: str):
    if value in _NULL:
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.fullmatch(value):
        if value.startswith(("0o", "0x")):
            return int(value, 0)
        return int(value)
    if value in _SPECIAL_FLOAT:
        return _SPECIAL_FLOAT[value]
    if _FLOAT.fullmatch(value) and any(c.isdigit() for c in value):
        return float(value)
    return value
