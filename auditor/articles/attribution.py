"""Agency credit lines and datelines: the text that says where a story came from.

A whole paragraph that is only a credit ("(With inputs from agencies.)",
"(Reuters)", "— AP", "(Reporting by ...; Editing by ...)") is an attribution
block. A dateline that opens a body paragraph ("WASHINGTON (Reuters) -") is
recorded as an attribution block of its own, covering just that prefix.
"""

from __future__ import annotations

import re
from pathlib import Path

from auditor.safe_yaml import load_safe

# The agency catalogue shipped with the rules (the engine also reads the additions a
# config makes; a parser sees the bundled list only).
CATALOGUE = Path(__file__).resolve().parents[1] / "bundled_rules" / "vocab" / "agencies.yaml"


def _catalogue() -> tuple[str, ...]:
    try:
        lists = (load_safe(CATALOGUE.read_text(encoding="utf-8")) or {}).get("lists") or {}
    except (OSError, ValueError, AttributeError):
        return ()
    names = [*(lists.get("agencies") or []), *(lists.get("generic_agencies") or [])]
    return tuple(name for name in names if isinstance(name, str))


# Wire services and syndicators whose bare name in a credit line means "this
# story came from them". Short names are matched as whole words only.
AGENCIES = _catalogue() + (
    "Reuters", "Thomson Reuters", "AP", "Associated Press", "AFP", "Agence France-Presse", "PTI",
    "Press Trust of India", "IANS", "ANI", "UNI", "dpa", "Bloomberg", "Xinhua", "EFE", "ANSA",
    "Kyodo", "Kyodo News", "Yonhap", "TASS", "RIA Novosti", "Interfax", "AAP", "Canadian Press",
    "CP", "PA", "PA Media", "Press Association", "APA", "Anadolu", "Anadolu Agency", "Bernama",
    "KNA", "Ukrinform", "WAM", "SPA", "IRNA", "Antara", "CNA", "BSS", "NNA", "ATS", "Belga",
    "NTB", "TT", "Ritzau", "STT", "Europa Press", "Agencia EFE", "Lusa", "Jiji", "Jiji Press",
    "agencies", "wires", "wire services", "news agencies",
)
AGENCIES = tuple(dict.fromkeys(AGENCIES))

_AGENCY = "(?:" + "|".join(re.escape(name) for name in sorted(AGENCIES, key=len, reverse=True)) + r")\b"
_AGENCY_LIST = rf"{_AGENCY}(?:\s*(?:,|/|&|\band\b)\s*{_AGENCY})*"

_ATTRIBUTION_LINE = re.compile(
    r"^(?:"
    r"\(\s*(?:with\s+)?(?:inputs?|additional\s+inputs?)\s+from\s+[^()]{1,120}\)"
    rf"|\(\s*{_AGENCY_LIST}\s*\)"
    rf"|[\u2014\u2013-]+\s*{_AGENCY_LIST}"
    r"|with\s+inputs?\s+from\s+[^.()]{1,80}"
    r"|\(\s*(?:reporting|writing|editing|additional\s+reporting|compiled)\s+by\s+[^()]{1,300}\)"
    rf"|(?:source|courtesy|credit)\s*:\s*{_AGENCY_LIST}"
    r")\s*\.?\s*$",
    re.IGNORECASE,
)

# "WASHINGTON (Reuters) -", "New Delhi, May 26 (PTI)": a place, maybe a date,
# the agency in parentheses, then a dash or the story itself.
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][\w.'\u2019-]*(?:[ /](?:[A-Z][\w.'\u2019-]*|de|da|do|del|la|le|los|las|am|an|der|sur|upon)){0,4})"
    r"(?:,\s*[A-Z][A-Za-z]?\.(?:\s?[A-Z]\.)?|,\s*[A-Z][a-z]{2,8}\.?)?"  # ", S.C." or ", Calif."
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    rf"\s*\((?i:{_AGENCY_LIST})\)"
    r"(?:\s*[\u2014\u2013:-]+)?\s*"
)


# What an attribution line can start with: "(", a dash, or (any case) the "w" of
# "with", the "s" "c" of "source", "courtesy", "credit". Past ASCII, case folding
# reaches more ("ſ" is an "s"), so the pattern decides.
_ATTRIBUTION_FIRST = frozenset("(\u2014\u2013-wWsScC")


def is_attribution(text: str) -> bool:
    stripped = text.strip()
    if not stripped or (stripped[0] not in _ATTRIBUTION_FIRST and stripped[0].isascii()):
        return False
    return len(stripped) <= 400 and _ATTRIBUTION_LINE.match(stripped) is not None


def dateline_prefix(text: str) -> str | None:
    """The dateline that opens `text`, without trailing space, or None."""
    if "(" not in text:
        return None  # a dateline names its agency in parentheses
    match = _DATELINE.match(text)
    if match is None or match.end() >= len(text.rstrip()):
        return None
    return text[: match.end()].rstrip()
