"""`condition`: fires when `when` holds (always, if absent) and `assert` (if given) fails."""

from __future__ import annotations

from typing import Iterable

from ..context import Context, Hit


def check(rule, context: Context) -> Iterable[Hit]:
    # The bare yes or no first: most rules do not fire on most targets.
    if rule.when is not None and not rule.when.holds(context.facts):
        return ()
    return fire(rule, context)


def fire(rule, context: Context) -> Iterable[Hit]:
    """`check` once `when` is known to hold (the engine asks it first)."""
    facts = context.facts
    if rule.assert_ is not None and rule.assert_.holds(facts):
        return
    extra: dict = {"match": {}}
    if rule.when is not None:
        outcome = rule.when.explain(facts)
        extra["match"]["when"] = {"field": outcome.field, "value": outcome.value}
    if rule.assert_ is not None:
        outcome = rule.assert_.explain(facts)
        extra["match"]["assert"] = {"field": outcome.field, "value": outcome.value}
    yield Hit(context, extra)
