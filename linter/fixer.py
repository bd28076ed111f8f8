"""Applying fixes: text edits, in passes, until nothing changes.

Each pass runs the engine over an in-memory overlay of the files fixed so far,
applies every eligible fix whose edits do not overlap an edit already taken in
that pass, and goes again, up to a loop limit (sqlfluff's runaway limit). Only
the edited ranges change: everything else in a file, comments, key order,
quoting, indentation and line endings included, stays byte-identical. Files
that were not clean UTF-8 (or UTF-16 with a byte-order mark) are never rewritten,
and a run writes all its fixes or none (see files.write_files).
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from .api import Edit, Finding

MAX_PASSES = 10


@dataclass
class FixOutcome:
    result: object  # the RunResult of the last pass: what remains
    original: dict[str, str] = field(default_factory=dict)  # rel -> text before any fix
    fixed: dict[str, str] = field(default_factory=dict)  # rel -> text after the last pass
    applied: list[Finding] = field(default_factory=list)
    passes: int = 0
    converged: bool = True

    @property
    def changed(self) -> list[str]:
        return sorted(rel for rel, text in self.fixed.items() if text != self.original.get(rel))

    def diff(self) -> str:
        """The changes as a unified diff, fit to print: secrets on its lines masked (see secrets.mask_diff)."""
        from .report.visible import visible
        from .secrets import mask_diff

        out = []
        originals = {f"a/{visible(rel)}": self.original[rel] for rel in self.changed}
        for rel in self.changed:
            # lines end at LF only: a form feed or a vertical tab inside a line must not start a diff line of
            # its own (mask_diff makes it visible); a file name may hold a line break: shown escaped
            out.extend(difflib.unified_diff(_lines(self.original[rel]), _lines(self.fixed[rel]),
                                            fromfile=f"a/{visible(rel)}", tofile=f"b/{visible(rel)}"))
        return mask_diff("".join(out), getattr(self.result, "redactor", None), originals)


def _lines(text: str) -> list[str]:
    """The lines of ``text``, each with its LF."""
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def eligible(finding: Finding, include_unsafe: bool) -> bool:
    return finding.fix is not None and (finding.fix.safety == "safe" or include_unsafe)


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits (any order) to a text."""
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[:edit.start] + edit.text + text[edit.end:]
    return text


def _overlaps(edit: Edit, taken: list[Edit]) -> bool:
    for other in taken:
        if edit.start < other.end and other.start < edit.end:
            return True
        if edit.start == edit.end == other.start == other.end:
            return True  # two insertions at one point: order would be arbitrary
    return False


def fix(run_once, include_unsafe: bool) -> FixOutcome:
    """``run_once(overlay)`` runs the engine with file texts taken from ``overlay`` where present."""
    overlay: dict[str, str] = {}
    outcome = FixOutcome(result=None)
    for number in range(1, MAX_PASSES + 1):
        result = run_once(overlay)
        outcome.result = result
        outcome.passes = number
        taken: dict[str, list[Edit]] = {}
        applied_now = []
        for finding in result.findings:
            if not eligible(finding, include_unsafe):
                continue
            path = finding.fix.path or finding.path
            file = result.project.by_rel.get(path)
            if file is None or file.encoding_note or file.unreadable:
                continue
            edits = list(finding.fix.edits)
            if any(_overlaps(e, taken.get(path, [])) for e in edits):
                continue  # a later pass sees the file as this pass leaves it
            taken.setdefault(path, []).extend(edits)
            applied_now.append((path, finding))
        if not taken:
            return outcome
        for path, edits in taken.items():
            current = overlay.get(path)
            if current is None:
                current = result.project.by_rel[path].text
                outcome.original.setdefault(path, current)
            overlay[path] = apply_edits(current, edits)
            outcome.fixed[path] = overlay[path]
        outcome.applied.extend(f for _, f in applied_now)
    outcome.converged = False
    return outcome


def write(outcome: FixOutcome, root: Path) -> list[str]:
    """Write the fixed files back, all or none (raises files.Unwritable, one line per refused file)."""
    from .files import write_files

    changed = outcome.changed
    max_bytes = getattr(getattr(outcome.result, "config", None), "max_file_size", None) or 2 * 1024 * 1024
    write_files([(root / rel, outcome.fixed[rel], outcome.original[rel]) for rel in changed], root,
                max_bytes, labels=changed)
    return changed
