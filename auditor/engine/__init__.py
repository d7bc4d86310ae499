"""The rules engine: packs as data, a closed set of check kinds, pure evaluation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .ruleset import CompiledRule, RulePackError, RuleSet, load_ruleset

if TYPE_CHECKING:
    from .evaluate import evaluate_article, evaluate_document_error, evaluate_media

_EVALUATORS = frozenset({"evaluate_article", "evaluate_document_error", "evaluate_media"})


def __getattr__(name: str):
    # The evaluators pull in the fact builders and, through them, every media
    # reader; a run that only reuses ledger findings never evaluates, so they load
    # on first use.
    if name in _EVALUATORS:
        from . import evaluate

        return getattr(evaluate, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["evaluate_article", "evaluate_document_error", "evaluate_media", "CompiledRule", "RulePackError", "RuleSet", "load_ruleset"]
