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
    """Phrases and regexes matched on normalised text; `search` returns the first hit.
    Users' regexes (`UserRegex`) run on RE2, apart from the bundled ones."""

    name: str
    entries: list = field(default_factory=list)
    _compiled: re.Pattern[str] | None = None
    _user: list = field(default_factory=list)
    # Words of which one must occur for the compiled alternation to match (a word
    # of every entry); None when some entry needs none. Most texts hold none of them,
    # and one pass says so (batch hot path: attribution lines of every article).
    _needed: SubstringSet | None = None

    def extend(self, entries: Iterable) -> None:
        self.entries.extend(entries)
        self._compiled = None

    def compile(self) -> None:
        """Compiles the list now (a user's bad regex fails at load, not mid-run)."""
        sources = [e["regex"] if isinstance(e, dict) else phrase_regex(str(e))
                   for e in self.entries if not isinstance(e, UserRegex)]
        self._user = [compile_user_pattern(e.source) for e in self.entries if isinstance(e, UserRegex)]
        self._compiled = re.compile("|".join(f"(?:{s})" for s in sources) or r"(?!)")
        self._needed = _needed_words([e for e in self.entries if not isinstance(e, UserRegex)])

    def search(self, text: str):
        if self._compiled is None:
            self.compile()
        normal = normalize(text)
        if self._needed is not None and not self._needed.present(normal):
            first = None
        else:
            first = self._compiled.search(normal)
        for pattern in self._user:
            match = pattern.search(normal)
            if match is not None and (first is None or match.start() < first.start()):
                first = match
        return first


def _needed_words(entries: list) -> SubstringSet | None:
    """One literal word of each entry (a phrase's longest token, which `phrase_regex`
    matches as written; a regex's required words), or None if an entry has none."""
    words: set[str] = set()
    for entry in entries:
        if isinstance(entry, dict):
            needed = required_literals(entry["regex"])
            if not needed or not all(needed):
                return None
            words.update(needed)
        else:
            tokens = phrase_tokens(str(entry))
            if not tokens:
                return None
            words.add(max(tokens, key=len))
    return SubstringSet(words)


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
