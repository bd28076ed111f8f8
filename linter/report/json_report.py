"""JSON for machines: findings, notices and a summary, deterministic (sorted, no timestamps)."""
from __future__ import annotations

import json

from .. import __version__
from .common import snippet, summary
from .visible import json_inert


def document(result) -> dict:
    return {**_head(result), "findings": [_finding(result, f) for f in result.findings],
            "notices": _notices(result)}


def _head(result) -> dict:
    return {"tool": {"name": "prodlint", "version": __version__}, "summary": summary(result),
            "suppressions": list(getattr(result, "suppressions", ()))}


def _finding(result, f) -> dict:
    return {**f.as_dict(), "snippet": snippet(result, f)}


def _notices(result) -> list:
    return [{"path": n.path, "message": n.message} for n in result.notices]


def render(result, **_) -> str:
    return "".join(chunks(result))


def chunks(result, **_):
    """``document(result)`` as JSON, a finding at a time (a report of tens of thousands of findings is never
    held whole in memory), each finding on one line: greppable, and written by json's C encoder."""
    yield json_inert(json.dumps(_head(result), indent=2, ensure_ascii=False))[:-2] + ",\n"
    if not result.findings:
        yield '  "findings": [],\n'
    else:
        yield '  "findings": [\n'
        last = len(result.findings) - 1
        for n, f in enumerate(result.findings):
            yield "    " + json_inert(json.dumps(_finding(result, f), ensure_ascii=False)) + (",\n" if n < last else "\n")
        yield "  ],\n"
    notices = json_inert(json.dumps(_notices(result), indent=2, ensure_ascii=False)).replace("\n", "\n  ")
    yield f'  "notices": {notices}\n}}\n'

