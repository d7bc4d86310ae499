"""Dates no one meant: CMS placeholders (year 1, the Unix epoch) and values too far
ahead of the audit to be a scheduled story. They are reported (DAT402), never compared."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

EARLIEST_PLAUSIBLE_YEAR = 1800  # older than any newspaper archive page we audit
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_EPOCH_SLACK = timedelta(hours=14)  # the epoch written in any zone: 1969-12-31T19:00-05:00


@lru_cache(maxsize=16)
def _latest(audit_date: date) -> datetime:
    """The audit date is a whole day; "more than a day after" starts two midnights later."""
    return datetime(audit_date.year, audit_date.month, audit_date.day, tzinfo=timezone.utc) + timedelta(days=2)


def sentinel_reason(value: datetime | None, audit_date: date) -> str | None:
    """Why `value` is a placeholder or an impossible date, or None when it is plausible."""
    if value is None:
        return None
    if value.year <= 1:
        return "year 1, an empty-date placeholder"
    if value.year < EARLIEST_PLAUSIBLE_YEAR:
        return f"year {value.year}, implausibly early"
    if abs(value - _EPOCH) <= _EPOCH_SLACK:
        return "the Unix epoch, an empty-date placeholder"
    if value >= _latest(audit_date):
        return f"more than a day after the audit date {audit_date.isoformat()}"
    return None
