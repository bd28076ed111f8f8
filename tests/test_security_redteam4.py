"""The fourth red team's holes in the security guarantees (SECURITY.md), each closed as a general property."""
from __future__ import annotations

import os
import time

import pytest

from conftest import git_add_all, prodlint, write_tree

WEAK = "Pw04hunterxx"


def _run(*args, timeout=120, cwd=None):
    return prodlint(*args, cwd=cwd, timeout=timeout)


_git = git_add_all


# ---- a flag's value written on the next line ------------------------------------------------------------
@pytest.mark.parametrize("previous, line", [
    ("RUN node seed.js --password \\", f"      {WEAK} --user admin"),           # a continued RUN
    ("RUN redis-cli -h cache -a \\", f"    {WEAK} ping"),
    ("RUN redis-cli -h cache \\", f"    -a {WEAK} ping"),                        # the command on the line above
    ("      --requirepass", f"      {WEAK}"),                                   # a folded YAML scalar
    ("    command: node s.js --token", f"      {WEAK}"),
    ('    command: ["redis-server", "--requirepass",', f'      "{WEAK}"]'),      # an exec-form list over lines
])
def test_a_flag_whose_value_is_on_the_next_line_masks_it(previous, line):
    from linter.secrets import mask_after, mask_diff, mask_line
    assert WEAK not in mask_line(mask_after(previous, line))
    assert WEAK not in mask_diff(f"--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n {previous}\n {line}\n+x\n")


@pytest.mark.parametrize("previous, line", [
    ("RUN apt-get install -y \\", "    curl wget"), ("RUN npm ci --omit=dev \\", "  && npm cache clean --force"),
    ("      --port", "      6379"), ("RUN mysql -u root -p \\", "    appdb < dump.sql"),  # -p apart prompts
    ("      --requirepass", "      ${REDIS_PASSWORD}"), ("RUN make \\", "    install"),
])
def test_lines_that_continue_no_secret_flag_stay(previous, line):
    from linter.secrets import mask_after
    assert mask_after(previous, line) == line


def test_continued_flag_values_leave_through_no_output(tmp_path):
    root = write_tree(tmp_path, {
        "Dockerfile": f"FROM node:20\nRUN node seed.js --password \\\n      {WEAK} --user admin\nCMD [\"node\", \"s.js\"]\n",
        "docker-compose.yml": ("services:\n  redis:\n    image: redis:7\n    command: >\n      redis-server\n"
                               f"      --requirepass\n      {WEAK}\n"),
    })
    outputs = [_run("check", "--no-git", "--diff", "--unsafe-fixes", root).stdout]
    outputs += [_run("check", "--no-git", "-f", fmt, root).stdout for fmt in ("text", "json", "sarif")]
    assert "ENV NODE_ENV=production" in outputs[0] and "restart: unless-stopped" in outputs[0]  # diffs shown
    for shown in outputs:
        assert WEAK not in shown


def test_no_line_hash_covers_a_value_continued_from_the_line_above(tmp_path):
    import json
    root = write_tree(tmp_path, {"docker-compose.yml": ("services:\n  redis:\n    image: redis:7\n    command: >\n"
                                                        f"      redis-server\n      --requirepass\n      {WEAK}\n")})
    sarif = json.loads(_run("check", "--no-git", "-f", "sarif", root).stdout)
    near = [r for r in sarif["runs"][0]["results"]
            if r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 4]
    assert near  # the redis findings on `command:`, whose 100-character window reaches the value
    for result in near:
        assert "primaryLocationLineHash" not in result.get("partialFingerprints", {})


# ---- the audit's quotes take linear time -----------------------------------------------------------------
def test_the_audit_quotes_a_long_line_in_linear_time(tmp_path):
    line = f"CMD node s.js --password={WEAK} " + "a" * 20000 + " --secret=Zz " + "a" * 20000
    root = write_tree(tmp_path, {"Dockerfile": f"FROM node:20\nUSER node\n{line}\n"})
    started = time.monotonic()
    shown = _run("audit", "--no-git", root, timeout=120).stdout
    assert time.monotonic() - started < 60  # aligning the line with its masked form was quadratic: minutes
    assert "Dockerfile:3" in shown and WEAK not in shown


def test_the_audit_still_gives_back_plain_words_masking_hid():
    from linter.audit_evidence import _restore_plain_values
    from linter.secrets import mask_line
    line = 'add_header Strict-Transport-Security "max-age=63072000; includeSubDomainsAndMoreWords" always;'
    assert _restore_plain_values(line, mask_line(line)) == line
    long_line = "server_tokens off; " + "x" * 5000  # far from the mask, the line's own text is kept as is
    assert _restore_plain_values(long_line, mask_line(long_line)) == long_line


# ---- the audit's --baseline is read like every other file ------------------------------------------------
@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_an_audit_baseline_that_is_no_regular_file_is_refused(tmp_path, special):
    root = write_tree(tmp_path / "repo", {"Dockerfile": "FROM node:20\n"})
    if special == "fifo":
        special = tmp_path / "fifo"
        os.mkfifo(special)
    result = _run("audit", "--no-git", "--baseline", special, root, timeout=60)
    assert result.returncode == 2 and "not a regular file" in result.stderr
    assert "Traceback" not in result.stderr


# ---- files a compose file uses under names of no kind ----------------------------------------------------
FILES_BY_USE = {
    "docker-compose.yml": ("services:\n  api:\n    build:\n      context: .\n      dockerfile: deploy/app.docker\n"
                           "    env_file: [config/prod.vars, config/app.conf]\n"
                           "  worker:\n    build: {context: ./worker, dockerfile: ../deploy/worker.build}\n"),
    "deploy/app.docker": f"FROM node:20\nENV JWT_SECRET={WEAK}\nCMD [\"node\", \"s.js\"]\n",
    "deploy/worker.build": "FROM node:20\nCMD [\"node\", \"w.js\"]\n",
    "config/prod.vars": f"SESSION_SECRET={WEAK}\nNODE_ENV=production\n",
    "config/app.conf": f"DB_PASSWORD={WEAK}\n",  # a name content decides (nginx?): its use says env
}


@pytest.mark.parametrize("git", [True, False])
def test_files_a_compose_file_uses_under_other_names_are_checked(tmp_path, git):
    root = write_tree(tmp_path, FILES_BY_USE)
    (root / "worker").mkdir()
    args = [] if git else ["--no-git"]
    if git:
        _git(root)
    listing = _run("check", *args, "--show-files", root).stdout
    assert "deploy/app.docker\tdockerfile\tproduction" in listing
    assert "deploy/worker.build\tdockerfile\tproduction" in listing
    assert "config/prod.vars\tenv\tproduction" in listing and "config/app.conf\tenv\tproduction" in listing
    shown = _run("check", *args, root).stdout
    assert "deploy/app.docker:2:5: DKF011" in shown and "config/prod.vars:1:1: ENV004" in shown
    assert "config/app.conf:1:1: ENV005" in shown
    assert "deploy/worker.build:1:1: DKF006" in shown
    assert WEAK not in shown
    warm = _run("check", *args, root).stdout
    assert warm == shown


def test_a_file_used_by_compose_that_leaves_the_root_is_not_read(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.vars").write_text(f"JWT_SECRET={WEAK}\n")
    root = write_tree(tmp_path / "repo", {
        "docker-compose.yml": ("services:\n  api:\n    image: node:20\n    env_file: [link.vars, ../outside/secret.vars]\n"
                               "    build: {context: ., dockerfile: /etc/hostname}\n"),
    })
    (root / "link.vars").symlink_to(outside / "secret.vars")
    listing = _run("check", "--no-git", "--show-files", root).stdout
    assert "secret.vars" not in listing and "link.vars\tenv" not in listing and "hostname" not in listing
    assert WEAK not in _run("check", "--no-git", root).stdout


def test_build_values_read_block_and_flow_sections():
    from linter.untracked import build_values
    text = ("services:\n  a:\n    build:\n      dockerfile: ops/a.docker  # the app\n      context: ./svc\n"
            "  b:\n    build:\n      context: b\n      args:\n        context: no\n      dockerfile: b.build\n"
            "  c:\n    build: {dockerfile: c.build}\n  d:\n    build: ./d\n")
    assert build_values(text) == [("./svc", "ops/a.docker"), ("b", "b.build"), ("", "c.build")]


def test_configurations_compose_mounts_under_other_names_are_checked(tmp_path):
    root = write_tree(tmp_path, {
        "docker-compose.yml": ("services:\n  web:\n    image: nginx:1.25\n    volumes:\n"
                               "      - ./deploy/site.cfg:/etc/nginx/conf.d/default.conf:ro\n"
                               "      - \"./deploy/main:/etc/nginx/nginx.conf\"\n      - ./static:/usr/share/nginx/html\n"
                               "  cache:\n    image: redis:7\n    volumes:\n      - ./deploy/cache.cfg:/usr/local/etc/redis/redis.conf\n"
                               "      - ./deploy/notes.txt:/data/notes.txt\n"),
        "deploy/site.cfg": "server {\n  listen 80;\n  server_tokens on;\n  location / { proxy_pass http://api:3000; }\n}\n",
        "deploy/main": "events {}\nhttp {\n  include /etc/nginx/conf.d/*.conf;\n}\n",
        "deploy/cache.cfg": f"bind 0.0.0.0\nrequirepass {WEAK}\n",
        "deploy/notes.txt": "server { listen 80; }\n",
        "static/index.html": "<html></html>\n",
    })
    _git(root)
    listing = _run("check", "--show-files", root).stdout
    assert "deploy/site.cfg\tnginx\tproduction" in listing and "deploy/main\tnginx\tproduction" in listing
    assert "deploy/cache.cfg\tredis\tproduction" in listing
    assert "notes.txt" not in listing and "index.html" not in listing
    shown = _run("check", root).stdout
    assert "deploy/site.cfg:3:3: NGX006" in shown and "deploy/cache.cfg:2:13: RDS001" in shown and WEAK not in shown


def test_build_values_take_linear_time():
    from linter.untracked import build_values
    text = "x:\n" + "".join(f"  dockerfile: d{i}\n" for i in range(100000))  # siblings with no context among them
    started = time.monotonic()
    assert len(build_values(text)) == 100000
    assert time.monotonic() - started < 10
