"""Dates as outlets write them: zones by name, 12-hour clocks, CJK dates, day
precision, placeholders (DAT402) and the scheduled-story window (DAT401)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

import auditor
from auditor.articles.dates import coerce_datetime, is_day_precision, parse_datetime
from auditor.config import Config
from auditor.engine.date_sentinels import sentinel_reason

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


def zone(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("01:38:07 PM IST Nov 20, 2019", datetime(2019, 11, 20, 13, 38, 7, tzinfo=zone(5.5))),
        ("Mar 14, 2025, 8:00 a.m. ET", datetime(2025, 3, 14, 8, tzinfo=zone(-4))),  # daylight time from Mar 9
        ("Jan 14, 2025, 8:00 a.m. ET", datetime(2025, 1, 14, 8, tzinfo=zone(-5))),
        ("Published Dec. 3, 2019 at 5:12 p.m. PT", datetime(2019, 12, 3, 17, 12, tzinfo=zone(-8))),
        ("Thursday 14 March 2025 10.30 CET", datetime(2025, 3, 14, 10, 30, tzinfo=zone(1))),
        ("14 March 2025 09:15 JST", datetime(2025, 3, 14, 9, 15, tzinfo=zone(9))),
        ("14 March 2025 09:15 AEST", datetime(2025, 3, 14, 9, 15, tzinfo=zone(10))),
        ("Nov 20, 2019 13:00 GMT+3", datetime(2019, 11, 20, 13, tzinfo=zone(3))),
        ("2025年3月14日", datetime(2025, 3, 14, tzinfo=timezone.utc)),
        ("2025年3月14日 下午3:05", datetime(2025, 3, 14, 15, 5, tzinfo=timezone.utc)),
        ("2025년 3월 14일", datetime(2025, 3, 14, tzinfo=timezone.utc)),
        ("2025-W11-5", datetime(2025, 3, 14, tzinfo=timezone.utc)),
        ("Left Menu 12 May 2020", datetime(2020, 5, 12, tzinfo=timezone.utc)),
        ("Updated 3 hours ago", None),
    ],
)
def test_outlet_date_forms_keep_their_time_and_zone(text, expected):
    parsed = parse_datetime(text)
    assert parsed == expected
    if expected is not None:
        assert parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "value, day_only",
    [("2025-03-14", True), ("March 14, 2025", True), ("2025年3月14日", True), (date(2025, 3, 14), True),
     ("2025-03-14T00:00:00Z", False), ("March 14, 2025 9:00 AM EDT", False), (1741939200, False)],
)
def test_a_date_without_a_time_is_a_day_not_midnight(value, day_only):
    assert is_day_precision(coerce_datetime(value)) is day_only


@pytest.mark.parametrize(
    "value, reason",
    [
        (datetime(1, 1, 1, tzinfo=timezone.utc), "year 1"),
        (datetime(1, 1, 1, tzinfo=zone(5)), "year 1"),
        (datetime(1970, 1, 1, tzinfo=timezone.utc), "Unix epoch"),
        (datetime(1969, 12, 31, 19, tzinfo=zone(-5)), "Unix epoch"),
        (datetime(1200, 6, 1, tzinfo=timezone.utc), "implausibly early"),
        (datetime(9999, 12, 31, 23, tzinfo=zone(-5)), "after the audit date"),
        (datetime(2026, 1, 3, tzinfo=timezone.utc), "after the audit date"),
        (datetime(2026, 1, 2, 23, 59, tzinfo=timezone.utc), None),
        (datetime(1971, 3, 1, tzinfo=timezone.utc), None),
    ],
)
def test_placeholder_and_impossible_dates_are_named(value, reason):
    found = sentinel_reason(value, date(2026, 1, 1))
    assert (found is None) if reason is None else (reason in found)


def _story(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _codes(path: Path, **config) -> list[str]:
    report = auditor.audit([path], Config(now=NOW, audit_date=date(2026, 1, 1), **config))
    return sorted(f.rule for f in report.findings if f.rule.startswith("DAT"))


GANNETT_LIKE = """<!doctype html><html lang="en"><head><title>Storm</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Storm hits coast", "datePublished": "0001-01-01T00:00:00Z", "dateModified": "%s"}</script>
</head><body><article><h1>Storm hits coast</h1><p>The storm hit the coast on Monday.</p></article></body></html>"""


@pytest.mark.parametrize("modified", ["2019-11-20T13:38:07+05:30", "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-12:00"])
def test_a_year_one_date_is_reported_and_never_compared(tmp_path, modified):
    codes = _codes(_story(tmp_path, "storm.html", GANNETT_LIKE % modified))
    assert "DAT402" in codes and "DAT401" not in codes


@pytest.mark.parametrize(
    "front_matter, expected",
    [
        # A date-only update on the day of publication is not "earlier".
        ("date: 2025-03-14T15:28:00+05:30\nupdated: 2025-03-14", []),
        ("date: 2025-03-14T15:28:00+05:30\nupdated: 2025-03-13", ["DAT401"]),
        # Scheduled story: last edited two hours before it went out.
        ("date: 2025-03-14T15:00:00Z\nupdated: 2025-03-14T13:00:00Z", []),
        ("date: 2025-03-14T15:00:00Z\nupdated: 2025-03-13T16:00:00Z", []),
        ("date: 2025-03-14T15:00:00Z\nupdated: 2025-03-13T13:00:00Z", ["DAT401"]),
        ("date: 1970-01-01T00:00:00Z\nupdated: 2025-03-13T13:00:00Z", ["DAT402"]),
        ("date: 2025-03-14T15:00:00Z\nupdated: 2031-03-13T13:00:00Z", ["DAT402"]),
        # Jekyll, Astro and Hugo name the updated date their own way.
        ("date: 2025-03-14T15:00:00Z\nlast_modified_at: 2025-03-12T09:00:00Z", ["DAT401"]),
        ("pubDate: 2025-03-14T15:00:00Z\nupdatedDate: 2025-03-12T09:00:00Z", ["DAT401"]),
        ("publishDate: 2025-03-14T15:00:00Z\nlastmod: 2025-03-12T09:00:00Z", ["DAT401"]),
    ],
)
def test_dates_in_front_matter(tmp_path, front_matter, expected):
    story = f"---\ntitle: Budget\n{front_matter}\n---\nThe budget passed.\n"
    assert _codes(_story(tmp_path, "budget.md", story)) == expected


@pytest.mark.parametrize("window, expected", [(None, []), (60, ["DAT401"]), (180, [])])
def test_the_scheduled_story_window_is_a_config_key(tmp_path, window, expected):
    story = "---\ntitle: Budget\ndate: 2025-03-14T15:00:00Z\nupdated: 2025-03-14T13:00:00Z\n---\nThe budget passed.\n"
    assert _codes(_story(tmp_path, "budget.md", story), scheduled_window_minutes=window) == expected
