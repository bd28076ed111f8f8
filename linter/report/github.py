"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` annotation per finding.

Every line starts with a command of ours; text from the repository only ever follows it, with line breaks
and ``%`` encoded (so it can neither start a line of its own, a ``::command`` or ``##[command]``, nor smuggle
``%0A`` through), property separators encoded, and control characters (ESC, OSC, BEL, CSI) made visible.
"""
from __future__ import annotations

from .visible import visible

_LEVEL = {"error": "error", "warning": "warning", "note": "notice"}


def _data(text: str) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return visible(text)


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _silenced(result) -> str | None:
    """One line for what the scanned repository switched off or suppressed. GitHub shows the first ten
    annotations of each level a step writes: any number of findings and notices written first would hide
    the per-setting notices, so this line comes before everything, as a warning."""
    steering = [e["setting"] for e in getattr(result, "steering", ())]
    places = [p for p in getattr(result, "suppressions", ()) if p["cause"] != "baseline" or steering]
    if not steering and not places:
        return None
    parts = []
    if steering:
        parts.append("settings that remove or weaken findings: " + ", ".join(dict.fromkeys(steering)))
    if places:
        count = sum(p["count"] for p in places)
        files = len({p["path"] for p in places})
        parts.append(f"{count} finding{'s' if count != 1 else ''} suppressed in {files} file{'s' if files != 1 else ''}")
    return "the scanned repository weakens this check: " + "; ".join(parts) + " (each is listed in the notices)"


def render(result, **_) -> str:
    out = []
    silenced = _silenced(result)
    if silenced is not None:
        out.append(f"::warning title=prodlint::{_data(silenced)}")
    for f in result.findings:
        props = [f"file={_prop(f.path)}", f"line={f.span.line}", f"col={f.span.column}"]
        if f.span.end_line:
            props.append(f"endLine={f.span.end_line}")
        if f.span.end_column and (f.span.end_line in (None, f.span.line)):
            props.append(f"endColumn={f.span.end_column}")
        props.append(f"title={_prop(f'{f.rule_id} {f.rule_name}')}")
        mark = {"ignored": " (in a git-ignored file)", "untracked": " (in a file git does not track yet)"}
        out.append(f"::{_LEVEL[f.severity]} {','.join(props)}::{_data(f.message + mark.get(f.untracked, ''))}")
    for n in result.notices:
        where = f"file={_prop(n.path)}," if n.path else ""  # a run-wide notice has no file
        out.append(f"::notice {where}title=prodlint::{_data(n.message)}")
    from .common import set_aside_line
    aside = set_aside_line(result)
    if aside is not None:
        out.append(f"::notice title=prodlint::{_data(aside)}")
    return "\n".join(out) + ("\n" if out else "")
