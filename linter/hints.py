"""Which rules could report on a text, from their hint words (RuleMeta.hints), before anything is parsed.

Every file of a kind is tested against every hint word of that kind's rules (well over a hundred for
JavaScript), so the words are found in one pass with an Aho-Corasick automaton rather than one substring
search each: the test has to cost a small fraction of the parse it saves.
"""
from __future__ import annotations

import ahocorasick


class HintIndex:
    def __init__(self, rules):
        words = {word for rule in rules for entry in rule.meta.hints for word in entry.split("|")}
        # Smart case: a lowercase word is searched in the lowered text, a word with a capital in the text as is.
        self._any_case = _automaton(w for w in words if w == w.lower())
        self._exact = _automaton(w for w in words if w != w.lower())

    def found(self, text: str) -> set[str]:
        """The hint words that occur in the text."""
        out: set[str] = set()
        if self._any_case is not None:
            out.update(word for _, word in self._any_case.iter(text.lower()))
        if self._exact is not None:
            out.update(word for _, word in self._exact.iter(text))
        return out

    def wanted(self, rules: list, text: str) -> list:
        """The rules (of those indexed) whose every hint entry has a word in the text."""
        if not any(rule.meta.hints for rule in rules):
            return rules
        found = self.found(text)
        return [rule for rule in rules if rule.meta.wants(found.__contains__)]


class Words:
    """A fixed set of lowercase words, searched in any case in one pass."""

    def __init__(self, words):
        self._automaton = _automaton(w.lower() for w in words)

    def found(self, text: str) -> set[str]:
        if self._automaton is None:
            return set()
        return {word for _, word in self._automaton.iter(text.lower())}


def _automaton(words):
    words = sorted(set(words))
    if not words:
        return None
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton
