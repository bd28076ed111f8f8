"""Holes the red team found in the issue-14 guarantees, each closed as a general property (SECURITY.md)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import write_tree

JUDGED = "Tr0ub4dor&3x"  # judged weak in one file, quoted by another file's finding


def _cli(*args, env=None, cwd=None):
    exe = Path(sys.executable).parent / "prodlint"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "linter"]
    return subprocess.run(cmd + [str(a) for a in args], capture_output=True, text=True, cwd=cwd,
                          env=dict(env or os.environ, NO_COLOR="1"))


# ---- 1. a warm run shows what a cold run shows, and the cache holds no judged value ------------------
CROSS_FILE = {
    ".env.production": f"NODE_ENV=production\nJWT_SECRET={JUDGED}\n",
    "Dockerfile": f"FROM node:20\nRUN apt-get update && apt-get install -y curl && node seed.js --auth {JUDGED}\n"
                  "USER node\nCMD [\"node\", \"s.js\"]\n",
    "docker-compose.yml": "services:\n  api:\n    image: node:20\n    environment:\n"
                          f"      SEED: \"--auth {JUDGED}\"\n",
}


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_a_warm_run_prints_the_cold_run_byte_for_byte(tmp_path, fmt):
    root = write_tree(tmp_path / "repo", CROSS_FILE)
    cache = tmp_path / "cache"
    env = dict(os.environ, PRODLINT_CACHE_DIR=str(cache))
    cold = _cli("check", "--no-git", "-f", fmt, root, env=env)
    warm = _cli("check", "--no-git", "-f", fmt, root, env=env)
    assert JUDGED not in cold.stdout
    assert "--auth ****" in cold.stdout or fmt != "text"
    assert warm.stdout == cold.stdout
    assert warm.stderr == cold.stderr
    files = [p for p in cache.rglob("*") if p.is_file() and "results" in p.parts]
    assert files, "the result cache was not written"
    for path in files:
        assert JUDGED.encode() not in path.read_bytes()


def test_a_cache_hit_gives_back_its_judged_values_from_the_files(tmp_path):
    from linter.checker import Outcome
    from linter.resultcache import ResultCache
    cache = ResultCache(tmp_path, "key")
    texts = {"a.env": f"X=1\nJWT_SECRET={JUDGED}\n"}
    cache.text_of = texts.get
    out = Outcome(1)
    out.secrets = [JUDGED]
    out.ranges = {"a.env": {(2, 12, len(JUDGED))}}
    cache.put("a.env", "sig", "deps", out)
    cache.entries = cache.fresh
    assert cache.get("a.env", "sig", "deps").secrets == [JUDGED]
    out.ranges = {}  # a value no position covers cannot be given back: not stored
    cache.fresh = {}
    cache.put("a.env", "sig", "deps", out)
    assert cache.fresh == {}


# ---- 10. masking hides values, never the words of a message ----------------------------------------
def _formatted_messages():
    """Every rule's MESSAGES templates, each field filled with a neutral value of the type it takes."""
    import string

    from linter.catalog import load_catalog
    from linter.loader import load_rules
    out = []
    for rule in load_rules([], load_catalog().ids):
        for key, template in rule.messages.items():
            fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
            for filler in ("api", 3):
                try:
                    out.append((rule.id, key, template.format(**{f.split(".")[0].split("[")[0]: filler
                                                               for f in fields})))
                    break
                except (ValueError, TypeError, KeyError, IndexError, AttributeError):
                    continue
    return out


def test_no_rule_message_is_masked_where_it_quotes_nothing_secret():
    from linter.secrets import mask_message
    messages = _formatted_messages()
    assert len(messages) > 300
    masked = [(rid, key, m) for rid, key, m in messages if mask_message(m) != m]
    assert masked == []


# ---- 2. every value of a secret-named flag or key is masked, whatever its shape ---------------------
HEX = "0123456789abcdef" * 4
FLAG_LINES = [
    ("command: redis-server --requirepass " + HEX, HEX),
    ("RUN app --password=Hunter2word", "Hunter2word"),
    ("CMD app --secret 'plain words here'", "plain words here"),
    ("RUN mysql -uroot -pHunter2 app < dump.sql", "Hunter2"),
    ("REDIS_ARGS=--requirepass " + HEX, HEX),
    ('    "start": "node server.js --secret=' + HEX + '",', HEX),
    ("  command: redis-cli -a sunshine ping", "sunshine"),
    ("      - --client-secret=aaaaaaaa", "aaaaaaaa"),
]


@pytest.mark.parametrize("line, value", FLAG_LINES)
def test_flag_values_are_masked_in_snippets_messages_and_diffs(line, value):
    from linter.secrets import mask_diff, mask_line, mask_message
    assert value not in mask_line(line)
    assert value not in mask_message(f"runs `{line.strip()}` in production")
    diff = f"--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n {line}\n-x\n+y\n"
    assert value not in mask_diff(diff)


@pytest.mark.parametrize("line", [
    "RUN app --password=${DB_PASSWORD}", "CMD app --secret \"$SECRET\"", "RUN mkdir -p /app", "docker run -p 8080:80",
    "mongod --auth --bind_ip_all", "server_tokens off;", "proxy_pass http://backend:3000;",
    "RUN mysql -p$MYSQL_ROOT_PASSWORD", "ALLOW_EMPTY_PASSWORD=yes",
])
def test_references_and_settings_beside_secret_names_stay(line):
    from linter.secrets import mask_line
    assert mask_line(line) == line


# ---- 3. evidence is masked before it is shortened; credential-named query values are masked ---------
def test_quoted_evidence_is_masked_before_it_is_cut(tmp_path):
    from conftest import lint
    secret = "correcthorsebatterystaple"  # a word-like password: no token pattern catches its prefix
    result = lint(tmp_path, {
        "Dockerfile": "FROM node:20\nWORKDIR /app\nCOPY . .\n"
                      f"RUN npm install --registry https://deploy:{secret}@artifacts.example.com/npm/"
                      "\nUSER node\nCMD [\"node\", \"s.js\"]\n",
        "nginx.conf": "events {}\nhttp {\n server {\n  listen 80;\n  location / {\n"
                      f"   proxy_pass http://backend:3000/x?key={HEX};\n  }}\n }}\n}}\n",
    }, select=["DKF005", "NGX019"])
    by_rule = {f.rule_id: f.message for f in result.findings}
    assert set(by_rule) == {"DKF005", "NGX019"}, by_rule
    for message in by_rule.values():
        assert secret[:4] not in message and HEX[:8] not in message, message


@pytest.mark.parametrize("name", ["key", "token", "secret", "password", "api_key", "access_token", "auth", "sig"])
def test_credential_named_query_parameters_are_masked(name):
    from linter.secrets import mask_line, mask_message
    text = f"proxy_pass http://b/x?v=1&{name}=0123abcd;"
    assert "0123abcd" not in mask_message(text) and "0123abcd" not in mask_line(text)
    assert "v=1" in mask_message(text)


def test_shorten_masks_the_whole_evidence_first():
    from linter.secrets import shorten
    assert "SECR" not in shorten("curl https://user:SECRET@host.example.com/a", 20)


# ---- 4. a URL password holding '@' is masked up to the last '@' before the host ----------------------
@pytest.mark.parametrize("text", [
    "postgres://u:P@ss!w0rd#Pr0d%2024@db.example.com/app",
    "DATABASE_URL=postgres://u:P@ss!w0rd#Pr0d%2024@db/app",
    "url: 'redis://:P@ss!w0rd#Pr0d%2024@cache:6379'",
])
def test_url_passwords_with_at_signs_are_masked_whole(text):
    from linter.secrets import mask_line, mask_message, url_password
    for masked in (mask_line(text), mask_message(text)):
        assert "ss!w0rd" not in masked and "Pr0d" not in masked, masked
    assert url_password("postgres://u:P@ss@db/app") == "P@ss"


# ---- 5. every line of text, --diff and stderr output is inert -----------------------------------------
def _commands(output: str) -> list[str]:
    """Lines a CI runner would take as a command, and raw terminal controls."""
    return [line for line in output.split("\n") if line.lstrip(" \t").startswith(("::", "##["))] + \
        [repr(ch) for ch in output if ch in "\x1b\x07\x9b\r\x0c\x0b\x1c"]


HOSTILE_ENV = ("# \x1b]8;;http://evil\x07link\x1b]8;;\x07 \x1b[2J\r\x0c::error file=x::pwned\n"
               "::warning::in-content\n  ##[group]g\nNODE_ENV=development\nA=\x1b[31m\x1c\x0b\n")


def test_diff_output_is_inert(tmp_path):
    folder = "x\n::error file=a::b"
    write_tree(tmp_path, {f"{folder}/docker-compose.yml": "services:\n  web:\n    image: nginx:1.25\n",
                          f"{folder}/.env.production": HOSTILE_ENV})
    proc = _cli("check", "--no-git", "--diff", "--unsafe-fixes", tmp_path)
    assert proc.stdout.startswith("---") and "+NODE_ENV=production" in proc.stdout, proc.stdout + proc.stderr
    assert _commands(proc.stdout + proc.stderr) == []


def test_text_output_and_file_listing_are_inert(tmp_path):
    write_tree(tmp_path, {"::warning::w/.env": "NODE_ENV=development\nJWT_SECRET=abc\n",
                          "##[error]x/.env.production": "JWT_SECRET=abc\x1b[2J\n"})
    for args in (["check", "--no-git"], ["check", "--no-git", "--show-files"]):
        proc = _cli(*args, tmp_path)
        assert "w/.env" in proc.stdout + proc.stderr
        assert _commands(proc.stdout + proc.stderr) == [], args


def test_error_lines_are_inert():
    from linter.cli import _safe
    assert _commands(_safe("::error::x\n##[group]y \x1b]0;t\x07")) == []


# ---- 6. ignore rules that drop every file are announced ---------------------------------------------
@pytest.mark.parametrize("ignore_file", [".gitignore", ".git/info/exclude"])
def test_an_ignore_everything_rule_is_counted_and_announced(tmp_path, ignore_file):
    import json
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    write_tree(tmp_path, {ignore_file: "*\n", "Dockerfile": "FROM node\n",
                          "docker-compose.yml": "services:\n  a:\n    image: x\n"})
    for args in (["--no-git"], []):
        if ignore_file != ".gitignore" and args:
            continue  # without git, .git/info/exclude is not read at all: the files are checked
        proc = _cli("check", *args, tmp_path)
        assert "2 git-ignored files of known kinds" in proc.stdout, proc.stdout
        assert f"'{ignore_file}' ignores every file of a known kind (2 files)" in proc.stdout, proc.stdout
        sarif = json.loads(_cli("check", *args, "-f", "sarif", tmp_path).stdout)
        steering = sarif["runs"][0]["properties"]["prodlint"]["steering"]
        assert [e["setting"] for e in steering] == ["ignore-files"]


def test_ignore_rules_that_leave_files_to_check_are_not_announced(tmp_path):
    write_tree(tmp_path, {".gitignore": "*.log\nbuild/\n", "Dockerfile": "FROM node\n",
                          "build/docker-compose.yml": "services:\n  a:\n    image: x\n"})
    proc = _cli("check", "--no-git", tmp_path)
    assert "ignore-files" not in proc.stdout and "1 git-ignored file of known kinds" in proc.stdout


# ---- 7. skipped files are counted in the summary line and listed by the audit -------------------------
def test_skipped_files_are_counted_in_the_summary_and_listed_by_the_audit(tmp_path):
    write_tree(tmp_path, {"Dockerfile": b"FROM node\x00\x01\n", ".prodlint.toml": "max-file-size = 1024\n",
                          "docker-compose.yml": "x: " + "a" * 2000 + "\n"})
    proc = _cli("check", "--no-git", tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.rstrip().splitlines()[-1].endswith("; 2 files skipped"), proc.stdout
    audit = _cli("audit", "--no-git", tmp_path).stdout
    assert "Dockerfile (holds binary data)" in audit and "docker-compose.yml (" in audit


# ---- 8. --load-plugins imports only the repository's own rule folders ---------------------------------
PLUGIN = ('"""Outside."""\nfrom linter.api import RuleMeta\nMETA = RuleMeta(id="ZZZ001", name="outside", kinds=("env",), severity="note", checklist=())\n'
          'MESSAGES = {"x": "x"}\nopen(__file__ + ".ran", "w").write("ran")\n\ndef check(doc, ctx):\n    return []\n')


@pytest.mark.parametrize("folder", ["../outside", "link-out"])
def test_in_tree_rules_dirs_outside_the_root_are_refused(tmp_path, folder):
    repo = write_tree(tmp_path / "repo", {".prodlint.toml": f'rules-dirs = ["{folder}"]\n', ".env": "A=1\n"})
    write_tree(tmp_path / "outside", {"zzz001.py": PLUGIN})
    (repo / "link-out").symlink_to(tmp_path / "outside")
    proc = _cli("check", "--no-git", "--load-plugins", repo)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "outside the repository root" in proc.stderr, proc.stderr
    assert not list((tmp_path / "outside").glob("*.ran")), "code outside the root was imported"


def test_in_tree_rules_dirs_inside_the_root_still_load(tmp_path):
    repo = write_tree(tmp_path / "repo", {".prodlint.toml": 'rules-dirs = ["rules"]\n', ".env": "A=1\n",
                                          "rules/zzz001.py": PLUGIN})
    proc = _cli("check", "--no-git", "--load-plugins", repo)
    assert proc.returncode in (0, 1), proc.stderr
    assert list((repo / "rules").glob("*.ran"))


# ---- 9. a path that links out of the repository is refused in one line ---------------------------------
def test_a_folder_link_out_of_the_repository_is_refused_in_one_line(tmp_path):
    repo = tmp_path / "repo"
    write_tree(repo, {"Dockerfile": "FROM node\n"})
    write_tree(tmp_path / "outside", {"Dockerfile": "FROM node\n"})
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "sub").symlink_to(tmp_path / "outside")
    for arg in ("sub", "sub/", "sub/Dockerfile"):
        proc = _cli("check", arg, cwd=repo)
        assert proc.returncode == 2, (arg, proc.stdout, proc.stderr)
        assert proc.stderr.count("\n") == 1 and "outside the repository root" in proc.stderr
        assert "Traceback" not in proc.stderr
