"""Patterns the Python rules and model run over whole files or long literals: each must answer as it did on
ordinary input and must not backtrack on the inputs that made earlier versions quadratic or exponential
(the sizes here took seconds to minutes before; they now take a single pass)."""
from __future__ import annotations

from linter.api.secrets import not_a_credential as _not_a_credential, prose as _prose


def test_prose_is_a_sentence_or_a_template_never_a_key_or_a_passphrase():
    assert _prose("Did you ask for a new password on {site}? Ignore this email if you did not.")
    assert _prose("Use twelve characters or more, with digits")
    assert _prose("Hello {{ user }} welcome")
    assert _prose("Password must contain at least eight characters")  # no punctuation, but "must", "at"
    assert not _prose("correct horse battery staple orbit lantern")
    assert not _prose("correct horse the battery staple")  # one small word a generator may draw
    assert not _prose("-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAzZ3n. Lj4Hc9Ry2. Vu6Fo1Ea8, Zi3Sx7Mk0.\n"
                      "-----END RSA PRIVATE KEY-----")
    assert not _prose("k2#9fj3LmQ8!zx7Vb4Np0wRt6Ys1Ue5Hc")


def test_prose_reads_a_long_value_in_one_pass():
    # a 30 KB one-word value: the old pattern's overlapping \w+[\w'...]* took 17 s on it
    assert not _prose("a" * 30_000)
    assert not _not_a_credential("API_SECRET", "a" * 30_000)
    assert not _prose("a." * 15_000)  # one "word": no sentence
    assert not _prose(" " * 30_000 + "{x}")


def test_line_anchored_patterns_do_not_rescan_blank_lines():
    # ^\s* under re.M re-read every following blank line from each line start: quadratic on a file of
    # blank lines. [ \t]* stops at the line's end, so each line start costs one step
    from linter.model.python import _HEADER_CODE, _HEADER_PACKAGES, _LIMITERS
    from rules.python.session_cookies import _SESSION_USE
    import re
    blank = "\n" * 40_000
    for pattern in (_LIMITERS, _HEADER_PACKAGES, _HEADER_CODE, re.compile(_SESSION_USE)):
        assert pattern.search(blank) is None
    assert _LIMITERS.search(blank + "    class LoginRateLimiter:\n")
    assert not _LIMITERS.search(blank + "class RateLimitConfig:\nclass ThrottledSession(Session):\n")
    assert _HEADER_CODE.search(blank + "from secure import Secure\n")
    assert re.search(_SESSION_USE, blank + "from flask import (\n    Flask,\n    session,\n)\n")
    assert not re.search(_SESSION_USE, blank + "row = db.session.get(User, 1)\nsession.get(url)\n")


def test_python_rules_and_models_compile_no_pattern_at_import():
    # a run imports these for any Python file; their patterns are compiled on first use (linter.lazyre)
    import ast
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent
    eager = []
    for path in sorted((root / "rules" / "python").glob("*.py")) + sorted((root / "linter" / "model").glob("python*.py")):
        for node in ast.parse(path.read_text()).body:
            value = getattr(node, "value", None)
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(value, ast.Call) and \
                    ast.unparse(value.func) in ("re.compile", "compile"):
                eager.append(f"{path.relative_to(root)}:{node.lineno}")
    assert eager == []


def test_a_key_value_dsn_splits_one_way():
    from rules.python.db_tls_disabled import _DSN
    assert _DSN.match("host=db user=app password='a b' sslmode=disable")
    assert _DSN.match("host = db  sslmode = prefer ")
    assert not _DSN.match("set sslmode=disable only when debugging locally")
    # b=b=b... then a stray quote: the former pattern tried every split of the run (8 s at 20 pairs)
    assert not _DSN.match("sslmode=disable " + "b=b" * 5_000 + " 'x")


def test_a_long_run_of_dots_after_from_is_read_in_one_pass():
    # `\.*[\w.]*`: both parts take dots, so a line of 20,000 dots split them every way (12 s; a 2 MiB file, hours):
    # the star-import, settings-star and django-configurations import patterns, run over every Python file
    import time
    from linter.classify import _PY_SETTINGS_STAR
    from linter.model.python import _STAR
    from linter.model.python_configurations import importer_targets
    dots = "class A(B):\n    pass\nfrom " + "." * 200_000 + "!\n"
    start = time.process_time()
    assert importer_targets(dots) == []
    assert _STAR.search(dots) is None and _PY_SETTINGS_STAR.search(dots) is None
    assert time.process_time() - start < 2
    assert _STAR.search("from ..settings.base import *\n").group(1) == "..settings.base"
    assert _STAR.search("from . import *\n").group(1) == "."
    assert _PY_SETTINGS_STAR.search("from .base import *\n") and _PY_SETTINGS_STAR.search("from app.settings_common import *\n")
    assert not _PY_SETTINGS_STAR.search("from app.views import *\n")
    assert importer_targets("from settings.base import Base\nclass Production(Base):\n    pass\n") == ["settings.base"]
    assert importer_targets("from .base import (Base, X)\nclass Prod(Base): pass\n") == [".base"]
