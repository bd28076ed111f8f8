"""SARIF 2.1.0 as GitHub code scanning ingests it (see shared SARIF research notes).

Written as plain dicts rather than through sarif-om: that package is generated from
the 2.1.0-rtm.4 draft (``Suppression.state`` instead of ``status``) and its
serializer drops ``level: "warning"``; the handful of objects needed here are
simpler to write directly, and the test suite validates every log against the
official schema.
"""
from __future__ import annotations

import json
from urllib.parse import quote

from .. import __version__, docs, engine_rules
from ..api import SEVERITY_RANK
from ..secrets import index_ranges, mask_after, mask_line, mask_message, mask_ranges
from .linehash import line_hashes
from .visible import json_inert

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/prodlint/"
MAX_RESULTS = 5000
MAX_TAGS = 10
_SECURITY_SEVERITY = {"error": "8.0", "warning": "5.0", "note": "2.0"}
_PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "note": "recommendation"}


MAX_DESCRIPTION = 1024  # GitHub truncates longer rule descriptions


def _fit(text: str, limit: int) -> str:
    """The text, or as many of its sentences as fit (the full text stays in the rule's help)."""
    if len(text) <= limit:
        return text
    cut = text.rfind(". ", 0, limit - 1)
    return text[:cut + 1] if cut > 0 else text[:limit - 1] + "…"


def _rule_descriptor(meta, doc: str, summary: str, options: dict, severity: str) -> dict:
    sections = docs.sections(doc)
    what = _fit(" ".join(sections.get("What it does", "").split()) or summary, MAX_DESCRIPTION)
    tags = (["security"] if meta.security else ["reliability"]) + [f"checklist:{c}" for c in meta.checklist]
    tags += [f"external/cwe/cwe-{c}" for c in meta.cwe]
    props = {"tags": tags[:MAX_TAGS], "precision": meta.precision}
    if meta.security:
        props["security-severity"] = _SECURITY_SEVERITY[severity]
    else:
        props["problem.severity"] = _PROBLEM_SEVERITY[severity]
    markdown = docs.render_markdown(_Doc(meta, doc), options) if doc else summary
    return {
        "id": meta.id,
        "name": meta.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": what},
        "help": {"text": docs.render_text(markdown), "markdown": markdown},
        "defaultConfiguration": {"level": severity},
        "properties": props,
    }


class _Doc:
    def __init__(self, meta, doc):
        self.meta, self.doc = meta, doc


def _uri(path: str) -> str:
    return quote(path.encode("utf-8", "surrogateescape"), safe="/-_.~")


def _region(result, finding) -> dict:
    span = finding.span
    region = {"startLine": span.line, "startColumn": span.column}
    if span.end_line is not None and span.end_column is not None:
        region["endLine"] = span.end_line
        region["endColumn"] = max(span.end_column, span.column + 1) if span.end_line == span.line \
            else span.end_column
    else:
        file = result.project.by_rel.get(finding.path) if result.project else None
        width = len(file.line_text(span.line)) if file is not None and file.text else 0
        region["endLine"] = span.line
        region["endColumn"] = max(width + 1, span.column + 1)
    return region


def _line_hash(result, path: str, line: int, cache: dict) -> str | None:
    """GitHub's hash of the line's window (the next 100 characters but spaces), unless the window holds anything
    masking hides: the hash is a fast polynomial of the text, so a weak secret in it is found again by trying
    candidates. Left out, upload-sarif computes it on GitHub's side; the file written here holds none."""
    if path not in cache:
        file = result.project.by_rel.get(path) if result.project else None
        # The very hash upload-sarif would compute from the checked-out file (see linehash.py): agreeing
        # with it avoids "inconsistent fingerprint" warnings and keeps REST uploads stable.
        text = file.text if file is not None and file.text else ""
        cache[path] = (line_hashes(text) if text else {}, text.split("\n") if text else [], {},
                       index_ranges(getattr(result, "secret_ranges", {}).get(path, ())))
    hashes, lines, masked, ranges = cache[path]
    value = hashes.get(line)
    if value is None:
        return None
    seen, number = 0, line
    while seen < _WINDOW and number <= len(lines):
        if number not in masked:
            text = lines[number - 1].rstrip("\r")
            above = lines[number - 2].rstrip("\r") if number > 1 else None  # a flag whose value is here
            shown = mask_line(mask_after(above, mask_ranges(text, number, ranges)))
            redactor = getattr(result, "redactor", None)
            masked[number] = shown != text or (redactor is not None and redactor.scrub_line(text) != text)
        if masked[number]:
            return None
        seen += len(lines[number - 1].replace(" ", "").replace("\t", "")) + 1
        number += 1
    return value


_WINDOW = 100  # characters GitHub's line hash covers (linehash.py)


def document(result, category: str = "prodlint/", max_results: int = MAX_RESULTS,
             max_suppressed: int | None = None, omitted: bool = False) -> dict:
    engine_docs = engine_rules.DOCS
    descriptors = []
    index = {}
    for rule in result.rules:
        severity = result.severity.get(rule.id, rule.meta.severity)
        index[rule.id] = len(descriptors)
        descriptors.append(_rule_descriptor(rule.meta, rule.doc, rule.summary, dict(rule.meta.options), severity))
    for meta in engine_rules.ALL:
        index[meta.id] = len(descriptors)
        text = engine_docs[meta.id]
        descriptors.append(_rule_descriptor(meta, text, text.splitlines()[0], {}, meta.severity))

    ordered = sorted(result.findings, key=lambda f: (-SEVERITY_RANK[f.severity], f.sort_key()))
    kept = ordered[:max_results]
    kept.sort(key=lambda f: f.sort_key())
    # Suppressed findings, when asked for (--sarif-suppressed include), are results carrying `suppressions`, for a
    # consumer that shows them as suppressed. They come after every reported finding within the limit.
    hidden = sorted((f for f in getattr(result, "suppressed", ()) if f.rule_id in index),
                    key=lambda f: (-SEVERITY_RANK[f.severity], f.sort_key()))
    room = max(0, max_results - len(kept))
    shown_hidden = hidden[:room if max_suppressed is None else min(room, max_suppressed)]
    shown_hidden.sort(key=lambda f: f.sort_key())
    hashes: dict = {}
    roles: dict = {}
    results = [_result(result, f, index, hashes, roles) for f in kept]
    for f in shown_hidden:
        entry = _result(result, f, index, hashes, roles)
        entry["suppressions"] = [_suppression(result, f)]
        results.append(entry)
    notifications = []
    for n in result.notices:
        notification = {"level": "warning" if "skipped" in n.message else "note", "message": {"text": n.message}}
        if n.path:  # a run-wide notice (what was skipped, in sum) has no location
            notification["locations"] = [{"physicalLocation": {"artifactLocation": {
                "uri": _uri(n.path), "uriBaseId": "%SRCROOT%"}}}]
        notifications.append(notification)
    from .common import set_aside_line
    aside = set_aside_line(result)
    if aside is not None:  # a deployment under examples/ gives no result: the log says what was not held to it
        notifications.append({"level": "note", "message": {"text": aside}})
    if len(ordered) > len(kept):
        notifications.append({"level": "warning", "message": {
            "text": f"{len(ordered) - len(kept)} of {len(ordered)} results were left out to stay within GitHub's "
                    f"limits; the {len(kept)} most severe are included. Run `prodlint check` locally for all."}})
    if omitted and hidden:
        notifications.append({"level": "note", "message": {
            "text": f"{len(hidden)} finding{'s were' if len(hidden) != 1 else ' was'} suppressed and left out as "
                    "results; every place is in properties.prodlint.suppressedAt (`--sarif-suppressed include` "
                    "writes them as results carrying `suppressions`)."}})
    elif len(hidden) > len(shown_hidden):
        notifications.append({"level": "warning", "message": {
            "text": f"{len(hidden) - len(shown_hidden)} of {len(hidden)} suppressed findings were left out as "
                    "results to stay within GitHub's limits (every place is in properties.prodlint.suppressedAt)."}})
    run = {
        "tool": {"driver": {
            "name": "prodlint",
            "semanticVersion": __version__,
            "version": __version__,
            "informationUri": INFORMATION_URI,
            "rules": descriptors,
        }},
        "automationDetails": {"id": category},
        "columnKind": "unicodeCodePoints",
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications,
                         "properties": {"prodlint": _configuration(result)}}],
        "results": results,
        "properties": {"prodlint": _configuration(result)},
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _result(result, f, index: dict, hashes: dict, roles: dict) -> dict:
    line_hash = _line_hash(result, f.path, f.span.line, hashes)
    fingerprints = {"prodlint/v1": f.fingerprint}
    if line_hash:
        fingerprints["primaryLocationLineHash"] = line_hash
    entry = {
        "ruleId": f.rule_id,
        "ruleIndex": index[f.rule_id],
        "level": f.severity,
        "message": {"text": f.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": _uri(f.path), "uriBaseId": "%SRCROOT%"},
            "region": _region(result, f),
        }}],
        "partialFingerprints": fingerprints,
        "properties": dict(_role_properties(result, f.path, roles)),
    }
    if f.untracked is not None:  # the file may exist only where prodlint ran, never in the repository
        entry["properties"].update({"untracked": True, "gitIgnored": f.untracked == "ignored"})
    return entry


def _suppression(result, f) -> dict:
    """SARIF's suppression of a finding: in source (prodlint's directive or another linter's, located at the
    directive's line) or external (the configuration's per-file-ignores, a baseline). The justification names
    what suppressed it, never the directive's reason: that is the repository's free text, judged by no mask."""
    by = f.suppressed_by
    if f.suppressed in ("inline", "peer-directive") and by is not None:
        line, verb = by
        what = f"prodlint: {verb}" if f.suppressed == "inline" else verb
        owner = "" if f.suppressed == "inline" else " (another linter's directive, honoured by prodlint)"
        return {"kind": "inSource", "status": "accepted",
                "justification": mask_message(f"suppressed by `{what}` on line {line}{owner}"),
                "location": {"physicalLocation": {
                    "artifactLocation": {"uri": _uri(f.path), "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": line}}},
                "properties": {"prodlint": {"cause": f.suppressed}}}
    config = getattr(result, "config", None)
    if f.suppressed == "baseline":
        why = "listed in the baseline of known findings"
    elif f.suppressed == "per-file-ignores":
        why = "ignored for this file by the configuration's per-file-ignores"
        if getattr(config, "in_tree", False):
            why += " (a configuration found in the scanned repository)"
    else:
        why = f"suppressed ({f.suppressed})"
    return {"kind": "external", "status": "accepted", "justification": why,
            "properties": {"prodlint": {"cause": f.suppressed or "other"}}}


def _configuration(result) -> dict:
    """Where the run's configuration came from and what of it removes findings, so a reviewer of the uploaded
    results sees a repository that silenced its own checks (linter/steering.py)."""
    config = getattr(result, "config", None)
    path = getattr(config, "path", None)
    if path is not None:
        try:
            path = path.relative_to(result.root).as_posix()
        except ValueError:
            path = str(path)
    suppressed: dict[str, int] = {}
    for f in getattr(result, "suppressed", ()):
        suppressed[f.suppressed or "other"] = suppressed.get(f.suppressed or "other", 0) + 1
    return {"configuration": path, "configurationFromScannedRepository": bool(getattr(config, "in_tree", False)),
            "steering": list(getattr(result, "steering", ())), "suppressed": dict(sorted(suppressed.items())),
            "suppressedAt": list(getattr(result, "suppressions", ()))}


def _role_properties(result, path: str, cache: dict) -> dict:
    """The role of the file a result is in, and the one-line evidence for it (`prodlint check --show-files`)."""
    props = cache.get(path)
    if props is None:
        project = getattr(result, "project", None)
        if project is None:
            props = {}
        else:
            decision = project.roles.decision(path)
            props = {"role": decision.role, "roleEvidence": decision.evidence}
        cache[path] = props
    return props


MAX_GZIP_BYTES = 10 * 1000 * 1000  # GitHub rejects uploads larger than 10 MB gzipped


def render(result, category: str = "prodlint/", max_results: int = MAX_RESULTS, suppressed: str = "omit",
           **_) -> str:
    """``suppressed``: "omit" (left out as results, counted in a notification and placed in the properties) or
    "include" (results carrying `suppressions`, for a consumer that honours them). Omitted by default: GitHub code
    scanning opens an alert for a result whatever its `suppressions` (closing them takes a separate action,
    advanced-security/dismiss-alerts), and tools that count results take them for findings. Chosen on the command
    line only, never in the configuration, which the scanned repository may write."""
    import gzip

    max_suppressed = 0 if suppressed == "omit" else None
    omitted = suppressed == "omit"
    while True:
        text = json_inert(json.dumps(document(result, category, max_results, max_suppressed, omitted), indent=2,
                                     ensure_ascii=False)) + "\n"
        data = text.encode("utf-8", "surrogateescape")
        if max_results <= 1 or len(data) <= MAX_GZIP_BYTES or len(gzip.compress(data, 6)) <= MAX_GZIP_BYTES:
            return text
        # the notices in the log say how many were left out; suppressed results go first, so a repository's
        # suppressed findings cannot push its reported ones out of the upload
        if max_suppressed is None:
            max_suppressed = len(getattr(result, "suppressed", ()))
        if max_suppressed > 0:
            max_suppressed //= 2
        else:
            max_results //= 2
