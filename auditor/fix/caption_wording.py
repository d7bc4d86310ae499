"""The disclosure sentence `fix --fix-captions` adds: the label the engine suggests
in AID101's fix (`suggest_generated` / `suggest_edited` of each language in
rules/vocab/disclosure-grammar.yaml), so the sentence written is the one the check
recommends and the next check reads as a disclosure (captions.py verifies it)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _vocabulary():
    from auditor.engine.ruleset import rules_dir
    from auditor.engine.vocabularies import load_vocabularies

    return load_vocabularies(rules_dir() / "vocab").disclosure


def disclosure_sentence(language: str | None, edited: bool) -> str | None:
    """The sentence for a figure in an article of `language` (English when the page
    declares none); None for a language without wording for the case, which an
    editor must then label by hand."""
    vocabulary = _vocabulary()
    primary = (language or "en").split("-")[0].lower()
    if primary not in vocabulary.lexicon.languages:
        return None
    label = vocabulary.suggested_label(primary, "edited" if edited else "generated")
    return label or None
