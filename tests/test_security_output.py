"""Every output format makes repository text inert (SECURITY.md, guarantee 5), as properties.

Hypothesis draws file names and file contents from hostile alphabets (ESC/CSI/OSC sequences, BEL, CR, NUL,
C1 controls, bidirectional overrides, GitHub ``::`` and ``##[`` commands, ``%0A``, Markdown and HTML markup)
and arbitrary bytes, puts them where every kind of file is read, and checks each format: no traceback, no raw
control or reordering character, JSON and SARIF that parse (SARIF valid against the 2.1.0 schema), GitHub
output where every line is one of our own commands.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, lint, write_tree
from linter.report import render
from linter.report.visible import inert_start, visible

SCHEMA = json.loads((ROOT / "schemas" / "sarif-schema-2.1.0.json").read_text())
SCALE = max(1, int(os.environ.get("PRODLINT_FUZZ_SCALE", "1")))

HOSTILE_PIECES = ["\x1b[2J", "\x1b]0;title\x07", "\x1b]8;;http://evil\x1b\\", "\x07", "\r", "\x00", "\x9b31m",
                  "\u202e", "\u2066", "\u2028", "::error::x", "##[group]", "%0A", "%25", "\n", "\t",
                  "<img src=x onerror=alert(1)>", "](http://evil)", "# heading", "`", "'", '"', "\\"]
hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=4)), max_size=8).map("".join)
# a file or folder name: anything the filesystem takes
hostile_name = hostile_text.map(lambda s: s.replace("/", "_").replace("\x00", "_")[:60]).filter(
    lambda s: s not in ("", ".", ".."))

KINDS = {  # a file of each kind, with a place where hostile text lands in a message or a snippet
    "docker-compose.yml": "services:\n  web:\n    image: \"nginx:1.25\"\n    command: \"{x}\"\n",
    ".env.production": "NODE_ENV={x}\nJWT_SECRET={x}\n",
    "Dockerfile": "FROM node:20\nRUN echo \"{x}\"\n{x}\nCMD [\"node\", \"{x}\"]\n",
    "nginx/nginx.conf": "events {{}}\nhttp {{\n  server {{\n    listen 80;\n    server_name \"{x}\";\n  }}\n}}\n",
    "redis.conf": "requirepass {x}\nbind 0.0.0.0\n",
    "package.json": "{{\"name\": \"{x}\", \"dependencies\": {{\"express\": \"4\"}}}}\n",
    "server.js": "const express = require('express');\nconst app = express();\napp.get('{x}', () => 1);\n"
                 "app.listen(3000);\n",
}

_RAW_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _repo(base: Path, folder: str, payload: str, raw: bytes | None) -> Path:
    root = Path(tempfile.mkdtemp(dir=base))
    files: dict[str, str | bytes] = {}
    for rel, template in KINDS.items():
        files[f"{folder}/{rel}"] = template.format(x=payload)
    if raw is not None:
        files[f"{folder}/docker-compose.prod.yml"] = raw
        files[f"{folder}/.env"] = raw
    try:
        write_tree(root, files)
    except (OSError, UnicodeEncodeError):
        return None
    return root


def _check_outputs(result) -> None:
    for fmt in ("text", "json", "sarif", "github"):
        out = render(result, fmt)
        assert not _RAW_UNSAFE.search(out), f"{fmt}: a raw control character: {_RAW_UNSAFE.search(out).group(0)!r}"
        if fmt == "json":
            json.loads(out)
        elif fmt == "sarif":
            jsonschema.Draft7Validator(SCHEMA).validate(json.loads(out))
        elif fmt == "github":
            assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in out.splitlines()), out
        elif fmt == "text":
            for f in result.findings:  # a path is one line and shows every control character visibly
                assert inert_start(visible(f.path)) in out
            assert not [line for line in out.split("\n") if line.lstrip().startswith(("::", "##["))]


@settings(max_examples=12 * SCALE, deadline=None, suppress_health_check=list(HealthCheck))
@given(folder=hostile_name, payload=hostile_text, raw=st.one_of(st.none(), st.binary(max_size=200)))
def test_hostile_names_and_contents_are_inert_in_every_format(tmp_path_factory, folder, payload, raw):
    root = _repo(tmp_path_factory.getbasetemp(), folder, payload, raw)
    if root is None:
        return  # the filesystem refused the name
    _check_outputs(lint(root))


def test_a_name_with_every_hostile_piece_is_inert(tmp_path):
    folder = "".join(p for p in HOSTILE_PIECES if "/" not in p and "\x00" not in p).replace("/", "_")[:200]
    root = _repo(tmp_path, folder, "".join(HOSTILE_PIECES).replace("\x00", ""), b"\x1b[31m: [\r\n\xff")
    result = lint(root)
    assert result.findings
    _check_outputs(result)


@pytest.mark.parametrize("piece, shown", [("\x1b", "\\x1b"), ("\r", "\\r"), ("\x07", "\\x07"), ("\x9b", "\\x9b"),
                                          ("\u202e", "\\u202e"), ("\n", "\\n"), ("\t", "\t")])
def test_text_snippets_show_control_characters(tmp_path, piece, shown):
    write_tree(tmp_path, {".env.production": f"NODE_ENV=development # a{piece}b\n"})
    out = render(lint(tmp_path, select=["ENV003"]), "text")
    assert "ENV003" in out
    if piece == "\n":
        return  # a newline ends the line: nothing to show
    assert f"a{shown}b" in out


def test_github_annotations_cannot_start_a_command_of_their_own(tmp_path):
    write_tree(tmp_path, {"x\n::error file=a::pwned%0A##[error]/docker-compose.yml":
                          "services:\n  web:\n    image: nginx:1.25\n"})
    out = render(lint(tmp_path, select=["CMP002"]), "github")
    lines = out.splitlines()
    assert lines and all(line.startswith("::warning file=x%0A%3A%3Aerror") for line in lines), out
    assert "%250A" in out  # a literal %0A in the name stays literal


@settings(max_examples=12 * SCALE, deadline=None, suppress_health_check=list(HealthCheck))
@given(raw=st.binary(max_size=400), encoding=st.sampled_from(["raw", "utf-16", "utf-8-sig", "latin-1"]))
def test_arbitrary_bytes_in_every_kind_of_file(tmp_path_factory, raw, encoding):
    """Every parser gets the same arbitrary bytes (raw, or the text they decode to re-encoded): no traceback,
    no internal error, inert output."""
    if encoding != "raw":
        raw = raw.decode("latin-1").encode(encoding)
    root = Path(tempfile.mkdtemp(dir=tmp_path_factory.getbasetemp()))
    write_tree(root, {rel: raw for rel in KINDS} | {"requirements.txt": raw, "app.py": raw,
                                                      "conf.d/site.conf": raw})
    result = lint(root)
    assert not [f for f in result.findings if f.rule_id == "PL002"], [f.message for f in result.findings]
    _check_outputs(result)


def test_audit_documents_carry_no_control_characters_from_the_repository(tmp_path):
    """Markdown and HTML audits quote snippets: terminal controls in a scanned file (an OSC title, an OSC 8
    link, colours, BEL) reach neither, whatever each renderer escapes on the way."""
    import re
    from conftest import prodlint, write_tree
    write_tree(tmp_path, {"Dockerfile": "FROM node:20 \x1b]0;pwn\x07 \x1b[31mRED\r##[error]x\n"
                                        "CMD node s.js # \x1b]8;;http://e\x1b\\L\n"})
    for fmt in ("markdown", "html"):
        out = prodlint("audit", "--no-git", "-f", fmt, tmp_path).stdout
        assert "RED" in out  # the snippet is quoted, its controls escaped
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", out), fmt
