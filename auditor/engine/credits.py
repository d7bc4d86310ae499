"""Who an image is credited to: names read from the file's own credit and creator
fields ("REUTERS/Jane Doe" in IPTC Credit), and whether two lists of names agree.
A page's credit lines and captions are read by `credit_parser.py`."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import groupby
from operator import itemgetter

from ..model import MediaFacts

_PREFIX = re.compile(
    r"^\s*(?:©|\(c\)|copyright|image credit|photo credit|picture credit|credit|credits|photo|photograph|"
    r"image|picture|illustration|foto|bild|crédit|crédito|créditos|source|courtesy|by)\s*[:：\-–]?\s*",
    re.IGNORECASE,
)
_CREDIT_IN_CAPTION = re.compile(
    r"(?:\((?:photo|image|credit|foto|bild)\s*:?\s*([^)]+)\)|(?:photo|image credit|photo credit|credit|picture|foto|bild)\s*:\s*(.+)$)",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:/|,|;|\||\bvia\b|\bfor\b|\band\b|&)\s*", re.IGNORECASE)
_NOISE = {"", "ap", "photo", "file", "handout", "pool", "via"}

MEDIA_CREDIT_FIELDS = (
    ("xmp", "photoshop:Credit"),
    ("xmp", "dc:creator"),
    ("xmp", "dc:rights"),
    ("iptc", "By-line"),
    ("iptc", "Credit"),
    ("iptc", "Source"),
    ("exif", "Artist"),
    ("exif", "Copyright"),
)


def fold_name(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def credit_names_of_text(text: str | None) -> list[str]:
    """Names in a credit line, or in the credit part of a caption; [] when none."""
    if not text:
        return []
    return list(_credit_names(text))


@lru_cache(maxsize=4096)
def _credit_names(text: str) -> tuple[str, ...]:
    # Remembered: one caption is read for several facts of a figure, and an archive
    # repeats its photographers' and agencies' credit lines.
    match = _CREDIT_IN_CAPTION.search(text)
    credit = (match.group(1) or match.group(2)) if match else text
    if not match and len(text) > 80:
        return ()  # a long caption without a credit marker names nobody we can trust
    credit = _PREFIX.sub("", credit.strip())
    names = [fold_name(part) for part in _SPLIT.split(credit)]
    names = [re.sub(r"^(?:c|copyright)\s+|\s+(?:photo|photos)$", "", name) for name in names]
    return tuple(name for name in dict.fromkeys(names) if name not in _NOISE and not name.isdigit())


# MEDIA_CREDIT_FIELDS as runs of one group, in the same order: a group the file
# lacks (most files have no IPTC) is skipped at once.
_CREDIT_KEYS_BY_GROUP = tuple((group, tuple(key for _, key in run))
                              for group, run in groupby(MEDIA_CREDIT_FIELDS, key=itemgetter(0)))


def credit_names_of_media(media: MediaFacts) -> list[str]:
    names: list[str] = []
    for group, keys in _CREDIT_KEYS_BY_GROUP:
        values = getattr(media, group)
        if not values:
            continue
        for key in keys:
            value = values.get(key)
            if not value:
                continue
            for item in value if isinstance(value, (list, tuple)) else (value,):
                if item:
                    names.extend(credit_names_of_text(str(item)))
    return list(dict.fromkeys(names))


def names_agree(left: list[str], right: list[str]) -> bool:
    """True when some name on one side is the same person or agency as one on the other:
    equal, one contained in the other ("reuters" in "thomson reuters"), or sharing a surname."""
    for a in left:
        for b in right:
            if a == b or _contains(a, b) or _contains(b, a):
                return True
            a_words, b_words = a.split(), b.split()
            if len(a_words) > 1 and len(b_words) > 1 and a_words[-1] == b_words[-1]:
                return True
    return False


def _contains(outer: str, inner: str) -> bool:
    return f" {inner} " in f" {outer} "
