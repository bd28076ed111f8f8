"""Deciding what is reported: duplicates dropped, inline directives and per-file ignores applied, directives
judged (unknown rules, missing reasons, unused), fingerprints kept distinct. Kept apart from checking and
from output, as flake8 keeps its style guide."""
from __future__ import annotations

from . import engine_rules
from .api import Finding, Span
from .suppress import Directive, covers, parse_directives


def dedupe(findings: list[Finding]) -> list[Finding]:
    seen = set()
    out = []
    for f in findings:
        ident = (f.rule_id, f.path, f.span.line, f.span.column, f.key, f.message)
        if ident not in seen:
            seen.add(ident)
            out.append(f)
    return out


def disambiguate_fingerprints(findings: list[Finding]) -> None:
    """Two findings with the same key in one file stay distinct, in document order."""
    counts: dict[str, int] = {}
    for f in sorted(findings, key=Finding.sort_key):
        n = counts.get(f.fingerprint, 0)
        counts[f.fingerprint] = n + 1
        if n:
            f.fingerprint = f"{f.fingerprint}:{n + 1}"


class Suppressor:
    def __init__(self, ruleset, project, stamp, require_reason: bool):
        self.ruleset = ruleset
        self.project = project
        self.stamp = stamp
        self.require_reason = require_reason

    def _directives_for(self, path: str, known: dict[str, list[Directive]]) -> list[Directive]:
        """Directives of a file a finding points at; parsed here when that file was not checked itself."""
        if path not in known:
            file = self.project.by_rel.get(path)
            text = file.text if file is not None else ""
            known[path] = parse_directives(text, file.kind) if text and "prodlint:" in text else []
        return known[path]

    def apply(self, raw: list[Finding], directives: dict[str, list[Directive]]):
        """(reported, suppressed): the findings left, with the directives' own findings, and those removed."""
        extra: list[Finding] = []
        for f in raw:
            self._directives_for(f.path, directives)
        for path, found in sorted(directives.items()):
            for d in found:
                for selector in d.ids:
                    hit = self.ruleset.exact(selector)
                    if not hit:
                        extra.append(self.stamp(engine_rules.UNKNOWN_SUPPRESSION, path, Span(d.line, d.column),
                                                f"directive.{d.line}.{selector}",
                                                f"unknown rule '{selector}' in a prodlint directive; use a rule id "
                                                "or name from `prodlint rules`", "unknown-rule"))
                    d.rule_ids.update(hit)
                if self.require_reason and not d.reason:
                    extra.append(self.stamp(engine_rules.MISSING_REASON, path, Span(d.line, d.column),
                                            f"directive.{d.line}.reason",
                                            "add a reason after '--' to this prodlint directive", "no-reason"))
        kept, suppressed = [], []
        for f in raw:
            hit = next((d for d in directives.get(f.path, ()) if covers(d, f.rule_id, f.span.line)), None)
            if hit is not None:
                hit.used = True
                f.suppressed = "inline"
                suppressed.append(f)
            elif self.ruleset.ignored_for(f.path, f.rule_id):
                f.suppressed = "per-file-ignores"
                suppressed.append(f)
            else:
                kept.append(f)
        for path, found in sorted(directives.items()):
            for d in found:
                if d.used or (d.ids and not d.rule_ids):
                    continue
                if (d.rule_ids and not d.rule_ids <= self.ruleset.active_ids) or (not d.ids and self.ruleset.narrowed):
                    continue  # its rules did not run, so it cannot be judged unused
                extra.append(self.stamp(engine_rules.UNUSED_SUPPRESSION, path, Span(d.line, d.column),
                                        f"directive.{d.line}.unused",
                                        "this prodlint directive suppresses nothing; remove it", "unused"))
        return kept + extra, suppressed
