"""Scanned repositories are untrusted: broken files become findings, bombs stay bounded, nothing is run.

The corpus under fixtures/hostile holds one broken or hostile file of every kind and an ``expected.json``
listing the exact parse-error positions and notices each must give. Things that cannot be committed
portably (symbolic links, FIFOs, sockets, git configuration) are built in ``tmp_path``.

Resource limits are measured in a child process (peak RSS through ``getrusage(RUSAGE_CHILDREN)`` of a
one-shot wrapper, so earlier children of the test run do not count), never by wall time: the machine is
shared. Known bugs in files these tests do not own are ``xfail(strict=True)`` with the reason spelled out.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import ROOT, lint, prodlint, write_tree
from linter.report import render

HOSTILE = ROOT / "fixtures" / "hostile"
EXPECTED = json.loads((HOSTILE / "expected.json").read_text(encoding="utf-8"))["files"]

# Entries of expected.json that prodlint does not meet yet, and why (see the report of issue 7).
KNOWN_BUGS: dict[str, str] = {}  # corpus files with an open bug, and why


def _cli():
    exe = Path(sys.executable).parent / "prodlint"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "linter"]


# ---- the corpus ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus():
    result = lint(HOSTILE)
    return result, json.loads(render(result, "json"))


def _corpus_files() -> list[str]:
    return sorted(p.relative_to(HOSTILE).as_posix() for p in HOSTILE.rglob("*")
                  if p.is_file() and p.name != "expected.json")


def test_every_corpus_file_has_an_expectation():
    assert _corpus_files() == sorted(EXPECTED), "add the new corpus file to fixtures/hostile/expected.json"


@pytest.mark.parametrize("path", [pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[p]))
                                  if p in KNOWN_BUGS else p for p in sorted(EXPECTED)])
def test_corpus_file_gives_exactly_the_expected_parse_errors_and_notices(corpus, path):
    _, doc = corpus
    want = EXPECTED[path]
    got = sorted([f["line"], f["column"]] for f in doc["findings"] if f["rule"] == "PL001" and f["path"] == path)
    assert got == sorted(want["PL001"]), f"{path}: PL001 positions"
    notices = sorted(n["message"] for n in doc["notices"] if n["path"] == path)
    assert notices == sorted(want["notices"]), f"{path}: notices"


def test_corpus_has_no_internal_errors_and_nothing_else_unexpected(corpus):
    _, doc = corpus
    assert [f for f in doc["findings"] if f["rule"] == "PL002"] == []
    assert {n["path"] for n in doc["notices"] if n["path"]} <= set(EXPECTED)
    # what was skipped, counted in one run-wide line
    assert [n["message"] for n in doc["notices"] if not n["path"]] == ["skipped: 1 binary"]
    assert {f["path"] for f in doc["findings"] if f["rule"] == "PL001"} <= set(EXPECTED)


def test_broken_files_do_not_stop_the_rest_of_the_repository(corpus):
    result, doc = corpus
    judged = {f["path"] for f in doc["findings"] if not f["rule"].startswith("PL")}
    # valid files next to broken ones are still checked by the real rules ...
    assert "tags/docker-compose.yml" in judged
    # ... and so is the readable part of a broken file
    assert "docker/Dockerfile" in judged
    assert "latin1/.env" in {f.rel for f in result.files if f.text}


@pytest.mark.parametrize("files,bad_line,rule,rule_line", [
    ({".env": "PORT=3000\nthis is not an assignment\nNODE_ENV=development\n"}, 2, "node-env-not-production", 3),
    ({"Dockerfile": "FROM node:20\nFROBNICATE --all\nENV NODE_ENV=development\nUSER root\nCMD [\"node\", \"s.js\"]\n"},
     2, "node-env-not-production", 3),
    ({"Dockerfile": "FROM node:20\nFROBNICATE --all\nUSER root\nCMD [\"node\", \"s.js\"]\n"},
     2, "dockerfile-root-user", 3),
], ids=["env", "dockerfile-env", "dockerfile-user"])
def test_the_readable_rest_of_a_broken_file_is_still_checked(tmp_path, files, bad_line, rule, rule_line):
    result = lint(tmp_path, files)
    assert [f.span.line for f in result.findings if f.rule_id == "PL001"] == [bad_line]
    assert rule_line in [f.span.line for f in result.findings if f.rule_name == rule], \
        [(f.rule_name, f.span.line) for f in result.findings]


def test_notices_reach_text_output_and_sarif_with_locations(corpus):
    result, _ = corpus
    log = json.loads(render(result, "sarif"))
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    where = {n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: n["message"]["text"]
             for n in notes if "locations" in n}
    assert [n["message"]["text"] for n in notes if "locations" not in n] == ["skipped: 1 binary"]
    text = render(result, "text")
    for path, want in EXPECTED.items():
        for message in want["notices"]:
            assert where.get(path) == message, path
            assert f"{path}: notice: {message}" in text


# ---- determinism --------------------------------------------------------------------------------

_RENDER_BOTH = r"""
import sys
from pathlib import Path
from linter.engine import RunOptions, run
from linter.report import render
result = run(RunOptions(paths=[Path(sys.argv[1])], use_git=False))
Path(sys.argv[2]).write_text(render(result, "json"), encoding="utf-8")
Path(sys.argv[3]).write_text(render(result, "sarif"), encoding="utf-8")
"""


def test_json_and_sarif_are_byte_identical_across_runs_and_locations(tmp_path):
    copy = tmp_path / "elsewhere" / "deeper" / "hostile"
    shutil.copytree(HOSTILE, copy, symlinks=True)
    outputs = []
    # the first run computes everything, the second may be answered from the result cache, the third is a copy
    for n, (repo, seed) in enumerate([(HOSTILE, "1"), (HOSTILE, "2"), (copy, "3")]):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT))
        if n == 0:
            env["PRODLINT_NO_CACHE"] = "1"
        j, s = tmp_path / f"{n}.json", tmp_path / f"{n}.sarif"
        subprocess.run([sys.executable, "-c", _RENDER_BOTH, str(repo), str(j), str(s)], check=True, env=env,
                       cwd=tmp_path, capture_output=True)
        outputs.append((j.read_bytes(), s.read_bytes()))
    assert outputs[0] == outputs[1], "two runs on the same input differ"
    assert outputs[0] == outputs[2], "a copy of the repository at another path gives different output"
    assert str(tmp_path).encode() not in outputs[2][0] + outputs[2][1]


# ---- resource bombs -----------------------------------------------------------------------------

_MEASURE = r"""
import json, resource, subprocess, sys
limit_as, limit_cpu = int(sys.argv[1]), int(sys.argv[2])
def limits():
    resource.setrlimit(resource.RLIMIT_AS, (limit_as, limit_as))
    resource.setrlimit(resource.RLIMIT_CPU, (limit_cpu, limit_cpu))
proc = subprocess.run(sys.argv[3:], preexec_fn=limits, capture_output=True, text=True)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": proc.returncode, "maxrss_mb": usage.ru_maxrss / 1024, "cpu": usage.ru_utime + usage.ru_stime,
                  "stdout": proc.stdout, "stderr": proc.stderr[-3000:]}))
"""


def measure(repo: Path, *args, address_space_mb: int = 768, cpu_seconds: int = 20, git: bool = False,
            cache: bool = False) -> dict:
    """Run the CLI on ``repo`` under hard limits in a one-shot wrapper; peak RSS and CPU of that run only.

    The result cache is off unless asked for: it would answer for the rules instead of running them."""
    cmd = [sys.executable, "-c", _MEASURE, str(address_space_mb << 20), str(cpu_seconds), *_cli(), "check",
           *([] if git else ["--no-git"]), *([] if cache else ["--no-cache"]), "-f", "json", *map(str, args),
           str(repo)]
    out = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, NO_COLOR="1"), check=True)
    return json.loads(out.stdout)


def _findings(run: dict) -> list[dict]:
    assert run["rc"] in (0, 1), f"exit code {run['rc']}: {run['stderr'][-1500:]}"
    return json.loads(run["stdout"])["findings"]


def billion_laughs(levels: int = 9, width: int = 9) -> tuple[str, str]:
    """A YAML mapping `x-lol:` whose last anchor expands to width**levels strings, and that anchor's name."""
    lines = ['  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghijklmnop"[:levels - 1]:
        lines.append(f"  {name}: &{name} [" + ",".join(["*" + prev] * width) + "]")
        prev = name
    return "x-lol:\n" + "\n".join(lines) + "\n", prev


def test_corpus_alias_bomb_and_deep_nesting_stay_within_a_small_memory_bound():
    for name in ("bomb", "deep"):
        run = measure(HOSTILE / name)
        _findings(run)
        assert run["maxrss_mb"] < 200, f"{name}: peak RSS {run['maxrss_mb']:.0f} MB"


def test_alias_bomb_used_by_a_service_is_refused_not_expanded(tmp_path):
    from linter.files import SourceFile
    from linter.parsers.yaml_doc import parse
    bomb, top = billion_laughs()
    text = bomb + ("services:\n  web:\n    image: nginx:1.27\n"
                   f"    command: *{top}\n    environment:\n      FOO: *{top}\n    cap_add: *{top}\n")
    doc = parse(SourceFile(tmp_path / "docker-compose.yml", "docker-compose.yml", "compose", text=text))
    assert doc.problems, "the parser loaded a billion-laughs document without a word"
    write_tree(tmp_path, {"docker-compose.yml": text})
    run = measure(tmp_path, address_space_mb=320, cpu_seconds=4)
    findings = _findings(run)
    assert run["maxrss_mb"] < 200
    assert [f for f in findings if f["rule"] == "PL002"] == []
    assert any(f["rule"] == "PL001" for f in findings), "the bomb must be reported, not silently loaded"


def test_deeply_nested_yaml_is_bounded_in_memory(tmp_path):
    depth = 600
    write_tree(tmp_path, {
        "flow/docker-compose.yml": "services:\n  web:\n    image: nginx:1.27\nx: " + "[" * depth + "]" * depth + "\n",
        "block/docker-compose.yml": "x:\n" + "".join("  " * i + "- \n" for i in range(1, 300)),
        "pkg/package.json": '{"dependencies": {"express": "4"}, "x": ' + "[" * 50000 + "]" * 50000 + "}",
        "nginx/nginx.conf": "events {}\nhttp {\n" + "location / {\n" * 3000 + "}\n" * 3000 + "}\n",
    })
    run = measure(tmp_path)
    findings = _findings(run)
    assert run["maxrss_mb"] < 200, f"peak RSS {run['maxrss_mb']:.0f} MB"
    assert [f for f in findings if f["rule"] == "PL002"] == []
    assert {f["path"] for f in findings if f["rule"] == "PL001"} >= {"flow/docker-compose.yml", "pkg/package.json"}


def test_deeply_nested_yaml_is_refused_in_linear_time(tmp_path):
    from linter.files import SourceFile
    from linter.parsers.yaml_doc import parse
    parse(SourceFile(tmp_path / "warm.yml", "warm.yml", "compose", text="a: [1]\n"))  # import ruamel first
    cpu = []
    for depth in (200, 1000):  # CPU time of this process, not wall time: the machine is shared
        text = "x: " + "[" * depth + "]" * depth + "\n"
        start = time.process_time()
        doc = parse(SourceFile(tmp_path / "deep.yml", "deep.yml", "compose", text=text))
        cpu.append(time.process_time() - start)
    assert doc.problems
    assert cpu[1] < 0.3 + 10 * cpu[0], f"{cpu[1]:.2f} s of CPU for 1000 nested sequences ({cpu[0]:.3f} s for 200)"


def test_deeply_nested_compose_interpolation_is_bounded(tmp_path):
    from linter.model.interpolate import interpolate
    n = 560
    nested = "${A:-" * n + "x" + "}" * n
    interpolate(nested, {})  # a RecursionError here is the bug
    write_tree(tmp_path, {"docker-compose.yml": "services:\n  web:\n    image: nginx:1.27\n    environment:\n"
                          '      NODE_ENV: "' + "${A:-" * n + "x" + "}" * n + '"\n'})
    findings = lint(tmp_path).findings
    assert [f.message for f in findings if f.rule_id == "PL002"] == []


def test_a_long_line_costs_linear_time(tmp_path):
    from linter.secrets import mask_line
    line = "X=" + "a.b" * 5_000
    start = time.process_time()
    mask_line(line)
    assert time.process_time() - start < 0.05, "mask_line is superlinear on a long line"
    write_tree(tmp_path, {".env.production": "NODE_ENV=production\nX=" + "a.b" * 7_000 + "\n"})
    start = time.process_time()
    lint(tmp_path)
    assert time.process_time() - start < 1.0


def test_deeply_nested_javascript_is_queried_in_bounded_time(tmp_path):
    from linter.files import SourceFile
    from linter.parsers.node import parse
    text = "const express = require('express');\nconst app = express();\nX=" + "(" * 40_000 + "\n"
    doc = parse(SourceFile(tmp_path / "server.js", "server.js", "node", text=text))
    start = time.process_time()
    doc.captures("(call_expression function: (identifier) @fn) @call")
    assert time.process_time() - start < 0.2


_DEEP = 3000


def test_a_deeply_nested_package_json_does_not_end_the_run(tmp_path):
    write_tree(tmp_path, {"package.json": '{"dependencies": {"express": "4"}, "x": ' + "[" * _DEEP + "]" * _DEEP + "}",
                          "server.js": "const express = require('express');\n",
                          ".env": "NODE_ENV=development\n"})
    result = lint(tmp_path)
    assert any(f.rule_id == "PL001" and f.path == "package.json" for f in result.findings)
    assert any(f.path == ".env" and f.rule_id != "PL001" for f in result.findings)


def test_a_deeply_nested_exec_form_is_not_a_rule_crash(tmp_path):
    result = lint(tmp_path, {"Dockerfile": "FROM node:20\nUSER node\nCMD " + "[" * _DEEP + "]" * _DEEP + "\n"})
    assert [f.message for f in result.findings if f.rule_id == "PL002"] == []


def test_a_deeply_nested_config_file_is_a_usage_error(tmp_path):
    write_tree(tmp_path, {".prodlint.toml": "select = " + "[" * _DEEP + "]" * _DEEP + "\n", ".env": "A=1\n"})
    proc = prodlint("check", "--no-git", tmp_path)
    assert proc.returncode == 2, proc.stderr[-500:]
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_files_over_the_size_cap_are_skipped_with_a_notice(tmp_path):
    write_tree(tmp_path, {".prodlint.toml": "max-file-size = 4096\n",
                          ".env": "NODE_ENV=development\n" + "# padding\n" * 1000,
                          "docker-compose.yml": "services:\n  web:\n    image: nginx:1.27\n"})
    result = lint(tmp_path)
    assert [f.path for f in result.findings if f.path == ".env"] == []
    notes = {n.path: n.message for n in result.notices}
    assert "size cap" in notes[".env"]
    log = json.loads(render(result, "sarif"))
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    uris = [n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in notes if "locations" in n]
    assert ".env" in uris
    assert [n["message"]["text"] for n in notes if "locations" not in n] == ["skipped: 1 over the size cap"]


def _tiny_tree(base: Path, count: int) -> Path:
    base.mkdir()
    (base / "docker-compose.yml").write_text("services:\n  web:\n    image: nginx:1.27\n")
    seed = base / "seed.txt"
    seed.write_bytes(b"x")
    per_dir = 500
    for d in range(0, count, per_dir):
        sub = base / f"d{d // per_dir:03d}"
        sub.mkdir()
        for i in range(d, min(d + per_dir, count)):
            os.link(seed, sub / f"note{i}.txt")  # a hard link is a regular file, and cheap to make on a busy disk
    return base


@pytest.mark.parametrize("git", [False, True], ids=["walk", "git"])
def test_memory_does_not_grow_with_the_number_of_irrelevant_files(tmp_path, git):
    if git and not shutil.which("git"):
        pytest.skip("git is not installed")
    trees = [_tiny_tree(tmp_path / "small", 2_000), _tiny_tree(tmp_path / "large", 20_000)]
    if git:  # untracked, not ignored: git lists them all, as it would a large checkout
        for tree in trees:
            _git(tree, "init", "-q")
    # as users run it: the result cache on (its dependency digest covers every file of the tree)
    small, large = (measure(tree, git=git, cache=True) for tree in trees)
    _findings(small), _findings(large)
    growth = large["maxrss_mb"] - small["maxrss_mb"]
    # 4 MB for 18k files is ~230 bytes a file: a million files would cost 230 MB
    assert growth < 4, f"18k more files cost {growth:.1f} MB of peak RSS ({small['maxrss_mb']:.0f} -> " \
                       f"{large['maxrss_mb']:.0f} MB)"


# ---- the file system ----------------------------------------------------------------------------

def _symlinked_repo(base: Path) -> Path:
    outside = base / "outside"
    repo = base / "repo"
    write_tree(outside, {"secret.env": "JWT_SECRET=outsidevalue-never-read-123\n",
                         "nginx/nginx.conf": "events {}\nhttp {\n  server {\n    listen 80;\n  }\n}\n"})
    write_tree(repo, {"docker-compose.yml": "services:\n  web:\n    image: nginx:1.27\n", "sub/keep.txt": "x"})
    (repo / ".env").symlink_to(outside / "secret.env")  # leaves the root
    (repo / "conf").symlink_to(outside / "nginx", target_is_directory=True)  # a directory outside
    (repo / "loop-a.env").symlink_to("loop-b.env")
    (repo / "loop-b.env").symlink_to("loop-a.env")
    (repo / "sub" / "up").symlink_to("..", target_is_directory=True)  # a directory loop
    (repo / "sub" / "self").symlink_to(".", target_is_directory=True)
    (repo / "compose.override.yml").symlink_to("missing.yml")  # dangling
    (repo / ".env.production").symlink_to("sub/../.env")  # a chain that ends outside
    return repo


@pytest.mark.parametrize("use_git", [False, True])
def test_symlinks_loops_end_and_links_that_leave_the_root_are_not_followed(tmp_path, use_git):
    if use_git and not shutil.which("git"):
        pytest.skip("git is not installed")
    repo = _symlinked_repo(tmp_path)
    if use_git:
        env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", HOME=str(tmp_path))
        subprocess.run(["git", "init", "-q", str(repo)], check=True, env=env)
    result = lint(repo, use_git=use_git)
    notes = {n.path: n.message for n in result.notices}
    assert "leaves the scanned root" in notes[".env"]
    assert "dangling or looping" in notes["loop-a.env"]
    assert "dangling or looping" in notes["compose.override.yml"]
    assert ".env.production" in notes
    checked = {f.rel for f in result.files}
    assert not any(rel.startswith(("conf/", "sub/up", "sub/self")) for rel in checked), checked
    blob = "".join(render(result, fmt) for fmt in ("text", "json", "sarif"))
    assert "outsidevalue" not in blob


def test_references_that_leave_the_root_are_not_followed_and_include_loops_end(tmp_path):
    outside, repo = tmp_path / "outside", tmp_path / "repo"
    write_tree(outside, {
        "evil.conf": "server {\n  listen 80;\n  add_header X-Leak \"OUTSIDE-abc123\";\n}\n",
        ".env": "JWT_SECRET=OUTSIDE-env-42\nNODE_ENV=development\n",
        "base.yml": "services:\n  api:\n    image: node:20\n    restart: always\n    environment:\n"
                    "      TOKEN: OUTSIDE-compose-7\n",
    })
    write_tree(repo, {
        "nginx/nginx.conf": f"events {{}}\nhttp {{\n  include ../../outside/evil.conf;\n  include {outside}/*.conf;\n"
                            "  include conf.d/*.conf;\n  include nginx.conf;\n  server {\n    listen 80;\n"
                            "    include ../nginx/nginx.conf;\n  }\n}\n",
        "nginx/conf.d/loop.conf": "server {\n  listen 443;\n  include ../nginx.conf;\n  include loop.conf;\n}\n",
        "docker-compose.yml": f"include:\n  - ../outside/base.yml\nservices:\n  api:\n    extends:\n"
                              f"      file: ../outside/base.yml\n      service: api\n    env_file:\n"
                              f"      - ../outside/.env\n      - {outside}/.env\n    image: node:20\n",
    })
    (repo / "nginx" / "conf.d" / "link.conf").symlink_to(outside / "evil.conf")
    result = lint(repo)
    assert [f.message for f in result.findings if f.rule_id == "PL002"] == []
    blob = "".join(render(result, fmt) for fmt in ("text", "json", "sarif", "github"))
    assert "OUTSIDE" not in blob
    # the restart policy written outside the root was not merged into the service
    assert any(f.rule_name == "compose-restart-policy" for f in result.findings)
    assert not any(f.path.startswith("..") or f.path.startswith("/") for f in result.findings)


def test_explicit_file_arguments_that_leave_the_root_are_refused(tmp_path):
    repo = _symlinked_repo(tmp_path)
    proc = prodlint("check", "--no-git", "-f", "json", ".env", "loop-a.env", "../outside/secret.env", cwd=repo)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.splitlines() == [f"prodlint: error: ../outside/secret.env: outside the repository root {repo}; "
                                        "name the root with --root to check it"]
    assert "outsidevalue" not in proc.stderr
    proc = prodlint("check", "--no-git", "-f", "json", ".env", "loop-a.env", cwd=repo)
    assert proc.returncode in (0, 1), proc.stderr
    assert "outsidevalue" not in proc.stdout + proc.stderr
    assert [f for f in json.loads(proc.stdout)["findings"] if f["rule"] == "PL002"] == []


def test_unreadable_file_is_reported_and_skipped(tmp_path):
    # Tests run as root, for whom chmod 000 changes nothing; a UNIX socket cannot be opened by anyone.
    write_tree(tmp_path, {"docker-compose.yml": "services:\n  web:\n    image: nginx:1.27\n"})
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(tmp_path / ".env"))
    except OSError as exc:  # pragma: no cover - AF_UNIX path limits on odd systems
        pytest.skip(f"cannot create a socket file: {exc}")
    try:
        result = lint(tmp_path)
    finally:
        sock.close()
    notes = {n.path: n.message for n in result.notices}
    assert notes.get(".env", "").startswith("skipped"), notes
    assert [f for f in result.findings if f.rule_id == "PL002"] == []
    assert any(f.path == "docker-compose.yml" for f in result.findings)


def _run_unblocking_fifos(fifos: list[Path], target, seconds: float = 3.0):
    """Run ``target`` in a thread; if it is still blocked after ``seconds``, open each FIFO for writing
    (which releases a reader stuck in open()) until it ends. Returns (result, was_blocked)."""
    box = {}

    def work():
        try:
            box["result"] = target()
        except BaseException as exc:  # noqa: BLE001 - reported by the caller
            box["error"] = exc

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(seconds)
    blocked = thread.is_alive()
    deadline = time.monotonic() + 30
    while thread.is_alive() and time.monotonic() < deadline:
        for fifo in fifos:
            try:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                pass
        thread.join(0.05)
    if "error" in box:
        raise box["error"]
    return box.get("result"), blocked


def test_a_fifo_with_a_config_name_does_not_hang_the_run(tmp_path):
    write_tree(tmp_path, {"docker-compose.yml": "services:\n  web:\n    image: nginx:1.27\n"})
    fifos = [tmp_path / ".env.production", tmp_path / "app.conf"]
    for fifo in fifos:
        os.mkfifo(fifo)
    result, blocked = _run_unblocking_fifos(fifos, lambda: lint(tmp_path))
    assert not blocked, "the scan blocked on opening a FIFO"
    notes = {n.path: n.message for n in result.notices}
    assert "not a regular file" in notes.get(".env.production", ""), notes


def test_positions_after_a_bad_line_in_a_crlf_env_file(tmp_path):
    write_tree(tmp_path, {".env": b"PORT=3000\r\nthis is not an assignment\r\nLOG_LEVEL=info\r\n"
                                  b"NODE_ENV=development\r\n"})
    result = lint(tmp_path)
    assert [(f.span.line, f.span.column) for f in result.findings if f.rule_id == "PL001"] == [(2, 1)]
    judged = [f for f in result.findings if f.rule_id == "ENV003"]
    assert judged and all(f.span.line == 4 for f in judged), [(f.rule_id, f.span) for f in judged]


def test_an_empty_acl_rule_in_redis_conf_is_not_a_crash(tmp_path):
    result = lint(tmp_path, {"redis.conf": 'bind 127.0.0.1\nuser default on nopass ~* ""\n'})
    assert [f.message for f in result.findings if f.rule_id == "PL002"] == []


@pytest.mark.parametrize("name,data,expect_notice,expect_checked", [
    ("config.env", b"\x1f\x8b\x08\x00" + bytes(range(256)), "binary", False),
    ("docker-compose.yml", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "binary", False),
    (".env", "NODE_ENV=development\nGREETING=caf\u00e9\n".encode("latin-1"), "decoded leniently", True),
    (".env", "NODE_ENV=development\n".encode("utf-16"), None, True),
    (".env", "NODE_ENV=development\n".encode("utf-16-le"), "binary", False),
    (".env", b"\xef\xbb\xbfNODE_ENV=development\n", None, True),
])
def test_encodings_and_binary_data(tmp_path, name, data, expect_notice, expect_checked):
    write_tree(tmp_path, {name: data})
    result = lint(tmp_path)
    notes = {n.path: n.message for n in result.notices}
    if expect_notice:
        assert expect_notice in notes.get(name, ""), notes
    else:
        assert name not in notes
    assert [f for f in result.findings if f.rule_id in ("PL001", "PL002")] == []
    repo_rules = {r.id for r in result.all_rules if "repo" in r.meta.kinds}  # judge paths, not content
    checked = [f for f in result.findings if f.path == name and f.rule_id not in repo_rules]
    assert bool(checked) == expect_checked, [(f.rule_id, f.message) for f in checked]
    if expect_checked:  # NODE_ENV=development is judged, at its real position
        assert any(f.span.line == 1 for f in checked)


# ---- nothing is executed ------------------------------------------------------------------------

_TAGS = [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/new:subprocess.Popen [['touch', '{marker}']]",
    "!!python/name:os.system",
    "!!python/object:builtins.dict {{a: b}}",
    "!!binary aGVsbG8=",
    "!reset []",
    "!custom {{x: 1}}",
]


@pytest.mark.parametrize("tag", _TAGS)
def test_yaml_tags_never_construct_objects(tmp_path, tag):
    from linter.parsers.yaml_doc import load
    marker = tmp_path / "pwned"
    value = tag.format(marker=marker)
    data = load(f"key: {value}\n")
    assert not marker.exists()
    inner = data["key"]
    plain = (str, bytes, int, float, bool, type(None), list, dict)
    assert isinstance(inner, plain) or type(inner).__module__.startswith("ruamel"), type(inner)
    write_tree(tmp_path / "repo", {"docker-compose.yml": f"services:\n  web:\n    image: nginx:1.27\n"
                                                          f"    command: {value}\n    labels: {value}\n"})
    result = lint(tmp_path / "repo")
    assert not marker.exists()
    assert [f.message for f in result.findings if f.rule_id == "PL002"] == []


def test_a_scan_touches_no_network(tmp_path, monkeypatch):
    calls = []

    def refuse(*args, **kwargs):
        calls.append(args[:2])
        raise AssertionError("prodlint tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket.socket, "sendto", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "gethostbyname", refuse)
    write_tree(tmp_path, {
        "docker-compose.yml": "services:\n  api:\n    image: registry.example.com:5000/api:latest\n"
                              "    build: https://github.com/example/api.git#main\n"
                              "    env_file: https://example.com/remote.env\n",
        "Dockerfile": "FROM registry.example.com/node:20\nADD https://example.com/x.tar.gz /x\nUSER node\n",
        "nginx/nginx.conf": "events {}\nhttp {\n  include http://example.com/evil.conf;\n  server {\n"
                            "    proxy_pass http://example.com;\n  }\n}\n",
        "package.json": '{"dependencies": {"express": "git+https://example.com/x.git", "cors": "^2"}}',
        "server.js": "const express = require('express');\nconst app = express();\n"
                     "fetch('https://example.com');\napp.listen(3000);\n",
        ".env": "DATABASE_URL=postgres://u:p@db.example.com:5432/app\n",
    })
    for repo in (tmp_path, HOSTILE):
        result = lint(repo)
        render(result, "sarif"), render(result, "text")
    assert calls == []


def _git(repo: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", HOME=str(repo.parent))
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)


@pytest.mark.skipif(not shutil.which("git"), reason="git is not installed")
def test_the_scanned_repositorys_git_config_runs_nothing(tmp_path):
    repo = tmp_path / "repo"
    markers = {name: tmp_path / f"marker-{name}" for name in ("fsmonitor", "filter", "hook", "diff", "pager")}
    write_tree(repo, {"docker-compose.yml": "services:\n  web:\n    image: nginx:1.27\n",
                      ".gitattributes": "* filter=evil diff=evil\n", "new.env": "NODE_ENV=development\n"})
    _git(repo, "init", "-q")
    _git(repo, "add", "docker-compose.yml")
    _git(repo, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "init")
    (repo / "docker-compose.yml").write_text("services:\n  web:\n    image: nginx:1.28\n")  # dirty work tree
    _git(repo, "config", "core.fsmonitor", f"touch {markers['fsmonitor']}; false")
    _git(repo, "config", "filter.evil.clean", f"touch {markers['filter']}; cat")
    _git(repo, "config", "filter.evil.process", f"touch {markers['filter']}")
    _git(repo, "config", "diff.evil.command", f"touch {markers['diff']}")
    _git(repo, "config", "core.pager", f"touch {markers['pager']}; cat")
    hook = repo / ".git" / "hooks" / "post-index-change"
    hook.write_text(f"#!/bin/sh\ntouch {markers['hook']}\n")
    hook.chmod(0o755)
    proc = prodlint("check", "-f", "json", repo)
    assert proc.returncode in (0, 1), proc.stderr
    assert json.loads(proc.stdout)["findings"], "the git-mode scan found nothing, so it proves nothing"
    assert [name for name, marker in markers.items() if marker.exists()] == []


def test_nothing_in_the_scanned_repository_is_imported_or_run(tmp_path):
    marker = tmp_path / "marker"
    payload = f"import pathlib\npathlib.Path({str(marker)!r}).write_text('ran')\n"
    write_tree(tmp_path / "repo", {
        "conftest.py": payload, "setup.py": payload, "sitecustomize.py": payload, "linter/__init__.py": payload,
        "rules/env/evil.py": payload, "app/main.py": payload,
        "package.json": json.dumps({"dependencies": {"express": "4"}, "scripts": {
            "preinstall": f"touch {marker}", "start": f"touch {marker}"}}),
        "server.js": f"require('child_process').execSync('touch {marker}');\n",
        "Dockerfile": f"FROM node:20\nRUN touch {marker}\nHEALTHCHECK CMD touch {marker}\nUSER node\n",
        "docker-compose.yml": f"services:\n  web:\n    build: .\n    command: touch {marker}\n"
                              f"    healthcheck:\n      test: [\"CMD\", \"touch\", \"{marker}\"]\n",
        ".env": f"NODE_OPTIONS=--require {tmp_path / 'repo' / 'conftest.py'}\n",
    })
    proc = prodlint("check", "--no-git", ".", cwd=tmp_path / "repo")
    assert proc.returncode in (0, 1), proc.stderr
    assert not marker.exists()


def test_rules_dirs_from_the_scanned_repository_are_not_imported_without_consent(tmp_path):
    marker = tmp_path / "marker"
    write_tree(tmp_path / "repo", {
        ".prodlint.toml": 'rules-dirs = ["house_rules"]\n',
        "house_rules/evil.py": f"import pathlib\npathlib.Path({str(marker)!r}).write_text('ran')\n",
        ".env": "NODE_ENV=production\n",
    })
    proc = prodlint("check", "--no-git", tmp_path / "repo")
    assert not marker.exists(), "a scanned repository's own configuration made prodlint import its code"
    assert "rules-dirs not loaded" in proc.stdout
    prodlint("check", "--no-git", "--load-plugins", tmp_path / "repo")
    assert marker.exists(), "with consent, the repository's own rules load"


# ---- secrets in parse errors --------------------------------------------------------------------

SECRET = "Qm7vXk2pL9sRt4WzHq8N"

_SECRET_CASES = {
    "yaml-duplicate-key": {"docker-compose.yml": "services:\n  api:\n    image: node:20\n    environment:\n"
                                                 f"      JWT_SECRET: {SECRET}\n      JWT_SECRET: {SECRET}2\n"},
    "yaml-duplicate-service": {"docker-compose.yml": f"services:\n  api:\n    environment:\n"
                                                     f"      DB_PASSWORD: {SECRET}\n  api:\n    image: x\n"},
    "yaml-unclosed-quote": {"docker-compose.yml": f'services:\n  api:\n    environment:\n'
                                                  f'      JWT_SECRET: "{SECRET}\n'},
    "env-unbalanced-quote": {".env": f'JWT_SECRET="{SECRET}\nNODE_ENV=production\n'},
    "env-space-in-key": {".env": f"JWT SECRET={SECRET}\n"},
    "env-export-broken": {".env": f"export JWT_SECRET='{SECRET}\n"},
    "dockerfile-unknown-instruction": {"Dockerfile": f"FROM node:20\nJWT_SECRET={SECRET}\nUSER node\n"},
    "dockerfile-secret-after-unknown": {"Dockerfile": f"FROM node:20\nSETENV JWT_SECRET {SECRET}\nUSER node\n"},
    "dockerfile-before-from": {"Dockerfile": f"ENV JWT_SECRET={SECRET}\nFROM node:20\nUSER node\n"},
    "yaml-alias-like-value": {"docker-compose.yml": f"services:\n  api:\n    image: x\n    environment:\n"
                                                    f"      DB_PASSWORD: *{SECRET}\n"},
    "yaml-tag-like-value": {"docker-compose.yml": f"services:\n  api:\n    image: x\n    environment:\n"
                                                  f"      DB_PASSWORD: !{SECRET}!x\n"},
    "json-broken": {"package.json": f'{{"name": "x", "config": {{"apiKey": "{SECRET}}}'},
    "nginx-unbalanced": {"nginx.conf": f"events {{}}\nhttp {{\n  server {{\n"
                                       f"    proxy_set_header Authorization \"Bearer {SECRET};\n  }}\n}}\n"},
    "redis-unbalanced": {"redis.conf": f'requirepass "{SECRET}\n'},
    "js-broken": {"package.json": '{"dependencies": {"express": "4"}}',
                  "server.js": f"const jwtSecret = '{SECRET}\nconst x = ;\n"},
}
_SECRET_BUGS: dict[str, str] = {}  # bugs found by these tests, while they are open


@pytest.mark.parametrize("case", [pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=_SECRET_BUGS[c]))
                                  if c in _SECRET_BUGS else c for c in sorted(_SECRET_CASES)])
def test_parse_error_messages_never_echo_a_secret(tmp_path, monkeypatch, case):
    from linter.baseline import write_baseline
    monkeypatch.setenv("PRODLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("PRODLINT_NO_CACHE", raising=False)
    repo = tmp_path / "repo"
    lint(repo, _SECRET_CASES[case])
    result = lint(repo)  # the second run may be answered from the result cache: it must not hold the secret
    errors = [f for f in result.findings if f.rule_id in ("PL001", "PL002")]
    assert errors, "the case must produce a parse error, or it proves nothing"
    for f in errors:
        for part in (SECRET, SECRET[:12]):
            assert part.lower() not in f.message.lower(), f.message
            assert part.lower() not in f.key.lower() and part not in f.fingerprint
    write_baseline(result.findings, tmp_path / "baseline.json")
    assert list((tmp_path / "cache").rglob("*.json")), "no result cache was written: this test would not see it"
    stored = [p.read_text(encoding="utf-8", errors="replace") for p in tmp_path.rglob("*")
              if p.is_file() and repo not in p.parents]
    blob = "\n".join([render(result, fmt) for fmt in ("text", "json", "sarif", "github")] + stored)
    assert SECRET[:12].lower() not in blob.lower()


def test_yaml_warnings_do_not_print_source_lines_to_stderr(tmp_path):
    write_tree(tmp_path, {"docker-compose.yml": f"services:\n  api:\n    image: x\n    environment:\n"
                                                f"      JWT_SECRET: &s {SECRET}\n      DB_PASSWORD: &s {SECRET}x\n"})
    proc = prodlint("check", "--no-git", tmp_path)
    assert SECRET not in proc.stdout
    assert SECRET not in proc.stderr, proc.stderr[-500:]


# ---- crashing rules -----------------------------------------------------------------------------

def _crash_repo(tmp_path: Path) -> Path:
    write_tree(tmp_path, {"repo/.env": "A=1\n",
                          "prodlint.toml": f"rules-dirs = [{json.dumps(str(ROOT / 'fixtures' / 'plugin_rules'))}]\n"})
    return tmp_path / "repo"


def _check(tmp_path: Path, *args) -> subprocess.CompletedProcess:
    """The CLI with its own cache folder, so runs of other tests cannot answer for this one."""
    env = dict(os.environ, NO_COLOR="1", PRODLINT_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("PRODLINT_NO_CACHE", None)
    return subprocess.run(_cli() + ["check", "--no-git", "--config", str(tmp_path / "prodlint.toml"),
                                    "--select", "TST003", *map(str, args)], capture_output=True, text=True, env=env)


def test_a_crashing_rule_is_a_finding_naming_rule_and_file_and_debug_shows_the_traceback(tmp_path):
    repo = _crash_repo(tmp_path)
    debug = _check(tmp_path, "--debug", repo)
    assert debug.returncode != 0
    assert "Traceback" in debug.stderr and "RuntimeError: boom" in debug.stderr and "crashing.py" in debug.stderr
    proc = _check(tmp_path, repo)
    assert proc.returncode == 1, proc.stderr
    line = next(line for line in proc.stdout.splitlines() if "PL002" in line)
    assert line.startswith(".env:1:1:") and "TST003" in line and "always-crashes" in line
    assert "Traceback" not in proc.stdout + proc.stderr


def test_debug_after_a_cached_run_still_shows_the_traceback(tmp_path):
    repo = _crash_repo(tmp_path)
    first = _check(tmp_path, repo)
    assert "PL002" in first.stdout and "--debug" in first.stdout
    debug = _check(tmp_path, "--debug", repo)
    assert "RuntimeError: boom" in debug.stderr, debug.stdout[-400:]


# ---- hostile file names -------------------------------------------------------------------------

def _named_repo(tmp_path: Path, name: bytes) -> Path:
    repo = tmp_path / "repo"
    folder = os.path.join(os.fsencode(repo), name)
    os.makedirs(folder)
    with open(os.path.join(folder, b".env"), "wb") as fh:
        fh.write(b"NODE_ENV=development\n")
    return repo


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_a_non_utf8_file_name_does_not_crash_the_report(tmp_path, fmt):
    repo = _named_repo(tmp_path, b"caf\xe9-\xff")
    proc = subprocess.run(_cli() + ["check", "--no-git", "--no-cache", "-f", fmt, str(repo)], capture_output=True,
                          env=dict(os.environ, NO_COLOR="1"))
    assert proc.returncode == 1, proc.stderr.decode("utf-8", "replace")[-800:]
    assert b"Traceback" not in proc.stderr
    doc = json.loads(proc.stdout.decode("utf-8"))
    assert doc


def test_a_file_name_cannot_inject_lines_into_text_output(tmp_path):
    repo = _named_repo(tmp_path, b"x\n::error file=evil.js,line=1::injected\r\x1b[2K")
    result = lint(repo)
    assert result.findings
    text = render(result, "text")
    assert not [line for line in text.splitlines() if line.startswith("::")], text
    assert "\x1b" not in text
    github = render(result, "github")
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in github.splitlines()), github


def test_the_env_parser_is_python_dotenvs_own_loaded_without_its_package():
    import io

    from dotenv import parser as packaged

    from linter.parsers.env import _dotenv_parser
    standalone = _dotenv_parser()
    assert standalone.__name__ == "prodlint_dotenv_parser"
    text = 'A=1\nexport B="two words" # c\nbad line\nC=\'x\\ny\'\n\n  D = 4\nE\n'
    ours = [(b.key, b.value, b.error, b.original.string) for b in standalone.parse_stream(io.StringIO(text))]
    theirs = [(b.key, b.value, b.error, b.original.string) for b in packaged.parse_stream(io.StringIO(text))]
    assert ours == theirs
