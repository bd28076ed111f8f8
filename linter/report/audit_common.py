"""What the audit's HTML, Markdown and text reports share: links to files, what a fix can do, rule summaries."""
from __future__ import annotations

from urllib.parse import quote

from ..audit import LABELS, STATUSES, Audit, fix_kind
from ..audit_evidence import mask_literals

FIX_TEXT = {"safe": "`prodlint check --fix` repairs it",
            "unsafe": "`prodlint check --fix --unsafe-fixes` repairs it (review the change)",
            "none": "by hand (no automatic fix)"}


def status_label(status: str) -> str:
    return LABELS[status]


def plain(text: str) -> str:
    """Catalog and message text without Markdown code marks, for formats that do not render them."""
    return text.replace("`", "")


def fix_text(finding_or_kind, markup: bool = True) -> str:
    kind = finding_or_kind if isinstance(finding_or_kind, str) else fix_kind(finding_or_kind)
    return FIX_TEXT[kind] if markup else plain(FIX_TEXT[kind])


class Links:
    """Where a report links a file: the repository's web page at the audited commit when the origin is a known
    forge, else a path relative to where the report is written (``base``: the root as seen from there)."""

    def __init__(self, audit: Audit, base: str = ""):
        repo = audit.facts.get("repository", {})
        self.web = None
        if repo.get("url") and repo.get("commit"):
            self.web = f"{repo['url']}/blob/{repo['commit']}/{quote(repo.get('prefix') or '')}"
        self.base = base.rstrip("/") + "/" if base and base != "." else ""

    def file(self, path: str, line: int | None = None) -> str:
        encoded = quote(path.encode("utf-8", "surrogateescape"), safe="/-_.~")
        if self.web:
            return self.web + encoded + (f"#L{line}" if line else "")
        return self.base + encoded


def rule_summaries(audit: Audit) -> list[tuple[str, str, str, str]]:
    """(id, name, summary, what it does) of every rule the report mentions, by id."""
    from .. import docs, engine_rules

    wanted = {r for i in audit.items for r in i.rules} | {f.rule_id for f in audit.result.findings}
    out = {}
    for rule in audit.result.all_rules:
        if rule.id in wanted:
            parts = docs.sections(rule.doc) if rule.doc else {}
            out[rule.id] = (rule.id, rule.meta.name, getattr(rule, "summary", "") or parts.get("", ""),
                            " ".join(parts.get("What it does", "").split()))
    for meta in engine_rules.ALL:
        if meta.id in wanted:
            text = engine_rules.DOCS[meta.id]
            out[meta.id] = (meta.id, meta.name, text.splitlines()[0], " ".join(text.splitlines()[1:]).strip())
    # a rule's documentation may quote the very values it flags ('keyboard cat'); a report shows none of them
    return [(rid, name, mask_literals(audit.result.redactor.scrub(summary)),
             mask_literals(audit.result.redactor.scrub(what)))
            for rid, name, summary, what in (out[k] for k in sorted(out))]


def rule_anchor(rule_id: str) -> str:
    return f"rule-{rule_id}"


def counts_line(counts: dict[str, int]) -> str:
    return ", ".join(f"{counts[s]} {status_label(s)}" for s in STATUSES if counts[s] or s != "not-checked")
