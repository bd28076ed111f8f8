"""Every rule's documentation: fixed sections in order, and its examples executed.

"Example" must produce at least one finding of the rule; "Use instead" must produce none.
"""
from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from conftest import lint
from linter import docs
from linter.catalog import load_catalog
from linter.loader import load_rules

RULES = load_rules([], load_catalog().ids, use_cache=False)  # validates every META afresh


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_doc_sections(rule):
    order = docs.section_order(rule.doc)
    for heading in docs.REQUIRED:
        assert heading in order, f"{rule.id}: missing section '## {heading}'"
    known = [h for h in order if h in docs.SECTIONS]
    assert known == sorted(known, key=docs.SECTIONS.index), f"{rule.id}: sections out of order: {order}"
    assert set(order) <= set(docs.SECTIONS), f"{rule.id}: unknown sections {set(order) - set(docs.SECTIONS)}"
    if rule.meta.fix != "none":
        assert "Fix safety" in order, f"{rule.id}: a rule with a fix needs '## Fix safety'"
    assert docs.sections(rule.doc)[""].strip(), f"{rule.id}: no summary line"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_doc_reads_as_written(rule):
    # A regex or an escape in a non-raw docstring is read by Python: `\\n` becomes a line break and `\\.` a
    # warning, so `prodlint rule` shows a broken example. The docs must be the text in the source file.
    source = Path(rule.path).read_text(encoding="utf-8")
    literal = ast.get_source_segment(source, ast.parse(source).body[0].value)
    body = literal.lstrip("rRuU")[3:-3]
    assert inspect.cleandoc(body) == inspect.cleandoc(ast.literal_eval(literal)), \
        f"{rule.id}: the docstring has escapes Python interprets; make it a raw string (r\"\"\"...)"


def _run_examples(tmp_path: Path, rule, heading: str):
    files = docs.examples(docs.sections(rule.doc)[heading])
    assert files, f"{rule.id}: '## {heading}' has no fenced file with a path= attribute"
    options = {}
    for f in files:
        options.update(f.options)
    return lint(tmp_path, {f.path: f.text for f in files}, select=[rule.id],
                rule_options={rule.id: options} if options else None)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_example_fires(tmp_path, rule):
    result = _run_examples(tmp_path, rule, "Example")
    hits = [f for f in result.findings if f.rule_id == rule.id]
    assert hits, f"{rule.id}: the documented Example produces no finding"
    assert not [f for f in result.findings if f.rule_id in ("PL001", "PL002")], result.findings


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_use_instead_is_clean(tmp_path, rule):
    result = _run_examples(tmp_path, rule, "Use instead")
    hits = [f for f in result.findings if f.rule_id == rule.id]
    assert not hits, f"{rule.id}: 'Use instead' still reports: {[f.message for f in hits]}"


FIXABLE = [r for r in RULES if r.meta.fix != "none"]


@pytest.mark.parametrize("rule", FIXABLE, ids=[r.id for r in FIXABLE])
def test_fix_of_example_is_use_instead(tmp_path, rule):
    """fix(Example) == Use instead, file by file, and the fixed tree no longer reports the rule."""
    from linter.engine import RunOptions, run
    from linter.fixer import fix

    example = {f.path: f.text for f in docs.examples(docs.sections(rule.doc)["Example"])}
    wanted = {f.path: f.text for f in docs.examples(docs.sections(rule.doc)["Use instead"])}
    _run_examples(tmp_path, rule, "Example")
    outcome = fix(lambda overlay: run(RunOptions(paths=[tmp_path], select=[rule.id], use_git=False, cache=False,
                                                 overlay=overlay)), include_unsafe=True)
    fixed = {path: outcome.fixed.get(path, text) for path, text in example.items()}
    assert fixed == {p: wanted.get(p, example[p]) for p in example}, outcome.diff()
    assert not [f for f in outcome.result.findings if f.rule_id == rule.id and f.fix is not None]
