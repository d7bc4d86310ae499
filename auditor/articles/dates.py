"""Publication dates as articles write them, turned into timezone-aware datetimes.

ISO 8601 (weeks included) takes a fast path; other forms ("May 26, 2025 3:28 PM
EDT", "01:38:07 PM IST Nov 20, 2019", "26-05-2025 15:28 IST", "2025年3月14日")
go through python-dateutil with the zone abbreviations a news desk means.
Numeric day/month dates are read day first (the newswire convention) unless only
month first makes sense. A value without a zone is read as UTC, so every value
compares with every other; a value without a time is a `DayDate`, compared at
day precision. The raw text stays in the article's fields.
"""

from __future__ import annotations

import re
import warnings
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any

from dateutil import tz as dateutil_tz


class DayDate(datetime):
    """A date written without a time of day (midnight UTC stands in for it):
    comparisons with it are made by calendar day, not by instant."""


def is_day_precision(value: datetime | None) -> bool:
    return isinstance(value, DayDate)


def _fixed(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))


# Abbreviations in the wild are ambiguous (IST is also Irish and Israeli time);
# these are the readings a news desk means most often. CST is left out: China
# and US Central are both common. The US regional names without S/D follow the
# clock of the day (daylight saving or not).
ZONE_OFFSETS_MINUTES: dict[str, int] = {
    "UTC": 0, "GMT": 0, "UT": 0, "Z": 0, "WET": 0,
    "IST": 330, "PKT": 300, "NPT": 345, "BST": 60, "WEST": 60, "CET": 60, "CEST": 120,
    "WAT": 60, "EET": 120, "EEST": 180, "SAST": 120, "EAT": 180, "MSK": 180, "GST": 240,
    "ICT": 420, "WIB": 420, "HKT": 480, "SGT": 480, "PHT": 480, "AWST": 480,
    "JST": 540, "KST": 540, "ACST": 570, "AEST": 600, "AEDT": 660, "NZST": 720, "NZDT": 780,
    "EST": -300, "EDT": -240, "CDT": -300, "MST": -420, "MDT": -360,
    "PST": -480, "PDT": -420, "AKST": -540, "AKDT": -480, "HST": -600,
}
_REGIONAL_ZONES = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
                   "PT": "America/Los_Angeles"}


def _zone_table() -> dict[str, tzinfo]:
    table: dict[str, tzinfo] = {name: _fixed(minutes) for name, minutes in ZONE_OFFSETS_MINUTES.items()}
    for name, zone_name in _REGIONAL_ZONES.items():
        zone = dateutil_tz.gettz(zone_name)
        if zone is not None:
            table[name] = zone
    return table


ZONES = _zone_table()

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

# Finds that the text holds a date at all (dateutil's fuzzy mode would make one of
# any number) and which day it is; dateutil then reads the time and zone around it.
_DATE = re.compile(
    r"(?P<y1>\d{4})-(?P<m1>\d{1,2})-(?P<d1>\d{1,2})"
    r"|(?P<d2>\d{1,2})[-./](?P<m2>\d{1,2})[-./](?P<y2>\d{4})"
    r"|(?P<d3>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon3>[A-Za-z]{3,9})\.?,?\s+(?P<y3>\d{4})"
    r"|(?P<mon4>[A-Za-z]{3,9})\.?\s+(?P<d4>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y4>\d{4})"
)
_CJK_DATE = re.compile(
    r"(?P<y>\d{4})\s*[年년]\s*(?P<m>\d{1,2})\s*[月월]\s*(?P<d>\d{1,2})\s*[日일号]?"
    r"(?:\s*(?:(?P<pm>下午|午後|오후)|上午|午前|오전)?\s*(?P<h>\d{1,2})\s*[:：时時시]\s*(?P<mi>\d{1,2})?)?"
)
_TIME_HINT = re.compile(r"\d[:.]\d\d(?!\d)|\d\s*[ap]\.?\s?m\b", re.IGNORECASE)
# dateutil reads "GMT+3" the POSIX way (three hours west); newsrooms mean east.
_NAMED_OFFSET = re.compile(r"\b(?:GMT|UTC)\s*(?=[+\-\u2212]\s?\d)")
_DOTTED_TIME = re.compile(r"(?<=\s)(\d{1,2})\.(\d{2})(?![.\d])")
_WINDOW = 48  # characters either side of the date that may hold its time and zone


def parse_datetime(text: str) -> datetime | None:
    """The first date (and time and zone, when present) in `text`, or None."""
    text = text.strip()
    if not text or len(text) > 200:
        return None
    iso = _from_iso(text)
    if iso is not None:
        return iso
    cjk = _CJK_DATE.search(text)
    if cjk is not None:
        return _from_cjk(cjk)
    match = _DATE.search(text)
    if match is None:
        return None
    ymd = _year_month_day(match)
    if ymd is None:
        return None
    window = text[max(0, match.start() - _WINDOW): match.end() + _WINDOW]
    if not _TIME_HINT.search(window):
        return _day(*ymd)
    value = _read_with_dateutil(window)
    if value is None or (value.year, value.month, value.day) != ymd:
        # dateutil took a stray number for part of the date: keep the day we are sure of.
        return _day(*ymd)
    return value


def coerce_datetime(value: Any) -> datetime | None:
    """A datetime from what a YAML or JSON loader hands over: text, a date,
    a datetime, or epoch seconds (milliseconds when implausibly large)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)
    if isinstance(value, date):
        return _day(value.year, value.month, value.day)
    if isinstance(value, (int, float)):
        seconds = value / 1000 if abs(value) > 1e11 else value
        try:
            return datetime.fromtimestamp(seconds, tz=timezone.utc)
        except (ValueError, OverflowError, OSError):
            return None
    if isinstance(value, str):
        return parse_datetime(value)
    return None


def _day(year: int, month: int, day: int) -> DayDate | None:
    try:
        return DayDate(year, month, day, tzinfo=timezone.utc)
    except ValueError:
        return None


def _from_iso(text: str) -> datetime | None:
    if not (len(text) >= 7 and text[:4].isdigit() and text[4] == "-"):
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    if len(text) <= 10:  # "2025-03-14", "2025-W11-5": a day, not midnight
        return _day(value.year, value.month, value.day)
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


def _from_cjk(match: re.Match[str]) -> datetime | None:
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    if match["h"] is None:
        return _day(year, month, day)
    hour, minute = int(match["h"]), int(match["mi"] or 0)
    if match["pm"] and hour < 12:
        hour += 12
    try:
        return datetime(year, month, day, hour, minute, tzinfo=timezone.utc)
    except ValueError:
        return None


def _read_with_dateutil(text: str) -> datetime | None:
    from dateutil import parser as dateutil_parser  # here: a page with ISO dates never needs it

    text = _DOTTED_TIME.sub(r"\1:\2", _NAMED_OFFSET.sub("", text.replace("\u2212", "-")))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # an unknown zone name is read as no zone
            value = dateutil_parser.parse(text, fuzzy=True, dayfirst=True, tzinfos=ZONES)
    except (ValueError, OverflowError, TypeError, dateutil_parser.ParserError):
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    try:
        offset = value.utcoffset()
    except (ValueError, OverflowError):
        return None
    if offset is None or abs(offset) >= timedelta(hours=24):
        return None
    # A fixed offset keeps the value picklable and comparable everywhere.
    return value.replace(tzinfo=timezone(offset)) if not isinstance(value.tzinfo, timezone) else value


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
