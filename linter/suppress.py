"""Inline suppression directives, written in each file kind's own comment syntax.

    # prodlint: ignore[CMP001] -- reason        this line, or the next code line when alone
    # prodlint: ignore-file[ENV001] -- reason   the whole file
    # prodlint: disable[NGX003] ... # prodlint: enable[NGX003]    a block
    // prodlint: ignore[JS001] -- reason        (JavaScript and TypeScript)

Ids or rule names are accepted; a directive naming an unknown rule, and one
that suppresses nothing, are themselves reported.
"""
from __future__ import annotations

from .lazyre import lazy
from .record import Record
from .textlines import source_lines

# The directive's head only; what follows it is judged by _TAIL_REASON / _TAIL_EMPTY, anchored where the head
# ends. One pattern for the whole line (a lazy reason before `\s*(?:\*/)?\s*$`) backtracks cubically over a
# long run of spaces inside the reason: a repository's one comment line would hang the run. The id list is
# bounded so that a line of unclosed `[` heads stays linear.
_DIRECTIVE = lazy(
    r"(?P<lead>#|//|/\*)\s*prodlint:\s*(?P<verb>ignore-file|ignore|disable|enable)\b"
    r"(?:\[(?P<ids>[^\]]{0,1000})\])?")
_TAIL_REASON = lazy(r"\s*--")
_TAIL_EMPTY = lazy(r"\s*(?:\*/\s*)?$")
_COMMENT_LEADS = {"node": ("//", "/*"), "package": ()}
PRODLINT_VERBS = frozenset({"ignore", "ignore-file", "disable", "enable"})  # others: linter.peer_directives


class Directive(Record):
    """An inline suppression comment, and the lines it covers."""
    verb: str
    ids: list[str]  # empty = every rule
    reason: str
    line: int
    column: int
    applies_to: tuple[int, int]  # first, last line (inclusive)
    used: bool
    rule_ids: set[str]  # resolved

    _fields = ("verb", "ids", "reason", "line", "column", "applies_to", "used", "rule_ids")

    def __init__(self, verb, ids, reason, line, column, applies_to, used=False, rule_ids=None):
        self.verb = verb
        self.ids = ids
        self.reason = reason
        self.line = line
        self.column = column
        self.applies_to = applies_to
        self.used = used
        self.rule_ids = set() if rule_ids is None else rule_ids


def parse_directives(text: str, kind: str) -> list[Directive]:
    if "prodlint:" not in text:
        return []
    leads = _COMMENT_LEADS.get(kind, ("#",))
    if not leads:
        return []
    lines = source_lines(text)
    found: list[Directive] = []
    blocks = _OpenBlocks()
    next_code = None  # next_code[k]: the first line at or after k that is neither blank nor a comment
    for number, line in enumerate(lines, start=1):
        if "prodlint:" not in line:
            continue
        found_at = _directive_at(line)
        if found_at is None:
            continue
        m, reason = found_at
        if m.group("lead") not in leads:
            continue
        ids = [i.strip() for i in (m.group("ids") or "").split(",") if i.strip()]
        verb = m.group("verb")
        before = line[:m.start()].strip()
        directive = Directive(verb, ids, reason, number, m.start() + 1, (number, number))
        if verb == "ignore-file":
            directive.applies_to = (1, len(lines))
        elif verb == "ignore":
            if not before:
                if next_code is None:  # worked out once: a walk per directive over the comments below it was
                    next_code = _next_code_lines(lines, leads)  # quadratic in a file of directive lines
                target = next_code[number + 1]
                directive.applies_to = (target, target)
        elif verb == "disable":
            directive.applies_to = (number, len(lines))
            blocks.open(directive)
        elif verb == "enable":
            block = blocks.close(ids)
            if block is not None:
                block.applies_to = (block.applies_to[0], number)
            continue  # an enable only closes a block
        found.append(directive)
    return found


def _next_code_lines(lines: list[str], leads) -> list[int]:
    n = len(lines)
    out = [n + 1] * (n + 2)
    for k in range(n, 0, -1):
        out[k] = out[k + 1] if _is_blank_or_comment(lines[k - 1], leads) else k
    return out


class _OpenBlocks:
    """The `disable` blocks not yet closed. An `enable[X]` closes the latest one that names X or names no rule;
    a bare `enable` the latest one. Kept as stacks per rule (closed entries dropped when met), so a file of
    thousands of disables and enables that match none of them costs their number, not its square."""

    def __init__(self):
        self.all: list[Directive] = []
        self.bare: list[Directive] = []
        self.by_id: dict[str, list[Directive]] = {}
        self.closed: set[int] = set()

    def open(self, directive: Directive) -> None:
        self.all.append(directive)
        for selector in set(directive.ids) or (None,):
            (self.bare if selector is None else self.by_id.setdefault(selector, [])).append(directive)

    def _top(self, stack: list[Directive]) -> Directive | None:
        while stack and id(stack[-1]) in self.closed:
            stack.pop()
        return stack[-1] if stack else None

    def close(self, ids: list[str]) -> Directive | None:
        if ids:
            tops = [self._top(self.bare)] + [self._top(self.by_id.get(i, [])) for i in set(ids)]
            tops = [t for t in tops if t is not None]
            block = max(tops, key=lambda d: d.line) if tops else None
        else:
            block = self._top(self.all)
        if block is not None:
            self.closed.add(id(block))
        return block


def _directive_at(line: str):
    """The first directive of a line and its reason: a head followed by `-- reason`, or by nothing but an
    optional `*/`; a head followed by anything else is prose, and a later head on the line is tried."""
    pos = 0
    while True:
        m = _DIRECTIVE.search(line, pos)
        if m is None:
            return None
        dash = _TAIL_REASON.match(line, m.end())
        if dash is not None:
            reason = line[dash.end():].rstrip()
            if reason.endswith("*/"):
                reason = reason[:-2]
            return m, reason.strip()
        if _TAIL_EMPTY.match(line, m.end()):
            return m, ""
        pos = m.start() + 1


def _is_blank_or_comment(line: str, leads) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith(leads)


def covers(directive: Directive, rule_id: str, line: int) -> bool:
    first, last = directive.applies_to
    if not first <= line <= last:
        return False
    if not directive.rule_ids:  # another linter's directive naming no rule prodlint covers suppresses nothing
        return directive.verb in PRODLINT_VERBS
    return rule_id in directive.rule_ids
