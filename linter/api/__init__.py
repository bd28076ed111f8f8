"""The public surface a rule module sees.

A rule is a module with a docstring (its documentation), ``META`` (a
:class:`RuleMeta`), optionally ``MESSAGES`` (message id -> text template) and
``check(doc, ctx)`` yielding :class:`Finding` objects made by ``ctx.finding``.
Nothing here knows a specific rule.
"""
from __future__ import annotations

from types import MappingProxyType
from typing import Any, Mapping

from ..lazyre import lazy  # noqa: F401  (rules compile their patterns on first use)
from ..record import NamedTuple, Record

SEVERITIES = ("error", "warning", "note")
SEVERITY_RANK = {"note": 1, "warning": 2, "error": 3}


_NO_OPTIONS: Mapping[str, Any] = MappingProxyType({})


# A NamedTuple, as Span below (docs/architecture.md, "Records"): a run builds some 230 of these.
class RuleMeta(NamedTuple):
    """A rule's metadata: what the engine dispatches on, stamps on findings and publishes (docs, SARIF)."""
    id: str
    name: str
    kinds: tuple[str, ...]
    severity: str
    checklist: tuple[str, ...]
    fix: str = "none"  # "none" | "safe" | "unsafe"
    options: Mapping[str, Any] = _NO_OPTIONS  # option name -> JSON Schema (with "default")
    roles: tuple[str, ...] = ("production",)  # file roles the engine feeds this rule
    cwe: tuple[int, ...] = ()
    precision: str = "high"  # SARIF precision: very-high | high | medium | low
    security: bool = True  # security rule (SARIF security-severity) or quality rule
    # Words a file must contain for the rule to have anything to say about it, searched in the raw text
    # before any parsing: every entry must be found, and "a|b" is found when either word is. Smart case,
    # as in ripgrep: a word in lowercase matches in any case, a word with a capital matches exactly.
    # They let a run skip parsing files no active rule could report on; they must be necessary conditions
    # (tests/test_rule_hints.py runs every rule case with and without them).
    hints: tuple[str, ...] = ()
    # An nginx rule that walks the whole include trees of its file (``trees_for(doc)``) and reports only
    # through ``Emitter``, reading nothing else of the document nor ``ctx.file``: its findings in a file
    # are then those its walk meets there, so the engine may run it once per tree of many files and hand
    # each file its share (linter.model.nginx_groups). tests/test_nginx_groups.py holds rules to it.
    per_tree: bool = False
    # Other linters' rule ids this rule covers, as "tool:ID" ("hadolint:DL3008", "bandit:B105"): an
    # inline directive of that tool naming one (`# hadolint ignore=DL3008`) is a decision the repository
    # already took about this rule's findings there (linter.peer_directives).
    peers: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {
            "id": self.id, "name": self.name, "kinds": list(self.kinds), "severity": self.severity,
            "checklist": list(self.checklist), "fix": self.fix, "options": dict(self.options),
            "roles": list(self.roles), "cwe": list(self.cwe), "precision": self.precision,
            "security": self.security, "hints": list(self.hints), "per_tree": self.per_tree,
            "peers": list(self.peers),
        }

    def wants(self, has_word) -> bool:
        """Whether a file can hold something for this rule, given a test for a hint word in it."""
        return all(any(has_word(word) for word in entry.split("|")) for entry in self.hints)


# Span, Edit and Fix are NamedTuples, not frozen dataclasses (docs/architecture.md, "Records").
class Span(NamedTuple):
    """1-based line and column; the end is exclusive (SARIF's convention)."""
    line: int
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None

    @staticmethod
    def at(line: int, column: int = 1, length: int | None = None) -> "Span":
        if length is None:
            return Span(line, column)
        return Span(line, column, line, column + max(length, 1))


class Edit(NamedTuple):
    """Replace the text between two 0-based offsets of the file."""
    start: int
    end: int
    text: str


class Fix(NamedTuple):
    """Text edits that resolve a finding, with how safe they are to apply unreviewed."""
    title: str
    edits: tuple[Edit, ...]
    safety: str = "safe"  # "safe" | "unsafe"
    path: str | None = None  # defaults to the finding's path


class Finding(Record):
    """One reported problem, stamped by the engine with the rule's identity, severity and fingerprint."""
    rule_id: str
    rule_name: str
    path: str  # posix, relative to the repository root
    span: Span
    message: str
    message_id: str
    severity: str
    checklist: tuple[str, ...]
    key: str  # normalised location key, the fingerprint's input besides rule and path
    fingerprint: str
    fix: Fix | None
    suppressed: str | None  # why it is not reported ("inline", "baseline", ...)
    # The source line at the finding, masked as far as the check that found it knows (see
    # secrets.masked_line); reports scrub it again with every secret value of the run.
    snippet: str | None
    # Where git does not track the file: "untracked" (not yet added) or "ignored" (by a .gitignore, read
    # under the --untracked policy); None for a tracked file, or where git is not asked.
    untracked: str | None
    # What suppressed it, for outputs that show suppressed findings as such (SARIF `suppressions`): the
    # directive's (line, text) for an inline or another linter's directive; None otherwise.
    suppressed_by: tuple[int, str] | None

    __slots__ = _fields = ("rule_id", "rule_name", "path", "span", "message", "message_id", "severity", "checklist",
                           "key", "fingerprint", "fix", "suppressed", "snippet", "untracked", "suppressed_by")

    def __init__(self, rule_id, rule_name, path, span, message, message_id, severity, checklist, key, fingerprint="",
                 fix=None, suppressed=None, snippet=None, untracked=None, suppressed_by=None):
        self.rule_id = rule_id
        self.rule_name = rule_name
        self.path = path
        self.span = span
        self.message = message
        self.message_id = message_id
        self.severity = severity
        self.checklist = checklist
        self.key = key
        self.fingerprint = fingerprint
        self.fix = fix
        self.suppressed = suppressed
        self.snippet = snippet
        self.untracked = untracked
        self.suppressed_by = suppressed_by

    def sort_key(self):
        return (self.path, self.span.line, self.span.column, self.rule_id, self.key)

    def as_dict(self) -> dict:
        d = {
            "rule": self.rule_id, "name": self.rule_name, "path": self.path,
            "line": self.span.line, "column": self.span.column,
            "end_line": self.span.end_line, "end_column": self.span.end_column,
            "severity": self.severity, "message_id": self.message_id, "message": self.message,
            "checklist": list(self.checklist), "key": self.key, "fingerprint": self.fingerprint,
        }
        d["untracked"] = self.untracked is not None
        d["ignored"] = self.untracked == "ignored"
        if self.fix is not None:
            d["fix"] = {"title": self.fix.title, "safety": self.fix.safety}
        return d
