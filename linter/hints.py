"""Which rules could report on a text, from their hint words (RuleMeta.hints), before anything is parsed.

Every file of a kind is searched for every hint word of that kind's rules (well over a hundred for
JavaScript), so the search has to cost a small fraction of the parse it saves. Hyperscan (Intel's
multi-pattern matcher) finds them all in one pass at several GB/s, each word reported once; where it is
not available (it needs an x86-64 CPU), or for text that is not ASCII (whose case folding only Python
knows), an Aho-Corasick automaton (pyahocorasick) does the same in one pass, some thirty times slower.
"""
from __future__ import annotations

try:
    import hyperscan
except ImportError:  # pragma: no cover - platforms without a hyperscan wheel
    hyperscan = None


class HintIndex:
    """The hint words of a set of rules."""

    def __init__(self, rules):
        self._words = Words({word for rule in rules for entry in rule.meta.hints for word in entry.split("|")})
        # Rules' entries as sets of words, split once: wanted() is asked for every file of the run.
        self._entries: dict[int, tuple[list, list]] = {}

    def found(self, text: str) -> set[str]:
        """The hint words that occur in the text."""
        return self._words.found(text)

    def wanted(self, rules: list, found: "str | set[str]") -> list:
        """The rules (of those indexed) whose every hint entry has a word in the text (or in the words
        ``found`` in it)."""
        if not any(rule.meta.hints for rule in rules):
            return rules
        if isinstance(found, str):
            found = self.found(found)
        return [rule for rule, entries in self._split(rules) if all(not e.isdisjoint(found) for e in entries)]

    def _split(self, rules: list) -> list:
        """(rule, its entries as sets of words) for a list of rules; the checker asks with the same few
        lists (the rules of a kind and role) for every file, so each list's answer is kept."""
        kept = self._entries.get(id(rules))
        if kept is None or kept[0] is not rules:
            if len(self._entries) > 64:  # a caller building a new list each time: stay bounded
                self._entries.clear()
            kept = self._entries[id(rules)] = (rules, [(r, tuple(frozenset(e.split("|")) for e in r.meta.hints))
                                                       for r in rules])
        return kept[1]


class Words:
    """A fixed set of words searched in one pass. Smart case, as in ripgrep: a word in lowercase matches
    in any case, a word with a capital matches exactly."""

    def __init__(self, words, use_hyperscan: bool = True):
        self.words = sorted(set(words))
        self._fast = _Hyperscan(self.words) if use_hyperscan and hyperscan is not None and self.words else None
        self._slow = None

    def found(self, text: str) -> set[str]:
        if not self.words:
            return set()
        if self._fast is not None and text.isascii():
            return self._fast.found(text)
        if self._slow is None:
            self._slow = _Automata(self.words)
        return self._slow.found(text)


class _Hyperscan:
    def __init__(self, words: list[str]):
        import re
        self.words = words
        self.db = hyperscan.Database()
        self.db.compile(expressions=[re.escape(w).encode() for w in words], ids=list(range(len(words))),
                        elements=len(words),
                        flags=[hyperscan.HS_FLAG_SINGLEMATCH | (hyperscan.HS_FLAG_CASELESS if w == w.lower() else 0)
                               for w in words])

    def found(self, text: str) -> set[str]:
        hits: set[int] = set()

        def on_match(index, start, end, flags, context):
            hits.add(index)

        self.db.scan(text.encode(), match_event_handler=on_match)
        return {self.words[i] for i in hits}


class _Automata:
    def __init__(self, words: list[str]):
        self._any_case = _automaton(w for w in words if w == w.lower())
        self._exact = _automaton(w for w in words if w != w.lower())

    def found(self, text: str) -> set[str]:
        out: set[str] = set()
        if self._any_case is not None:
            out.update(word for _, word in self._any_case.iter(text.lower()))
        if self._exact is not None:
            out.update(word for _, word in self._exact.iter(text))
        return out


def _automaton(words):
    import ahocorasick
    words = sorted(set(words))
    if not words:
        return None
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton
