"""Clauses and negation scope: a negator negates the label of its own clause only.
"Not a real photo: generated with AI" discloses; "this photo was not made with AI"
does not; "AI-generated and does not depict a real event" discloses."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from .lexicon import UNSPACED, WORD, LanguageGrammar

# Punctuation that ends a clause, and a dash between spaces ("AI-generated – not a photo").
_BREAK = re.compile(r"[.!?;:,\n()\[\]|\u00bf\u00a1\u060c\u061b\u061f\u0964\u0965\u06d4。！？；：，、（）…]|\s-\s")
_WORDS_BEFORE = 6
_WORDS_AFTER = 3
_CHARS_BEFORE_UNSPACED = 10
_CHARS_AFTER_UNSPACED = 16


class Clauses:
    """Clause boundaries of one normalised text, from punctuation."""

    def __init__(self, normal: str):
        self.normal = normal
        self.breaks = [m.start() for m in _BREAK.finditer(normal)]

    def crossed(self, start: int, end: int) -> bool:
        """Is there a clause boundary between positions `start` and `end`?"""
        index = bisect_left(self.breaks, start)
        return index < len(self.breaks) and self.breaks[index] < end

    def around(self, start: int, end: int, grammar: LanguageGrammar) -> tuple[int, int]:
        """The clause holding [start, end): punctuation bounds, narrowed by the
        language's conjunctions ("and", "but") on either side."""
        index = bisect_right(self.breaks, start - 1)
        left = self.breaks[index - 1] + 1 if index else 0
        after = bisect_left(self.breaks, end)
        right = self.breaks[after] if after < len(self.breaks) else len(self.normal)
        if grammar.conjunctions is not None:
            for match in grammar.conjunctions.finditer(self.normal, left, start):
                left = max(left, match.end())
            match = grammar.conjunctions.search(self.normal, end, right)
            if match:
                right = match.start()
        return left, right


def negated(normal: str, start: int, end: int, predicate: tuple[int, int] | None,
            grammar: LanguageGrammar, clauses: Clauses) -> bool:
    """Does a negator of the label's language govern the label at [start, end)?"""
    left, right = clauses.around(start, end, grammar)
    if grammar.negators is not None and grammar.negators.search(normal, start, end):
        return True
    if grammar.negators_before is not None:
        window = _before(normal, left, start)
        if window is not None and grammar.negators_before.search(normal, window, start):
            return True
    closed = bool(grammar.clause_endings) and _word_at(normal, end - 1, end).endswith(grammar.clause_endings)
    if grammar.negators_after is not None and not closed:
        window = _after(normal, end, right)
        if grammar.negators_after.search(normal, end, window):
            return True
    if grammar.infixes and predicate is not None:
        word = _word_at(normal, *predicate)
        if any(infix in word for infix in grammar.infixes):
            return True
    return False


def _before(normal: str, left: int, start: int) -> int | None:
    if left >= start:
        return None
    if start and UNSPACED.match(normal[start - 1] if normal[start - 1] != " " else normal[max(start - 2, 0)]):
        return max(left, start - _CHARS_BEFORE_UNSPACED)
    words = list(WORD.finditer(normal, left, start))
    if not words:
        return left
    return words[-_WORDS_BEFORE:][0].start()


def _after(normal: str, end: int, right: int) -> int:
    if end < len(normal) and UNSPACED.match(normal[end - 1]):
        return min(right, end + _CHARS_AFTER_UNSPACED)
    words = list(WORD.finditer(normal, end, right))
    if not words:
        return right
    return words[: _WORDS_AFTER][-1].end()


def _word_at(normal: str, start: int, end: int) -> str:
    while start > 0 and WORD.match(normal[start - 1]):
        start -= 1
    while end < len(normal) and WORD.match(normal[end]):
        end += 1
    return normal[start:end]


def negated_noun_before(normal: str, start: int, nouns, grammar: LanguageGrammar, clauses: Clauses) -> bool:
    """Does the clause before `start` end in a negated image noun ("а не изображение,")
    that a participle opening this clause describes?"""
    index = bisect_left(clauses.breaks, start) - 1
    if index < 0 or normal[clauses.breaks[index]] != "," or normal[clauses.breaks[index] + 1:start].strip():
        return False
    comma = clauses.breaks[index]
    noun = next((n for n in nouns if not normal[n[1]:comma].strip()), None)
    if noun is None or grammar.negators_before is None:
        return False
    words = list(WORD.finditer(normal, max(0, noun[0] - 40), noun[0]))[-2:]
    return bool(words) and grammar.negators_before.search(normal, words[0].start(), noun[0]) is not None
