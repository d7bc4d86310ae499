"""Evidence values as people read them: the engine records values as text in
whatever form the field had (``None``, ``True``, ``['Jane Doe']``, an IPTC URI);
the human formats (text, Markdown, HTML, JUnit and annotation messages) show
``not set``, ``yes``, ``Jane Doe``, and the IPTC term with what it means. The
machine formats (JSON, SARIF) keep the values as recorded."""

from __future__ import annotations

import ast
from functools import lru_cache

from ..media.source_types import IPTC_BASE

# What each IPTC Digital Source Type term says, in a few words
# (after the IPTC NewsCodes vocabulary at cv.iptc.org/newscodes/digitalsourcetype).
IPTC_LABELS: dict[str, str] = {
    "digitalCapture": "captured from reality",
    "computationalCapture": "captured from reality, computational photography",
    "negativeFilm": "digitised from negative film",
    "positiveFilm": "digitised from positive film",
    "print": "digitised from a print",
    "screenCapture": "screen capture",
    "humanEdits": "captured, edited by people (not generative)",
    "algorithmicallyEnhanced": "captured, algorithmically enhanced",
    "compositeCapture": "composite of captures",
    "digitalCreation": "made by a person with digital tools",
    "dataDrivenMedia": "rendered from data",
    "algorithmicMedia": "made by an algorithm without training data (not AI)",
    "virtualRecording": "recording of a virtual event",
    "trainedAlgorithmicMedia": "made by generative AI",
    "compositeWithTrainedAlgorithmicMedia": "edited with generative AI",
    "compositeSynthetic": "composite including generative-AI elements",
    "composite": "composite, unspecified",
    "minorHumanEdits": "retired term: minor human edits",
    "digitalArt": "retired term: digital art",
    "softwareImage": "retired term: software image",
}
_WORDS = {"None": "not set", "True": "yes", "False": "no", "[]": "none", "()": "none", "": "(empty)"}
_IPTC_PREFIXES = (IPTC_BASE, IPTC_BASE.replace("http://", "https://"))
_MAX_LIST_LITERAL = 4096  # a Python literal longer than this is shown as written


@lru_cache(maxsize=4096)
def readable_value(value: str) -> str:
    """One evidence value for a person to read (see the module docstring)."""
    text = value.strip()
    if text in _WORDS:
        return _WORDS[text]
    if text.startswith(_IPTC_PREFIXES):
        term = text.rstrip("/").rsplit("/", 1)[-1]
        label = IPTC_LABELS.get(term)
        return f"{term} ({label}; IPTC digital source type)" if label else value
    if text[:1] in "[(" and text[-1:] in "])" and len(text) <= _MAX_LIST_LITERAL:
        items = _literal_items(text)
        if items is not None:
            return ", ".join(readable_value(str(item)) for item in items) or "none"
    return value


def _literal_items(text: str) -> list | None:
    """The items of a list or tuple literal of plain values, or None: literal_eval
    only builds constants, never runs code."""
    try:
        parsed = ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    if not isinstance(parsed, (list, tuple)):
        return None
    if not all(isinstance(item, (str, int, float, bool)) or item is None for item in parsed):
        return None
    return list(parsed)
