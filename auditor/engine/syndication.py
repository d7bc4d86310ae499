"""Is this agency copy, and does the page say so? Decided from evidence rather than one
flag: source fields (dc.source, CMS `source`/`agency`), author fields (article:author,
JSON-LD author/sourceOrganization/isBasedOn/provider), and what a reader sees: an agency
byline ("The Associated Press"), a dateline ("COLUMBIA, S.C. (AP) —"), a copyright line
("© 2016 The Associated Press") or a trailer ("(With inputs from agencies.)").

The page's own outlet named as source (og:site_name, JSON-LD publisher, canonical host)
is not syndication, and neither is anything the agency catalogue does not name (a
journal citation in dc.source). An author field naming an agency counts as the byline a
reader sees when the page's byline could not be placed (templates render the author).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..model import Article
from .credit_parser import _alternation
from .vocabularies import VocabularySet

# Fields whose value names where the copy came from; none of them is shown to readers.
SOURCE_FIELDS = ("source", "agency", "original_source", "provider", "sourceOrganization", "isBasedOn",
                 "source_organization", "is_based_on", "syndication_source", "wire")
SOURCE_META = ("dc.source", "syndication-source", "original-source", "article:author", "author", "dc.creator")
_PLACE_MAX = 60
_TRAILER_BLOCKS = 3
_CREDIT_LINE_CHARS = 100


@dataclass(frozen=True)
class Syndication:
    syndicated: bool
    source: str | None  # the agency or source named, as written
    evidence: tuple[str, ...]  # "dc.source: Reuters", "dateline: LONDON (Reuters) -"
    attribution: str | None  # the visible text that credits the agency, if any


class AgencyMatcher:
    """Finds news agencies (not picture agencies) from the catalogue in text."""

    def __init__(self, vocabularies: VocabularySet | None = None, *, lists: tuple[list, list] | None = None):
        names, generic = lists or (
            [e for e in _entries(vocabularies, "agencies") if isinstance(e, str)],
            [e for e in _entries(vocabularies, "generic_agencies") if isinstance(e, str)],
        )
        self._lists = (names, generic)
        self.any = re.compile(_alternation(names + generic, short_keeps_case=True), re.IGNORECASE)
        self._first_words = _first_words(names + generic)
        agency = f"(?:{_alternation(names + generic, short_keeps_case=True)})"
        group = rf"{agency}(?:\s*(?:/|,|&|and)\s*{agency})*"
        # "COLUMBIA, S.C. (AP) —", "LONDON (Reuters) -", "New Delhi, May 26 (PTI)", "BERLIN (dpa) -"
        self.dateline = re.compile(rf"^[^\W\d_][^()\n]{{0,{_PLACE_MAX}}}?\(\s*(?P<agency>{group})\s*\)(?:\s*[-\u2013\u2014:]+|\s|$)",
                                   re.IGNORECASE)
        self.copyright = re.compile(rf"(?:©|\(c\)|copyright)\s*(?:\d{{4}}\s*,?\s*)?(?:the\s+)?(?P<agency>{group})(?!\w)", re.IGNORECASE)

    def __reduce__(self):
        return _rebuild_matcher, (self._lists,)

    def search_any(self, text: str) -> re.Match[str] | None:
        """`any.search(text)`. In ASCII text a name can only match where the text has a
        word equal to the name's first word, so a text holding none of those words is
        answered by one set test instead of the alternation tried at every position."""
        if self._first_words is not None and text.isascii() and self._first_words.isdisjoint(_WORDS.findall(text.lower())):
            return None
        return self.any.search(text)


_WORDS = re.compile(r"\w+")
_ASCII_WORD_CHARS = [chr(c) for c in range(128) if re.match(r"\w", chr(c))]


def _first_words(entries: list[str]) -> frozenset[str] | None:
    """The first words (lower case) of the names `_alternation` bounds by word breaks;
    None when some name could match ASCII text without starting at one of them: an
    unbounded ASCII name, or a letter that matches an ASCII one case-insensitively
    (Kelvin sign, long s, dotted I)."""
    words = set()
    for entry in entries:
        name = entry.strip()
        if not name:
            continue
        if any(not c.isascii() and any(re.match(re.escape(c), a, re.IGNORECASE) for a in _ASCII_WORD_CHARS)
               for c in name):
            return None
        bounded = all(c.isalnum() and ord(c) < 0x2E80 for c in (name[0], name[-1]))
        if not bounded:
            if name.isascii():
                return None
            continue
        first = _WORDS.match(name.lower())
        if first is None:
            return None
        words.add(first.group())
    return frozenset(words)


def _rebuild_matcher(lists: tuple[list, list]) -> AgencyMatcher:
    return AgencyMatcher(lists=lists)


def matcher_for(vocabularies: VocabularySet) -> AgencyMatcher:
    matcher = getattr(vocabularies, "agency_matcher", None)
    if matcher is None:
        matcher = AgencyMatcher(vocabularies)
        try:
            vocabularies.agency_matcher = matcher
        except AttributeError:
            pass
    return matcher


def syndication_of(article: Article, vocabularies: VocabularySet) -> Syndication:
    matcher = matcher_for(vocabularies)
    fields = article.fields
    own = _OwnOutlet(fields)
    evidence: list[str] = []
    source: str | None = None

    for label, value in _source_values(article):
        agency = _agency_in(matcher, value, own)
        if agency:
            evidence.append(f"{label}: {value}")
            source = source or value

    declared = _declared(article)
    # Bylines, datelines and credit lines are read only when there is agency copy to
    # credit: most articles have none, and this runs for every one of them.
    thorough = bool(evidence) or bool(declared)
    visible = _visible_attribution(article, matcher, own, vocabularies, thorough)
    if visible is not None:
        evidence.append(f"{visible[0]}: {visible[1]}")
        if visible[0] != "trailer":
            source = source or visible[2]

    if declared is False:
        return Syndication(False, source, tuple(evidence), visible[1] if visible else None)
    if declared:
        evidence.insert(0, f"syndicated: {fields.get('syndicated')}")
        source = source or _first_source(article)
    return Syndication(bool(evidence), source, tuple(evidence), visible[1] if visible else None)


def _declared(article: Article) -> bool | None:
    """The author's own `syndicated` flag (front matter, CMS). An HTML page's flag is
    the parser's guess from its meta tags, which the evidence here replaces."""
    if article.format == "html" or "syndicated" not in article.fields:
        return None
    value = article.fields["syndicated"]
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"true", "yes", "1", "y", "on"}


def _source_values(article: Article) -> list[tuple[str, str]]:
    fields = article.fields
    values: list[tuple[str, str]] = []
    for key in SOURCE_FIELDS:
        if key in fields:
            values.extend((key, v) for v in _texts(fields[key]))
    meta = fields.get("meta")
    if isinstance(meta, dict):
        for key in SOURCE_META:
            value = meta.get(key)
            if value is not None:  # most pages carry few of these: no call for the rest
                values.extend((key, v) for v in _texts(value))
    author = fields.get("author")
    if author is not None:
        values.extend(("author", v) for v in _texts(author))
    if article.format == "html" and article.byline:
        values.append(("byline", article.byline))
    return values


def _first_source(article: Article) -> str | None:
    for key in SOURCE_FIELDS:
        for value in _texts(article.fields.get(key)):
            return value
    return None


def _texts(value: Any) -> list[str]:
    if isinstance(value, dict):
        value = value.get("name") or value.get("@id")
    if isinstance(value, (list, tuple)):
        return [t for item in value[:20] for t in _texts(item)]
    if isinstance(value, str) and value.strip():
        return [value.strip()[:300]]
    return []


def _agency_in(matcher: AgencyMatcher, text: str, own: "_OwnOutlet") -> str | None:
    """The agency `text` names, unless it is the page's own outlet."""
    match = matcher.search_any(text)
    if match is None:
        return None
    name = " ".join(match.group(0).casefold().split())
    # Word-start containment: "ap" is the outlet of "apnews" and "ap news", not of "japantimes".
    if any(f" {name}" in f" {outlet}" or name == outlet for outlet in own.names):
        return None
    return match.group(0)


class _OwnOutlet:
    """The page's own outlet, folded: site name, publisher, canonical host label
    (read when an agency is found, which most articles never need)."""

    def __init__(self, fields: dict[str, Any]):
        self._fields = fields
        self._names: list[str] | None = None

    @property
    def names(self) -> list[str]:
        if self._names is None:
            fields = self._fields
            names: list[str] = []
            meta = fields.get("meta") if isinstance(fields.get("meta"), dict) else {}
            for value in (meta.get("og:site_name"), meta.get("application-name"), fields.get("publisher")):
                names.extend(t.casefold() for t in _texts(value))
            for url in (fields.get("canonical"), meta.get("og:url")):
                if isinstance(url, str):
                    host = (urlsplit(url).hostname or "").removeprefix("www.")
                    if host:
                        names.append(host.split(".")[0])
            self._names = [n for n in names if len(n) >= 2]
        return self._names


def _visible_attribution(article: Article, matcher: AgencyMatcher, own: _OwnOutlet,
                         vocabularies: VocabularySet, thorough: bool) -> tuple[str, str, str] | None:
    """(what, text, agency) for the first credit a reader sees, or None. Without
    `thorough`, only the parsers' attribution blocks and the trailer phrases."""
    blocks = article.blocks_of("attribution")
    if blocks:
        return "trailer", blocks[0].text, blocks[0].text
    if thorough:
        found = _agency_credit(article, matcher, own)
        if found is not None:
            return found
    attribution = vocabularies.get("agency_attribution")
    if attribution is not None:
        # Wire copy is credited in the dateline (first paragraph) or the trailer (last).
        for block in _first_and_last(article.blocks, ("body", "byline", "dateline", "credit"), 2):
            if attribution.search(block.text):
                return "trailer", block.text, block.text
    return None


def _first_and_last(blocks, kinds: tuple[str, ...], last: int) -> list:
    """`of_kinds[:1] + of_kinds[-last:]` for the blocks of `kinds`, found from both ends
    without walking the middle of a long page (batch hot path)."""
    first = next((b for b in blocks if b.kind in kinds), None)
    if first is None:
        return []
    tail = []
    for block in reversed(blocks):
        if block.kind in kinds:
            tail.append(block)
            if len(tail) == last:
                break
    return [first, *reversed(tail)]


def _agency_credit(article: Article, matcher: AgencyMatcher, own: _OwnOutlet) -> tuple[str, str, str] | None:
    bylines = article.blocks_of("byline")
    for block in bylines:
        # "By TOM KRISHER, AP Auto Writer", "von dpa, unserer Redaktion", "Le Monde with AFP"
        # Styled bylines change case ("Tom Krisher, Ap Auto Writer"): try the capitals too.
        agency = _agency_in(matcher, block.text, own) or _agency_in(matcher, block.text.upper(), own)
        if agency:
            return "byline", block.text, agency
    if article.byline and (article.format != "html" or not bylines):
        # A theme or template shows the author field as the byline; an HTML page whose
        # byline the parser could not place is taken to show it too.
        agency = _agency_in(matcher, article.byline, own)
        if agency:
            return "byline", article.byline, agency
    body = article.blocks_of("dateline", "body")
    for block in body[:2]:
        match = matcher.dateline.match(block.text)
        if match and _agency_in(matcher, match["agency"], own):
            return "dateline", block.text[: match.end()].strip(), match["agency"]
    for block in article.blocks_of("body", "dateline", "credit", "standfirst"):
        # A line of its own naming the agency ("Von: det/dpa", "PTI") is a credit line.
        if len(block.text) <= _CREDIT_LINE_CHARS:
            agency = _agency_in(matcher, block.text, own)
            if agency:
                return "credit line", block.text, agency
    tail = article.blocks_of("body", "credit", "byline")[-_TRAILER_BLOCKS:]
    for block in tail:
        match = matcher.copyright.search(block.text)
        if match and _agency_in(matcher, match["agency"], own):
            return "copyright", match.group(0), match["agency"]
    return None


def _entries(vocabularies: VocabularySet, name: str) -> list:
    phrases = vocabularies.get(name)
    return list(phrases.entries) if phrases is not None else []
