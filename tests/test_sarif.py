"""SARIF as GitHub code scanning needs it, validated against the official 2.1.0 schema."""
from __future__ import annotations

import json

import jsonschema
import pytest

from conftest import ROOT, lint, write_tree
from linter.report import render
from linter.report.linehash import line_hashes

SCHEMA = json.loads((ROOT / "schemas" / "sarif-schema-2.1.0.json").read_text())
COMPOSE = "services:\n  api:\n    image: example/api:1.0\n  db:\n    image: postgres:16\n"


def sarif_of(result, **kw):
    log = json.loads(render(result, "sarif", **kw))
    jsonschema.Draft7Validator(SCHEMA).validate(log)
    return log


def test_demo_repository_sarif_is_valid_and_tagged(tmp_path):
    result = lint(ROOT / "fixtures" / "demo")
    log = sarif_of(result)
    run = log["runs"][0]
    assert log["$schema"].endswith("sarif-2.1.0.json") and len(log["runs"]) == 1
    assert run["automationDetails"]["id"] == "prodlint/"
    rules = run["tool"]["driver"]["rules"]
    for i, res in enumerate(run["results"]):
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["level"] in ("error", "warning", "note") and res["message"]["text"]
        loc = res["locations"][0]["physicalLocation"]
        assert not loc["artifactLocation"]["uri"].startswith(("/", "file:"))
        assert loc["region"]["endColumn"] > loc["region"]["startColumn"] or loc["region"]["endLine"] > loc["region"]["startLine"]
        assert res["partialFingerprints"]["prodlint/v1"]
    for rule in rules:
        props = rule["properties"]
        assert len(props["tags"]) <= 10
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["markdown"]
        assert len(rule["fullDescription"]["text"]) <= 1024 and len(rule["shortDescription"]["text"]) <= 1024
        if "security-severity" in props:
            float(props["security-severity"])
            assert isinstance(props["security-severity"], str) and "security" in props["tags"]
        rule_obj = next(r for r in result.all_rules if r.id == rule["id"]) if rule["id"][:2] != "PL" else None
        if rule_obj is not None:
            assert {f"checklist:{c}" for c in rule_obj.meta.checklist} <= set(props["tags"])


def test_empty_results_are_an_empty_list(tmp_path):
    write_tree(tmp_path, {"docker-compose.yml": "services: {}\n"})
    run = sarif_of(lint(tmp_path))["runs"][0]
    assert run["results"] == []


def test_category_and_notices(tmp_path):
    write_tree(tmp_path, {"docker-compose.yml": COMPOSE, "compose.prod.yml": b"\x1f\x8b\x08\x00binary"})
    run = sarif_of(lint(tmp_path), category="backend/")["runs"][0]
    assert run["automationDetails"]["id"] == "backend/"
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert any(n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "compose.prod.yml" for n in notes)


def test_results_are_capped_with_a_notice(tmp_path):
    services = "".join(f"  s{i}:\n    image: example/s:{i}\n" for i in range(30))
    write_tree(tmp_path, {"docker-compose.yml": "services:\n" + services})
    run = sarif_of(lint(tmp_path, select=["CMP002"]), max_results=10)["runs"][0]
    assert len(run["results"]) == 10
    assert any("left out" in n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"])


def test_uris_are_percent_encoded(tmp_path):
    write_tree(tmp_path, {"my app/docker-compose.yml": COMPOSE})
    run = sarif_of(lint(tmp_path, select=["CMP002"]))["runs"][0]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "my%20app/docker-compose.yml"


def test_fingerprints_survive_lines_inserted_above_and_reformatting(tmp_path):
    write_tree(tmp_path, {"docker-compose.yml": COMPOSE})
    before = {f.key: f.fingerprint for f in lint(tmp_path, select=["CMP002"]).findings}
    write_tree(tmp_path, {"docker-compose.yml": "# a comment\n\n# another\n" + COMPOSE.replace("  ", "    ")})
    after = {f.key: f.fingerprint for f in lint(tmp_path, select=["CMP002"]).findings}
    assert before == after and len(before) == 2


class TestLineHash:
    def test_whitespace_does_not_matter(self):
        a = line_hashes("a: 1\nb: 2\n")
        b = line_hashes("a:   1\n\tb: 2\n")
        assert a == b

    def test_crlf_equals_lf(self):
        assert line_hashes("x\r\ny\r\n") == line_hashes("x\ny\n")

    def test_identical_windows_are_numbered(self):
        # each line's 100-character window holds only its own 'A's, so the hashes repeat
        hashes = line_hashes(("A" * 120 + "\n") * 3)
        digests = [hashes[n].split(":") for n in (1, 2, 3)]
        assert digests[0][0] == digests[1][0] == digests[2][0]
        assert [d[1] for d in digests] == ["1", "2", "3"]

    def test_window_is_the_next_100_characters(self):
        base = line_hashes("x" * 50 + "\n" + "y" * 200 + "\n")
        changed = line_hashes("x" * 50 + "\n" + "y" * 60 + "z" * 140 + "\n")
        assert base[1] == changed[1]  # line 1's window ends before the change
        assert base[2] != changed[2]

    def test_one_hash_per_line(self):
        text = "a\nb\n\nc"
        assert sorted(line_hashes(text)) == [1, 2, 3, 4]

    @pytest.mark.parametrize("text", ["", "x", "x\n" * 250])
    def test_format(self, text):
        for value in line_hashes(text).values():
            digest, count = value.split(":")
            int(digest, 16)
            assert int(count) >= 1
