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


def render(result, **_) -> str:
    out = []
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
    return "\n".join(out) + ("\n" if out else "")
