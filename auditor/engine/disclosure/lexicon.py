"""The disclosure grammar's words, compiled once per run: the word classes (AI terms,
predicates, image nouns) over every language, and per language the small word sets
and negators the matcher checks gaps and negation against."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..normalize import normalize
from .word_class import Entry, WordClass

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

# "noun-term-relation": an image noun, the AI term, then a postposition ("montázs MI
# segítségével", a montage with the help of AI), for languages whose relations follow.
COMPOUNDS = ("term-pred", "pred-term", "term-noun", "noun-term", "noun-term-relation", "appositive-participles")


def script_of(char: str) -> str | None:
    for name, pattern in _SCRIPT_OF:
        if pattern.match(char):
            return name
    return None


def entry_regex(entry: str, *, left: bool = True, proclitics: bool = True) -> str:
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
    first = script_of(tokens[0][0])
    if left and first and (first not in _PROCLITIC or not proclitics):
        # The boundary test written after the first literal ("ai(?<![a-z]ai)"), not
        # before it: the same test, but the pattern starts with a literal, which the
        # regex engine looks for at C speed instead of trying a lookbehind everywhere.
        literal = re.escape(tokens[0].rstrip("*"))
        parts[0] = parts[0].replace(literal, f"{literal}(?<![{_CLASS_OF[first]}]{literal})", 1)
    body = r"[\s\-]*".join(parts)
    last_token = tokens[-1]
    last = script_of(last_token.rstrip("*")[-1:] or " ")
    tail = ""
    if not last_token.endswith("*") and last and last not in _NO_BOUNDARY_AFTER:
        tail = f"(?![{_CLASS_OF[last]}])"
    return body + tail


@dataclass
class LanguageGrammar:
    """The closed word sets of one language, normalised."""

    code: str
    gap_words: frozenset[str] = frozenset()  # relations, fillers and negators
    gap_prefixes: tuple[str, ...] = ()  # the same, written "nástroj*": any inflection
    relations: frozenset[str] = frozenset()
    noun_links: frozenset[str] = frozenset()
    compounds: frozenset[str] = frozenset()
    negators_before: LazyPattern | None = None
    negators_after: LazyPattern | None = None
    negators: LazyPattern | None = None  # either kind, for negation inside the label
    infixes: tuple[str, ...] = ()
    conjunctions: LazyPattern | None = None
    # Verb endings that close a clause (Korean "-며", "-고": "generated, and ..."):
    # a negator after such a word belongs to the next clause.
    clause_endings: tuple[str, ...] = ()
    # Languages whose participles agree with their noun ("изображение, созданное ИИ"):
    # a participle opening a comma clause still belongs to the noun before the comma,
    # so "а не изображение, созданное ИИ" negates the label.
    appositive_participles: bool = False
    # For scripts without spaces: a gap made only of these strings is a relation.
    unspaced_gap: LazyPattern | None = None
    unspaced_links: LazyPattern | None = None
    suggest: dict[str, str] = field(default_factory=dict)


@dataclass
class Lexicon:
    terms: WordClass
    predicates: WordClass
    nouns: WordClass
    languages: dict[str, LanguageGrammar]

    @property
    def empty(self) -> bool:
        return self.terms.empty


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
        # A long single-word name takes case endings ("Midjourneylla", Finnish "with").
        inflected = len(tool) >= 8 and not re.search(r"[\s\-.\u00b7]", tool)
        _add(terms, f"{tool}*" if inflected else tool, "*", tool=True)
    return Lexicon(WordClass(terms), WordClass(predicates), WordClass(nouns), grammars)


def _add(into: dict[str, Entry], word: str, language: str, *, claim: str | None = None, tool: bool = False) -> None:
    key = normalize(word).strip()
    old = into.get(key) or Entry(key, frozenset())
    upper = old.upper_only | ({language} if word != word.lower() and not tool else set())
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
        gap_prefixes=tuple(normalize(w)[:-1] for w in _strings(groups.get("relations")) + _strings(groups.get("fillers"))
                           if w.endswith("*") and len(w) > 2),
        # A negator ties a label too ("made without AI"): the label is then negated.
        relations=frozenset(relations | negator_words),
        noun_links=frozenset(links),
        compounds=frozenset(c for c in _strings(groups.get("compounds")) if c in COMPOUNDS),
        negators_before=_alternation(cues),
        negators_after=_alternation(after),
        negators=_alternation(cues + after),
        infixes=tuple(normalize(i) for i in _strings(groups.get("negation_infixes"))),
        conjunctions=_alternation(_strings(groups.get("conjunctions"))),
        clause_endings=tuple(normalize(e) for e in _strings(groups.get("clause_endings"))),
        appositive_participles="appositive-participles" in _strings(groups.get("compounds")),
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


class LazyPattern:
    """A regex compiled on first use: most languages' negators and conjunctions are
    never needed in a run, and compiling all of them would cost every start-up."""

    def __init__(self, build, words):
        self._build, self._words, self._pattern = build, words, None

    def _compiled(self) -> re.Pattern[str]:
        if self._pattern is None:
            self._pattern = self._build(self._words)
        return self._pattern

    def search(self, *args):
        return self._compiled().search(*args)

    def finditer(self, *args):
        return self._compiled().finditer(*args)

    def fullmatch(self, *args):
        return self._compiled().fullmatch(*args)


def _alternation(words: list[str]) -> LazyPattern | None:
    return LazyPattern(_compile_alternation, words) if words else None


def _compile_alternation(words: list[str]) -> re.Pattern[str]:
    ordered = sorted({normalize(w).strip() for w in words}, key=len, reverse=True)
    sources = []
    for word in ordered:
        if not WORD.fullmatch(word.replace(" ", "").replace("'", "").replace("*", "")):
            sources.append(re.escape(word))  # "n't": matched as written
        else:
            # Bounded on the left in every script: Persian "نه" (not) ends many words.
            sources.append(entry_regex(word, proclitics=False))
    return re.compile("|".join(sources))


def _pieces(words: list[str]) -> LazyPattern | None:
    return LazyPattern(_compile_pieces, words) if words else None


def _compile_pieces(words: list[str]) -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(re.escape(w) for w in words) + r"|\s)+")
