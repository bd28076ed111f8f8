"""What every formatter shares: counts, the masked snippet of a finding, the notices."""
from __future__ import annotations

from collections import Counter

from ..secrets import index_ranges, masked_line


def summary(result) -> dict:
    by_severity = Counter(f.severity for f in result.findings)
    kinds = {k for r in result.rules for k in r.meta.kinds}
    return {
        "files": sum(1 for f in result.files if f.kind in kinds),
        "findings": len(result.findings),
        "errors": by_severity.get("error", 0),
        "warnings": by_severity.get("warning", 0),
        "notes": by_severity.get("note", 0),
        "suppressed": sum(1 for f in result.suppressed if f.suppressed != "baseline"),
        "baselined": sum(1 for f in result.suppressed if f.suppressed == "baseline"),
        "set_aside": sum(n for _, _, n in set_aside(result)),
    }


def set_aside(result) -> list[tuple[str, str, int]]:
    """(role, reason, files) for the files of a checked kind that production checks skip, most files first.

    A deployment kept under `examples/` (or named `*.dev.yml`, or that a README calls a demo) gives no
    production finding: a run that only said "0 findings" hid why, and only `--show-files` or the audit told.
    Asked once per report (cached on the result): every file's role is already known to the run."""
    if getattr(result, "set_aside", None) is None:
        result.set_aside = set_aside_groups(result.rules, result.files, getattr(result, "project", None))
    return result.set_aside


def set_aside_groups(rules, files, project) -> list[tuple[str, str, int]]:
    """What :func:`set_aside` answers, from the run's parts (the engine keeps it in the result cache: a warm run
    decides no role, and deciding every file's here cost more than the rest of it)."""
    kinds = {k for r in rules for k in r.meta.kinds}
    groups: dict[tuple[str, str], int] = {}
    for f in files:
        if f.kind not in kinds or f.role == "production":
            continue
        reason = project.roles.decision(f.rel).reason if project is not None else ""
        groups[(f.role, reason)] = groups.get((f.role, reason), 0) + 1
    return sorted(((role, reason, n) for (role, reason), n in groups.items()), key=lambda g: (-g[2], g[0], g[1]))


_GROUPS_SHOWN = 3


def set_aside_line(result) -> str | None:
    """One line saying how many files production checks skipped and why (the three largest reasons), and how
    to see or check them; None when every file was held to production. Reasons may quote the repository (a
    README's words): masked, as `--show-files` masks them."""
    from ..secrets import mask_message
    groups = set_aside(result)
    if not groups:
        return None
    total = sum(n for _, _, n in groups)
    redactor = getattr(result, "redactor", None)
    scrub = redactor.scrub if redactor is not None else (lambda text: text)
    parts = [f"{n} {role} ({scrub(mask_message(reason))[:120]})" for role, reason, n in groups[:_GROUPS_SHOWN]]
    rest = sum(n for _, _, n in groups[_GROUPS_SHOWN:])
    if rest:
        parts.append(f"{rest} more")
    return (f"{total} file{'s' if total != 1 else ''} set aside from production checks: {', '.join(parts)}; "
            "see `--show-files`, or set `[roles] production` to check them")


def snippet(result, finding) -> str:
    """The finding's first line of source, with secrets masked; '' when the file is not at hand.

    Most findings carry their line, masked where they were found (in a worker, or in the result cache);
    the others are read here. Reports list findings file by file: a file read here is released when a
    finding of another file is asked for, so a report over a large tree holds one file's text at a time."""
    if finding.snippet is not None:
        return result.redactor.scrub_line(finding.snippet)[:240]
    file = result.project.by_rel.get(finding.path) if result.project else None
    held = result.__dict__.get("_snippet_file")
    if held is not None and held is not file:
        held.release()
        result.__dict__["_snippet_file"] = None
    if file is None:
        return ""
    if not file.loaded:
        result.__dict__["_snippet_file"] = file
    if not file.text:
        return ""
    # Findings come file by file, in line order: many on one long line (minified code) share one masking of
    # it, which otherwise ran once per finding over the whole line.
    where = (finding.path, finding.span.line)
    last = result.__dict__.get("_last_snippet")
    if last is not None and last[0] == where:
        return last[1]
    indexed = result.__dict__.setdefault("_ranges_by_line", {})
    ranges = indexed.get(finding.path)
    if ranges is None:
        ranges = indexed[finding.path] = index_ranges(result.secret_ranges.get(finding.path, ()))
    line = masked_line(file, finding.span.line, ranges, max_length=None)
    shown = result.redactor.scrub_line(line)[:240]
    result.__dict__["_last_snippet"] = (where, shown)
    return shown
