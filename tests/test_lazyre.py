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


def test_known_format_guard_answers_as_the_plain_searches():
    """linter.secrets.known_format searches each group of token formats only in values holding one of the
    texts its formats need: the same answer as searching every value."""
    plain = [re.compile(p.pattern) for p in secrets._ANY_KNOWN_FORMAT]
    assert all(n is not None for n in (secrets._group_needles(False), secrets._group_needles(True)))
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
    assert secrets.format_needles(r"[a-z]{40}") is None
    assert secrets.format_needles(r"(?i)token-[a-z]+") is None
    assert secrets.format_needles(r"ab|cd[0-9]") is None
    assert secrets.format_needles(r"x(AKIA|ASIA)y") == ("xAKIAy", "xASIAy")
    assert secrets.format_needles(r"ab[0-9]+cde") == ("cde",)


def test_directive_head_finds_what_the_plain_pattern_finds():
    plain = re.compile(secrets._DIRECTIVE_HEAD.pattern, re.I)
    words = ["prodlint :", "prodlint:", "hadolint", "checkov", "bridgecrew", "nosec", "noqa", "nosem",
             "njsscan-ignore", "kics-scan", "#", " ", "ignore"]
    for sample in _samples(words, 4000, 3):
        expected, got = plain.search(sample), secrets._DIRECTIVE_HEAD.search(sample)
        assert (got is None) == (expected is None), sample
        assert got is None or got.span() == expected.span()
