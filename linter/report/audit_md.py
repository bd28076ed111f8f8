"""The audit as Markdown, for a pull request or a wiki page."""
from __future__ import annotations

from .common import snippet

_ICON = {"failed": "❌ failed", "passed": "✅ passed", "not-applicable": "➖ not applicable",
         "manual": "👤 needs a person", "not-checked": "⚠️ not checked"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(audit, **_) -> str:
    counts = audit.counts
    sev = audit.severity_counts
    out = ["# Production readiness audit", "",
           f"**{counts['failed']}** failed · **{counts['passed']}** passed · "
           f"**{counts['not-applicable']}** not applicable · **{counts['manual']}** need a person"
           + (f" · **{counts['not-checked']}** not checked" if counts["not-checked"] else ""), "",
           f"Findings: **{sev['error']}** error, **{sev['warning']}** warning, **{sev['note']}** note.", "",
           "| section | failed | passed | n/a | manual |", "|---|---:|---:|---:|---:|"]
    for _, title, items in audit.by_section():
        c = {v: sum(1 for i in items if i.verdict == v) for v in ("failed", "passed", "not-applicable", "manual")}
        out.append(f"| {_cell(title)} | {c['failed']} | {c['passed']} | {c['not-applicable']} | {c['manual']} |")
    for _, title, items in audit.by_section():
        out += ["", f"## {title}", ""]
        for i in items:
            out.append(f"### {_ICON[i.verdict]} — {i.item.text}")
            out.append("")
            out.append(f"`{i.item.id}`" + (f" · rules: {', '.join(i.rules)}" if i.rules else ""))
            if i.verdict == "manual":
                out += ["", f"Verify by hand: {i.item.look}"]
            elif i.verdict == "passed" and i.item.static == "partial":
                out += ["", "No problem found; a repository can show a failure of this item but not prove it passes."]
            elif i.verdict == "not-checked":
                out += ["", "No active rule checks this item: its rules are switched off by the configuration."]
            for f in i.findings:
                code = snippet(audit.result, f).strip()
                out.append("")
                out.append(f"- **{f.severity}** `{f.path}:{f.span.line}` {f.rule_id} — {_cell(f.message)}")
                if code:
                    out.append(f"  `{code.replace('`', chr(39))}`")
            out.append("")
    return "\n".join(out).rstrip() + "\n"
