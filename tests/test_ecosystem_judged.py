"""The judged set of ecosystem findings (bench/ecosystem/) is well-formed, and the script that scores prodlint
against it matches findings the way docs/judged-set.md says. Nothing here needs the shared corpus."""
from __future__ import annotations

import collections
import importlib.util
import io
import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "bench" / "ecosystem"


def _load_script():
    spec = importlib.util.spec_from_file_location("ecosystem_judged", REPO / "scripts" / "ecosystem_judged.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while the class is built
    spec.loader.exec_module(module)
    return module


ej = _load_script()


def _rows(name: str) -> list[dict]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    assert all(line.strip() for line in lines), f"{name} has blank lines"
    return [json.loads(line) for line in lines]


def _ident(row: dict) -> tuple:
    return (row["project"], row["path"], row["rule"], row["key"], row["occurrence"])


# ---- the data ------------------------------------------------------------------------------------------------

def test_every_verdict_has_the_documented_fields_and_values():
    rows = _rows("judged.jsonl")
    assert len(rows) >= 300
    for row in rows:
        where = f"{row.get('project')}/{row.get('path')} {row.get('rule')}"
        assert set(ej.REQUIRED) <= set(row), f"{where}: missing {set(ej.REQUIRED) - set(row)}"
        assert row["verdict"] in ej.VERDICTS, where
        assert re.fullmatch(r"[A-Z]{2,4}\d{3}", row["rule"]), where
        assert isinstance(row["key"], str) and row["key"], where
        assert isinstance(row["occurrence"], int) and row["occurrence"] >= 1, where
        assert isinstance(row["line"], int) and row["line"] >= 1, where
        assert not row["path"].startswith("/") and ".." not in Path(row["path"]).parts, where
        reason = row["reason"]
        assert isinstance(reason, str) and len(reason) >= 20 and "\n" not in reason, where


def test_verdict_keys_and_fingerprints_are_unique():
    rows = _rows("judged.jsonl")
    idents = collections.Counter(_ident(r) for r in rows)
    assert [k for k, n in idents.items() if n > 1] == []
    fingerprints = collections.Counter((r["project"], r["fingerprint"]) for r in rows)
    assert [k for k, n in fingerprints.items() if n > 1] == []


def test_snapshot_is_unique_and_holds_every_judged_finding():
    snapshot = _rows("snapshot.jsonl")
    idents = collections.Counter(_ident(r) for r in snapshot)
    assert [k for k, n in idents.items() if n > 1] == []
    missing = [_ident(r) for r in _rows("judged.jsonl") if _ident(r) not in idents]
    assert missing == []


def test_every_rule_of_the_reference_run_has_a_verdict():
    judged_rules = {r["rule"] for r in _rows("judged.jsonl")}
    assert {r["rule"] for r in _rows("snapshot.jsonl")} - judged_rules == set()


# ---- reading reports -----------------------------------------------------------------------------------------

def _json_report(*findings):
    return {"findings": [dict(rule=r, path=p, key=k, line=line, column=1, severity="warning", message="m",
                              fingerprint=fp) for r, p, k, line, fp in findings]}


def test_occurrences_follow_document_order_not_report_order():
    data = _json_report(("DKF015", "Dockerfile", "stage.0.RUN.apt-get.install", 30, "b"),
                        ("DKF015", "Dockerfile", "stage.0.RUN.apt-get.install", 10, "a"),
                        ("DKF019", "Dockerfile", "stage.0.RUN.pipefail", 20, "c"))
    found = ej.findings_from_report(data, "proj", None)
    assert [(f.line, f.occurrence) for f in found] == [(30, 2), (10, 1), (20, 1)]


def test_sarif_results_keep_rule_path_line_and_fingerprint(tmp_path):
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "compose.yaml").write_text("services: {}\n")
    sarif = {"runs": [{"results": [{
        "ruleId": "CMP003", "level": "warning", "message": {"text": "no limits"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "repo/svc/compose.yaml"},
                                            "region": {"startLine": 4, "startColumn": 3}}}],
        "partialFingerprints": {"prodlint/v1": "abc"}}]}]}
    [f] = ej.findings_from_report(sarif, "proj", tmp_path)
    assert (f.rule, f.path, f.line, f.fingerprint, f.key) == ("CMP003", "svc/compose.yaml", 4, "abc", None)


def test_a_report_that_is_neither_json_nor_sarif_is_refused():
    with pytest.raises(ValueError):
        ej.findings_from_report({"results": []}, "proj", None)


# ---- matching and the report ---------------------------------------------------------------------------------

def _finding(rule, key, line, fp=None, path="compose.yaml", project="proj", with_key=True):
    return ej.Finding(project, path, rule, key if with_key else None, fp, line, 1, "warning", "m")


def _verdict(rule, key, verdict, fp, line=1, path="compose.yaml", project="proj"):
    return ej.Verdict({"project": project, "path": path, "rule": rule, "key": key, "occurrence": 1,
                       "fingerprint": fp, "line": line, "severity": "warning", "message": "m",
                       "verdict": verdict, "reason": "because the file says so"})


def _report(findings, verdicts, known):
    out = io.StringIO()
    summary = ej.report(findings, verdicts, known, out=out)
    return summary, out.getvalue()


def test_new_gone_and_moved_findings_are_listed():
    verdicts = [_verdict("CMP003", "services.a.deploy", "right", "f1", line=3),
                _verdict("CMP004", "services.a.logging", "wrong", "f2", line=41),
                _verdict("CMP002", "services.b.restart", "right", "f3", line=9)]
    known = ej.Known([{"project": "proj", "path": "compose.yaml", "rule": "CMP004", "key": "services.b.logging",
                       "occurrence": 1, "fingerprint": "f5"}])
    findings = [_finding("CMP003", "services.a.deploy", 40),      # its key's finding is on another line now
                _finding("CMP004", "services.a.logging", 41),
                _finding("CMP004", "services.b.logging", 50),     # known, unjudged: not new
                _finding("CMP001", "services.b.healthcheck", 51)]  # new
    summary, text = _report(findings, verdicts, known)
    assert summary["counts"] == {"wrong": 1}
    assert (summary["new"], summary["disappeared"]) == (1, 2)
    new_part = text.split("NEW")[1].split("MOVED")[0]
    assert "CMP001" in new_part and "services.b.logging" not in new_part
    moved_part = text.split("MOVED")[1].split("DISAPPEARED")[0]
    assert "compose.yaml:40 CMP003" in moved_part and "CMP004" not in moved_part
    gone_part = text.split("DISAPPEARED")[1]
    assert "services.b.restart" in gone_part and "lost true positive" in gone_part
    assert re.search(r"^CMP004\s+2\s+1\s+0\s+1\s+0\s+0\.0%\s+0\.0%$", text, re.M)


def test_a_verdict_does_not_slide_to_the_next_finding_of_its_key():
    """Occurrences count a key's findings in document order: once the first is fixed, the second becomes
    occurrence 1. The verdict judged one line, so it must not be counted for the other one."""
    verdicts = [_verdict("DKF019", "stage.0.RUN.pipefail", "wrong", "f1", line=73, path="Dockerfile")]
    findings = [_finding("DKF019", "stage.0.RUN.pipefail", 256, path="Dockerfile")]
    summary, text = _report(findings, verdicts, ej.Known())
    assert summary["counts"] == {} and summary["disappeared"] == 1
    assert "Dockerfile:256 DKF019" in text.split("MOVED")[1]


def test_findings_without_keys_match_by_fingerprint():
    verdicts = [_verdict("CMP003", "services.a.deploy", "right-not-production", "f1", line=7)]
    known = ej.Known([{"project": "proj", "path": "compose.yaml", "rule": "CMP004", "key": "x", "occurrence": 1,
                       "fingerprint": "f9"}])
    findings = [_finding("CMP003", "?", 7, fp="f1", with_key=False),
                _finding("CMP004", "?", 8, fp="f9", with_key=False)]
    summary, _ = _report(findings, verdicts, known)
    assert summary["counts"] == {"right-not-production": 1}
    assert (summary["new"], summary["disappeared"]) == (0, 0)


def test_saved_runs_round_trip(tmp_path):
    findings = [_finding("CMP003", "services.a.deploy", 4, fp="f1")]
    ej.save_run(tmp_path / "run.jsonl", findings)
    assert ej.load_run(tmp_path / "run.jsonl") == findings
    ej.write_snapshot(tmp_path / "snap.jsonl", findings)
    assert findings[0] in ej.load_snapshot(tmp_path / "snap.jsonl")


def test_a_refreshed_snapshot_keeps_judged_findings_the_run_no_longer_produces(tmp_path):
    verdicts = [_verdict("CMP003", "services.a.deploy", "right", "f1"),
                _verdict("CMP024", "services.b.ports.8080", "wrong", "f2")]  # fixed: gone from the run
    findings = [_finding("CMP003", "services.a.deploy", 4, fp="f1"),
                _finding("CMP001", "services.c.healthcheck", 9, fp="f3")]
    ej.write_snapshot(tmp_path / "snap.jsonl", findings, verdicts)
    rows = [json.loads(line) for line in (tmp_path / "snap.jsonl").read_text().splitlines()]
    assert sorted((r["rule"], r.get("gone", False)) for r in rows) == [
        ("CMP001", False), ("CMP003", False), ("CMP024", True)]
    known = ej.load_snapshot(tmp_path / "snap.jsonl")
    assert all(f in known for f in findings)


# ---- sampling ------------------------------------------------------------------------------------------------

@given(st.dictionaries(st.from_regex(r"[A-Z]{3}\d{3}", fullmatch=True), st.integers(1, 400), min_size=1,
                       max_size=40), st.integers(0, 600))
def test_allocation_represents_every_rule_and_fills_the_size(volume, size):
    alloc = ej.allocate(volume, size)
    assert set(alloc) == set(volume)
    assert all(1 <= alloc[r] <= volume[r] for r in volume)
    assert sum(alloc.values()) == max(len(volume), min(size, sum(volume.values())))


def test_bigger_rules_get_more_of_the_sample():
    alloc = ej.allocate({"BIG001": 300, "MID001": 30, "SML001": 2}, 40)
    assert alloc["BIG001"] > alloc["MID001"] > alloc["SML001"] >= 1


def test_a_sarif_result_with_an_accepted_suppression_is_not_a_finding():
    """prodlint's SARIF carries suppressed findings as results with `suppressions`; a suppression with no status
    counts as accepted (SARIF 2.1.0), one rejected or under review leaves the result reported."""
    def result(rule, suppressions=None):
        r = {"ruleId": rule, "level": "warning", "message": {"text": "m"}, "partialFingerprints": {"prodlint/v1": rule},
             "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.yml"}, "region": {"startLine": 1}}}]}
        if suppressions is not None:
            r["suppressions"] = suppressions
        return r
    log = {"runs": [{"results": [result("A"), result("B", [{"kind": "inSource", "status": "accepted"}]),
                                 result("C", [{"kind": "external"}]), result("D", [{"kind": "external",
                                                                                     "status": "rejected"}])]}]}
    assert [f.rule for f in ej.findings_from_report(log, "p", None)] == ["A", "D"]
