"""Suppressed findings in SARIF: by default left out as results, counted in a notification and placed in the
log's properties (GitHub code scanning opens an alert for every result, `suppressions` or not); with
`--sarif-suppressed include`, results carrying `suppressions` (SARIF 2.1.0 §3.27.23) for a consumer that honours
them. Either way a repository cannot silence a finding unseen in CI. Every other format keeps its meaning:
reported findings only, the suppressed ones counted."""
from __future__ import annotations

import json

import jsonschema

from conftest import ROOT, lint, prodlint, write_tree
from linter.report import render

SCHEMA = json.loads((ROOT / "schemas" / "sarif-schema-2.1.0.json").read_text())
SECRET = "Zq8vT2mLx9pR4wK7nB3sQ"  # random-looking: judged a secret wherever it stands

COMPOSE = (
    "services:\n"
    "  api:\n"
    "    image: example/api:latest  # prodlint: ignore[CMP026] -- pinned by the release job\n"
    "    environment:\n"
    "      # prodlint: ignore[compose-literal-secret]\n"
    f"      DB_PASSWORD: \"{SECRET}\"\n"
)
DOCKERFILE = (
    "# hadolint ignore=DL3007\n"
    "FROM python:latest\n"
    "# kics-scan ignore-line\n"
    "USER root\n"
)


def sarif(result) -> dict:
    log = json.loads(render(result, "sarif", suppressed="include"))
    jsonschema.Draft7Validator(SCHEMA).validate(log)
    return log


def by_rule(log) -> dict:
    out = {}
    for r in log["runs"][0]["results"]:
        out.setdefault((r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]), []).append(r)
    return out


def test_inline_directives_are_in_source_suppressions_located_at_the_directive(tmp_path):
    result = lint(tmp_path, {"docker-compose.yml": COMPOSE, "Dockerfile": DOCKERFILE})
    results = by_rule(sarif(result))
    [pinned] = results[("CMP026", 3)]
    assert pinned["suppressions"] == [{
        "kind": "inSource", "status": "accepted", "justification": "suppressed by `prodlint: ignore` on line 3",
        "location": {"physicalLocation": {"artifactLocation": {"uri": "docker-compose.yml", "uriBaseId": "%SRCROOT%"},
                                          "region": {"startLine": 3}}},
        "properties": {"prodlint": {"cause": "inline"}}}]
    [literal] = results[("CMP013", 6)]
    assert literal["suppressions"][0]["location"]["physicalLocation"]["region"] == {"startLine": 5}
    # another linter's directives, honoured by prodlint, are in source too
    [latest] = results[("DKF001", 2)]
    assert latest["suppressions"][0]["kind"] == "inSource"
    assert "`hadolint ignore=DL3007` on line 1" in latest["suppressions"][0]["justification"]
    [root] = results[("DKF006", 4)]
    assert "`kics-scan ignore-line` on line 3" in root["suppressions"][0]["justification"]
    # reported findings carry none, and each result keeps a fingerprint of its own
    assert all("suppressions" not in r for r in results[("CMP001", 2)])
    prints = [r["partialFingerprints"]["prodlint/v1"] for rs in results.values() for r in rs]
    assert len(prints) == len(set(prints))
    assert {f.rule_id for f in result.suppressed} >= {"CMP026", "CMP013", "DKF001", "DKF006"}


def test_suppressed_results_mask_their_secret_like_reported_ones(tmp_path):
    """The value a suppressed finding is about is in no output, in any case, nor in its line hash's window."""
    result = lint(tmp_path, {"docker-compose.yml": COMPOSE})
    text = render(result, "sarif", suppressed="include")
    assert SECRET.lower() not in text.lower()
    [literal] = by_rule(json.loads(text))[("CMP013", 6)]
    assert "primaryLocationLineHash" not in literal["partialFingerprints"]
    for fmt in ("text", "json", "github"):
        assert SECRET.lower() not in render(result, fmt).lower()


def test_configuration_and_baseline_suppressions_are_external(tmp_path):
    compose = "services:\n  api:\n    image: example/api:1.0\n  web:\n    image: example/web:1.0\n"
    write_tree(tmp_path, {".prodlint.toml": '[per-file-ignores]\n"legacy/*" = ["CMP002"]\n',
                          "legacy/docker-compose.yml": compose, "docker-compose.yml": compose})
    base = tmp_path / "known.json"
    assert prodlint("baseline", tmp_path, "-o", base).returncode == 0
    # the baseline holds docker-compose.yml's two findings; legacy/'s are ignored by the configuration
    out = tmp_path / "out.sarif"
    proc = prodlint("check", "--select", "CMP002", "--baseline", base, "--format", "sarif", "--sarif-suppressed",
                    "include", "-o", out, tmp_path)
    assert proc.returncode == 0, proc.stderr  # suppressed results never fail the run
    log = json.loads(out.read_text())
    jsonschema.Draft7Validator(SCHEMA).validate(log)
    got = sorted((r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["suppressions"][0]["kind"],
                  r["suppressions"][0]["properties"]["prodlint"]["cause"]) for r in log["runs"][0]["results"])
    assert got == [("docker-compose.yml", "external", "baseline")] * 2 + \
        [("legacy/docker-compose.yml", "external", "per-file-ignores")] * 2
    assert all(r["suppressions"][0]["status"] == "accepted" and "location" not in r["suppressions"][0]
               for r in log["runs"][0]["results"])
    # the text report keeps its meaning: no finding, the suppressed ones counted
    text = prodlint("check", "--select", "CMP002", "--baseline", base, tmp_path)
    assert text.returncode == 0 and "0 findings" in text.stdout
    assert "2 suppressed, 2 in the baseline" in text.stdout


def test_suppressed_results_come_after_reported_ones_within_the_limit(tmp_path):
    from linter.report import sarif as sarif_report
    result = lint(tmp_path, {"docker-compose.yml": COMPOSE})
    reported = len(result.findings)
    log = sarif_report.document(result, max_results=reported)
    assert len(log["runs"][0]["results"]) == reported
    assert all("suppressions" not in r for r in log["runs"][0]["results"])
    notes = [n["message"]["text"] for n in log["runs"][0]["invocations"][0]["toolExecutionNotifications"]]
    assert any(n.startswith(f"{len(result.suppressed)} of {len(result.suppressed)} suppressed findings were left out")
               for n in notes)


def test_suppressed_results_are_left_out_by_default_and_said(tmp_path):
    """GitHub code scanning opens an alert for every result, `suppressions` or not: by default suppressed findings
    are no results, but a notification counts them and the log's properties place each one. The scanned
    repository's configuration cannot choose otherwise."""
    write_tree(tmp_path, {"docker-compose.yml": COMPOSE})
    proc = prodlint("check", "--no-git", "--format", "sarif", tmp_path)
    log = json.loads(proc.stdout)
    jsonschema.Draft7Validator(SCHEMA).validate(log)
    run = log["runs"][0]
    assert run["results"] and not any("suppressions" in r for r in run["results"])
    assert run["properties"]["prodlint"]["suppressed"] == {"inline": 2}
    notes = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    assert "2 findings were suppressed and left out as results; every place is in properties.prodlint.suppressedAt " \
           "(`--sarif-suppressed include` writes them as results carrying `suppressions`)." in notes
    assert [p["line"] for p in run["properties"]["prodlint"]["suppressedAt"]] == [3, 5]
    included = json.loads(prodlint("check", "--no-git", "--format", "sarif", "--sarif-suppressed", "include",
                                   tmp_path).stdout)["runs"][0]["results"]
    assert sum("suppressions" in r for r in included) == 2
    write_tree(tmp_path, {".prodlint.toml": 'sarif-suppressed = "include"\n'})
    assert prodlint("check", "--no-git", "--format", "sarif", tmp_path).returncode == 2  # not a setting
