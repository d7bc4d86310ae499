"""`condition`: fires when `when` holds (always, if absent) and `assert` (if given) fails."""

from __future__ import annotations

from typing import Iterable

from ..context import Context, Hit


def check(rule, context: Context) -> Iterable[Hit]:
    extra: dict = {"match": {}}
    if rule.when is not None:
        outcome = rule.when(context.facts)
        if not outcome.ok:
            return
        extra["match"]["when"] = {"field": outcome.field, "value": outcome.value}
    if rule.assert_ is not None:
        outcome = rule.assert_(context.facts)
        if outcome.ok:
            return
        extra["match"]["assert"] = {"field": outcome.field, "value": outcome.value}
    yield Hit(context, extra)
