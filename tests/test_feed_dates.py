"""RSS dates: the fast reader of the common RFC 822 form gives exactly what the
standard library's general reader gives, for every shape around it."""

from __future__ import annotations

import itertools

import pytest

from auditor.articles.feed import _rfc822, _rfc822_general


@pytest.mark.parametrize("value, expected", [
    ("Tue, 04 Mar 2025 08:15:00 -0500", "2025-03-04T08:15:00-05:00"),
    ("Mon, 03 Mar 2025 18:30:00 +0000", "2025-03-03T18:30:00+00:00"),
    ("Fri, 07 Mar 2025 06:05:00 +0530", "2025-03-07T06:05:00+05:30"),
    ("Wed, 05 Mar 2025 23:59:59 GMT", "2025-03-05T23:59:59+00:00"),
    ("Thu, 06 Mar 2025 12:00:00 EST", "2025-03-06T12:00:00-05:00"),
    ("6 Mar 2025 12:00:00 -0000", "2025-03-06T12:00:00+00:00"),  # UTC, source zone unknown
    ("Sat, 31 Feb 2025 10:00:00 +0000", "Sat, 31 Feb 2025 10:00:00 +0000"),  # no such day: left as written
    ("Sat, 08 Mar 2025 10:00:00", "Sat, 08 Mar 2025 10:00:00"),  # no zone: left as written
    ("yesterday", "yesterday"),
    ("", None),
])
def test_rss_dates(value, expected):
    assert _rfc822(value) == expected


def _shapes():
    days = ("", "Mon, ", "Sun, ", "mon, ", "Xyz, ", "Mon,")
    dates = ("03", "3", "00", "31", "32", "٠٣")
    months = ("Mar", "Feb", "mar", "MAR", "Foo")
    years = ("2025", "0099", "1999", "99", "9999")
    times = ("18:30:00", "23:59:60", "24:00:00", "7:05:00", "18:30")
    zones = ("+0000", "-0000", "-0500", "+0530", "+2400", "+0099", "+9999", "GMT", "UT", "UTC", "Z", "PST", "")
    for day, date, month, year, time, zone in itertools.product(days, dates, months, years, times, zones):
        yield f"{day}{date} {month} {year} {time} {zone}".rstrip()


def test_fast_dates_read_as_the_standard_library_reads_them():
    values = list(_shapes())
    assert len(values) > 50_000
    differing = [value for value in values if _rfc822(value) != _rfc822_general(value)]
    assert differing == []
