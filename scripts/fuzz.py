#!/usr/bin/env python3
"""A longer fuzz run of prodlint's parsers and engine on mutated files of every kind.

It runs the properties of tests/test_fuzz.py (the same seeds and mutations) for a fixed time instead of a
fixed, small number of examples, and counts failures instead of stopping at the first:

* parser: one mutated file of every kind through ``read_text`` and its parser (fast: thousands per minute);
* engine: a repository of mutated files through ``linter.engine.run`` (every rule, the project model);
* a failure is an exception that escapes, a finding or parse problem at an invalid location, an internal
  error finding (PL002), or an input that takes more than ``--slow`` seconds of CPU (a hang in the making).

Distinct failures (by kind, exception type and the innermost prodlint frame) are saved under ``--out`` with
the input that caused them, and the figures are printed at the end.

    .venv/bin/python scripts/fuzz.py --minutes 3                # hypothesis, parser and engine
    .venv/bin/python scripts/fuzz.py --minutes 3 --atheris      # coverage-guided parser fuzzing, see below

``--atheris`` needs atheris, which is not a dependency: install it into a separate venv of the same Python
(``python3 -m venv /tmp/atheris-venv && /tmp/atheris-venv/bin/pip install atheris``) and run this script
with that venv's python; the project's own packages are found through ``--site-packages`` (default: the
checkout's ``.venv``).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import tempfile
import time
import traceback
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup_path(site_packages: str | None) -> None:
    if site_packages:
        sys.path.append(site_packages)
    sys.path.insert(0, str(ROOT / "tests"))
    sys.path.insert(0, str(ROOT))


class Tally:
    def __init__(self, out: Path, slow: float):
        self.out = out
        self.slow = slow
        self.examples = {"parser": 0, "engine": 0}
        self.failures: dict[str, dict] = {}
        self.hits = 0
        self.slowest: tuple[float, str] = (0.0, "")

    def signature(self, phase: str, kind: str, exc: BaseException) -> str:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/linter/" in f.filename
                  or "/rules/" in f.filename]
        where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
        first = str(exc).splitlines()[0][:120] if str(exc) else ""
        if isinstance(exc, AssertionError):  # location / PL002 failures: the message says which
            where = re.sub(r"\d+", "N", first)[:80]  # one failure, whatever line it lands on
        return f"{phase}/{kind}: {type(exc).__name__} at {where}"

    def record(self, phase: str, kind: str, exc: BaseException, payload) -> None:
        self.hits += 1
        sig = self.signature(phase, kind, exc)
        entry = self.failures.get(sig)
        if entry is not None:
            entry["count"] += 1
            return
        digest = hashlib.sha1(sig.encode()).hexdigest()[:10]
        folder = self.out / digest
        folder.mkdir(parents=True, exist_ok=True)
        files = payload if isinstance(payload, dict) else {kind: payload}
        for name, data in files.items():
            (folder / name.replace("/", "__")).write_bytes(data)
        (folder / "traceback.txt").write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
        self.failures[sig] = {"count": 1, "saved": str(folder)}
        print(f"  new failure: {sig}  -> {folder}", flush=True)

    def timed(self, phase: str, kind: str, payload, fn) -> None:
        start = time.process_time()
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - every escape is a finding of the fuzzer
            self.record(phase, kind, exc, payload)
        spent = time.process_time() - start
        if spent > self.slowest[0]:
            self.slowest = (spent, f"{phase}/{kind}")
        if spent > self.slow:
            self.record(phase, kind, TimeoutError(f"{spent:.1f} s of CPU for one input"), payload)


def run_hypothesis(tally: Tally, seconds: float, engine_share: float, depths: list[int]) -> None:
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    import test_fuzz as tf

    tf.NEST_DEPTHS[:] = depths
    common = dict(deadline=None, database=None, phases=[Phase.generate], derandomize=False,
                  suppress_health_check=list(HealthCheck))
    deadline_parser = time.monotonic() + seconds * (1 - engine_share)

    # Batches are small and the clock is read between them: returning early from inside a hypothesis test
    # would make its data generation inconsistent.
    @settings(max_examples=25, **common)
    @given(data=st.data())
    def parser_batch(data):
        with tempfile.TemporaryDirectory(prefix="prodlint-fuzz-") as where:
            for kind in tf.KINDS:
                blob = data.draw(tf.mutated(kind))
                tally.examples["parser"] += 1
                tally.timed("parser", kind, {tf.SEEDS[kind][0]: blob},
                            lambda: tf.check_parser(kind, blob, Path(where)))

    while time.monotonic() < deadline_parser:
        parser_batch()

    deadline_engine = time.monotonic() + seconds * engine_share

    @settings(max_examples=5, **common)
    @given(files=tf.mutated_repo())
    def engine_batch(files):
        with tempfile.TemporaryDirectory(prefix="prodlint-fuzz-") as where:
            tally.examples["engine"] += 1
            tally.timed("engine", "repo", files, lambda: tf.check_engine(files, Path(where)))

    while time.monotonic() < deadline_engine:
        engine_batch()


def run_atheris(tally: Tally, seconds: float, finish) -> None:
    """libFuzzer ends the process with C exit(), past Python's own shutdown: the figures are written from
    inside the fuzz target once the time is up."""
    import atheris

    with atheris.instrument_imports(include=["linter", "dotenv", "dockerfile_parse", "crossplane", "ruamel"]):
        import linter.parsers.dockerfile  # noqa: F401 - instrumented for coverage
        import linter.parsers.env  # noqa: F401
        import linter.parsers.nginx  # noqa: F401
        import linter.parsers.node  # noqa: F401
        import linter.parsers.package  # noqa: F401
        import linter.parsers.redis  # noqa: F401
        import linter.parsers.yaml_doc  # noqa: F401
        import test_fuzz as tf

    corpus = Path(tempfile.mkdtemp(prefix="prodlint-atheris-corpus-"))
    for i, kind in enumerate(tf.KINDS):
        (corpus / kind).write_bytes(bytes([i]) + tf.SEEDS[kind][1].encode())
    where = Path(tempfile.mkdtemp(prefix="prodlint-atheris-"))

    deadline = time.monotonic() + seconds

    def one_input(data: bytes) -> None:
        if time.monotonic() > deadline:
            code = finish()
            sys.stdout.flush()
            os._exit(code)
        if not data:
            return
        kind = tf.KINDS[data[0] % len(tf.KINDS)]
        blob = data[1:]
        tally.examples["parser"] += 1
        tally.timed("parser", kind, {tf.SEEDS[kind][0]: blob}, lambda: tf.check_parser(kind, blob, where))

    argv = [sys.argv[0], f"-max_total_time={int(seconds) + 120}", "-rss_limit_mb=2048", "-timeout=30",
            "-print_final_stats=1", str(corpus)]
    atheris.Setup(argv, one_input)
    try:
        atheris.Fuzz()
    except SystemExit:
        pass


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=3.0)
    ap.add_argument("--engine-share", type=float, default=0.5, help="share of the time given to whole-engine runs")
    ap.add_argument("--slow", type=float, default=5.0, help="CPU seconds for one input that count as a failure")
    ap.add_argument("--depths", default="2,50,300,1500", help="nesting depths the 'nest' mutation tries")
    ap.add_argument("--out", default=None, help="folder for failing inputs [default: a new temporary folder]")
    ap.add_argument("--atheris", action="store_true", help="coverage-guided parser fuzzing with atheris")
    ap.add_argument("--site-packages", default=str(next((ROOT / ".venv" / "lib").glob("python*/site-packages"),
                                                         "")) or None)
    args = ap.parse_args(argv)
    _setup_path(args.site_packages if args.atheris else None)
    # ruamel's ReusedAnchorWarning would print source lines for every mutated anchor; the leak itself is a
    # known bug with its own test (test_hostile.test_yaml_warnings_do_not_print_source_lines_to_stderr).
    warnings.simplefilter("ignore")
    os.environ["PRODLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="prodlint-fuzz-cache-")  # not the user's cache
    out = Path(args.out or tempfile.mkdtemp(prefix="prodlint-fuzz-failures-"))
    out.mkdir(parents=True, exist_ok=True)
    tally = Tally(out, args.slow)
    seconds = args.minutes * 60
    started = time.monotonic()
    cpu0 = time.process_time()
    print(f"prodlint fuzz: {'atheris' if args.atheris else 'hypothesis'}, {args.minutes:g} min, failures -> {out}",
          flush=True)

    def finish() -> int:
        elapsed = time.monotonic() - started
        figures = {
            "tool": "atheris" if args.atheris else "hypothesis",
            "wall_seconds": round(elapsed, 1),
            "cpu_seconds": round(time.process_time() - cpu0, 1),
            "parser_inputs": tally.examples["parser"],
            "engine_repositories": tally.examples["engine"],
            "failing_inputs": tally.hits,
            "distinct_failures": len(tally.failures),
            "slowest_input_cpu_seconds": round(tally.slowest[0], 2),
            "slowest_input": tally.slowest[1],
            "failures": tally.failures,
        }
        print(json.dumps(figures, indent=2))
        (out / "figures.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        return 1 if tally.failures else 0

    if args.atheris:
        run_atheris(tally, seconds, finish)
    else:
        run_hypothesis(tally, seconds, args.engine_share, [int(d) for d in args.depths.split(",")])
    return finish()


if __name__ == "__main__":
    sys.exit(main())
