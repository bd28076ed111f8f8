"""The audit as one self-contained HTML file: inline CSS, no script, no network asset; readable on a phone and
printed. Every section, item and rule has an anchor, and every in-page link points at one."""
from __future__ import annotations

from html import escape

from .. import __version__
from ..audit import STATUSES, Audit
from .audit_common import Links, counts_line, fix_text, plain, rule_anchor, rule_summaries, status_label
from .visible import inert_document

_COLOR = {"failed": "#c62828", "passed": "#2e7d32", "not-applicable": "#78828f", "not-checked": "#e08a00",
          "manual": "#6a1b9a", "error": "#c62828", "warning": "#b26a00", "note": "#1565c0"}

_CSS = """
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9;
-webkit-text-size-adjust:100%}
main{max-width:1100px;margin:0 auto;padding:16px;overflow-wrap:anywhere}
h1{margin:0 0 8px;font-size:26px;line-height:1.25}
h2{margin:28px 0 8px;font-size:20px;border-bottom:2px solid #dde1e7;padding-bottom:2px}
h3{margin:0;font-size:16px}
a{color:#0b57d0}
.box{background:#fff;border-radius:8px;padding:12px 16px;box-shadow:0 1px 2px #0002;margin:10px 0}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0}
dl.facts dt{color:#5b6473}dl.facts dd{margin:0;overflow-wrap:anywhere}
.cards{display:flex;gap:10px;flex-wrap:wrap;margin:10px 0}
.card{background:#fff;border-radius:8px;padding:8px 14px;box-shadow:0 1px 2px #0002;min-width:110px;flex:1 1 110px}
.card b{display:block;font-size:26px}
.chart{display:grid;grid-template-columns:minmax(0,16em) minmax(0,1fr) minmax(0,13em);gap:6px 10px;align-items:center}
.chart small{color:#5b6473}
.chart a{overflow-wrap:anywhere}
.bar{display:flex;height:16px;border-radius:4px;overflow:hidden;background:#eef0f3}
.bar span{display:block;height:100%}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;margin:8px 0 0;font-size:13px}
.legend i{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:4px;vertical-align:-1px}
ol.risks{padding-left:22px;margin:6px 0}ol.risks li{margin:8px 0}
nav.toc ol{padding-left:20px;margin:4px 0}nav.toc li{margin:1px 0}
nav.toc .sub{columns:2 22em;font-size:14px;list-style:none;padding-left:4px}
nav.toc .sub li{break-inside:avoid;padding-left:16px;text-indent:-16px}
.dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px}
.item{background:#fff;border-radius:8px;margin:10px 0;padding:10px 14px;box-shadow:0 1px 2px #0001;
border-left:6px solid #9aa3af;break-inside:avoid}
.item.s-failed{border-color:#c62828}.item.s-passed{border-color:#2e7d32}.item.s-manual{border-color:#6a1b9a}
.item.s-not-checked{border-color:#e08a00}
.badge{display:inline-block;font-size:12px;font-weight:600;padding:1px 8px;border-radius:10px;color:#fff;
margin-right:6px;vertical-align:1px;white-space:nowrap}
.meta{color:#5b6473;font-size:13px;overflow-wrap:anywhere}
.why{margin:6px 0}
ul.findings,ul.evidence{padding-left:18px;margin:6px 0}
ul.findings li,ul.evidence li{margin:6px 0;overflow-wrap:anywhere}
.sev{font-weight:600}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
pre{background:#f1f3f5;padding:6px 10px;border-radius:6px;margin:4px 0;white-space:pre-wrap;overflow-wrap:anywhere}
.fix{color:#3d4654;font-size:14px}
.change{font-size:14px;background:#fff8e1;border-radius:6px;padding:4px 8px;margin:6px 0}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:3px 8px;border-bottom:1px solid #e5e8ec;
vertical-align:top;overflow-wrap:anywhere}
@media (max-width:600px){main{padding:10px}h1{font-size:21px}.chart{grid-template-columns:minmax(0,1fr)}
.chart small{margin-bottom:6px}
dl.facts{grid-template-columns:1fr}dl.facts dt{font-weight:600}}
@media print{body{background:#fff;font-size:11pt}main{max-width:none;padding:0}.box,.item,.card{box-shadow:none;
border:1px solid #ccd}.bar span,.badge,.legend i,.dot{-webkit-print-color-adjust:exact;print-color-adjust:exact}
a{color:inherit;text-decoration:none}h2{break-after:avoid}}
"""


def render(audit: Audit, link_base: str = "", **_) -> str:
    links = Links(audit, link_base)
    out = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>Production readiness audit: {escape(_repo_name(audit))}</title><style>{_CSS}</style></head>"
           "<body><main>"]
    out += _header(audit)
    out += _summary(audit, links)
    if audit.previous is not None:
        out += _changes(audit)
    out += _toc(audit)
    for sid, title, items in audit.by_section():
        out.append(f'<section id="section-{escape(sid)}"><h2>{escape(title)}</h2>')
        for i in items:
            out += _item(audit, i, links)
        out.append("</section>")
    unmapped = [f for f in audit.result.findings if not f.checklist]
    if unmapped:
        out.append('<section id="other-findings"><h2>Other findings</h2><div class="box"><ul class="findings">')
        out += [_finding(audit, f, links) for f in unmapped]
        out.append("</ul></div></section>")
    out += _files(audit)
    out += _rules(audit)
    out.append(f'<p class="meta">Written by prodlint {escape(__version__)}. A finding\'s snippet is its source line '
               "with secret values masked.</p></main></body></html>\n")
    return inert_document("".join(out))


def _repo_name(audit: Audit) -> str:
    return audit.facts.get("repository", {}).get("name") or audit.result.root.name


def _badge(status: str) -> str:
    return (f'<span class="badge" style="background:{_COLOR[status]}" data-status="{status}">'
            f"{escape(status_label(status))}</span>")


def _header(audit: Audit) -> list[str]:
    facts = audit.facts
    repo = facts.get("repository", {})
    config = facts.get("configuration", {})
    files = facts.get("files", {})
    rows = [("Repository", escape(repo.get("name") or "")),
            ("Commit", f"<code>{escape(repo['commit'])}</code>" if repo.get("commit") else "not a git work tree"),
            ("Branch", escape(repo.get("branch") or "(none)")),
            ("Date", escape(facts.get("date", ""))),
            ("prodlint", escape(__version__)),
            ("Configuration", escape(config.get("file") or "defaults (no .prodlint.toml or [tool.prodlint])"))]
    excluded = audit.excluded()
    rows.append(("Excluded", escape("; ".join(excluded)) if excluded else "nothing"))
    read = files.get("read", {})
    rows.append(("Files read", f'{files.get("total_read", 0)} (' + ", ".join(
        f"{escape(k)} {n}" for k, n in read.items()) + ') — <a href="#files">by kind and role</a>'))
    skipped = files.get("skipped", [])
    rows.append(("Files skipped", f'<a href="#files">{len(skipped)}</a>' if skipped else "none"))
    return [f"<header><h1>Production readiness audit: {escape(_repo_name(audit))}</h1>",
            '<div class="box"><dl class="facts">',
            "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows), "</dl></div></header>"]


def _toc(audit: Audit) -> list[str]:
    out = ['<nav class="toc box" id="contents" aria-label="Contents"><h2 style="margin-top:0">Contents</h2><ol>',
           '<li><a href="#summary">Executive summary</a> · <a href="#top-risks">Top risks</a>']
    if audit.previous is not None:
        out.append(' · <a href="#changes">Changes since the previous audit</a>')
    out.append("</li>")
    for sid, title, items in audit.by_section():
        out.append(f'<li><a href="#section-{escape(sid)}">{escape(title)}</a><ol class="sub">')
        out += [f'<li><i class="dot" style="background:{_COLOR[i.status]}" title="{escape(status_label(i.status))}">'
                f'</i><a href="#{i.anchor}">{escape(plain(i.item.text))}</a></li>' for i in items]
        out.append("</ol></li>")
    if any(not f.checklist for f in audit.result.findings):
        out.append('<li><a href="#other-findings">Other findings</a></li>')
    out.append('<li><a href="#files">Files read and skipped</a></li><li><a href="#rules">Rules</a></li></ol></nav>')
    return out


def _summary(audit: Audit, links: Links) -> list[str]:
    counts, sev = audit.counts, audit.severity_counts
    out = ['<section id="summary"><h2>Executive summary</h2>',
           f"<p>{len(audit.items)} checklist items: {escape(counts_line(counts))}. "
           f"{sum(sev.values())} findings.</p>", '<div class="cards">']
    for status in STATUSES:
        out.append(f'<div class="card"><b style="color:{_COLOR[status]}" data-count="{status}">{counts[status]}</b>'
                   f"{escape(status_label(status))}</div>")
    out.append('</div><div class="cards">')
    for s, n in sev.items():
        out.append(f'<div class="card"><b style="color:{_COLOR[s]}" data-severity="{s}">{n}</b>{s}</div>')
    out.append('</div><div class="box" id="top-risks"><h3>Top risks: what to fix first</h3>')
    if not audit.risks:
        out.append("<p>No finding: nothing to fix that the repository shows.</p>")
    else:
        out.append('<ol class="risks">')
        for r in audit.risks:
            places = [f'<a href="{escape(links.file(f.path, f.span.line))}">{escape(f.path)}:{f.span.line}</a>'
                      for f in r.findings[:3]]
            more = f" and {len(r.findings) - 3} more" if len(r.findings) > 3 else ""
            items = ", ".join(f'<a href="#{i.anchor}">{escape(plain(i.item.text))}</a>' for i in r.items)
            out.append(f'<li data-rule="{escape(r.rule_id)}"><span class="sev" style="color:{_COLOR[r.severity]}">'
                       f"{r.severity}</span> {escape(plain(r.message))}<div class=\"meta\">Where: "
                       f"{', '.join(places)}{more}</div><div class=\"meta\">Fix: "
                       f"{escape(fix_text(r.fix, markup=False))} · "
                       f'<a href="#{rule_anchor(r.rule_id)}">{escape(r.rule_id)} {escape(r.rule_name)}</a></div>'
                       f'<div class="meta">Checklist: {items}</div></li>')
        out.append("</ol>")
    out.append("</div>")
    out.append('<div class="box"><h3>Checklist sections</h3><div class="chart" role="img" '
               'aria-label="items per section by status">')
    for sid, title, c in audit.section_counts():
        total = sum(c.values()) or 1
        segments = "".join(f'<span style="width:{100 * c[s] / total:.2f}%;background:{_COLOR[s]}" '
                           f'title="{c[s]} {escape(status_label(s))}"></span>' for s in STATUSES if c[s])
        text = ", ".join(f"{c[s]} {status_label(s)}" for s in STATUSES if c[s])
        out.append(f'<a href="#section-{escape(sid)}">{escape(title)}</a>'
                   f'<div class="bar" data-section="{escape(sid)}" aria-label="{escape(text)}">{segments}</div>'
                   f"<small>{escape(text)}</small>")
    out.append('</div><div class="legend">' + "".join(
        f'<span><i style="background:{_COLOR[s]}"></i>{escape(status_label(s))}</span>' for s in STATUSES)
        + "</div></div></section>")
    return out


def _changes(audit: Audit) -> list[str]:
    prev = audit.previous or {}
    out = ['<section id="changes"><h2>Changes since the previous audit</h2><div class="box">',
           f"<p>Compared with the audit of {escape(str(prev.get('date') or 'an unknown date'))}"
           + (f" (commit <code>{escape(str(prev['commit'])[:12])}</code>)" if prev.get("commit") else "") + ".</p>"]
    changed = audit.changed_items()
    if not changed:
        out.append("<p>No item changed.</p>")
    else:
        out.append("<table><tr><th>item</th><th>before</th><th>now</th><th>new findings</th><th>fixed</th></tr>")
        for i in changed:
            before = i.change["before"]
            out.append(f'<tr><td><a href="#{i.anchor}">{escape(plain(i.item.text))}</a></td>'
                       f"<td>{escape(status_label(before)) if before in STATUSES else 'not in the previous audit'}</td>"
                       f"<td>{escape(status_label(i.status))}</td><td>{len(i.change['new'])}</td>"
                       f"<td>{len(i.change['fixed'])}</td></tr>")
        out.append("</table>")
    out.append("</div></section>")
    return out


def _item(audit: Audit, i, links: Links) -> list[str]:
    rules = ", ".join(f'<a href="#{rule_anchor(r)}">{escape(r)}</a>' for r in i.rules)
    out = [f'<article class="item s-{i.status}" id="{i.anchor}" data-item="{escape(i.item.id)}" '
           f'data-status="{i.status}" data-verdict="{i.status}"><h3>{_badge(i.status)}{escape(plain(i.item.text))}</h3>',
           f'<div class="meta"><a href="#{i.anchor}">{escape(i.item.id)}</a>'
           + (f" · rules {rules}" if rules else "") + "</div>",
           f'<p class="why">{escape(plain(i.reason))}</p>']
    if i.change and (i.change["before"] != i.status or i.change["new"] or i.change["fixed"]):
        before = i.change["before"]
        out.append(f'<p class="change">Since the previous audit: '
                   f"{escape(status_label(before)) if before in STATUSES else 'new item'} → "
                   f"{escape(status_label(i.status))}; {len(i.change['new'])} new, {len(i.change['fixed'])} fixed"
                   "</p>")
    if i.evidence:
        label = "Evidence" if i.status == "passed" else "Seen"
        out.append(f'<div class="meta">{label}'
                   + (f" ({i.evidence_total} in all, first {len(i.evidence)})" if i.evidence_total > len(i.evidence)
                      else "") + '</div><ul class="evidence">')
        for o in i.evidence:
            out.append(f'<li><a href="{escape(links.file(o.path, o.line))}">{escape(o.path)}:{o.line}</a>'
                       f"<pre>{escape(o.text)}</pre></li>")
        out.append("</ul>")
    if i.findings:
        out.append('<ul class="findings">')
        out += [_finding(audit, f, links) for f in i.findings]
        out.append("</ul>")
    out.append("</article>")
    return out


def _finding(audit: Audit, f, links: Links) -> str:
    code = audit.snippet(f)
    return (f'<li class="finding"><span class="sev" style="color:{_COLOR[f.severity]}">{f.severity}</span> '
            f'<a href="{escape(links.file(f.path, f.span.line))}">{escape(f.path)}:{f.span.line}</a> '
            f'<a href="#{rule_anchor(f.rule_id)}">{escape(f.rule_id)}</a> {escape(plain(f.message))}'
            + (f"<pre>{escape(code)}</pre>" if code else "")
            + f'<div class="fix">Fix: {escape(fix_text(f, markup=False))}</div></li>')


def _files(audit: Audit) -> list[str]:
    files = audit.facts.get("files", {})
    out = ['<section id="files"><h2>Files read and skipped</h2><div class="box">',
           "<table><tr><th>kind</th><th>files</th><th>by role</th></tr>"]
    for kind, n in files.get("read", {}).items():
        roles = ", ".join(f"{r} {c}" for r, c in files.get("roles", {}).get(kind, {}).items())
        out.append(f"<tr><td>{escape(kind)}</td><td>{n}</td><td>{escape(roles)}</td></tr>")
    out.append("</table>")
    skipped = files.get("skipped", [])
    if skipped:
        out.append("<h3>Skipped</h3><ul>" + "".join(
            f"<li><code>{escape(s['path'])}</code>: {escape(s['reason'])}</li>" for s in skipped) + "</ul>")
    else:
        out.append("<p>No file of a kind prodlint reads was skipped.</p>")
    out.append("</div></section>")
    return out


def _rules(audit: Audit) -> list[str]:
    out = ['<section id="rules"><h2>Rules</h2><div class="box"><p class="meta">Each rule\'s full documentation, '
           "with an example and the corrected version: <code>prodlint rule ID</code>.</p><dl>"]
    for rid, name, summary, what in rule_summaries(audit):
        out.append(f'<dt id="{rule_anchor(rid)}"><b>{escape(rid)}</b> {escape(name)}</dt>'
                   f"<dd>{escape(plain(summary))}" + (f" {escape(plain(what))}" if what and what != summary else "")
                   + "</dd>")
    out.append("</dl></div></section>")
    return out
