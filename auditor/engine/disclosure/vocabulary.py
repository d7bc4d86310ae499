"""The disclosure matcher: phrases of the vocabulary plus labels the grammar composes,
one verdict per figure. Scope is the caller's business: pass only the texts that sit
with the figure (caption, alt, credit, title), never body sentences *about* AI images."""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from ..normalize import normalize_with_offsets
from ..substrings import SubstringSet
from .grammar import Construction, compose
from .hits import PhraseHit, Verdict
from .lexicon import compile_lexicon
from .phrases import PhraseScanner, _overlaps

_SCAN_CACHE_SIZE = 4096
# A caption in one of these scripts is in one of these languages, whatever the page declares.
_SCRIPT_LANGUAGES = (
    (re.compile(r"[\u0400-\u04ff]"), ("ru", "uk")),
    (re.compile(r"[\u0600-\u06ff]"), ("ar", "fa", "ur")),
    (re.compile(r"[\u0590-\u05ff]"), ("he",)),
    (re.compile(r"[\u0370-\u03ff]"), ("el",)),
    (re.compile(r"[\u0900-\u097f]"), ("hi",)),
    (re.compile(r"[\u0980-\u09ff]"), ("bn",)),
    (re.compile(r"[\u0b80-\u0bff]"), ("ta",)),
    (re.compile(r"[\u0e00-\u0e7f]"), ("th",)),
    (re.compile(r"[\uac00-\ud7af]"), ("ko",)),
    (re.compile(r"[\u3040-\u30ff]"), ("ja",)),
    (re.compile(r"[\u3400-\u9fff]"), ("zh", "ja")),
)


class DisclosureVocabulary(PhraseScanner):
    """Compiled disclosure wording and grammar of every language in a vocabulary document."""

    def __init__(self, document: dict):
        super().__init__(document)
        self.lexicon = compile_lexicon(document)
        # The AI terms' first words join the phrases' needles: the one pass over a text
        # that picks its phrases also says whether it may hold a term at all.
        self._term_words = self.lexicon.terms.first_words()
        self._words = SubstringSet(self._needle_words | self._term_words)
        self._remembered: dict[tuple[str, frozenset[str] | None], tuple[PhraseHit, ...]] = {}

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(self.lexicon.languages)

    def languages_for(self, declared: str | None, text: str = "") -> frozenset[str] | None:
        """The lexicons that apply to a text on a page in language `declared`: that
        language's, English (wire captions, tool names) and those the text's own script
        points to. None, all of them, when the page's language is unknown to us."""
        code = (declared or "").split("-")[0].lower()
        if code not in self.lexicon.languages:
            return None
        chosen = {code, "en"}
        if text and not text.isascii():
            for pattern, codes in _SCRIPT_LANGUAGES:
                if pattern.search(text):
                    chosen.update(codes)
        return frozenset(chosen)

    def scan(self, text: str, languages: frozenset[str] | None = None) -> list[PhraseHit]:
        """Every phrase and composed label in `text`, explicit ones marked when a
        negation governs them."""
        if not text:
            return []
        key = (text, languages)
        known = self._remembered.get(key)
        if known is None:
            if len(self._remembered) >= _SCAN_CACHE_SIZE:
                self._remembered.clear()
            known = self._remembered[key] = tuple(self._scan_all(text, languages))
        return list(known)

    def verdict(self, texts: Iterable[str | None], languages: frozenset[str] | None = None) -> Verdict:
        return Verdict.of(hit for text in texts if text for hit in self.scan(text, languages))

    def suggested_label(self, language: str | None, claim: str) -> str:
        """The label a fix suggests, in `language` when we have its wording."""
        code = (language or "").split("-")[0].lower()
        for candidate in (code, "en"):
            grammar = self.lexicon.languages.get(candidate)
            if grammar and claim in grammar.suggest:
                return grammar.suggest[claim]
        return ""

    def _scan_all(self, text: str, languages: frozenset[str] | None) -> list[PhraseHit]:
        normal, origin = normalize_with_offsets(text)
        phrases = self._scan(text, (normal, origin))
        if self._term_words.isdisjoint(self._present(normal)):
            return phrases  # no AI term in it: nothing to compose, no name to set aside (most texts)
        constructions, not_terms = compose(self.lexicon, text, normal, origin, languages)
        if not constructions and not not_terms:
            return phrases
        composed = [_hit(c, text, origin) for c in constructions]
        spans = [(h.start, h.end) for h in composed]
        names = [(origin[s], origin[e - 1] + 1) for s, e in not_terms]
        kept = []
        for h in phrases:
            if names and _overlaps(h.start, h.end, names):
                continue  # a name's letters ("Ai Weiwei") count for no phrase
            if spans and h.kind != "negation" and _overlaps(h.start, h.end, spans):
                continue  # the composed label stands for it
            kept.append(h)
        return sorted(kept + composed, key=lambda h: (h.start, -h.end))


def _hit(construction: Construction, text: str, origin: Sequence[int]) -> PhraseHit:
    start = origin[construction.start]
    end = origin[construction.end - 1] + 1
    return PhraseHit("explicit", construction.language, " + ".join(construction.words), start, end,
                     text[start:end], construction.negated, construction.claim)

