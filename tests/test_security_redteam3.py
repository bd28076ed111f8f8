"""The third red team's holes in the security guarantees (SECURITY.md), each closed as a general property."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import write_tree

WEAK = "Pw01hunter"


def _run(*args, timeout=60):
    """The installed CLI, killed if it runs longer than a linear pass over the test's files could."""
    exe = Path(sys.executable).parent / "prodlint"
    return subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          env=dict(os.environ, NO_COLOR="1"))


# ---- a directive comment cannot hang the run -----------------------------------------------------------
@pytest.mark.parametrize("line", [
    "# prodlint: ignore -- a" + " " * 20000 + "x",           # a reason with a long run of spaces inside
    "// prodlint: ignore -- a" + "\t" * 20000 + "x",
    "#prodlint:ignore[" * 20000,                              # heads whose id list never closes
    "# prodlint: ignore " + "-" * 20000,
])
def test_a_directive_line_is_parsed_in_linear_time(line):
    from linter.suppress import parse_directives
    started = time.process_time()  # CPU time: a loaded machine must not fail it; the old pattern took hours
    for kind in ("env", "node"):
        parse_directives(line + "\n", kind)
    assert time.process_time() - started < 5


def test_a_hostile_directive_line_does_not_hang_a_check(tmp_path):
    root = write_tree(tmp_path, {".env.production": "# prodlint: ignore -- a" + " " * 20000 + "x\n"
                                                      f"JWT_SECRET={WEAK}\n"})
    result = _run("check", "--no-cache", root, timeout=60)
    assert "ENV001" in result.stdout


def test_directive_reasons_are_read_as_before():
    from linter.suppress import parse_directives
    (d,) = parse_directives("KEY=1  # prodlint: ignore[ENV001, ENV002] --  known test value  */ \n", "env")
    assert (d.verb, d.ids, d.reason) == ("ignore", ["ENV001", "ENV002"], "known test value")
    (d,) = parse_directives("/* prodlint: ignore-file */\n", "node")
    assert (d.verb, d.ids, d.reason) == ("ignore-file", [], "")
    assert parse_directives("# prodlint: ignore this line please\n", "env") == []
    (d,) = parse_directives("# prodlint: ignore words # prodlint: disable[X] -- later\n", "env")
    assert (d.verb, d.ids, d.reason, d.column) == ("disable", ["X"], "later", 26)


# ---- the audit's quotes keep what masking hides for where it stands -----------------------------------
LETTERS = "Hunterxyzzyquux"  # a password of letters only: the audit unmasks plain words on lines naming no secret
TOKEN = "AbCdEfGhIjKlMnOpQrStUvWx"  # a token of letters only


@pytest.mark.parametrize("command, value", [
    (f"curl -u admin:{LETTERS} http://api:3000/health", LETTERS),
    (f"mysql -h db -u root -p{LETTERS}", LETTERS),
    (f"node server.js https://{TOKEN}@github.com/acme/config", TOKEN),
    (f"node server.js https://cdn.example.com/app.js?sig={TOKEN}", TOKEN),
])
def test_audit_quotes_mask_credentials_written_in_letters_only(tmp_path, command, value):
    root = write_tree(tmp_path, {"Dockerfile": f"FROM node:20\nUSER node\nCMD {command}\n"})
    check = _run("check", root).stdout
    assert "CMD " in check and value not in check  # the snippet masks it
    for fmt in ("text", "json", "markdown", "html"):
        shown = _run("audit", "-f", fmt, root).stdout
        assert "Dockerfile" in shown and value not in shown, fmt


def test_audit_quotes_keep_plain_words_of_lines_naming_no_secret():
    from linter.audit_evidence import mask_quote

    class _Run:
        secret_ranges: dict = {}

        class redactor:
            @staticmethod
            def scrub(text):
                return text

            scrub_line = scrub
    for line in ('add_header Strict-Transport-Security "max-age=63072000; includeSubDomains; preload" always;',
                 "CMD [\"node\", \"server.js\", \"--mode\", \"ClusterPrimaryWorker\"]"):
        assert mask_quote(_Run, "x", 0, line) == line


# ---- role evidence the repository plants is announced like a configuration that removes findings -------
STACK = ("services:\n  db:\n    image: postgres:16\n    environment:\n"
         f"      POSTGRES_PASSWORD: {WEAK}\n    ports:\n      - \"5432:5432\"\n")


@pytest.mark.parametrize("planted", [
    {"README.md": "# Shop\n\nThis repository is a collection of examples, not for production use.\n"},
    {"docker-compose.yml": "# For local development only\n" + STACK},
    {"Makefile": "dev:\n\tdocker compose -f docker-compose.yml up --build\n"},
])
def test_files_that_evidence_outside_their_path_sets_aside_are_announced(tmp_path, planted):
    root = write_tree(tmp_path, {"docker-compose.yml": STACK, **planted})
    text = _run("check", root).stdout
    assert "CMP013" not in text  # the role decided: the stack is not checked as production ...
    line = next(n for n in text.splitlines() if "role evidence of the scanned repository" in n)
    assert "'docker-compose.yml'" in line and "production checks skip it" in line  # ... and the run says so
    sarif = json.loads(_run("check", "-f", "sarif", root).stdout)["runs"][0]
    assert "role-evidence" in [s["setting"] for s in sarif["properties"]["prodlint"]["steering"]]
    first = _run("check", "-f", "github", root).stdout.splitlines()[0]
    assert first.startswith("::warning") and "role-evidence" in first
    assert _run("check", root).stdout == text  # the same from the result cache


@pytest.mark.parametrize("files", [
    {"docker-compose.dev.yml": STACK},
    {"examples/shop/docker-compose.yml": STACK},
    {"docker-compose.yml": STACK, "docker-compose.dev.yml": STACK},
])
def test_files_set_aside_by_their_own_path_or_checked_as_production_are_not_announced(tmp_path, files):
    text = _run("check", write_tree(tmp_path, files)).stdout
    assert "role evidence" not in text


# ---- masking a long source line is linear -----------------------------------------------------------------
@pytest.mark.parametrize("line", [
    'const secret = process.env.JWT_SECRET || "a' + " " * 20000,
    'DB = getenv("DB_PASSWORD", "a' + "\t" * 20000 + "x",
    "token = a" + " " * 20000 + "x",
])
def test_masking_a_long_line_takes_linear_time(line):
    from linter.secrets import mask_arguments, mask_line, mask_message
    started = time.process_time()  # CPU time, as above
    for mask in (mask_line, mask_message, mask_arguments):
        mask(line)
    assert time.process_time() - started < 5


def test_fallbacks_are_masked_as_before():
    from linter.secrets import mask_line
    for line in ('const s = process.env.JWT_SECRET ||  "hunter2xyz";', 'app.config["SECRET_KEY"]  = "hunter2xyz"',
                 'os.getenv("DB_PASSWORD") or "hunter2xyz"', "SECRET = os.environ.get('JWT_SECRET' ,  'hunter2xyz')"):
        assert "hunter2xyz" not in mask_line(line), line


# ---- the scanned repository's git configuration runs nothing ----------------------------------------------
@pytest.mark.parametrize("target", ["", "services/api", "services/api/.env.production"])
def test_a_repository_git_configuration_runs_no_command(tmp_path, target):
    repo, marker = tmp_path / "repo", tmp_path / "ran"
    write_tree(repo, {"services/api/.env.production": f"JWT_SECRET={WEAK}\n"})
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"],
                   check=True)
    with open(repo / ".git" / "config", "a") as config:  # what a checkout shipped with its .git folder holds
        config.write(f'[core]\n\tfsmonitor = "touch {marker}; true"\n')
    result = _run("check", repo / target if target else repo)
    assert "ENV001" in result.stdout
    assert not marker.exists()


def test_git_is_run_only_through_the_safe_runner():
    """Every git command goes through discover.git / discover._git_stream, which switch off the
    repository's fsmonitor and hooks and drop GIT_* variables."""
    import re as _re
    root = Path(__file__).resolve().parent.parent / "linter"
    for path in root.rglob("*.py"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if _re.search(r"""(?:Popen|run|call|check_output)\(\s*\[\s*["']git["']""", line):
                assert "GIT_SAFE" in line, f"{path.relative_to(root)}:{number}: {line.strip()}"


# ---- an env file's unquoted value is read in linear time ----------------------------------------------------
def test_a_long_unquoted_env_value_is_parsed_in_linear_time(tmp_path):
    root = write_tree(tmp_path, {".env.production": "JWT_SECRET=a" + " " * 200000 + "x\nNODE_ENV=development\n"})
    started = time.monotonic()
    result = _run("check", "--no-cache", root, timeout=120)
    assert "ENV003" in result.stdout
    assert time.monotonic() - started < 20  # quadratic in python-dotenv's own comment cut: minutes


@pytest.mark.parametrize("part", ["a #b", "a\t\t# b c", "a#b", "  #x", "a \u00a0#b", "a b  ", "#", "a # b # c", "", "\f#"])
def test_the_comment_of_an_unquoted_value_is_cut_as_dotenv_cuts_it(part):
    import re as _re
    from linter.parsers.env import cut_comment
    assert cut_comment(part) == _re.sub(r"\s+#.*", "", part).rstrip()


# ---- glob patterns the repository writes are matched in linear time ------------------------------------------
STARS = "a*" * 20 + "b"  # a backtracking matcher tries every split of a long name between the stars
DEEP = "/".join(["**/a"] * 6) + "/b"


@pytest.mark.parametrize("files", [
    {".gitignore": STARS + "\n" + DEEP + "\n"},                                   # a walk honours .gitignore
    {".prodlint.toml": f'exclude = ["{STARS}", "{DEEP}"]\n[per-file-ignores]\n"{STARS}" = ["ENV001"]\n'},
    {".dockerignore": STARS + "\n" + DEEP + "\n", "Dockerfile": "FROM node:20\nCOPY . .\nUSER node\n",
     "a" * 60 + ".env": "API_KEY=x\n", "/".join(["a"] * 150) + "/.env": "API_KEY=x\n"},  # what the image copies
])
def test_repository_globs_are_matched_in_linear_time(tmp_path, files):
    root = write_tree(tmp_path, {**files, "a" * 200: "x\n", "/".join(["a"] * 150) + "/c.txt": "x\n",
                                 ".env.production": f"JWT_SECRET={WEAK}\n"})
    result = _run("check", "--no-cache", root, timeout=60)
    assert "ENV001" in result.stdout


@pytest.mark.parametrize("pattern", ["a*b", "*.env", "**/x*y/z", "a/**/b", "x/**/y*z/**/w", "a**b", "a?*b*c",
                                     "**/a/**/b/**", "[ab]*x*y", "a*/b*/c"])
def test_linear_glob_regexes_match_what_the_backtracking_ones_match(pattern, monkeypatch):
    import itertools
    import re as _re
    from linter.glob_linear import atomic_stars
    from linter.model import repository
    monkeypatch.setattr(repository, "atomic_stars", lambda source: source)  # the translation as it was
    kind, plain = repository._compile(pattern)
    if plain is None:
        pytest.skip(f"{kind}: no regex")
    linear = _re.compile(atomic_stars(plain.pattern), _re.S)
    for parts in itertools.product(["a", "b", "x", "y/", "/", "ab", "z"], repeat=4):
        path = "".join(parts)
        assert bool(plain.match(path)) == bool(linear.match(path)), (pattern, path)


def test_a_file_that_only_goes_with_a_set_aside_file_is_not_announced_again(tmp_path):
    """A Dockerfile built only by a development stack takes its role: the stack's own line says why."""
    root = write_tree(tmp_path, {"README.md": "# Shop\n\nA collection of examples, not for production use.\n",
                                 "docker-compose.yml": "services:\n  api:\n    build: ./api\n",
                                 "api/Dockerfile": "FROM node:20\nCMD [\"node\", \"server.js\"]\n"})
    lines = [n for n in _run("check", root).stdout.splitlines() if "role evidence" in n]
    assert len(lines) == 1 and "'docker-compose.yml'" in lines[0]
