"""Every file of a known kind is parsed and its parse errors reported, whatever its role: roles decide which
checklist rules apply, not whether a file is read. JS/TS source keeps its hint-word prefilter."""
from __future__ import annotations

from conftest import lint
from test_hostile import billion_laughs

BASE = "services:\n  web:\n    image: nginx:1.27\n"


def _at(result, rule_id: str) -> list[tuple[str, int, int]]:
    return sorted((f.path, f.span.line, f.span.column) for f in result.findings if f.rule_id == rule_id)


def test_parse_errors_in_development_example_and_test_files_are_reported(tmp_path):
    result = lint(tmp_path, {
        "docker-compose.yml": BASE,
        "docker-compose.override.yml": "services:\n  web:\n    image: [unclosed\n",
        "Dockerfile.dev": "FROM node:20\nFROBNICATE x\n",
        ".env.example": "A=1\nthis is not an env line\n",
        "tests/fixtures/nginx.conf": "events {}\nhttp {\n  server {\n",
    })
    assert _at(result, "PL001") == [(".env.example", 2, 1), ("Dockerfile.dev", 2, 1),
                                    ("docker-compose.override.yml", 4, 1), ("tests/fixtures/nginx.conf", 3, 1)]
    assert _at(result, "PL002") == []


def test_checklist_rules_still_follow_roles(tmp_path):
    result = lint(tmp_path, {"docker-compose.yml": BASE + "    restart: always\n",
                             "docker-compose.dev.yml": BASE, "tests/docker-compose.yml": BASE})
    # the production file has its findings; the development and test files parse cleanly and get none
    assert {f.path for f in result.findings} == {"docker-compose.yml"}
    assert _at(result, "CMP002") == []


def test_an_alias_bomb_in_a_development_file_is_reported_not_expanded(tmp_path):
    bomb, top = billion_laughs()
    result = lint(tmp_path, {"docker-compose.yml": BASE,
                             "docker-compose.dev.yml": bomb + f"services:\n  web:\n    command: *{top}\n"})
    assert [f.path for f in result.findings if f.rule_id == "PL001"] == ["docker-compose.dev.yml"]
    assert _at(result, "PL002") == []


def test_js_source_without_any_rule_word_is_not_parsed_unless_asked(tmp_path):
    files = {"api/package.json": '{"dependencies": {"express": "4"}}',
             "api/server.js": "const express = require('express')\nconst app = express(\n",
             "api/util.js": "function (\n", "api/util.test.js": "function (\n"}
    # server.js holds words some rule needs: parsed, its syntax error reported; the others hold none
    assert _at(lint(tmp_path, files), "PL001") == [("api/server.js", 2, 1)]
    assert _at(lint(tmp_path, hints=False), "PL001") == [("api/server.js", 2, 1), ("api/util.js", 1, 1),
                                                         ("api/util.test.js", 1, 1)]


def test_a_raw_nul_inside_a_literal_is_no_syntax_error(tmp_path):
    # ECMAScript allows any code point in a string or regex literal; tree-sitter's grammars reject a NUL there.
    # A file that does not parse with its NULs blanked keeps its own error, at the NUL
    files = {"api/package.json": '{"dependencies": {"express": "4"}}',
             "api/server.ts": "import express from 'express';\nconst app = express();\n"
                              "const clean = (v: string) => v.replace(/\0/g, '').split('\0');\n"
                              "app.listen(3000);\n",
             "api/broken.ts": "import express from 'express';\nconst app = express(\0;\n"}
    assert _at(lint(tmp_path, files, hints=False), "PL001") == [("api/broken.ts", 2, 21)]
