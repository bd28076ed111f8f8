"""YAML (docker compose) through libyaml (``yaml_nodes``): every key, value and item keeps its line and column.

Hostile input: tags never construct objects (unknown tags stay plain data), alias
expansion is bounded before loading, and deep nesting ends as a parse problem.
"""
from __future__ import annotations

import re
import sys
import warnings

from ..api import Span
from . import Document
from ..lazyre import lazy

MAX_ALIASES = 256
MAX_DEPTH = 200
MAX_EXPANDED = 100_000  # nodes aliases may add to the document when expanded (its own nodes do not count)
_ALIAS = lazy(r"(?:^|[\s\[{,:-])\*[^\s\[\]{},]+")
_ANCHOR = lazy(r"(?:^|[\s\[{,:-])&[^\s\[\]{},]+")


class YamlDocument(Document):
    kind = "compose"

    def __init__(self, file, root=None):
        super().__init__(file)
        self.root = root

    # Positions: 0-based (line, column) per key, value and item, in each mapping's and list's ``lc``.
    # A key merged in by ``<<`` is placed where the anchored mapping writes it: that is the text a
    # reviewer changes, and every service sharing it then points at one place (reported once).
    @staticmethod
    def key_span(mapping, key) -> Span:
        try:
            line, col = mapping.lc.written(key)[:2]
        except (AttributeError, KeyError, TypeError):
            return YamlDocument.node_span(mapping)
        return Span.at(line + 1, col + 1, len(str(key)))

    @staticmethod
    def value_span(mapping, key) -> Span:
        try:
            line, col = mapping.lc.written(key)[2:]
        except (AttributeError, KeyError, TypeError):
            return YamlDocument.key_span(mapping, key)
        value = mapping.get(key)
        if isinstance(value, (str, int, float, bool)) and "\n" not in str(value):
            return Span.at(line + 1, col + 1, _width(mapping, key, value))
        return Span(line + 1, col + 1)

    @staticmethod
    def item_span(seq, index) -> Span:
        try:
            line, col = seq.lc.item(index)
        except (AttributeError, KeyError, TypeError, IndexError):
            return YamlDocument.node_span(seq)
        value = seq[index]
        if isinstance(value, (str, int, float)) and "\n" not in str(value):
            return Span.at(line + 1, col + 1, _width(seq, index, value))
        return Span(line + 1, col + 1)

    @staticmethod
    def node_span(node) -> Span:
        lc = getattr(node, "lc", None)
        if lc is None or lc.line is None:
            return Span(1, 1)
        return Span(lc.line + 1, lc.col + 1)


def _width(node, key, value) -> int:
    """How many characters the value takes where it is written: a quoted scalar's quotes count."""
    if key in node.lc.data:
        width = getattr(node.lc, "widths", {}).get(key)
        if width:
            return width
    return len(str(value))


def shared_lines(text: str) -> list[tuple[int, int]]:
    """1-based (first, last) lines of every anchored node: text that aliases and merge keys share."""
    if "&" not in text:
        return []
    from .yaml_nodes import anchored_lines
    return anchored_lines(text)


def load(text: str, allow_duplicates: bool = False):
    from .yaml_nodes import load as load_nodes
    return load_nodes(text, allow_duplicates)


def parse(file) -> YamlDocument:
    doc = YamlDocument(file)
    text = file.text
    if getattr(file, "kind", None) == "compose":
        from ..evidence.names import template_path
        from .template_text import neutralise
        if template_path(file.rel):  # an Ansible role's `templates/docker-compose.yml`: see template_text
            text = neutralise(text, variable=True)
    aliases = len(_ALIAS.findall(text)) if "*" in text else 0
    if aliases > MAX_ALIASES and aliases > 4 * max(1, len(_ANCHOR.findall(text))):
        doc.problem(f"{aliases} YAML aliases: refused as a possible alias-expansion bomb", 1)
        return doc
    deep = _too_deep(text)
    if deep:
        doc.problem(f"nesting deeper than {MAX_DEPTH} levels", deep)
        return doc
    from .yaml_nodes import MAX_MERGED, MergeBomb
    limit = sys.getrecursionlimit()
    try:
        sys.setrecursionlimit(max(limit, 4000))
        with warnings.catch_warnings():  # a parser's warnings may quote source lines, which may hold secrets
            warnings.simplefilter("ignore")
            root = load(text)
    except RecursionError:
        doc.problem("nesting deeper than the parser can follow", 1)
        return doc
    except MergeBomb:
        doc.problem(f"YAML merge keys copy more than {MAX_MERGED} keys: refused as a possible alias-expansion "
                    "bomb", 1)
        return doc
    except Exception as exc:  # the parser raises many classes; all of them mean "not valid YAML"
        line, col = _mark(exc, text)
        doc.problem(f"invalid YAML: {_problem_text(exc)}", line, col)
        if "duplicate key" not in str(getattr(exc, "problem", "")):
            return doc
        try:  # docker compose refuses the file too, but the rest of it can still be judged
            root = load(text, allow_duplicates=True)
        except Exception:
            return doc
    finally:
        sys.setrecursionlimit(limit)
    if _alias_growth(root) > MAX_EXPANDED:
        doc.problem(f"YAML aliases expand to more than {MAX_EXPANDED} nodes: refused as a possible "
                    "alias-expansion bomb", 1)
        return doc
    if _depth(root) > MAX_DEPTH:
        doc.problem(f"nesting deeper than {MAX_DEPTH} levels", 1)
        return doc
    doc.root = root
    return doc


def _depth(node, level=0, seen=None) -> int:
    if level > MAX_DEPTH:
        return level
    seen = set() if seen is None else seen
    if id(node) in seen:
        return level
    if isinstance(node, dict):
        seen.add(id(node))
        return max([_depth(v, level + 1, seen) for v in node.values()] or [level])
    if isinstance(node, list):
        seen.add(id(node))
        return max([_depth(v, level + 1, seen) for v in node] or [level])
    return level


def _alias_growth(root) -> int:
    """Nodes that expanding the aliases would add to the document: its expanded size less its own nodes.

    A large file without aliases grows by nothing, however many nodes it has; a small billion-laughs file
    grows without bound. Counting stops once the growth passes MAX_EXPANDED."""
    own = _distinct_nodes(root)
    return _expanded(root, {}, own + MAX_EXPANDED) - own


def _distinct_nodes(root) -> int:
    """Nodes as written: each mapping and list once (an alias to one is not a node of its own), each scalar
    where it stands (scalars are compared by place, not identity: the parser shares equal small values)."""
    seen: set[int] = set()
    stack = [root]
    count = 0
    while stack:
        node = stack.pop()
        if not isinstance(node, (dict, list)):
            count += 1
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        count += 1
        stack.extend(node.keys() if isinstance(node, dict) else ())
        stack.extend(node.values() if isinstance(node, dict) else node)
    return count


def _expanded(node, memo, cap: int) -> int:
    """Size of the document with aliases expanded, up to ``cap + 1``, computed once per shared node (no
    expansion happens)."""
    if not isinstance(node, (dict, list)):
        return 1
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = cap + 1  # a node met again while being counted is a cycle: unbounded
    if isinstance(node, dict):
        total = 1 + sum(_expanded(k, memo, cap) + _expanded(v, memo, cap) for k, v in node.items())
    elif isinstance(node, list):
        total = 1 + sum(_expanded(v, memo, cap) for v in node)
    else:
        total = 1
    memo[key] = min(total, cap + 1)
    return memo[key]


def _too_deep(text: str) -> int:
    """The line where flow ([ {) plus block (indentation) nesting first passes MAX_DEPTH, else 0; linear."""
    flow = 0
    indents: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" ")
        if stripped and not stripped.startswith("#") and flow == 0:
            indent = len(line) - len(stripped)
            while indents and indents[-1] >= indent:
                indents.pop()
            indents.append(indent)
        quote = ""
        for i, ch in enumerate(line):
            if quote:
                if ch == quote:
                    quote = ""
            elif ch in "'\"" and (i == 0 or line[i - 1] in " \t[{,:-"):
                quote = ch
            elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
                break
            elif ch in "[{":
                flow += 1
                if flow + len(indents) > MAX_DEPTH:
                    return number
            elif ch in "]}":
                flow = max(flow - 1, 0)
        if len(indents) > MAX_DEPTH:
            return number
    return 0


def _mark(exc, text: str) -> tuple[int, int]:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        from .yaml_nodes import lf_position
        line, column = (lf_position(text) or (lambda m: (m.line, m.column)))(mark)
        return line + 1, column + 1
    return 1, 1


def _problem_text(exc) -> str:
    problem = str(getattr(exc, "problem", None) or "")
    dup = re.search(r'duplicate key "([^"]{0,80})"', problem)
    if dup:  # only the key: a parser's text may go on to quote the values, which may be secrets
        return f'duplicate key "{dup.group(1)}"'
    if problem:  # quoted source text (an alias, a tag, a token) may be a secret: keep only short quotes
        return re.sub(r"'([^']{3,})'", lambda m: m.group(0) if m.group(1).startswith("<") else "'...'", problem)
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
