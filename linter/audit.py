"""The audit: every item of the checklist catalog with a status, so nothing the checklist asks for is dropped.

Statuses, decided in this order:
  manual          ``static: none``: needs a person or a running system
  failed          a rule evidencing the item reported at least one finding
  not-checked     no active rule evidences it, or no file of its kinds was read (absent, unreadable,
                  skipped), or findings of it were suppressed, or the files read show neither a failure nor
                  the positive evidence a pass needs (schemas/evidence.yaml); the reason says which
  not-applicable  files of its kinds were read, but none deploys to production, or nothing the item is
                  about was seen (no SSO settings: the SSO item does not apply)
  passed          positive evidence that satisfies the item was seen (quoted as file:line) and no rule
                  reported a failure
"""
from __future__ import annotations

import datetime as _dt
import os
import re
from collections import Counter
from dataclasses import dataclass, field

from .api import SEVERITY_RANK
from .audit_evidence import ItemEvidence, Observation, Seen, load_evidence, mask_quote
from .catalog import Catalog, Item, load_catalog

STATUSES = ("failed", "passed", "not-applicable", "not-checked", "manual")
VERDICTS = STATUSES  # the name earlier versions used
LABELS = {"failed": "failed", "passed": "passed", "not-applicable": "not applicable",
          "not-checked": "not checked", "manual": "needs a person"}
SEVERITIES = ("error", "warning", "note")
TOP_RISKS = 5
SCHEMA_ID = "https://prodlint.dev/schemas/audit.schema.json"
_GIT_REMOTE = re.compile(r"^(?:https://(?:[^@/]+@)?|git@|ssh://git@)(?P<host>github\.com|gitlab\.com)[:/]"
                         r"(?P<repo>[\w.-]+/[\w.-]+?)(?:\.git)?/?$")
_KIND_NAMES = {"env": "env", "compose": "compose", "dockerfile": "Dockerfile", "nginx": "nginx", "node": "Node source",
               "redis": "redis.conf", "git": "git", "package": "package.json", "python": "Python source"}


@dataclass
class ItemResult:
    item: Item
    status: str
    reason: str = ""
    findings: list = field(default_factory=list)
    rules: list[str] = field(default_factory=list)  # active rule ids evidencing the item
    kinds_read: list[str] = field(default_factory=list)
    evidence: list[Observation] = field(default_factory=list)
    evidence_total: int = 0
    suppressed: int = 0
    change: dict | None = None  # against a previous audit: {"before": status, "new": [...], "fixed": [...]}

    @property
    def verdict(self) -> str:
        return self.status

    @property
    def anchor(self) -> str:
        return "item-" + self.item.id.replace(".", "-")


@dataclass
class Risk:
    """One thing to fix: a rule's findings, ranked by severity, then by how many items and places it touches."""
    rule_id: str
    rule_name: str
    severity: str
    message: str
    findings: list
    items: list[ItemResult]
    fix: str  # "safe" | "unsafe" | "none": what `prodlint check --fix` can do for all of them

    def as_dict(self, audit) -> dict:
        return {"rule": self.rule_id, "name": self.rule_name, "severity": self.severity, "message": self.message,
                "count": len(self.findings), "items": [i.item.id for i in self.items], "fix": self.fix,
                "locations": [{"path": f.path, "line": f.span.line} for f in self.findings]}


@dataclass
class Audit:
    catalog: Catalog
    items: list[ItemResult]
    result: object  # RunResult
    facts: dict = field(default_factory=dict)  # the report's header: repository, date, configuration, files
    risks: list[Risk] = field(default_factory=list)
    previous: dict | None = None  # summary of the audit compared against, when there is one

    def excluded(self) -> list[str]:
        """What the configuration and the repository left out of this audit, for every format's header: excluded
        paths, rules switched off, suppressed findings, and what a configuration found in the audited repository
        removes (a status may be "passed" because of it)."""
        from .steering import notice_text
        config = self.facts.get("configuration", {})
        out = list(config.get("excluded", []))
        if config.get("rules_off"):
            out.append("rules switched off: " + ", ".join(config["rules_off"]))
        places = config.get("suppressed_at", [])
        for how, n in config.get("suppressed", {}).items():
            where = [f"{p['path']}:{p['line']}" if p["line"] else p["path"] for p in places if p["cause"] == how]
            shown = ", ".join(where[:5]) + (f" and {len(where) - 5} more" if len(where) > 5 else "")
            out.append(f"{n} finding{'s' if n != 1 else ''} suppressed ({how}{': ' + shown if shown else ''})")
        out += [notice_text(entry) for entry in getattr(self.result, "steering", ())]
        # what the repository's own files left unchecked inside a file that was read (a service scaled to zero, a
        # template's other branches): an item about it may be "not applicable" only because of that
        out += [f"{n.path}: {n.message}" for n in _not_checked(self.result)]
        return out

    @property
    def counts(self) -> dict[str, int]:
        counts = Counter(i.status for i in self.items)
        return {v: counts.get(v, 0) for v in STATUSES}

    @property
    def severity_counts(self) -> dict[str, int]:
        counts = Counter(f.severity for f in self.result.findings)
        return {s: counts.get(s, 0) for s in SEVERITIES}

    def by_section(self) -> list[tuple[str, str, list[ItemResult]]]:
        return [(sid, title, [i for i in self.items if i.item.section == sid]) for sid, title in self.catalog.sections]

    def section_counts(self) -> list[tuple[str, str, dict[str, int]]]:
        out = []
        for sid, title, items in self.by_section():
            c = Counter(i.status for i in items)
            out.append((sid, title, {s: c.get(s, 0) for s in STATUSES}))
        return out

    def snippet(self, finding) -> str:
        from .report.common import snippet
        return mask_quote(self.result, finding.path, finding.span.line, snippet(self.result, finding)).strip()

    def changed_items(self) -> list[ItemResult]:
        return [i for i in self.items if i.change and (i.change["before"] != i.status or i.change["new"]
                                                        or i.change["fixed"])]

    def as_dict(self) -> dict:
        from . import __version__
        return {
            "$schema": SCHEMA_ID,
            "tool": {"name": "prodlint", "version": __version__},
            **self.facts,
            "summary": {"items": self.counts, "findings": self.severity_counts,
                        "total_findings": len(self.result.findings)},
            "top_risks": [r.as_dict(self) for r in self.risks],
            "sections": [{"id": sid, "title": title, "anchor": f"section-{sid}",
                          "items": [self._item_dict(i) for i in items]}
                         for sid, title, items in self.by_section()],
            "unmapped_findings": [self._finding_dict(f) for f in self.result.findings if not f.checklist],
            # what a configuration in the audited repository removes: a status may be "passed" because of it
            "steering": list(getattr(self.result, "steering", ())),
            "not_checked": [{"path": n.path, "reason": n.message} for n in _not_checked(self.result)],
            "changes": None if self.previous is None else {
                "previous": self.previous,
                "items": [{"id": i.item.id, **i.change} for i in self.changed_items()],
            },
        }

    def _item_dict(self, i: ItemResult) -> dict:
        return {
            "id": i.item.id, "anchor": i.anchor, "section": i.item.section, "item": i.item.text,
            "static": i.item.static, "status": i.status, "verdict": i.status, "reason": i.reason, "look": i.item.look,
            "rules": i.rules, "kinds_read": i.kinds_read,
            "evidence": [o.as_dict() for o in i.evidence], "evidence_total": i.evidence_total,
            "suppressed": i.suppressed,
            "findings": [self._finding_dict(f) for f in i.findings],
        }

    def _finding_dict(self, f) -> dict:
        d = f.as_dict()
        d.pop("fix", None)
        return {**d, "snippet": self.snippet(f), "fix": fix_kind(f)}


def fix_kind(finding) -> str:
    return finding.fix.safety if finding.fix is not None else "none"


# ---- building ---------------------------------------------------------------------------------------
def build_audit(result, previous: dict | None = None) -> Audit:
    catalog = load_catalog()
    evidence = load_evidence()
    seen = Seen(result)
    findings_by_item: dict[str, list] = {}
    for f in result.findings:
        for item_id in f.checklist:
            findings_by_item.setdefault(item_id, []).append(f)
    suppressed_by_item = Counter(item_id for f in result.suppressed for item_id in f.checklist)
    rules_by_item: dict[str, list[str]] = {}
    for rule in result.rules:
        for item_id in rule.meta.checklist:
            rules_by_item.setdefault(item_id, []).append(rule.id)
    files = _file_facts(result)
    items = [_judge(item, findings_by_item.get(item.id, []), sorted(rules_by_item.get(item.id, [])),
                    suppressed_by_item.get(item.id, 0), evidence.get(item.id), files, seen, result)
             for item in catalog.items]
    audit = Audit(catalog, items, result, facts=_facts(result, files))
    audit.risks = _top_risks(audit)
    if previous is not None:
        audit.previous = compare(audit, previous)
    return audit


_CAUSES = {"inline": "a prodlint directive", "peer-directive": "another linter's directive",
           "per-file-ignores": "per-file-ignores", "baseline": "the baseline"}


def _suppressed_where(result, item_id: str) -> str:
    """Where the item's findings were suppressed and by what (the first three places): "inline, per-file-ignores
    or baseline" left out another linter's directive, which a repository writes as easily as its own."""
    places = sorted({(f.path, f.span.line, _CAUSES.get(f.suppressed, f.suppressed or "?"))
                     for f in result.suppressed if item_id in f.checklist})
    shown = [f"{path}:{line} by {cause}" for path, line, cause in places[:3]]
    return ", ".join(shown) + (f" and {len(places) - 3} more" if len(places) > 3 else "")


def _judge(item: Item, found: list, rules: list[str], suppressed: int, ev: ItemEvidence | None, files: dict,
           seen: Seen, result) -> ItemResult:
    read = files["read_kinds"]
    kinds_read = sorted(k for k in item.kinds if k in read)
    out = ItemResult(item, "not-checked", findings=found, rules=rules, kinds_read=kinds_read, suppressed=suppressed)
    if item.static == "none":
        out.status, out.reason = "manual", f"A repository cannot show this; verify by hand ({item.look.rstrip('.')})."
        return out
    if found:
        out.status = "failed"
        places = len({(f.path, f.span.line) for f in found})
        out.reason = f"{len(found)} finding{_s(len(found))} in {places} place{_s(places)}."
        return out
    if not rules:
        out.reason = "Every rule that checks this item is switched off by the configuration."
        return out
    if not kinds_read:
        names = _kind_list(k for k in item.kinds if k != "git")
        skipped = [s for s in files["skipped"] if s["kind"] in item.kinds]
        out.reason = f"No {names} file was read" + (
            f" ({len(skipped)} skipped: " + "; ".join(f"{s['path']}: {s['reason']}" for s in skipped[:3]) + ")"
            if skipped else "") + "."
        return out
    skipped = [s for s in files["skipped"] if s["kind"] in item.kinds]
    production = files["production_kinds"]
    if skipped:
        # what was not read may hold exactly what fails the item (a production env file padded past the size
        # cap, given a NUL byte, or left git-ignored by the repository's own untracked policy)
        out.reason = (f"{len(skipped)} {_kind_list(sorted({s['kind'] for s in skipped}))} file{_s(len(skipped))} "
                      "of this item's kinds could not be read: "
                      + "; ".join(f"{s['path']}: {s['reason']}" for s in skipped[:3])
                      + (f" and {len(skipped) - 3} more" if len(skipped) > 3 else "")
                      + "; verify by hand before calling it passed.")
        return out
    unparsed = [u for u in files["unparsed"] if u["kind"] in item.kinds]
    if unparsed:
        # a production file that did not parse (or whose parser failed) was read only up to its error, if at
        # all: what follows may hold exactly what fails the item, and what was read may be all the item saw
        out.reason = (f"{len(unparsed)} production file{_s(len(unparsed))} of this item's kinds did not parse: "
                      + "; ".join(f"{u['path']}:{u['line']}" for u in unparsed[:3])
                      + (f" and {len(unparsed) - 3} more" if len(unparsed) > 3 else "")
                      + "; fix the error, or verify by hand before calling it passed.")
        return out
    if not any(k in production for k in item.kinds):
        others = sorted({f.rel for f in result.files if f.kind in item.kinds})[:3]
        out.status = "not-applicable"
        out.reason = (f"Only {_kind_list(kinds_read)} files of another role (development, example or test) were "
                      f"read: {', '.join(others)}; the checklist is about what deploys to production.")
        return out
    if suppressed:
        out.reason = (f"{suppressed} finding{_s(suppressed)} of this item {'is' if suppressed == 1 else 'are'} "
                      f"suppressed ({_suppressed_where(result, item.id)}); review them before calling it passed.")
        return out
    if ev is not None and ev.passes is not None:
        quotes, total = seen.observe(ev.passes)
        if quotes:
            out.status, out.evidence, out.evidence_total = "passed", quotes, total
            out.reason = f"Seen: {ev.passes.says}; no rule reported a problem." + (
                " A repository can show a failure of this item, not prove it holds everywhere."
                if item.static == "partial" else "")
            return out
    if ev is not None and ev.applies is not None:
        quotes, total = seen.observe(ev.applies)
        if not quotes:
            out.status = "not-applicable"
            out.reason = f"Nothing it applies to in the production files read (looked for {ev.applies.says})."
            return out
        out.evidence, out.evidence_total = quotes, total
    if ev is None or ev.passes is None:
        out.reason = "No rule reported a problem, but prodlint has no positive test for this item: verify by hand."
    else:
        out.reason = (f"No rule reported a problem, but nothing read shows {ev.passes.says}: verify by hand "
                      "(it may be set where the repository does not show it).")
    return out


def _kind_list(kinds) -> str:
    names = [_KIND_NAMES.get(k, k) for k in kinds]
    return " or ".join(names) if len(names) <= 2 else ", ".join(names[:-1]) + " or " + names[-1]


def _s(n: int) -> str:
    return "" if n == 1 else "s"


# ---- the header -------------------------------------------------------------------------------------
def _file_facts(result) -> dict:
    from .classify import classify_name

    read = Counter()
    roles: dict[str, Counter] = {}
    production = set()
    skipped = []
    for f in result.files:
        if f.unreadable:
            skipped.append({"path": f.rel, "kind": f.kind, "reason": f.unreadable})
            continue
        read[f.kind] += 1
        roles.setdefault(f.kind, Counter())[f.role] += 1
        if f.role == "production":
            production.add(f.kind)
    listed = {s["path"] for s in skipped}
    for n in result.notices:
        if n.path and n.message.startswith("skipped") and n.path not in listed:  # not the run's summary line
            kind = classify_name(n.path) or ""
            skipped.append({"path": n.path, "kind": kind.rstrip("?"),
                            "reason": n.message.removeprefix("skipped:").strip()})
            listed.add(n.path)
    checked = {f.rel for f in result.files}
    for rel, status in sorted(result.untracked.items()):
        # git-ignored env files the untracked policy left unchecked (a model may still have read one for the
        # values a compose file loads from it): what deploys may be in them
        if status == "ignored" and rel not in listed and rel not in checked and classify_name(rel) == "env":
            skipped.append({"path": rel, "kind": "env", "reason": "git-ignored and not read (untracked policy: none)"})
            listed.add(rel)
    # production files a parse error (PL001) or a parser failure (PL002) left unread past the error, reported or
    # suppressed: an item of their kind is not passed on what was read before it
    kinds = {f.rel: f.kind for f in result.files if f.role == "production"}
    unparsed = {}
    for f in [*result.findings, *result.suppressed]:
        if f.rule_id in ("PL001", "PL002") and f.path in kinds and f.path not in unparsed:
            unparsed[f.path] = {"path": f.path, "kind": kinds[f.path], "line": f.span.line}
    read_kinds = set(read)
    if result.discovery_source == "git":
        read_kinds.add("git")
        production.add("git")
    return {"read": dict(sorted(read.items())), "roles": {k: dict(sorted(c.items())) for k, c in sorted(roles.items())},
            "skipped": sorted(skipped, key=lambda s: s["path"]), "read_kinds": read_kinds,
            "unparsed": sorted(unparsed.values(), key=lambda u: u["path"]),
            "production_kinds": production}


def _not_checked(result) -> list:
    """Notices of what the repository's own files left unchecked inside a file that was read (a service scaled to
    zero, a template's other branches): an item about it may be "not applicable" only because of that."""
    return [n for n in getattr(result, "notices", ()) if n.path and n.message.startswith("not checked")]


def _facts(result, files: dict) -> dict:
    config = result.config
    all_ids = {r.id for r in result.all_rules}
    off = sorted(all_ids - {r.id for r in result.rules})
    suppressed = Counter(f.suppressed for f in result.suppressed)
    excluded = [f"files matching {p}" for p in config.exclude]
    excluded += [f"{', '.join(ids)} in {pattern}" for pattern, ids in config.per_file_ignores.items()]
    config_file = None
    if config.path is not None:
        try:
            config_file = config.path.resolve().relative_to(result.root).as_posix()
        except ValueError:
            config_file = config.path.name
    return {
        "repository": {"name": _audited_folder(result).name or str(result.root), **_git_facts(result.root)},
        "date": _now(),
        "configuration": {
            "file": config_file, "excluded": excluded, "rules_off": off,
            "severity_overrides": dict(sorted(result.severity.items())),
            "suppressed": dict(sorted(suppressed.items())),
            "suppressed_at": list(getattr(result, "suppressions", ())),
        },
        "files": {"read": files["read"], "roles": files["roles"], "total_read": sum(files["read"].values()),
                  "skipped": files["skipped"], "discovery": result.discovery_source},
    }


def _audited_folder(result):
    """The folder the audit is about: the one asked for, which may lie below the repository's root."""
    scopes = getattr(result.project, "scope_dirs", None) or [result.root]
    return scopes[0] if len(scopes) == 1 else result.root


def _git_facts(root) -> dict:
    from .discover import git

    def ask(*args) -> str | None:
        proc = git(root, *args, timeout=20)
        if proc is None or proc.returncode != 0:
            return None
        return proc.stdout.decode("utf-8", "replace").strip() or None

    commit = ask("rev-parse", "HEAD")
    if commit is None:
        return {"commit": None, "branch": None, "url": None, "prefix": ""}
    branch = ask("rev-parse", "--abbrev-ref", "HEAD")
    # only a forge's web address is kept: a remote URL can carry a user name or a token
    m = _GIT_REMOTE.match(ask("config", "--get", "remote.origin.url") or "")
    return {"commit": commit, "branch": None if branch == "HEAD" else branch,
            "url": f"https://{m.group('host')}/{m.group('repo')}" if m else None,
            "prefix": ask("rev-parse", "--show-prefix") or ""}


def _now() -> str:
    """The audit's date in UTC; SOURCE_DATE_EPOCH (the reproducible-builds convention) fixes it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc) if epoch and epoch.isdigit() \
        else _dt.datetime.now(_dt.timezone.utc)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


# ---- what to fix first ------------------------------------------------------------------------------
def _top_risks(audit: Audit, limit: int = TOP_RISKS) -> list[Risk]:
    by_rule: dict[str, list] = {}
    for f in audit.result.findings:
        by_rule.setdefault(f.rule_id, []).append(f)
    items_of = {i.item.id: i for i in audit.items}
    security = {r.id: r.meta.security for r in audit.result.all_rules}
    risks = []
    for rule_id, found in by_rule.items():
        severity = max((f.severity for f in found), key=SEVERITY_RANK.__getitem__)
        items = [items_of[c] for c in dict.fromkeys(c for f in found for c in f.checklist) if c in items_of]
        fixes = {fix_kind(f) for f in found}
        fix = "none" if "none" in fixes else ("unsafe" if "unsafe" in fixes else "safe")
        first = found[0]
        risks.append(Risk(rule_id, first.rule_name, severity, first.message, found, items, fix))
    # most severe first; then security over quality, then the rules failing most items and places
    risks.sort(key=lambda r: (-SEVERITY_RANK[r.severity], not security.get(r.rule_id, True), -len(r.items),
                              -len(r.findings), r.rule_id))
    return risks[:limit]


# ---- comparing with a previous audit ----------------------------------------------------------------
def is_audit_document(data) -> bool:
    return isinstance(data, dict) and isinstance(data.get("sections"), list) and "summary" in data


def compare(audit: Audit, previous: dict) -> dict:
    """Mark each item with what changed since ``previous`` (a JSON audit); return the previous run's facts."""
    before: dict[str, dict] = {}
    for section in previous.get("sections", []):
        for item in section.get("items", []):
            if isinstance(item, dict) and "id" in item:
                before[item["id"]] = item
    for i in audit.items:
        old = before.get(i.item.id)
        old_findings = {f.get("fingerprint"): f for f in (old or {}).get("findings", []) if isinstance(f, dict)}
        now = {f.fingerprint: f for f in i.findings}
        i.change = {
            "before": (old.get("status") or old.get("verdict")) if old else None,
            "new": [{"path": f.path, "line": f.span.line, "rule": f.rule_id, "message": f.message}
                    for fp, f in now.items() if fp not in old_findings],
            "fixed": [{"path": f.get("path"), "line": f.get("line"), "rule": f.get("rule"), "message": f.get("message")}
                      for fp, f in old_findings.items() if fp not in now],
        }
    repo = previous.get("repository") if isinstance(previous.get("repository"), dict) else {}
    summary = previous.get("summary") if isinstance(previous.get("summary"), dict) else {}
    return {"date": previous.get("date"), "commit": repo.get("commit"), "items": summary.get("items"),
            "findings": summary.get("findings")}
