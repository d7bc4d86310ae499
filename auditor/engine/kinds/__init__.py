"""The closed set of check kinds. A rule file picks one by name; each is a function
`check(rule, context) -> Iterable[Hit]` that knows nothing of files or formats."""

from __future__ import annotations

from . import condition, credit_match, date_order, date_plausibility, suppression

KINDS = {
    "condition": condition.check,
    "credit-match": credit_match.check,
    "date-order": date_order.check,
    "suppression": suppression.check,
    "date-plausible": date_plausibility.check,
}

# Kinds that return at once when `when` does not hold, as the rest of their check:
# the engine asks `when` itself first, which spares a generator per rule and target
# (most rules fire on no target; batch hot path).
FIRE_WHEN_HOLDS = {
    "condition": condition.fire,
    "credit-match": credit_match.fire,
}

# Kinds whose findings are raised elsewhere, never by evaluation (`suppression`: by
# auditor.articles.suppressions once it is known which directives were used).
RAISED_ELSEWHERE = frozenset({"suppression"})
