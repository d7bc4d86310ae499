"""Which of many fixed strings occur in a text, in one pass: an Aho-Corasick
automaton (pyahocorasick, C). The phrase lists use it to pick the few patterns worth
running on a text instead of testing each pattern's words one by one (batch hot path)."""

from __future__ import annotations

from typing import Iterable

import ahocorasick


class SubstringSet:
    """`present(text)`: the strings of the set that occur in `text` as substrings,
    overlapping ones too: exactly those for which `string in text` holds."""

    def __init__(self, strings: Iterable[str]):
        self._automaton = ahocorasick.Automaton()
        for string in set(strings):
            if not string:
                raise ValueError("the empty string is in every text: keep it out of a SubstringSet")
            self._automaton.add_word(string, string)
        self.empty = len(self._automaton) == 0
        if not self.empty:
            self._automaton.make_automaton()

    def present(self, text: str) -> set[str]:
        if self.empty:
            return set()
        return {found for _, found in self._automaton.iter(text)}
