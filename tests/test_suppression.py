"""Inline directives in each kind's comment syntax, file-level and block forms, and their own errors."""
from __future__ import annotations

from conftest import ROOT, lint

PLUGINS = 'rules-dirs = ["plugin_rules"]\n'  # an in-tree configuration loads rules from inside the tree only
COMPOSE = "services:\n  api:\n    image: example/api:1.0\n"


def ids(result):
    return sorted((f.rule_id, f.path, f.span.line) for f in result.findings)


def test_same_line_and_next_line(tmp_path):
    result = lint(tmp_path, {
        "docker-compose.yml": "services:\n  api:  # prodlint: ignore[CMP002] -- managed by swarm\n"
                              "    image: a:1\n  # prodlint: ignore[compose-restart-policy]\n  web:\n    image: b:1\n"
                              "  db:\n    image: c:1\n"}, select=["CMP002"])
    assert ids(result) == [("CMP002", "docker-compose.yml", 7)]
    assert {f.suppressed for f in result.suppressed} == {"inline"}


def test_file_level(tmp_path):
    result = lint(tmp_path, {"docker-compose.yml": "# prodlint: ignore-file[CMP002]\n" + COMPOSE})
    assert not [f for f in result.findings if f.rule_id == "CMP002"]


def test_block_disable_enable(tmp_path):
    text = ("services:\n  # prodlint: disable[CMP002]\n  a:\n    image: a:1\n  # prodlint: enable[CMP002]\n"
            "  b:\n    image: b:1\n")
    assert ids(lint(tmp_path, {"docker-compose.yml": text}, select=["CMP002"])) == [("CMP002", "docker-compose.yml", 6)]


def test_unknown_id_is_an_error_and_unused_is_reported(tmp_path):
    text = "# prodlint: ignore[CMP999]\nservices:\n  a:\n    image: a:1\n    restart: always # prodlint: ignore[CMP002]\n"
    result = lint(tmp_path, {"docker-compose.yml": text})
    found = {(f.rule_id, f.span.line) for f in result.findings}
    assert ("PL003", 1) in found
    assert ("PL004", 5) in found


def test_js_comment_syntax_and_plugin_rules(tmp_path):
    files = {
        ".prodlint.toml": PLUGINS,
        "package.json": '{"dependencies": {"express": "4"}}',
        "server.js": "const express = require('express');\nforbidden(); // prodlint: ignore[TST002] -- legacy\n"
                     "// prodlint: ignore[forbidden-call]\nforbidden();\nforbidden();\n"
                     "const note = '# prodlint: ignore[TST002]';\nforbidden();\n",
    }
    import shutil
    shutil.copytree(ROOT / "fixtures" / "plugin_rules", tmp_path / "plugin_rules")
    result = lint(tmp_path, files, select=["TST002"])
    assert ids(result) == [("TST002", "server.js", 5), ("TST002", "server.js", 7)]


def test_require_reason(tmp_path):
    files = {".prodlint.toml": "require-reason = true\n",
             "docker-compose.yml": "services:\n  a: # prodlint: ignore[CMP002]\n    image: a:1\n"}
    result = lint(tmp_path, files)
    assert ("PL005", 2) in {(f.rule_id, f.span.line) for f in result.findings}


def test_per_file_ignores(tmp_path):
    files = {".prodlint.toml": '[per-file-ignores]\n"legacy/*" = ["CMP"]\n',
             "legacy/docker-compose.yml": COMPOSE, "docker-compose.yml": COMPOSE}
    result = lint(tmp_path, files, select=["CMP002"])
    assert ids(result) == [("CMP002", "docker-compose.yml", 2)]
