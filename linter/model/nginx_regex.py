"""Reading the PCRE regular expressions of an nginx configuration, without running them.

Two questions rules ask: can this regex backtrack catastrophically (:func:`redos`), and
does this Origin/Referer check accept hosts its author did not mean (:func:`origin_problem`).
Both work on Python's regex parse tree (PCRE's named groups rewritten first); a pattern
Python cannot parse is left alone.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from ..lazyre import lazy

try:  # Python 3.11+
    import re._constants as C
    import re._parser as sre
except ImportError:  # pragma: no cover
    import sre_constants as C  # type: ignore
    import sre_parse as sre  # type: ignore

ALL = frozenset(range(256))
_DIGIT = frozenset(range(48, 58))
_WORD = frozenset(list(range(48, 58)) + list(range(65, 91)) + list(range(97, 123)) + [95])
_SPACE = frozenset([9, 10, 11, 12, 13, 32])
_CATEGORIES = {
    C.CATEGORY_DIGIT: _DIGIT, C.CATEGORY_NOT_DIGIT: ALL - _DIGIT, C.CATEGORY_WORD: _WORD,
    C.CATEGORY_NOT_WORD: ALL - _WORD, C.CATEGORY_SPACE: _SPACE, C.CATEGORY_NOT_SPACE: ALL - _SPACE,
}
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)}
_SINGLE = {C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN}
_PCRE_NAMED = lazy(r"\(\?<(?![=!])|\(\?'(\w+)'")


@lru_cache(maxsize=2048)
def parse(pattern: str):
    """Parsed tokens of a PCRE pattern, or None when Python cannot read it."""
    text = _PCRE_NAMED.sub(lambda m: f"(?P<{m.group(1)}>" if m.group(1) else "(?P<", pattern)
    try:
        return list(sre.parse(text))
    except Exception:  # PCRE-only syntax, or a broken pattern: nothing to say about it
        return None


# ---- character sets ---------------------------------------------------------------------------
def char_set(tok) -> frozenset | None:
    op, av = tok
    if op == C.LITERAL:
        return frozenset([av]) if av < 256 else frozenset()
    if op == C.NOT_LITERAL:
        return ALL - {av}
    if op == C.ANY:
        return ALL - {10}
    if op == C.IN:
        out: set[int] = set()
        negate = False
        for iop, iav in av:
            if iop == C.NEGATE:
                negate = True
            elif iop == C.LITERAL:
                out.add(iav)
            elif iop == C.RANGE:
                out.update(range(iav[0], min(iav[1], 255) + 1))
            elif iop == C.CATEGORY:
                out |= _CATEGORIES.get(iav, ALL)
        return ALL - out if negate else frozenset(out)
    return None


def all_chars(seq) -> frozenset:
    """Every character a sequence can consume."""
    out: set[int] = set()
    for op, av in seq:
        s = char_set((op, av))
        if s is not None:
            out |= s
        elif op in _REPEATS:
            out |= all_chars(av[2])
        elif op == C.SUBPATTERN:
            out |= all_chars(av[-1])
        elif op == C.BRANCH:
            for b in av[1]:
                out |= all_chars(b)
        elif op == getattr(C, "ATOMIC_GROUP", None):
            out |= all_chars(av)
    return frozenset(out)


def first_chars(seq) -> frozenset:
    out: set[int] = set()
    for op, av in seq:
        s = char_set((op, av))
        if s is not None:
            return frozenset(out | s)
        if op in _REPEATS:
            out |= first_chars(av[2])
            if av[0] >= 1:
                return frozenset(out)
        elif op == C.SUBPATTERN:
            out |= first_chars(av[-1])
            return frozenset(out)
        elif op == C.BRANCH:
            for b in av[1]:
                out |= first_chars(b)
            return frozenset(out)
    return frozenset(out)


def _unwrap(seq):
    """A group holding one item is that item."""
    while len(seq) == 1 and seq[0][0] == C.SUBPATTERN:
        seq = list(seq[0][1][-1])
    return list(seq)


# ---- ReDoS ------------------------------------------------------------------------------------
def redos(pattern: str) -> str | None:
    """'nested', 'adjacent' or 'alternation' when the pattern can backtrack catastrophically."""
    tokens = parse(pattern)
    if tokens is None:
        return None
    return _scan(tokens)


def _unbounded(av) -> bool:
    return av[1] == C.MAXREPEAT or av[1] > 1


def _scan(seq) -> str | None:
    seq = list(seq)
    prev = None
    for op, av in seq:
        if op in _REPEATS:
            if _unbounded(av):
                body = _unwrap(av[2])
                for branch in _branches(body):
                    if _ambiguous_iteration(branch):
                        return "nested"
                alts = body[0][1][1] if len(body) == 1 and body[0][0] == C.BRANCH else None
                if alts and _overlapping(alts):
                    return "alternation"
                # the parser factors "a|ab" into "a(?:|b)": an iterated choice between a string and its extension
                if any(op == C.BRANCH and any(not b for b in a[1]) for op, a in body):
                    return "alternation"
                if prev is not None and av[1] == C.MAXREPEAT and prev & (_single(av[2]) or frozenset()):
                    return "adjacent"
            found = _scan(av[2])
            if found:
                return found
            prev = _single(av[2]) if av[1] == C.MAXREPEAT else None
            continue
        if op == C.SUBPATTERN:
            inner = _unwrap(av[-1])
            found = _scan(av[-1])
            if found:
                return found
            if len(inner) == 1 and inner[0][0] in _REPEATS and inner[0][1][1] == C.MAXREPEAT:
                rep = inner[0][1]
                if prev is not None and prev & (_single(rep[2]) or frozenset()):
                    return "adjacent"
                prev = _single(rep[2])
                continue
        elif op == C.BRANCH:
            for b in av[1]:
                found = _scan(b)
                if found:
                    return found
        if op != C.AT:
            prev = None
    return None


def _single(body) -> frozenset | None:
    """The characters of a repeat over one character class (``\\w+``, ``.*``), else None: repeats of
    groups are judged by the nested-quantifier check, where their separators are seen."""
    body = _unwrap(list(body))
    return char_set(body[0]) if len(body) == 1 else None


def _branches(body):
    if len(body) == 1 and body[0][0] == C.BRANCH:
        return [_unwrap(b) for b in body[0][1][1]]
    return [body]


def _inner_repeats(seq):
    for op, av in seq:
        if op in _REPEATS:
            if _unbounded(av):
                yield op, av
            yield from _inner_repeats(av[2])
        elif op == C.SUBPATTERN:
            yield from _inner_repeats(av[-1])
        elif op == C.BRANCH:
            for b in av[1]:
                yield from _inner_repeats(b)


def _mandatory_sets(seq):
    """Character sets of single-character items every match of ``seq`` must consume."""
    for op, av in seq:
        s = char_set((op, av))
        if s is not None:
            yield (op, av), s
        elif op in _REPEATS and av[0] >= 1 and len(av[2]) == 1 and char_set(av[2][0]) is not None:
            yield (op, av), char_set(av[2][0])


def _ambiguous_iteration(branch) -> bool:
    """An iterated branch holding an unbounded repeat with no separator the repeat cannot eat."""
    for rep in _inner_repeats(branch):
        chars = all_chars(rep[1][2])
        separated = any(not (s & chars) for tok, s in _mandatory_sets(branch) if tok is not rep)
        if not separated:
            return True
    return False


def _literal_text(seq) -> str | None:
    if all(op == C.LITERAL for op, _ in seq):
        return "".join(chr(av) for _, av in seq)
    return None


def _overlapping(alts) -> bool:
    alts = [_unwrap(a) for a in alts]
    for i, a in enumerate(alts):
        for b in alts[i + 1:]:
            if not (first_chars(a) & first_chars(b)):
                continue
            ta, tb = _literal_text(a), _literal_text(b)
            if ta is not None and tb is not None and (ta.startswith(tb) or tb.startswith(ta)):
                return True
            for x, y in ((a, b), (b, a)):
                if len(x) == 1 and char_set(x[0]) is not None and len(char_set(x[0])) > 1 \
                        and char_set(x[0]) & all_chars(y):
                    return True
    return False


# ---- Origin / Referer checks ------------------------------------------------------------------
def origin_problem(pattern: str, header: str) -> str | None:
    """Why a regex meant to accept trusted origins (``header`` 'origin' or 'referer') accepts others.

    'unanchored' (no ^), 'prefix' (anything may precede the scheme), 'host' (the host can be
    extended into another domain: an unescaped dot, a wildcard before the domain), 'suffix'
    (the host is not terminated by / or $), 'origin-path' (an Origin never carries a path).
    """
    tokens = parse(pattern)
    if tokens is None:
        return None
    for variant in _variants(tokens):
        problem = _origin_variant(variant, header)
        if problem:
            return problem
    return None


def _variants(seq, limit: int = 64) -> list[list]:
    """The pattern as flat sequences: plain groups inlined, alternations expanded."""
    out: list[list] = [[]]
    for op, av in seq:
        if op == C.SUBPATTERN:
            inner = _variants(av[-1], limit)
            out = [a + b for a in out for b in inner][:limit]
        elif op == C.BRANCH:
            inner = [v for b in av[1] for v in _variants(b, limit)]
            out = [a + b for a in out for b in inner][:limit]
        else:
            out = [a + [(op, av)] for a in out]
    return out


def _is_lit(tok, ch: str) -> bool:
    return tok[0] == C.LITERAL and tok[1] == ord(ch)


def _starts_with(tok, chars: str) -> bool:
    if tok[0] in _REPEATS:
        first = first_chars(tok[1][2])
        return bool(first) and first <= {ord(c) for c in chars}
    return any(_is_lit(tok, c) for c in chars)


def _origin_variant(seq, header: str) -> str | None:
    if not seq or not (seq[0][0] == C.AT and seq[0][1] == C.AT_BEGINNING):
        return "unanchored"
    seq = seq[1:]
    start = 0
    for i in range(len(seq) - 2):
        if _is_lit(seq[i], ":") and _is_lit(seq[i + 1], "/") and _is_lit(seq[i + 2], "/"):
            before = seq[:i]
            if any(op not in (C.LITERAL,) and not (op in _REPEATS and av[1] == 1 and _literal_text(av[2]))
                   for op, av in before):
                return "prefix"
            start = i + 3
            break
    host = []
    end = len(seq)
    for j in range(start, len(seq)):
        tok = seq[j]
        if tok[0] == C.AT or _starts_with(tok, "/:"):
            end = j
            break
        host.append(tok)
    else:
        end = len(seq)
    problem = _host_problem(host)
    if problem:
        return problem
    rest = seq[end:]
    if rest and rest[0][0] in _REPEATS and _starts_with(rest[0], ":"):  # an optional port
        rest = rest[1:]
    elif rest and _is_lit(rest[0], ":"):
        rest = rest[1:]
        while rest and (rest[0][0] in _REPEATS or rest[0][0] == C.IN) and all_chars([rest[0]]) <= _DIGIT:
            rest = rest[1:]
    if not rest:
        return "suffix"
    first = rest[0]
    if first[0] == C.AT:
        return None
    if header == "origin":
        return "origin-path"
    if _is_lit(first, "/"):
        return None
    if first[0] in _REPEATS and first[1][0] == 0:  # "/?" and the host goes on after it
        after = rest[1:]
        if after and (after[0][0] == C.AT or _is_lit(after[0], "/")):
            return None
        return "suffix"
    return None


def _host_problem(host) -> str | None:
    if not host:
        return None
    last_wild = None
    for i, tok in enumerate(host):
        if tok[0] != C.LITERAL:
            last_wild = i
    if last_wild is None:
        return None
    literal = "".join(chr(av) for _, av in host[last_wild + 1:])
    wild = host[last_wild]
    body = _unwrap(list(wild[1][2])) if wild[0] in _REPEATS else []
    if body and _is_lit(body[-1], "."):
        literal = "." + literal
    if literal.count(".") >= 2 and not literal.endswith(".") and ".." not in literal[1:]:
        return None
    return "host"


# ---- what a capture group can hold ----------------------------------------------------------------
@lru_cache(maxsize=2048)
def _group_numbers(pattern: str) -> dict[str, int] | None:
    text = _PCRE_NAMED.sub(lambda m: f"(?P<{m.group(1)}>" if m.group(1) else "(?P<", pattern)
    try:
        return {k.lower(): v for k, v in sre.parse(text).state.groupdict.items()}
    except Exception:
        return None


def _find_group(seq, number: int, before=None):
    """(tokens of capture group ``number``, the token just before it) inside ``seq``."""
    prev = before
    for op, av in seq:
        if op == C.SUBPATTERN:
            if av[0] == number:
                return list(av[-1]), prev
            found = _find_group(av[-1], number, prev)
            if found:
                return found
        elif op in _REPEATS:
            found = _find_group(av[2], number, prev)
            if found:
                return found
        elif op == C.BRANCH:
            for b in av[1]:
                found = _find_group(b, number, prev)
                if found:
                    return found
        prev = (op, av)
    return None


@dataclass(frozen=True, slots=True)
class Capture:
    """What a capture group of a regex can hold, and what the regex requires just before it."""
    chars: frozenset          # every character the group can consume
    first: frozenset          # characters the group can start with
    optional_start: bool      # the group can match the empty string
    after_slash: bool         # the regex has a literal '/' right before the group

    def can_hold(self, ch: str) -> bool:
        return ord(ch) in self.chars

    def can_begin_with(self, ch: str) -> bool:
        """Whether a non-empty value of the group can start with ``ch``."""
        return ord(ch) in self.first

    @property
    def must_start_with_slash(self) -> bool:
        return self.first == frozenset([47]) and not self.optional_start


def capture(pattern: str, group: str) -> Capture | None:
    """What ``$group`` (a number or a name) holds after ``pattern`` matched; None when unknown."""
    tokens = parse(pattern)
    if tokens is None:
        return None
    if group.isdigit():
        number = int(group)
    else:
        number = (_group_numbers(pattern) or {}).get(group.lower())
        if number is None:
            return None
    found = _find_group(tokens, number)
    if found is None:
        return None
    body, prev = found
    return Capture(all_chars(body), first_chars(body), _can_be_empty(body), prev is not None and _is_lit(prev, "/"))


def _can_be_empty(seq) -> bool:
    for op, av in seq:
        if op in _REPEATS:
            if av[0] >= 1 and not _can_be_empty(av[2]):
                return False
        elif op == C.SUBPATTERN:
            if not _can_be_empty(av[-1]):
                return False
        elif op == C.BRANCH:
            if not any(_can_be_empty(b) for b in av[1]):
                return False
        elif op in (C.AT,):
            continue
        else:
            return False
    return True
