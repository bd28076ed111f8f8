"""Text for people: ``path:line:col: ID name [severity] message``, a masked snippet, and a summary."""
from __future__ import annotations

from .common import set_aside_line, snippet, summary
from .visible import inert_start, visible

_COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "note": "\x1b[36m"}
_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"


# Findings in files git does not track are marked: they may exist only on this machine.
_UNTRACKED = {"ignored": " (in a git-ignored file)", "untracked": " (in a file git does not track yet)"}


def _clean(text: str) -> str:
    return visible(text)


def render(result, color: bool = False, show_snippets: bool = True, statistics: bool = False, **_) -> str:
    lines = []
    for f in result.findings:
        sev = f"{_COLORS[f.severity]}{f.severity}{_RESET}" if color else f.severity
        loc = f"{_BOLD}{_clean(f.path)}:{f.span.line}:{f.span.column}{_RESET}" if color else \
            f"{_clean(f.path)}:{f.span.line}:{f.span.column}"
        lines.append(f"{loc}: {f.rule_id} {f.rule_name} [{sev}] {_clean(f.message)}{_UNTRACKED.get(f.untracked, '')}")
        if show_snippets:
            code = snippet(result, f)
            if code.strip():
                lines.append(f"    {_DIM if color else ''}{_clean(code.strip())}{_RESET if color else ''}")
    for notice in result.notices:
        where = f"{_clean(notice.path)}: " if notice.path else ""
        lines.append(f"{where}notice: {_clean(notice.message)}")
    s = summary(result)
    if statistics and result.findings:
        from collections import Counter
        lines.append("")
        counts = Counter((f.rule_id, f.rule_name) for f in result.findings)
        for (rid, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"{n:6d}  {rid} {_clean(name)}")
    tail = (f"{s['findings']} finding{'s' if s['findings'] != 1 else ''} "
            f"({s['errors']} error, {s['warnings']} warning, {s['notes']} note) in {s['files']} files")
    extra = []
    if s["suppressed"]:
        extra.append(f"{s['suppressed']} suppressed")
    if s["baselined"]:
        extra.append(f"{s['baselined']} in the baseline")
    from ..skipped import skipped_files
    skipped = skipped_files(result.notices)
    if skipped:
        extra.append(f"{skipped} file{'s' if skipped != 1 else ''} skipped")
    if extra:
        tail += "; " + ", ".join(extra)
    lines.append(("" if not lines else "\n") + tail)
    aside = set_aside_line(result)
    if aside is not None:
        lines.append(_clean(aside))
    return "\n".join(inert_start(line) for line in lines) + "\n"
