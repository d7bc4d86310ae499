"""`credit-match`: the names a caption credits against the names the image file
credits; fires when both sides name someone and no name agrees."""

from __future__ import annotations

from typing import Iterable

from ..context import Context, Hit
from ..credits import names_agree


def check(rule, context: Context) -> Iterable[Hit]:
    if rule.when is not None and not rule.when.holds(context.facts):
        return
    figure = context.facts.get("figure") or {}
    media = context.facts.get("media") or {}
    stated, embedded = figure.get("credit_names") or [], media.get("credit_names") or []
    if not stated or not embedded or names_agree(stated, embedded):
        return
    yield Hit(
        context,
        {"stated": ", ".join(stated), "embedded": ", ".join(embedded)},
        evidence=(("figure.credit", figure.get("credit") or figure.get("caption") or ""),
                  ("media.credit_names", ", ".join(embedded))),
    )
