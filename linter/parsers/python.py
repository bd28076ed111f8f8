"""Python backend source through libcst, with positions from its PositionProvider.

One parse and one traversal per file: the traversal records module-level
assignments, every call with its dotted callee name, subscript assignments
(``app.config["SECRET_KEY"] = ...``) and imports, which is what rules ask.
Nothing is imported or evaluated: literal values are read from the tree.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..api import Span
from . import Document


@dataclass
class Assignment:
    target: str  # dotted: "DEBUG", "app.secret_key", "app.config[SECRET_KEY]"
    value: object  # libcst expression
    node: object  # the target node, for positions
    module_level: bool


@dataclass
class CallSite:
    name: str  # dotted callee: "app.run", "jwt.encode", "CORSMiddleware"
    node: object  # libcst.Call
    args: list = field(default_factory=list)  # positional argument values
    kwargs: dict = field(default_factory=dict)  # keyword -> value


class PythonDocument(Document):
    kind = "python"

    def __init__(self, file, module=None):
        super().__init__(file)
        self.module = module
        self.assignments: list[Assignment] = []
        self.calls: list[CallSite] = []
        self.imports: set[str] = set()
        self._positions = None

    def span(self, node) -> Span:
        pos = self._positions.get(node) if self._positions is not None else None
        if pos is None:
            return Span(1, 1)
        return Span(pos.start.line, pos.start.column + 1, pos.end.line, pos.end.column + 1)

    def assigned(self, target: str) -> list[Assignment]:
        return [a for a in self.assignments if a.target == target]

    def calls_to(self, *names: str) -> list[CallSite]:
        wanted = set(names)
        return [c for c in self.calls if c.name in wanted or c.name.rsplit(".", 1)[-1] in wanted]


def dotted(node) -> str | None:
    import libcst as cst
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr.value}" if base else None
    if isinstance(node, cst.Call):
        base = dotted(node.func)
        return f"{base}()" if base else None
    return None


def literal(node):
    """The Python value of a literal expression (strings, numbers, booleans, None, lists, tuples, dicts);
    ``...`` (Ellipsis) when the expression is not a plain literal."""
    import libcst as cst
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return value if isinstance(value, str) else value.decode("utf-8", "replace") if value else ...
    if isinstance(node, cst.FormattedString):
        if all(isinstance(p, cst.FormattedStringText) for p in node.parts):
            return "".join(p.value for p in node.parts)
        return ...
    if isinstance(node, cst.Integer):
        try:
            return int(node.value.replace("_", ""), 0)
        except ValueError:
            return ...
    if isinstance(node, cst.Name) and node.value in ("True", "False", "None"):
        return {"True": True, "False": False, "None": None}[node.value]
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        value = literal(node.expression)
        return -value if isinstance(value, int) else ...
    if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        values = [literal(e.value) for e in node.elements if isinstance(e, cst.Element)]
        return ... if any(v is ... for v in values) else values
    if isinstance(node, cst.Dict):
        out = {}
        for element in node.elements:
            if not isinstance(element, cst.DictElement):
                return ...
            key, value = literal(element.key), literal(element.value)
            if key is ... or not isinstance(key, (str, int)):
                return ...
            out[key] = value
        return out
    return ...


def _subscript_key(node) -> str | None:
    import libcst as cst
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return None
    key = literal(node.slice[0].slice.value)
    return key if isinstance(key, str) else None


def parse(file) -> PythonDocument:
    import libcst as cst
    from libcst.metadata import MetadataWrapper, PositionProvider

    doc = PythonDocument(file)
    try:
        module = cst.parse_module(file.text)
    except cst.ParserSyntaxError as exc:
        # libcst's own text quotes the offending source line, which may hold a secret
        doc.problem("Python syntax error", exc.raw_line, exc.raw_column + 1)
        return doc
    except RecursionError:
        doc.problem("nesting deeper than the parser can follow", 1)
        return doc
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    doc.module = module
    try:
        doc._positions = wrapper.resolve(PositionProvider)
    except RecursionError:
        doc.problem("nesting deeper than the parser can follow", 1)
        return doc

    class Collector(cst.CSTVisitor):
        def __init__(self):
            self.depth = 0

        def visit_FunctionDef(self, node):
            self.depth += 1

        def leave_FunctionDef(self, node):
            self.depth -= 1

        def visit_ClassDef(self, node):
            self.depth += 1

        def leave_ClassDef(self, node):
            self.depth -= 1

        def _target(self, target, value):
            if isinstance(target, cst.Subscript):
                base, key = dotted(target.value), _subscript_key(target)
                name = f"{base}[{key}]" if base and key is not None else None
            else:
                name = dotted(target)
            if name:
                doc.assignments.append(Assignment(name, value, target, self.depth == 0))

        def visit_Assign(self, node):
            for t in node.targets:
                self._target(t.target, node.value)

        def visit_AnnAssign(self, node):
            if node.value is not None:
                self._target(node.target, node.value)

        def visit_Call(self, node):
            name = dotted(node.func)
            if name:
                site = CallSite(name, node)
                for arg in node.args:
                    if arg.keyword is not None:
                        site.kwargs[arg.keyword.value] = arg.value
                    elif not arg.star:
                        site.args.append(arg.value)
                doc.calls.append(site)

        def visit_Import(self, node):
            for alias in node.names:
                doc.imports.add(dotted(alias.name) or "")

        def visit_ImportFrom(self, node):
            if node.module is not None:
                doc.imports.add(dotted(node.module) or "")

    try:
        wrapper.module.visit(Collector())
    except RecursionError:
        doc.problem("nesting deeper than the parser can follow", 1)
    return doc
