"""Python backend source through the standard library's ``ast``: read, never run.

Why ``ast`` (and not a concrete syntax tree such as libcst): prodlint only reads Python, no rule writes a
Python fix, so a lossless round-trip of comments and whitespace buys nothing, while the standard parser is
the parse floor: on a 0.9 MB settings module ``ast.parse`` takes 0.57 s and 134 MiB where libcst's
``parse_module`` took 3.6 s and 500 MiB before its positions (another 5.6 s). Every node carries its
exact start and end (``lineno``, ``col_offset``, ``end_lineno``, ``end_col_offset``) for free.

One parse and one walk per file: the walk records module-level assignments, every call with its dotted
callee name, subscript assignments (``app.config["SECRET_KEY"] = ...``), imports, class bases, string
literals and dict keys, which is what rules ask. Nothing from the scanned file is imported, compiled or
evaluated: ``ast.parse`` builds the tree and literal values are read from its constants. Comments are not
in the tree; inline ``# prodlint: disable`` directives are read from the text by the engine.

On Python 3.10 and 3.11, a file that uses Python 3.12's f-strings (PEP 701: the f-string's own quote, a
backslash or a comment inside a replacement field) is parsed with those literals blanked (``fstrings.py``):
one literal's content is lost instead of the whole file.
"""
from __future__ import annotations

import ast
import gc
import sys
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field

from ..api import Span
from . import Document
from ..lazyre import lazy


@dataclass
class Assignment:
    """An assignment a Python module makes."""

    target: str  # dotted: "DEBUG", "app.secret_key", "app.config[SECRET_KEY]"
    value: object  # ast expression
    node: object  # the target node, for positions
    module_level: bool
    scope: str | None = None  # the class whose body holds it (``class ProductionConfig: DEBUG = False``)
    conditional: bool = False  # under an if/try/for/while/with/match: may not run


@dataclass
class CallSite:
    """A call a Python module makes."""

    name: str  # dotted callee: "app.run", "jwt.encode", "CORSMiddleware"
    node: object  # ast.Call
    args: list = field(default_factory=list)  # positional argument values
    kwargs: dict = field(default_factory=dict)  # keyword -> value
    in_function: bool = False  # inside a def body (runs when called), not at import time
    star_kwargs: bool = False  # ``**options`` may set any keyword
    conditional: bool = False  # under an if/try/for/while/with/match: may not run


_LINE_BREAK = lazy(r"\r\n|\r|\n")  # the line breaks Python's tokenizer counts (not \f, \v or U+2028)


def grouped(owner, slot: str, items: list, key) -> dict:
    """``items`` grouped by ``key``, kept on ``owner`` under ``slot`` and grouped again when the list has grown
    (rules ask for every name of a large module: a scan per question is quadratic)."""
    index = owner.__dict__.get(slot)
    if index is None or index[0] != len(items):
        by_key: dict = {}
        for item in items:
            by_key.setdefault(key(item), []).append(item)
        index = owner.__dict__[slot] = (len(items), by_key)
    return index[1]


class PythonDocument(Document):
    kind = "python"

    def __init__(self, file, module=None):
        super().__init__(file)
        self.module = module  # the ast.Module once parsed; None when the file could not be read as Python
        self.assignments: list[Assignment] = []
        self.calls: list[CallSite] = []
        self.imports: set[str] = set()
        self.names: dict[str, str] = {}  # local name -> what it imports (``CORS`` -> ``flask_cors.CORS``)
        self.star_imports: list[tuple[str, object, bool]] = []  # (module with its leading dots, node, conditional)
        self.classes: dict[str, list[str]] = {}  # class name -> dotted base names
        # (value, node, enclosing class) of string literals, docstrings left out
        self.strings: list[tuple[str, object, str | None]] = []
        self.pairs: list[tuple[str, object, object]] = []  # (key, value node, key node) of dict literals' str keys
        self.dicts: list = []  # every dict literal (ast.Dict), in source order
        self.fstrings: list = []  # every f-string (ast.JoinedStr), in source order
        self._text = ""
        self._lines: list[str] | None = None

    def span(self, node) -> Span:
        line = getattr(node, "lineno", None)
        if line is None:
            return Span(1, 1)
        end_line = getattr(node, "end_lineno", None)
        end_offset = getattr(node, "end_col_offset", None)
        start = self._column(line, node.col_offset) + 1
        if end_line is None or end_offset is None:
            return Span(line, start)
        return Span(line, start, end_line, self._column(end_line, end_offset) + 1)

    def _column(self, line: int, offset: int) -> int:
        """ast's ``col_offset`` counts UTF-8 bytes; prodlint's columns count characters."""
        if offset <= 0 or self._text.isascii():
            return offset
        if self._lines is None:
            self._lines = _LINE_BREAK.split(self._text)
        text = self._lines[line - 1] if 0 < line <= len(self._lines) else ""
        if text.isascii():
            return offset
        return len(text.encode("utf-8")[:offset].decode("utf-8", "ignore"))

    def assigned(self, target: str) -> list[Assignment]:
        return list(grouped(self, "_assigned", self.assignments, lambda a: a.target).get(target, ()))

    def calls_to(self, *names: str) -> list[CallSite]:
        wanted = set(names)
        return [c for c in self.calls if c.name in wanted or c.name.rsplit(".", 1)[-1] in wanted]


def dotted(node) -> str | None:
    """``a.b.c`` for a name or attribute chain, ``f().x`` through calls; None for anything else."""
    parts = []
    while True:
        kind = type(node)
        if kind is ast.Attribute:
            parts.append("." + node.attr)
            node = node.value
        elif kind is ast.Call:
            parts.append("()")
            node = node.func
        elif kind is ast.Name:
            parts.append(node.id)
            return "".join(reversed(parts))
        else:
            return None


def literal(node):
    """The Python value of a literal expression (strings, integers, booleans, None, lists, tuples, sets as
    lists, dicts); ``...`` (Ellipsis) when the expression is not a plain literal."""
    kind = type(node)
    if kind is ast.Constant:
        value = node.value
        if isinstance(value, str):
            return value
        if isinstance(value, bytes):
            return value.decode("utf-8", "replace") if value else ...
        # floats and complex numbers are left unknown: no rule judges one, and a rounded value would mislead
        return value if value is None or isinstance(value, int) else ...
    if kind is ast.JoinedStr:  # an f-string is a literal only when it interpolates nothing
        if all(type(part) is ast.Constant for part in node.values):
            return "".join(part.value for part in node.values)
        return ...
    if kind is ast.UnaryOp and type(node.op) is ast.USub:
        value = literal(node.operand)
        return -value if isinstance(value, int) else ...
    if kind is ast.List or kind is ast.Tuple or kind is ast.Set:
        values = [literal(e) for e in node.elts if type(e) is not ast.Starred]
        return ... if any(v is ... for v in values) else values
    if kind is ast.Dict:
        out = {}
        for key_node, value_node in zip(node.keys, node.values):
            if key_node is None:  # ``**spread``
                return ...
            key = literal(key_node)
            if key is ... or not isinstance(key, (str, int)):
                return ...
            out[key] = literal(value_node)
        return out
    return ...


def _subscript_key(node) -> str | None:
    key = literal(node.slice)
    return key if isinstance(key, str) else None


# Hostile files are refused before the parser sees them: CPython's tokenizer stops at 200 nested brackets
# and its tree builder at a few thousand chained operators (a RecursionError, caught below as well).
_MAX_DEPTH = 200
_MAX_OPERATORS = 4000
_TOKENS = lazy(
    r"""[rbufRBUF]{0,2}('''|\"\"\")"""  # a triple quote opens or closes a long string
    r"""|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|#[^\n]*"""  # short strings and comments: skipped whole
    r"""|[(\[{]|[)\]}]|\n|,|\*\*|//|<<|>>|[-+*/%&|^@]|\b(?:and|or)\b""")


def _too_deep(text: str) -> int | None:
    """The line where the text nests or chains deeper than the parser can follow, else None."""
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


_DEEP = "nesting deeper than the parser can follow"


def parse(file) -> PythonDocument:
    _thaw()
    doc = PythonDocument(file)
    text = file.text
    doc._text = text
    deep = _too_deep(text)
    if deep is not None:
        doc.problem(_DEEP, deep)
        return doc
    with _no_cycle_collection():
        module = _tree(doc, text)
        if module is None:
            return doc
        try:
            _collect(doc, module)
        except RecursionError:
            doc.problem(_DEEP, 1)
            return doc
        doc.module = module
        if len(text) >= _FREEZE_FROM:
            _freeze()
    return doc


def _tree(doc: PythonDocument, text: str):
    """The module's tree, or None with the reason recorded as a problem."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarnings about the scanned code are not ours to print
            return ast.parse(text)
    except SyntaxError as exc:  # IndentationError and TabError included
        modern = _without_newer_syntax(text)
        if modern is not None:
            return modern
        _syntax_problem(doc, text, exc)
    except ValueError:  # a NUL byte, as Python 3.10 reports it
        doc.problem("Python syntax error", _line_of(text, text.find("\0")))
    except (RecursionError, MemoryError):
        doc.problem(_DEEP, 1)
    return None


def _without_newer_syntax(text: str):
    """The tree of the text with the syntax of a newer Python than this one rewritten (this interpreter rejects
    it): Python 3.14's unparenthesised exception lists (PEP 758) bracketed, then Python 3.12's type parameter
    lists (PEP 695) and f-strings (PEP 701) blanked; None when the text has none or still does not parse."""
    from .fstrings import blank_pep701
    from .pep758 import bracket_pep758
    from .typeparams import blank_pep695
    bracketed = bracket_pep758(text) if sys.version_info < (3, 14) else None
    candidates = [bracketed]
    if sys.version_info < (3, 12):
        source = bracketed or text
        generic = blank_pep695(source)
        candidates += [generic, blank_pep701(generic or source)]
    for candidate in candidates:
        if candidate is None:
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return ast.parse(candidate)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
    return None


def _syntax_problem(doc: PythonDocument, text: str, exc: SyntaxError) -> None:
    # the exception's text quotes the offending source line, which may hold a secret: only its position
    if exc.lineno is None:  # a NUL byte: Python 3.11 says so without a position
        doc.problem("Python syntax error", _line_of(text, text.find("\0")))
    elif exc.msg == "too many nested parentheses":
        doc.problem(_DEEP, exc.lineno)
    else:
        doc.problem("Python syntax error", exc.lineno, exc.offset or 1)


def _line_of(text: str, index: int) -> int:
    return len(_LINE_BREAK.findall(text, 0, index)) + 1 if index >= 0 else 1


# The cycle collector and a large syntax tree: the tree is a million small objects and no reference cycle,
# so the collector's passes over it find nothing, yet they cost more than the parse: while it is built and
# walked (paused below), then once per generation as it ages (1.4 s of a 3.3 s check of a 1.8 MB file).
# A large tree is therefore frozen (gc.freeze: left out of collections, still freed by reference counting)
# until the next parse thaws whatever is still alive; in between, other cycles wait one file longer.
_FREEZE_FROM = 200_000  # characters: below this the passes cost little
_frozen = False


def _freeze() -> None:
    global _frozen
    gc.freeze()
    _frozen = True


def _thaw() -> None:
    global _frozen
    if _frozen:
        gc.unfreeze()
        _frozen = False


@contextmanager
def _no_cycle_collection():
    """The collector paused while a tree is built and walked (see above)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_BLOCKS = tuple(getattr(ast, name) for name in ("If", "Try", "TryStar", "For", "AsyncFor", "While", "With",
                                                "AsyncWith", "Match") if hasattr(ast, name))
_SKIPPED_FIELDS = {"ctx", "op", "ops", "type_comment"}  # load/store markers and operators: nothing to read
_FIELDS: dict[type, tuple[str, ...]] = {}


def _children(node) -> list:
    """The node's children in source order (``ast`` lists decorators after the body, dict keys before
    all values, and a conditional expression's test first)."""
    kind = type(node)
    if kind is ast.Dict:
        out = []
        for key, value in zip(node.keys, node.values):
            if key is not None:
                out.append(key)
            out.append(value)
        return out
    if kind is ast.Call:
        return [node.func, *sorted([*node.args, *node.keywords], key=lambda n: (n.lineno, n.col_offset))]
    if kind is ast.IfExp:
        return [node.body, node.test, node.orelse]
    fields = _FIELDS.get(kind)
    if fields is None:
        fields = _FIELDS[kind] = tuple(f for f in kind._fields if f not in _SKIPPED_FIELDS)
    out = []
    for name in fields:
        value = getattr(node, name, None)
        if type(value) is list:
            out.extend(v for v in value if isinstance(v, ast.AST))
        elif isinstance(value, ast.AST):
            out.append(value)
    return out


def _collect(doc: PythonDocument, module) -> None:
    """One walk of the tree, in source order, without recursion (a long chain must not exhaust the stack).

    A context is (definitions deep, functions deep, class whose body holds the statement, innermost
    enclosing class, blocks deep)."""
    stack: list[tuple[object, tuple]] = [(module, (0, 0, None, None, 0))]
    pop, push = stack.pop, stack.append
    Name, Constant, JoinedStr, Starred = ast.Name, ast.Constant, ast.JoinedStr, ast.Starred
    functions_types = (ast.FunctionDef, ast.AsyncFunctionDef)
    while stack:
        node, context = pop()
        kind = type(node)
        if kind is Constant:
            value = node.value
            if isinstance(value, bytes):
                value = value.decode("utf-8", "replace")
            if value and isinstance(value, str):
                doc.strings.append((value, node, context[3]))
            continue
        if kind is Name:
            continue
        children = None
        if kind is ast.Call:
            _call(doc, node, context)
        elif kind is ast.Assign:
            for target in node.targets:
                _target(doc, target, node.value, context)
        elif kind is ast.AnnAssign:
            if node.value is not None:
                _target(doc, node.target, node.value, context)
        elif kind is ast.Dict:
            doc.dicts.append(node)
            for key_node, value_node in zip(node.keys, node.values):
                if key_node is not None:
                    key = literal(key_node)
                    if isinstance(key, str):
                        doc.pairs.append((key, value_node, key_node))
        elif kind is ast.Expr:
            # a bare string statement is a docstring or a comment in disguise, not a value the app uses
            if type(node.value) is Constant and isinstance(node.value.value, (str, bytes)):
                continue
        elif kind is JoinedStr:
            doc.fstrings.append(node)
            # the literal text between replacement fields is not a string of its own (and before Python
            # 3.12 its positions are the whole f-string's); the fields' expressions are read
            children = [v for v in node.values if type(v) is not Constant]
        elif kind is ast.Import:
            _import(doc, node)
            continue
        elif kind is ast.ImportFrom:
            _import_from(doc, node, context)
            continue
        elif kind in functions_types or kind is ast.ClassDef:
            _definition(doc, node, context, push)
            continue
        elif kind in _BLOCKS:
            context = (*context[:4], context[4] + 1)
        for child in reversed(children if children is not None else _children(node)):
            push((child, context))


def _definition(doc, node, context, push) -> None:
    """Decorators, defaults and bases run where the definition stands; the body runs in its own scope."""
    depth, functions, _, klass, blocks = context
    if type(node) is ast.ClassDef:
        doc.classes.setdefault(node.name, [dotted(b) or "" for b in node.bases])
        outer = [*node.decorator_list, *node.bases, *node.keywords]
        inner = (depth + 1, functions, node.name, node.name, blocks)
    else:
        args = node.args
        outer = [*node.decorator_list, *args.defaults, *(d for d in args.kw_defaults if d is not None)]
        outer += [a.annotation for a in (*args.posonlyargs, *args.args, args.vararg, *args.kwonlyargs, args.kwarg)
                  if a is not None and a.annotation is not None]
        if node.returns is not None:
            outer.append(node.returns)
        inner = (depth + 1, functions + 1, None, klass, blocks)
    for child in reversed(node.body):
        push((child, inner))
    for child in reversed(outer):
        push((child, context))


def _call(doc, node, context) -> None:
    name = dotted(node.func)
    if not name:
        return
    site = CallSite(name, node, in_function=context[1] > 0, conditional=context[4] > 0)
    for arg in node.args:
        if type(arg) is not ast.Starred:
            site.args.append(arg)
    for keyword in node.keywords:
        if keyword.arg is None:
            site.star_kwargs = True
        else:
            site.kwargs[keyword.arg] = keyword.value
    doc.calls.append(site)


def _target(doc, target, value, context) -> None:
    if type(target) is ast.Subscript:
        base, key = dotted(target.value), _subscript_key(target)
        name = f"{base}[{key}]" if base and key is not None else None
    else:
        name = dotted(target)
    if name:
        depth, _, scope, _, blocks = context
        doc.assignments.append(Assignment(name, value, target, depth == 0, scope, blocks > 0))


def _import(doc, node) -> None:
    for alias in node.names:
        doc.imports.add(alias.name)
        if alias.asname is not None:
            doc.names[alias.asname] = alias.name


def _import_from(doc, node, context) -> None:
    module = node.module or ""
    if module:
        doc.imports.add(module)
    if len(node.names) == 1 and node.names[0].name == "*":
        depth, _, _, _, blocks = context
        doc.star_imports.append(("." * node.level + module, node, blocks > 0 or depth > 0))
        return
    for alias in node.names:
        local = alias.asname or alias.name
        doc.names[local] = f"{module}.{alias.name}" if module else alias.name
