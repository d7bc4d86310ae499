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

COMPOUNDS = ("term-pred", "pred-term", "term-noun", "noun-term", "appositive-participles")


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


# Runs of one script: the tokens the word classes are looked up by. A run break is a
# word break, which also separates "由", "ai" and "生成" in "由ai生成".
_RUNS = re.compile(
    r"(?P<latin>[a-z0-9\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f]+)"
    r"|(?P<cyrillic>[\u0400-\u04ff]+)"
    r"|(?P<greek>[\u0370-\u03ff\u1f00-\u1fff]+)"
    r"|(?P<indic>[\u0900-\u0963\u0966-\u0dff\u200c\u200d]+)"  # not the danda "।"
    r"|(?P<arabic>[\u0600-\u06ff\u0750-\u077f\u200c]+)"
    r"|(?P<hebrew>[\u0590-\u05ff]+)"
    r"|(?P<hangul>[\uac00-\ud7af\u1100-\u11ff]+)"
    r"|(?P<unspaced>[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\u0e00-\u0e7f]+)"
    r"|(?P<other>\w+)"
)
# The same runs without groups, for the quick test whether a text holds any entry at all.
_PLAIN_RUNS = re.compile(re.sub(r"\(\?P<\w+>", "(?:", _RUNS.pattern))
_KEY = 3
# Scripts whose words take attached prefixes or whose entries hide inside runs: no quick test.
_NO_QUICK_TEST = re.compile(r"[\u0590-\u06ff\u0750-\u077f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\u0e00-\u0e7f"
                            r"\uac00-\ud7af\u1100-\u11ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")

# What may stand between the tokens of one entry ("ai tool", "ai-tool", "leonardo.ai").
_JOINER = re.compile(r"[\s\-.\u00b7'\"\u2019\u05f3]{0,3}")
# One-letter prefixes written onto the next word: Arabic "بـ/لـ/و/ف/ك", Hebrew "ב/ה/ו/ל/מ/ש/כ".
_PROCLITICS = {"arabic": frozenset("بلوفك"), "hebrew": frozenset("בהולמשכ")}


@dataclass(frozen=True)
class _Token:
    text: str
    prefix: bool  # matches the start of a word ("generiert*", Hangul stems)
    unspaced: bool  # CJK, kana, Thai: found inside a run


def _entry_tokens(text: str) -> tuple[_Token, ...]:
    tokens = []
    for piece in re.split(r"[\s\-]+", text):
        star = piece.endswith("*")
        runs = list(_RUNS.finditer(piece.rstrip("*")))
        for index, run in enumerate(runs):
            kind = run.lastgroup
            last = index == len(runs) - 1
            tokens.append(_Token(run.group(), (star and last) or kind == "hangul", kind == "unspaced"))
    return tuple(tokens)


class WordClass:
    """Every entry of one word class, looked up token by token (a dictionary probe
    per word, not one regex of hundreds of alternatives per text);
    `finditer` yields non-overlapping (start, end, Entry), leftmost and longest first."""

    def __init__(self, entries: dict[str, Entry]):
        self.entries = sorted(entries.values(), key=lambda e: (-len(e.text), e.text))
        self._tokens = [_entry_tokens(e.text) for e in self.entries]
        self._exact: dict[str, list[int]] = {}
        self._prefix: dict[str, list[int]] = {}
        unspaced: set[str] = set()
        self._unspaced_first: dict[str, list[int]] = {}
        self._suffix: dict[str, list[int]] = {}
        for index, tokens in enumerate(self._tokens):
            if not tokens:
                continue
            first = tokens[0]
            if self.entries[index].text.startswith("*") and len(tokens) == 1:
                # "*tengenezwa": Swahili marks person and tense in front of the stem.
                self._suffix.setdefault(first.text, []).append(index)
            elif first.unspaced:
                self._unspaced_first.setdefault(first.text, []).append(index)
                unspaced.add(first.text)
            elif first.prefix:
                self._prefix.setdefault(first.text, []).append(index)
            else:
                self._exact.setdefault(first.text, []).append(index)
        self._prefix_lengths = sorted({len(p) for p in self._prefix})
        # Most texts hold no entry: one set intersection of their words' first letters
        # with the entries' says so before any per-word lookup (batch hot path).
        firsts = [tokens[0] for tokens in self._tokens if tokens]
        self._keys = frozenset(t.text[:_KEY] for t in firsts)
        self._quick = not self._suffix and all(
            len(t.text) >= _KEY or not t.prefix or _HANGUL.match(t.text) for t in firsts)
        self._suffix_lengths = sorted({len(p) for p in self._suffix})
        self._unspaced = (re.compile("|".join(re.escape(t) for t in sorted(unspaced, key=len, reverse=True)))
                          if unspaced else None)
        self.empty = not self.entries

    def finditer(self, normal: str):
        if self.empty:
            return
        if self._quick and (normal.isascii() or not _NO_QUICK_TEST.search(normal)) \
                and self._keys.isdisjoint(word[:_KEY] for word in _PLAIN_RUNS.findall(normal)):
            return
        runs = [(m.start(), m.end(), m.lastgroup) for m in _RUNS.finditer(normal)]
        found: list[tuple[int, int, int]] = []
        for position, (start, end, kind) in enumerate(runs):
            word = normal[start:end]
            if kind == "unspaced":
                if self._unspaced is not None:
                    for match in self._unspaced.finditer(word):
                        for index in self._unspaced_first[match.group()]:
                            self._extend(found, normal, runs, position, start + match.start(), start + match.end(), index)
                continue
            for offset in _proclitic_offsets(word, kind):
                stem = word[offset:]
                for index in self._exact.get(stem, ()):
                    self._extend(found, normal, runs, position, start + offset, end, index)
                for length in self._prefix_lengths:
                    if length > len(stem):
                        break
                    for index in self._prefix.get(stem[:length], ()):
                        self._extend(found, normal, runs, position, start + offset, end, index)
            for length in self._suffix_lengths:
                if length >= len(word):
                    break
                for index in self._suffix.get(word[-length:], ()):
                    found.append((start, end, index))
        found.sort(key=lambda f: (f[0], -(f[1] - f[0]), f[2]))
        chosen: list[tuple[int, int, Entry]] = []
        for start, end, index in found:
            entry = self.entries[index]
            if chosen and start < chosen[-1][1]:
                first, last, kept = chosen[-1]
                if start == first:
                    # Entries matching at the same place, the longest chosen: the span
                    # belongs to every language of each ("ai generatif" is an Indonesian
                    # term and holds the Malay "ai"; "ترمیم" is Persian and Urdu).
                    chosen[-1] = (first, last, _merged(kept, entry))
                continue
            chosen.append((start, end, entry))
        yield from chosen

    def _extend(self, found, normal, runs, position, start, first_end, index) -> None:
        """Checks an entry's further tokens on the runs after `position`."""
        tokens = self._tokens[index]
        if len(tokens) > 1 and tokens[0].unspaced and first_end != runs[position][1]:
            return  # "生成式" + "ai": the first part must end its run
        end = first_end
        if len(tokens) == 1 and tokens[0].unspaced:
            found.append((start, end, index))
            return
        if not tokens[0].unspaced and not tokens[0].prefix and len(tokens) == 1:
            found.append((start, end, index))
            return
        for step, token in enumerate(tokens[1:], 1):
            if position + step >= len(runs):
                return
            run_start, run_end, _ = runs[position + step]
            if not _JOINER.fullmatch(normal, end, run_start):
                return
            word = normal[run_start:run_end]
            if token.unspaced or token.prefix:
                if not word.startswith(token.text):
                    return
                end = run_start + len(token.text) if token.unspaced else run_end
            elif word != token.text:
                return
            else:
                end = run_end
        found.append((start, end, index))


def _merged(one: Entry, other: Entry) -> Entry:
    if other.languages <= one.languages and not other.claims:
        return one
    return Entry(one.text, one.languages | other.languages, one.upper_only | other.upper_only,
                 one.claims + tuple(c for c in other.claims if c not in one.claims), one.tool or other.tool)


def _proclitic_offsets(word: str, kind: str | None) -> tuple[int, ...]:
    letters = _PROCLITICS.get(kind or "")
    if not letters or len(word) < 3 or word[0] not in letters:
        return (0,)
    return (0, 1, 2) if word[1] in letters else (0, 1)


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
