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
from ..lazyre import lazy


@dataclass
class Assignment:
    target: str  # dotted: "DEBUG", "app.secret_key", "app.config[SECRET_KEY]"
    value: object  # libcst expression
    node: object  # the target node, for positions
    module_level: bool
    scope: str | None = None  # the class whose body holds it (``class ProductionConfig: DEBUG = False``)
    conditional: bool = False  # under an if/try/for/while/with: may not run


@dataclass
class CallSite:
    name: str  # dotted callee: "app.run", "jwt.encode", "CORSMiddleware"
    node: object  # libcst.Call
    args: list = field(default_factory=list)  # positional argument values
    kwargs: dict = field(default_factory=dict)  # keyword -> value
    in_function: bool = False  # inside a def (runs when called), not at import time
    star_kwargs: bool = False  # ``**options`` may set any keyword


class PythonDocument(Document):
    kind = "python"

    def __init__(self, file, module=None):
        super().__init__(file)
        self.module = module
        self.assignments: list[Assignment] = []
        self.calls: list[CallSite] = []
        self.imports: set[str] = set()
        self.names: dict[str, str] = {}  # local name -> what it imports (``CORS`` -> ``flask_cors.CORS``)
        self.star_imports: list[tuple[str, object, bool]] = []  # (module with its leading dots, node, conditional)
        self.classes: dict[str, list[str]] = {}  # class name -> dotted base names
        # (value, node, enclosing class) of string literals, docstrings left out
        self.strings: list[tuple[str, object, str | None]] = []
        self.pairs: list[tuple[str, object, object]] = []  # (key, value node, key node) of dict literals' str keys
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


# libcst's native parser overflows the C stack (a segfault that ends the whole run) on ~1500 nested brackets
# or ~8000 operators in one expression; hostile files are refused well below that.
_MAX_DEPTH = 400
_MAX_OPERATORS = 4000
_TOKENS = lazy(
    r"""[rbufRBUF]{0,2}('''|\"\"\")"""  # a triple quote opens or closes a long string
    r"""|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|#[^\n]*"""  # short strings and comments: skipped whole
    r"""|[(\[{]|[)\]}]|\n|,|\*\*|//|<<|>>|[-+*/%&|^@]|\b(?:and|or)\b""")


def _too_deep(text: str) -> int | None:
    """The line where the text nests or chains deeper than libcst can parse safely, else None."""
    if len(text) < 3000:
        return None
    depth = operators = 0
    line = 1
    pos = 0
    while True:
        m = _TOKENS.search(text, pos)
        if m is None:
            return None
        token, pos = m.group(0), m.end()
        if m.group(1):  # a long string: skip to its end
            end = text.find(m.group(1), pos)
            end = len(text) if end == -1 else end + 3
            line += text.count("\n", pos, end)
            pos = end
        elif token == "\n":
            line += 1
            if depth == 0:
                operators = 0
        elif token == ",":
            operators = 0  # an element of a list or call: the chain that deepens the tree ends here
        elif token[0] in "\"'#" or token[-1] in "\"'":
            continue
        elif token in "([{":
            depth += 1
            if depth > _MAX_DEPTH:
                return line
        elif token in ")]}":
            depth = max(0, depth - 1)
        else:
            operators += 1
            if operators > _MAX_OPERATORS:
                return line


def parse(file) -> PythonDocument:
    import libcst as cst
    from libcst.metadata import MetadataWrapper, PositionProvider

    doc = PythonDocument(file)
    deep = _too_deep(file.text)
    if deep is not None:
        doc.problem("nesting deeper than the parser can follow", deep)
        return doc
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
            self.functions = 0
            self.scopes: list[str | None] = []
            self.blocks = 0
            self.prose: set[int] = set()

        def visit_If(self, node):
            self.blocks += 1

        def leave_If(self, node):
            self.blocks -= 1

        visit_Try = visit_For = visit_While = visit_With = visit_If
        leave_Try = leave_For = leave_While = leave_With = leave_If

        def visit_FunctionDef(self, node):
            self.depth += 1
            self.functions += 1
            self.scopes.append(None)

        def leave_FunctionDef(self, node):
            self.depth -= 1
            self.functions -= 1
            self.scopes.pop()

        def visit_ClassDef(self, node):
            self.depth += 1
            self.scopes.append(node.name.value)
            doc.classes.setdefault(node.name.value, [dotted(b.value) or "" for b in node.bases])

        def leave_ClassDef(self, node):
            self.depth -= 1
            self.scopes.pop()

        def _target(self, target, value):
            if isinstance(target, cst.Subscript):
                base, key = dotted(target.value), _subscript_key(target)
                name = f"{base}[{key}]" if base and key is not None else None
            else:
                name = dotted(target)
            if name:
                scope = self.scopes[-1] if self.scopes else None
                doc.assignments.append(Assignment(name, value, target, self.depth == 0, scope, self.blocks > 0))

        def visit_Assign(self, node):
            for t in node.targets:
                self._target(t.target, node.value)

        def visit_AnnAssign(self, node):
            if node.value is not None:
                self._target(node.target, node.value)

        def visit_Call(self, node):
            name = dotted(node.func)
            if name:
                site = CallSite(name, node, in_function=self.functions > 0)
                for arg in node.args:
                    if arg.keyword is not None:
                        site.kwargs[arg.keyword.value] = arg.value
                    elif not arg.star:
                        site.args.append(arg.value)
                    elif arg.star == "**":
                        site.star_kwargs = True
                doc.calls.append(site)

        def visit_Expr(self, node):
            # a bare string statement is a docstring or a comment in disguise, not a value the app uses
            if isinstance(node.value, (cst.SimpleString, cst.ConcatenatedString)):
                self.prose.add(id(node.value))
                if isinstance(node.value, cst.ConcatenatedString):
                    self.prose.update((id(node.value.left), id(node.value.right)))

        def visit_SimpleString(self, node):
            if id(node) in self.prose:
                return
            value = literal(node)
            if isinstance(value, str) and value:
                doc.strings.append((value, node, next((c for c in reversed(self.scopes) if c), None)))

        def visit_DictElement(self, node):
            key = literal(node.key)
            if isinstance(key, str):
                doc.pairs.append((key, node.value, node.key))

        def visit_Import(self, node):
            for alias in node.names:
                full = dotted(alias.name) or ""
                doc.imports.add(full)
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    doc.names[alias.asname.name.value] = full

        def visit_ImportFrom(self, node):
            module = dotted(node.module) if node.module is not None else ""
            if module:
                doc.imports.add(module)
            if isinstance(node.names, cst.ImportStar):
                doc.star_imports.append(("." * len(node.relative) + (module or ""), node,
                                         self.blocks > 0 or self.depth > 0))
                return
            for alias in node.names:
                name = dotted(alias.name)
                if not name:
                    continue
                local = alias.asname.name.value if alias.asname is not None and \
                    isinstance(alias.asname.name, cst.Name) else name
                doc.names[local] = f"{module}.{name}" if module else name

    try:
        wrapper.module.visit(Collector())
    except RecursionError:
        doc.problem("nesting deeper than the parser can follow", 1)
    return doc
