"""The repository model: git tracking and ignoring, the walk fallback, and Docker's .dockerignore matching."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from conftest import lint, write_tree
from linter.model.repository import DockerIgnore, secret_value

SECRET_ENV = "JWT_SECRET=Zx8vQ2mN7rT4wK9pL3sB6yH1cF5gJ0dA\n"
KEY = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n"

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(root, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.com", GIT_CONFIG_NOSYSTEM="1", HOME=str(root))
    subprocess.run(["git", "-c", "core.hooksPath=/dev/null", "-C", str(root), *args], check=True,
                   capture_output=True, env=env)


def _found(result, rule_id):
    return sorted((f.path, f.message_id) for f in result.findings if f.rule_id == rule_id)


@pytest.mark.parametrize("patterns, path, excluded", [
    ([".env"], ".env", True),
    ([".env"], "api/.env", False),  # no basename matching, unlike .gitignore
    (["*.env"], ".env", True),
    (["*.env"], "api/prod.env", False),
    (["**/.env"], "api/deep/.env", True),
    (["**/.env"], ".env", True),
    (["**/*.env"], "a/b/c.env", True),
    (["config"], "config/app.env", True),  # a matching folder covers its contents
    (["config/"], "config/app.env", True),  # the trailing slash is cleaned away
    (["/.env"], ".env", True),
    (["./.env"], ".env", True),
    (["a/../.env"], ".env", True),
    ([".env*", "!.env.example"], ".env.example", False),
    ([".env*", "!.env.example"], ".env.local", True),
    (["*", "!app"], "app/.env", False),  # an exception re-includes a whole folder
    (["*", "!app", "app/.env"], "app/.env", True),  # the last matching pattern wins
    (["secrets/**"], "secrets/a/b", True),
    (["*/.env"], "api/.env", True),
    (["*/.env"], "a/b/.env", False),
    (["?env"], ".env", True),
    (["[.]env"], ".env", True),
    (["[a-c]pp.env"], "bpp.env", True),
    (["[^a-c]pp.env"], "bpp.env", False),
    (["*.en?"], "x.env", True),
    (["#.env"], ".env", False),
    (["  .env  "], ".env", True),
    (["!.env"], ".env", False),
])
def test_dockerignore_semantics(patterns, path, excluded):
    assert DockerIgnore(patterns).excludes(path) is excluded


def test_dockerignore_never_excludes_the_context_itself():
    assert DockerIgnore(["*", "**"]).excludes(".") is False


@pytest.mark.parametrize("name, value, real", [
    ("JWT_SECRET", "Zx8vQ2mN7rT4wK9pL3sB6yH1cF5gJ0dA", True),
    ("JWT_SECRET", "changeme", False),
    ("JWT_SECRET", "${JWT_SECRET}", False),
    ("DB_PASSWORD", "postgres", False),
    ("DB_PASSWORD_FILE", "/run/secrets/db", False),
    ("API_URL", "https://api.example.com/v1/users", False),
    ("DATABASE_URL", "postgres://app:Xk9mQ2vL7pR4@db/app", True),
    ("DATABASE_URL", "postgres://app:${DB_PASSWORD}@db/app", False),
    ("ANYTHING", "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789", True),
    ("TOKEN_TTL", "3600", False),
])
def test_secret_value(name, value, real):
    assert secret_value(name, value) is real


@needs_git
def test_tracked_env_file_is_an_error_and_untracked_a_warning(tmp_path):
    write_tree(tmp_path, {".env.production": SECRET_ENV, "README.md": "x\n"})
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".env.production", "README.md")
    _git(tmp_path, "commit", "-q", "-m", "init")
    write_tree(tmp_path, {"api/.env": SECRET_ENV, "web/.env": SECRET_ENV, "web/.gitignore": ".env\n"})
    result = lint(tmp_path, select=["GIT001", "GIT002"], use_git=True)
    assert _found(result, "GIT001") == [(".env.production", "tracked")]
    assert _found(result, "GIT002") == [("api/.env", "untracked-secrets")]


@needs_git
def test_a_tracked_file_stays_tracked_even_when_ignored_later(tmp_path):
    write_tree(tmp_path, {".env": SECRET_ENV})
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".env")
    _git(tmp_path, "commit", "-q", "-m", "init")
    write_tree(tmp_path, {".gitignore": ".env\n"})
    result = lint(tmp_path, select=["GIT001"], use_git=True)
    assert _found(result, "GIT001") == [(".env", "tracked")]


@needs_git
def test_private_keys_in_git(tmp_path):
    write_tree(tmp_path, {"certs/server.key": KEY, "certs/chain.pem": "-----BEGIN CERTIFICATE-----\nx\n",
                          ".gitignore": "local/\n"})
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "init")
    write_tree(tmp_path, {"deploy/id_rsa": KEY.replace("PRIVATE", "RSA PRIVATE"), "local/dev.pem": KEY})
    result = lint(tmp_path, select=["GIT003"], use_git=True)
    assert _found(result, "GIT003") == [("certs/server.key", "tracked"), ("deploy/id_rsa", "not-ignored")]


@needs_git
def test_git_disabled_falls_back_to_gitignore(tmp_path):
    write_tree(tmp_path, {".env.production": SECRET_ENV})
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "init")
    result = lint(tmp_path, select=["GIT001"], use_git=False)
    assert _found(result, "GIT001") == [(".env.production", "present")]


@needs_git
def test_repository_git_config_cannot_run_programs(tmp_path):
    write_tree(tmp_path, {".env.production": SECRET_ENV})
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "init")
    marker = tmp_path / "ran"
    _git(tmp_path, "config", "core.fsmonitor", f"touch {marker}; false")
    result = lint(tmp_path, select=["GIT001"], use_git=True)
    assert _found(result, "GIT001") == [(".env.production", "tracked")]
    assert not marker.exists()


def test_a_symlinked_key_leaving_the_root_is_not_read(tmp_path):
    outside = tmp_path / "outside"
    repo = tmp_path / "repo"
    write_tree(outside, {"server.key": KEY})
    repo.mkdir()
    (repo / "server.key").symlink_to(outside / "server.key")
    result = lint(repo, select=["GIT003"])
    assert _found(result, "GIT003") == []


def test_secret_values_never_reach_messages(tmp_path):
    write_tree(tmp_path, {".env": SECRET_ENV, "Dockerfile": "FROM node:20\nCOPY . .\n"})
    result = lint(tmp_path, select=["GIT001", "GIT004"])
    assert {f.rule_id for f in result.findings} == {"GIT001", "GIT004"}
    for f in result.findings:
        assert "Zx8vQ2mN7rT4wK9pL3sB6yH1cF5gJ0dA" not in f.message
        assert "JWT_SECRET" in f.message


def test_configured_excludes_hide_keys(tmp_path):
    write_tree(tmp_path, {"vendor/lib/server.key": KEY, ".prodlint.toml": 'exclude = ["vendor/"]\n'})
    result = lint(tmp_path, select=["GIT003"])
    assert _found(result, "GIT003") == []


def test_named_files_limit_repository_findings(tmp_path, monkeypatch):
    from linter.engine import RunOptions, run
    write_tree(tmp_path, {"a/.env": SECRET_ENV, "b/.env": SECRET_ENV, "certs/server.key": KEY})
    monkeypatch.chdir(tmp_path)
    result = run(RunOptions(paths=[tmp_path / "a" / ".env"], root=tmp_path, select=["GIT001", "GIT003"],
                            use_git=False))
    assert sorted((f.rule_id, f.path) for f in result.findings) == [("GIT001", "a/.env")]


def test_a_named_redis_conf_still_sees_the_compose_command_line(tmp_path, monkeypatch):
    from linter.engine import RunOptions, run
    write_tree(tmp_path, {
        "docker-compose.yml": "services:\n  cache:\n    image: redis:7.4\n"
                              "    command: redis-server /etc/redis.conf --requirepass ${REDIS_PASSWORD:?}\n"
                              "    volumes:\n      - ./redis/redis.conf:/etc/redis.conf:ro\n",
        "redis/redis.conf": "bind 0.0.0.0\n",
    })
    monkeypatch.chdir(tmp_path)
    result = run(RunOptions(paths=[tmp_path / "redis" / "redis.conf"], root=tmp_path, select=["RDS001", "RDS003"],
                            use_git=False))
    assert [f.rule_id for f in result.findings] == []
