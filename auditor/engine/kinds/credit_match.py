"""`credit-match`: the names a caption credits against the names the image file
credits; fires when both sides name someone and no name agrees."""

from __future__ import annotations

from typing import Iterable

from ..context import Context, Hit
from ..credits import names_agree


def check(rule, context: Context) -> Iterable[Hit]:
    if rule.when is not None and not rule.when.holds(context.facts):
        return ()
    return fire(rule, context)


def fire(rule, context: Context) -> Iterable[Hit]:
    """`check` once `when` is known to hold (the engine asks it first)."""
    figure = context.facts.get("figure") or {}
    media = context.facts.get("media") or {}
    # The file's names first: reading them is cheap, many files name nobody, and then
    # the page's credit need not be parsed at all.
    embedded = media.get("credit_names") or []
    if not embedded:
        return
    stated = figure.get("credit_names") or []
    if not stated or names_agree(stated, embedded):
        return
    yield Hit(
        context,
        {"stated": ", ".join(stated), "embedded": ", ".join(embedded)},
        evidence=(("figure.credit", figure.get("credit") or figure.get("caption") or ""),
                  ("media.credit_names", ", ".join(embedded))),
    )
