"""Finds visible AI-disclosure wording in the text that accompanies an image: fixed
phrases of the vocabulary and labels composed by a per-language grammar (AI terms,
predicates, relations, image nouns, negation scoped to its clause)."""

from .hits import Claim, HitKind, Level, PhraseHit, Verdict
from .phrases import _UNSPACED, phrase_regex
from .vocabulary import DisclosureVocabulary

__all__ = ["Claim", "DisclosureVocabulary", "HitKind", "Level", "PhraseHit", "Verdict", "phrase_regex", "_UNSPACED"]
