"""GlobSet answers as pathspec's GitIgnoreSpec does, while compiling only the patterns a path can match."""
from __future__ import annotations

import functools

import pathspec
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.discover import DEFAULT_EXCLUDES
from linter.globs import GlobSet
from linter.model.roles import DEFAULT_ROLE_PATTERNS

SETS = [patterns for patterns in DEFAULT_ROLE_PATTERNS.values()] + [list(DEFAULT_EXCLUDES),
                                                                    ["/build/", "*.min.js", "docs/**/*.md"]]
SEGMENTS = ["src", "test", "tests", "e2e", "dev", "examples", "settings", "node_modules", "build", "docs", "api",
            ".env", ".env.example", ".env.test.local", "docker-compose.override.yml", "Dockerfile.dev",
            "app.test.js", "conftest.py", "dev.py", "a.min.js", "x.md", "compose.yaml", "cypress", ".venv"]


@functools.lru_cache(maxsize=None)
def _both(patterns: tuple[str, ...]):
    # built once per set: the comparison is what varies, and rebuilding hundreds of patterns per example was
    # most of this test's time
    return GlobSet(list(patterns)), pathspec.GitIgnoreSpec.from_lines(patterns)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SETS), st.lists(st.sampled_from(SEGMENTS), min_size=1, max_size=5))
def test_same_answer_as_pathspec(patterns, parts):
    path = "/".join(parts)
    ours, theirs = _both(tuple(patterns))
    assert ours.match(path) == theirs.match_file(path), path


def test_negated_sets_keep_last_match_wins():
    globs = GlobSet(["*.env", "!keep.env"])
    assert globs.match("a/x.env") and not globs.match("a/keep.env")


def test_a_path_without_the_literal_compiles_nothing():
    globs = GlobSet(["*.example.*", "fixtures/"])
    assert not globs.match("src/app.js")
    assert all(isinstance(regex, str) for _, regex in globs._patterns)
    assert globs.match("tests/fixtures/a.yml")


def test_builtin_translations_are_pathspecs_own():
    """The written-down table is exactly pathspec's answer for exactly the built-in patterns; when this fails,
    regenerate it: `python -m linter.glob_regexes_gen`."""
    from linter.glob_regexes import TABLE
    from linter.glob_regexes_gen import builtin_patterns, generated
    assert set(TABLE) == set(builtin_patterns())
    assert TABLE == generated()
