"""`date-order`: an article's updated time must not precede its published time, and
neither may lie in the future (beyond `options.tolerance_minutes`)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Iterable

from ..context import Context, Hit


def check(rule, context: Context) -> Iterable[Hit]:
    article = context.article
    if article is None:
        return
    now = rule.now or datetime.now(timezone.utc)
    tolerance = timedelta(minutes=float(rule.options.get("tolerance_minutes", 60)))
    published, updated = _aware(article.published), _aware(article.updated)
    problems: list[str] = []
    if published and updated and updated < published - timedelta(seconds=59):
        problems.append(f"updated {updated.isoformat()} is earlier than published {published.isoformat()}")
    for label, value in (("published", published), ("updated", updated)):
        if value and value > now + tolerance:
            problems.append(f"{label} {value.isoformat()} is in the future")
    if not problems:
        return
    span = next((b.span for b in article.blocks if b.kind in ("byline", "dateline")), None)
    evidence = tuple((k, v.isoformat()) for k, v in (("article.published", published), ("article.updated", updated)) if v)
    yield Hit(context, {"problem": "; ".join(problems)}, evidence=evidence, span=span)


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    # A time without a zone is read as UTC rather than guessed from the machine.
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
