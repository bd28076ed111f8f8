#!/usr/bin/env python3
"""Precision of prodlint's rules on real repositories, from a hand-judged set of findings.

The corpus is ../shared/ecosystem (configuration copied from public projects; see its README). A sample
of the findings prodlint produced on it was judged by reading each file in its repository's context and
is kept in bench/ecosystem/judged.jsonl (see docs/judged-set.md). This script runs a prodlint (any
command template) over the corpus, or reads a saved run, matches the findings to the verdicts and prints:

  - per rule: findings, judged, right, wrong, right-not-production, precision (true about the content:
    right + right-not-production over judged) and production precision (right over judged);
  - overall figures, raw over the judged set and weighted by each rule's volume in this run;
  - NEW findings: in neither the verdicts nor the reference run (bench/ecosystem/snapshot.jsonl, or a run
    given with --base), so nobody has looked at them: judge them and add them to the set;
  - DISAPPEARED judged findings, with their verdicts (a disappeared `right` is a lost true positive, a
    disappeared `wrong` or `right-not-production` is a fix).

A finding is identified by (project, path, rule, key, occurrence); `occurrence` tells apart findings of
one rule with the same key in one file, in document order (as the engine's fingerprints do). A verdict
counts only for a finding on the line it judged: once a key's first finding is fixed its second one becomes
occurrence 1, and is listed as MOVED (judge it anew) instead of inheriting the first one's verdict. SARIF carries no key: SARIF results are matched by
prodlint's line-independent fingerprint (`partialFingerprints["prodlint/v1"]`), recorded in each verdict.

Exit status 0 whenever the report was produced, 2 when the run or the files could not be read.

Usage:
  ecosystem_judged.py [--corpus DIR] [--cmd TEMPLATE] [--results FILE] [--base FILE] [--save FILE]
  ecosystem_judged.py --update-snapshot        # accept this run as the reference run
  ecosystem_judged.py sample --seed 19 --size 320 [--results FILE]   # draw unjudged findings to judge
Placeholders in TEMPLATE: {out} (a file for the report; else stdout is read), {path} (the project folder),
{name} (the project folder relative to the corpus). TEMPLATE may write prodlint's JSON or SARIF.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import random
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_JUDGED = REPO / "bench" / "ecosystem" / "judged.jsonl"
DEFAULT_SNAPSHOT = REPO / "bench" / "ecosystem" / "snapshot.jsonl"
VERDICTS = ("right", "wrong", "right-not-production")
REQUIRED = ("project", "path", "rule", "key", "occurrence", "fingerprint", "line", "severity", "message",
            "verdict", "reason", "sample")


def default_corpus() -> Path:
    """../shared/ecosystem beside the checkout, or beside a folder that holds the checkout (worktrees)."""
    for base in (REPO.parent, *REPO.parent.parents):
        if (base / "shared" / "ecosystem" / "index.json").is_file():
            return base / "shared" / "ecosystem"
    return REPO.parent / "shared" / "ecosystem"


def default_command() -> str:
    exe = Path(sys.executable).with_name("prodlint")
    prog = shlex.quote(str(exe)) if exe.exists() else "prodlint"
    return f"{prog} check --format json --no-cache --output {{out}} {{path}}"


@dataclass
class Finding:
    project: str
    path: str
    rule: str
    key: str | None          # None when the report (SARIF) has no key
    fingerprint: str | None
    line: int
    column: int
    severity: str
    message: str
    role: str | None = None
    occurrence: int = 1

    def ident(self) -> tuple:
        return (self.project, self.path, self.rule, self.key, self.occurrence)


@dataclass
class Verdict:
    entry: dict
    matched: list = field(default_factory=list)

    def ident(self) -> tuple:
        e = self.entry
        return (e["project"], e["path"], e["rule"], e["key"], e["occurrence"])


# --- reading reports -------------------------------------------------------------------------------------

def _project_relative(path: str, folder: Path | None) -> str:
    """A reported path as a path inside the project folder, whatever root the report was relative to."""
    if path.startswith("file://"):
        path = path[len("file://"):]
    if folder is None:
        return path.replace("\\", "/")
    p = Path(path)
    if p.is_absolute():
        try:
            return p.resolve().relative_to(folder.resolve()).as_posix()
        except ValueError:
            return p.as_posix()
    parts = p.parts
    for i in range(len(parts)):  # a report relative to an enclosing root: drop leading folders
        if (folder / Path(*parts[i:])).exists():
            return Path(*parts[i:]).as_posix()
    return p.as_posix()


def _suppressed(result: dict) -> bool:
    """SARIF's rule (2.1.0 §3.27.23): a result is suppressed when one of its suppressions is accepted or has no
    status."""
    return any(isinstance(s, dict) and s.get("status", "accepted") == "accepted"
               for s in result.get("suppressions") or [])


def findings_from_report(data, project: str, folder: Path | None) -> list[Finding]:
    """prodlint's JSON report or a SARIF log -> findings of one project."""
    out: list[Finding] = []
    if isinstance(data, dict) and isinstance(data.get("findings"), list):
        for f in data["findings"]:
            out.append(Finding(project, _project_relative(str(f["path"]), folder), str(f["rule"]),
                               f.get("key"), f.get("fingerprint"), int(f.get("line") or 0),
                               int(f.get("column") or 0), str(f.get("severity", "")),
                               str(f.get("message", "")), f.get("role")))
    elif isinstance(data, dict) and isinstance(data.get("runs"), list):
        for run in data["runs"]:
            for r in run.get("results") or []:
                if _suppressed(r):  # shown to code scanning as suppressed, not reported
                    continue
                loc = ((r.get("locations") or [{}])[0].get("physicalLocation") or {})
                region = loc.get("region") or {}
                props = r.get("properties") or {}
                fp = (r.get("partialFingerprints") or {}).get("prodlint/v1")
                uri = str((loc.get("artifactLocation") or {}).get("uri", ""))
                out.append(Finding(project, _project_relative(uri, folder), str(r.get("ruleId")), props.get("key"),
                                   fp, int(region.get("startLine") or 0), int(region.get("startColumn") or 0),
                                   str(r.get("level", "")), str((r.get("message") or {}).get("text", "")),
                                   props.get("role")))
    else:
        raise ValueError("neither a prodlint JSON report nor a SARIF log")
    number_occurrences(out)
    return out


def number_occurrences(findings: list[Finding]) -> None:
    """Findings of one rule with one key in one file are told apart by their order in the file."""
    groups = collections.defaultdict(list)
    for f in findings:
        if f.key is not None:
            groups[(f.project, f.path, f.rule, f.key)].append(f)
    for group in groups.values():
        for n, f in enumerate(sorted(group, key=lambda f: (f.line, f.column)), start=1):
            f.occurrence = n


def projects(corpus: Path) -> list[str]:
    index = json.loads((corpus / "index.json").read_text(encoding="utf-8"))
    return [row["folder"] for row in index["projects"]]


def run_corpus(corpus: Path, template: str, selected, timeout: float) -> tuple[list[Finding], list[str]]:
    found: list[Finding] = []
    problems: list[str] = []
    for name in projects(corpus):
        if not selected(name):
            continue
        folder = corpus / name
        with tempfile.TemporaryDirectory(prefix="judged-") as tmp:
            out = os.path.join(tmp, "report")
            fields = {"out": out, "path": str(folder), "name": name}
            cmd = [arg.format(**fields) for arg in shlex.split(template)]
            try:
                proc = subprocess.run(cmd, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
            except (OSError, subprocess.TimeoutExpired) as exc:
                problems.append(f"{name}: {type(exc).__name__}: {exc}")
                continue
            raw = Path(out).read_bytes() if "{out}" in template and os.path.exists(out) else proc.stdout
            try:
                found.extend(findings_from_report(json.loads(raw.decode("utf-8-sig")), name, folder))
            except (ValueError, KeyError, TypeError) as exc:
                tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
                problems.append(f"{name}: exit {proc.returncode}, no readable report ({exc}) {tail[0][:160]}")
    return found, problems


def save_run(path: Path, findings: list[Finding]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for f in findings:
            fh.write(json.dumps(f.__dict__, sort_keys=True) + "\n")


def load_run(path: Path) -> list[Finding]:
    names = set(Finding.__dataclass_fields__)
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return [Finding(**{k: v for k, v in row.items() if k in names}) for row in rows]


def load_judged(path: Path) -> list[Verdict]:
    return [Verdict(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


class Known:
    """The findings of a reference run, by identity and by fingerprint (for reports without keys)."""

    def __init__(self, rows=()):
        self.idents: set[tuple] = set()
        self.fingerprints: set[tuple] = set()
        for r in rows:
            self.idents.add((r["project"], r["path"], r["rule"], r["key"], r["occurrence"]))
            if r.get("fingerprint"):
                self.fingerprints.add((r["project"], r["fingerprint"]))

    def __contains__(self, f: Finding) -> bool:
        if f.key is not None:
            return f.ident() in self.idents
        return (f.project, f.fingerprint) in self.fingerprints


def load_snapshot(path: Path) -> Known:
    if not path.exists():
        return Known()
    return Known(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def write_snapshot(path: Path, findings: list[Finding], verdicts: list[Verdict] = ()) -> None:
    """The run's findings, plus the judged findings it no longer produces marked `"gone": true`: a verdict
    keeps pointing at a finding some reference run produced (its history: a fix, a retired rule)."""
    rows = [{"project": f.project, "path": f.path, "rule": f.rule, "key": f.key, "occurrence": f.occurrence,
             "fingerprint": f.fingerprint} for f in findings if f.key is not None]
    produced = {(r["project"], r["path"], r["rule"], r["key"], r["occurrence"]) for r in rows}
    fingerprints = {(f.project, f.fingerprint) for f in findings if f.fingerprint}
    for v in verdicts:
        e = v.entry
        if v.ident() not in produced and (e["project"], e.get("fingerprint")) not in fingerprints:
            rows.append({"project": e["project"], "path": e["path"], "rule": e["rule"], "key": e["key"],
                         "occurrence": e["occurrence"], "fingerprint": e.get("fingerprint"), "gone": True})
    rows.sort(key=lambda r: tuple(map(str, (r["project"], r["path"], r["rule"], r["key"], r["occurrence"]))))
    with open(path, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


# --- matching and report -----------------------------------------------------------------------------------

def match(findings: list[Finding], verdicts: list[Verdict]) -> list[Finding]:
    """Attach findings to verdicts; return the findings no verdict covers."""
    by_ident = {v.ident(): v for v in verdicts}
    by_fp = {(v.entry["project"], v.entry["fingerprint"]): v for v in verdicts}
    unjudged = []
    for f in findings:
        v = by_ident.get(f.ident()) if f.key is not None else by_fp.get((f.project, f.fingerprint))
        if v is not None and f.line and v.entry.get("line") and f.line != v.entry["line"]:
            # the n-th finding of a key is another place once an earlier one is gone: a verdict judged
            # one line, so it does not slide to the next (that finding needs a verdict of its own)
            v = None
        if v is None:
            unjudged.append(f)
        else:
            v.matched.append(f)
    return unjudged


def _pct(num: float, den: float) -> str:
    return f"{100.0 * num / den:5.1f}%" if den else "    -"


def _breakdown(title: str, group, verdicts: list[Verdict], out) -> None:
    """Verdicts of the findings still produced, grouped (by repository, by the sample that drew them)."""
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for v in verdicts:
        if v.matched:
            counts[group(v.entry)][v.entry["verdict"]] += 1
    print(f"\nby {title} (judged findings still produced):", file=out)
    print(f"  {title:48} {'judged':>6} {'right':>5} {'wrong':>5} {'not-prod':>8} {'precision':>9} "
          f"{'prod-prec':>9}", file=out)
    for name, c in sorted(counts.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])):
        n = sum(c.values())
        print(f"  {name:48} {n:>6} {c['right']:>5} {c['wrong']:>5} {c['right-not-production']:>8} "
              f"{_pct(c['right'] + c['right-not-production'], n):>9} {_pct(c['right'], n):>9}", file=out)


def report(findings: list[Finding], verdicts: list[Verdict], known: Known, out=sys.stdout) -> dict:
    unjudged = match(findings, verdicts)
    total = collections.Counter(f.rule for f in findings)
    tally: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for v in verdicts:
        if v.matched:
            tally[v.entry["rule"]][v.entry["verdict"]] += 1
    rules = sorted(set(total) | set(tally), key=lambda r: (-total[r], r))
    print(f"{'rule':8} {'findings':>8} {'judged':>6} {'right':>5} {'wrong':>5} {'not-prod':>8} "
          f"{'precision':>9} {'prod-prec':>9}", file=out)
    overall = collections.Counter()
    weighted_true = weighted_right = weighted_base = 0.0
    for r in rules:
        c = tally[r]
        judged = sum(c.values())
        true = c["right"] + c["right-not-production"]
        overall.update(c)
        if judged:
            weighted_base += total[r]
            weighted_true += total[r] * true / judged
            weighted_right += total[r] * c["right"] / judged
        print(f"{r:8} {total[r]:>8} {judged:>6} {c['right']:>5} {c['wrong']:>5} {c['right-not-production']:>8} "
              f"{_pct(true, judged):>9} {_pct(c['right'], judged):>9}", file=out)
    judged = sum(overall.values())
    true = overall["right"] + overall["right-not-production"]
    print(f"\noverall: {len(findings)} findings, {judged} judged: {overall['right']} right, "
          f"{overall['wrong']} wrong, {overall['right-not-production']} right-not-production", file=out)
    print(f"  precision (true about the content) {_pct(true, judged).strip()}, "
          f"production precision {_pct(overall['right'], judged).strip()}", file=out)
    print(f"  weighted by each rule's volume ({int(weighted_base)} findings of judged rules): precision "
          f"{_pct(weighted_true, weighted_base).strip()}, production precision "
          f"{_pct(weighted_right, weighted_base).strip()}", file=out)

    _breakdown("repository", lambda e: e["project"].split("/")[0], verdicts, out)
    _breakdown("sample", lambda e: e.get("sample", "?"), verdicts, out)

    judged_idents = {v.ident() for v in verdicts}
    moved = [f for f in unjudged if f.key is not None and f.ident() in judged_idents]
    new = [f for f in unjudged if f not in known and f not in moved]
    print(f"\nNEW, unjudged ({len(new)}; not in the reference run):", file=out)
    for f in sorted(new, key=lambda f: (f.project, f.path, f.line, f.rule)):
        print(f"  {f.project}/{f.path}:{f.line} {f.rule} [{f.severity}] {f.message}", file=out)
    if moved:
        print(f"\nMOVED, unjudged ({len(moved)}; a judged key's finding now on another line, judge it anew):",
              file=out)
        for f in sorted(moved, key=lambda f: (f.project, f.path, f.line, f.rule)):
            print(f"  {f.project}/{f.path}:{f.line} {f.rule} [{f.severity}] {f.message}", file=out)
    gone = [v for v in verdicts if not v.matched]
    kinds = collections.Counter(v.entry["verdict"] for v in gone)
    print(f"\nDISAPPEARED judged findings ({len(gone)}: {kinds['right']} right = lost true positives, "
          f"{kinds['wrong']} wrong and {kinds['right-not-production']} right-not-production = fixed):", file=out)
    for v in sorted(gone, key=lambda v: (v.entry["verdict"] != "right", v.ident())):
        e = v.entry
        lost = "  <- lost true positive" if e["verdict"] == "right" else ""
        print(f"  {e['verdict']:20} {e['project']}/{e['path']}:{e['line']} {e['rule']} {e['key']}{lost}", file=out)
    return {"findings": len(findings), "judged": judged, "counts": dict(overall), "new": len(new),
            "moved": len(moved), "disappeared": len(gone)}


# --- sampling ----------------------------------------------------------------------------------------------

def allocate(volume: dict[str, int], size: int) -> dict[str, int]:
    """Every rule at least one finding; the rest shared in proportion to what each rule has left (largest
    remainders first), never more than a rule has."""
    alloc = {r: 1 for r, n in volume.items() if n > 0}
    target = max(len(alloc), min(size, sum(volume.values())))
    while sum(alloc.values()) < target:
        rest = target - sum(alloc.values())
        room = {r: volume[r] - alloc[r] for r in alloc if volume[r] > alloc[r]}
        total = sum(room.values())
        shares = {r: min(room[r], rest * n / total) for r, n in room.items()}
        for r in room:
            alloc[r] += int(shares[r])
        left = target - sum(alloc.values())
        for r in sorted(room, key=lambda r: (-(shares[r] - int(shares[r])), r)):
            if left <= 0:
                break
            if alloc[r] < volume[r]:
                alloc[r] += 1
                left -= 1
    return alloc


def sample(findings: list[Finding], verdicts: list[Verdict], seed: int, size: int) -> list[Finding]:
    judged = {v.ident() for v in verdicts}
    per_rule = collections.defaultdict(list)
    for f in sorted(findings, key=lambda f: tuple(map(str, f.ident()))):
        per_rule[f.rule].append(f)
    rng = random.Random(seed)
    chosen = []
    for rule, n in sorted(allocate({r: len(v) for r, v in per_rule.items()}, size).items()):
        chosen.extend(f for f in rng.sample(per_rule[rule], n) if f.ident() not in judged)
    return chosen


# --- command line ------------------------------------------------------------------------------------------

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mode", nargs="?", choices=("report", "sample"), default="report")
    ap.add_argument("--corpus", type=Path, default=None,
                    help="default: the nearest shared/ecosystem above the checkout")
    ap.add_argument("--cmd", default=None, help="command template (default: this venv's prodlint, JSON)")
    ap.add_argument("--results", type=Path, help="read a run saved with --save instead of running")
    ap.add_argument("--save", type=Path, help="save this run's findings (JSON lines)")
    ap.add_argument("--base", type=Path, help="a run saved with --save to compare with, instead of the snapshot")
    ap.add_argument("--judged", type=Path, default=DEFAULT_JUDGED)
    ap.add_argument("--snapshot", type=Path, default=DEFAULT_SNAPSHOT)
    ap.add_argument("--update-snapshot", action="store_true", help="accept this run as the reference run")
    ap.add_argument("--only", default="", help="comma-separated substrings of project folders to keep")
    ap.add_argument("--exclude", default="", help="comma-separated substrings of project folders to leave out")
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("--size", type=int, default=320)
    args = ap.parse_args(argv)
    if args.update_snapshot and (args.only or args.exclude):
        print("ecosystem_judged: --update-snapshot needs a run over the whole corpus (no --only or --exclude)",
              file=sys.stderr)
        return 2
    try:
        args.corpus = args.corpus or default_corpus()
        only = [o for o in args.only.split(",") if o]
        exclude = [x for x in args.exclude.split(",") if x]

        def selected(project: str) -> bool:
            return (not only or any(o in project for o in only)) and not any(x in project for x in exclude)

        if args.results:
            findings = [f for f in load_run(args.results) if selected(f.project)]
            problems = []
        else:
            if not (args.corpus / "index.json").is_file():
                print(f"ecosystem_judged: no corpus at {args.corpus} (index.json missing)", file=sys.stderr)
                return 2
            findings, problems = run_corpus(args.corpus, args.cmd or default_command(), selected, args.timeout)
        verdicts = load_judged(args.judged) if args.judged.exists() else []
        # verdicts of projects this run did not cover are neither matched nor disappeared
        verdicts = [v for v in verdicts if selected(v.entry["project"])]
        known = Known(f.__dict__ for f in load_run(args.base)) if args.base else load_snapshot(args.snapshot)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"ecosystem_judged: {exc}", file=sys.stderr)
        return 2
    for p in problems:
        print(f"problem: {p}", file=sys.stderr)
    if args.save:
        save_run(args.save, findings)
    if args.update_snapshot:
        write_snapshot(args.snapshot, findings, verdicts)
    if args.mode == "sample":
        for f in sample(findings, verdicts, args.seed, args.size):
            print(json.dumps(f.__dict__, ensure_ascii=False))
        return 0
    try:
        report(findings, verdicts, known)
    except BrokenPipeError:  # piped into head
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
