"""The rules engine: packs as data, a closed set of check kinds, pure evaluation."""

from .evaluate import evaluate_article, evaluate_document_error, evaluate_media
from .ruleset import CompiledRule, RulePackError, RuleSet, load_ruleset

__all__ = ["evaluate_article", "evaluate_document_error", "evaluate_media", "CompiledRule", "RulePackError", "RuleSet", "load_ruleset"]
