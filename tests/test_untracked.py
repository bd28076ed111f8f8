"""Git-ignored env files: which a run reads (the --untracked policy), and how its findings say so."""
from __future__ import annotations

import json
import os
import subprocess

import pytest

from conftest import lint, prodlint, write_tree
from linter.report import render

WEAK = "JWT_SECRET=hunter2hunter\n"  # ENV001 fires on a short JWT secret; the value must never be printed
COMPOSE = "services:\n  api:\n    image: example/api:1.0\n"


def _git(root, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@t")
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


def _repo(root, files: dict[str, str], ignore: str = ".env*\n!.env.example\n") -> None:
    """A git repository whose .gitignore is committed with everything it does not ignore."""
    write_tree(root, {".gitignore": ignore, **files})
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "init")


def _env001(result) -> list[tuple[str, int, str | None]]:
    return sorted((f.path, f.span.line, f.untracked) for f in result.findings if f.rule_id == "ENV001")


def _read_ignored(result) -> list[str]:
    return sorted(f.rel for f in result.files if result.untracked.get(f.rel) == "ignored")


def _notices(result) -> list[str]:
    return [n.message for n in result.notices if not n.path]


def test_check_reads_ignored_env_files_with_a_production_name_only(tmp_path):
    _repo(tmp_path, {"docker-compose.yml": COMPOSE, ".env.production": WEAK, ".env.prod": WEAK,
                     "api/prod.env": WEAK, ".env.local": WEAK, ".env.development": WEAK, ".env": WEAK,
                     ".env.example": "JWT_SECRET=\n"}, ignore=".env*\n!.env.example\n*.env\n")
    result = lint(tmp_path, use_git=True, select=["ENV001"])
    assert _env001(result) == [(".env.prod", 1, "ignored"), (".env.production", 1, "ignored"),
                               ("api/prod.env", 1, "ignored")]
    assert _notices(result)[0] == (
        "3 git-ignored env files not read, with no production evidence (a production name, or a production "
        "compose file or deployment script using them): .env, .env.development, .env.local; `--untracked all` or "
        "`prodlint audit` reads them")
    assert _notices(result)[1] == "skipped: 3 git-ignored files of known kinds (3 env, listed above; `--untracked all` reads them)"


def test_audit_reads_every_ignored_env_file(tmp_path):
    _repo(tmp_path, {"docker-compose.yml": COMPOSE, ".env.local": WEAK, "deep/er/.env": WEAK})
    result = lint(tmp_path, use_git=True, select=["ENV001"], audit=True)
    assert _read_ignored(result) == [".env.local", "deep/er/.env"]
    # read is not judged: the production checklist is not applied to a development file
    assert _env001(result) == [("deep/er/.env", 1, "ignored")]
    assert _notices(result) == []


def test_env_files_inside_an_ignored_folder_are_found(tmp_path):
    _repo(tmp_path, {"docker-compose.yml": COMPOSE, "secrets/.env.production": WEAK,
                     "node_modules/pkg/.env.production": WEAK, ".next/cache/.env.production": WEAK},
          ignore="secrets/\nnode_modules/\n.next/\n")
    result = lint(tmp_path, use_git=True, select=["ENV001"])
    # dependency and build-cache folders are never entered
    assert _env001(result) == [("secrets/.env.production", 1, "ignored")]


def test_a_production_compose_env_file_is_read_whatever_its_name(tmp_path):
    _repo(tmp_path, {
        "docker-compose.yml": "services:\n  api:\n    image: example/api:1.0\n    env_file:\n"
                              "      - path: config/api.vars\n        required: false\n      - ./.env.api\n",
        "config/api.vars": WEAK, ".env.api": WEAK,
        # a development compose file's env_file is no production evidence
        "docker-compose.override.yml": "services:\n  api:\n    env_file: .env.devsecrets\n",
        ".env.devsecrets": WEAK,
    }, ignore="config/api.vars\n.env.*\n")
    result = lint(tmp_path, use_git=True, select=["ENV001"])
    assert _env001(result) == [(".env.api", 1, "ignored"), ("config/api.vars", 1, "ignored")]
    assert ".env.devsecrets" in _notices(result)[0]


def test_the_dotenv_a_production_compose_file_interpolates_is_read(tmp_path):
    _repo(tmp_path, {
        "docker-compose.yml": "services:\n  api:\n    image: example/api:${API_TAG}\n",
        ".env": "API_TAG=1.0\n" + WEAK,
        # beside a compose file that uses none of its variables: no evidence
        "worker/docker-compose.yml": "services:\n  worker:\n    image: example/worker:${WORKER_TAG:-1}\n",
        "worker/.env": WEAK,
    }, ignore=".env\n")
    result = lint(tmp_path, use_git=True, select=["ENV001"])
    assert _env001(result) == [(".env", 2, "ignored")]
    assert "worker/.env" in _notices(result)[0]


def test_an_ignored_dotenv_stays_production_when_the_deploy_job_sets_its_variables(tmp_path):
    """A committed .env whose variables the production deploy job sets is the repository's local defaults; an
    ignored one is this machine's (maybe the server's), so it is still read and held to the checklist, its
    secret masked."""
    workflow = ("jobs:\n  deploy:\n    runs-on: self-hosted\n    env:\n      JWT_SECRET: ${{ secrets.JWT }}\n"
                "    steps:\n      - run: docker compose -f docker-compose.yml up -d\n")
    files = {"docker-compose.yml": "services:\n  api:\n    image: example/api:1.0\n    environment:\n"
                                   "      - JWT_SECRET=${JWT_SECRET}\n",
             ".env": WEAK, ".github/workflows/deploy.yml": workflow}
    _repo(tmp_path, files, ignore=".env\n")
    result = lint(tmp_path, use_git=True, select=["ENV001"])
    assert _env001(result) == [(".env", 1, "ignored")]
    assert result.project.roles.role(".env") == "production"
    assert "hunter2hunter" not in render(result, "json")
    committed = tmp_path / "committed"
    _repo(committed, files, ignore="")
    result = lint(committed, use_git=True, select=["ENV001"])
    assert result.project.roles.role(".env") == "development"
    assert _env001(result) == []


def test_an_env_file_named_by_a_deployment_script_is_read(tmp_path):
    _repo(tmp_path, {
        "docker-compose.yml": COMPOSE, "docker-compose.dev.yml": COMPOSE,
        "Makefile": "deploy:\n\tdocker compose --env-file deploy/server.env \\\n\t  -f docker-compose.yml up -d\n"
                    "dev:\n\tdocker compose --env-file=deploy/dev.env -f docker-compose.dev.yml up\n",
        "deploy/server.env": WEAK, "deploy/dev.env": WEAK,
    }, ignore="*.env\n")
    result = lint(tmp_path, use_git=True, select=["ENV001"])
    assert _env001(result) == [("deploy/server.env", 1, "ignored")]
    assert "deploy/dev.env" in _notices(result)[0]


def test_node_env_file_in_a_package_script_is_production_evidence(tmp_path):
    _repo(tmp_path, {"api/package.json": '{"scripts": {"start": "node --env-file=.env.server src/index.js",'
                                         ' "dev": "node --env-file=.env.dev src/index.js"}}',
                     "api/.env.server": WEAK, "api/.env.dev": WEAK})
    result = lint(tmp_path, use_git=True, select=["ENV001"])
    assert _read_ignored(result) == ["api/.env.server"]
    assert _env001(result) == [("api/.env.server", 1, "ignored")]


def test_a_program_an_env_file_option_seems_to_name_is_no_env_file(tmp_path):
    """`deno run -A --env-file src/migrate.mts`: deno's option takes its value after `=` only, so the word after
    it is the script run (openstatus' packages/db). A program is never read as an env file."""
    _repo(tmp_path, {"packages/db/package.json": '{"scripts": {"migrate": "deno run -A --env-file src/migrate.mts"}}',
                     "packages/db/src/migrate.mts": "import { migrate } from './x.ts';\nawait migrate();\n"})
    result = lint(tmp_path, use_git=True)
    assert "packages/db/src/migrate.mts" not in [f.rel for f in result.project.files if f.kind == "env"]
    assert [f.path for f in result.findings if f.path.endswith("migrate.mts")] == []


@pytest.mark.parametrize("mode, read", [
    ("none", []),
    ("env", [".env.production"]),
    ("all", [".env.local", ".env.production", "docker-compose.prod.yml"]),
])
def test_the_untracked_option_chooses(tmp_path, mode, read):
    _repo(tmp_path, {"docker-compose.yml": COMPOSE, ".env.production": WEAK, ".env.local": WEAK,
                     "docker-compose.prod.yml": "services:\n  api:\n    privileged: true\n"},
          ignore=".env*\ndocker-compose.prod.yml\n")
    result = lint(tmp_path, use_git=True, select=["ENV001", "CMP"], untracked=mode)
    assert _read_ignored(result) == read
    # an ignored production overlay is part of the production view only when it is read, and then marked
    ignored_compose = [f for f in result.findings if f.path == "docker-compose.prod.yml"]
    if "docker-compose.prod.yml" in read:
        assert ignored_compose and all(f.untracked == "ignored" for f in ignored_compose)
    else:
        assert not ignored_compose


def test_the_configuration_chooses_too(tmp_path):
    _repo(tmp_path, {"docker-compose.yml": COMPOSE, ".env.production": WEAK, ".prodlint.toml": 'untracked = "none"\n'})
    result = lint(tmp_path, use_git=True, select=["ENV001"])
    assert _env001(result) == []
    assert _notices(result)[0] == "1 git-ignored env file not read (--untracked none): .env.production"
    assert lint(tmp_path, use_git=True, select=["ENV001"], untracked="env").findings  # the command line wins


def test_a_walk_without_git_reads_gitignored_env_files_the_same_way(tmp_path):
    write_tree(tmp_path, {".gitignore": ".env*\n", "docker-compose.yml": COMPOSE, ".env.production": WEAK,
                          ".env.local": WEAK})
    result = lint(tmp_path, use_git=False, select=["ENV001"])
    assert _env001(result) == [(".env.production", 1, "ignored")]
    assert ".env.local" in _notices(result)[0]


def test_untracked_files_that_git_would_add_are_marked(tmp_path):
    _repo(tmp_path, {"docker-compose.yml": COMPOSE})
    write_tree(tmp_path, {"config/app.env": WEAK})  # created after the commit, not ignored
    result = lint(tmp_path, use_git=True, select=["ENV001"])
    assert _env001(result) == [("config/app.env", 1, "untracked")]


def test_tracked_files_are_not_marked(tmp_path):
    _repo(tmp_path, {"docker-compose.yml": COMPOSE, "config/app.env": WEAK})
    result = lint(tmp_path, use_git=True, select=["ENV001"])
    assert _env001(result) == [("config/app.env", 1, None)]


def test_every_output_says_a_finding_is_in_an_ignored_file_and_none_prints_the_value(tmp_path):
    _repo(tmp_path, {"docker-compose.yml": COMPOSE, ".env.production": WEAK, "config/app.env": WEAK})
    text = prodlint("check", "--select", "ENV001", tmp_path)
    assert text.returncode == 1
    lines = [line for line in text.stdout.splitlines() if "ENV001" in line]
    assert lines[0].startswith(".env.production:1:1: ENV001") and lines[0].endswith(" (in a git-ignored file)")
    assert lines[1].startswith("config/app.env:1:1: ENV001") and "git-ignored" not in lines[1]
    doc = json.loads(prodlint("check", "-f", "json", "--select", "ENV001", tmp_path).stdout)
    assert [(f["path"], f["untracked"], f["ignored"]) for f in doc["findings"]] == [
        (".env.production", True, True), ("config/app.env", False, False)]
    log = json.loads(prodlint("check", "-f", "sarif", "--select", "ENV001", tmp_path).stdout)
    results = log["runs"][0]["results"]
    assert [(r["properties"].get("untracked"), r["properties"].get("gitIgnored")) for r in results] == [
        (True, True), (None, None)]
    for out in (text.stdout, json.dumps(doc), json.dumps(log)):
        assert "hunter2hunter" not in out


def test_the_result_cache_follows_ignored_env_files(tmp_path):
    _repo(tmp_path, {"docker-compose.yml": "services:\n  api:\n    image: example/api:1.0\n"})
    write_tree(tmp_path, {".env.api": WEAK})
    assert _env001(lint(tmp_path, use_git=True, select=["ENV001"])) == []
    # a production compose file starts using it: read from now on
    write_tree(tmp_path, {"docker-compose.yml": COMPOSE + "    env_file: .env.api\n"})
    assert _env001(lint(tmp_path, use_git=True, select=["ENV001"])) == [(".env.api", 1, "ignored")]
    # the ignored file is fixed: the cached finding goes
    write_tree(tmp_path, {".env.api": "JWT_SECRET=Zq7vN2xLp9Rt4Kw8Hs3Jd6Fg1Mb5Cy0Ue\n"})
    assert _env001(lint(tmp_path, use_git=True, select=["ENV001"])) == []


def test_explicit_file_arguments_read_nothing_else(tmp_path):
    _repo(tmp_path, {"docker-compose.yml": COMPOSE, ".env.production": WEAK})
    proc = prodlint("check", "-f", "json", "--select", "ENV001", "docker-compose.yml", cwd=tmp_path)
    doc = json.loads(proc.stdout)
    assert doc["findings"] == [] and doc["notices"] == []


def test_render_marks_untracked_findings_in_text(tmp_path):
    _repo(tmp_path, {"docker-compose.yml": COMPOSE, ".env.production": WEAK})
    assert "(in a git-ignored file)" in render(lint(tmp_path, use_git=True, select=["ENV001"]), "text")


def test_show_files_lists_the_ignored_files_read(tmp_path):
    _repo(tmp_path, {"docker-compose.yml": COMPOSE, ".env.production": WEAK, ".env.local": WEAK})
    proc = prodlint("check", "--show-files", tmp_path)
    rows = [line.split("\t") for line in proc.stdout.splitlines()]
    # path, kind, role, the evidence for the role, and for a file git does not track, why it was read
    assert [".env.production", "env", "production", "file name '.env.production'", "ignored"] in rows
    assert not any(row[0] == ".env.local" for row in rows)
    assert any(row[:3] == ["docker-compose.yml", "compose", "production"] and len(row) == 4 for row in rows)


@pytest.mark.parametrize("args, config", [(["--untracked", "some"], ""), ([], 'untracked = "some"\n')])
def test_an_unknown_policy_is_a_usage_error(tmp_path, args, config):
    write_tree(tmp_path, {"docker-compose.yml": COMPOSE, ".prodlint.toml": config})
    proc = prodlint("check", *args, tmp_path)
    assert proc.returncode == 2 and "'some'" in proc.stderr
    if config:  # click words a bad option itself; a bad configuration is one line
        assert len(proc.stderr.strip().splitlines()) == 1 and "untracked" in proc.stderr


@pytest.mark.parametrize("text, paths", [
    ("services:\n  a:\n    env_file: .env.a  # comment\n", [".env.a"]),
    ("services:\n  a:\n    env_file: [x.env, \"y.env\"]\n", ["x.env", "y.env"]),
    ("services:\n  a:\n    env_file:\n      - ./one.env\n      - path: ./two.env\n        required: false\n"
     "      - path: three.env\n    image: x\n", ["./one.env", "./two.env", "three.env"]),
    ("services:\n  a:\n    environment:\n      - env_file=1\n    image: x\n", []),
    ("x-common: &c\n  env_file:\n    - 'shared.env'\nservices:\n  a:\n    <<: *c\n", ["shared.env"]),
])
def test_env_file_values_from_compose_text(text, paths):
    from linter.untracked import env_file_values
    assert env_file_values(text) == paths
