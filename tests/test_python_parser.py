"""The Python parser on the standard library's ``ast``: positions in characters, what it records, and how
a file it cannot read becomes a finding."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given, settings, strategies as st

from linter.api import Span
from linter.parsers.python import literal, parse


def _parse(text: str):
    return parse(SimpleNamespace(text=text, rel="app/settings.py"))


def _target(doc, name):
    return doc.span(next(a.node for a in doc.assignments if a.target == name))


def test_columns_count_characters_not_utf8_bytes():
    doc = _parse('NAMÉ = "ünïcødé"; SECRET_KEY = "é" "x"\nDEBUG = True\n')
    assert _target(doc, "SECRET_KEY") == Span(1, 19, 1, 29)
    value = next(a.value for a in doc.assignments if a.target == "SECRET_KEY")
    assert doc.span(value) == Span(1, 32, 1, 39)
    assert _target(doc, "DEBUG") == Span(2, 1, 2, 6)


# characters a one-line string literal may hold as they are: no quote, backslash or line break
_PLAIN = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters='"\\\x85'),
                 max_size=20)


@settings(max_examples=60, deadline=None)
@given(before=st.lists(_PLAIN, max_size=3), same_line=_PLAIN, newline=st.sampled_from(["\n", "\r\n", "\r"]))
def test_a_position_is_the_character_where_the_name_is_written(before, same_line, newline):
    lines = [f'X{i} = "{text}"' for i, text in enumerate(before)]
    prefix = f'A = "{same_line}"; '
    doc = _parse(newline.join([*lines, prefix + "TARGET = 1"]) + newline)
    assert not doc.problems
    column = len(prefix) + 1
    assert _target(doc, "TARGET") == Span(len(lines) + 1, column, len(lines) + 1, column + len("TARGET"))


def test_a_parenthesised_value_is_located_at_the_value():
    doc = _parse('SECRET_KEY = (\n    "abc"\n    "def"\n)\n')
    value = next(a.value for a in doc.assignments if a.target == "SECRET_KEY")
    assert literal(value) == "abcdef"
    assert doc.span(value) == Span(2, 5, 3, 10)


def test_syntax_errors_are_located_and_never_quote_the_source():
    secret = "s3cr3t-value-that-must-not-leak"
    cases = {
        f'print "hello"\nSECRET_KEY = "{secret}"\n': (1, 1),  # Python 2
        f'x = (1,\n  2\nSECRET_KEY = "{secret}"\n': (1, 5),  # the bracket never closed
        f'def f():\n\tif x:\n        SECRET_KEY = "{secret}"\n': (3, 1),  # tabs and spaces
        f'A = 1\nSECRET_KEY = "{secret}"\x00\n': (2, 1),  # a NUL byte
        f'SECRET_KEY = "{secret}\n': (1, 14),  # unterminated string
    }
    for text, (line, column) in cases.items():
        doc = _parse(text)
        assert [(p.message, p.span.line, p.span.column) for p in doc.problems] == \
            [("Python syntax error", line, column)], text
        assert doc.module is None and not doc.assignments


def test_nesting_beyond_the_parser_is_refused_with_its_own_message():
    for text in ("x = " + "[" * 250 + "]" * 250 + "\n" + "#" * 3000, "y = " + "+".join(["1"] * 9000) + "\n"):
        doc = _parse(text)
        assert [p.message for p in doc.problems] == ["nesting deeper than the parser can follow"]


def test_strings_leave_out_docstrings_and_f_string_text():
    doc = _parse('"""Module docstring."""\nclass Config:\n    """Class docstring."""\n    KEY = "k1"\n'
                 '    def f(self):\n        "method docstring"\n        return f"text {self.d[\'field\']} more"\n'
                 'URL = "postgres://" "user:pw@host/db"\nEMPTY = ""\nB = b"raw"\n')
    assert [(value, doc.span(node).line, scope) for value, node, scope in doc.strings] == [
        ("k1", 4, "Config"), ("field", 7, "Config"), ("postgres://user:pw@host/db", 8, None), ("raw", 10, None)]
    assert doc.span(doc.strings[2][1]) == Span(8, 7, 8, 38)


def test_literals():
    doc = _parse('A = f"plain"\nB = f"x{y}"\nC = -3\nD = [1, *rest, "a"]\nE = {"k": None, **other}\n'
                 'F = {"k": (True, 0x10)}\nG = 1.5\nH = ...\nI = {1, 2}\n')
    values = {a.target: literal(a.value) for a in doc.assignments}
    assert values == {"A": "plain", "B": ..., "C": -3, "D": [1, "a"], "E": ..., "F": {"k": [True, 16]},
                      "G": ..., "H": ..., "I": [1, 2]}


def test_calls_in_source_order_and_where_they_run():
    doc = _parse('from flask import Flask\nimport jwt as pyjwt\napp = Flask(__name__)\n'
                 '@app.route("/login", methods=["POST"])\n@limiter.limit("5/minute")\n'
                 'def login(token=make_default()):\n    return pyjwt.encode({"sub": 1}, key="k", **extra)\n'
                 'f().g.h(1)\n')
    assert [(c.name, c.in_function) for c in doc.calls] == [
        ("Flask", False), ("app.route", False), ("limiter.limit", False), ("make_default", False),
        ("pyjwt.encode", True), ("f().g.h", False), ("f", False)]
    encode = doc.calls[4]
    assert literal(encode.kwargs["key"]) == "k" and encode.star_kwargs and len(encode.args) == 1
    assert doc.names == {"Flask": "flask.Flask", "pyjwt": "jwt"}
    assert doc.imports == {"flask", "jwt"}
    assert [(key, doc.span(node).line) for key, _, node in doc.pairs] == [("sub", 7)]


def test_assignments_know_their_scope_and_whether_they_always_run():
    doc = _parse('from .base import *\nimport os\nDEBUG = False\nif os.environ.get("X"):\n    DEBUG = True\n'
                 'match os.environ.get("MODE"):\n    case "dev":\n        ALLOWED_HOSTS = ["*"]\n'
                 'with open("f") as fh:\n    SECRET_KEY = fh.read()\nif (n := 3):\n    pass\n'
                 'class ProdConfig(Base, metaclass=Meta):\n    SESSION_COOKIE_SECURE: bool = True\n'
                 'app.config["SECRET_KEY"] = "x"\ntry:\n    from .local import *\nexcept ImportError:\n    pass\n')
    got = [(a.target, a.module_level, a.scope, a.conditional) for a in doc.assignments]
    assert got == [("DEBUG", True, None, False), ("DEBUG", True, None, True), ("ALLOWED_HOSTS", True, None, True),
                   ("SECRET_KEY", True, None, True), ("SESSION_COOKIE_SECURE", False, "ProdConfig", False),
                   ("app.config[SECRET_KEY]", True, None, False)]
    assert [(module, doc.span(node).line, conditional) for module, node, conditional in doc.star_imports] == \
        [(".base", 1, False), (".local", 17, True)]
    assert doc.classes == {"ProdConfig": ["Base"]}


def test_a_large_tree_is_kept_out_of_cycle_collection_until_the_next_parse():
    import gc
    large = "".join(f'K{i} = {{"name": "v{i}", "items": [1, 2, 3]}}\n' for i in range(8000))
    assert len(large) > 200_000
    doc = _parse(large)
    assert len(doc.assignments) == 8000 and gc.get_freeze_count() > 0 and gc.isenabled()
    _parse("A = 1\n")
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    broken = _parse(large + "def (\n")
    assert broken.problems and gc.get_freeze_count() == 0 and gc.isenabled()


# ---- Python 3.12 f-strings (PEP 701) read by an older interpreter -----------------------------------------
def test_a_pep701_fstring_costs_only_itself():
    text = ('from flask import Flask\n'
            'def mx(d, host):\n'
            "    return f'{d.name.encode('idna').decode('ascii')}. 600 IN MX 10 {host}.'\n"
            'SECRET_KEY = "k3y-written-here"\n'
            'TAGS = f"{len(db["c"]) + len(db["t"])} tags"\n'
            'PARTS = f"{re.split(r\'^\\s*-\\s\', line)[-1]}, "\n'
            'DEBUG = True\n')
    doc = _parse(text)
    assert not doc.problems
    assert _target(doc, "SECRET_KEY") == Span(4, 1, 4, 11)
    assert _target(doc, "DEBUG") == Span(7, 1, 7, 6)


def test_a_pep701_fstring_across_lines_keeps_the_lines_after_it():
    doc = _parse("x = f'{1 +\n 2}'\nDEBUG = True\n")
    assert not doc.problems
    assert _target(doc, "DEBUG") == Span(3, 1, 3, 6)


def test_a_file_that_is_broken_for_another_reason_is_still_a_syntax_error():
    doc = _parse("x = f'{d['a']}'\ndef broken(:\n")
    assert [p.message for p in doc.problems] == ["Python syntax error"]


_NAME = st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True)
_WORDS = st.text(st.characters(whitelist_categories=("Ll", "Lu", "Nd"), whitelist_characters=" .:-/"),
                 max_size=12)


@settings(max_examples=200)
@given(st.lists(st.tuples(_WORDS, _NAME, st.sampled_from(["'", '"']), st.booleans()), min_size=1, max_size=5))
def test_blanking_keeps_every_position_and_touches_only_pep701_literals(parts):
    """f-strings that Python 3.11 reads are left as they are; each one reusing its own quote inside a field is
    replaced by a literal of the same length, so the lines and columns of everything else stay."""
    import ast

    from linter.parsers.fstrings import blank_pep701
    lines, modern = [], False
    for words, name, quote, reuse in parts:
        inner = quote if reuse else ("'" if quote == '"' else '"')
        lines.append(f"v_{name} = f{quote}{words}{{d[{inner}{name}{inner}]}}{quote}")
        modern = modern or reuse
    text = "\n".join(lines) + "\n"
    blanked = blank_pep701(text)
    if not modern:
        assert blanked is None
        return
    assert blanked is not None and len(blanked) == len(text)
    assert [i for i, c in enumerate(blanked) if c == "\n"] == [i for i, c in enumerate(text) if c == "\n"]
    tree = ast.parse(blanked)
    assert [t.targets[0].id for t in tree.body] == [f"v_{name}" for _, name, _, _ in parts]
    for (words, name, quote, reuse), line, new in zip(parts, text.splitlines(), blanked.splitlines()):
        assert (line == new) is not reuse


# ---- Python 3.12 type parameters (PEP 695) read by an older interpreter -------------------------------------
def test_pep695_type_parameters_and_aliases_cost_nothing():
    text = ("from typing import Literal\n"
            "type Method = Literal['GET', 'POST']\n"
            "def first[T: int | float](items: list[T]) -> T:\n"
            "    return items[0]\n"
            "class Service[\n"
            "    RepoT: object,\n"
            "](object):\n"
            "    pass\n"
            "if True:\n"
            "    type Alias[K] = dict[K, int]\n"
            "SECRET_KEY = 'k3y-written-here'\n"
            "f = f'{first([1])}'\n")
    doc = _parse(text)
    assert not doc.problems
    assert _target(doc, "SECRET_KEY") == Span(11, 1, 11, 11)
    assert _target(doc, "Method") == Span(2, 6, 2, 12)


def test_pep695_blanking_keeps_positions_and_leaves_other_files_alone():
    from linter.parsers.typeparams import blank_pep695
    assert blank_pep695("type = 3\nx = items[0]\ndef f(a=[1]):\n    pass\n") is None
    text = "def f[T](x: T) -> T:\n    return x\n"
    blanked = blank_pep695(text)
    assert len(blanked) == len(text) and blanked.splitlines()[1] == "    return x"


def test_a_file_broken_beside_its_type_parameters_is_still_a_syntax_error():
    doc = _parse("def f[T](x: T) -> T:\n    return x\ndef broken(:\n")
    assert [p.message for p in doc.problems] == ["Python syntax error"]


@pytest.mark.parametrize("clause", ["except ImportError, ModuleNotFoundError:",
                                    "except* botocore.exceptions.ClientError , KeyError :  # both"])
def test_pep758_exception_lists_without_parentheses_cost_nothing(clause):
    # Python 3.14 (PEP 758): `except A, B:` catches either; an older parser rejected the whole settings module
    doc = _parse(f"try:\n    import tomllib\n{clause}\n    tomllib = None\nSECURE_HSTS_SECONDS = 60\n")
    assert not doc.problems and _target(doc, "SECURE_HSTS_SECONDS") == Span(5, 1, 5, 20)


def test_pep758_bracketing_keeps_positions_before_the_colon_and_leaves_other_clauses_alone():
    from linter.parsers.pep758 import bracket_pep758
    # with `as` the parentheses stay required (PEP 758), so such a clause is left as written; so is a bracketed one
    assert bracket_pep758("try:\n    x()\nexcept (A, B) as e:\n    pass\nexcept A as e:\n    pass\n") is None
    assert bracket_pep758("x = 'except A, B:'\n") is None
    assert bracket_pep758("try:\n    x()\nexcept A, B:\n    pass\n").splitlines()[2] == "except(A, B):"
    assert bracket_pep758("    except A.Err, B :\n").splitlines()[0] == "    except(A.Err, B):"


def test_a_file_broken_beside_a_pep758_clause_is_still_a_syntax_error():
    doc = _parse("try:\n    x()\nexcept A, B:\n    pass\ndef broken(:\n")
    assert [p.message for p in doc.problems] == ["Python syntax error"]
