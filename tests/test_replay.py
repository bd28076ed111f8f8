"""A pre-commit run answered from the user cache (linter.replay): replayed only while nothing it was made of
changed, and after any change the same output as a run with an empty cache."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, write_tree

# files written by a test are changed "now": the recorder refuses to keep a run made of them unless the racy
# window is closed, which these tests do (tmpfs and ext4 keep nanosecond times)
_RUN = ("import atexit, json, sys\n"
        "atexit.register(lambda: print('MODULES ' + json.dumps(sorted(sys.modules)), file=sys.stderr))\n"
        "import linter.replay as replay; replay._RACY_NS = 0\n"
        "sys.argv[0] = 'prodlint'; from linter.entry import main; main()")

FILES = ("check", ".env", "docker-compose.yml", "Dockerfile")


@pytest.fixture
def repo(tmp_path):
    root = write_tree(tmp_path / "repo", {
        ".env": "NODE_ENV=development\nSESSION_SECRET=q8Zr2LmX7vN4pK9sT3wY6bH1cF5jD0aE\nDB_PASSWORD=${DB_PASSWORD}\n",
        "docker-compose.yml": "services:\n  api:\n    build: .\n    env_file: .env\n"
                              "    environment:\n      TOKEN: ${TOKEN:-changeme}\n",
        "Dockerfile": "FROM node:latest\nRUN npm install\nCMD node server.js\n",
        "README.md": "# shop\n",
    })
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "Dockerfile", "docker-compose.yml"], check=True)
    return root


def _run(repo: Path, cache: Path, *args: str, env: dict | None = None):
    # a home of its own: a run observes files there (git's global configuration, the cache key), which tests
    # running beside it may write, and a replay is rightly refused when one changed
    home = cache.parent / "home"
    home.mkdir(exist_ok=True)
    full = dict(os.environ, PYTHONPATH=str(ROOT), PRODLINT_CACHE_DIR=str(cache), PRODLINT_NO_SERVER="1",
                HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), XDG_CACHE_HOME=str(home / ".cache"))
    full.update(env or {})
    full.pop("CI", None)
    out = subprocess.run([sys.executable, "-c", _RUN, *(args or FILES)], cwd=repo, env=full, capture_output=True,
                         text=True)
    err, _, modules = out.stderr.rpartition("MODULES ")
    return out.returncode, out.stdout, err, set(json.loads(modules))


def _fresh(repo: Path, tmp_path: Path, *args: str):
    """A run with an empty user cache: what any run must print."""
    cache = tmp_path / "fresh"
    shutil.rmtree(cache, ignore_errors=True)
    code, out, err, _ = _run(repo, cache, *args)
    return code, out, err


def _replayed(modules: set) -> bool:
    return "linter.engine" not in modules


def test_an_unchanged_run_is_replayed_without_parsing(repo, tmp_path):
    cache = tmp_path / "cache"
    first = _run(repo, cache)
    again = _run(repo, cache)
    assert not _replayed(first[3]) and _replayed(again[3])
    assert again[:3] == first[:3] == _fresh(repo, tmp_path)
    assert first[0] == 1 and "DKF001" in first[1]
    assert not any(m.startswith(("yaml", "dockerfile_parse", "rules.", "ruamel")) for m in again[3])
    assert "hashlib" not in again[3]  # the seal is checked without OpenSSL


@pytest.mark.parametrize("change", [
    "edit-checked",  # the content of a file named on the command line
    "edit-read",  # a file the check reads across (no file named: the README role evidence reads)
    "add",  # a new file beside them (an override compose file, a .env.production)
    "rename",  # a file renamed
    "ignore",  # .gitignore now ignores the .env
    "config",  # a configuration file appears
    "git-index",  # git add: the .env is tracked now
])
def test_every_change_is_seen(repo, tmp_path, change):
    cache = tmp_path / "cache"
    before = _run(repo, cache)
    assert _replayed(_run(repo, cache)[3])
    if change == "edit-checked":
        (repo / "Dockerfile").write_text("FROM node:20-alpine\nUSER node\nCMD [\"node\", \"server.js\"]\n")
    elif change == "edit-read":
        (repo / "README.md").write_text("# shop\n\nAn example project for the workshop; not deployed.\n")
    elif change == "add":
        (repo / ".env.production").write_text("NODE_ENV=production\nJWT_SECRET=x\n")
    elif change == "rename":
        (repo / "Dockerfile").rename(repo / "Dockerfile.old")
    elif change == "ignore":
        (repo / ".gitignore").write_text(".env\n")
    elif change == "config":
        (repo / ".prodlint.toml").write_text('ignore = ["DKF001"]\n')
    elif change == "git-index":
        subprocess.run(["git", "-C", str(repo), "add", "-f", ".env"], check=True)
    after = _run(repo, cache)
    assert not _replayed(after[3]), change
    assert after[:3] == _fresh(repo, tmp_path)
    if change in ("edit-checked", "rename", "ignore", "config", "git-index"):
        assert after[:3] != before[:3], change  # the change shows (so a stale replay would have failed)
    if after[0] in (0, 1):  # (a named file renamed away is a usage error, never kept)
        assert _replayed(_run(repo, cache)[3])  # and the new run is kept in its turn


def test_other_arguments_or_variables_are_not_replayed(repo, tmp_path):
    cache = tmp_path / "cache"
    _run(repo, cache)
    assert _replayed(_run(repo, cache)[3])
    assert not _replayed(_run(repo, cache, "check", ".env")[3])
    assert _replayed(_run(repo, cache)[3])
    # a variable it did not read changes nothing
    assert _replayed(_run(repo, cache, env={"PRODLINT_UNRELATED": "1"})[3])
    # a variable the run read (git's configuration is found through HOME)
    assert not _replayed(_run(repo, cache, env={"HOME": str(tmp_path)})[3])


def test_a_tampered_or_damaged_entry_is_a_full_run(repo, tmp_path):
    cache = tmp_path / "cache"
    first = _run(repo, cache)
    [entry] = (cache / "replay").iterdir()
    data = entry.read_bytes()
    entry.write_bytes(data.replace(b"DKF001", b"DKF999"))  # the seal no longer verifies
    again = _run(repo, cache)
    assert not _replayed(again[3]) and again[:3] == first[:3]
    entry.write_bytes(b"garbage")
    assert _run(repo, cache)[:3] == first[:3]


def test_a_racy_run_is_not_kept(repo, tmp_path):
    """A file changed as the run began may change again within the same tick of the file system's clock."""
    cache = tmp_path / "cache"
    env = dict(os.environ, PYTHONPATH=str(ROOT), PRODLINT_CACHE_DIR=str(cache), PRODLINT_NO_SERVER="1")
    code = "import sys; sys.argv[0] = 'prodlint'; from linter.entry import main; main()"
    subprocess.run([sys.executable, "-c", code, *FILES], cwd=repo, env=env, capture_output=True)
    assert not (cache / "replay").exists() or not any((cache / "replay").iterdir())


def test_the_seal_is_hmac_sha256():
    import hmac

    from linter.usercache import hmac_sha256
    for size in (0, 16, 32, 64, 65, 200):
        key = os.urandom(size)
        data = os.urandom(300)
        assert hmac_sha256(key, data) == hmac.new(key, data, "sha256").hexdigest()


def test_a_run_of_files_changed_just_now_is_not_recorded(repo, tmp_path, monkeypatch):
    """A named file inside the racy window makes a run that is not kept: the recording is not even started
    (its hooks cost a tenth of the run); a file changed before the window is recorded."""
    import linter.replay as replay
    monkeypatch.chdir(repo)
    monkeypatch.setenv("PRODLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(replay, "_RACY_NS", 3600 * 10**9)  # every file of the fixture changed "just now"
    assert replay.start(list(FILES)) is None
    assert replay._recorder is None
    past = 1_000_000_000
    for name in FILES[1:]:
        os.utime(repo / name, ns=(past, past))
    monkeypatch.setattr(replay, "_RACY_NS", 0)  # the change times (which utime moves) are outside the window
    rec = replay.start(list(FILES))
    try:
        assert rec is not None and replay._recorder is rec
    finally:
        if rec is not None:
            replay.finish(rec, 0)
    assert replay._recorder is None


def test_a_changed_named_file_is_seen_before_every_other_observation(repo, tmp_path):
    """The files the command names are the likeliest to have changed (the commit being made): they are asked
    first, and a change there ends the check after a few status calls instead of every observation's."""
    counted = ("import sys\nimport linter.replay as replay\nreplay._RACY_NS = 0\nasked = []\n"
               "real, check = replay.answer, replay.replay\n"
               "replay.answer = lambda kind, path: (asked.append(path), real(kind, path))[1]\n"
               "def counting(args):\n"
               "    code = check(args)\n"
               "    print('CHECKED', len(asked), file=sys.stderr)\n"
               "    return code\n"
               "replay.replay = counting\n"
               "sys.argv[0] = 'prodlint'; from linter.entry import main; main()")
    cache = tmp_path / "cache"
    home = tmp_path / "home"
    home.mkdir()
    env = dict(os.environ, PYTHONPATH=str(ROOT), PRODLINT_CACHE_DIR=str(cache), PRODLINT_NO_SERVER="1",
               HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), XDG_CACHE_HOME=str(home / ".cache"))
    env.pop("CI", None)

    def checked():
        out = subprocess.run([sys.executable, "-c", counted, *FILES], cwd=repo, env=env, capture_output=True,
                             text=True)
        return int(out.stderr.rsplit("CHECKED ", 1)[1].split()[0]), out.stdout

    _, first = checked()
    everything, again = checked()  # replayed: every observation asked
    assert again == first and everything > 20
    (repo / "Dockerfile").write_text("FROM node:20-alpine\nUSER node\nCMD [\"node\", \"server.js\"]\n")
    few, after = checked()
    assert after != first and after == _fresh(repo, tmp_path)[1]
    assert few <= 3 * (len(FILES) - 1) < everything  # each named file's observations (read, stat, lstat) alone
