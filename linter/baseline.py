"""A baseline: the fingerprints of findings a team accepted when adopting prodlint on an old repository.

Fingerprints hash rule + path + a normalised key, never a line number or a value,
so lines shifting or a file being reformatted do not make old findings look new,
and a finding that is fixed and later comes back is reported again.
"""
from __future__ import annotations

import json
from pathlib import Path

from .api import Finding
from .errors import UsageError

FORMAT = "prodlint-baseline/1"


def write_baseline(findings: list[Finding], path: Path) -> int:
    entries = sorted({(f.fingerprint, f.rule_id, f.path) for f in findings})
    data = {"format": FORMAT,
            "findings": [{"fingerprint": fp, "rule": rule, "path": p} for fp, rule, p in entries]}
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return len(entries)


def read_baseline(path: Path) -> set[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: baseline file not found") from None
    except (OSError, ValueError) as exc:
        raise UsageError(f"{path}: not a prodlint baseline ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("findings"), list):
        raise UsageError(f"{path}: not a prodlint baseline (expected format '{FORMAT}')")
    return {e["fingerprint"] for e in data["findings"] if isinstance(e, dict) and "fingerprint" in e}


def apply_baseline(findings: list[Finding], path: Path, prune: bool = False) -> tuple[list[Finding], list[Finding], int]:
    """(new findings, baselined findings, entries pruned).

    With ``prune`` (a run that checked the whole tree with every rule), entries no finding matched any more
    are fixed problems: they leave the baseline, so the same problem coming back later is reported as new.
    """
    known = read_baseline(path)
    kept, baselined = [], []
    for f in findings:
        if f.fingerprint in known:
            f.suppressed = "baseline"
            baselined.append(f)
        else:
            kept.append(f)
    stale = known - {f.fingerprint for f in baselined}
    if prune and stale:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["findings"] = [e for e in data["findings"] if e.get("fingerprint") not in stale]
        path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return kept, baselined, len(stale) if prune else 0
