"""The sixth red team's holes in the security guarantees (SECURITY.md), each closed as a general property."""
from __future__ import annotations

import pytest

from conftest import lint

UNPINNED = "RUN apt-get update && apt-get install -y {}\n"


def _where(result, rule):
    return sorted(f.span.line for f in result.findings if f.rule_id == rule), \
        sorted(f.span.line for f in result.suppressed if f.rule_id == rule)


# ---- a directive covers the line it names, counted as every output counts lines ---------------------------
# str.splitlines breaks at form feeds, vertical tabs, NEL and U+2028/9 too; findings, snippets and SARIF count
# lines by LF. A comment of a few such characters moved every directive below it onto later lines.
@pytest.mark.parametrize("breaks", ["\x0c" * 5, "\x0b\x1c\x1d\x1e\x85", "\u2028\u2029" * 3])
def test_a_directive_below_unusual_line_breaks_covers_its_own_line(tmp_path, breaks):
    lines = ["FROM debian:bookworm-slim", f"# note {breaks} end", "# hadolint ignore=DL3008", "RUN echo hi"] \
        + [f"RUN echo {i}" for i in range(4)]
    text = "\n".join(lines) + "\n" + UNPINNED.format("curl") + UNPINNED.format("wget")
    result = lint(tmp_path, {"Dockerfile": text}, select=["DKF015"])
    assert _where(result, "DKF015") == ([9, 10], [])
    assert not result.suppressions


@pytest.mark.parametrize("lead, shift", [("# prodlint: ignore[PY003] -- reviewed", 4), ("# nosec", 5),
                                         ("# noqa: S201", 5), ("# nosemgrep", 4)])
def test_a_python_directive_below_form_feeds_covers_its_own_line(tmp_path, lead, shift):
    # read by splitlines, the directive on line 3 was numbered 3 + shift: the DEBUG line's
    text = ('INSTALLED_APPS = ["django.contrib.auth"]\n# ' + "\x0c" * shift + "\n" + lead
            + "\nX = 1\nX = 2\nX = 3\nX = 4\nDEBUG = True\n")
    result = lint(tmp_path, {"settings.py": text}, select=["PY003"])
    assert _where(result, "PY003") == ([8], [])


def test_compose_findings_after_unicode_line_separators_keep_their_lf_line(tmp_path):
    # libyaml counts U+2028 inside a string as a line break; outputs and directives count LF
    text = ('services:\n  web:\n    image: nginx:1.25\n    labels: {a: "x\u2028\u2028\u2028y"}\n'
            "    # prodlint: ignore[CMP006] -- reviewed\n    cap_add: [ALL]\n    stop_signal: SIGTERM\n"
            "    user: app\n    privileged: true\n")
    result = lint(tmp_path, {"docker-compose.yml": text}, select=["CMP006"])
    assert _where(result, "CMP006") == ([9], [6])
    finding = next(f for f in result.findings if f.rule_id == "CMP006")
    assert "privileged: true" in (finding.snippet or "")


# ---- bounded parsing: the Python 3.12 syntax blankers -----------------------------------------------------
def test_type_parameter_heads_in_a_string_are_blanked_in_linear_time():
    # every `def a[` line of a string is a head whose bracket scan ran 2,000 characters past it
    import time

    from linter.parsers.typeparams import blank_pep695
    start = time.process_time()
    blank_pep695('X = """\n' + "def a[\n" * 100_000 + '"""\n')
    assert time.process_time() - start < 2.0
    assert blank_pep695("def f[T: (int,\n  str)](x): pass\nclass B[T]: pass\n") == \
        "def f        \\\n       (x): pass\nclass B   : pass\n"
