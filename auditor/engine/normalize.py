"""Text normalisation for phrase matching that remembers where each character came from.

Captions arrive with full-width letters, typographic dashes, "A.I." and odd spacing;
matching runs on a normalised copy, findings point back into the original.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Sequence

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-")
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u201b\u2032\u00b4`"), "'")
# "A.I." and "A. I." read as "ai"; the trailing dot is optional ("A.I-generated").
_DOTTED_AI = re.compile(r"(?<![\w.])a\.\s?i(?:\.|(?=[\s\-]))")
_SPACES = re.compile(r"\s+")
# What actually changes when runs of whitespace become one space: a run of two or
# more, or a lone tab/newline. A lone " " is left alone, which keeps the common
# case (no change at all) off the slow substitution path.
_SPACES_TO_FOLD = re.compile(r"\s{2,}|[^\S ]")


def normalize_with_offsets(text: str) -> tuple[str, Sequence[int]]:
    """Case-folded NFKC text and, for every output character, its index in `text`."""
    if text.isascii():
        # NFKC and casefold are lower() on ASCII, one character for one: skip the
        # per-character walk, which dominates batch audits of English archives. The
        # offsets stay a range (indexable, no list built) until a substitution.
        # Of the quotes, only "`" is ASCII: a replace, not a per-character table walk.
        normal, origin = text.lower().replace("`", "'"), range(len(text))
        normal, origin = _substitute(_DOTTED_AI, "ai", normal, origin)
        return _substitute(_SPACES_TO_FOLD, " ", normal, origin)
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        # Turkish "İ" would fold to "i" plus a combining dot, which no word of a list has.
        folded = "i" if char == "\u0130" else unicodedata.normalize("NFKC", char).casefold()
        folded = folded.translate(_DASHES).translate(_QUOTES)
        for out in folded:
            chars.append(out)
            origin.append(index)
    normal = "".join(chars)
    normal, origin = _substitute(_DOTTED_AI, "ai", normal, origin)
    normal, origin = _substitute(_SPACES_TO_FOLD, " ", normal, origin)
    return normal, origin


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    # Remembered: one caption or credit is normalised for several phrase lists.
    return normalize_with_offsets(text)[0]


def _substitute(pattern: re.Pattern[str], replacement: str, text: str,
                origin: Sequence[int]) -> tuple[str, Sequence[int]]:
    if (pattern is _DOTTED_AI and "a." not in text) or not pattern.search(text):
        return text, origin  # "a." first: the pattern's lookbehind is tried at every position
    out: list[str] = []
    out_origin: list[int] = []
    last = 0
    for match in pattern.finditer(text):
        out.append(text[last:match.start()])
        out_origin.extend(origin[last:match.start()])
        out.append(replacement)
        out_origin.extend([origin[match.start()]] * len(replacement))
        last = match.end()
    out.append(text[last:])
    out_origin.extend(origin[last:])
    return "".join(out), out_origin
