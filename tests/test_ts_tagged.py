"""TypeScript the tree-sitter grammar cannot read (type arguments on a tagged template, an import type's query as
a call's type argument) is read as the compiler reads it: no PL001 on valid code, the same positions for every
finding, and a file broken elsewhere still reported."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from hypothesis import given, settings, strategies as st

from conftest import lint
from linter.parsers.ts_tagged import blank_tagged_type_arguments

PACKAGE = '{"dependencies": {"express": "^4.19.0", "@prisma/client": "^5.0.0", "jsonwebtoken": "^9.0.0"}}'
SERVER = """import express from 'express';
import jwt from 'jsonwebtoken';
import { prisma } from './db';
const app = express();
app.get('/users', async (req, res) => {
  const rows = await prisma.$queryRaw<{ id: string }[]>`SELECT id FROM users`;
  const count = await prisma.$executeRaw<number>`UPDATE t SET a = 1`; const token = jwt.sign({ id: 1 }, 'k3y');
  res.json(rows);
});
app.listen(3000);
"""


def _lint(files):
    with tempfile.TemporaryDirectory() as base:
        return lint(Path(base), files, cache=False)


def test_a_typed_raw_query_is_no_parse_error_and_findings_keep_their_columns():
    result = _lint({"package.json": PACKAGE, "src/server.ts": SERVER})
    assert not [f for f in result.findings if f.rule_id == "PL001"]
    secret = [(f.span.line, f.span.column) for f in result.findings if f.rule_id == "JS005"]
    assert secret == [(7, SERVER.splitlines()[6].index("'k3y'") + 1)]


def test_an_import_query_as_type_argument_is_no_parse_error():
    text = ("import { vi } from 'vitest';\nvi.mock('./m', async (importOriginal) => {\n"
            "  const mod = await importOriginal<typeof import('./m')>();\n  return { ...mod };\n});\n")
    result = _lint({"package.json": PACKAGE, "src/m.test.ts": text, "src/server.ts": SERVER})
    assert not [f for f in result.findings if f.rule_id == "PL001"]


def test_a_file_broken_elsewhere_is_still_a_parse_error():
    broken = SERVER.replace("res.json(rows);", "res.json(rows;")
    result = _lint({"package.json": PACKAGE, "src/server.ts": broken})
    assert [(f.rule_id, f.path) for f in result.findings if f.rule_id == "PL001"] == [("PL001", "src/server.ts")]


def test_comparisons_and_plain_templates_are_left_as_written():
    for text in ("if (a < b && c > (d)) x();\n", "const t = sql`x`;\n", "const y = a<b>`t`;\n".replace("a<b>", "a < b >"),
                 "f<typeof x>();\n", "const u = sql<Ünïcode>`x`;\n", "x<a;b>`t`;\n"):
        assert blank_tagged_type_arguments(text) is None, text


@settings(max_examples=60, deadline=None)
@given(prefix=st.text(max_size=40), tag=st.sampled_from(["sql", "prisma.$queryRaw", "tx.$executeRaw", "db()"]),
       args=st.sampled_from(["<User[]>", "<Array<{ id: string }>>", "<number>", "<[A, B]>"]))
def test_blanking_keeps_every_offset(prefix, tag, args):
    text = f"{prefix}\nconst r = await {tag}{args}`SELECT 1`;\n"
    blanked = blank_tagged_type_arguments(text)
    assert blanked is not None and len(blanked) == len(text)
    assert blanked.encode("utf-8") == text.replace(args, " " * len(args)).encode("utf-8")


def test_hostile_lines_stay_linear():
    started = time.process_time()
    assert blank_tagged_type_arguments("a<b" * 400_000 + ">`").endswith("a   `")
    blank_tagged_type_arguments("x<" * 300_000 + ">`" * 100_000)
    blank_tagged_type_arguments("f<typeof import('" + "x" * 500_000 + "')>(" * 50_000)
    assert time.process_time() - started < 5
