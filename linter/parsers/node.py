"""JavaScript and TypeScript source through tree-sitter (ESM, CommonJS, JSX, TSX alike).

One parse per file. Rules never walk the tree themselves: they ask the
document for query captures (compiled once per language and pattern) or use
the value helpers in ``linter.model.node``.
"""
from __future__ import annotations

from functools import lru_cache
from operator import attrgetter

from ..api import Span
from . import Document

MAX_ERROR_NODES = 5000  # tree-sitter queries are quadratic in the size of ERROR regions
_GRAMMAR_BY_SUFFIX = {".ts": "typescript", ".mts": "typescript", ".cts": "typescript", ".tsx": "tsx"}


@lru_cache(maxsize=None)
def language(name: str):
    import tree_sitter
    if name == "javascript":
        import tree_sitter_javascript as grammar
        return tree_sitter.Language(grammar.language())
    import tree_sitter_typescript as grammar
    return tree_sitter.Language(grammar.language_tsx() if name == "tsx" else grammar.language_typescript())


@lru_cache(maxsize=None)
def field_ids(name: str) -> dict[str, int]:
    """Field name -> id in a grammar: ``node.child_by_field_id(id)`` skips the lookup of the name that
    ``child_by_field_name`` repeats on every call (the model reads fields of every call and declaration)."""
    lang = language(name)
    return {field: lang.field_id_for_name(field) for field in ("function", "constructor", "property", "object",
                                                                "arguments", "name", "value")}


@lru_cache(maxsize=None)
def _parser(name: str):
    import tree_sitter
    return tree_sitter.Parser(language(name))


@lru_cache(maxsize=None)
def _query(name: str, pattern: str):
    import tree_sitter
    return tree_sitter.Query(language(name), pattern)


class NodeDocument(Document):
    kind = "node"

    def __init__(self, file, grammar: str, source: bytes, tree):
        super().__init__(file)
        self.grammar = grammar
        self.source = source
        self.tree = tree
        self._ascii = len(source) == len(file.text)

    def release(self) -> None:
        super().release()
        info = self.__dict__.pop("_node_analysis", None)  # see linter.model.node.analysis
        if info is not None:
            info.release()

    @property
    def root(self):
        return self.tree.root_node

    def text(self, node) -> str:
        return self.source[node.start_byte:node.end_byte].decode("utf-8", "replace")

    def matches(self, pattern: str, node=None):
        """[(pattern index, {capture: [nodes]})] for a tree-sitter query, in document order."""
        import tree_sitter
        cursor = tree_sitter.QueryCursor(_query(self.grammar, pattern))
        return cursor.matches(node if node is not None else self.tree.root_node)

    def captures(self, pattern: str, node=None) -> dict:
        """{capture: [nodes]} for a tree-sitter query, each list in document order (an enclosing node before
        the nodes it starts with). py-tree-sitter gathers each capture in a set: its order is the nodes' hashes,
        which differ from run to run."""
        import tree_sitter
        cursor = tree_sitter.QueryCursor(_query(self.grammar, pattern))
        found = cursor.captures(node if node is not None else self.tree.root_node)
        for nodes in found.values():  # two stable sorts on C getters: a tuple key per node cost 4x more
            nodes.sort(key=_end_byte, reverse=True)
            nodes.sort(key=_start_byte)
        return found

    def _column(self, row: int, byte_col: int) -> int:
        if self._ascii:
            return byte_col + 1
        start = self.file.line_starts[row] if row < len(self.file.line_starts) else 0
        line_bytes = self.file.text[start:start + byte_col * 4].encode("utf-8")[:byte_col]
        return len(line_bytes.decode("utf-8", "ignore")) + 1

    def span(self, node) -> Span:
        (sr, sc), (er, ec) = node.start_point, node.end_point
        return Span(sr + 1, self._column(sr, sc), er + 1, self._column(er, ec))


_start_byte, _end_byte = attrgetter("start_byte"), attrgetter("end_byte")


def grammar_for(rel: str) -> str:
    for suffix, name in _GRAMMAR_BY_SUFFIX.items():
        if rel.lower().endswith(suffix):
            return name
    return "javascript"  # .js .mjs .cjs .jsx: the JavaScript grammar includes JSX


def parse(file) -> NodeDocument:
    grammar = grammar_for(file.rel)
    source = file.text.encode("utf-8")
    tree = _parser(grammar).parse(source)
    if tree.root_node.has_error and "\0" in file.text:
        # a raw NUL is a valid character of a string or regex literal (`value.replace(/<NUL>/g, '')`), which
        # tree-sitter's grammars reject: read it as a space, one byte for one, so offsets are unchanged
        blank = source.replace(b"\0", b" ")
        retried = _parser(grammar).parse(blank)
        if not retried.root_node.has_error:
            source, tree = blank, retried
    if tree.root_node.has_error and grammar != "javascript":
        # the grammar's gaps, not the file's (see ts_tagged, ts_keyword_params): both repairs keep every offset, so
        # they are made together and the file is parsed once more
        from .ts_keyword_params import rename_keyword_parameters
        from .ts_tagged import blank_tagged_type_arguments
        text = source.decode("utf-8")
        repaired = blank_tagged_type_arguments(text)
        repaired = rename_keyword_parameters(repaired or text) or repaired
        if repaired is not None:
            source = repaired.encode("utf-8")
            tree = _parser(grammar).parse(source)
    doc = NodeDocument(file, grammar, source, tree)
    if tree.root_node.has_error:
        node = _first_error(tree.root_node)
        if node is not None:
            span = doc.span(node)
            what = f"missing {node.type}" if node.is_missing else "syntax error"
            doc.problem(f"{what} in {'TypeScript' if grammar != 'javascript' else 'JavaScript'}",
                        span.line, span.column)
        if _error_nodes(tree.root_node) > MAX_ERROR_NODES:
            doc.problem("too broken to check: the syntax errors cover too much of the file", 1)
            doc.tree = _parser(grammar).parse(b"")
    return doc


def _error_nodes(root) -> int:
    """Nodes inside ERROR nodes (linear, no recursion)."""
    count, inside, cursor = 0, [], root.walk()
    while True:
        node = cursor.node
        in_error = (inside[-1] if inside else False) or node.is_error
        count += in_error
        if cursor.goto_first_child():
            inside.append(in_error)
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return count
            inside.pop()


def _first_error(node):
    stack = [node]
    while stack:
        current = stack.pop()
        if current.is_missing:
            return current
        if current.is_error:
            inner = [c for c in current.children if c.is_error or c.is_missing or c.has_error]
            if not inner:
                return current
            stack.extend(reversed(inner))  # the innermost error is where the parser gave up
            continue
        if current.has_error:
            stack.extend(reversed(current.children))
    return None
