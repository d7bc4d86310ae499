"""The lookup behind the grammar's word classes (AI terms, predicates, image nouns):
every entry of a class found in a text token by token, a dictionary probe per word
rather than one regex of hundreds of alternatives per text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple


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
# The same runs, each giving its first _KEY characters (a lookahead of the same
# alternatives: the one that matches first is the run's), for the quick test whether
# a text holds any entry at all: the keys come out of the regex engine, not a loop.
_PLAIN_RUNS = re.sub(r"\(\?P<\w+>", "(?:", _RUNS.pattern)
_RUN_KEYS = re.compile("(?=(" + re.sub(r"\]\+\)|\\w\+\)", lambda m: m.group()[:-2] + "{1,3})", _PLAIN_RUNS)
                       + "))(?:" + _PLAIN_RUNS + ")")
# The same two patterns for ASCII text (lower-cased: most captions), where only the
# first and last alternatives can match: half the work for the regex engine.
_ASCII_RUNS = re.compile(r"(?P<latin>[a-z0-9]+)|(?P<other>\w+)")
_ASCII_RUN_KEYS = re.compile(r"(?=([a-z0-9]{1,3}|\w{1,3}))(?:[a-z0-9]+|\w+)")
_KEY = 3
_PROBED_WORDS = 50_000  # words whose probes a class remembers (a few MB at most)
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


class _Probes(NamedTuple):
    """What one word may start or end, sorted by what decides it: `alone`, entries of
    one token (found where the word is); `by_next`, entries whose second token is a
    whole word, by that word (most entries after "ai" are not what follows it here:
    one dictionary probe skips them); `by_next_key`, those whose second token is a
    stem of _KEY letters or more ("ai tool*"), by its first _KEY letters, which the
    next word must start with; `others`, checked token by token; `ends`,
    suffix entries the word ends. The order entries are found in does not matter:
    they are sorted before they are chosen."""

    alone: tuple[tuple[int, int], ...]
    by_next: dict[str, tuple[tuple[int, int], ...]]
    by_next_key: dict[str, tuple[tuple[int, int], ...]]
    others: tuple[tuple[int, int], ...]
    ends: tuple[int, ...]


_NOTHING = _Probes((), {}, {}, (), ())


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
        # Prefix entries grouped by their first _KEY characters: a word probes its own
        # group instead of one slice per prefix length (dozens of lengths, every word).
        self._prefix_groups: dict[str, list[tuple[str, list[int]]]] = {}
        for prefix, indices in self._prefix.items():
            if len(prefix) >= _KEY:
                self._prefix_groups.setdefault(prefix[:_KEY], []).append((prefix, indices))
        self._short_prefix_lengths = sorted({len(p) for p in self._prefix if len(p) < _KEY})
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
        self._probed: dict[str, _Probes] = {}
        # Entries of several languages matched at one place, merged once per run.
        self._merged: dict[tuple[int, ...], Entry] = {}

    def first_words(self) -> frozenset[str]:
        """The first token of every entry: a text holds an entry only where it holds
        that token as a substring (whole word, stem, inside a run or after a prefix)."""
        return frozenset(tokens[0].text for tokens in self._tokens if tokens)

    def __getstate__(self) -> dict:
        # A pickled class (the rule-set cache, Dask) carries no memory.
        return {**self.__dict__, "_probed": {}, "_merged": {}}

    def finditer(self, normal: str):
        if self.empty:
            return
        if self._quick:
            keys = _quick_keys_of(normal)
            if keys is not None and self._keys.isdisjoint(keys):
                return
        runs = _runs_of(normal)
        found: list[tuple[int, int, int]] = []
        for position, (start, end, kind) in enumerate(runs):
            word = normal[start:end]
            if kind == "unspaced":
                if self._unspaced is not None:
                    for match in self._unspaced.finditer(word):
                        for index in self._unspaced_first[match.group()]:
                            self._extend(found, normal, runs, position, start + match.start(), start + match.end(), index)
                continue
            # A run's kind follows from its text (its first character picks the
            # alternative of _RUNS), so the word alone keys what it may start.
            probes = self._probed.get(word)
            if probes is None:
                probes = self._probe(word, kind)
            if probes is _NOTHING:
                continue  # most words start no entry
            for offset, index in probes.alone:
                found.append((start + offset, end, index))
            if probes.by_next and position + 1 < len(runs):
                following = runs[position + 1]
                for offset, index in probes.by_next.get(normal[following[0]:following[1]], ()):
                    self._extend(found, normal, runs, position, start + offset, end, index)
            if probes.by_next_key and position + 1 < len(runs):
                following = runs[position + 1]
                for offset, index in probes.by_next_key.get(normal[following[0]:following[0] + _KEY], ()):
                    self._extend(found, normal, runs, position, start + offset, end, index)
            for offset, index in probes.others:
                self._extend(found, normal, runs, position, start + offset, end, index)
            for index in probes.ends:
                found.append((start, end, index))
        if not found:
            return
        if len(found) > 1:
            found.sort(key=lambda f: (f[0], -(f[1] - f[0]), f[2]))
        chosen: list[tuple[int, int, tuple[int, ...]]] = []
        for start, end, index in found:
            if chosen and start < chosen[-1][1]:
                first, last, kept = chosen[-1]
                if start == first:
                    # Entries matching at the same place, the longest chosen: the span
                    # belongs to every language of each ("ai generatif" is an Indonesian
                    # term and holds the Malay "ai"; "ترمیم" is Persian and Urdu).
                    chosen[-1] = (first, last, kept + (index,))
                continue
            chosen.append((start, end, (index,)))
        for start, end, indices in chosen:
            yield start, end, self.entries[indices[0]] if len(indices) == 1 else self._merged_entry(indices)

    def _merged_entry(self, indices: tuple[int, ...]) -> Entry:
        entry = self._merged.get(indices)
        if entry is None:
            entry = self.entries[indices[0]]
            for index in indices[1:]:
                entry = _merged(entry, self.entries[index])
            if len(self._merged) >= _PROBED_WORDS:
                self._merged.clear()
            self._merged[indices] = entry
        return entry

    def _probe(self, word: str, kind: str | None) -> _Probes:
        """The entries a word of `kind` may start (offset into the word, entry index)
        and those it ends (suffix entries). Words recur from text to text, so the
        answer is remembered: one dictionary probe per word instead of dozens."""
        starts: list[tuple[int, int]] = []
        for offset in _proclitic_offsets(word, kind):
            stem = word[offset:]
            for index in self._exact.get(stem, ()):
                starts.append((offset, index))
            for length in self._short_prefix_lengths:
                if length > len(stem):
                    break
                for index in self._prefix.get(stem[:length], ()):
                    starts.append((offset, index))
            for prefix, indices in self._prefix_groups.get(stem[:_KEY], ()):
                if stem.startswith(prefix):
                    for index in indices:
                        starts.append((offset, index))
        ends: list[int] = []
        for length in self._suffix_lengths:
            if length >= len(word):
                break
            ends.extend(self._suffix.get(word[-length:], ()))
        if len(self._probed) >= _PROBED_WORDS:
            self._probed.clear()
        alone: list[tuple[int, int]] = []
        by_next: dict[str, list[tuple[int, int]]] = {}
        by_next_key: dict[str, list[tuple[int, int]]] = {}
        others: list[tuple[int, int]] = []
        for offset, index in starts:
            tokens = self._tokens[index]
            if len(tokens) == 1:
                alone.append((offset, index))
            elif not tokens[1].prefix and not tokens[1].unspaced:
                by_next.setdefault(tokens[1].text, []).append((offset, index))
            elif not tokens[1].unspaced and len(tokens[1].text) >= _KEY:
                by_next_key.setdefault(tokens[1].text[:_KEY], []).append((offset, index))
            else:
                others.append((offset, index))
        probes = _Probes(tuple(alone), {text: tuple(found) for text, found in by_next.items()},
                         {key: tuple(found) for key, found in by_next_key.items()}, tuple(others), tuple(ends))
        if probes == _NOTHING:
            probes = _NOTHING
        self._probed[word] = probes
        return probes

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


_last_keys: list = [None, None]


def _quick_keys_of(normal: str) -> frozenset[str] | None:
    """The first _KEY characters of every word of `normal`, or None when its script
    allows no quick test; remembered for the next word class asking of the same text."""
    if _last_keys[0] != normal:
        if normal.isascii():
            _last_keys[1] = frozenset(_ASCII_RUN_KEYS.findall(normal))
        else:
            _last_keys[1] = None if _NO_QUICK_TEST.search(normal) else frozenset(_RUN_KEYS.findall(normal))
        _last_keys[0] = normal
    return _last_keys[1]


# The grammar looks up several word classes (terms, predicates, nouns) in the same
# text one after another: its runs are cut once.
_last_runs: list = [None, ()]


def _runs_of(normal: str) -> list[tuple[int, int, str | None]]:
    if _last_runs[0] != normal:
        runs = _ASCII_RUNS if normal.isascii() else _RUNS
        _last_runs[1] = [(m.start(), m.end(), m.lastgroup) for m in runs.finditer(normal)]
        _last_runs[0] = normal
    return _last_runs[1]


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
