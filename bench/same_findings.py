#!/usr/bin/env python3
"""Check that a performance change left the findings alone: run two prodlint source trees over the same
folders and compare their JSON reports, finding by finding.

    python bench/same_findings.py --base /tmp/base --dirs fixtures/demo /work/shared/ecosystem/*

--base is a folder holding another checkout's ``linter/``, ``rules/`` and ``schemas/`` (for instance
``git archive BASE linter rules schemas | tar -x -C /tmp/base``); the current tree is this checkout.
A folder holding no file of its own (``docker__awesome-compose``) is checked per sub-folder. Both runs
use ``--no-cache -j1``. Prints one line per folder that differs and a summary; exit status 1 when any
folder differs.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def projects(dirs: list[Path]) -> list[Path]:
    out = []
    for d in dirs:
        if not d.is_dir():
            continue
        if any(c.is_file() for c in d.iterdir()):
            out.append(d)
        else:
            out.extend(sorted(c for c in d.iterdir() if c.is_dir()))
    return out


def report(tree: Path, folder: Path) -> list:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    proc = subprocess.run([sys.executable, "-m", "linter", "check", "--no-cache", "-j1", "--format", "json",
                           str(folder)], cwd=tree, env=env, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        return [f"exit {proc.returncode}: {proc.stderr.strip()[-300:]}"]
    data = json.loads(proc.stdout)
    findings = data.get("findings", data) if isinstance(data, dict) else data
    return sorted(json.dumps(f, sort_keys=True) for f in findings)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", type=Path, required=True)
    ap.add_argument("--dirs", type=Path, nargs="+", required=True)
    args = ap.parse_args()
    differ = total = 0
    for folder in projects([d.resolve() for d in args.dirs]):
        a, b = report(args.base.resolve(), folder), report(ROOT, folder)
        total += len(b)
        if a != b:
            differ += 1
            only_a, only_b = sorted(set(a) - set(b)), sorted(set(b) - set(a))
            print(f"DIFFERS {folder}: {len(only_a)} only in base, {len(only_b)} only here")
            for line in only_a[:3]:
                print(f"  - {line[:300]}")
            for line in only_b[:3]:
                print(f"  + {line[:300]}")
    print(f"{len(projects([d.resolve() for d in args.dirs]))} folders, {total} findings, {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
