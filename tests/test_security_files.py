"""Reads and writes stay inside the scanned root (SECURITY.md, guarantee 2): a filesystem matrix.

Every case (symlink in and out, dangling, loop, FIFO, a link to /dev/zero, hard link, unreadable, read-only,
UTF-16 and latin-1, directory, oversize) is built in ``tmp_path`` and fed to the one reader
(``files.read_bytes``/``read_text``) and the one writer (``files.write_files``), then through each real
caller: discovery and classification manifests, compose ``env_file``, the configuration, the baseline (read,
pruned, written) and ``--fix``. A FIFO must never block: every CLI call runs under a timeout.
"""
from __future__ import annotations

import codecs
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import write_tree
from linter.files import Unreadable, Unwritable, read_bytes, read_text, write_files

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
CAP = 4096


def _case(tmp_path: Path, case: str) -> tuple[Path, Path]:
    """(root, path of the case inside it); a file outside the root holds OUTSIDE."""
    root = tmp_path / "root"
    root.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("OUTSIDE\n")
    (root / "real.txt").write_text("INSIDE\n")
    path = root / "case.txt"
    if case == "regular":
        path.write_text("INSIDE\n")
    elif case == "symlink-in":
        path.symlink_to(root / "real.txt")
    elif case == "symlink-out":
        path.symlink_to(outside)
    elif case == "dir-symlink-out":
        (root / "sub").symlink_to(tmp_path, target_is_directory=True)
        path = root / "sub" / "outside.txt"
    elif case == "dangling":
        path.symlink_to(root / "missing.txt")
    elif case == "loop":
        (root / "loop-b").symlink_to(path)
        path.symlink_to(root / "loop-b")
    elif case == "fifo":
        os.mkfifo(path)
    elif case == "dev-zero":
        path.symlink_to("/dev/zero")
    elif case == "hard-link":
        os.link(outside, path)
    elif case == "unreadable":
        path.write_text("INSIDE\n")
        path.chmod(0)
    elif case == "read-only":
        path.write_text("INSIDE\n")
        path.chmod(0o444)
    elif case == "utf-16":
        path.write_bytes(codecs.BOM_UTF16_LE + "INSIDE\r\n".encode("utf-16-le"))
    elif case == "latin-1":
        path.write_bytes("INSIDE caf\xe9\n".encode("latin-1"))
    elif case == "directory":
        path.mkdir()
    elif case == "oversize":
        path.write_text("x" * (CAP + 1))
    return root, path


# ---- the reader -----------------------------------------------------------------------------------------
READS = {  # case -> the text read, or the start of the refusal
    "regular": "INSIDE\n", "symlink-in": "INSIDE\n", "hard-link": "OUTSIDE\n", "read-only": "INSIDE\n",
    "utf-16": "INSIDE\r\n", "latin-1": "INSIDE caf\ufffd\n",
    "symlink-out": "outside the scanned root", "dir-symlink-out": "outside the scanned root",
    "dangling": "cannot be read", "loop": "", "fifo": "not a regular file", "dev-zero": "outside the scanned root",
    "unreadable": "cannot be read", "directory": "not a regular file", "oversize": "larger than the size cap",
}


@pytest.fixture(params=["fast", "portable"])
def reader_way(request, monkeypatch):
    """Both ways of opening: Linux's O_PATH + /proc/self/fd check, and realpath then O_NOFOLLOW; the same
    answers, word for word."""
    from linter import files
    if request.param == "fast" and not files._PROC_FD:
        pytest.skip("no O_PATH or /proc/self/fd here")
    monkeypatch.setattr(files, "_PROC_FD", request.param == "fast")
    return request.param


@pytest.mark.parametrize("case", sorted(READS))
def test_the_reader_on_every_kind_of_file(tmp_path, case, reader_way):
    if case == "unreadable" and IS_ROOT:
        pytest.skip("root reads a file of mode 000")
    root, path = _case(tmp_path, case)
    want = READS[case]
    if want.endswith("\n"):
        assert read_text(path, CAP, root)[0] == want
    else:
        with pytest.raises(Unreadable) as info:
            read_text(path, CAP, root)
        assert str(info.value).startswith(want)
        assert "OUTSIDE" not in str(info.value)


def test_without_a_root_a_device_or_fifo_is_still_refused(tmp_path, reader_way):
    os.mkfifo(tmp_path / "fifo")
    for path in (tmp_path / "fifo", Path("/dev/zero")):
        with pytest.raises(Unreadable, match="not a regular file"):
            read_bytes(path, CAP)


def test_the_fast_reader_checks_the_file_it_opened_not_the_name(tmp_path, monkeypatch):
    """The root check is on the path the kernel opened: a folder turned into a link to outside the root
    between the check and the read cannot be followed, since nothing is looked up by name after the check."""
    from linter import files
    if not files._PROC_FD:
        pytest.skip("no O_PATH or /proc/self/fd here")
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.txt").write_text("INSIDE\n")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "a.txt").write_text("OUTSIDE\n")
    real_readlink = os.readlink

    def swap_then_readlink(p, *a, **k):  # the check runs, then the folder is swapped for a link out
        answer = real_readlink(p, *a, **k)
        if str(p).startswith("/proc/self/fd/"):
            os.rename(root / "sub", root / "moved")
            (root / "sub").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
        return answer

    monkeypatch.setattr(files.os, "readlink", swap_then_readlink)
    assert read_bytes(root / "sub" / "a.txt", CAP, root) == b"INSIDE\n"
    monkeypatch.setattr(files.os, "readlink", real_readlink)
    with pytest.raises(Unreadable, match="outside the scanned root"):  # asked again, the link is seen
        read_bytes(root / "sub" / "a.txt", CAP, root)


# ---- the writer -----------------------------------------------------------------------------------------
WRITES = {  # case -> the refusal, or None when the write must succeed
    "regular": None, "utf-16": None, "symlink-in": "a symbolic link", "symlink-out": "a symbolic link",
    "dir-symlink-out": "outside the scanned root", "dangling": "a symbolic link", "loop": "a symbolic link",
    "fifo": "not a regular file", "dev-zero": "a symbolic link", "hard-link": "has 2 hard links",
    "read-only": "read-only", "latin-1": "not UTF-8 or UTF-16", "directory": "not a regular file",
}


@pytest.mark.parametrize("case", sorted(WRITES))
def test_the_writer_on_every_kind_of_file(tmp_path, case):
    root, path = _case(tmp_path, case)
    before = {p: p.read_bytes() for p in (tmp_path / "outside.txt", root / "real.txt")}
    refusal = WRITES[case]
    if refusal is None:
        expected = read_text(path, CAP, root)[0]
        write_files([(path, expected.replace("INSIDE", "FIXED"), expected)], root)
        raw = path.read_bytes()
        if case == "utf-16":
            assert raw == codecs.BOM_UTF16_LE + "FIXED\r\n".encode("utf-16-le")  # encoding and CRLF kept
        else:
            assert raw == b"FIXED\n"
    else:
        with pytest.raises(Unwritable, match=refusal):
            write_files([(path, "FIXED\n", None)], root)
    assert {p: p.read_bytes() for p in before} == before, "a file outside the root or the link's target changed"


def test_the_writer_writes_all_files_or_none(tmp_path):
    root, path = _case(tmp_path, "read-only")
    good = root / "good.txt"
    good.write_text("INSIDE\n")
    with pytest.raises(Unwritable) as info:
        write_files([(good, "FIXED\n", "INSIDE\n"), (path, "FIXED\n", "INSIDE\n")], root)
    assert str(info.value).count("\n") == 0, "one line per refused file"
    assert good.read_text() == "INSIDE\n" and path.read_text() == "INSIDE\n"


def test_the_writer_refuses_a_file_changed_since_it_was_read(tmp_path):
    root, path = _case(tmp_path, "regular")
    with pytest.raises(Unwritable, match="changed while prodlint ran"):
        write_files([(path, "FIXED\n", "SOMETHING ELSE\n")], root)
    assert path.read_text() == "INSIDE\n"


def test_the_writer_keeps_the_mode_and_leaves_no_temporary_file(tmp_path):
    root, path = _case(tmp_path, "regular")
    path.chmod(0o640)
    write_files([(path, "FIXED\n", "INSIDE\n")], root)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in root.iterdir()) == ["case.txt", "real.txt"]


# ---- the callers ---------------------------------------------------------------------------------------
def _run(*args, cwd=None, timeout=60):
    exe = Path(sys.executable).parent / "prodlint"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "linter"]
    return subprocess.run(cmd + [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env=dict(os.environ, NO_COLOR="1"))


COMPOSE = "services:\n  web:\n    image: nginx:1.25\n"


@pytest.mark.parametrize("case", ["symlink-out", "fifo", "dev-zero"])
@pytest.mark.parametrize("manifest", ["package.json", "requirements.txt"])
def test_classification_manifests_are_read_only_inside_the_root(tmp_path, case, manifest):
    """A backend manifest linked from outside, a FIFO or /dev/zero decides nothing and blocks nothing."""
    root, path = _case(tmp_path, case)
    outside = tmp_path / "outside.txt"
    outside.write_text('{"dependencies": {"express": "4"}}' if manifest == "package.json" else "django==4.2\n")
    if case == "symlink-out":
        path.unlink()
        path.symlink_to(outside)
    os.rename(path, root / manifest)
    source = "server.js" if manifest == "package.json" else "app.py"
    (root / source).write_text("console.log(1)\n" if source == "server.js" else "print(1)\n")
    proc = _run("check", "--no-git", "--show-files", root, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert source not in proc.stdout, "a manifest outside the root decided how a file is classified"


@pytest.mark.parametrize("case", ["symlink-out", "fifo", "dev-zero"])
def test_compose_env_file_is_read_only_inside_the_root(tmp_path, case):
    root, path = _case(tmp_path, case)
    (tmp_path / "outside.txt").write_text("NODE_ENV=development\n")
    (root / "docker-compose.yml").write_text(COMPOSE + "    env_file: case.txt\n")
    proc = _run("check", "--no-git", "--select", "ENV003", root)
    assert proc.returncode in (0, 1), proc.stderr
    assert "ENV003" not in proc.stdout, "a variable from outside the root was judged"


@pytest.mark.parametrize("case", ["symlink-out", "fifo", "dev-zero"])
def test_an_in_tree_configuration_file_is_read_only_inside_the_root(tmp_path, case):
    root, path = _case(tmp_path, case)
    (tmp_path / "outside.txt").write_text("ignore = ['CMP']\n")
    os.rename(path, root / ".prodlint.toml")
    (root / "docker-compose.yml").write_text(COMPOSE)
    proc = _run("check", "--no-git", root)
    if case == "symlink-out":
        assert proc.returncode == 2 and "outside the scanned root" in proc.stderr
        assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    else:  # not a regular file: not a configuration at all
        assert "CMP002" in proc.stdout


@pytest.mark.parametrize("case", ["symlink-out", "fifo", "dev-zero", "dir-symlink-out"])
def test_a_baseline_named_by_the_repository_is_read_only_inside_it(tmp_path, case):
    root, path = _case(tmp_path, case)
    (tmp_path / "outside.txt").write_text('{"format": "prodlint-baseline/1", "findings": []}\n')
    rel = path.relative_to(root).as_posix()
    write_tree(root, {".prodlint.toml": f"baseline = '{rel}'\n", "docker-compose.yml": COMPOSE})
    proc = _run("check", "--no-git", root)
    assert proc.returncode == 2, proc.stdout
    assert proc.stderr.startswith("prodlint: error:") and proc.stderr.count("\n") == 1, proc.stderr


def test_a_baseline_outside_the_root_named_by_the_repository_is_refused(tmp_path):
    root = tmp_path / "root"
    write_tree(root, {".prodlint.toml": "baseline = '../outside.json'\n", "docker-compose.yml": COMPOSE})
    (tmp_path / "outside.json").write_text('{"format": "prodlint-baseline/1", "findings": []}\n')
    proc = _run("check", "--no-git", root)
    assert proc.returncode == 2 and "outside the scanned root" in proc.stderr


def test_pruning_never_writes_through_a_linked_baseline(tmp_path):
    root = tmp_path / "root"
    outside = tmp_path / "outside.json"
    outside.write_text('{"format": "prodlint-baseline/1", "findings": [{"fingerprint": "gone"}]}\n')
    write_tree(root, {".prodlint.toml": "baseline = 'base.json'\n", "docker-compose.yml": COMPOSE})
    (root / "base.json").symlink_to(outside)
    before = outside.read_text()
    proc = _run("check", "--no-git", root)
    assert proc.returncode == 2
    assert outside.read_text() == before


def test_the_default_baseline_is_never_written_through_a_link(tmp_path):
    root = tmp_path / "root"
    write_tree(root, {"docker-compose.yml": COMPOSE})
    outside = tmp_path / "outside.txt"
    outside.write_text("OUTSIDE\n")
    (root / ".prodlint-baseline.json").symlink_to(outside)
    proc = _run("baseline", root)
    assert proc.returncode == 2 and "symbolic link" in proc.stderr and "Traceback" not in proc.stderr
    assert outside.read_text() == "OUTSIDE\n"


def test_a_baseline_the_user_names_may_be_anywhere(tmp_path):
    root = tmp_path / "root"
    write_tree(root, {"docker-compose.yml": COMPOSE})
    target = tmp_path / "elsewhere" / "baseline.json"
    target.parent.mkdir()
    assert _run("baseline", root, "-o", target).returncode == 0
    assert _run("check", "--no-git", "--baseline", target, root).returncode == 0


@pytest.mark.parametrize("case, refusal", [("hard-link", "hard links"), ("read-only", "read-only"),
                                           ("symlink-in", "symbolic link")])
def test_fix_refuses_unsafe_targets_with_one_line_and_writes_nothing(tmp_path, case, refusal):
    root, path = _case(tmp_path, case)
    target = path.resolve() if case == "symlink-in" else path
    target.chmod(0o644)
    target.write_text(COMPOSE)
    if case == "read-only":
        target.chmod(0o444)
    os.rename(path, root / "docker-compose.yml")
    write_tree(root, {"other/docker-compose.yml": COMPOSE})
    outside_before = (tmp_path / "outside.txt").read_bytes()
    proc = _run("check", "--no-git", "--fix", root)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and refusal in proc.stderr
    assert (root / "other/docker-compose.yml").read_text() == COMPOSE, "fixes are written all or none"
    assert (tmp_path / "outside.txt").read_bytes() == outside_before


def test_fix_keeps_utf16_and_crlf(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    original = COMPOSE.replace("\n", "\r\n")
    (root / "docker-compose.yml").write_bytes(codecs.BOM_UTF16_LE + original.encode("utf-16-le"))
    proc = _run("check", "--no-git", "--fix", "--select", "CMP002", root)
    assert proc.returncode == 1, proc.stderr
    raw = (root / "docker-compose.yml").read_bytes()
    assert raw.startswith(codecs.BOM_UTF16_LE)
    text = raw[2:].decode("utf-16-le")
    assert text == original + "    restart: unless-stopped\r\n"


def test_fix_leaves_a_latin1_file_alone(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    data = ("# caf\xe9\n" + COMPOSE).encode("latin-1")
    (root / "docker-compose.yml").write_bytes(data)
    _run("check", "--no-git", "--fix", "--select", "CMP002", root)
    assert (root / "docker-compose.yml").read_bytes() == data


def test_fix_through_a_directory_link_given_as_a_path_writes_nothing_outside(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    elsewhere = tmp_path / "elsewhere"
    write_tree(elsewhere, {"docker-compose.yml": COMPOSE})
    (root / "linked").symlink_to(elsewhere, target_is_directory=True)
    _run("check", "--no-git", "--fix", "linked/docker-compose.yml", cwd=root)
    assert (elsewhere / "docker-compose.yml").read_text() == COMPOSE
