"""The audit as text for a terminal: wrapped at the terminal's width, never inside a word."""
from __future__ import annotations

import shutil
import textwrap

from .. import __version__
from ..audit import STATUSES, Audit
from .audit_common import counts_line, fix_text, plain, status_label
from .text import _clean
from .visible import inert_start

_MIN_WIDTH = 40


def width() -> int:
    """The terminal's width (COLUMNS when set), 80 when there is no terminal."""
    return max(_MIN_WIDTH, shutil.get_terminal_size((80, 24)).columns)


class _Writer:
    def __init__(self, columns: int):
        self.columns = columns
        self.lines: list[str] = []

    def para(self, value: str, indent: int = 0, hanging: int = 0) -> None:
        value = _clean(value)
        first, rest = " " * indent, " " * (indent + hanging)
        wrapped = textwrap.wrap(value, self.columns, initial_indent=first, subsequent_indent=rest,
                                break_long_words=False, break_on_hyphens=False) or [first.rstrip()]
        self.lines.extend(wrapped)

    def notice(self, value: str) -> None:
        """One unwrapped line, as `prodlint check` prints notices: something to grep for in a log."""
        self.lines.append(_clean(f"notice: {value}"))

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")


def render(audit: Audit, columns: int | None = None, **_) -> str:
    w = _Writer(columns or width())
    facts = audit.facts
    repo, config, files = facts.get("repository", {}), facts.get("configuration", {}), facts.get("files", {})
    w.para(f"Production readiness audit: {repo.get('name') or audit.result.root.name}")
    w.para(" · ".join(x for x in (
        f"commit {repo['commit'][:12]}" if repo.get("commit") else "not a git work tree",
        f"branch {repo['branch']}" if repo.get("branch") else "", facts.get("date", ""),
        f"prodlint {__version__}") if x))
    from ..steering import notice_text
    steering = [notice_text(entry) for entry in getattr(audit.result, "steering", ())]
    for text in steering:
        w.notice(text)
    excluded = [e for e in audit.excluded() if e not in steering]  # said above, once
    w.para(f"Configuration: {config.get('file') or 'defaults'}; excluded: "
           + ("; ".join(excluded) if excluded else "nothing"), hanging=4)
    w.para(f"Files read: {files.get('total_read', 0)} ("
           + ", ".join(f"{k} {n}" for k, n in files.get("read", {}).items()) + ")", hanging=4)
    skipped = files.get("skipped", [])
    w.para("Files skipped: " + ("; ".join(f"{s['path']} ({s['reason']})" for s in skipped) if skipped else "none"),
           hanging=4)
    w.blank()
    sev = audit.severity_counts
    w.para(f"Summary: {len(audit.items)} items: {counts_line(audit.counts)}. Findings: {sev['error']} error, "
           f"{sev['warning']} warning, {sev['note']} note.", hanging=4)
    for _, title, c in audit.section_counts():
        w.para(f"{title}: " + ", ".join(f"{c[s]} {status_label(s)}" for s in STATUSES if c[s]), indent=2, hanging=4)
    w.blank()
    w.para("Top risks: what to fix first")
    if not audit.risks:
        w.para("No finding: nothing to fix that the repository shows.", indent=2)
    for n, r in enumerate(audit.risks, start=1):
        w.para(f"{n}. [{r.severity}] {plain(r.message)} ({r.rule_id} {r.rule_name})", indent=2, hanging=3)
        more = f" and {len(r.findings) - 3} more" if len(r.findings) > 3 else ""
        w.para("where: " + ", ".join(f"{f.path}:{f.span.line}" for f in r.findings[:3]) + more, indent=5, hanging=4)
        w.para("fix: " + fix_text(r.fix, markup=False), indent=5, hanging=4)
    if audit.previous is not None:
        w.blank()
        prev = audit.previous
        w.para(f"Changes since the audit of {prev.get('date') or 'an unknown date'}")
        changed = audit.changed_items()
        if not changed:
            w.para("No item changed.", indent=2)
        for i in changed:
            before = i.change["before"]
            w.para(f"{i.item.id}: {status_label(before) if before in STATUSES else 'new item'} → "
                   f"{status_label(i.status)}; {len(i.change['new'])} new, {len(i.change['fixed'])} fixed",
                   indent=2, hanging=4)
    for _, title, items in audit.by_section():
        w.blank()
        w.para(title.upper())
        for i in items:
            w.para(f"[{status_label(i.status)}] {i.item.id}: {plain(i.item.text)}", indent=2, hanging=4)
            w.para(plain(i.reason), indent=6)
            if i.evidence:
                more = f" ({i.evidence_total} in all)" if i.evidence_total > len(i.evidence) else ""
                w.para(("evidence" if i.status == "passed" else "seen") + more + ":", indent=6)
            for o in i.evidence:
                w.para(f"{o.path}:{o.line}  {o.text}", indent=8, hanging=4)
            for f in i.findings:
                w.para(f"{f.severity} {f.path}:{f.span.line} {f.rule_id} {plain(f.message)}", indent=6, hanging=4)
                code = audit.snippet(f)
                if code:
                    w.para("> " + code, indent=10, hanging=2)
                w.para("fix: " + fix_text(f, markup=False), indent=10, hanging=4)
    unmapped = [f for f in audit.result.findings if not f.checklist]
    if unmapped:
        w.blank()
        w.para("OTHER FINDINGS")
        for f in unmapped:
            w.para(f"{f.severity} {f.path}:{f.span.line} {f.rule_id} {plain(f.message)}", indent=2, hanging=4)
    w.blank()
    w.para("Each rule's documentation: prodlint rule ID.")
    return "\n".join(inert_start(line) for line in "\n".join(w.lines).split("\n")) + "\n"
