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
