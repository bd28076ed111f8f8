"""Other linters' inline directives (hadolint, Checkov, Bandit, Ruff, Semgrep, njsscan, KICS) suppress the
prodlint rules that cover the rules they name, with each tool's own scope, and are counted like prodlint's own
directives."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from conftest import lint
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.peer_directives import parse_peer_directives
from linter.selection import RuleSet
from linter.config import Config

UNPINNED = "RUN apt-get update && apt-get install -y curl\n"
SETTINGS = 'INSTALLED_APPS = ["django.contrib.auth"]\nDEBUG = False\n'
KEY = '"k3J9x!q2Lm8Zp4Rt7Vw1Yb6Nc0Hd5Fg"'


def found(result, rule):
    return sorted((f.path, f.span.line) for f in result.findings if f.rule_id == rule)


def suppressed(result, rule):
    return sorted((f.path, f.span.line, f.suppressed) for f in result.suppressed if f.rule_id == rule)


def test_hadolint_ignore_covers_the_instruction_right_below_with_its_continuations(tmp_path):
    text = ("FROM debian:bookworm-slim\n"
            "# hadolint ignore=DL3008\n"
            "RUN apt-get update \\\n"
            "    # a comment inside the instruction\n"
            "    && apt-get install -y \\\n"
            "       curl\n"
            + UNPINNED)
    result = lint(tmp_path, {"Dockerfile": text}, select=["DKF015"])
    assert suppressed(result, "DKF015") == [("Dockerfile", 3, "peer-directive")]
    assert found(result, "DKF015") == [("Dockerfile", 7)]
    assert result.suppressions == [{"path": "Dockerfile", "line": 2, "cause": "peer-directive",
                                    "directive": "hadolint ignore=DL3008", "count": 1, "rules": {"DKF015": 1}}]
    assert any("`hadolint ignore=DL3008` on line 2" in n.message for n in result.notices)


def test_hadolint_ignore_needs_the_instruction_on_the_next_line(tmp_path):
    # hadolint keys a pragma to the line below it: a blank line or another comment in between undoes it
    text = "FROM debian:bookworm-slim\n# hadolint ignore=DL3008\n\n" + UNPINNED + "# hadolint ignore=DL3008\n# x\n" \
           + UNPINNED
    result = lint(tmp_path, {"Dockerfile": text}, select=["DKF015"])
    assert found(result, "DKF015") == [("Dockerfile", 4), ("Dockerfile", 7)]
    assert not result.suppressed


def test_hadolint_ignore_of_another_rule_or_one_prodlint_does_not_cover_suppresses_nothing(tmp_path):
    text = "FROM debian:bookworm-slim\n# hadolint ignore=DL3009,DL4006\n" + UNPINNED
    result = lint(tmp_path, {"Dockerfile": text}, select=["DKF015"])
    assert found(result, "DKF015") == [("Dockerfile", 3)]
    assert not [f for f in result.findings if f.rule_id.startswith("PL")]  # the other tool's: never "unused"


def test_hadolint_global_ignore_and_checkov_skip_cover_the_whole_file(tmp_path):
    text = ("# hadolint global ignore=DL3008, DL3002\n"
            "FROM debian:bookworm-slim\n" + UNPINNED + UNPINNED
            + "#checkov:skip=CKV_DOCKER_2: the orchestrator probes it\nUSER root\n")
    result = lint(tmp_path, {"Dockerfile": text}, select=["DKF015", "DKF006", "DKF007"])
    assert not found(result, "DKF015") and not found(result, "DKF006") and not found(result, "DKF007")
    assert {(p["line"], p["directive"]) for p in result.suppressions} == {
        (1, "hadolint global ignore=DL3008,DL3002"), (5, "checkov:skip=CKV_DOCKER_2")}


def test_escape_directive_sets_the_continuation_character(tmp_path):
    text = ("# escape=`\nFROM debian:bookworm-slim\n# hadolint ignore=DL3008\nRUN apt-get update `\n"
            "    && apt-get install -y curl\n")
    result = lint(tmp_path, {"Dockerfile": text}, select=["DKF015"])
    assert not found(result, "DKF015")
    assert [f.span.line for f in result.suppressed] == [4]


def test_bandit_nosec_and_ruff_noqa_codes_on_the_line(tmp_path):
    text = (SETTINGS + f"SECRET_KEY = {KEY}  # nosec B105\n"
            f"EMAIL_HOST_PASSWORD = {KEY}  # noqa: S105\n"
            f"API_TOKEN = {KEY}  # noqa\n"            # a bare noqa is mostly for style checks: not read
            f"SIGNING_SECRET = {KEY}  # nosec B608\n"  # a Bandit check prodlint does not cover
            f"OTHER_SECRET = {KEY}  # nosec\n")        # bare: every Bandit check
    result = lint(tmp_path, {"requirements.txt": "django==5.0\n", "app/settings.py": text}, select=["PY001"])
    assert found(result, "PY001") == [("app/settings.py", 5), ("app/settings.py", 6)]
    assert [(f.span.line, f.suppressed) for f in sorted(result.suppressed, key=lambda f: f.span.line)] == [
        (3, "peer-directive"), (4, "peer-directive"), (7, "peer-directive")]


def test_turned_off_by_the_configuration(tmp_path):
    text = "FROM debian:bookworm-slim\n# hadolint ignore=DL3008\n" + UNPINNED
    result = lint(tmp_path, {"Dockerfile": text, ".prodlint.toml": "peer-directives = false\n"}, select=["DKF015"])
    assert found(result, "DKF015") == [("Dockerfile", 3)]


def test_directives_quote_rule_ids_never_the_commented_line():
    line = 'SECRET_KEY = "hunter2-hunter2-hunter2"  # nosec B105'
    (directive,) = parse_peer_directives(line + "\n", "python")
    assert directive.verb == "nosec B105" and directive.reason == ""
    assert "hunter2" not in repr(directive.verb)


def test_every_peer_id_a_rule_lists_is_one_a_directive_can_name():
    ruleset = RuleSet(Config())
    peers = {p for m in ruleset.metas for p in m.peers}
    assert {"hadolint:DL3008", "checkov:CKV_DOCKER_2", "bandit:B105", "ruff:S105"} <= peers
    assert {"semgrep:cors-misconfiguration", "njsscan:express_cors", "semgrep:curl-pipe-bash"} <= peers
    for peer in peers:
        tool, rule = peer.split(":")
        text = {"hadolint": f"# hadolint ignore={rule}\nRUN x\n", "checkov": f"# checkov:skip={rule}: why\n",
                "bandit": f"x = 1  # nosec {rule}\n", "ruff": f"x = 1  # noqa: {rule}\n",
                "semgrep": f"x = 1  # nosemgrep: {rule}\n", "njsscan": f"x(1)  // njsscan-ignore: {rule}\n",
                "kics": f"# kics-scan disable={rule}\nFROM x\n"}[tool]
        kind = {"bandit": "python", "ruff": "python", "njsscan": "node"}.get(tool, "dockerfile")
        assert [d.ids for d in parse_peer_directives(text, kind)] == [[peer]], peer


CORS_APP = ("const express = require('express');\nconst cors = require('cors');\nconst app = express();\n"
            "app.use(cors());\napp.listen(3000);\n")


def test_nosemgrep_covers_its_line_and_the_next_with_a_full_or_short_rule_id(tmp_path):
    above = CORS_APP.replace("app.use(cors());", "// nosemgrep: javascript.express.security.cors-misconfiguration"
                             ".cors-misconfiguration\napp.use(cors());")
    result = lint(tmp_path, {"package.json": '{"dependencies": {"express": "4", "cors": "2"}}',
                             "server.js": above}, select=["JS001"])
    assert suppressed(result, "JS001") == [("server.js", 5, "peer-directive")]
    assert [p["directive"] for p in result.suppressions] == ["nosemgrep: cors-misconfiguration"]


def test_nosemgrep_naming_another_rule_suppresses_nothing_and_a_bare_one_every_covered_rule(tmp_path):
    other = CORS_APP.replace("app.use(cors());", "app.use(cors());  // nosemgrep: express-xss")
    bare = CORS_APP.replace("app.use(cors());", "app.use(cors()); /* nosemgrep */")
    files = {"package.json": '{"dependencies": {"express": "4", "cors": "2"}}'}
    assert found(lint(tmp_path / "a", {**files, "server.js": other}, select=["JS001"]), "JS001") == [("server.js", 4)]
    assert suppressed(lint(tmp_path / "b", {**files, "server.js": bare}, select=["JS001"]), "JS001") == [
        ("server.js", 4, "peer-directive")]


def test_njsscan_ignore_covers_its_own_line_only(tmp_path):
    same = CORS_APP.replace("app.use(cors());", "app.use(cors()); // njsscan-ignore: express_cors, node_secret")
    above = CORS_APP.replace("app.use(cors());", "// njsscan-ignore: express_cors\napp.use(cors());")
    files = {"package.json": '{"dependencies": {"express": "4", "cors": "2"}}'}
    assert suppressed(lint(tmp_path / "a", {**files, "server.js": same}, select=["JS001"]), "JS001") == [
        ("server.js", 4, "peer-directive")]
    assert found(lint(tmp_path / "b", {**files, "server.js": above}, select=["JS001"]), "JS001") == [("server.js", 5)]


def test_nosemgrep_in_a_dockerfile_and_a_compose_file(tmp_path):
    dockerfile = ("FROM debian:bookworm-slim\n# nosemgrep: curl-pipe-bash\n"
                  "RUN curl -fsSL https://example.com/install.sh | sh\n")
    compose = "services:\n  app:\n    image: nginx:1.27\n    privileged: true  # nosemgrep: privileged-service\n"
    result = lint(tmp_path, {"Dockerfile": dockerfile, "compose.yaml": compose}, select=["DKF026", "CMP006"])
    assert suppressed(result, "DKF026") == [("Dockerfile", 3, "peer-directive")]
    assert suppressed(result, "CMP006") == [("compose.yaml", 4, "peer-directive")]
    assert not found(result, "DKF026") and not found(result, "CMP006")


HEALTH_KICS = "kics:698ed579-b239-4f8f-a388-baa4bcb13ef8"  # KICS "Healthcheck Not Set"
SERVICES = ("services:\n  api:\n    image: example/api:1.2\n    restart: unless-stopped\n"
            "  worker:\n    image: example/worker:1.2\n    restart: unless-stopped\n")


def test_kics_ignore_line_covers_the_next_line_and_ignore_block_the_next_key():
    line = SERVICES.replace("  api:\n", "  # kics-scan ignore-line\n  api:\n")
    block = SERVICES.replace("  worker:\n", "  # kics-scan ignore-block\n  worker:\n")
    with tempfile.TemporaryDirectory() as base:
        a = lint(Path(base) / "a", {"compose.yaml": line}, select=["CMP001"])
        b = lint(Path(base) / "b", {"compose.yaml": block}, select=["CMP001"])
    assert suppressed(a, "CMP001") == [("compose.yaml", 3, "peer-directive")]
    assert found(a, "CMP001") == [("compose.yaml", 6)]
    assert suppressed(b, "CMP001") == [("compose.yaml", 6, "peer-directive")]
    assert found(b, "CMP001") == [("compose.yaml", 2)]


def test_kics_file_commands_count_only_at_the_head_of_the_file():
    head = "# a compose file\n# kics-scan disable=698ed579-b239-4f8f-a388-baa4bcb13ef8\n" + SERVICES
    late = SERVICES + "# kics-scan ignore\n"
    other = "# kics-scan disable=610e266e-6c12-4bca-9925-1ed0cd29742b\n" + SERVICES  # Security Opt Not Set
    with tempfile.TemporaryDirectory() as base:
        runs = [lint(Path(base) / str(n), {"compose.yaml": text}, select=["CMP001"])
                for n, text in enumerate((head, late, other))]
    assert not found(runs[0], "CMP001") and len(suppressed(runs[0], "CMP001")) == 2
    assert found(runs[1], "CMP001") == [("compose.yaml", 2), ("compose.yaml", 5)]
    assert found(runs[2], "CMP001") == [("compose.yaml", 3), ("compose.yaml", 6)]  # one line lower
    directive, = parse_peer_directives(head, "compose")
    assert directive.ids == [HEALTH_KICS] and directive.applies_to == (1, len(head.splitlines()))


def test_kics_ignore_line_in_a_dockerfile_covers_the_whole_next_instruction():
    text = ("FROM debian:bookworm-slim\n# kics-scan ignore-line\nRUN apt-get update \\\n"
            "    && apt-get install -y curl\n" + UNPINNED)
    result = lint_once({"Dockerfile": text}, ["DKF015"])
    assert suppressed(result, "DKF015") == [("Dockerfile", 3, "peer-directive")]
    assert found(result, "DKF015") == [("Dockerfile", 5)]
    stage = ("# kics-scan ignore-block\nFROM debian:bookworm-slim\n" + UNPINNED
             + "FROM debian:bookworm-slim\n" + UNPINNED)
    result = lint_once({"Dockerfile": stage}, ["DKF015"])
    assert found(result, "DKF015") == [("Dockerfile", 5)]


def lint_once(files, select):
    with tempfile.TemporaryDirectory() as base:
        return lint(Path(base), files, select=select)


def test_a_word_starting_with_nosem_is_no_directive():
    assert parse_peer_directives("x = 1  # nosemantic check: cors-misconfiguration\n", "python") == []
    assert parse_peer_directives("const nosemgrep = 1; // a variable\n", "node") == []


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(["# hadolint ignore=", "# hadolint global ignore=DL3008", "#checkov:skip=",
                        "x = 1  # nosec ", "x = 1  # noqa: S105", "x = 1  # nosemgrep: ",
                        "x(1) // njsscan-ignore: ", "# kics-scan disable=", "# kics-scan disable=a,"]),
       st.sampled_from([" ", ",", "DL3008 ", "B105,", "\t"]), st.integers(1_000, 20_000))
def test_hostile_lines_do_not_hang_the_run(head, filler, count):
    # a guard against backtracking (seconds to hours on such lines), not a speed measure: reading one
    # 20,000-character line takes milliseconds
    text = head + filler * count + "\n"
    started = time.process_time()
    for kind in ("dockerfile", "python", "node", "compose"):
        parse_peer_directives(text, kind)
    assert time.process_time() - started < 5
