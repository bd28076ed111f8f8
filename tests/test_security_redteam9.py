"""The ninth red team: what decides a source file is a server's (linter/classify.py), patterns that read a
whole file with `^\\s*` under MULTILINE, the reasons role evidence quotes, and `make` calls followed.

Holes closed here:
- A server's source whose imports come after 16 KiB (a license block, a long comment, any code above them)
  was no file of any kind: only the head was sniffed, so every Node and Python rule skipped it, named nowhere.
- `^\\s*` (and `^\\s+`) under MULTILINE matches from every line start across every blank line below it: a file
  of blank lines cost the square of their number. A compose file's link sniff (linked.py: 80,000 blank lines,
  30 s; 2 MB, hours), a Python or `.conf` file's kind sniff (16 KiB of blank lines: 10 s and 5 s a file),
  a requirements file read to see whether it names a framework (200 kB read), an nginx configuration beside a
  Node backend (the front proxy's gzip and limit_req), a Prisma schema's datasource block. The patterns now
  skip spaces and tabs only (`^[^\\S\\n]*`), which matches the same lines.
- A file taking the role of the file it goes with is announced by that file's line, told by its reason ending
  in a role in brackets; a compose file building only a stage named `development` or `test` gave such a reason
  (`builds only development stages (development)`) and was set aside with no notice, steering entry or
  GitHub warning (only the summary line counted it).
- A script's `make start` was followed from each calling line: n calls of a target of n commands recorded n**2
  commands, and production_combinations searched each file's list of them for each (300 of each: minutes).

Tried and held (no test here; the mechanisms named are tested where they live):
- classify reads manifests through `files.read_head` (inside the root, regular files, no `.git`): a
  `package.json` or `requirements.txt` linked out of the tree, to `/dev/zero` or into `.git` is read as
  empty; `package.json`'s `main: "/etc/x.js"` or `"../x.js"` is refused the same way.
- secrets in every output (text, JSON, SARIF with suppressed results, GitHub, the audit in four formats,
  `--diff --unsafe-fixes`, `--show-files`, the baseline, the result cache; warm equal to cold): an
  interpolation fallback (`${POSTGRES_PASSWORD:-X}`, `${REDIS_PASS:-X}` in an exec-form command), build
  args, a Dockerfile `ARG` default, URL-encoded (`P%40ss`) and base64-looking DSN passwords, a workflow
  job's `env:`, node-config's `config/production.json`, an express-session secret.
- cycles: compose `include:` and `extends:` (across files, a service extending itself), a Dev Container naming
  both, a Makefile including itself and a target depending on itself.
- every kind of file (and Makefiles, READMEs, workflows, devcontainer.json, shell scripts, pyproject.toml)
  padded with 80,000 lines of blanks, spaces, tabs, `#`, `\\`, `- `, `//`, `x: ` and `=`: linear once
  the holes above were closed.
- a committed `vendor/` is set aside quietly only when its name is `vendor` and it holds Composer's or Go's
  marker files; a root README calling the project "an example" sets nothing aside (a collection of samples,
  or "not for production", does, with a notice).
- a decoy manifest above server source (an empty `package.json`, a library's `exports`) does not hide a
  server that imports its framework, creates an http(s) server or declares routes: only the loose sniff
  (database clients, a CORS list) needs the folder to have no manifest.
"""
from __future__ import annotations

import json

import pytest

from conftest import cpu_seconds, lint, prodlint, write_tree

_EXPRESS = ("const express = require('express');\nconst app = express();\n"
            "app.use(require('cors')({ origin: '*' }));\napp.listen(3000);\n")
_FLASK = "from flask import Flask\napp = Flask(__name__)\napp.run(debug=True, host='0.0.0.0')\n"
_LICENSE = "/*\n" + " * Licensed under the Apache License, Version 2.0 (the 'License').\n" * 300 + " */\n"
_CODE = "".join(f"const helper{i} = (a, b) => a + b + {i};\n" for i in range(600))


@pytest.mark.parametrize("name, text, rule", [
    ("server.js", _LICENSE + _EXPRESS, "JS001"),
    ("server.js", _CODE + _EXPRESS, "JS001"),
    ("app.py", "#" * 17000 + "\n" + _FLASK, "PY003"),
    ("app.py", '"""' + "Module documentation.\n" * 1000 + '"""\n' + _FLASK, "PY003"),
])
def test_a_server_whose_imports_come_after_16_kib_is_checked(tmp_path, name, text, rule):
    """Only the first 16 KiB were sniffed: a server with its imports below a long header was no source file,
    so no rule saw it and nothing said so."""
    assert len(text.split("require('express')" if name.endswith(".js") else "from flask")[0]) > 16384
    result = lint(tmp_path, {name: text})
    assert any(f.rule_id == rule and f.path == name for f in result.findings), \
        [(f.rule_id, f.path) for f in result.findings]


def test_a_long_file_that_is_no_server_stays_unread(tmp_path):
    """Reading on past the head changes nothing for a long browser script or a library module."""
    result = lint(tmp_path, {"static/app.js": _CODE + "fetch('/api').then(r => r.json());\n",
                             "tools/report.py": "#" * 17000 + "\nimport json\nprint(json.dumps({}))\n"})
    assert not result.findings


@pytest.mark.parametrize("name", ["static/bundle.js", "tools/report.py"])
def test_a_long_file_is_sniffed_no_further_than_256_kib(tmp_path, name, monkeypatch):
    """Sniffing went on to the 2 MiB size cap: every long browser bundle or generated module was read and
    searched whole (0.25-0.35 s a file), for imports no server writes that far down."""
    import linter.classify as classify
    sizes = []
    real = classify.read_head
    monkeypatch.setattr(classify, "read_head", lambda path, root, size=16384: sizes.append(size) or real(path, root, size))
    text = (_CODE if name.endswith(".js") else "#" * 80 + "\n") * 600
    write_tree(tmp_path, {name: text})
    assert classify.classify(tmp_path / name, name, tmp_path) is None
    assert sizes and max(sizes) <= 256 * 1024, sizes


_BLANK_LINE_TREES = {
    # every compose file is searched for `include:` and `extends:` before it is parsed
    "compose": lambda b: {"docker-compose.yml": "services:\n  web:\n    image: nginx:1.27\n" + b
                          + "    environment:\n      A: b\n"},
    # the front proxy's facts, read for a Node backend
    "nginx": lambda b: {"nginx.conf": "events {}\n" + b + "http { server { listen 80; } }\n",
                        "package.json": '{"dependencies": {"express": "4"}}',
                        "server.js": "const express = require('express');\nconst app = express();\napp.listen(3000);\n"},
    "prisma": lambda b: {"package.json": '{"dependencies": {"express": "4", "@prisma/client": "5"}}',
                         "server.js": "const express = require('express');\nconst app = express();\napp.listen(3000);\n",
                         "prisma/schema.prisma": "datasource db {\n" + b + '  url = "postgresql://app:pw@db/app"\n}\n'},
    # read to see whether it names a web framework, for every Python file below it
    "requirements": lambda b: {"requirements.txt": b + "requests\n", "tool.py": "import requests\n"},
}


@pytest.mark.parametrize("case", sorted(_BLANK_LINE_TREES))
def test_blank_lines_cost_linear_time(tmp_path, case):
    def make(n):
        return _BLANK_LINE_TREES[case]("\n" * n)

    def check(files):
        folder = tmp_path / str(sum(map(len, files.values())))
        write_tree(folder, files)
        lint(folder, cache=False)

    check(make(10))  # rules and models loaded before anything is timed
    small, large = cpu_seconds(make, check, (5_000, 40_000))
    assert large < 1 + 12 * small, f"{large:.2f} s of CPU for 40,000 blank lines ({small:.2f} s for 5,000)"


@pytest.mark.parametrize("name", ["module.py", "site.conf"])
def test_a_head_of_blank_lines_is_sniffed_in_linear_time(tmp_path, name):
    """A `.py` or `.conf` file's kind is decided by its head: 16 KiB of blank lines cost 10 s (5 s) each."""
    import time
    write_tree(tmp_path, {f"d{i}/{name}": "\n" * 16_000 + "x = 1\n" for i in range(3)})
    start = time.process_time()
    lint(tmp_path, cache=False)
    assert time.process_time() - start < 4


@pytest.mark.parametrize("target", ["development", "test"])
def test_a_file_set_aside_by_its_build_targets_is_announced(tmp_path, target):
    """A file taking the role of the file it goes with ("built only by compose.yml (development)") is explained
    by that file's line, which was told by the reason ending in a role in brackets. The build targets a compose
    file names are quoted the same way (`builds only development stages (development)`): a stage named
    `development` or `test` set the compose file aside with no notice, no steering entry, no GitHub warning."""
    write_tree(tmp_path, {
        "docker-compose.yml": ("services:\n  api:\n    build:\n      context: .\n"
                               f"      target: {target}\n    privileged: true\n"),
        "Dockerfile": f"FROM node:20 AS {target}\nRUN npm ci\nFROM node:20-slim\nUSER node\nCMD [\"node\", \"s.js\"]\n",
    })
    text = prodlint("check", "--no-git", "--no-cache", tmp_path).stdout
    assert f"role evidence of the scanned repository: builds only development stages ({target}) sets 1 file " \
           "aside as development ('docker-compose.yml')" in text
    sarif = json.loads(prodlint("check", "--no-git", "--no-cache", "-f", "sarif", tmp_path).stdout)
    assert [e["setting"] for e in sarif["runs"][0]["properties"]["prodlint"]["steering"]] == ["role-evidence"]
    github = prodlint("check", "--no-git", "--no-cache", "-f", "github", tmp_path).stdout
    assert github.startswith("::warning title=prodlint::the scanned repository weakens this check")
    audit = json.loads(prodlint("audit", "--no-git", "-f", "json", tmp_path).stdout)
    assert [e["setting"] for e in audit["steering"]] == ["role-evidence"]


def test_a_file_built_only_by_a_development_stack_takes_its_role_quietly(tmp_path):
    """The inherited role keeps its one line, on the file that decided it."""
    write_tree(tmp_path, {
        "nginx/nginx.conf": "# for local development only\nevents {}\nhttp { include conf.d/*.conf; }\n",
        "nginx/conf.d/app.conf": "server {\n  listen 80;\n  server_tokens on;\n}\n",
    })
    text = prodlint("check", "--no-git", "--no-cache", tmp_path).stdout
    notices = [line for line in text.splitlines() if line.startswith("notice: role evidence")]
    assert len(notices) == 1 and "'nginx/nginx.conf'" in notices[0] and "app.conf" not in notices[0], text
    assert "1 development (beside nginx/nginx.conf (development))" in text


def test_a_make_target_called_from_many_lines_costs_linear_time(tmp_path):
    """A script's `make start` runs the target's commands for the script's role; followed from each calling line,
    n calls of a target of n commands recorded n**2 commands, and each question about the compose file they name
    went over all of them (300 of each, a 15 kB repository: minutes)."""
    def make(n):
        return {"Makefile": "start:\n" + "\tdocker compose -f docker-compose.yml up -d\n" * n,
                "deploy-prod.sh": "#!/bin/sh\n" + "make start\n" * n,
                "docker-compose.yml": "services:\n  web:\n    image: nginx:1.27\n"}

    def check(files):
        folder = tmp_path / str(sum(map(len, files.values())))
        write_tree(folder, files)
        lint(folder, cache=False)

    check(make(1))
    small, large = cpu_seconds(make, check, (40, 160))
    assert large < 1 + 4 * small, f"{large:.2f} s of CPU for 160 calls ({small:.2f} s for 40)"
