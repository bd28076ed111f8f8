"""The command line as users meet it: formats, exit codes, one-line errors."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT, lint, prodlint, write_tree

COMPOSE = "services:\n  api:\n    image: example/api:1.0\n"


def test_findings_exit_1_with_location(tmp_path):
    write_tree(tmp_path, {"docker-compose.yml": COMPOSE})
    proc = prodlint("check", "--select", "CMP002", tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "docker-compose.yml:2:3: CMP002 compose-restart-policy [warning]" in proc.stdout


def test_clean_exit_0(tmp_path):
    write_tree(tmp_path, {"docker-compose.yml": COMPOSE.replace("1.0\n", "1.0\n    restart: always\n")})
    proc = prodlint("check", "--select", "CMP002", tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert "0 findings" in proc.stdout


def test_fail_on_threshold(tmp_path):
    write_tree(tmp_path, {"docker-compose.yml": COMPOSE})
    assert prodlint("check", "--select", "CMP002", "--fail-on", "error", tmp_path).returncode == 0
    assert prodlint("check", "--select", "CMP002", "--fail-on", "note", tmp_path).returncode == 1


def test_every_format_places_the_finding(tmp_path):
    write_tree(tmp_path, {"docker-compose.yml": COMPOSE})
    out = {}
    for fmt in ("json", "sarif", "github"):
        proc = prodlint("check", "--select", "CMP002", "-f", fmt, tmp_path)
        assert proc.returncode == 1
        out[fmt] = proc.stdout
    finding = json.loads(out["json"])["findings"][0]
    assert (finding["path"], finding["line"], finding["column"], finding["rule"]) == ("docker-compose.yml", 2, 3, "CMP002")
    result = json.loads(out["sarif"])["runs"][0]["results"][0]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (2, 3)
    assert out["github"].startswith("::warning file=docker-compose.yml,line=2,col=3,")


def test_output_file(tmp_path):
    write_tree(tmp_path, {"docker-compose.yml": COMPOSE})
    target = tmp_path / "out" / "r.sarif"
    target.parent.mkdir()
    proc = prodlint("check", "-f", "sarif", "-o", target, "--select", "CMP002", tmp_path)
    assert proc.returncode == 1 and proc.stdout == ""
    assert json.loads(target.read_text())["version"] == "2.1.0"


def test_malformed_compose_is_a_finding_not_a_traceback(tmp_path):
    write_tree(tmp_path, {"docker-compose.yml": "services:\n  api: [\n    image: x\n"})
    proc = prodlint("check", tmp_path)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "docker-compose.yml:" in proc.stdout and "PL001 parse-error" in proc.stdout


def test_bad_option_exits_2_with_one_line(tmp_path):
    proc = prodlint("check", "--format", "xml", tmp_path)
    assert proc.returncode == 2
    proc = prodlint("check", "--select", "NOPE999", tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "unknown rule 'NOPE999'" in proc.stderr


def test_unknown_config_key_names_file_and_key(tmp_path):
    write_tree(tmp_path, {".prodlint.toml": "fail-on = 'error'\ncolour = true\n", "docker-compose.yml": COMPOSE})
    proc = prodlint("check", tmp_path)
    assert proc.returncode == 2
    assert ".prodlint.toml" in proc.stderr and "unknown key 'colour'" in proc.stderr


def test_missing_path_exits_2(tmp_path):
    proc = prodlint("check", tmp_path / "nope")
    assert proc.returncode == 2 and "no such file" in proc.stderr


def test_rules_and_rule(tmp_path):
    listing = prodlint("rules")
    assert listing.returncode == 0 and "CMP002" in listing.stdout
    by_id = prodlint("rule", "CMP002")
    by_name = prodlint("rule", "compose-restart-policy")
    assert by_id.returncode == 0 and by_id.stdout == by_name.stdout
    assert "## What it does" in by_id.stdout
    as_json = json.loads(prodlint("rule", "CMP002", "-f", "json").stdout)
    assert as_json["checklist"] == ["docker.restart-policy"]
    assert prodlint("rule", "NOPE").returncode == 2


def test_show_files(tmp_path):
    write_tree(tmp_path, {"docker-compose.yml": COMPOSE, ".env.example": "A=1\n", "notes.txt": "x"})
    proc = prodlint("check", "--show-files", tmp_path)
    assert proc.returncode == 0
    assert "docker-compose.yml\tcompose\tproduction" in proc.stdout
    assert ".env.example\tenv\texample" in proc.stdout
    assert "notes.txt" not in proc.stdout


def test_version_imports_no_parser():
    code = ("import sys\nfrom linter.cli import main\ntry:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('ruamel.yaml', 'tree_sitter', 'crossplane', 'dockerfile_parse', 'jsonschema', "
            "'dotenv') if m in sys.modules]\nprint(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip().endswith("[]"), out.stdout + out.stderr


def test_baseline_command_and_check(tmp_path):
    write_tree(tmp_path, {"docker-compose.yml": COMPOSE})
    base = tmp_path / "base.json"
    assert prodlint("baseline", tmp_path, "-o", base).returncode == 0
    proc = prodlint("check", "--select", "CMP002", "--baseline", base, tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert "1 finding matched the baseline" in proc.stderr


def test_baseline_shrinks_as_findings_are_fixed_and_a_reintroduced_one_is_new(tmp_path):
    two = COMPOSE + "  web:\n    image: example/web:1.0\n"
    write_tree(tmp_path, {"docker-compose.yml": two})
    base = tmp_path / "base.json"
    prodlint("baseline", tmp_path, "-o", base)
    # lines move and the file is reformatted: nothing looks new
    write_tree(tmp_path, {"docker-compose.yml": "# moved\n\n" + two.replace("  ", "    ")})
    assert prodlint("check", "--select", "CMP002", "--baseline", base, tmp_path).returncode == 0
    # web is fixed: its entry leaves the baseline (a full run of every rule)
    write_tree(tmp_path, {"docker-compose.yml": two + "    restart: always\n"})
    fixed = prodlint("check", "--baseline", base, tmp_path)
    assert "1 fixed finding removed from the baseline" in fixed.stderr
    # the same problem coming back is reported as new
    write_tree(tmp_path, {"docker-compose.yml": two})
    again = prodlint("check", "--select", "CMP002", "--baseline", base, tmp_path)
    assert again.returncode == 1 and "service 'web' has no restart policy" in again.stdout
    assert "service 'api'" not in again.stdout


@pytest.mark.parametrize("files", [{}, {".env": "NODE_ENV=development\n"}], ids=["nothing", "one-finding"])
def test_json_is_written_a_finding_at_a_time_one_per_line(tmp_path, files):
    from linter.report import json_report
    result = lint(tmp_path, files or {"README.md": "hello\n"})
    text = "".join(json_report.chunks(result))
    assert json.loads(text) == json.loads(json.dumps(json_report.document(result)))
    lines = [line.strip().rstrip(",") for line in text.splitlines() if line.strip().startswith('{"rule"')]
    assert [json.loads(line)["rule"] for line in lines] == [f.rule_id for f in result.findings]
