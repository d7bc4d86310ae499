"""Composes a disclosure from the lexicon's words within one clause: an AI term with a
creation or alteration predicate (either order, tied by a relation or written as a
compound), or an AI term modifying an image noun. Bounded gaps, per language."""

from __future__ import annotations

import re
from typing import NamedTuple, Sequence

from .lexicon import UNSPACED, WORD, WORD_CHARS, LanguageGrammar, Lexicon
from .word_class import Entry
from .scope import Clauses, negated, negated_noun_before

_MAX_GAP_WORDS = 6
_MAX_GAP_CHARS_UNSPACED = 16
# Anything but letters, spaces, hyphens and apostrophes in a gap: another phrase.
_GAP_PUNCTUATION = re.compile(f"[^{WORD_CHARS}\\s\\-'\"\u2019\u05f3\u05f4]")  # Hebrew ע"י is "by"
_NEXT_WORD = re.compile(r"\s+([^\W\d_][\w\-]*)")
_SHORT_TERM = 3


class Construction(NamedTuple):
    """One composed label: where it is in the normalised text and what decided it
    (named tuples, here and below: built per caption, and faster to build than
    frozen dataclasses)."""

    language: str
    claim: str  # 'generated' or 'edited'
    start: int
    end: int
    words: tuple[str, ...]
    negated: bool


class _Term(NamedTuple):
    start: int
    end: int
    entry: Entry
    languages: frozenset[str]
    weak: bool  # "Ai", "Ki": counts only joined by a hyphen ("Ai-generated")


def compose(lexicon: Lexicon, text: str, normal: str, origin: Sequence[int],
            languages: frozenset[str] | None) -> tuple[list[Construction], list[tuple[int, int]]]:
    """The labels composed in `normal`, and the spans of AI-looking words that are not
    AI terms here (a name: "Ai Weiwei"), which no phrase may count either."""
    if lexicon.empty:
        return [], []
    found = list(lexicon.terms.finditer(normal))
    if not found:
        return [], []
    predicates = list(lexicon.predicates.finditer(normal))
    nouns = list(lexicon.nouns.finditer(normal))
    content_starts = {start for start, _, _ in predicates} | {start for start, _, _ in nouns}
    noun_ends = {end for _, end, _ in nouns}
    terms: list[_Term] = []
    rejected: list[tuple[int, int]] = []
    for start, end, entry in found:
        after_noun = start in noun_ends or start - 1 in noun_ends  # "Imej AI Kuala Lumpur"
        term = _term(lexicon, text, normal, origin, start, end, entry, content_starts, after_noun)
        if term is None:
            rejected.append((start, end))
        else:
            terms.append(term)
    if not terms:
        return [], rejected
    clauses = Clauses(normal)
    out: list[Construction] = []
    for term in terms:
        best = _with_predicate(lexicon, normal, term, predicates, nouns, clauses, languages)
        if best is None:
            best = _with_noun(lexicon, normal, term, nouns, clauses, languages)
        if best is not None:
            out.append(best)
    return out, rejected


def _term(lexicon: Lexicon, text: str, normal: str, origin: Sequence[int], start: int, end: int,
          entry: Entry, content_starts: set[int], after_noun: bool) -> _Term | None:
    written = text[origin[start]:origin[end - 1] + 1]
    languages = entry.languages
    # The abbreviation is the first word of the span ("IA generativa"): it decides.
    if entry.upper_only and not re.split(r"[\s\-]", written, maxsplit=1)[0].isupper():
        languages = languages - entry.upper_only
    if not languages:
        return None
    weak = False
    if len(entry.text) <= _SHORT_TERM and entry.text.isascii() and written[:1].isupper():
        # A short abbreviation followed by a capitalised word is part of a name
        # ("Ai Weiwei", "AI Weiwei", "IA Presse"), unless that word is a predicate
        # or noun of the grammar ("AI Generated Image"), or an image noun comes first
        # ("Imej AI Kuala Lumpur": the name is a place in the picture).
        follower = _NEXT_WORD.match(text, origin[end - 1] + 1)
        if follower and follower.group(1)[:1].isupper() and not after_noun:
            position = end + (follower.start(1) - follower.start())
            if position not in content_starts:
                return None
        weak = not written.isupper()
    return _Term(start, end, entry, languages, weak)


def _pair_languages(term: _Term, entry: Entry, languages: frozenset[str] | None, lexicon: Lexicon):
    shared = entry.languages if term.entry.tool else term.languages & entry.languages
    if languages is not None:
        shared = shared & languages
    return sorted(lang for lang in shared if lang in lexicon.languages)


def _with_predicate(lexicon, normal, term, predicates, nouns, clauses, languages) -> Construction | None:
    best: tuple[int, Construction] | None = None
    for start, end, entry in predicates:
        if start < term.end and term.start < end:
            continue  # the predicate is inside the term ("生成AI")
        term_first = term.start < start
        gap_start, gap_end = (term.end, start) if term_first else (end, term.start)
        if gap_end - gap_start > 80 or clauses.crossed(gap_start, gap_end) or (best and gap_end - gap_start >= best[0]):
            continue
        gap = normal[gap_start:gap_end]
        for s, e, _ in nouns:
            if gap_start <= s and e <= gap_end:
                # An image noun in between is part of the label ("edited the photo with AI").
                gap = _blank(gap, gap_start, nouns)
                break
        composing = [lexicon.languages[language] for language in _pair_languages(term, entry, languages, lexicon)]
        composing = [g for g in composing if _allowed(
            _gap_shape(gap, g, g.gap_words, g.relations, g.unspaced_gap, allow_unknown=True), gap, term, term_first, g, "pred")]
        if not composing:
            continue
        span = (min(term.start, start), max(term.end, end))
        # Languages sharing a script compose the same words ("AI生成" is Chinese and
        # Japanese): a negator of any of them negates the label.
        denied = any(negated(normal, span[0], span[1], (start, end), g, clauses) for g in composing) or (
            not term_first and any(g.appositive_participles for g in composing)
            and negated_noun_before(normal, start, nouns, composing[0], clauses))
        language = composing[0].code
        best = (gap_end - gap_start, Construction(
            language, entry.claim_in(language) or "generated", span[0], span[1],
            _deciding(normal, term, (start, end), gap, term_first), denied))
    return best[1] if best else None


def _with_noun(lexicon, normal, term, nouns, clauses, languages) -> Construction | None:
    for start, end, entry in nouns:
        if start < term.end and term.start < end:
            continue
        term_first = term.start < start
        gap_start, gap_end = (term.end, start) if term_first else (end, term.start)
        if gap_end - gap_start > 30 or clauses.crossed(gap_start, gap_end):
            continue
        gap = normal[gap_start:gap_end]
        composing = [lexicon.languages[language] for language in _pair_languages(term, entry, languages, lexicon)]
        composing = [g for g in composing if _allowed(
            _gap_shape(gap, g, g.noun_links, g.noun_links, g.unspaced_links, allow_unknown=False), gap, term, term_first, g, "noun")
            or (not term_first and not gap.strip() and _postposition_after(normal, term, g))]
        if not composing:
            continue
        span = (min(term.start, start), max(term.end, end))
        denied = any(negated(normal, span[0], span[1], None, g, clauses) for g in composing)
        return Construction(composing[0].code, "generated", span[0], span[1],
                            _deciding(normal, term, (start, end), gap, term_first), denied)
    return None


def _postposition_after(normal: str, term: _Term, grammar: LanguageGrammar) -> bool:
    """The noun, the term, then one of the language's relations: "montázs MI segítségével"."""
    if "noun-term-relation" not in grammar.compounds or term.weak:
        return False
    follower = _NEXT_WORD.match(normal, term.end)
    return follower is not None and follower.group(1) in grammar.relations


def _blank(gap: str, offset: int, nouns) -> str:
    chars = list(gap)
    for start, end, _ in nouns:
        if offset <= start and end <= offset + len(gap):
            chars[start - offset:end - offset] = " " * (end - start)
    return "".join(chars)


def _gap_shape(gap: str, grammar: LanguageGrammar, allowed: frozenset[str], relations: frozenset[str],
               unspaced: re.Pattern[str] | None, *, allow_unknown: bool) -> str | None:
    """'adjacent' (nothing or only fillers between), 'relation', or None (no tie)."""
    if not gap.strip(" -"):
        return "adjacent"
    if _GAP_PUNCTUATION.search(gap):
        return None
    tokens = WORD.findall(gap)
    if len(tokens) > _MAX_GAP_WORDS:
        return None
    unknown = 0
    relation = False
    coordinated = False
    for token in tokens:
        if allow_unknown and not coordinated and grammar.conjunctions is not None and grammar.conjunctions.fullmatch(token):
            coordinated = True  # "colourised and edited with AI": one coordinated predicate
            continue
        inflected = allow_unknown and token.startswith(grammar.gap_prefixes)  # "nástroji" for "nástroj*"
        if token in allowed or inflected:
            relation = relation or token in relations or inflected
        elif UNSPACED.match(token[0]) and unspaced is not None and len(token) <= _MAX_GAP_CHARS_UNSPACED \
                and unspaced.fullmatch(token):
            relation = True
        else:
            unknown += 1
    if unknown > (1 if allow_unknown and relation else 0):
        return None
    return "relation" if relation else "adjacent"


def _allowed(shape: str | None, gap: str, term: _Term, term_first: bool, grammar: LanguageGrammar, other: str) -> bool:
    if shape is None:
        return False
    if term.weak:
        return term_first and gap == "-"
    if shape == "relation":
        return True
    order = f"term-{other}" if term_first else f"{other}-term"
    return order in grammar.compounds


def _deciding(normal: str, term: _Term, other: tuple[int, int], gap: str, term_first: bool) -> tuple[str, ...]:
    middle = tuple(WORD.findall(gap))
    term_words = normal[term.start:term.end]
    other_words = normal[other[0]:other[1]]
    return (term_words, *middle, other_words) if term_first else (other_words, *middle, term_words)
