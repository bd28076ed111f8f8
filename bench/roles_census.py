"""Findings per role on a corpus of real repositories: what the role decision changes.

Runs prodlint's engine in-process on every project folder of the ecosystem corpus (or the folders given)
and writes one JSON line per finding: project, path, rule, level, role. Compare two runs with --diff.

    python bench/roles_census.py --out after.jsonl [--corpus ../shared/ecosystem]
    python bench/roles_census.py --diff before.jsonl after.jsonl
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path


def projects(corpus: Path) -> list[Path]:
    index = corpus / "index.json"
    if index.is_file():
        data = json.loads(index.read_text(encoding="utf-8"))
        rows = data.get("projects", data) if isinstance(data, dict) else data
        return [corpus / (r["folder"] if isinstance(r, dict) else str(r)) for r in rows]
    return sorted(p for p in corpus.iterdir() if p.is_dir())


def census(folder: Path) -> list[dict]:
    from linter.engine import Engine, RunOptions
    result = Engine(RunOptions(paths=[folder], use_git=False, cache=False, jobs=1)).run()
    out = []
    roles = result.project.roles
    for file in result.files:
        decision = roles.decision(file.rel)
        out.append({"file": file.rel, "kind": file.kind, "role": decision.role, "evidence": decision.evidence})
    for finding in result.findings:
        out.append({"path": finding.path, "rule": finding.rule_id, "level": finding.severity,
                    "role": result.project.role(finding.path), "line": finding.span.line,
                    "key": finding.key})
    return out


def summary(rows: list[dict]) -> str:
    files = [r for r in rows if "file" in r]
    rows = [r for r in rows if "file" not in r]
    by_role = collections.Counter(r["role"] for r in rows)
    warn = collections.Counter(r["role"] for r in rows if r["level"] in ("error", "warning"))
    lines = [f"total {len(rows)}"]
    for role in sorted(by_role):
        lines.append(f"  {role:12} {by_role[role]:5}  (error/warning {warn[role]})")
    if files:
        per_role = collections.Counter(r["role"] for r in files)
        lines.append("files: " + ", ".join(f"{role} {n}" for role, n in sorted(per_role.items())))
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(Path(__file__).resolve().parents[3] / "shared" / "ecosystem"))
    ap.add_argument("--out")
    ap.add_argument("--diff", nargs=2, metavar=("BEFORE", "AFTER"))
    args = ap.parse_args()
    if args.diff:
        before, after = ([json.loads(x) for x in Path(p).read_text().splitlines()] for p in args.diff)
        print("before:", summary(before), "\nafter:", summary(after), sep="\n")
        ident = lambda r: (r["project"], r["path"], r["rule"], r["key"])  # noqa: E731
        now = {(r["project"], r["file"]): r for r in after if "file" in r}
        before = [r for r in before if "file" not in r]
        after = [r for r in after if "file" not in r]
        old, new = {ident(r): r for r in before}, {ident(r): r for r in after}
        for r in before:  # where a finding went: the role its file has now, and why
            moved = now.get((r["project"], r["path"]))
            if moved is not None:
                r["role"] = f"{moved['role']}: {moved['evidence']}"
        for label, keys in (("gone", old.keys() - new.keys()), ("new", new.keys() - old.keys())):
            print(f"{label}: {len(keys)}")
            for k in sorted(keys):
                r = old.get(k) or new[k]
                print(f"  {r['level']:7} {r['rule']:7} {r['project']}/{r['path']}:{r['line']}  [{r['role']}]")
        return 0
    rows = []
    for folder in projects(Path(args.corpus)):
        for row in census(folder):
            rows.append({"project": folder.name if folder.parent.name != "docker__awesome-compose"
                         else "awesome-compose/" + folder.name, **row})
    text = "".join(json.dumps(r, sort_keys=True) + "\n" for r in rows)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    print(summary(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
