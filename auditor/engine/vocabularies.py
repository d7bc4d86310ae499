"""Named phrase lists shared by packs: the multilingual disclosure wording, agency
names, photo-credit shapes. Packs and configs add to them by name."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..settings_files import read_settings_text
from .disclosure import DisclosureVocabulary, phrase_regex
from .disclosure.phrases import phrase_tokens
from .disclosure.regex_needles import required_literals
from .normalize import normalize
from .substrings import SubstringSet
from .user_patterns import UserRegex, compile_user_pattern


@dataclass
class PhraseList:
    """Phrases and regexes matched on normalised text; `search` returns the first hit
    (leftmost; at one position, the earlier entry), as one alternation of them all would.
    Users' regexes (`UserRegex`) run on RE2, apart from the bundled ones.

    Each entry runs on its own, and only on texts holding a word it cannot match
    without (`regex_needles`): a text of none of them costs one Aho-Corasick pass, and
    each entry's regex starts with its own literal, which the engine scans for at C
    speed (one alternation of them all could not; batch hot path)."""

    name: str
    entries: list = field(default_factory=list)
    _patterns: list | None = None  # (compiled, index) per bundled entry, in list order
    _always: tuple[int, ...] = ()  # entries with no needed word: run on every text
    _by_word: dict = field(default_factory=dict)  # needed word -> entries
    _words: SubstringSet | None = None
    _user: list = field(default_factory=list)

    def extend(self, entries: Iterable) -> None:
        self.entries.extend(entries)
        self._patterns = None

    def compile(self) -> None:
        """Compiles the list now (a user's bad regex fails at load, not mid-run)."""
        bundled = [e for e in self.entries if not isinstance(e, UserRegex)]
        self._user = [compile_user_pattern(e.source) for e in self.entries if isinstance(e, UserRegex)]
        self._patterns = []
        always: list[int] = []
        self._by_word = {}
        for index, entry in enumerate(bundled):
            source = entry["regex"] if isinstance(entry, dict) else phrase_regex(str(entry))
            self._patterns.append(re.compile(source))
            needed = _needed_words(entry)
            if needed is None:
                always.append(index)
            for word in needed or ():
                self._by_word.setdefault(word, []).append(index)
        self._always = tuple(always)
        self._words = SubstringSet(self._by_word)

    def search(self, text: str):
        if self._patterns is None:
            self.compile()
        assert self._patterns is not None and self._words is not None
        normal = normalize(text)
        present = self._words.present(normal)
        if not present and not self._always and not self._user:
            return None  # no word any entry needs: the common case for a list's every text
        chosen = set(self._always)
        for word in present:
            chosen.update(self._by_word[word])
        first = None
        for index in sorted(chosen):
            match = self._patterns[index].search(normal)
            if match is not None and (first is None or match.start() < first.start()):
                first = match
        for pattern in self._user:
            match = pattern.search(normal)
            if match is not None and (first is None or match.start() < first.start()):
                first = match
        return first


def _needed_words(entry) -> tuple[str, ...] | None:
    """Words of which one must occur for `entry` to match (a phrase's longest token,
    which `phrase_regex` matches as written; a regex's required words), or None."""
    if isinstance(entry, dict):
        needed = required_literals(entry["regex"])
        return needed if needed and all(needed) else None
    tokens = phrase_tokens(str(entry))
    return (max(tokens, key=len),) if tokens else None


class VocabularySet(dict[str, PhraseList]):
    disclosure: DisclosureVocabulary
    disclosure_document: dict

    def add(self, name: str, entries: Iterable) -> None:
        self.setdefault(name, PhraseList(name)).extend(entries)


class VocabularyError(ValueError):
    pass


def load_vocabularies(folder: Path) -> VocabularySet:
    """Every `*.yaml` under `folder`: `disclosure.yaml` holds wording by language,
    the others `lists: {name: [entries]}`."""
    from ..safe_yaml import YAMLError, load_safe  # a run whose rule set comes from the cache reads no YAML

    vocabularies = VocabularySet()
    vocabularies.disclosure_document = {"languages": {}}
    for path in sorted(folder.glob("*.yaml")):
        try:
            document = load_safe(read_settings_text(path)) or {}
        except (OSError, YAMLError) as error:
            raise VocabularyError(f"{path}: {error}".splitlines()[0]) from None
        if not isinstance(document, dict):
            raise VocabularyError(f"{path}: a vocabulary file must be a mapping")
        if document.get("vocabulary") == "disclosure":
            merge_disclosure(vocabularies.disclosure_document, document)
        for name, entries in (document.get("lists") or {}).items():
            vocabularies.add(name, entries or [])
    vocabularies.disclosure = DisclosureVocabulary(vocabularies.disclosure_document)
    return vocabularies


def merge_disclosure(into: dict, extra: dict) -> None:
    """Adds wording (by language and group) from `extra` to `into`."""
    for language, groups in (extra.get("languages") or {}).items():
        target = into.setdefault("languages", {}).setdefault(language, {})
        for group, entries in (groups or {}).items():
            target.setdefault(group, []).extend(entries or [])
    into.setdefault("tool_names", []).extend(extra.get("tool_names") or [])
