"""What a figure's label says, as facts for the rules: which lexicons read it (the
page's language first), what the label claims AI did (generated or edited), whether
that contradicts the file, and the label a fix should suggest in the reader's language."""

from __future__ import annotations

from typing import Any

from .hits import Verdict
from .vocabulary import DisclosureVocabulary

# What the file says, as media facts name it, and the claim a label should make for it.
_CLAIM_OF_FILE = {"ai-generated": "generated", "ai-edited": "edited"}
# The facts `label_facts` gives.
LABEL_KEYS = ("disclosure_claim", "disclosure_contradicts_file", "reader_language", "suggested_label")


def languages_of(vocabulary: DisclosureVocabulary, declared: str | None, texts: list[str]) -> frozenset[str] | None:
    """The lexicons for a figure's texts: the page's declared language (with English
    and what the texts' script shows), else all of them."""
    return vocabulary.languages_for(declared, " ".join(texts))


def reader_language(vocabulary: DisclosureVocabulary, declared: str | None, verdict: Verdict) -> str:
    """The language a suggested label is written in: the page's (from its markup, or
    guessed from its text by the parser), else that of the words the label was read
    with, else English."""
    known = vocabulary.lexicon.languages
    code = (declared or "").split("-")[0].lower()
    if code in known:
        return code
    spoken = [hit.language for hit in verdict.hits if hit.language in known and hit.language != "en"]
    return spoken[0] if spoken else "en"


def label_facts(vocabulary: DisclosureVocabulary, verdict: Verdict, language: str, file_kind: str | None) -> dict[str, Any]:
    claim = verdict.claim
    wanted = _CLAIM_OF_FILE.get(file_kind or "", "generated")
    contradicts = claim in ("generated", "edited") and file_kind in _CLAIM_OF_FILE and claim != wanted
    return {
        "disclosure_claim": claim,
        "disclosure_contradicts_file": contradicts,
        "reader_language": language,
        "suggested_label": vocabulary.suggested_label(language, wanted),
    }
