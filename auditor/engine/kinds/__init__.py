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
