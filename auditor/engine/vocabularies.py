"""Named phrase lists shared by packs: the multilingual disclosure wording, agency
names, photo-credit shapes. Packs and configs add to them by name."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import yaml

from ..regular_files import read_regular_text
from ..safe_yaml import load_safe
from .disclosure import DisclosureVocabulary, phrase_regex
from .normalize import normalize


@dataclass
class PhraseList:
    """Phrases and regexes matched on normalised text; `search` returns the first hit."""

    name: str
    entries: list = field(default_factory=list)
    _compiled: re.Pattern[str] | None = None

    def extend(self, entries: Iterable) -> None:
        self.entries.extend(entries)
        self._compiled = None

    def search(self, text: str) -> re.Match[str] | None:
        if self._compiled is None:
            sources = [e["regex"] if isinstance(e, dict) else phrase_regex(str(e)) for e in self.entries]
            self._compiled = re.compile("|".join(f"(?:{s})" for s in sources) or r"(?!)")
        return self._compiled.search(normalize(text))


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
    vocabularies = VocabularySet()
    vocabularies.disclosure_document = {"languages": {}}
    for path in sorted(folder.glob("*.yaml")):
        try:
            document = load_safe(read_regular_text(path)) or {}
        except (OSError, yaml.YAMLError) as error:
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
