"""Deciding what is reported: duplicates dropped, inline directives and per-file ignores applied, directives
judged (unknown rules, missing reasons, unused), fingerprints kept distinct. Kept apart from checking and
from output, as flake8 keeps its style guide."""
from __future__ import annotations

import re

from . import engine_rules
from .api import Finding, Span
from .peer_directives import directives_in
from .suppress import PRODLINT_VERBS, Directive


def dedupe(findings: list[Finding], shared_lines=None) -> list[Finding]:
    """Findings without repeats. ``shared_lines(path)`` gives the line ranges of a file that several places
    use (YAML anchors): a finding there that several owners repeat is reported once (see ``_shared``)."""
    seen = set()
    out = []
    for f in findings:
        ident = (f.rule_id, f.path, f.span.line, f.span.column, f.key, f.message)
        if ident not in seen:
            seen.add(ident)
            out.append(f)
    return out if shared_lines is None else _shared(out, shared_lines)


def _shared(findings: list[Finding], shared_lines) -> list[Finding]:
    """One finding per mistake: text written once and used by several owners (a YAML anchor merged or
    aliased into several services) is reported once, where it is written, naming the owners.

    Such findings have the same rule, place and message id, lie in text the file shares, and have keys that
    differ in one segment, not the last (the owner: ``services.api.environment.X`` and
    ``services.worker.environment.X``). The finding of the first key is kept, so its fingerprint is the
    one it had; any other finding is left untouched."""
    groups: dict[tuple, list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.rule_id, f.path, f.span, f.message_id), []).append(f)
    if all(len(g) == 1 for g in groups.values()):
        return findings
    ranges: dict[str, list[tuple[int, int]]] = {}
    dropped: set[int] = set()
    for (_, path, span, _), group in groups.items():
        if len(group) < 2:
            continue
        if path not in ranges:
            ranges[path] = shared_lines(path)
        if not any(first <= span.line <= last for first, last in ranges[path]):
            continue
        group = sorted(group, key=lambda f: f.key)
        while group:
            first, kept, owners = group[0], [], []
            for other in group[1:]:
                owner = _owner(first.key, other.key)
                if owner is None:
                    kept.append(other)
                    continue
                owners.extend(name for name in owner if name not in owners)
                dropped.add(id(other))
            if owners:
                first.message = f"{first.message} (written once here, used by " \
                                f"{', '.join(repr(o) for o in owners)})"
            group = kept
    return [f for f in findings if id(f) not in dropped]


def _owner(key: str, other: str) -> tuple[str, str] | None:
    """(this key's, the other key's) segment when the keys differ in exactly one segment, not the last."""
    a, b = key.split("."), other.split(".")
    if len(a) != len(b):
        return None
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return (a[diff[0]], b[diff[0]]) if len(diff) == 1 and diff[0] < len(a) - 1 else None


def disambiguate_fingerprints(findings: list[Finding], after: list[Finding] = ()) -> None:
    """Two findings with the same key in one file stay distinct, in document order. ``after``: findings whose
    fingerprints are already final (the reported ones, which a baseline matches), counted first: suppressed
    findings are numbered after them, so showing them (SARIF `suppressions`) changes no reported fingerprint."""
    counts: dict[str, int] = {}
    for f in after:
        base = f.fingerprint.split(":", 1)[0]
        counts[base] = counts.get(base, 0) + 1
    for f in sorted(findings, key=Finding.sort_key):
        n = counts.get(f.fingerprint, 0)
        counts[f.fingerprint] = n + 1
        if n:
            f.fingerprint = f"{f.fingerprint}:{n + 1}"


class Suppressor:
    def __init__(self, ruleset, project, stamp, require_reason: bool, redactor=None):
        self.ruleset = ruleset
        # the run's judged values: a directive's words are the repository's, and one naming no rule is quoted
        self.redactor = redactor
        self.project = project
        self.stamp = stamp
        self.require_reason = require_reason
        # where findings were suppressed: (path, directive line or 0, cause, verb) -> {rule id: count}
        self.places: dict[tuple[str, int, str, str], dict[str, int]] = {}

    def _count(self, path: str, line: int, cause: str, verb: str, rule_id: str) -> None:
        rules = self.places.setdefault((path, line, cause, verb), {})
        rules[rule_id] = rules.get(rule_id, 0) + 1

    def _directives_for(self, path: str, known: dict[str, list[Directive]]) -> list[Directive]:
        """Directives of a file a finding points at; parsed here when that file was not checked itself."""
        if path not in known:
            file = self.project.by_rel.get(path)
            text = file.text if file is not None else ""
            known[path] = directives_in(text, file.kind, self.ruleset.config.peer_directives) if text else []
        return known[path]

    def apply(self, raw: list[Finding], directives: dict[str, list[Directive]]):
        """(reported, suppressed): the findings left, with the directives' own findings, and those removed."""
        extra: list[Finding] = []
        for f in raw:
            self._directives_for(f.path, directives)
        for path, found in sorted(directives.items()):
            for d in found:
                if d.verb not in PRODLINT_VERBS:  # another linter's: its ids are that tool's, its form its own
                    known = set()
                    for peer_id in d.ids:
                        covered = self.ruleset.covering(peer_id)
                        d.rule_ids.update(covered)
                        if covered:
                            known.add(peer_id)
                    d.verb = peer_shown(d.verb, d.ids, known)
                    continue
                for selector in d.ids:
                    hit = self.ruleset.exact(selector)
                    if not hit:
                        # `ignore[CMP026,<the password>]` quoted the password in the message and hashed it into
                        # the fingerprint: the selector is scrubbed of every value judged in the run first, in
                        # any letter case (`ignore[LETMEIN99]` is the password `letmein99` written as ids are)
                        shown = self.redactor.scrub_any_case(selector) if self.redactor is not None else selector
                        extra.append(self.stamp(engine_rules.UNKNOWN_SUPPRESSION, path, Span(d.line, d.column),
                                                f"directive.{d.line}.{shown}",
                                                f"unknown rule '{shown}' in a prodlint directive; use a rule id "
                                                "or name from `prodlint rules`", "unknown-rule"))
                    d.rule_ids.update(hit)
                if self.require_reason and not d.reason:
                    extra.append(self.stamp(engine_rules.MISSING_REASON, path, Span(d.line, d.column),
                                            f"directive.{d.line}.reason",
                                            "add a reason after '--' to this prodlint directive", "no-reason"))
        kept, suppressed = [], []
        hits = _first_covering(raw, directives)
        for f in raw:
            hit = hits.get((f.path, f.span.line, f.rule_id))
            if hit is not None:
                hit.used = True
                cause = "inline" if hit.verb in PRODLINT_VERBS else "peer-directive"
                f.suppressed = cause
                f.suppressed_by = (hit.line, hit.verb)
                suppressed.append(f)
                self._count(f.path, hit.line, cause, hit.verb, f.rule_id)
            elif self.ruleset.ignored_for(f.path, f.rule_id):
                f.suppressed = "per-file-ignores"
                suppressed.append(f)
                self._count(f.path, 0, "per-file-ignores", "", f.rule_id)
            else:
                kept.append(f)
        for path, found in sorted(directives.items()):
            for d in found:
                if d.used or (d.ids and not d.rule_ids) or d.verb not in PRODLINT_VERBS:
                    continue
                if (d.rule_ids and not d.rule_ids <= self.ruleset.active_ids) or (not d.ids and self.ruleset.narrowed):
                    continue  # its rules did not run, so it cannot be judged unused
                extra.append(self.stamp(engine_rules.UNUSED_SUPPRESSION, path, Span(d.line, d.column),
                                        f"directive.{d.line}.unused",
                                        "this prodlint directive suppresses nothing; remove it", "unused"))
        return kept + extra, suppressed


_PEER_HEADS = re.compile(r"(?:hadolint (?:global )?ignore=|checkov:skip=|nosec |noqa: |nosemgrep: |kics-scan disable="
                         r"|njsscan-ignore: )")


def peer_shown(verb: str, ids: list[str], known: set[str]) -> str:
    """Another linter's directive as every output quotes it: its head and the ids prodlint knows (a peer rule it
    covers), the others only counted. The ids are the repository's words: `# nosemgrep: x,<the password>` on a
    suppressed line put the password in every notice, the JSON and SARIF suppression places and the GitHub
    summary, where a judged value is not looked for."""
    m = _PEER_HEADS.match(verb)
    if m is None:
        return verb  # a directive of no ids (`kics-scan ignore-line`, a bare `nosec`)
    shown = [peer_id.split(":", 1)[1] for peer_id in ids if peer_id in known]
    others = sum(1 for peer_id in ids if peer_id not in known and not peer_id.endswith(":*"))
    text = m.group(0) + ",".join(shown)
    if others:
        text += f"{' ' if shown else ''}(and {others} id{'s' if others != 1 else ''} prodlint does not cover)"
    return text if len(text) <= 80 else text[:77] + "..."


def _first_covering(raw: list[Finding], directives: dict[str, list[Directive]]) -> dict:
    """(path, line, rule id) -> the first directive of the file that covers it (as ``suppress.covers`` says), for every
    finding's place. Asking each directive for each finding cost their product: a compose file of thousands of
    services and thousands of directive lines took minutes. Here each file's places are swept in line order,
    the directives that have begun kept in heaps by rule (their order in the file's list first), and those
    ended dropped as met."""
    import heapq
    wanted: dict[str, set[tuple[int, str]]] = {}
    for f in raw:
        if directives.get(f.path):
            wanted.setdefault(f.path, set()).add((f.span.line, f.rule_id))
    out = {}
    for path, places in wanted.items():
        found = directives[path]
        starts = sorted(range(len(found)), key=lambda i: found[i].applies_to[0])
        heaps: dict[str | None, list[tuple[int, int]]] = {}  # rule id (None: every rule) -> [(index, last line)]
        nxt = 0
        for line, rule_id in sorted(places):
            while nxt < len(starts) and found[starts[nxt]].applies_to[0] <= line:
                index = starts[nxt]
                d = found[index]
                keys = d.rule_ids or ((None,) if d.verb in PRODLINT_VERBS else ())
                for key in keys:
                    heapq.heappush(heaps.setdefault(key, []), (index, d.applies_to[1]))
                nxt += 1
            best = None
            for key in (rule_id, None):
                heap = heaps.get(key)
                while heap and heap[0][1] < line:  # ended above this line, so above every later one too
                    heapq.heappop(heap)
                if heap and (best is None or heap[0][0] < best):
                    best = heap[0][0]
            if best is not None:
                out[(path, line, rule_id)] = found[best]
    return out


def suppression_places(places: dict) -> list[dict]:
    """Where findings were suppressed, one entry per directive (inline) or per file (per-file-ignores, baseline),
    in path order: ``{"path", "line" (the directive's; null for per-file-ignores), "cause", "directive", "count",
    "rules": {id: count}}``. A repository can silence its own findings; it cannot do it unseen."""
    out = []
    for (path, line, cause, verb), rules in sorted(places.items()):
        out.append({"path": path, "line": line or None, "cause": cause, "directive": verb or None,
                    "count": sum(rules.values()), "rules": dict(sorted(rules.items()))})
    return out


_NOTICE_FILES = 20  # files given a notice line of their own; the rest are counted in one


def suppression_notices(places: list[dict]) -> list:
    """One notice per file where findings were suppressed (directive lines and rules), the files past the
    first few summed up in one more."""
    from .discover import Notice
    by_path: dict[str, list[dict]] = {}
    for place in places:
        by_path.setdefault(place["path"], []).append(place)
    notices = []
    for path, entries in list(by_path.items())[:_NOTICE_FILES]:
        count = sum(e["count"] for e in entries)
        rules = sorted({r for e in entries for r in e["rules"]})
        how = [f"`prodlint: {e['directive']}` on line {e['line']}" for e in entries if e["cause"] == "inline"]
        how += [f"`{e['directive']}` on line {e['line']}" for e in entries if e["cause"] == "peer-directive"]
        if any(e["cause"] == "per-file-ignores" for e in entries):
            how.append("the configuration's per-file-ignores")
        if any(e["cause"] == "baseline" for e in entries):
            how.append("the baseline the configuration names")
        notices.append(Notice(path, f"{count} finding{'s' if count != 1 else ''} suppressed here "
                                    f"({', '.join(_short(rules))}) by {', '.join(_short(how))}"))
    rest = list(by_path)[_NOTICE_FILES:]
    if rest:
        count = sum(e["count"] for p in rest for e in by_path[p])
        notices.append(Notice("", f"{count} more finding{'s' if count != 1 else ''} suppressed in {len(rest)} more "
                                  "files (every place is listed in the JSON and SARIF reports)"))
    return notices


def _short(items: list[str], shown: int = 5) -> list[str]:
    return items[:shown] + ([f"{len(items) - shown} more"] if len(items) > shown else [])
