"""A function type whose untyped parameter is named after a built-in type (`(any) => void`) is valid TypeScript
the tree-sitter grammar cannot read: no PL001 on it, findings keep their positions, and a file broken elsewhere
is still reported."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from hypothesis import given, settings, strategies as st

from conftest import lint
from linter.parsers.ts_keyword_params import rename_keyword_parameters

PACKAGE = '{"dependencies": {"express": "^4.19.0", "jsonwebtoken": "^9.0.0"}}'
SERVER = """import express from 'express';
import jwt from 'jsonwebtoken';
type Listener = (any) => void;
export function on(event: string, cb: (string) => void): void {}
const app = express();
app.get('/t', (req, res) => res.json({ token: jwt.sign({ id: 1 }, 'k3y') }));
app.listen(3000);
"""


def _lint(files):
    with tempfile.TemporaryDirectory() as base:
        return lint(Path(base), files, cache=False)


def test_a_parameter_named_any_is_no_parse_error_and_findings_keep_their_columns():
    result = _lint({"package.json": PACKAGE, "src/server.ts": SERVER})
    assert not [f for f in result.findings if f.rule_id == "PL001"]
    secret = [(f.span.line, f.span.column) for f in result.findings if f.rule_id == "JS005"]
    assert secret == [(6, SERVER.splitlines()[5].index("'k3y'") + 1)]


def test_a_file_broken_elsewhere_is_still_a_parse_error():
    broken = SERVER + "const x = ;\n"
    result = _lint({"package.json": PACKAGE, "src/server.ts": broken})
    assert [(f.rule_id, f.span.line) for f in result.findings if f.rule_id == "PL001"] == [("PL001", 8)]


def test_a_javascript_file_keeps_its_own_parse_error():
    source = "const express = require('express');\nconst x = ;\nconst f = (any) => any;\nexpress().listen(3000);\n"
    result = _lint({"package.json": PACKAGE, "src/server.js": source})
    assert [f.span.line for f in result.findings if f.rule_id == "PL001"] == [2]


def test_only_keyword_parameters_before_an_arrow_are_renamed():
    assert rename_keyword_parameters("type F = (any) => void; g(string); (number)") == \
        "type F = (_ny) => void; g(string); (number)"
    assert rename_keyword_parameters("type F = (x) => void;") is None
    assert rename_keyword_parameters("no arrow (any)") is None


@given(st.text(alphabet="(any) =>string\n", max_size=200))
@settings(max_examples=200, deadline=None)
def test_renaming_keeps_length_and_lines(text):
    renamed = rename_keyword_parameters(text)
    if renamed is not None:
        assert len(renamed) == len(text) and renamed.count("\n") == text.count("\n")


def test_linear_on_a_long_line():
    text = "(any) " * 200_000 + "=> x"
    start = time.perf_counter()
    rename_keyword_parameters(text)
    assert time.perf_counter() - start < 2
