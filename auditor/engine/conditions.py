"""Compiles structured conditions into plain functions over a facts mapping, once
per run. No eval: the operators are the closed set the schema allows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from .schema import Condition
from .user_patterns import compile_user_pattern
from .vocabularies import VocabularySet

_MISSING = object()


@dataclass(frozen=True)
class Outcome:
    ok: bool
    field: str | None = None
    value: Any = None


Test = Callable[[Mapping[str, Any]], Outcome]


class ConditionError(ValueError):
    pass


def lookup(facts: Mapping[str, Any], path: str) -> Any:
    """Value at a dotted path ('media.xmp.Iptc4xmpExt:DigitalSourceType'), or None."""
    node: Any = facts
    for part in path.split("."):
        # Facts are plain dicts: checking the exact type first skips typing.Mapping's
        # slow isinstance on every step of every lookup (batch hot path).
        if type(node) is dict or isinstance(node, Mapping):
            node = node.get(part, _MISSING)
        else:
            node = getattr(node, part, _MISSING)
        if node is _MISSING or node is None:
            return None
    return node


def compile_condition(condition: Condition, vocabularies: VocabularySet, linear: bool = False) -> Test:
    """`linear`: the condition comes from a user's pack, so `matches` runs on RE2."""
    if condition.all is not None:
        parts = [compile_condition(c, vocabularies, linear) for c in condition.all]
        return lambda facts: _all(parts, facts)
    if condition.any is not None:
        parts = [compile_condition(c, vocabularies, linear) for c in condition.any]
        return lambda facts: _any(parts, facts)
    if condition.not_ is not None:
        inner = compile_condition(condition.not_, vocabularies, linear)
        return lambda facts: _negate(inner(facts))
    field = condition.field or ""
    predicate = _predicate(condition, vocabularies, linear)

    def test(facts: Mapping[str, Any]) -> Outcome:
        value = lookup(facts, field)
        for item in _items(value, whole=condition.exists is not None):
            if predicate(item):
                return Outcome(True, field, item)
        return Outcome(False, field, value)

    return test


def _predicate(condition: Condition, vocabularies: VocabularySet, linear: bool) -> Callable[[Any], bool]:
    if condition.exists is not None:
        wanted = condition.exists
        return lambda value: _present(value) == wanted
    if condition.in_ is not None:
        choices = list(condition.in_)
        return lambda value: value in choices
    if condition.matches is not None:
        pattern = compile_user_pattern(condition.matches) if linear else re.compile(condition.matches)
        return lambda value: value is not None and bool(pattern.search(str(value)))
    if condition.matches_vocab is not None:
        name = condition.matches_vocab
        if name not in vocabularies:
            raise ConditionError(f"unknown vocabulary '{name}' in condition on '{condition.field}'")
        vocabulary = vocabularies[name]
        return lambda value: value is not None and vocabulary.search(str(value)) is not None
    expected = condition.equals
    return lambda value: value == expected


def _items(value: Any, whole: bool) -> list[Any]:
    # A test on a list field holds when it holds for any element ("any signal is ai");
    # `exists` looks at the list itself.
    if isinstance(value, (list, tuple)) and not whole:
        return list(value) or [None]
    return [value]


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {} and value != ()


def _all(parts: list[Test], facts: Mapping[str, Any]) -> Outcome:
    last = Outcome(True)
    for part in parts:
        last = part(facts)
        if not last.ok:
            return last
    return last


def _any(parts: list[Test], facts: Mapping[str, Any]) -> Outcome:
    last = Outcome(False)
    for part in parts:
        last = part(facts)
        if last.ok:
            return last
    return last


def _negate(outcome: Outcome) -> Outcome:
    return Outcome(not outcome.ok, outcome.field, outcome.value)
