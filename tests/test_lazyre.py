"""The guarded patterns of linter.lazyre answer as the plain patterns they stand for."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from linter import secrets
from linter.evidence import text
from linter.lazyre import GuardedPattern, WordGuard

ROOT = Path(__file__).resolve().parent.parent
# the long s, the Kelvin sign and the dotless i, which re.I folds into ASCII letters
_FOLDED = "\u017f\u212a\u0131\u0130\u00df"


def _samples(words: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-?&;=_ .\n" + _FOLDED
    out = []
    for _ in range(count):
        parts = [rng.choice(words) if rng.random() < 0.3 else
                 "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 5))) for _ in range(rng.randint(0, 5))]
        sample = "".join(c.upper() if rng.random() < 0.5 else c for c in "".join(parts))
        if rng.random() < 0.3:
            sample = sample.replace("s", "\u017f").replace("k", "\u212a").replace("i", "\u0131")
        out.append(sample)
    return out


@pytest.mark.parametrize("guard, pattern", [
    (secrets._ASSIGNMENT_GUARD, secrets._SECRET_KEY_WORDS),
    (secrets._CLIENT_GUARD, "curl|wget|sshpass|login"),
    (secrets._STDIN_GUARD, "stdin|with-token"),
    (secrets._AUTH_GUARD, "bearer|basic|token|digest"),
    (secrets._DIRECTIVE_GUARD, "requirepass|masterauth"),
    (secrets._ARGUMENT_GUARD, r"[-?&;=]|requirepass|masterauth"),
])
def test_word_guard_answers_as_the_case_insensitive_search(guard, pattern):
    words = pattern.replace("[-?&;=]|", "").split("|") + ["-", "?", "&", ";", "="]
    for sample in _samples(words, 4000, len(pattern)):
        assert guard.search(sample) == bool(re.search(pattern, sample, re.I)), sample


def test_word_guard_takes_ascii_words_only():
    with pytest.raises(ValueError):
        WordGuard("pa\u017f\u017f")
    with pytest.raises(ValueError):
        WordGuard()


def _prose() -> list[str]:
    """The project's markdown files and rule sources (prose about examples, tests and production), whole and
    sentence by sentence as role evidence reads them (lowercased, markup dropped)."""
    out = []
    paths = [p for p in ROOT.glob("*.md")] + sorted(ROOT.joinpath("docs").rglob("*.md")) + \
        sorted(ROOT.joinpath("fixtures").rglob("*.md")) + sorted(ROOT.joinpath("rules").rglob("*.py"))
    for path in paths:
        raw = path.read_text(encoding="utf-8", errors="replace")
        plain = re.sub(r"\s+", " ", re.sub(r"[*_`>#]+", " ", raw).lower())
        out.append(raw)
        out.extend(re.split(r"(?<=[.!?])\s+|\n\s*\n", plain))
    return out


@pytest.mark.parametrize("guarded", [text._EXAMPLE, text._COLLECTION])
def test_guarded_prose_patterns_find_what_the_plain_pattern_finds(guarded: GuardedPattern):
    plain = re.compile(guarded._pattern._source[0], guarded._pattern._source[1])
    samples = _prose()
    assert len(samples) > 100
    samples += ["This is an example of a stack.", "for illustration purposes only", "Submitted by the community",
                "community contributions", "it should not be relied upon", "Examples for nginx", "a set of demos",
                "the samples show", "example: a kafka setup", "THE EXAMPLES ARE", "a collection of Compose sampleS"]
    found = 0
    for sample in samples:
        expected = plain.search(sample)
        got = guarded.search(sample)
        assert (got is None) == (expected is None), sample
        if expected is not None:
            found += 1
            assert got.span() == expected.span()
    assert found >= 5


def _literal_words(items) -> set[str] | None:
    """The texts a sequence of parsed regex items can only be, when it is plain characters and choices of
    them (``A(KIA|SIA)``); None for anything else."""
    from re import _constants as c
    words = {""}
    for op, arg in items:
        if op is c.LITERAL:
            options = {chr(arg)}
        elif op is c.BRANCH:
            alternatives = [_literal_words(list(branch)) for branch in arg[1]]
            if any(a is None for a in alternatives):
                return None
            options = set().union(*alternatives)
        elif op is c.SUBPATTERN and not (arg[1] | arg[2]):  # a group that changes no flag
            options = _literal_words(list(arg[3]))
            if options is None:
                return None
        else:
            return None
        words = {w + o for w in words for o in options}
    return words


def format_needles(source: str) -> tuple[str, ...] | None:
    """Texts one of which every match of a pattern contains: its longest run of plain characters (or of a
    choice of them) outside repeats, classes and lookarounds; None when it has none of two characters or more."""
    from re import _parser
    parsed = _parser.parse(source)
    if parsed.state.flags & (re.I | re.X):
        return None
    runs, run = [], {""}
    for item in list(parsed) + [(None, None)]:
        words = _literal_words([item]) if item[0] is not None else None
        if words is not None:
            run = {w + o for w in run for o in words}
            continue
        if min(map(len, run)) >= 2:
            runs.append(tuple(sorted(run)))
        run = {""}
    return max(runs, key=lambda r: min(map(len, r))) if runs else None


def test_format_needles_are_what_the_formats_need():
    """linter.secrets' table of texts each group of token formats needs, worked out from the patterns."""
    for group, needles in zip((False, True), secrets._FORMAT_NEEDLES):
        derived = []
        for p in secrets.KNOWN_SECRET_FORMATS:
            if p._source[0].startswith(("(?<", "[")) == group:
                assert not p._source[1], "a token format with flags: its needles cannot be read this way"
                found = format_needles(p._source[0])
                assert found is not None, f"{p._source[0]}: no text every match holds; the guard cannot cover it"
                derived.extend(found)
        assert tuple(derived) == needles


def test_known_format_guard_answers_as_the_plain_searches():
    """linter.secrets.known_format searches each group of token formats only in values holding one of the
    texts its formats need: the same answer as searching every value."""
    plain = [re.compile(p.pattern) for p in secrets._ANY_KNOWN_FORMAT]
    rng = random.Random(7)
    pieces = ["AKIA", "ASIA", "-us", "SK", "sk-", "key-", "ghp_", "github_pat_", "glpat-", "sk_live_", "xoxb-",
              "hooks.slack.com/services/T", "AIza", "GOCSPX-", "-----BEGIN RSA PRIVATE KEY-----", "eyJ", ".eyJ",
              "SG.", "sq0atp-", "amzn.mws.", "npm_", "AccountKey=", "_", "-", ".", "/", "B", "T"]
    hexdigits, alnum = "0123456789abcdef", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    matched = 0
    for _ in range(20000):
        value = "".join(rng.choice(pieces) if rng.random() < 0.3 else
                        "".join(rng.choice(hexdigits if rng.random() < 0.5 else alnum)
                                for _ in range(rng.choice((1, 8, 16, 32, 40))))
                        for _ in range(rng.randint(1, 4)))
        expected = any(p.search(value) for p in plain)
        matched += expected
        assert secrets.known_format(value) == expected, value
    assert matched > 500


def test_format_needles_refuse_what_they_cannot_read():
    assert format_needles(r"[a-z]{40}") is None
    assert format_needles(r"(?i)token-[a-z]+") is None
    assert format_needles(r"ab|cd[0-9]") is None
    assert format_needles(r"x(AKIA|ASIA)y") == ("xAKIAy", "xASIAy")
    assert format_needles(r"ab[0-9]+cde") == ("cde",)


def test_directive_head_finds_what_the_plain_pattern_finds():
    plain = re.compile(secrets._DIRECTIVE_HEAD.pattern, re.I)
    words = ["prodlint :", "prodlint:", "hadolint", "checkov", "bridgecrew", "nosec", "noqa", "nosem",
             "njsscan-ignore", "kics-scan", "#", " ", "ignore"]
    for sample in _samples(words, 4000, 3):
        expected, got = plain.search(sample), secrets._DIRECTIVE_HEAD.search(sample)
        assert (got is None) == (expected is None), sample
        assert got is None or got.span() == expected.span()
