"""The audit as GitHub-flavoured Markdown, for a pull request, an issue or a wiki page.

Everything taken from the repository (file names, snippets, messages that quote them) is escaped: text by
backslash-escaping Markdown's punctuation and writing HTML's as entities, code as a code span whose fence is
longer than any run of backticks inside it. Anchors are explicit (``<a id>``), so the links of the table of
contents do not depend on how a renderer derives heading ids."""
from __future__ import annotations

import re
from urllib.parse import quote

from ..audit import STATUSES, Audit
from .audit_common import Links, counts_line, fix_text, plain, rule_anchor, rule_summaries, status_label
from .visible import inert_document, inert_start

_ICON = {"failed": "❌", "passed": "✅", "not-applicable": "➖", "manual": "👤", "not-checked": "⚠️"}
_PUNCT = re.compile(r"([\\`*_{}\[\]()#!|~:])")
_NEWLINES = re.compile(r"[\r\n\u2028\u2029]+")


def text(value: str) -> str:
    """Arbitrary text as inert Markdown: one line, no emphasis, link, heading, table cell break or HTML."""
    value = _NEWLINES.sub(" ", value)
    value = _PUNCT.sub(r"\\\1", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def code(value: str) -> str:
    """A code span that shows ``value`` verbatim (on one line)."""
    value = _NEWLINES.sub(" ", value)
    longest = max((len(m) for m in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") or value.strip() != value or not value else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def link(label: str, target: str) -> str:
    return f"[{label}](<{target.replace('<', '%3C').replace('>', '%3E').replace(' ', '%20')}>)"


def anchor(name: str) -> str:
    return f'<a id="{quote(name)}"></a>'


def render(audit: Audit, link_base: str = "", **_) -> str:
    links = Links(audit, link_base)
    facts = audit.facts
    repo, config, files = facts.get("repository", {}), facts.get("configuration", {}), facts.get("files", {})
    counts, sev = audit.counts, audit.severity_counts
    out = [f"# Production readiness audit: {text(repo.get('name') or audit.result.root.name)}", ""]
    excluded = audit.excluded()
    out += ["| | |", "|---|---|",
            f"| Repository | {text(repo.get('name') or '')} |",
            f"| Commit | {code(repo['commit']) if repo.get('commit') else 'not a git work tree'} |",
            f"| Branch | {text(repo.get('branch') or '(none)')} |",
            f"| Date | {text(facts.get('date', ''))} |",
            f"| prodlint | {text(facts.get('tool', {}).get('version', '')) or _version()} |",
            f"| Configuration | {text(config.get('file') or 'defaults')} |",
            f"| Excluded | {text('; '.join(excluded)) if excluded else 'nothing'} |",
            f"| Files read | {files.get('total_read', 0)} ("
            + text(", ".join(f"{k} {n}" for k, n in files.get("read", {}).items())) + ") |",
            f"| Files skipped | {len(files.get('skipped', []))} |", ""]
    out += ["## Contents", "", f"- {link('Executive summary', '#summary')} · {link('Top risks', '#top-risks')}"]
    if audit.previous is not None:
        out.append(f"- {link('Changes since the previous audit', '#changes')}")
    for sid, title, items in audit.by_section():
        out.append(f"- {link(text(title), '#section-' + sid)}")
        out += [f"  - {_ICON[i.status]} {link(text(plain(i.item.text)), '#' + i.anchor)}" for i in items]
    out += [f"- {link('Files read and skipped', '#files')}", f"- {link('Rules', '#rules')}", ""]

    out += [anchor("summary"), "## Executive summary", "",
            f"{len(audit.items)} checklist items: {text(counts_line(counts))}. Findings: **{sev['error']}** error, "
            f"**{sev['warning']}** warning, **{sev['note']}** note.", "",
            "| section | " + " | ".join(status_label(s) for s in STATUSES) + " | chart |",
            "|---|" + "---:|" * len(STATUSES) + "---|"]
    for sid, title, c in audit.section_counts():
        bar = "".join(_ICON[s] * c[s] for s in STATUSES)
        out.append(f"| {link(text(title), '#section-' + sid)} | " + " | ".join(str(c[s]) for s in STATUSES)
                   + f" | {bar} |")
    out += ["", anchor("top-risks"), "### Top risks: what to fix first", ""]
    if not audit.risks:
        out.append("No finding: nothing to fix that the repository shows.")
    for n, r in enumerate(audit.risks, start=1):
        places = ", ".join(link(text(f"{f.path}:{f.span.line}"), links.file(f.path, f.span.line))
                           for f in r.findings[:3])
        more = f" and {len(r.findings) - 3} more" if len(r.findings) > 3 else ""
        items = ", ".join(link(text(plain(i.item.text)), "#" + i.anchor) for i in r.items)
        out += [f"{n}. **{r.severity}** {text(plain(r.message))}  ",
                f"   where: {places}{more} · checklist: {items} · "
                f"{link(text(f'{r.rule_id} {r.rule_name}'), '#' + rule_anchor(r.rule_id))} · {fix_text(r.fix)}"]
    out.append("")
    if audit.previous is not None:
        out += _changes(audit)
    for sid, title, items in audit.by_section():
        out += [anchor("section-" + sid), f"## {text(title)}", ""]
        for i in items:
            out += _item(audit, i, links)
    unmapped = [f for f in audit.result.findings if not f.checklist]
    if unmapped:
        out += [anchor("other-findings"), "## Other findings", ""]
        for f in unmapped:
            out += _finding(audit, f, links)
        out.append("")
    out += [anchor("files"), "## Files read and skipped", "", "| kind | files | by role |", "|---|---:|---|"]
    for kind, n in files.get("read", {}).items():
        roles = ", ".join(f"{r} {c}" for r, c in files.get("roles", {}).get(kind, {}).items())
        out.append(f"| {text(kind)} | {n} | {text(roles)} |")
    out.append("")
    for s in files.get("skipped", []):
        out.append(f"- {code(s['path'])}: {text(s['reason'])}")
    out += ["", anchor("rules"), "## Rules", "", "Full documentation, with examples: `prodlint rule ID`.", ""]
    for rid, name, summary, _what in rule_summaries(audit):
        out.append(f"- {anchor(rule_anchor(rid))}**{text(rid)}** {text(name)}: {text(plain(summary))}")
    document = inert_document("\n".join(out).rstrip())
    return "\n".join(inert_start(line) for line in document.split("\n")) + "\n"


def _version() -> str:
    from .. import __version__
    return __version__


def _changes(audit: Audit) -> list[str]:
    prev = audit.previous or {}
    out = [anchor("changes"), "## Changes since the previous audit", "",
           f"Compared with the audit of {text(str(prev.get('date') or 'an unknown date'))}"
           + (f" (commit {code(str(prev['commit'])[:12])})" if prev.get("commit") else "") + ".", ""]
    changed = audit.changed_items()
    if not changed:
        return out + ["No item changed.", ""]
    out += ["| item | before | now | new findings | fixed |", "|---|---|---|---:|---:|"]
    for i in changed:
        before = i.change["before"]
        out.append(f"| {link(text(plain(i.item.text)), '#' + i.anchor)} | "
                   f"{status_label(before) if before in STATUSES else 'not in the previous audit'} | "
                   f"{status_label(i.status)} | {len(i.change['new'])} | {len(i.change['fixed'])} |")
    return out + [""]


def _item(audit: Audit, i, links: Links) -> list[str]:
    rules = ", ".join(link(text(r), "#" + rule_anchor(r)) for r in i.rules)
    out = [anchor(i.anchor), f"### {_ICON[i.status]} {status_label(i.status)}: {text(plain(i.item.text))}", "",
           f"{code(i.item.id)}" + (f" · rules {rules}" if rules else ""), "", text(plain(i.reason)), ""]
    if i.change and (i.change["before"] != i.status or i.change["new"] or i.change["fixed"]):
        before = i.change["before"]
        out += [f"> Since the previous audit: {status_label(before) if before in STATUSES else 'new item'} → "
                f"{status_label(i.status)}; {len(i.change['new'])} new, {len(i.change['fixed'])} fixed", ""]
    if i.evidence:
        out.append("Evidence:" if i.status == "passed" else "Seen:")
        out.append("")
        for o in i.evidence:
            out.append(f"- {link(text(f'{o.path}:{o.line}'), links.file(o.path, o.line))} {code(o.text)}")
        if i.evidence_total > len(i.evidence):
            out.append(f"- and {i.evidence_total - len(i.evidence)} more")
        out.append("")
    for f in i.findings:
        out += _finding(audit, f, links)
    if i.findings:
        out.append("")
    return out


def _finding(audit: Audit, f, links: Links) -> list[str]:
    snippet = audit.snippet(f)
    out = [f"- **{f.severity}** {link(text(f'{f.path}:{f.span.line}'), links.file(f.path, f.span.line))} "
           f"{link(text(f.rule_id), '#' + rule_anchor(f.rule_id))} {text(plain(f.message))}  "]
    if snippet:
        out.append(f"  {code(snippet)}  ")
    out.append(f"  Fix: {fix_text(f)}")
    return out
