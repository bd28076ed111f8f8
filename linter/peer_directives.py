"""Other linters' inline directives, read as the decisions they record.

A repository that already runs hadolint, Checkov, Bandit, Ruff, Semgrep, njsscan or KICS has triaged some
findings with those tools' own comments. Where prodlint covers the same rule (a rule's ``META.peers``), the
comment means the same decision for prodlint's finding, with the peer's own scope:

    # hadolint ignore=DL3008,DL4006        the instruction on the very next line (all its lines)
    # hadolint global ignore=DL3008        the whole Dockerfile
    # checkov:skip=CKV_DOCKER_3: reason    the whole Dockerfile (Checkov's resource is the file)
    x = "..."  # nosec B105                this line (a bare `# nosec`: every rule Bandit covers)
    x = "..."  # noqa: S105                this line (Ruff / flake8-bandit codes; a bare `# noqa` is not
                                           read: it is mostly written for style checks)
    // nosemgrep: rule-id                   this line and the next (Semgrep: "the first line or the preceding
                                           line of the match"); any file kind; a full registry id
                                           (`javascript.express....cors-misconfiguration`) means its last part;
                                           a bare `nosemgrep` (or `nosem`): every rule Semgrep covers
    app.use(cors())  // njsscan-ignore: express_cors     this line
    # kics-scan ignore-line                 this line and the next (in a Dockerfile, the whole next instruction)
    # kics-scan ignore-block                this line to the end of the next block (a Dockerfile: the stage
                                           that follows, up to the next FROM; YAML: the next key and what is
                                           indented under it)
    # kics-scan ignore / disable=<id>,...   at the head of the file (only comments before it): the whole file,
                                           every query KICS covers / the queries named (by their UUIDs);
                                           `enable=` (report only the named queries) is not read

Such findings are suppressed and counted like prodlint's own directives (linter.decide), never dropped
unseen; a directive naming a rule prodlint does not cover, or suppressing nothing, is the other tool's
business and is not reported. `peer-directives = false` in the configuration turns this off.
"""
from __future__ import annotations

import re

from .lazyre import lazy
from .suppress import Directive, parse_directives
from .textlines import source_lines

# Bounded repetitions keep every pattern linear on a hostile line (tests/test_peer_directives.py).
_HADOLINT = lazy(r"^\s*#\s*hadolint\s+(?P<glob>global\s+)?ignore\s*=\s*(?P<ids>[A-Za-z0-9]{1,20}"
                 r"(?:\s{0,20},\s{0,20}[A-Za-z0-9]{1,20}){0,100})")
_CHECKOV = lazy(r"#\s*(?:checkov|bridgecrew):skip=\s{0,20}(?P<id>CKV2?_[A-Z0-9]{1,20}_[0-9]{1,5})\b")
_ESCAPE = lazy(r"^\s*#\s*escape\s*=\s*(?P<char>[\\`])\s*$", re.I)
_NOSEC = lazy(r"#\s{0,20}nosec\b(?::?\s{0,20}(?P<ids>[A-Z][0-9]{3}(?:[\s,]{1,20}[A-Z][0-9]{3}){0,100}))?")
_NOQA = lazy(r"#\s{0,20}noqa:\s{0,20}(?P<ids>[A-Z]{1,4}[0-9]{1,4}(?:[\s,]{1,20}[A-Z]{1,4}[0-9]{1,4}){0,100})",
             re.I)  # Ruff reads `# NOQA:` too
_NOSEMGREP = lazy(r"(?:#|//|/\*)\s{0,20}nosem(?:grep)?\b(?:\s{0,20}:\s{0,20}(?P<ids>[\w.-]{1,200}"
                  r"(?:[\s,]{1,20}[\w.-]{1,200}){0,100}))?", re.I)
_NJSSCAN = lazy(r"(?://|/\*)\s{0,20}njsscan-ignore\s{0,20}:\s{0,20}(?P<ids>\w{1,100}(?:[\s,]{1,20}\w{1,100}){0,100})")
_KICS = lazy(r"^\s*#\s*kics-scan\s+(?P<cmd>ignore-line|ignore-block|ignore|disable)\b(?:\s{0,20}=\s{0,20}"
             r"(?P<ids>[\w-]{1,64}(?:\s{0,20},\s{0,20}[\w-]{1,64}){0,200}))?")
_SEMGREP_MARKERS = ("nosem", "NOSEM", "Nosem")
_MARKERS = {"dockerfile": ("hadolint", "checkov:skip", "bridgecrew:skip", "kics-scan") + _SEMGREP_MARKERS,
            "python": ("nosec", "noqa", "NOQA") + _SEMGREP_MARKERS,
            "node": ("njsscan-ignore",) + _SEMGREP_MARKERS,
            "compose": ("kics-scan",) + _SEMGREP_MARKERS, "nginx": _SEMGREP_MARKERS}


def directives_in(text: str, kind: str, peers: bool) -> list[Directive]:
    """prodlint's directives of a file (linter.suppress), and (``peers``) other linters' ones."""
    found = parse_directives(text, kind) if "prodlint:" in text else []
    if peers and may_hold(text, kind):
        found += parse_peer_directives(text, kind)
    return found


def may_hold(text: str, kind: str) -> bool:
    """Whether a file of this kind can hold a peer directive at all (a substring test, before any parsing)."""
    return any(marker in text for marker in _MARKERS.get(kind, ()))


def parse_peer_directives(text: str, kind: str) -> list[Directive]:
    if not may_hold(text, kind):
        return []
    lines = source_lines(text)
    found = _dockerfile(lines) if kind == "dockerfile" else _python(lines) if kind == "python" else []
    if kind == "node":
        found += _njsscan(lines)
    if kind in ("dockerfile", "compose") and "kics-scan" in text:
        found += _kics(lines, kind)
    if any(marker in text for marker in _SEMGREP_MARKERS):
        found += _semgrep(lines)
    return found


def _dockerfile(lines: list[str]) -> list[Directive]:
    layout = None
    found = []
    for number, line in enumerate(lines, start=1):
        if "#" not in line:
            continue
        m = _HADOLINT.match(line)
        if m is not None:
            named = [i.strip().upper() for i in m.group("ids").split(",") if i.strip()]
            ids = [f"hadolint:{i}" for i in named]
            verb = _shown(("hadolint global ignore=" if m.group("glob") else "hadolint ignore=") + ",".join(named))
            if m.group("glob"):
                span = (1, len(lines))
            else:  # hadolint keys the pragma to the line below it: only an instruction starting there
                layout = layout or _Layout(lines, _escape_char(lines))
                span = layout.instruction_at(number + 1)
                if span is None:
                    continue
            found.append(Directive(verb, ids, "", number, line.index("#") + 1, span))
            continue
        if line.lstrip().startswith("#"):
            m = _CHECKOV.search(line)
            if m is not None:
                found.append(Directive(f"checkov:skip={m.group('id')}", [f"checkov:{m.group('id')}"], "", number,
                                       m.start() + 1, (1, len(lines))))
    return found


def _escape_char(lines: list[str]) -> str:
    """The Dockerfile's line continuation character: `\\`, or what a leading `# escape=` directive sets."""
    for line in lines:
        stripped = line.strip()
        if not stripped.startswith("#"):
            break
        m = _ESCAPE.match(line)
        if m is not None:
            return m.group("char")
    return "\\"


class _Layout:
    """Where instructions and blocks of a file end, worked out once for the whole file.

    Each directive used to walk forward from its own line: a file of directives each above an instruction
    continued into the next (`# hadolint ignore=...` / `RUN a \\`, 8,000 pairs in 300 kB) walked the rest of
    the file for every one of them, 20 s of CPU, and minutes at the size cap."""

    def __init__(self, lines: list[str], escape: str = "\\"):
        self.lines = lines
        n = len(lines)
        self.code = [False] + [bool(t.strip()) and not t.lstrip().startswith("#") for t in lines]  # 1-based
        # next_code[k]: the first code line at or after k (n + 1 when none)
        self.next_code = [n + 1] * (n + 2)
        for k in range(n, 0, -1):
            self.next_code[k] = k if self.code[k] else self.next_code[k + 1]
        self._escape = escape
        self._ends = None
        self._next_from = None
        self._yaml_ends = None

    def instruction_at(self, start: int) -> tuple[int, int] | None:
        """The lines of the instruction that starts on line ``start``, continuations and the comments between
        them included (Docker drops comment and empty lines inside a continued instruction); None when that line
        is blank or a comment."""
        if start > len(self.lines) or not self.code[start]:
            return None
        if self._ends is None:
            n, ends = len(self.lines), [0] * (len(self.lines) + 2)
            for i in range(n, 0, -1):
                if i >= n or not self.lines[i - 1].rstrip().endswith(self._escape):
                    ends[i] = i
                else:
                    following = min(self.next_code[i + 1], n)
                    ends[i] = n if following >= n else ends[following]
            self._ends = ends
        return start, self._ends[start]

    def block_end(self, number: int, kind: str) -> int:
        """The last line of the block after the comment on line ``number``: a Dockerfile's stage (up to the next
        FROM), or a YAML key with everything indented under it."""
        n = len(self.lines)
        start = self.next_code[number + 1] if number + 1 <= n else n + 1
        if start > n:
            return number
        if kind == "dockerfile":
            if self._next_from is None:
                nxt = [n + 1] * (n + 2)
                for k in range(n, 0, -1):
                    nxt[k] = k if self.lines[k - 1].lstrip().upper().startswith("FROM ") else nxt[k + 1]
                self._next_from = nxt
            return self._next_from[start + 1] - 1 if start < n else n
        if self._yaml_ends is None:
            self._yaml_ends = self._indented_ends()
        return self._yaml_ends[start]

    def _indented_ends(self) -> list[int]:
        """For each code line, the last line before the next code line indented no deeper (one pass with a
        stack of open lines: each line is pushed and popped once)."""
        n = len(self.lines)
        ends = [n] * (n + 2)
        open_lines: list[tuple[int, int]] = []  # (indent, line), indents increasing
        for k in range(1, n + 1):
            if not self.code[k]:
                continue
            text = self.lines[k - 1]
            indent = len(text) - len(text.lstrip())
            while open_lines and open_lines[-1][0] >= indent:
                ends[open_lines.pop()[1]] = k - 1
            open_lines.append((indent, k))
        return ends


def _python(lines: list[str]) -> list[Directive]:
    found = []
    for number, line in enumerate(lines, start=1):
        if "#" not in line:
            continue
        for pattern, tool, verb in ((_NOSEC, "bandit", "nosec"), (_NOQA, "ruff", "noqa:")):
            m = pattern.search(line)
            if m is None:
                continue
            named = [i.upper() for i in (m.group("ids") or "").replace(",", " ").split()]
            ids = [f"{tool}:{i}" for i in named] or [f"{tool}:*"]
            found.append(Directive(_shown(" ".join([verb, ",".join(named)]).strip()), ids, "", number,
                                   m.start() + 1, (number, number)))
    return found


def _semgrep(lines: list[str]) -> list[Directive]:
    found = []
    for number, line in enumerate(lines, start=1):
        if "nosem" not in line.lower():
            continue
        m = _NOSEMGREP.search(line)
        if m is None:
            continue
        # Semgrep compares the comment's id with the end of the rule's dotted registry id
        named = [i.rsplit(".", 1)[-1] for i in (m.group("ids") or "").replace(",", " ").split()]
        named = [i for i in named if i]
        ids = [f"semgrep:{i}" for i in named] or ["semgrep:*"]
        verb = _shown(" ".join(["nosemgrep:", ",".join(named)]) if named else "nosemgrep")
        found.append(Directive(verb, ids, "", number, m.start() + 1, (number, min(number + 1, len(lines)))))
    return found


def _kics(lines: list[str], kind: str) -> list[Directive]:
    found = []
    layout = None
    head = True  # KICS reads `ignore` and `disable=` only before the file's first line that is not a comment
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        m = _KICS.match(line) if "kics-scan" in line else None
        if m is None:
            if stripped and not stripped.startswith("#") and stripped != "---":
                head = False
            continue
        cmd = m.group("cmd")
        named = [i.strip().lower() for i in (m.group("ids") or "").split(",") if i.strip()]
        if cmd in ("ignore", "disable"):
            if not head or (cmd == "disable" and not named):
                continue
            span = (1, len(lines))
        elif cmd == "ignore-line":
            span = (number, number + 1)
            if kind == "dockerfile":
                layout = layout or _Layout(lines, _escape_char(lines))
                following = layout.instruction_at(number + 1)
                span = (number, following[1] if following else number + 1)
        else:
            layout = layout or _Layout(lines, _escape_char(lines) if kind == "dockerfile" else "\\")
            span = (number, layout.block_end(number, kind))
        ids = [f"kics:{i}" for i in named] if cmd == "disable" else ["kics:*"]
        verb = _shown(f"kics-scan disable={','.join(named)}" if cmd == "disable" else f"kics-scan {cmd}")
        found.append(Directive(verb, ids, "", number, line.index("#") + 1, (span[0], min(span[1], len(lines)))))
    return found


def _njsscan(lines: list[str]) -> list[Directive]:
    found = []
    for number, line in enumerate(lines, start=1):
        if "njsscan-ignore" not in line:
            continue
        m = _NJSSCAN.search(line)
        if m is not None:
            named = m.group("ids").replace(",", " ").split()
            found.append(Directive(_shown("njsscan-ignore: " + ",".join(named)), [f"njsscan:{i}" for i in named],
                                   "", number, m.start() + 1, (number, number)))
    return found


def _shown(verb: str) -> str:
    """The directive as notices quote it: made of rule ids only (never the commented line, which may hold
    the very value suppressed), and short."""
    return verb if len(verb) <= 80 else verb[:77] + "..."


def rules_for(peer_id: str, metas) -> set[str]:
    """Ids of the rules (of ``metas``) that cover ``peer_id``; "tool:*" is every rule covering one of the tool's."""
    if peer_id.endswith(":*"):
        tool = peer_id[:-1]
        return {m.id for m in metas if any(p.startswith(tool) for p in getattr(m, "peers", ()))}
    return {m.id for m in metas if peer_id in getattr(m, "peers", ())}
