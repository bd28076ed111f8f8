"""The audit as one self-contained HTML file: inline CSS and SVG, no script, no network asset."""
from __future__ import annotations

from html import escape

from .. import __version__
from .common import snippet

_LABEL = {"failed": "failed", "passed": "passed", "not-applicable": "not applicable", "manual": "needs a person",
          "not-checked": "not checked"}
_SEV_COLOR = {"error": "#c62828", "warning": "#ef8f00", "note": "#1e88e5"}

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{margin:0 0 4px;font-size:26px} h2{margin:32px 0 8px;font-size:20px;border-bottom:2px solid #dde1e7}
.meta{color:#5b6473;margin-bottom:20px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}
.card{background:#fff;border-radius:8px;padding:12px 18px;box-shadow:0 1px 2px #0002;min-width:120px}
.card b{display:block;font-size:28px}
.failed b{color:#c62828}.passed b{color:#2e7d32}.not-applicable b{color:#6b7280}.manual b{color:#6a1b9a}
.not-checked b{color:#ef8f00}
.item{background:#fff;border-radius:8px;margin:10px 0;padding:10px 16px;box-shadow:0 1px 2px #0001;
border-left:6px solid #9aa3af}
.item.v-failed{border-color:#c62828}.item.v-passed{border-color:#2e7d32}.item.v-manual{border-color:#6a1b9a}
.item.v-not-checked{border-color:#ef8f00}
.item h3{margin:0;font-size:16px}.badge{font-size:12px;padding:2px 8px;border-radius:10px;background:#eef0f3;
margin-right:6px}.id{color:#5b6473;font-size:13px}
ul.findings{padding-left:18px;margin:8px 0}
li.finding{margin:6px 0}.sev{font-weight:600}.sev-error{color:#c62828}.sev-warning{color:#b26a00}
.sev-note{color:#1565c0}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:13px}
pre{background:#f1f3f5;padding:6px 10px;border-radius:6px;overflow-x:auto;margin:4px 0}
.hint{color:#5b6473;font-size:14px;margin:6px 0 0}
svg text{font:12px system-ui,sans-serif}
"""


def _chart(audit) -> str:
    rows = audit.section_severity()
    width, bar_h, gap, label_w = 760, 18, 8, 300
    total_max = max([sum(c.values()) for _, c in rows] + [1])
    height = len(rows) * (bar_h + gap) + 40
    parts = [f'<svg role="img" aria-label="findings by section and severity" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">']
    scale = (width - label_w - 60) / total_max
    for n, (title, counts) in enumerate(rows):
        y = n * (bar_h + gap) + 4
        label = title if len(title) <= 40 else title[:38].rstrip() + "…"
        parts.append(f'<text x="{label_w - 8}" y="{y + 13}" text-anchor="end"><title>{escape(title)}</title>'
                     f"{escape(label)}</text>")
        x = label_w
        for sev in ("error", "warning", "note"):
            w = counts[sev] * scale
            if w:
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{_SEV_COLOR[sev]}">'
                             f'<title>{counts[sev]} {sev}</title></rect>')
                x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 13}">{sum(counts.values())}</text>')
    ly = height - 14
    for k, sev in enumerate(("error", "warning", "note")):
        parts.append(f'<rect x="{label_w + k * 110}" y="{ly - 10}" width="12" height="12" fill="{_SEV_COLOR[sev]}"/>'
                     f'<text x="{label_w + k * 110 + 18}" y="{ly}">{sev}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render(audit, **_) -> str:
    counts = audit.counts
    sev = audit.severity_counts
    root = escape(audit.result.root.name or str(audit.result.root))
    html = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>Production readiness audit: {root}</title><style>{_CSS}</style></head><body><main>",
            f"<h1>Production readiness audit</h1><div class=\"meta\">{root} · prodlint {escape(__version__)} · "
            f"{len(audit.catalog.items)} checklist items</div>",
            '<section id="summary"><div class="cards">']
    for verdict in ("failed", "passed", "not-applicable", "manual", "not-checked"):
        if verdict == "not-checked" and not counts[verdict]:
            continue
        html.append(f'<div class="card {verdict}"><b data-count="{verdict}">{counts[verdict]}</b>'
                    f"{escape(_LABEL[verdict])}</div>")
    html.append("</div><div class=\"cards\">")
    for s in ("error", "warning", "note"):
        html.append(f'<div class="card"><b data-severity="{s}" style="color:{_SEV_COLOR[s]}">{sev[s]}</b>{s}</div>')
    html.append(f"</div>{_chart(audit)}</section>")
    for sid, title, items in audit.by_section():
        html.append(f'<section id="section-{escape(sid)}"><h2>{escape(title)}</h2>')
        for i in items:
            html.append(f'<div class="item v-{i.verdict}" data-item="{escape(i.item.id)}" data-verdict="{i.verdict}">'
                        f'<h3><span class="badge">{escape(_LABEL[i.verdict])}</span>{escape(i.item.text)}</h3>'
                        f'<div class="id">{escape(i.item.id)}'
                        + (f" · rules {escape(', '.join(i.rules))}" if i.rules else "") + "</div>")
            if i.verdict == "manual":
                html.append(f'<p class="hint">Verify by hand: {escape(i.item.look)}</p>')
            elif i.verdict == "passed" and i.item.static == "partial":
                html.append('<p class="hint">No problem found. A repository can show a failure of this item, '
                            "not prove that it passes.</p>")
            elif i.verdict == "not-checked":
                html.append('<p class="hint">No active rule checks this item: its rules are switched off by the configuration.</p>')
            if i.findings:
                html.append('<ul class="findings">')
                for f in i.findings:
                    code = snippet(audit.result, f).strip()
                    html.append(f'<li class="finding"><span class="sev sev-{f.severity}">{f.severity}</span> '
                                f"<code>{escape(f.path)}:{f.span.line}</code> {escape(f.rule_id)} — "
                                f"{escape(f.message)}" + (f"<pre>{escape(code)}</pre>" if code else "") + "</li>")
                html.append("</ul>")
            html.append("</div>")
        html.append("</section>")
    html.append("</main></body></html>\n")
    return "".join(html)
