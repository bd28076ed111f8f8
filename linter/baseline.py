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
from .files import Unreadable, Unwritable, read_bytes, write_files

FORMAT = "prodlint-baseline/1"
MAX_BASELINE_BYTES = 64 * 1024 * 1024


def _dump(entries: list[dict]) -> str:
    return json.dumps({"format": FORMAT, "findings": entries}, indent=1, sort_keys=True) + "\n"


def _write(path: Path, text: str, root: Path | None) -> None:
    """``root``: the scanned root when the baseline's place came from the repository (its configuration, or
    the default file in it); None when the user named the file."""
    try:
        write_files([(path, text, None)], root)
    except Unwritable as exc:
        raise UsageError(f"baseline {exc}") from None


def write_baseline(findings: list[Finding], path: Path, root: Path | None = None) -> int:
    entries = sorted({(f.fingerprint, f.rule_id, f.path) for f in findings})
    _write(path, _dump([{"fingerprint": fp, "rule": rule, "path": p} for fp, rule, p in entries]), root)
    return len(entries)


def _load(path: Path, root: Path | None) -> list[dict]:
    try:
        data = json.loads(read_bytes(path, MAX_BASELINE_BYTES, root).decode("utf-8"))
    except Unreadable as exc:
        if "No such file" in str(exc):
            raise UsageError(f"{path}: baseline file not found") from None
        raise UsageError(f"{path}: baseline {exc}") from None
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise UsageError(f"{path}: not a prodlint baseline ({type(exc).__name__})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("findings"), list):
        raise UsageError(f"{path}: not a prodlint baseline (expected format '{FORMAT}')")
    return [e for e in data["findings"] if isinstance(e, dict) and isinstance(e.get("fingerprint"), str)]


def read_baseline(path: Path, root: Path | None = None) -> set[str]:
    return {e["fingerprint"] for e in _load(path, root)}


def apply_baseline(findings: list[Finding], path: Path, prune: bool = False,
                   root: Path | None = None) -> tuple[list[Finding], list[Finding], int]:
    """(new findings, baselined findings, entries pruned).

    With ``prune`` (a run that checked the whole tree with every rule), entries no finding matched any more
    are fixed problems: they leave the baseline, so the same problem coming back later is reported as new.
    ``root``: see :func:`_write`; the file is read and written only inside it.
    """
    entries = _load(path, root)
    known = {e["fingerprint"] for e in entries}
    kept, baselined = [], []
    for f in findings:
        if f.fingerprint in known:
            f.suppressed = "baseline"
            baselined.append(f)
        else:
            kept.append(f)
    stale = known - {f.fingerprint for f in baselined}
    if prune and stale:
        _write(path, _dump([e for e in entries if e["fingerprint"] not in stale]), root)
    return kept, baselined, len(stale) if prune else 0
