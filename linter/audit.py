"""The audit: every item of the checklist catalog with a verdict, so nothing the checklist asks for is dropped.

Verdicts:
  failed          a rule evidencing the item reported at least one finding
  passed          files of the item's kinds were checked and no rule fired (for ``static: partial`` items the
                  repository can only show a failure, so a pass means "no problem found")
  not-applicable  the repository holds no file of the item's kinds
  manual          ``static: none``: needs a person or a running system
  not-checked     files exist but every rule evidencing the item is switched off by the configuration
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .catalog import Catalog, Item, load_catalog

VERDICTS = ("failed", "passed", "not-applicable", "manual", "not-checked")
# Catalog kinds that are not file kinds: "git" is the repository itself.
_ALWAYS_PRESENT = {"git"}


@dataclass
class ItemResult:
    item: Item
    verdict: str
    findings: list = field(default_factory=list)
    rules: list[str] = field(default_factory=list)  # active rule ids evidencing the item
    kinds_found: list[str] = field(default_factory=list)

    def as_dict(self, result) -> dict:
        from .report.common import snippet
        return {
            "id": self.item.id, "section": self.item.section, "item": self.item.text, "static": self.item.static,
            "verdict": self.verdict, "rules": self.rules, "kinds_found": self.kinds_found,
            "look": self.item.look,
            "findings": [{**f.as_dict(), "snippet": snippet(result, f)} for f in self.findings],
        }


@dataclass
class Audit:
    catalog: Catalog
    items: list[ItemResult]
    result: object  # RunResult

    @property
    def counts(self) -> dict[str, int]:
        counts = Counter(i.verdict for i in self.items)
        return {v: counts.get(v, 0) for v in VERDICTS}

    @property
    def severity_counts(self) -> dict[str, int]:
        counts = Counter(f.severity for f in self.result.findings)
        return {s: counts.get(s, 0) for s in ("error", "warning", "note")}

    def by_section(self) -> list[tuple[str, str, list[ItemResult]]]:
        return [(sid, title, [i for i in self.items if i.item.section == sid]) for sid, title in self.catalog.sections]

    def section_severity(self) -> list[tuple[str, dict[str, int]]]:
        out = []
        for sid, title, items in self.by_section():
            seen = {}
            for i in items:
                for f in i.findings:
                    seen[(f.rule_id, f.path, f.span.line, f.key)] = f.severity
            counts = Counter(seen.values())
            out.append((title, {s: counts.get(s, 0) for s in ("error", "warning", "note")}))
        return out

    def as_dict(self) -> dict:
        from . import __version__
        return {
            "tool": {"name": "prodlint", "version": __version__},
            "summary": {"items": self.counts, "findings": self.severity_counts,
                        "total_findings": len(self.result.findings)},
            "sections": [{"id": sid, "title": title, "items": [i.as_dict(self.result) for i in items]}
                         for sid, title, items in self.by_section()],
            "unmapped_findings": [f.as_dict() for f in self.result.findings if not f.checklist],
            # what a configuration in the audited repository removes: a verdict may be "passed" because of it
            "steering": list(getattr(self.result, "steering", ())),
        }


def build_audit(result) -> Audit:
    catalog = load_catalog()
    present = {f.kind for f in result.files} | _ALWAYS_PRESENT if result.files else set()
    findings_by_item: dict[str, list] = {}
    for f in result.findings:
        for item_id in f.checklist:
            findings_by_item.setdefault(item_id, []).append(f)
    rules_by_item: dict[str, list[str]] = {}
    for rule in result.rules:
        for item_id in rule.meta.checklist:
            rules_by_item.setdefault(item_id, []).append(rule.id)
    items = []
    for item in catalog.items:
        kinds_found = sorted(k for k in item.kinds if k in present)
        rules = sorted(rules_by_item.get(item.id, []))
        found = findings_by_item.get(item.id, [])
        if item.static == "none":
            verdict = "manual"
        elif found:
            verdict = "failed"
        elif not kinds_found:
            verdict = "not-applicable"
        elif not rules:
            verdict = "not-checked"
        else:
            verdict = "passed"
        items.append(ItemResult(item, verdict, found, rules, kinds_found))
    return Audit(catalog, items, result)
