"""Hint words (RuleMeta.hints) let a run skip parsing files no active rule could report on.

They are a speed-up only: every case and documented example of a rule with hints must give exactly the
same findings with them and with ``--no-hints``.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import rulecases

from conftest import lint, prodlint
from linter import docs
from linter.api import RuleMeta
from linter.catalog import load_catalog
from linter.hints import HintIndex
from linter.loader import load_rules

RULES = load_rules([], load_catalog().ids, use_cache=False)
HINTED = [rule for rule in RULES if rule.meta.hints]


def _cases():
    for rule in HINTED:
        for case in rulecases.load(rule.id):
            yield pytest.param(rule, case["files"], case.get("select", [rule.id]), case.get("options"),
                               id=f"{rule.id}-{case['name']}")
        for heading in ("Example", "Use instead"):
            files = docs.examples(docs.sections(rule.doc)[heading])
            options = {k: v for f in files for k, v in f.options.items()}
            yield pytest.param(rule, {f.path: f.text for f in files}, [rule.id], options or None,
                               id=f"{rule.id}-doc-{heading}")


def _seen(result):
    return sorted((f.rule_id, f.path, f.span, f.message_id, f.message) for f in result.findings)


def test_rules_with_hints_exist():
    assert {"JS001", "JS008", "JS024"} <= {rule.id for rule in HINTED}


@pytest.mark.parametrize("rule, files, select, options", list(_cases()))
def test_hints_change_no_finding(tmp_path: Path, rule, files, select, options):
    rule_options = {rule.id: options} if options else None
    with_hints = lint(tmp_path, files, select=select, rule_options=rule_options)
    without = lint(tmp_path, None, select=select, rule_options=rule_options, hints=False)
    assert _seen(with_hints) == _seen(without)


def _meta(*hints: str) -> RuleMeta:
    return RuleMeta(id="TST900", name="t", kinds=("node",), severity="note", checklist=(), hints=hints)


def _wants(meta: RuleMeta, text: str) -> bool:
    return meta.wants(lambda word: word in (text.lower() if word == word.lower() else text))


def test_every_entry_must_be_found_and_bar_means_either():
    meta = _meta("cors|origin", "credentials")
    assert _wants(meta, "cors({ credentials: true })")
    assert _wants(meta, "{ origin: x, credentials: true }")
    assert not _wants(meta, "cors()")
    assert not _wants(meta, "credentials only")
    assert _wants(_meta(), "anything at all")


def test_smart_case():
    lower, capital = _meta("cors"), _meta("SK")
    assert _wants(lower, "app.use(CORS())") and _wants(lower, "enableCors()")
    assert _wants(capital, "'SK0123'") and not _wants(capital, "const task = 1")


class _Rule:
    def __init__(self, meta):
        self.meta = meta


def test_the_index_keeps_only_rules_whose_words_are_there():
    hinted, plain, exact = _Rule(_meta("helmet")), _Rule(_meta()), _Rule(_meta("SK", "key|token"))
    index = HintIndex([hinted, plain, exact])
    assert index.wanted([hinted, plain, exact], "const x = 1") == [plain]
    assert index.wanted([hinted, plain, exact], "require('Helmet')") == [hinted, plain]
    assert index.wanted([exact], "const SK = token") == [exact]
    assert index.wanted([exact], "const sk = token") == []
    assert index.wanted([hinted], "nothing") == []
    assert index.found("HELMET and KEY but sk") == {"helmet", "key"}


def _wanted(rules, text):
    return HintIndex(rules).wanted(rules, text)


def test_a_file_no_rule_reads_is_not_parsed_unless_asked(tmp_path):
    files = {"package.json": '{"name": "api", "dependencies": {"express": "4"}}',
             "src/util.js": "function broken( {\n"}
    quiet = lint(tmp_path, files, select=["JS"])
    assert not [f for f in quiet.findings if f.path == "src/util.js"]
    thorough = lint(tmp_path, None, select=["JS"], hints=False)
    assert [(f.rule_id, f.span.line) for f in thorough.findings if f.path == "src/util.js"] == [("PL001", 1)]


def test_no_hints_flag(tmp_path):
    (tmp_path / "package.json").write_text('{"name": "api", "dependencies": {"express": "4"}}')
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "util.js").write_text("function broken( {\n")
    assert "PL001" not in prodlint("check", "--no-git", "--no-cache", tmp_path).stdout
    assert "PL001" in prodlint("check", "--no-git", "--no-cache", "--no-hints", tmp_path).stdout


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=200), data=st.data())
def test_a_file_holding_one_word_of_every_entry_is_wanted(text, data):
    for rule in HINTED:
        words = [data.draw(st.sampled_from(entry.split("|"))) for entry in rule.meta.hints]
        padded = text + " " + " ".join(words)
        assert _wanted([rule], padded) == [rule], (rule.id, words)
        assert _wanted([rule], padded + text) == [rule]  # more text never loses a rule


WORDS = sorted({word for rule in HINTED for entry in rule.meta.hints for word in entry.split("|")})


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(WORDS + [w.upper() for w in WORDS] + [w.title() for w in WORDS]),
                          st.text(st.characters(max_codepoint=127), max_size=12)), max_size=12))
def test_both_search_engines_find_the_same_words(parts):
    from linter.hints import Words, hyperscan
    if hyperscan is None:
        pytest.skip("hyperscan is not installed on this platform")
    text = " ".join(parts)
    fast = Words(WORDS)
    assert fast._fast is not None and text.isascii()
    assert fast.found(text) == Words(WORDS, use_hyperscan=False).found(text), text
