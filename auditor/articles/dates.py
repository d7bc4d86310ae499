"""Publication dates as articles write them, turned into timezone-aware datetimes.

Accepts ISO 8601, newswire forms such as "26-05-2025 15:28 IST", and English
month names ("May 26, 2025 3:28 PM EDT", "26 May 2025"). Numeric day/month
dates are read day first (the newswire convention) unless only month first
makes sense. A date without a zone is read as UTC, so every value compares with
every other; the raw text stays in the article's fields.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Any

# Abbreviations in the wild are ambiguous (IST is also Irish and Israeli time);
# these are the readings a news desk means most often. CST is left out: China
# and US Central are both common.
ZONE_OFFSETS_MINUTES: dict[str, int] = {
    "UTC": 0, "GMT": 0, "UT": 0, "Z": 0, "WET": 0,
    "IST": 330, "PKT": 300, "NPT": 345, "BST": 60, "WEST": 60, "CET": 60, "CEST": 120,
    "WAT": 60, "EET": 120, "EEST": 180, "SAST": 120, "EAT": 180, "MSK": 180, "GST": 240,
    "ICT": 420, "WIB": 420, "HKT": 480, "SGT": 480, "PHT": 480, "AWST": 480,
    "JST": 540, "KST": 540, "ACST": 570, "AEST": 600, "AEDT": 660, "NZST": 720, "NZDT": 780,
    "EST": -300, "EDT": -240, "CDT": -300, "MST": -420, "MDT": -360,
    "PST": -480, "PDT": -420, "AKST": -540, "AKDT": -480, "HST": -600,
}

MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"), ("dec", "december")],
        start=1,
    )
    for name in names
}

_DATE = re.compile(
    r"(?P<y1>\d{4})-(?P<m1>\d{1,2})-(?P<d1>\d{1,2})"
    r"|(?P<d2>\d{1,2})[-./](?P<m2>\d{1,2})[-./](?P<y2>\d{4})"
    r"|(?P<d3>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon3>[A-Za-z]{3,9})\.?,?\s+(?P<y3>\d{4})"
    r"|(?P<mon4>[A-Za-z]{3,9})\.?\s+(?P<d4>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y4>\d{4})"
)
_TIME = re.compile(
    r"(?:\s*,?\s*|T|\s+at\s+)(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.(?P<frac>\d{1,6})\d*)?)?"
    r"\s*(?P<ampm>[aApP]\.?[mM]\.?)?",
)
_ZONE = re.compile(
    r"\s*\(?(?P<name>[A-Za-z]{1,5})?\)?\s*(?P<offset>[+\-\u2212]\s?\d{1,2}(?::?\d{2})?)?"
)
_OFFSET = re.compile(r"([+\-\u2212])\s?(\d{1,2})(?::?(\d{2}))?")


def parse_datetime(text: str) -> datetime | None:
    """The first date (and time and zone, when present) in `text`, or None."""
    text = text.strip()
    if not text or len(text) > 200:
        return None
    iso = _from_iso(text)
    if iso is not None:
        return iso
    match = _DATE.search(text)
    if match is None:
        return None
    ymd = _year_month_day(match)
    if ymd is None:
        return None
    hour = minute = second = micro = 0
    rest = match.end()
    time_match = _TIME.match(text, rest)
    if time_match is not None:
        hour, minute = int(time_match["h"]), int(time_match["mi"])
        second = int(time_match["s"] or 0)
        micro = int((time_match["frac"] or "0").ljust(6, "0"))
        ampm = (time_match["ampm"] or "").lower()
        if ampm.startswith("p") and hour < 12:
            hour += 12
        elif ampm.startswith("a") and hour == 12:
            hour = 0
        rest = time_match.end()
    zone = _zone_at(text, rest) or timezone.utc
    try:
        return datetime(*ymd, hour, minute, second, micro, tzinfo=zone)
    except ValueError:
        return None


def coerce_datetime(value: Any) -> datetime | None:
    """A datetime from what a YAML or JSON loader hands over: text, a date,
    a datetime, or epoch seconds (milliseconds when implausibly large)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    if isinstance(value, (int, float)):
        seconds = value / 1000 if abs(value) > 1e11 else value
        try:
            return datetime.fromtimestamp(seconds, tz=timezone.utc)
        except (ValueError, OverflowError, OSError):
            return None
    if isinstance(value, str):
        return parse_datetime(value)
    return None


def _from_iso(text: str) -> datetime | None:
    if not (len(text) >= 10 and text[:4].isdigit() and text[4] == "-"):
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


def _year_month_day(match: re.Match[str]) -> tuple[int, int, int] | None:
    if match["y1"]:
        return int(match["y1"]), int(match["m1"]), int(match["d1"])
    if match["y2"]:
        first, second = int(match["d2"]), int(match["m2"])
        if second > 12 >= first:
            first, second = second, first  # only month-first makes sense
        return int(match["y2"]), second, first
    name = (match["mon3"] or match["mon4"]).lower()
    month = MONTHS.get(name)
    if month is None:
        return None
    if match["y3"]:
        return int(match["y3"]), month, int(match["d3"])
    return int(match["y4"]), month, int(match["d4"])


def _zone_at(text: str, position: int) -> timezone | None:
    match = _ZONE.match(text, position)
    if match is None:
        return None
    name = (match["name"] or "").upper()
    minutes = ZONE_OFFSETS_MINUTES.get(name)
    if name and minutes is None and name not in ("UTC", "GMT"):
        return None  # a word that is not a zone ("Left Menu") ends the date
    offset = _OFFSET.match(match["offset"] or "")
    if offset is not None:
        sign = -1 if offset.group(1) in "-\u2212" else 1
        minutes = sign * (int(offset.group(2)) * 60 + int(offset.group(3) or 0))
    if minutes is None or abs(minutes) >= 24 * 60:
        return None
    return timezone(timedelta(minutes=minutes))
