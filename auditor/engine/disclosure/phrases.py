"""The phrase half of the disclosure matcher: fixed wording of the vocabulary
(explicit, vague and negated phrases, tool names), found fast through a needle
index. Negation-aware: "this is not an AI-generated image" is no disclosure."""

from __future__ import annotations

import re
from functools import cached_property
from dataclasses import dataclass
from typing import Iterable

from ..normalize import normalize, normalize_with_offsets
from ..substrings import SubstringSet
from .hits import HitKind, PhraseHit, Verdict
from .regex_needles import required_literals


# Scripts written without spaces between words: phrases match as substrings there.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_CLAUSE_END = re.compile(r"[.!?;:,\n()\[\]|。！？；，、：（）]")
# Everything up to and including the last clause end: where the clause of a position starts.
_TO_LAST_CLAUSE_END = re.compile(f"(?s:.*){_CLAUSE_END.pattern}")
_WORD = re.compile(r"[\w']+")
_PRE_WINDOW_WORDS = 3
_POST_WINDOW_CHARS = 12
# Scans remembered per vocabulary: the same caption is scanned for several facts of
# a figure, and wire copy repeats captions across articles.
_SCAN_CACHE_SIZE = 4096


@dataclass(frozen=True)
class _Pattern:
    kind: HitKind
    language: str
    phrase: str
    source: str
    # A literal the normalised text must contain for the regex to match: a cheap
    # `in` test skips most of the ~1,000 patterns per text (batch hot path).
    needle: str | None = None
    # Every token of the phrase, each matched literally by its regex: all must occur.
    tokens: tuple[str, ...] = ()
    # For a regex entry: words of which one must occur for it to match (regex_needles.py).
    any_of: tuple[str, ...] = ()

    @cached_property
    def regex(self) -> re.Pattern[str]:
        # Compiled on first use: most of the ~250 phrases never pass the needle test
        # in a run, and compiling them all costs a tenth of a second at every start.
        return re.compile(self.source)


def phrase_regex(phrase: str) -> str:
    """Regex source for a phrase: '-' and ' ' interchangeable, word-bounded where
    the script uses spaces, with a short inflection tail ("KI-generierte")."""
    norm = normalize(phrase).strip()
    tokens = [re.escape(t) for t in re.split(r"[\s\-]+", norm) if t]
    first, last = norm[0], norm[-1]
    if not _UNSPACED.match(first) and first.isalnum():
        # Not preceded by a word character. Written after the first token rather
        # than before it ("ai(?<!\wai)", not "(?<!\w)ai"): the same test, but the
        # pattern starts with a literal, which the regex engine finds at C speed
        # instead of trying a lookbehind at every position of the text.
        tokens[0] = f"{tokens[0]}(?<!\\w{tokens[0]})"
    body = r"[\s\-]*".join(tokens)
    if _UNSPACED.match(last) or not last.isalnum():
        tail = ""
    else:
        tail = r"\w{0,3}(?!\w)" if last.isalpha() else r"(?!\w)"
    return body + tail


class PhraseScanner:
    """Compiled disclosure phrases of every language in a vocabulary document."""

    def __init__(self, document: dict):
        self.patterns: list[_Pattern] = []
        self.cues: dict[str, re.Pattern[str] | None] = {}
        self.after: dict[str, re.Pattern[str] | None] = {}
        for language, groups in (document.get("languages") or {}).items():
            for kind in ("explicit", "ambiguous", "negation"):
                for entry in groups.get(kind) or ():
                    self.patterns.append(_compile(kind, language, entry))
            self.cues[language] = _alternation(groups.get("negation_cues"))
            self.after[language] = _alternation(groups.get("negation_after"))
        for tool in document.get("tool_names") or ():
            self.patterns.append(_compile("tool", "*", tool))
        self._index_needles()
        self._scanned: dict[str, tuple[PhraseHit, ...]] = {}

    def _index_needles(self) -> None:
        """Pattern positions by the words that must occur for them to match: a phrase
        needs every one of its tokens (indexed by its longest, the needle), a regex entry
        one of the words `regex_needles` found; patterns with neither always run."""
        self._always: list[int] = []
        # By needle: the phrase's other tokens, and the patterns needing exactly those
        # (one wording is a phrase of several languages: "illustration"), tested once.
        grouped: dict[str, dict[tuple[str, ...], list[int]]] = {}
        self._by_gate_word: dict[str, list[int]] = {}
        words: set[str] = set()
        for index, pattern in enumerate(self.patterns):
            if pattern.needle is None and pattern.any_of and all(pattern.any_of):
                for word in pattern.any_of:
                    self._by_gate_word.setdefault(word, []).append(index)
                words.update(pattern.any_of)
            elif pattern.needle is None:
                self._always.append(index)
            else:
                others = tuple(dict.fromkeys(t for t in pattern.tokens if t != pattern.needle))
                grouped.setdefault(pattern.needle, {}).setdefault(others, []).append(index)
                words.add(pattern.needle)
        self._by_needle = {needle: tuple((others, tuple(indices)) for others, indices in groups.items())
                           for needle, groups in grouped.items()}
        # Only the words that can choose a pattern are searched for; a chosen phrase's
        # other tokens are then tested one by one (`in`, which is what presence means).
        self._needle_words = frozenset(words)
        self._words = SubstringSet(words)
        self._last_present: tuple[str | None, set[str]] = (None, set())

    def _present(self, normal: str) -> set[str]:
        """The indexed words `normal` holds; remembered for the text being scanned
        (the phrases and the grammar's gate both ask)."""
        if self._last_present[0] != normal:
            self._last_present = (normal, self._words.present(normal))
        return self._last_present[1]

    def _candidates(self, normal: str) -> list[_Pattern]:
        """The patterns whose words occur in `normal` (and those that need none), in
        vocabulary order, which decides the order of hits at equal positions."""
        present = self._present(normal)
        if not present and not self._always:
            return []
        chosen = set(self._always)
        for word in present:
            chosen.update(self._by_gate_word.get(word, ()))
            # The needle itself is present: only the phrase's other tokens are tested.
            for others, indices in self._by_needle.get(word, ()):
                for token in others:
                    if token not in normal:
                        break
                else:
                    chosen.update(indices)
        return [self.patterns[index] for index in sorted(chosen)]

    def scan(self, text: str) -> list[PhraseHit]:
        """Every phrase in `text`, explicit ones marked when a negation governs them."""
        if not text:
            return []
        known = self._scanned.get(text)
        if known is None:
            if len(self._scanned) >= _SCAN_CACHE_SIZE:
                self._scanned.clear()
            known = self._scanned[text] = tuple(self._scan(text))
        return list(known)

    def _scan(self, text: str, normalized: tuple[str, list[int]] | None = None) -> list[PhraseHit]:
        normal, origin = normalized or normalize_with_offsets(text)
        candidates = self._candidates(normal)
        if not candidates:
            return []  # most captions hold no disclosure word at all
        raw: list[tuple[_Pattern, int, int]] = []
        # One wording is often a phrase of several languages ("illustration"): its
        # regex runs once per text.
        spans_of: dict[re.Pattern[str], list[tuple[int, int]]] = {}
        for pattern in candidates:
            regex = pattern.regex
            spans = spans_of.get(regex)
            if spans is None:
                spans = spans_of[regex] = [m.span() for m in regex.finditer(normal) if m.end() > m.start()]
            for start, end in spans:
                raw.append((pattern, start, end))
        negation_spans = [(s, e) for p, s, e in raw if p.kind == "negation"]
        explicit_spans = [(s, e) for p, s, e in raw if p.kind == "explicit"]
        hits: list[PhraseHit] = []
        for pattern, start, end in sorted(raw, key=lambda item: (item[1], -item[2])):
            if pattern.kind in ("ambiguous", "tool") and _overlaps(start, end, explicit_spans):
                continue  # "AI-generated illustration" is explicit, not ambiguous
            negated = pattern.kind == "explicit" and (
                _overlaps(start, end, negation_spans) or self._negated_in_clause(normal, start, end, pattern.language)
            )
            o_start = origin[start]
            o_end = origin[end - 1] + 1
            hits.append(PhraseHit(pattern.kind, pattern.language, pattern.phrase, o_start, o_end, text[o_start:o_end], negated))
        return hits

    def verdict(self, texts: Iterable[str | None]) -> Verdict:
        return Verdict.of(hit for text in texts if text for hit in self.scan(text))

    def _negated_in_clause(self, normal: str, start: int, end: int, language: str) -> bool:
        cues = self.cues.get(language)
        if cues is not None:
            clause_start = _clause_start(normal, start)
            for word in _WORD.findall(normal[clause_start:start])[-_PRE_WINDOW_WORDS:]:
                if cues.fullmatch(word) or (word.endswith("n't") and cues.fullmatch("n't")):
                    return True
            # Unspaced scripts have no words to count: look at the characters just before.
            nearby = normal[max(clause_start, start - 4):start]
            if _UNSPACED.search(nearby) and cues.search(nearby):
                return True
        after = self.after.get(language)
        if after is not None:
            window = normal[end:end + _POST_WINDOW_CHARS]
            clause = _CLAUSE_END.split(window, 1)[0]
            if after.search(clause):
                return True
        return False


def _compile(kind: HitKind, language: str, entry) -> _Pattern:
    if isinstance(entry, dict):
        source = entry["regex"]
        re.compile(source)  # a user's bad regex fails when the vocabulary loads, not mid-run
        return _Pattern(kind, language, source, source, any_of=required_literals(source) or ())
    tokens = phrase_tokens(str(entry))
    needle = max(tokens, key=len) if tokens else None
    return _Pattern(kind, language, str(entry), phrase_regex(str(entry)), needle, tuple(tokens))


def phrase_tokens(phrase: str) -> list[str]:
    """The tokens of a phrase, which `phrase_regex` matches literally; the longest
    is the pattern's needle."""
    return [t for t in re.split(r"[\s\-]+", normalize(phrase).strip()) if t]


def _alternation(words) -> re.Pattern[str] | None:
    if not words:
        return None
    parts = sorted({normalize(str(w)) for w in words}, key=len, reverse=True)
    return re.compile("|".join(re.escape(p) for p in parts))


def _clause_start(normal: str, position: int) -> int:
    """Just after the last clause end before `position` (found in C, not a loop
    stepping back one character at a time), else 0."""
    match = _TO_LAST_CLAUSE_END.match(normal, 0, position)
    return match.end() if match else 0


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    for s, e in spans:  # a loop, not any(generator): called per hit, on short lists
        if s < end and start < e:
            return True
    return False
