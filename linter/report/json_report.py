"""JSON for machines: findings, notices and a summary, deterministic (sorted, no timestamps)."""
from __future__ import annotations

import json

from .. import __version__
from .common import snippet, summary


def document(result) -> dict:
    findings = []
    for f in result.findings:
        d = f.as_dict()
        d["snippet"] = snippet(result, f)
        findings.append(d)
    return {
        "tool": {"name": "prodlint", "version": __version__},
        "summary": summary(result),
        "findings": findings,
        "notices": [{"path": n.path, "message": n.message} for n in result.notices],
    }


def render(result, **_) -> str:
    return json.dumps(document(result), indent=2, sort_keys=False, ensure_ascii=False) + "\n"
