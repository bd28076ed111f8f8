"""Per-file results kept between runs, so an unchanged tree is checked again in a fraction of the time.

An entry is reused only when the whole run is configured the same way (prodlint's version, the rules,
the configuration: the *run key*), the file's size and modification time are unchanged, and so are the
files it may read across (its *dependency digest*: the other configuration files, and for backend
source the other source files too). What is stored: findings (messages already scrubbed), notices,
suppression directives and the positions of judged secrets; never a secret's value. The cache lives in
the user's cache folder, not in the scanned repository.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .api import Edit, Finding, Fix, Span
from .discover import Notice
from .suppress import Directive
from .usercache import cache_dir

FORMAT = 1


def signature(path: Path) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def digest(parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogateescape"))
        h.update(b"\0")
    return h.hexdigest()[:32]


class ResultCache:
    def __init__(self, root: Path, run_key: str):
        base = cache_dir()
        self.path = None if base is None else base / "results" / f"{digest([str(root)])}.json"
        self.run_key = run_key
        self.entries: dict[str, dict] = {}
        self.fresh: dict[str, dict] = {}
        if self.path is not None:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if data.get("format") == FORMAT and data.get("key") == run_key:
                    self.entries = data.get("files", {})
            except (OSError, ValueError, AttributeError):
                self.entries = {}

    def get(self, rel: str, sig, deps: str):
        entry = self.entries.get(rel)
        if entry is None or sig is None or entry.get("sig") != sig or entry.get("deps") != deps:
            return None
        try:
            outcome = _outcome_from(entry["out"])
        except (KeyError, TypeError, ValueError):
            return None
        self.fresh[rel] = entry
        return outcome

    def put(self, rel: str, sig, deps: str, outcome) -> None:
        if sig is not None:
            self.fresh[rel] = {"sig": sig, "deps": deps, "out": _outcome_to(outcome)}

    def save(self) -> None:
        if self.path is None or self.fresh == self.entries:
            return  # a run that found everything in the cache has nothing new to write
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"format": FORMAT, "key": self.run_key, "files": self.fresh}),
                           encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass


def _finding_to(f: Finding) -> dict:
    d = {"r": f.rule_id, "n": f.rule_name, "p": f.path,
         "s": [f.span.line, f.span.column, f.span.end_line, f.span.end_column], "m": f.message, "i": f.message_id,
         "v": f.severity, "c": list(f.checklist), "k": f.key, "f": f.fingerprint}
    if f.fix is not None:
        d["x"] = {"t": f.fix.title, "s": f.fix.safety, "p": f.fix.path,
                  "e": [[e.start, e.end, e.text] for e in f.fix.edits]}
    if f.snippet is not None:
        d["q"] = f.snippet  # masked: see secrets.masked_line
    return d


def _finding_from(d: dict) -> Finding:
    fix = None
    if "x" in d:
        x = d["x"]
        fix = Fix(x["t"], tuple(Edit(*e) for e in x["e"]), x["s"], x["p"])
    return Finding(d["r"], d["n"], d["p"], Span(*d["s"]), d["m"], d["i"], d["v"], tuple(d["c"]), d["k"], d["f"], fix,
                   snippet=d.get("q"))


def _outcome_to(outcome) -> dict:
    return {
        "files": outcome.files,
        "findings": [_finding_to(f) for f in outcome.findings],
        "notices": [[n.path, n.message] for n in outcome.notices],
        "directives": {p: [[d.verb, d.ids, d.reason, d.line, d.column, list(d.applies_to)] for d in ds]
                       for p, ds in outcome.directives.items()},
        "ranges": {p: sorted(r) for p, r in outcome.ranges.items()},
    }


def _outcome_from(data: dict):
    from .checker import Outcome
    out = Outcome(data["files"])
    out.findings = [_finding_from(f) for f in data["findings"]]
    out.notices = [Notice(p, m) for p, m in data["notices"]]
    out.directives = {p: [Directive(v, list(ids), reason, line, col, tuple(applies))
                          for v, ids, reason, line, col, applies in ds] for p, ds in data["directives"].items()}
    out.ranges = {p: {tuple(r) for r in rs} for p, rs in data["ranges"].items()}
    return out
