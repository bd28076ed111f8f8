#!/usr/bin/env python3
"""Where prodlint spends its time on one large file of each kind: a cProfile per kind.

    python bench/profile_kinds.py [--size 900k] [--top 15] [KIND ...]

For each kind of bench/bigfiles.py (all of them by default) it writes the file into
$TMPDIR/prodlint-profile-KIND, runs ``prodlint check --no-cache -j1`` on it in this interpreter under
cProfile, and prints the total, the functions with the most self time and prodlint's own frames
(linter/ and rules/) with the most inclusive time. Raw profiles go to bench/.results/profile-KIND.prof
(``python -m pstats`` or snakeviz read them). cProfile slows pure-Python code more than C code, so read the
shares, not the seconds. A function that grows faster than the file shows up as one whose share rises
when --size doubles.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import bigfiles  # noqa: E402


def profile(kind: str, size: int, top: int) -> str:
    tree = Path(tempfile.gettempdir()) / f"prodlint-profile-{kind}"  # outside the checkout: not git-ignored
    bigfiles.write(kind, size, tree)
    from linter.engine import RunOptions, run

    prof = cProfile.Profile()
    prof.enable()
    run(RunOptions(paths=[tree], cache=False, jobs=1, use_git=False))
    prof.disable()
    out_dir = HERE / ".results"
    out_dir.mkdir(parents=True, exist_ok=True)
    prof.dump_stats(out_dir / f"profile-{kind}.prof")
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf).strip_dirs()
    buf.write(f"\n=== {kind}: {size} bytes, {stats.total_tt:.2f} s under cProfile\n--- self time\n")
    stats.sort_stats("tottime").print_stats(top)
    buf.write("--- prodlint frames, inclusive time\n")
    full = pstats.Stats(prof, stream=buf)
    full.sort_stats("cumulative").print_stats(r"/(linter|rules)/(?!(cli|entry|check_command|__main__)\.py)", top)
    return "\n".join(line for line in buf.getvalue().splitlines() if line.strip() and "Ordered by" not in line
                     and "List reduced" not in line and "function calls" not in line)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("kinds", nargs="*", default=list(bigfiles.KINDS), help=", ".join(bigfiles.KINDS))
    ap.add_argument("--size", type=bigfiles.parse_size, default=900_000)
    ap.add_argument("--top", type=int, default=15)
    args = ap.parse_args()
    unknown = set(args.kinds) - set(bigfiles.KINDS)
    if unknown:
        ap.error(f"unknown kind(s): {', '.join(sorted(unknown))}")
    for kind in args.kinds:
        print(profile(kind, args.size, args.top), flush=True)


if __name__ == "__main__":
    main()
