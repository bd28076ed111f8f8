"""The second red team's holes in the security guarantees (SECURITY.md), each closed as a general property:
what a run could not read is never called passed, every way a repository silences findings is shown with
where it did so, and secret values written in pieces, in argument lists or in client-specific syntax are
masked."""
from __future__ import annotations

import json
import subprocess

import pytest

from conftest import lint, prodlint, write_tree

WEAK = "Pw01hunter"


def _git(root):
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"],
                   check=True)
    return root


def _item(audit_json: str, item_id: str) -> dict:
    return next(i for s in json.loads(audit_json)["sections"] for i in s["items"] if i["id"] == item_id)


COMPOSE_USING_ENV = ("services:\n  api:\n    image: node:20\n    env_file: .env.production\n    environment:\n"
                     "      NODE_ENV: production\n      JWT_SECRET: ${JWT_SECRET}\n")


# ---- an item is not passed, nor "not applicable", while a file of its kinds went unread -------------------
@pytest.mark.parametrize("how", ["binary", "over-the-cap", "untracked-none"])
def test_an_item_whose_files_were_not_all_read_is_not_checked(tmp_path, how):
    env = f"NODE_ENV=development\nJWT_SECRET={WEAK}\n"
    files = {"docker-compose.yml": COMPOSE_USING_ENV, ".env.production": env}
    if how == "binary":
        files[".env.production"] = b"\x7fELF" + env.encode()  # binary by its magic: never read as text
    elif how == "over-the-cap":
        files[".prodlint.toml"] = "max-file-size = 1024\n"
        files[".env.production"] = env + "#" * 2000 + "\n"
    else:
        files[".prodlint.toml"] = 'untracked = "none"\n'
        files[".gitignore"] = ".env.production\n"
    root = _git(write_tree(tmp_path, files))
    audit = prodlint("audit", "-f", "json", root).stdout
    for item_id in ("secrets.jwt-secret", "secrets.node-env"):
        item = _item(audit, item_id)
        assert item["status"] == "not-checked", (item_id, item["status"], item["reason"])
        assert ".env.production" in item["reason"]


def test_an_item_is_still_judged_when_every_file_of_its_kinds_was_read(tmp_path):
    root = _git(write_tree(tmp_path, {"docker-compose.yml": COMPOSE_USING_ENV,
                                      ".env.production": "NODE_ENV=production\nJWT_SECRET=${X}\n",
                                      "notes/big.bin": b"\x7fELF\0\0"}))
    assert _item(prodlint("audit", "-f", "json", root).stdout, "secrets.node-env")["status"] == "passed"


# ---- untracked = "none" in the repository's configuration is steering ------------------------------------
def test_an_in_tree_untracked_none_is_announced(tmp_path):
    root = _git(write_tree(tmp_path, {".prodlint.toml": 'untracked = "none"\n', ".gitignore": ".env.production\n",
                                      ".env.production": f"JWT_SECRET={WEAK}\n",
                                      "docker-compose.yml": COMPOSE_USING_ENV}))
    text = prodlint("check", root).stdout
    assert ".prodlint.toml: notice: configuration from the scanned repository: untracked:" in text
    run = json.loads(prodlint("check", "-f", "sarif", root).stdout)["runs"][0]
    assert "untracked" in [s["setting"] for s in run["properties"]["prodlint"]["steering"]]


# ---- a suppression says where it was made, in every format ------------------------------------------------
HIDDEN = {  # the repository silences its own weak secret: a whole-file directive, one per kind of syntax
    ".env.production": f"NODE_ENV=production\n# prodlint: ignore-file\nJWT_SECRET={WEAK}\n",
    "deploy/docker-compose.yml": ("services:\n  api:\n    image: node:20\n    environment:\n"
                                  f"      JWT_SECRET: {WEAK}  # prodlint: ignore\n"),
}


def test_every_format_says_where_findings_were_suppressed(tmp_path):
    root = write_tree(tmp_path, HIDDEN)
    text = prodlint("check", "--no-git", root).stdout
    line = next(ln for ln in text.splitlines() if ln.startswith(".env.production: notice: "))
    assert "suppressed here (ENV001, " in line and line.endswith("by `prodlint: ignore-file` on line 2"), line
    assert "deploy/docker-compose.yml: notice: " in text and "`prodlint: ignore` on line 5" in text
    github = prodlint("check", "--no-git", "-f", "github", root).stdout
    assert "::notice file=.env.production,title=prodlint::" in github and "suppressed here" in github
    places = json.loads(prodlint("check", "--no-git", "-f", "json", root).stdout)["suppressions"]
    assert {(p["path"], p["line"], p["directive"]) for p in places} == {
        (".env.production", 2, "ignore-file"), ("deploy/docker-compose.yml", 5, "ignore")}
    env = next(p for p in places if p["path"] == ".env.production")
    assert env["rules"]["ENV001"] == 1 and env["count"] == sum(env["rules"].values())
    run = json.loads(prodlint("check", "--no-git", "-f", "sarif", root).stdout)["runs"][0]
    assert run["properties"]["prodlint"]["suppressedAt"] == places
    assert run["invocations"][0]["properties"]["prodlint"]["suppressedAt"] == places
    audit = json.loads(prodlint("audit", "--no-git", "-f", "json", root).stdout)
    assert audit["configuration"]["suppressed_at"] == places
    assert "suppressed (inline: .env.production:2, deploy/docker-compose.yml:5)" in \
        prodlint("audit", "--no-git", root).stdout.replace("\n    ", " ")


def test_per_file_ignores_name_the_files_they_silenced(tmp_path):
    root = write_tree(tmp_path, {".prodlint.toml": '[per-file-ignores]\n"*.production" = ["ENV001"]\n',
                                 ".env.production": f"NODE_ENV=production\nJWT_SECRET={WEAK}\n"})
    result = lint(root)
    assert result.suppressions == [{"path": ".env.production", "line": None, "cause": "per-file-ignores",
                                    "directive": None, "count": 1, "rules": {"ENV001": 1}}]
    assert any(n.path == ".env.production" and "by the configuration's per-file-ignores" in n.message
               for n in result.notices)


def test_a_run_without_suppressions_says_nothing_of_them(tmp_path):
    result = lint(tmp_path, {".env.production": f"NODE_ENV=production\nJWT_SECRET={WEAK}\n"})
    assert result.suppressions == [] and not [n for n in result.notices if "suppressed" in n.message]


# ---- a stray NUL byte does not make a text file "binary" -------------------------------------------------
@pytest.mark.parametrize("data", [
    f"NODE_ENV=production\nJWT_SECRET={WEAK}\n".encode() + b"\0",
    b"\0\n" + f"NODE_ENV=production\nJWT_SECRET={WEAK}\n".encode(),
    f"NODE_ENV=production\nJWT_SECRET={WEAK}\n# {'x' * 9000}\0\n".encode(),  # past the sniffed head
])
def test_a_text_file_with_a_nul_byte_is_read_as_text(tmp_path, data):
    result = lint(tmp_path, {".env.production": data})
    assert [(f.rule_id, f.span.line) for f in result.findings if f.rule_id == "ENV001"] == \
        [("ENV001", data.split(b"JWT_SECRET")[0].count(b"\n") + 1)]
    assert any(n.path == ".env.production" and "NUL byte" in n.message for n in result.notices)
    assert WEAK not in json.dumps([f.as_dict() for f in result.findings])


@pytest.mark.parametrize("data", [b"FROM node\x00\x01\n", "FROM node\n".encode("utf-16-le"),
                                  b"\x00\x01\x02\x03" * 50 + b"FROM node\n", b"FROM \x00\xff\xfe\xfd node\n" * 3])
def test_bytes_that_are_mostly_not_text_are_still_binary(data):
    from linter.files import looks_binary
    assert looks_binary(data)


# ---- values judged secret but written in pieces are masked piece by piece --------------------------------
def _every_output(root, tmp_path) -> str:
    env = {"PRODLINT_CACHE_DIR": str(tmp_path / "cache")}
    import os
    env = dict(os.environ, **env)
    import sys
    from pathlib import Path
    exe = str(Path(sys.executable).parent / "prodlint")
    runs = [["check", "--no-git", "-f", fmt, root] for fmt in ("text", "json", "sarif", "github")]
    runs += [["check", "--no-git", "--diff", "--unsafe-fixes", root]]
    runs += [["audit", "--no-git", "-f", fmt, root] for fmt in ("text", "json", "markdown", "html")]
    out = []
    for args in runs * 2:  # the second time from the result cache
        proc = subprocess.run([exe, *map(str, args)], capture_output=True, text=True, env=env)
        out.append(proc.stdout + proc.stderr)
    return "\n".join(out)


PIECES = {  # each value is judged by a rule, and the source writes it apart
    "compose/docker-compose.yml": ("services:\n  api:\n    image: node:20\n    environment:\n"
                                   "      NODE_ENV: development\n      JWT_SECRET: |\n        Pk01first\n"
                                   "        Pk02second\n"),
    "py/app.py": ("from flask import Flask\nimport jwt\napp = Flask(__name__)\n"
                  "token = jwt.encode({}, 'x' 'Pk03implicit', algorithm='HS256')\n"
                  "app.secret_key = ('Pk04paren'\n    'Pk05continued')\napp.run(host='0.0.0.0', debug=True)\n"),
    "py/requirements.txt": "flask\npyjwt\n",
}


def test_a_judged_value_written_in_pieces_leaves_through_no_output(tmp_path):
    root = write_tree(tmp_path / "repo", PIECES)
    result = lint(root)
    judged = {f.rule_id for f in result.findings}
    assert "ENV001" in judged, judged
    blob = _every_output(root, tmp_path)
    assert "+NODE_ENV: production" in blob.replace("+      NODE_ENV", "+NODE_ENV"), "no diff: the test shows nothing"
    for n, piece in enumerate(["Pk01first", "Pk02second", "Pk03implicit"], 1):
        assert piece not in blob, f"piece {n} of a judged value leaked"


def test_pieces_are_the_source_tokens_that_make_up_the_value():
    from linter.secrets import written_pieces
    assert written_pieces("A: |\n  Pk01first\n  Pk02second\n", "Pk01first\nPk02second") == {"Pk01first", "Pk02second"}
    assert written_pieces("f('x' 'Pk03implicit')", "xPk03implicit") == {"Pk03implicit"}
    assert written_pieces('S="a\\"Pk06escaped"', 'a"Pk06escaped') == {"Pk06escaped"}
    assert written_pieces("JWT_SECRET=Pk07whole\n", "Pk07whole") == set()  # written whole: masked whole


# ---- secret-shaped source text in forms the patterns missed ----------------------------------------------
SHAPES = [  # (a source line, the secret it holds)
    ('JWT_SECRET="ab""Pw02hunter"', "Pw02hunter"),  # shell-style adjacent quoted parts
    ("JWT_SECRET=ab'Pw02hunter'", "Pw02hunter"),
    ("secret: 'ab' + 'Pw73hunter',", "Pw73hunter"),  # joined with +
    ("password: !!str Pw99hunter", "Pw99hunter"),  # a YAML tag, an anchor
    ("password: &pw Pw99hunter", "Pw99hunter"),
    ('command: ["redis-server", "--requirepass", "Pw26hunter"]', "Pw26hunter"),  # exec-form lists
    ('test: ["CMD", "pg_isready", "--password", "Pw25hunter"]', "Pw25hunter"),
    ('test: ["CMD", "mysqladmin", "ping", "-pPw26hunter"]', "Pw26hunter"),
    ('test: ["CMD", "redis-cli", "-a", "Pw26hunter", "ping"]', "Pw26hunter"),
    ("RUN curl -u admin:Pw33hunter https://h/x", "Pw33hunter"),  # clients' own password options
    ("RUN curl --user=admin:Pw33hunter https://h/x", "Pw33hunter"),
    ("RUN sshpass -p Pw99hunter ssh deploy@host", "Pw99hunter"),
    ("RUN docker login -u me -p Pw99hunter registry.example.com", "Pw99hunter"),
    ("user default on >Pw50hunter ~* +@all", "Pw50hunter"),  # Redis ACL
    ("ACL SETUSER app on >Pw50hunter +@all", "Pw50hunter"),
    ("user app on #" + "ab12" * 16 + " ~* +@all", "ab12" * 16),
    ('process.env.JWT_SECRET || "Pw99hunter"', "Pw99hunter"),  # literal fallbacks and defaults
    ("process.env.SESSION_SECRET ?? 'Pw99hunter'", "Pw99hunter"),
    ('os.getenv("DB_PASSWORD", "Pw99hunter")', "Pw99hunter"),
    ('os.environ.setdefault("SECRET_KEY", "Pw99hunter")', "Pw99hunter"),
    ('app.config["SECRET_KEY"] = "Pw99hunter"', "Pw99hunter"),
    ("RUN git clone https://" + "0123456789abcdef" * 2 + "01234567@github.com/o/r.git", "0123456789abcdef" * 2),
    ('secure_link_md5 "$secure_link_expires$uri Pw43hunter";', "Pw43hunter"),
]


@pytest.mark.parametrize("line, value", SHAPES)
def test_secret_shapes_are_masked_in_snippets_messages_and_diffs(line, value):
    from linter.secrets import mask_diff, mask_line, mask_message
    assert value not in mask_line(line), mask_line(line)
    assert value not in mask_message(f"runs `{line}` in production")
    assert value not in mask_diff(f"--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n {line}\n-x\n+y\n")


@pytest.mark.parametrize("line", [
    'fields = ["username", "password", "email"]', "if token == other:", "docker run -u 1000:1000 app",
    "curl -u $USER:$PASS https://x", 'RUN echo "$PW" | docker login -u me --password-stdin',
    'command: ["node", "--max-old-space-size", "4096"]', "user default on nopass ~* +@all",
    "secure_link_md5 \"$secure_link_expires$uri$remote_addr\";", "const x = a || \"default\"",
    'password: "${DB_PASSWORD}"', "process.env.JWT_SECRET || process.env.FALLBACK",
    "git clone https://github.com/o/r.git", "RUN useradd -m app >/dev/null",
])
def test_what_is_no_secret_stays_readable(line):
    from linter.secrets import mask_line
    assert mask_line(line) == line


# ---- production's local override is production ----------------------------------------------------------
@pytest.mark.parametrize("name, role", [(".env.production.local", "production"), (".env.prod.local", "production"),
                                        (".env.local", "development"), (".env.development.local", "development"),
                                        (".env.test.local", "test"), ("config/.env.production.local", "production"),
                                        ("examples/.env.production.local", "example")])
def test_dotenv_mode_local_files_take_their_mode_role(tmp_path, name, role):
    result = lint(tmp_path, {name: f"NODE_ENV=production\nJWT_SECRET={WEAK}\n"})
    assert result.project.roles.role(name) == role
    assert any(f.rule_id == "ENV001" for f in result.findings) == (role == "production")


def test_a_git_ignored_production_local_env_file_is_judged(tmp_path):
    root = _git(write_tree(tmp_path, {".gitignore": ".env*.local\n", "package.json": '{"dependencies": {"next": "14"}}',
                                      ".env.production.local": f"NODE_ENV=production\nJWT_SECRET={WEAK}\n"}))
    text = prodlint("check", root).stdout
    assert ".env.production.local:2:1: ENV001" in text and WEAK not in text
    assert _item(prodlint("audit", "-f", "json", root).stdout, "secrets.jwt-secret")["status"] == "failed"


def test_role_evidence_that_quotes_the_repository_is_masked():
    from linter.evidence.clues import Clue, Decision, Strength
    quoted = "its image runs 'rails server --secret-key-base Pw01hunter -e development'"
    decision = Decision("development", quoted, [Clue("development", Strength.CONTENT, quoted)],
                        Clue("production", Strength.NAME, "README says \"DB_PASSWORD=Pw01hunter\""))
    assert WEAK not in decision.evidence and "its image runs 'rails server" in decision.evidence


def test_a_baseline_the_repository_names_says_which_files_it_silenced(tmp_path):
    root = write_tree(tmp_path / "repo", {".env.production": f"NODE_ENV=production\nJWT_SECRET={WEAK}\n"})
    prodlint("baseline", root, "-o", root / "b.json")
    user = prodlint("check", "--no-git", "--baseline", root / "b.json", root).stdout
    assert "suppressed here" not in user  # the user's own baseline: counted, not announced file by file
    (root / ".prodlint.toml").write_text("baseline = 'b.json'\n")
    text = prodlint("check", "--no-git", root).stdout
    assert ".env.production: notice: " in text and "by the baseline the configuration names" in text, text
    places = json.loads(prodlint("check", "--no-git", "-f", "json", root).stdout)["suppressions"]
    assert {(p["path"], p["cause"]) for p in places} == {(".env.production", "baseline")}


# ---- SARIF's line hash is a fast hash of the source: none over a secret ---------------------------------
def test_no_line_hash_is_computed_over_a_secret(tmp_path):
    from linter.report.linehash import line_hashes
    text = f"NODE_ENV=development\nDEBUG=true\n\n\n\n\n\nJWT_SECRET={WEAK}\n"
    root = write_tree(tmp_path, {".env.production": text})
    run = json.loads(prodlint("check", "--no-git", "-f", "sarif", root).stdout)["runs"][0]
    by_line = {r["locations"][0]["physicalLocation"]["region"]["startLine"]: r["partialFingerprints"]
               for r in run["results"]}
    # the window of line 8 holds the weak secret: its hash would let anyone try candidates offline
    assert 8 in by_line and "primaryLocationLineHash" not in by_line[8]
    hashes = line_hashes(text)
    candidates = [f"NODE_ENV=development\nDEBUG=true\n\n\n\n\n\nJWT_SECRET={guess}\n"
                  for guess in ("hunter2", "Pw01hunter", "letmein")]
    assert [line_hashes(c)[8] == hashes[8] for c in candidates] == [False, True, False]  # what it would allow
    # the first line's window reaches the secret too (100 characters but spaces); a finding far from any
    # secret keeps GitHub's hash
    assert "primaryLocationLineHash" not in by_line[1]
    far = write_tree(tmp_path / "far", {".env.production": "NODE_ENV=development\n" + "#" * 120 + "\n"
                                        + f"JWT_SECRET={WEAK}\n"})
    run = json.loads(prodlint("check", "--no-git", "-f", "sarif", far).stdout)["runs"][0]
    first = next(r for r in run["results"] if r["locations"][0]["physicalLocation"]["region"]["startLine"] == 1)
    assert first["partialFingerprints"]["primaryLocationLineHash"] == line_hashes(
        "NODE_ENV=development\n" + "#" * 120 + "\n" + f"JWT_SECRET={WEAK}\n")[1]


def test_a_fingerprint_never_hashes_a_secret(tmp_path):
    from linter.context import fingerprint
    # a parse error's key quotes the line it could not read; the weak secret there is judged by the same file
    result = lint(tmp_path, {"Dockerfile": f"FROM node:20\n{WEAK}\nENV JWT_SECRET={WEAK}\nUSER node\nCMD [\"node\"]\n"})
    judged = [f for f in result.findings if f.rule_id == "ENV001"]
    assert judged, [f.rule_id for f in result.findings]
    for f in result.findings:
        for raw in (f.key.replace("****", WEAK), f.key.replace("****", WEAK.upper())):
            if raw != f.key:
                assert f.fingerprint != fingerprint(f.rule_id, f.path, raw), (f.rule_id, f.key)
        assert f.fingerprint == fingerprint(f.rule_id, f.path, f.key)  # what is shown is what is hashed
        assert WEAK.lower() not in (f.message + f.key).lower(), (f.rule_id, f.message)  # nor quoted upper-cased


# ---- a link into .git does not make git's own data (a CI checkout's credentials) part of the tree ----------
def test_a_link_into_the_git_folder_is_not_read(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "config", "http.https://github.com/.extraheader",
                    "AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46" + WEAK], check=True)
    (tmp_path / "production.env").symlink_to(".git/config")
    write_tree(tmp_path, {"docker-compose.yml": "services:\n  a:\n    image: x:1\n    env_file: production.env\n"})
    result = lint(tmp_path)
    notes = {n.path: n.message for n in result.notices}
    assert "inside git's own folder" in notes.get("production.env", ""), notes
    assert not [f for f in result.findings if f.path == "production.env"]
    from linter.files import Unreadable, read_bytes
    with pytest.raises(Unreadable, match="git's own folder"):
        read_bytes(tmp_path / "production.env", root=tmp_path)
    assert read_bytes(tmp_path / "docker-compose.yml", root=tmp_path).startswith(b"services")


# ---- hypothesis: a weak value split anywhere and written in pieces leaves no piece in any output -----------
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_weak = st.text(alphabet="abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", min_size=13, max_size=16).filter(
    lambda s: any(c.isdigit() for c in s) and any(c.isupper() for c in s) and any(c.islower() for c in s))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=_weak, cut=st.integers(min_value=6, max_value=7))
def test_no_piece_of_a_split_value_reaches_any_output(tmp_path_factory, value, cut):
    from linter.audit import build_audit
    from linter.report import audit_html, audit_md, audit_text, render
    head, tail = value[:cut], value[cut:]
    root = tmp_path_factory.mktemp("split")
    result = lint(root, {
        "docker-compose.yml": ("services:\n  api:\n    image: node:20\n    environment:\n      NODE_ENV: production\n"
                               f"      JWT_SECRET: |\n        {head}\n        {tail}\n"),
        # the tail shares its line with another finding (debug=True): that finding's snippet shows the line
        "app.py": (f"from flask import Flask\napp = Flask(__name__)\napp.secret_key = ('{head}'\n    '{tail}'); "
                   "app.run(debug=True)\n"),
        "requirements.txt": "flask\n",
    })
    assert {("ENV001", "docker-compose.yml"), ("PY001", "app.py")} <= {(f.rule_id, f.path) for f in result.findings}
    assert any(f.path == "app.py" and f.span.line == 4 for f in result.findings)
    audit = build_audit(result)
    blob = "\n".join([render(result, fmt) for fmt in ("text", "json", "sarif", "github")]
                     + [audit_html.render(audit), audit_md.render(audit), audit_text.render(audit),
                        json.dumps(audit.as_dict())])
    for piece in (head, tail):
        assert piece not in blob, f"a piece ({len(piece)} characters) of a judged value leaked"


# ---- GitHub shows ten annotations of a level: what the repository silenced comes first --------------------
def test_github_output_opens_with_what_the_repository_silenced(tmp_path):
    files = {f".a{n:02d}/.env.production": b"NODE_ENV=production\n\0" for n in range(12)}  # a notice each
    files.update({".prodlint.toml": "ignore = ['ENV001']\n", **HIDDEN})
    root = write_tree(tmp_path, files)
    lines = prodlint("check", "--no-git", "-f", "github", root).stdout.splitlines()
    assert lines[0].startswith("::warning title=prodlint::the scanned repository weakens this check: "), lines[:3]
    assert "settings that remove or weaken findings: ignore" in lines[0] and "suppressed in 2 files" in lines[0]
    plain = write_tree(tmp_path / "plain", {".env.production": "NODE_ENV=production\n"})
    assert "weakens" not in prodlint("check", "--no-git", "-f", "github", plain).stdout


# ---- the cache holds no plain hash of a file: a guess of a weak value could be tested against it -----------
def test_the_cache_holds_no_plain_hash_of_a_scanned_file(tmp_path):
    import hashlib
    import os
    import sys
    from pathlib import Path
    files = {".env.production": f"NODE_ENV=production\nJWT_SECRET={WEAK}\n",
             "docker-compose.yml": "services:\n  a:\n    image: x:1\n    env_file: .env.production\n"}
    root = write_tree(tmp_path / "repo", files)
    cache = tmp_path / "cache"
    env = dict(os.environ, PRODLINT_CACHE_DIR=str(cache), NO_COLOR="1")
    exe = str(Path(sys.executable).parent / "prodlint")
    cold = subprocess.run([exe, "check", "--no-git", str(root)], capture_output=True, text=True, env=env)
    warm = subprocess.run([exe, "check", "--no-git", str(root)], capture_output=True, text=True, env=env)
    assert warm.stdout == cold.stdout and "ENV001" in cold.stdout
    stored = "".join(p.read_text(errors="replace") for p in cache.rglob("*") if p.is_file() and "results" in p.parts)
    assert stored, "the result cache was not written"
    for text in files.values():
        plain = hashlib.sha256(text.encode()).hexdigest()
        assert plain[:16] not in stored


# ---- a submodule's files are checked: git lists a submodule as one entry ----------------------------------
def _commit(root):
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"],
                   check=True)


def test_the_files_of_a_checked_out_submodule_are_checked(tmp_path):
    sub = write_tree(tmp_path / "sub", {".env.production": f"NODE_ENV=production\nJWT_SECRET={WEAK}\n"})
    subprocess.run(["git", "init", "-q", str(sub)], check=True)
    _commit(sub)
    top = write_tree(tmp_path / "top", {"README.md": "x\n"})
    subprocess.run(["git", "init", "-q", str(top)], check=True)
    subprocess.run(["git", "-C", str(top), "-c", "protocol.file.allow=always", "submodule", "add", "-q",
                    str(sub), "deploy"], check=True, capture_output=True)
    _commit(top)
    text = prodlint("check", top).stdout
    assert "deploy/.env.production:2:1: ENV001" in text and WEAK not in text, text
    clone = tmp_path / "clone"  # cloned without its submodules: said, not silent
    subprocess.run(["git", "clone", "-q", str(top), str(clone)], check=True, capture_output=True)
    text = prodlint("check", clone).stdout
    assert "deploy: notice: skipped: a submodule that is not checked out" in text, text


# ---- a flag and its value on two lines of a YAML block sequence -------------------------------------------
@pytest.mark.parametrize("previous, line, hidden", [
    ("      - --requirepass", "      - Pw01hunter", "Pw01hunter"),
    ('      - "--password"', '      - "Pw01hunter"  # prod', "Pw01hunter"),
    ("  - --masterauth", "  - 'Pw01 hunter'", "Pw01 hunter"),
])
def test_a_flag_alone_on_its_line_masks_the_next_item(previous, line, hidden):
    from linter.secrets import mask_after, mask_diff
    assert hidden not in mask_after(previous, line)
    assert hidden not in mask_diff(f"--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n {previous}\n {line}\n+x\n")


@pytest.mark.parametrize("previous, line", [
    ("      - --requirepass", "      - ${REDIS_PASSWORD}"), ("      - --port", "      - 6379"),
    ("      - --requirepass", "      - --appendonly"), ("      - redis-server", "      - Pw01hunter"),
])
def test_other_list_items_stay(previous, line):
    from linter.secrets import mask_after
    assert mask_after(previous, line) == line


def test_a_hunk_that_starts_at_the_value_knows_the_flag_above_it(tmp_path):
    root = write_tree(tmp_path, {"docker-compose.yml": (
        "services:\n  redis:\n    image: redis:7.2\n    command:\n      - redis-server\n      - --requirepass\n"
        f"      - {WEAK}\n      - --appendonly\n      - \"yes\"\n")})
    proc = prodlint("check", "--no-git", "--diff", "--unsafe-fixes", root)
    assert "@@ -7," in proc.stdout or "@@ -6," in proc.stdout, proc.stdout  # the value opens the hunk, or nearly
    assert WEAK not in proc.stdout
    text = prodlint("check", "--no-git", "-f", "json", root).stdout
    assert WEAK not in text
