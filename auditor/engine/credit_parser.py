"""Reads an image credit as agencies, picture desks and outlets write it into
{creator, agency, kind}: "(AP Photo/Jane Doe)", "REUTERS/Jane Doe", "Photograph:
Jane Doe/Getty Images", "Credit...Jane Doe/The New York Times", "Foto: Jane Doe/dpa",
"图/新华社", "Photo by Jane Doe on Unsplash", "Handout". Also finds a credit written
at the end of a caption. The words come from the `credit_*` and agency lists of the
vocabularies (rules/vocab/credits.yaml, agencies.yaml), so configs extend them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Iterable

from .credits import fold_name

KINDS = ("photo", "illustration", "graphic", "handout", "screenshot", "file", "stock")
# Credits that present the image as a photograph of something that happened.
PHOTO_KINDS = frozenset({"photo", "file", "stock"})
MAX_CREDIT_CHARS = 160
MAX_PART_WORDS = 8
MAX_CREATOR_WORDS = 3  # a caption's last words before "/Agency": a name, not the sentence
_SUFFIX_WORDS = 12
_CONNECTORS = frozenset(
    "de da do das dos del della di du des der den van von la le les y e and & + bin bint al el ibn st. jr. jr the of".split()
)
_BY = r"(?:by|de|par|di|von|door|por|przez|от|da|des|du|of)"
_SEPARATOR = re.compile(
    r"\s*/+\s*|\s*\|\s*|\s*;\s*|\s*,\s+|\s+[-\u2013\u2014]+\s+|\s*\u2014\s*|(?-i:(?<=[a-z]{2})\.\s+)"
    r"|\s+(?:via|vía|for|para|pour|für|per|voor|dla|для|on|sur|en|auf)\s+",
    re.IGNORECASE,
)
_BY_WORD = re.compile(rf"{_BY}\s")
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright)\s*", re.IGNORECASE)
_YEAR = re.compile(r"^(?:\d{4}(?:\s*[-\u2013]\s*\d{2,4})?)\s*,?\s*")
_CJK_PHOTOGRAPHED = re.compile(r"\s*(?:摄|攝|撮影)\s*$")
_REPORTER = re.compile(r"\s*(?:记者|記者|기자|特约|通讯员)\s*")
_SENTENCE_END = re.compile(r"[.!?]['\"\u2019\u201d]?$")
_INITIAL = re.compile(r"^(?:[A-Z]\.)+$|^(?:Jr|Sr|St|Dr|Mr|Mrs|Ms)\.$")


@dataclass(frozen=True)
class Credit:
    """One parsed credit. `kind` is one of KINDS, or None when the credit names
    someone without saying what the image is ("Credit: Jane Doe")."""

    text: str
    creator: str | None
    agency: str | None
    kind: str | None

    @cached_property
    def names(self) -> list[str]:
        return [n for n in dict.fromkeys(fold_name(x) for x in (self.creator, self.agency) if x) if n]

    @property
    def presents_photo(self) -> bool:
        return self.kind in PHOTO_KINDS


def _alternation(entries: Iterable[str], *, short_keeps_case: bool) -> str:
    """One regex for a word list: longest first; names of four characters or fewer keep
    their case when `short_keeps_case` ("AP", "dpa"); Latin and Cyrillic words stand
    alone (word boundaries), CJK names need none. The boundaries wrap the whole list,
    not each word: a hundred lookbehinds tried at every position made this 12x slower."""
    words = sorted({e.strip() for e in entries if isinstance(e, str) and e.strip()}, key=len, reverse=True)

    def keeps_case(word: str) -> bool:
        return short_keeps_case and len(word) <= 4 or (word.isupper() and len(word) <= 2)

    def bounded(word: str) -> bool:
        return all(c.isalnum() and ord(c) < 0x2E80 for c in (word[0], word[-1]))

    def body(group: list[str]) -> str:
        escaped = {w: r"\s+".join(re.escape(part) for part in w.split()) for w in group}
        free = "|".join(escaped[w] for w in group if not keeps_case(w))
        kept = "|".join(escaped[w] for w in group if keeps_case(w))
        return "|".join(x for x in (f"(?i:{free})" if free else "", f"(?-i:{kept})" if kept else "") if x)

    spaced = [w for w in words if bounded(w)]
    other = [w for w in words if not bounded(w)]
    groups = [rf"(?<!\w)(?:{body(spaced)})(?!\w)"] if spaced else []
    groups += [f"(?:{body(other)})"] if other else []
    return "|".join(groups) or r"(?!)"


class CreditParser:
    def __init__(self, lists: dict[str, list[str]]):
        self._lists = lists
        kinds = {kind: [e for e in lists.get(f"credit_kind_{kind}", []) if isinstance(e, str)] for kind in KINDS}
        self._kind_of_word = {}
        for kind in ("stock", "file", "screenshot", "handout", "graphic", "illustration", "photo"):
            for word in kinds[kind]:
                self._kind_of_word.setdefault(word.casefold(), kind)
        labels = [e for e in lists.get("credit_labels", []) if isinstance(e, str)]
        all_labels = labels + [w for words in kinds.values() for w in words]
        label = _alternation(all_labels, short_keeps_case=False)
        self._lead = re.compile(
            rf"^[\s(\[]*(?P<label>{label})(?:\s+{_BY}(?!\w))?\s*(?:[:：/|=]+|\.{{2,}}|…|-{{1,2}}(?=\s)|(?=[\s(]))?\s*",
            re.IGNORECASE,
        )
        self._labelled_tail = re.compile(
            rf"(?:^|(?<=[\s(\[|。，；（【]))(?P<label>{label})"
            rf"(?:\s*[:：]|\s*\.{{2,}}|\s*…|\s+{_BY}\s+(?=[^\W\d_a-z])|(?<=[图圖])/)",
            re.IGNORECASE,
        )
        # "(Photo Prakash Mathema. AFP)": a label and a name with nothing between, trusted
        # only at the start of a bracket or a "|" part ("Getty Images Europe" is no credit).
        self._bare_label = re.compile(rf"(?:^|(?<=[(\[|]))\s*(?P<label>{label})\s+(?-i:(?=[A-Z][a-z]))", re.IGNORECASE)
        self._sentence_label = re.compile(r"(?:^|(?<=[.!?]\s))(?:credit|photo)\s+(?=[A-Z])", re.IGNORECASE)
        self._kind_word = re.compile(rf"^(?:{_alternation(self._kind_of_word, short_keeps_case=False)})$", re.IGNORECASE)
        self._kind_suffix = re.compile(
            rf"\s+(?P<word>{_alternation([w for w in self._kind_of_word if ' ' not in w], short_keeps_case=False)})$",
            re.IGNORECASE)
        agencies = [e for e in lists.get("agencies", []) if isinstance(e, str)]
        pictures = [e for e in lists.get("picture_agencies", []) if isinstance(e, str)]
        self._agency = re.compile(_alternation(agencies + pictures + kinds["stock"], short_keeps_case=True), re.IGNORECASE)
        self._stock = re.compile(_alternation(kinds["stock"], short_keeps_case=True), re.IGNORECASE)
        self._desk = re.compile(_alternation(lists.get("credit_desks", []), short_keeps_case=True))
        self._trailing_group = re.compile(r"[(\[](?P<inner>[^()\[\]]{2,120})[)\]]\s*\.?\s*$")
        self.parse = lru_cache(maxsize=4096)(self._parse)
        self.split_caption = lru_cache(maxsize=4096)(self._split_caption)

    def __reduce__(self):
        # Rebuilt from its word lists: the caches do not pickle, and the vocabulary set
        # that keeps this parser must (it travels to worker processes).
        return CreditParser, (self._lists,)

    # -- a credit line -------------------------------------------------------------

    def _parse(self, text: str, strict: bool = False) -> Credit | None:
        """The credit in `text`, a credit line as a whole; None when it names nobody.
        `strict` (for text cut from a caption) also asks for names that look like names."""
        body = " ".join(text.split())
        if not body or len(body) > MAX_CREDIT_CHARS:
            return None
        kind = None
        labelled = False
        for _ in range(3):  # "Credit Credit... Name", "Photo Illustration by Name"
            match = self._lead.match(body)
            if match is None or match.end() == 0:
                break
            rest = body[match.end():]
            word = match["label"].casefold()
            if not rest.strip(" .)]") and self._agency.fullmatch(match["label"]):
                break  # "Credit: Alamy": the last word is the library, not a label
            if rest and not match.group(0).rstrip().endswith(tuple(":：/|.…-")) and word not in ("©", "(c)"):
                # "Photo Prakash Mathema": a label then a name; "Photos of the day": not a credit.
                if not (rest[0].isupper() or ord(rest[0]) >= 0x2E80 or _BY_WORD.match(match.group(0).split(None, 1)[-1])):
                    break
            kind = kind if kind not in (None, "photo") else self._kind_of_word.get(word, kind)
            labelled = True
            body = rest
        body = _YEAR.sub("", body.strip(" .()[]")).strip(" .()[]")
        photographed = _CJK_PHOTOGRAPHED.search(body)
        if photographed:
            kind, body = kind or "photo", body[: photographed.start()]
        body = _REPORTER.sub("/", body).strip(" /")
        parts = [p.strip(" .©()[]:") for p in _SEPARATOR.split(body)]
        creator = agency = None
        others: list[str] = []
        for part in parts:
            part = _COPYRIGHT.sub("", part).strip()
            part = _YEAR.sub("", part).strip()
            if not part:
                continue
            word_kind = self._kind_of_word.get(part.casefold()) if self._kind_word.match(part) else None
            if word_kind is not None and not (word_kind == "stock" and self._agency.fullmatch(part)):
                kind = kind or word_kind  # "Handout", "File" as a part of their own
                continue
            suffix = self._kind_suffix.search(part)
            if suffix and self._agency.fullmatch(part[: suffix.start()].strip()):
                kind = kind or self._kind_of_word.get(suffix["word"].casefold())  # "AP Photo", "PTI Photo"
                part = part[: suffix.start()].strip()
            if not any(c.isalpha() for c in part):
                continue  # "19.01.2022"
            if len(part.split()) > MAX_PART_WORDS or (strict or len(part.split()) > 3) and not _name_like(part):
                if strict or (creator is None and agency is None):
                    return None  # a sentence or a description, not a name
                continue  # "…/Photo montage by Salon" after the names
            named_agency = self._agency.search(part)
            if named_agency and agency is None:
                agency = named_agency.group(0)  # "Spain Reuters", "Getty Images News": the agency
                if self._stock.search(part) and kind in (None, "photo"):
                    kind = "stock"
            elif creator is None and not named_agency:
                creator = part
            else:
                others.append(part)
        if agency is None and creator is not None and others:
            agency = others[-1]  # "Kirsten Luce for The New York Times": the desk
        if creator is None and agency is None:
            return Credit(body, None, None, kind) if kind and labelled and not strict else None
        if strict and not labelled and not self._agency.search(body) and not (agency and self._desk.search(agency)):
            return None  # a caption's "Name / Name" is a caption unless a desk or agency signs it
        if kind is None and (self._agency.search(body) or (creator and agency)):
            kind = "photo"  # an agency or "Name/Desk" sign-off is a news photo's credit
        return Credit(text.strip(), creator, agency, kind)

    # -- a credit inside a caption ---------------------------------------------------

    def _split_caption(self, caption: str) -> tuple[str, str] | None:
        """(the caption without its credit, the credit) when the caption ends with a
        credit ("… Photo: Jane Doe/Reuters", "… (Jane Doe / AP)", "… Jane Doe/AFP/Getty
        Images"), else None. A caption that is only a credit gives ("", credit)."""
        text = " ".join(caption.split())
        if not text:
            return None
        for found in self._label_starts(text):
            start, end = found, len(text)
            if start > 0 and text[start - 1] in "([":
                close = text.find(")" if text[start - 1] == "(" else "]", start)
                end = close if close > 0 else end
                start -= 1
            candidate = text[start:end].strip()
            if len(candidate) <= MAX_CREDIT_CHARS and self._parse(candidate.lstrip("(["), True) is not None:
                return _rest(text[:start]), candidate.strip("()[] ")
        whole = self._parse(text, True) if len(text) <= 80 else None
        if whole is not None and whole.agency:
            return "", text
        group = self._trailing_group.search(text)
        if group is not None and self._parse(group["inner"], True) is not None:
            return _rest(text[: group.start()]), group["inner"].strip()
        return self._agency_suffix(text)

    def _label_starts(self, text: str) -> list[int]:
        starts = [m.start() for m in self._labelled_tail.finditer(text)]
        starts += [m.start() for m in self._sentence_label.finditer(text)]
        starts += [m.start("label") for m in self._bare_label.finditer(text)]
        return sorted(set(starts), reverse=True)[:4]

    def _agency_suffix(self, text: str) -> tuple[str, str] | None:
        if self._agency.search(text[-80:]) is None:
            return None
        words = text.split(" ")
        first = len(words)
        for index in range(len(words) - 1, max(-1, len(words) - 1 - _SUFFIX_WORDS), -1):
            word = words[index]
            if index < len(words) - 1 and _SENTENCE_END.search(word) and not _INITIAL.match(word):
                break
            candidate = " ".join(words[index:])
            parts = [p for p in _SEPARATOR.split(candidate) if p.strip()]
            if len(parts[0].split()) > MAX_CREATOR_WORDS and not self._agency.search(parts[0]):
                break
            credit = self._parse(candidate, True)
            if credit is not None and credit.agency and (len(parts) > 1 or self._agency.fullmatch(candidate.strip(" ."))):
                first = index
        if first == len(words):
            return None
        return _rest(" ".join(words[:first])), " ".join(words[first:]).strip(" .")


def _name_like(part: str) -> bool:
    """Words of a name or an organisation: each capitalised, a connector, or not Latin."""
    words = part.split()
    if not words or len(words) > MAX_PART_WORDS:
        return False
    for word in words:
        head = word.lstrip("(\"'\u201c")[:1]
        if not head:
            continue
        if head.isupper() or head.isdigit() or not head.isascii() and not head.islower() or word.casefold() in _CONNECTORS:
            continue
        return False
    return True


def _rest(text: str) -> str:
    return text.rstrip(" .|-\u2013\u2014([").strip()


def parser_for(vocabularies) -> CreditParser:
    """The parser of a vocabulary set, built once per run (kept on the set)."""
    parser = getattr(vocabularies, "credit_parser", None)
    if parser is None:
        lists = {name: list(phrases.entries) for name, phrases in vocabularies.items()}
        parser = CreditParser(lists)
        try:
            vocabularies.credit_parser = parser
        except AttributeError:
            pass
    return parser
