"""The sixth red team's holes in the security guarantees (SECURITY.md), each closed as a general property."""
from __future__ import annotations

import pytest

from conftest import cpu_seconds, lint

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


# ---- bounded parsing: directive readers walk a file once, not once per directive -------------------------
_PEER_SHAPES = {
    "hadolint above continued instructions": ("dockerfile", lambda n: "FROM x\n" + "# hadolint ignore=DL3008\nRUN a \\\n" * n),
    "kics ignore-line above continued instructions": ("dockerfile",
                                                      lambda n: "FROM x\n" + "# kics-scan ignore-line\nRUN a \\\n" * n),
    "kics ignore-line at a long head": ("dockerfile", lambda n: "# kics-scan ignore-line\n" * n + "FROM x\n"),
    "kics ignore-block in one YAML block": ("compose", lambda n: "a:\n" + "  # kics-scan ignore-block\n" * n + "  b: 1\n"),
    "kics ignore-block above Dockerfile stages": ("dockerfile",
                                                  lambda n: "FROM x\n" + "# kics-scan ignore-block\nRUN a\n" * n),
}


@pytest.mark.parametrize("shape", sorted(_PEER_SHAPES))
def test_peer_directive_scopes_are_worked_out_in_linear_time(shape):
    from linter.peer_directives import parse_peer_directives
    kind, make = _PEER_SHAPES[shape]
    small, large = cpu_seconds(make, lambda text: parse_peer_directives(text, kind))
    assert large < 0.3 + 8 * small, f"{large:.2f} s for 8000 directives ({small:.2f} s for 2000)"


_OWN_SHAPES = {
    "ignore lines above one line": lambda n: "a: 1\n" + "# prodlint: ignore[CMP001] -- r\n" * n + "b: 1\n",
    "enables matching no block": lambda n: "# prodlint: disable[CMP001] -- r\n" * n + "# prodlint: enable[CMP002]\n" * n,
    "bare enables": lambda n: "# prodlint: disable[CMP001] -- r\n" * n + "# prodlint: enable\n" * n,
}


@pytest.mark.parametrize("shape", sorted(_OWN_SHAPES))
def test_prodlint_directive_scopes_are_worked_out_in_linear_time(shape):
    from linter.suppress import parse_directives
    small, large = cpu_seconds(_OWN_SHAPES[shape], lambda text: parse_directives(text, "compose"))
    assert large < 0.3 + 8 * small, f"{large:.2f} s for 8000 directives ({small:.2f} s for 2000)"


def test_blocks_still_close_as_before():
    from linter.suppress import parse_directives
    text = ("# prodlint: disable[A] -- r\n# prodlint: disable -- r\n# prodlint: disable[B] -- r\nx\n"
            "# prodlint: enable[A]\n# prodlint: enable[C]\n# prodlint: enable\n# prodlint: enable\ny\n")
    spans = [(d.ids, d.applies_to) for d in parse_directives(text, "compose")]
    # enable[A] closes the latest block naming A or no rule (the bare one), enable[C] none; a bare enable the
    # latest open block (B's), the next one A's
    assert spans == [(["A"], (1, 8)), ([], (2, 5)), (["B"], (3, 7))]


def test_findings_are_matched_to_directives_in_time_their_sum(tmp_path):
    # every finding was compared with every directive of its file: 6,000 findings and 20,000 directive lines
    # (of a rule nothing covers) took 16 s on top of the 1 s the findings take
    import time

    def cpu(text):
        (tmp_path / "docker-compose.yml").write_text(text)
        start = time.process_time()
        lint(tmp_path, cache=False)
        return time.process_time() - start

    services = "services:\n" + "".join(f"  s{i}: {{image: x}}\n" for i in range(1000))
    cpu("services: {}\n")
    alone, directed = cpu(services), cpu(services + "# nosemgrep: zz\n" * 20000)
    assert directed < 1.0 + 2 * alone, f"{directed:.2f} s with the directives, {alone:.2f} s without"


def test_the_first_covering_directive_is_the_one_the_list_order_gives():
    import random

    from linter.api import Span
    from linter.decide import _first_covering
    from linter.suppress import Directive, covers

    class Found:
        def __init__(self, line, rule):
            self.path, self.span, self.rule_id = "p", Span(line, 1), rule

    rng = random.Random(6)
    for _ in range(2000):
        directives = []
        for _ in range(rng.randint(0, 8)):
            first = rng.randint(1, 10)
            directives.append(Directive(rng.choice(["ignore", "disable", "nosemgrep"]), [], "", first, 1,
                                        (first, rng.randint(first, 12)),
                                        rule_ids=set(rng.sample(["R1", "R2", "R3"], rng.randint(0, 2)))))
        raw = [Found(rng.randint(1, 12), rng.choice(["R1", "R2", "R3"])) for _ in range(rng.randint(0, 10))]
        hits = _first_covering(raw, {"p": directives})
        for f in raw:
            expected = next((d for d in directives if covers(d, f.rule_id, f.span.line)), None)
            assert hits.get(("p", f.span.line, f.rule_id)) is expected


# ---- suppressions are shown with what made them ------------------------------------------------------------
def test_the_audit_names_another_linters_directive_where_it_suppressed_an_item(tmp_path):
    from conftest import prodlint
    (tmp_path / "docker-compose.yml").write_text(
        "# kics-scan ignore\nservices:\n  web:\n    image: nginx:1.27\n    privileged: true\n")
    out = prodlint("audit", "-f", "text", tmp_path, timeout=180).stdout
    item = out[out.index("hardening.privileged"):][:400]
    assert "suppressed (docker-compose.yml:5 by another linter's directive)" in " ".join(item.split())


# ---- a template's other branches are announced, not dropped unseen ------------------------------------------
def test_a_templates_else_branch_is_announced_as_not_checked(tmp_path):
    compose = ("services:\n  app:\n    image: app:{{ tag }}\n{% if env == 'dev' %}\n    restart: always\n"
               "{% else %}\n    privileged: true\n{% endif %}\n{% if x %}\n    user: app\n{% else %}\n{% endif %}\n")
    result = lint(tmp_path, {"templates/docker-compose.yml": compose}, select=["CMP006"], cache=False)
    assert not result.findings  # the first branch is the one rendered and checked
    assert [(n.path, n.message) for n in result.notices if "elif/else" in n.message] == [
        ("templates/docker-compose.yml", "not checked: the template's elif/else branches (line 6); only its "
                                         "first branches are read")]


def test_template_branches_are_found_in_linear_time():
    from linter.parsers.template_text import skipped_branches
    small, large = cpu_seconds(lambda n: "{% if a %}\n{% else %}\nx\n" * n + "{% endif %}\n" * n,
                              skipped_branches, sizes=(5000, 20000))
    assert large < 0.3 + 8 * small
    assert skipped_branches("{% if a %}x{% elif b %}y{% else %}z{% endif %}") == [1]
    assert skipped_branches("a: 1\n") == []


def test_per_file_ignores_of_thousands_of_patterns_cost_no_more_than_once_per_file(tmp_path):
    # each pattern was a glob set asked for every finding: 5,000 patterns and 6,000 findings took 17 s
    import time

    services = "services:\n" + "".join(f"  s{i}: {{image: x}}\n" for i in range(1000))
    (tmp_path / "docker-compose.yml").write_text(services)
    lint(tmp_path, cache=False)
    start = time.process_time()
    lint(tmp_path, cache=False)
    alone = time.process_time() - start
    (tmp_path / ".prodlint.toml").write_text(
        "[per-file-ignores]\n" + "".join(f'"zz{i}/**" = ["CMP001"]\n' for i in range(5000))
        + '"docker-compose.yml" = ["CMP002"]\n"!docker-compose.yml" = ["CMP003"]\n')
    start = time.process_time()
    result = lint(tmp_path, cache=False)
    assert time.process_time() - start < 1.5 + 2 * alone
    assert {f.rule_id for f in result.suppressed} == {"CMP002"}
    assert any(f.rule_id == "CMP001" for f in result.findings) and any(f.rule_id == "CMP003" for f in result.findings)


def test_variables_read_across_thousands_of_stages_and_declarations_stay_linear(tmp_path):
    # DKF015 asked every RUN for every variable of every stage: 300 kB of ENV and RUN lines took over a minute
    import time
    lines = ["FROM debian:bookworm-slim AS other", "ENV X=1.0", "FROM debian:bookworm-slim AS s0"]
    for i in range(1, 3000):
        lines += [f"FROM s{i - 1} AS s{i}", f"ENV V{i}=1.{i}", f"RUN yum install -y pkg-$V{i} lib-$X"]
    started = time.process_time()
    result = lint(tmp_path, {"Dockerfile": "\n".join(lines) + "\n"}, select=["DKF015"])
    assert time.process_time() - started < 20
    # each RUN's own chain declares V<i>; X only the other stage does, so `lib-$X` installs an unpinned lib
    runs = [n for n, line in enumerate(lines, 1) if line.startswith("RUN")]
    assert sorted(f.span.line for f in result.findings if f.rule_id == "DKF015") == runs
