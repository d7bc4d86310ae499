"""IPTC Digital Source Type terms and the signal kind each one implies.

Terms arrive as full URIs (http or https), as bare terms, or inside C2PA actions;
`classify_source_type` accepts all of them.
"""

from __future__ import annotations

IPTC_BASE = "http://cv.iptc.org/newscodes/digitalsourcetype/"

KIND_OF_TERM: dict[str, str] = {
    "trainedAlgorithmicMedia": "ai-generated",
    "compositeWithTrainedAlgorithmicMedia": "ai-edited",
    "compositeSynthetic": "ai-edited",
    "algorithmicMedia": "algorithmic",
    "dataDrivenMedia": "algorithmic",
    "virtualRecording": "algorithmic",
    "digitalCapture": "capture",
    "computationalCapture": "capture",
    "negativeFilm": "capture",
    "positiveFilm": "capture",
    "print": "capture",
    "screenCapture": "capture",
    "humanEdits": "edited",
    "algorithmicallyEnhanced": "edited",
    "compositeCapture": "edited",
    "digitalCreation": "unknown",
    "composite": "unknown",
    # Retired terms still found in older files.
    "minorHumanEdits": "edited",
    "digitalArt": "unknown",
    "softwareImage": "algorithmic",
}

RETIRED_TERMS = {"minorHumanEdits": "humanEdits", "digitalArt": "digitalCreation", "softwareImage": "digitalCreation"}

# Misspellings seen in the wild and what they were meant to say.
KNOWN_TYPOS = {"compositedWithTrainedAlgorithmicMedia": "compositeWithTrainedAlgorithmicMedia"}

AI_KINDS = frozenset({"ai-generated", "ai-edited"})


def term_of(value: str) -> str:
    """The bare IPTC term of a URI or term, e.g. 'trainedAlgorithmicMedia'."""
    text = value.strip().rstrip("/")
    for prefix in ("http://", "https://"):
        if text.lower().startswith(prefix):
            text = text[len(prefix):]
    lowered = text.lower()
    if lowered.startswith("cv.iptc.org/newscodes/digitalsourcetype/"):
        text = text[len("cv.iptc.org/newscodes/digitalsourcetype/"):]
    if text.lower().startswith("digitalsourcetype:"):
        text = text.split(":", 1)[1]
    return text


# Case-insensitive second chance: some CMSs lowercase the term.
_KIND_OF_FOLDED_TERM = {term.lower(): kind for term, kind in KIND_OF_TERM.items()}
# An archive repeats the same few values (the full URIs of a handful of terms)
# millions of times: answers are remembered, up to this many values.
_KIND_OF_VALUE: dict[str, str | None] = {}
MAX_REMEMBERED = 4096


def classify_source_type(value: str) -> str | None:
    """Signal kind for a Digital Source Type value, or None when it is not one."""
    try:
        return _KIND_OF_VALUE[value]
    except KeyError:
        pass
    term = term_of(value)
    term = KNOWN_TYPOS.get(term, term)
    kind = KIND_OF_TERM[term] if term in KIND_OF_TERM else _KIND_OF_FOLDED_TERM.get(term.lower())
    if len(_KIND_OF_VALUE) >= MAX_REMEMBERED:
        _KIND_OF_VALUE.clear()
    _KIND_OF_VALUE[value] = kind
    return kind
