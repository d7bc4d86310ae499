"""An article's language: what it declares, else a cheap guess from its script.

The guess only names languages a script gives away (kana → ja, Han → zh,
Hangul → ko, Devanagari → hi, Cyrillic → ru or uk, Arabic script → ar, fa or ur
by the letters only Persian or Urdu use, ...). Latin-script text gets None:
telling English from German needs more than a character count.
"""

from __future__ import annotations

import re

_SAMPLE_CHARS = 4000
_MIN_SHARE = 0.3

_LETTER = re.compile(r"[^\W\d_]")
# Letters of the scripts below; punctuation blocks (U+2000-U+206F) are left out.
_BEYOND_LATIN = re.compile(r"[\u0370-\u1fff\u3040-\u9fff\uac00-\ud7af]")
_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ja", re.compile(r"[\u3040-\u30ff]")),  # kana: checked before Han, Japanese mixes both
    ("zh", re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")),
    ("ko", re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
    ("bn", re.compile(r"[\u0980-\u09ff]")),
    ("ta", re.compile(r"[\u0b80-\u0bff]")),
)
_KANA_SHARE_FOR_JAPANESE = 0.05
# Letters one language of a shared script uses and its neighbours do not.
_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
_URDU = re.compile(r"[\u0679\u0688\u0691\u06ba\u06be\u06c1\u06d2]")  # ٹ ڈ ڑ ں ھ ہ ے
_PERSIAN = re.compile(r"[\u067e\u0686\u0698\u06af\u06a9\u06cc]")  # پ چ ژ گ ک ی
_SCRIPT_VARIANTS = {"ru": (("uk", _UKRAINIAN),), "ar": (("ur", _URDU), ("fa", _PERSIAN))}
_TAG = re.compile(r"^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$")


def normalise_language(value: object) -> str | None:
    """A declared language tag, cleaned ("en_US" → "en-US"), or None if it is not one."""
    if not isinstance(value, str):
        return None
    tag = value.strip()
    if not _TAG.match(tag):
        return None
    return tag.replace("_", "-")


def guess_language(text: str) -> str | None:
    sample = text[:_SAMPLE_CHARS]
    # Most articles are Latin script: settle them without counting anything.
    if sample.isascii():
        return None
    beyond_latin = "".join(_BEYOND_LATIN.findall(sample))
    if len(beyond_latin) < len(sample) * _MIN_SHARE / 3:
        return None
    letters = len(_LETTER.findall(sample))
    if letters == 0:
        return None
    counts = {code: len(pattern.findall(beyond_latin)) for code, pattern in _SCRIPTS}
    if counts["ja"] >= letters * _KANA_SHARE_FOR_JAPANESE:
        return "ja"
    best = max(counts, key=counts.__getitem__)
    if counts[best] < letters * _MIN_SHARE:
        return None
    for variant, letters_of in _SCRIPT_VARIANTS.get(best, ()):
        if letters_of.search(sample):
            return variant
    return best
