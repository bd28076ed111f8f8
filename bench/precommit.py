#!/usr/bin/env python3
"""The pre-commit case alone, optionally against another revision, in one round-robin run.

    python bench/precommit.py [--runs 15] [--against main] [--seed 1]

Times what `run.py` times in its pre-commit rows (`prodlint check .env docker-compose.yml
backend/Dockerfile` from the app corpus' root, with a warm user cache, run by itself and answered by a running
`prodlint server`, and `python -c pass` on the same interpreter), and the same command after the three files were
edited (a comment added, on a copy of the corpus: nothing to replay), just before the run ("changed": the run
is not recorded, linter.replay) and 2.1 s before it ("changed 2 s before": it is), on a compiled snapshot of
this work tree, and with `--against REV` on a snapshot of `linter/`, `rules/` and `schemas/` at that git
revision too, so that before and after share the machine's load. Prints the median wall and CPU time of each
command and each prodlint's ratio to `python -c pass`.
"""
from __future__ import annotations

import argparse
import atexit
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402  (bench/run.py: the corpora, the snapshot and the harness)

THREE = [".env", "docker-compose.yml", "backend/Dockerfile"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--against", metavar="REV", help="also time prodlint at this git revision (e.g. main)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)

    python = run.python_for(run.prodlint_exe(None))
    app = run.corpus("app", 0, args.seed)
    programs = {"this tree": run.snapshot(python, app)}
    if args.against:
        programs[args.against] = run.snapshot_at(python, args.against, app)

    benches = []
    for name, prodlint in programs.items():
        cache = Path(tempfile.mkdtemp(prefix="prodlint-bench-usercache-"))
        atexit.register(shutil.rmtree, cache, True)
        benches.append(run.Bench("pre-commit", name, prodlint + ["check", *THREE], args.runs, cwd=app,
                                 env={"PRODLINT_CACHE_DIR": str(cache)}, warmup=1))
        # the hook after an edit: the three files changed before each sample, so nothing can be replayed
        # (on a copy of the corpus, so that the unchanged rows stay unchanged)
        edited = Path(tempfile.mkdtemp(prefix="prodlint-bench-precommit-")) / "app"
        atexit.register(shutil.rmtree, edited.parent, True)
        shutil.copytree(app, edited, symlinks=True)
        changed = [run.edit_each_time(edited / f) for f in THREE]
        benches.append(run.Bench("pre-commit", f"{name} (changed)", prodlint + ["check", *THREE], args.runs,
                                 cwd=edited, env={"PRODLINT_CACHE_DIR": str(cache)}, warmup=1,
                                 setup=lambda changed=changed: [edit() for edit in changed]))
        # the same, the files saved 2.1 s before the hook runs (out of the racy window: the run is recorded)
        settled = Path(tempfile.mkdtemp(prefix="prodlint-bench-precommit-")) / "app"
        atexit.register(shutil.rmtree, settled.parent, True)
        shutil.copytree(app, settled, symlinks=True)
        edits = [run.edit_each_time(settled / f) for f in THREE]
        benches.append(run.Bench("pre-commit", f"{name} (changed 2 s before)", prodlint + ["check", *THREE],
                                 args.runs, cwd=settled, env={"PRODLINT_CACHE_DIR": str(cache)}, warmup=1,
                                 setup=lambda edits=edits: ([edit() for edit in edits], time.sleep(2.1))))
        served = run.server_env(prodlint, app) if name == "this tree" else {}
        if served:  # the same command answered by a running `prodlint server`
            benches.append(run.Bench("pre-commit", f"{name} (server)", prodlint + ["check", *THREE], args.runs,
                                     cwd=app, env={"PRODLINT_CACHE_DIR": str(cache), **served}, warmup=1))
    floor = run.Bench("pre-commit", "python-c-pass", [python, "-c", "pass"], args.runs, ok_rc=(0,))
    benches.append(floor)
    run.run_all(benches)

    print(f"{'command':<32} {'wall ms':>8} {'cpu ms':>8} {'wall ratio':>11} {'cpu ratio':>10}")
    for b in benches:
        if b.error:
            print(f"{b.label:<32} error: {b.error}")
            continue
        print(f"{b.label:<32} {1000 * b.median():8.1f} {1000 * b.median('cpu'):8.1f} "
              f"{b.median() / floor.median():10.2f}x {b.median('cpu') / floor.median('cpu'):9.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
