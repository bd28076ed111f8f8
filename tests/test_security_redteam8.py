"""The eighth red team: the replayed pre-commit run (linter.replay), the unknown-rule message and the source
lines that quote a directive, node-config's reads, and a CI workflow's build matrix.

Tried and held (no test here; the mechanisms named are tested where they live):
- replay: a file swapped for one of the same size and modification time, or renamed over (the change time
  and inode differ; the change time cannot be set back); a symbolic link retargeted (its lstat figures); a new
  file beside the named ones (the folder listings), a new `.prodlint.toml` or `pyproject.toml` above (their
  status, absent, is observed); `git add` (the index); a variable read (`os.environ.get` is observed, a copy
  for git is not a read); another repository at the same path (new inodes and times), another working folder
  or argument list (the run key); a sealed entry of another run key put in place (its key is checked); the
  output kept is the masked terminal text; an entry's exit status other than 0/1 is never kept.
- node-config: a link out of the repository, alias and merge-key bombs (the project's YAML parser).
- a Dev Container's JSONC: unclosed comments and strings, thousands of trailing commas and nested brackets
  (one pass; json's RecursionError is caught); a file over 64 kB is not read.
- CI `env:` values substituted into `run:` commands: role evidence quotes where a command is (file, line,
  job), never the command with its values; a password among them is in no output.
- the unknown Dockerfile instruction a parse error upper-cases is masked; a stage named as the password is
  printed, as a name printed anyway (SECURITY.md's known limits).
"""
from __future__ import annotations

import json

import pytest

from conftest import prodlint, write_tree

WEAK = "letmein99"  # a word-like password: no mask recognises its shape, only its judged value hides it
FORMATS = ("text", "json", "sarif", "github")


def _outputs(tmp_path, *extra) -> dict[str, str]:
    out = {fmt: prodlint("check", "--no-git", "--no-cache", "--format", fmt, *extra, tmp_path).stdout
           for fmt in FORMATS}
    out["sarif-suppressed"] = prodlint("check", "--no-git", "--no-cache", "--format", "sarif", "--sarif-suppressed",
                                       "include", tmp_path).stdout
    out["diff"] = prodlint("check", "--no-git", "--no-cache", "--diff", "--unsafe-fixes", tmp_path).stdout
    for fmt in ("json", "markdown", "text"):
        out[f"audit-{fmt}"] = prodlint("audit", "--no-git", "--format", fmt, tmp_path).stdout
    return out


@pytest.mark.parametrize("written", ["LETMEIN99", "LetMeIn99", "CMP026,letMEin99"])
@pytest.mark.parametrize("where", ["own-line", "inline"])
def test_an_unknown_rule_that_is_the_password_in_another_case_is_not_printed(tmp_path, monkeypatch, written, where):
    """The unknown-rule message scrubbed the selector of the run's judged values in their own case only, and a
    word-like value has no other case variants: `ignore[LETMEIN99]` printed the password `letmein99` in the
    message, hashed it into the fingerprint, and quoted the line in every finding's snippet on it."""
    directive = f"# prodlint: ignore[{written}] -- reviewed"
    compose = ("services:\n  db:\n    image: postgres:latest\n"
               + (f"    {directive}\n    privileged: true\n" if where == "own-line"
                  else f"    privileged: true  {directive}\n")
               + f"    environment:\n      POSTGRES_PASSWORD: {WEAK}\n")
    write_tree(tmp_path / "repo", {"docker-compose.yml": compose})
    outputs = _outputs(tmp_path / "repo")
    for name, text in outputs.items():
        assert WEAK not in text.lower(), name
    findings = json.loads(outputs["json"])["findings"]
    unknown = [f for f in findings if f["rule"] == "PL003"]
    assert unknown and all("'****'" in f["message"] for f in unknown)
    # the result cache keeps nothing of it either, and a warm run prints what a cold one does
    monkeypatch.setenv("PRODLINT_CACHE_DIR", str(tmp_path / "cache"))
    cold = prodlint("check", "--no-git", "--format", "json", tmp_path / "repo").stdout
    warm = prodlint("check", "--no-git", "--format", "json", tmp_path / "repo").stdout
    assert cold == warm and WEAK not in cold.lower()
    stored = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert stored and not any(WEAK.encode() in p.read_bytes().lower() for p in stored)


def test_a_word_like_password_in_another_case_stays_in_prose(tmp_path):
    """Only ids are matched in any letter case: the service `wordpress` with the password `wordpress123` is
    still named, and a comment line that is no directive keeps its words."""
    from linter.secrets import Redactor
    r = Redactor()
    r.add("wordpress")
    assert r.scrub("service 'WordPress'") == "service 'WordPress'"
    assert r.scrub_any_case("WORDPRESS") == "****"
    assert r.scrub_line("image: WordPress:6  # a note") == "image: WordPress:6  # a note"
    assert r.scrub_line("image: x  # prodlint: ignore[WORDPRESS]") == "image: x  # prodlint: ignore[****]"
    assert r.scrub_line("x  # nosemgrep: rule,WordPress") == "x  # nosemgrep: rule,****"


# ---- the replayed pre-commit run ---------------------------------------------------------------------------

def _replay_run(repo, tmp_path, *args, prelude: str = "", env: dict | None = None):
    """`prodlint check FILE...` as a pre-commit hook runs it, with a home and a user cache of the test's own;
    (exit code, stdout, replayed)."""
    import os
    import subprocess
    import sys

    from conftest import ROOT
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    code = ("import sys, linter.replay as replay; replay._RACY_NS = 0\n" + prelude +
            "import atexit; atexit.register(lambda: print('ENGINE', 'linter.engine' in sys.modules, file=sys.stderr))\n"
            "sys.argv[0] = 'prodlint'; from linter.entry import main; main()")
    full = dict(os.environ, PYTHONPATH=str(ROOT), PRODLINT_CACHE_DIR=str(tmp_path / "cache"), PRODLINT_NO_SERVER="1",
                HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), XDG_CACHE_HOME=str(home / ".cache"))
    full.pop("CI", None)
    full.update(env or {})
    out = subprocess.run([sys.executable, "-c", code, "check", *args], cwd=repo, env=full, capture_output=True,
                         text=True)
    return out.returncode, out.stdout, "ENGINE False" in out.stderr


def _fresh_run(repo, tmp_path, *args, **kw):
    import shutil
    shutil.rmtree(tmp_path / "cache", ignore_errors=True)
    return _replay_run(repo, tmp_path, *args, **kw)


def _git_repo(root, files: dict[str, str], tracked=()):
    import subprocess
    write_tree(root, files)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    if tracked:
        subprocess.run(["git", "-C", str(root), "add", *tracked], check=True)
    return root


def test_a_repository_inside_the_interpreters_folders_is_observed(tmp_path):
    """The recorder skipped every path under the interpreter's prefixes (its own imports are observed by module
    at the end): a repository under one (`/usr/src/app` with Debian's Python, prefix `/usr`; a pipx venv's base)
    had none of its files observed, and an edited Dockerfile replayed the old findings."""
    prefix = tmp_path / "usr"
    repo = _git_repo(prefix / "src" / "app", {"Dockerfile": "FROM node:latest\nCMD node server.js\n"}, ["Dockerfile"])
    prelude = f"sys.prefix = sys.base_prefix = sys.exec_prefix = {str(prefix)!r}; sys.path.append({str(prefix)!r})\n"
    first = _replay_run(repo, tmp_path, "Dockerfile", prelude=prelude)
    assert _replay_run(repo, tmp_path, "Dockerfile", prelude=prelude)[2]  # kept and replayed while unchanged
    (repo / "Dockerfile").write_text("FROM node:20-alpine\nUSER node\nCMD [\"node\", \"server.js\"]\n")
    after = _replay_run(repo, tmp_path, "Dockerfile", prelude=prelude)
    assert not after[2] and after[:2] != first[:2]
    assert after[:2] == _fresh_run(repo, tmp_path, "Dockerfile", prelude=prelude)[:2]


@pytest.mark.parametrize("how", ["excludes-file", "included-config"])
def test_an_ignore_file_gits_configuration_names_is_observed(tmp_path, how):
    """`check-ignore` reads the file `core.excludesFile` names (`~/.gitignore_global`, a common setting), which
    the recorder did not observe: taking `.env.production` out of it made the file committable, and the replay
    hid the new finding. The setting may sit in a file another one includes."""
    import subprocess
    repo = _git_repo(tmp_path / "repo", {".env.production": "NODE_ENV=production\nJWT_SECRET=${JWT_SECRET}\n"
                                                            "DB_PASSWORD=q8Zr2LmX7vN4pK9sT3wY6bH1cF5jD0aE\n"})
    excludes = tmp_path / "global-ignore"
    excludes.write_text(".env.production\n")
    if how == "excludes-file":
        subprocess.run(["git", "-C", str(repo), "config", "core.excludesFile", str(excludes)], check=True)
    else:
        included = tmp_path / "shared.gitconfig"
        included.write_text(f"[core]\n\texcludesFile = {excludes}\n")
        subprocess.run(["git", "-C", str(repo), "config", "include.path", str(included)], check=True)
    before = _replay_run(repo, tmp_path, ".env.production")
    assert _replay_run(repo, tmp_path, ".env.production")[2]
    assert "GIT002" not in before[1]
    excludes.write_text("# nothing ignored\n")
    after = _replay_run(repo, tmp_path, ".env.production")
    assert not after[2] and "GIT002" in after[1]
    assert after[:2] == _fresh_run(repo, tmp_path, ".env.production")[:2]


@pytest.mark.parametrize("text, named", [
    ("[user]\n\tname = A\n", False),
    ("[core]\n\tExcludesFile = ~/.gitignore_global\n", True),
    ("[includeIf \"gitdir:~/work/\"]\n\tpath = ~/work.gitconfig\n", True),
    ("[Include]\n\tpath = shared\n", True),
])
def test_git_is_asked_only_when_a_configuration_can_name_another_file(tmp_path, text, named):
    """The recorder asks git for the files its configuration names only when one of the usual configuration
    files holds such a setting's key: most hook runs start no git process for it, and none is missed."""
    from linter import replay
    config = write_tree(tmp_path, {".gitconfig": text}) / ".gitconfig"
    state = [str(tmp_path / "absent" / "config"), str(config)]
    assert replay._names_other_files(state) is named


def test_a_file_removed_during_the_recorded_run_is_not_kept(tmp_path):
    """A file the run read and that was gone when the recording ended answered "no such file" like any file
    that never was: the run (made with the file) was kept, and replayed once the file was gone, so git's global
    ignore file removed during it kept the `.env.production` it ignored free of findings. (Folders of the tree
    are listed, and a removal there changes a listing; this file's folder is not.)"""
    repo = _git_repo(tmp_path / "repo", {".env.production": "NODE_ENV=production\nJWT_SECRET=${JWT_SECRET}\n"
                                                            "DB_PASSWORD=q8Zr2LmX7vN4pK9sT3wY6bH1cF5jD0aE\n"})
    ignore = write_tree(tmp_path / "home" / ".config" / "git", {"ignore": ".env.production\n"}) / "ignore"
    # the removal lands after the run's reads and before the recording ends
    prelude = ("import linter.replay as r, os\n_finish = r.Recorder.finish\n"
               f"def finish(self, *a):\n    os.remove({str(ignore)!r})\n    return _finish(self, *a)\n"
               "r.Recorder.finish = finish\n")
    during = _replay_run(repo, tmp_path, ".env.production", prelude=prelude)
    assert "GIT002" not in during[1] and not ignore.exists()
    after = _replay_run(repo, tmp_path, ".env.production")
    assert not after[2] and "GIT002" in after[1]


# ---- node-config files ----------------------------------------------------------------------------------

def test_node_config_files_are_read_through_the_trees_reader(tmp_path):
    """node-config's files were opened with `Path.read_text` after their own checks, not through
    `files.read_bytes`: a link into `.git` (`config/default.yml -> ../.git/HEAD`, git's own data, a CI checkout's
    credentials beside it) was read as the repository's configuration."""
    from linter.model.node_config import config_value

    class Project:
        root = tmp_path

    write_tree(tmp_path, {".git/HEAD": "ref: refs/heads/main\n"})
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "default.yml").symlink_to("../.git/HEAD")
    assert config_value(Project(), "", "ref") is None
    # what the reader admits is still read
    (tmp_path / "config" / "default.yml").unlink()
    write_tree(tmp_path, {"config/default.yml": "ref: a-literal\n"})
    assert config_value(Project(), "", "ref").value == "a-literal"


# ---- bounded reading of CI workflows ---------------------------------------------------------------------

def test_a_build_steps_matrix_costs_the_combinations_it_keeps(tmp_path):
    """A build step naming `${{ matrix.x }}` is expanded into the first 64 combinations of the job's matrix,
    but each key's full list was built before it was cut: 64 x values per key and per step, so a workflow of a
    few keys of thousands of values and many steps grew with values x steps."""
    from conftest import cpu_seconds

    keys = 6

    def make(n: int) -> str:
        matrix = "".join(f"        k{i}: [{', '.join(str(j) for j in range(n))}]\n" for i in range(keys))
        step = ("      - uses: docker/build-push-action@v5\n        with:\n"
                "          file: " + ".".join(f"${{{{ matrix.k{i} }}}}" for i in range(keys)) + "\n")
        return ("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n"
                + matrix + "    steps:\n" + step * (n // 20))

    def check(text: str):
        write_tree(tmp_path, {".github/workflows/build.yml": text,
                              "docker-compose.yml": "services:\n  api:\n    image: example/api:1.0\n"})
        from conftest import lint
        lint(tmp_path)

    small, large = cpu_seconds(make, check, (400, 2000))
    assert large < 1.0 + 10 * small, f"{large:.2f} s of CPU for 2000 values ({small:.2f} s for 400)"


def test_a_path_climbing_out_of_a_skipped_folder_is_observed(tmp_path, monkeypatch):
    """The interpreter's import folders are not observed; a path written through one of them with `..` ends
    wherever its climb leads (a file of the repository), and is observed."""
    import os

    from linter.replay import Recorder
    monkeypatch.chdir(tmp_path)
    stdlib = os.path.dirname(os.__file__)
    rec = Recorder(["check", "Dockerfile"], b"k" * 32, tmp_path / "cache")
    climbing = stdlib + "/.." * stdlib.count("/") + str(tmp_path / "Dockerfile")
    rec.note("read", climbing)
    rec.note("read", os.__file__)
    rec.note("read", str(tmp_path / "Dockerfile"))
    assert ("read", climbing) in rec.seen and ("read", os.__file__) not in rec.seen
    assert ("read", str(tmp_path / "Dockerfile")) in rec.seen


def test_a_source_folder_on_the_import_path_inside_the_scanned_tree_is_observed(tmp_path, monkeypatch):
    """An editable install of the scanned project (`pip install -e .` with a src layout puts `/repo/src` on
    sys.path through a .pth file; so does `PYTHONPATH=src`) made the project's own sources an import folder:
    skipped, an edited `src/app/settings.py` replayed the old findings. The interpreter's own folders stay
    skipped even when the tree holds them (a `.venv` inside the repository)."""
    import os
    import sys
    import sysconfig

    from linter.replay import Recorder
    repo = tmp_path / "repo"
    (repo / "src" / "app").mkdir(parents=True)
    venv_lib = repo / ".venv" / "lib" / "site-packages"
    venv_lib.mkdir(parents=True)
    monkeypatch.chdir(repo)
    monkeypatch.setattr(sys, "path", [*sys.path, str(repo / "src"), str(venv_lib)])
    real = sysconfig.get_path
    monkeypatch.setattr(sysconfig, "get_path", lambda name: str(venv_lib) if name == "purelib" else real(name))
    rec = Recorder(["check", "."], b"k" * 32, tmp_path / "cache")
    settings = str(repo / "src" / "app" / "settings.py")
    rec.note("read", settings)
    rec.note("read", str(venv_lib / "six.py"))
    rec.note("read", os.__file__)
    assert ("read", settings) in rec.seen
    assert ("read", str(venv_lib / "six.py")) not in rec.seen and ("read", os.__file__) not in rec.seen
