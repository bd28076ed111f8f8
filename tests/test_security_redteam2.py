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
