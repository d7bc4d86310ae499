"""`date-plausible`: an article date that is a placeholder (year 1, the Unix epoch)
or impossible (more than a day after the audit date) is reported on its own."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Iterable

from ..context import Context, Hit
from ..date_sentinels import sentinel_reason
from .date_order import audit_date_of


def check(rule, context: Context) -> Iterable[Hit]:
    article = context.article
    if article is None:
        return
    audit_date = audit_date_of(context, rule.now or datetime.now(timezone.utc))
    problems, evidence = [], []
    for label, value in (("published", article.published), ("updated", article.updated)):
        reason = sentinel_reason(value, audit_date)
        if reason is not None:
            problems.append(f"{label} {value.isoformat()} is {reason}")
            evidence.append((f"article.{label}", value.isoformat()))
    if not problems:
        return
    span = next((b.span for b in article.blocks if b.kind in ("byline", "dateline")), None)
    yield Hit(context, {"problem": "; ".join(problems)}, evidence=tuple(evidence), span=span)
