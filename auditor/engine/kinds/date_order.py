"""`date-order`: an article's updated time must not precede its published time, and
neither may lie in the future (beyond `options.tolerance_minutes`).

A date written without a time is compared by calendar day; an update up to
`options.scheduled_window_minutes` (or the config's `scheduled_window_minutes`) before
publication is a story scheduled after its last edit, not an error. Placeholder dates
(DAT402) are never compared."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Iterable

from ...articles.dates import is_day_precision
from ..context import Context, Hit
from ..date_sentinels import sentinel_reason

# WordPress and newsroom CMSs keep the last edit of a story scheduled for the next day.
DEFAULT_SCHEDULED_WINDOW_MINUTES = 1440


def check(rule, context: Context) -> Iterable[Hit]:
    article = context.article
    if article is None or (article.published is None and article.updated is None):
        return  # nothing to compare or to find in the future
    now = _aware(rule.now) or datetime.now(timezone.utc)
    audit_date = audit_date_of(context, now)
    configured = (context.facts.get("run") or {}).get("scheduled_window_minutes")
    tolerance, window = _margins(rule, configured)
    published, updated = (
        value if sentinel_reason(value, audit_date) is None else None
        for value in (_aware(article.published), _aware(article.updated))
    )
    problems: list[str] = []
    if published and updated and _earlier(updated, published, window):
        problems.append(f"updated {updated.isoformat()} is earlier than published {published.isoformat()}")
    for label, value in (("published", published), ("updated", updated)):
        if value and value - now > tolerance and not (is_day_precision(value) and value.date() <= now.date()):
            problems.append(f"{label} {value.isoformat()} is in the future")
    if not problems:
        return
    span = next((b.span for b in article.blocks if b.kind in ("byline", "dateline")), None)
    evidence = tuple((k, v.isoformat()) for k, v in (("article.published", published), ("article.updated", updated)) if v)
    yield Hit(context, {"problem": "; ".join(problems)}, evidence=evidence, span=span)


def _margins(rule, configured: float | None) -> tuple[timedelta, timedelta]:
    """(tolerance, scheduled window) of a rule under a run's config: the same for every
    article of a run, so worked out once (batch hot path)."""
    known = _MARGINS.get(id(rule))
    if known is not None and known[0] is rule and known[1] == configured:
        return known[2]
    tolerance = timedelta(minutes=float(rule.options.get("tolerance_minutes", 60)))
    minutes = configured if configured is not None else rule.options.get("scheduled_window_minutes", DEFAULT_SCHEDULED_WINDOW_MINUTES)
    margins = (tolerance, timedelta(minutes=float(minutes)))
    if len(_MARGINS) > 64:
        _MARGINS.clear()
    _MARGINS[id(rule)] = (rule, configured, margins)  # holds the rule: its id stays its own
    return margins


_MARGINS: dict[int, tuple] = {}


def audit_date_of(context: Context, now: datetime) -> date:
    """The day dates are judged from: the audit date, or today when the audit date is
    set in the past (to ask which laws were in force then, not to call later stories impossible)."""
    run = context.facts.get("run") or {}
    try:
        return max(_day(run["audit_date"]), now.date())
    except (KeyError, TypeError, ValueError):
        return now.date()


@lru_cache(maxsize=16)
def _day(text: str) -> date:
    # The run's audit date, the same text for every article of a run (batch hot path).
    return date.fromisoformat(text)


def _earlier(updated: datetime, published: datetime, window: timedelta) -> bool:
    if is_day_precision(updated) or is_day_precision(published):
        # "2025-03-14" says which day, not which instant: same day is not earlier.
        return updated.date() < published.date()
    gap = published - updated
    return gap > window and gap > timedelta(seconds=59)


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    # A time without a zone is read as UTC rather than guessed from the machine.
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
