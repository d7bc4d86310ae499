"""The disclosure grammar's words, compiled once per run: one regex per word class
(AI terms, predicates, image nouns) over every language, and per language the small
word sets the matcher checks gaps and negation against."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..normalize import normalize

# Letters and the combining marks of the scripts we read: Python's \w leaves out
# Indic vowel signs and Arabic/Hebrew points, which would cut words in two.
WORD_CHARS = (r"\w\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
              r"\u0900-\u0dff\u0e00-\u0e7f\u200c\u200d")
WORD = re.compile(f"[{WORD_CHARS}]+")

# A word boundary is a change of script, not only a non-letter: "由AI生成" and
# "AI로" hold the term "AI" although letters touch it. Scripts written without
# spaces (CJK, kana, Thai) and Hangul's attached particles get no boundary after.
_SCRIPTS = (
    ("latin", "a-z0-9\u00c0-\u024f\u1e00-\u1eff"),
    ("cyrillic", "\u0400-\u04ff"),
    ("greek", "\u0370-\u03ff\u1f00-\u1fff"),
    ("devanagari", "\u0900-\u097f"),
    ("bengali", "\u0980-\u09ff"),
    ("tamil", "\u0b80-\u0bff"),
    ("arabic", "\u0600-\u06ff\u0750-\u077f\u200c"),
    ("hebrew", "\u0590-\u05ff"),
    ("hangul", "\uac00-\ud7af\u1100-\u11ff"),
)
_SCRIPT_OF = [(name, re.compile(f"[{chars}]")) for name, chars in _SCRIPTS]
_CLASS_OF = dict(_SCRIPTS)
# Scripts whose prefixes attach to the next word (Arabic "بالذكاء", Hebrew "בבינה"):
# no boundary before a term there.
_PROCLITIC = {"arabic", "hebrew"}
_NO_BOUNDARY_AFTER = {"hangul"}
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\u0e00-\u0e7f]")

COMPOUNDS = ("term-pred", "pred-term", "term-noun", "noun-term")


def script_of(char: str) -> str | None:
    for name, pattern in _SCRIPT_OF:
        if pattern.match(char):
            return name
    return None


def entry_regex(entry: str, *, left: bool = True) -> str:
    """Regex source for one lexicon entry on normalised text: tokens joined by
    space or hyphen (or nothing), a trailing '*' on a token takes any inflection,
    bounded where the entry's script separates words."""
    norm = normalize(entry).strip()
    tokens = [t for t in re.split(r"[\s\-]+", norm) if t]
    parts = []
    for token in tokens:
        if token.endswith("*") and len(token) > 1:
            parts.append(re.escape(token[:-1]) + f"[{WORD_CHARS}]*")
        else:
            parts.append(re.escape(token))
    body = r"[\s\-]*".join(parts)
    first = script_of(tokens[0][0])
    last_token = tokens[-1]
    last = script_of(last_token.rstrip("*")[-1:] or " ")
    head = f"(?<![{_CLASS_OF[first]}])" if left and first and first not in _PROCLITIC else ""
    tail = ""
    if not last_token.endswith("*") and last and last not in _NO_BOUNDARY_AFTER:
        tail = f"(?![{_CLASS_OF[last]}])"
    return head + body + tail


@dataclass(frozen=True)
class Entry:
    """One alternative of a word-class regex: the languages it belongs to."""

    text: str
    languages: frozenset[str]
    # Languages where the entry counts only in capitals ("MI", "SI", Italian "AI"):
    # there the lower-case word is an ordinary one ("mi", "ai").
    upper_only: frozenset[str] = frozenset()
    claims: tuple[tuple[str, str], ...] = ()  # (language, 'generated'|'edited') for predicates
    tool: bool = False

    def claim_in(self, language: str) -> str | None:
        for lang, claim in self.claims:
            if lang == language:
                return claim
        return None


class WordClass:
    """Every entry of one class in one regex; `finditer` yields (start, end, Entry)."""

    def __init__(self, entries: dict[str, Entry]):
        ordered = sorted(entries.values(), key=lambda e: (-len(e.text), e.text))
        self.entries = ordered
        sources = [f"({entry_regex(e.text)})" for e in ordered]
        self.regex = re.compile("|".join(sources)) if sources else None

    def finditer(self, normal: str):
        if self.regex is None:
            return
        for match in self.regex.finditer(normal):
            if match.end() > match.start():
                yield match.start(), match.end(), self.entries[match.lastindex - 1]


@dataclass
class LanguageGrammar:
    """The closed word sets of one language, normalised."""

    code: str
    gap_words: frozenset[str] = frozenset()  # relations, fillers and negators
    relations: frozenset[str] = frozenset()
    noun_links: frozenset[str] = frozenset()
    compounds: frozenset[str] = frozenset()
    negators_before: re.Pattern[str] | None = None
    negators_after: re.Pattern[str] | None = None
    negators: re.Pattern[str] | None = None  # either kind, for negation inside the label
    infixes: tuple[str, ...] = ()
    conjunctions: re.Pattern[str] | None = None
    # For scripts without spaces: a gap made only of these strings is a relation.
    unspaced_gap: re.Pattern[str] | None = None
    unspaced_links: re.Pattern[str] | None = None
    suggest: dict[str, str] = field(default_factory=dict)


@dataclass
class Lexicon:
    terms: WordClass
    predicates: WordClass
    nouns: WordClass
    languages: dict[str, LanguageGrammar]

    @property
    def empty(self) -> bool:
        return self.terms.regex is None


def compile_lexicon(document: dict) -> Lexicon:
    terms: dict[str, Entry] = {}
    predicates: dict[str, Entry] = {}
    nouns: dict[str, Entry] = {}
    grammars: dict[str, LanguageGrammar] = {}
    for language, groups in (document.get("languages") or {}).items():
        groups = groups or {}
        for word in _strings(groups.get("terms")):
            _add(terms, word, language)
        for claim, group in (("generated", "generate"), ("edited", "edit")):
            for word in _strings(groups.get(group)):
                _add(predicates, word, language, claim=claim)
        for word in _strings(groups.get("nouns")):
            _add(nouns, word, language)
        if any(groups.get(g) for g in ("terms", "generate", "edit")):
            grammars[language] = _language(language, groups)
    for tool in _strings(document.get("tool_names")):
        _add(terms, tool, "*", tool=True)
    return Lexicon(WordClass(terms), WordClass(predicates), WordClass(nouns), grammars)


def _add(into: dict[str, Entry], word: str, language: str, *, claim: str | None = None, tool: bool = False) -> None:
    key = normalize(word).strip()
    old = into.get(key) or Entry(key, frozenset())
    upper = old.upper_only | ({language} if word != word.lower() else set())
    claims = old.claims + (((language, claim),) if claim else ())
    into[key] = Entry(key, old.languages | {language}, frozenset(upper), claims, tool or old.tool)


def _language(code: str, groups: dict) -> LanguageGrammar:
    relations = _words(groups.get("relations"))
    fillers = _words(groups.get("fillers"))
    cues = _strings(groups.get("negation_cues"))
    after = _strings(groups.get("negation_after"))
    negator_words = _words(cues) | _words(after)
    gap_pieces = sorted(relations | fillers | negator_words, key=len, reverse=True)
    links = sorted(_words(groups.get("noun_links")), key=len, reverse=True)
    suggest = {claim: _strings(groups.get(f"suggest_{claim}"))[0]
               for claim in ("generated", "edited") if _strings(groups.get(f"suggest_{claim}"))}
    return LanguageGrammar(
        code=code,
        gap_words=frozenset(relations | fillers | negator_words),
        relations=frozenset(relations),
        noun_links=frozenset(links),
        compounds=frozenset(c for c in _strings(groups.get("compounds")) if c in COMPOUNDS),
        negators_before=_alternation(cues),
        negators_after=_alternation(after),
        negators=_alternation(cues + after),
        infixes=tuple(normalize(i) for i in _strings(groups.get("negation_infixes"))),
        conjunctions=_alternation(_strings(groups.get("conjunctions"))),
        unspaced_gap=_pieces(gap_pieces),
        unspaced_links=_pieces(links),
        suggest=suggest,
    )


def _strings(values) -> list[str]:
    return [str(v) for v in values or () if not isinstance(v, dict) and str(v).strip()]


def _words(values) -> set[str]:
    """Single words of a list: multi-word entries ("with the help of") give each word."""
    out: set[str] = set()
    for value in _strings(values):
        out.update(WORD.findall(normalize(value)))
    return out


def _alternation(words: list[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    ordered = sorted({normalize(w).strip() for w in words}, key=len, reverse=True)
    sources = []
    for word in ordered:
        if not WORD.fullmatch(word.replace(" ", "").replace("'", "")):
            sources.append(re.escape(word))  # "n't": matched as written
        else:
            sources.append(entry_regex(word))
    return re.compile("|".join(sources))


def _pieces(words: list[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    return re.compile("(?:" + "|".join(re.escape(w) for w in words) + r"|\s)+")
