"""Compiles structured conditions into plain functions over a facts mapping, once
per run. No eval: the operators are the closed set the schema allows.

A compiled condition answers two questions: `holds(facts)`, asked of every target
(a bare yes or no, the batch hot path), and `explain(facts)`, asked only when a rule
fires, which also says which field decided it and its value (for messages and
evidence). Both read the same facts the same way."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Callable, NamedTuple

from .schema import Condition
from .user_patterns import compile_user_pattern
from .vocabularies import VocabularySet

_MISSING = object()
_dict_get = dict.get


class Outcome(NamedTuple):
    ok: bool
    field: str | None = None
    value: Any = None


Test = Callable[[Mapping[str, Any]], Outcome]
Holds = Callable[[Mapping[str, Any]], bool]


@dataclass(frozen=True)
class Compiled:
    """`holds` for the yes or no, `explain` (also the call) for the deciding field."""

    holds: Holds
    explain: Test

    def __call__(self, facts: Mapping[str, Any]) -> Outcome:
        return self.explain(facts)


class ConditionError(ValueError):
    pass


def lookup(facts: Mapping[str, Any], path: str) -> Any:
    """Value at a dotted path ('media.xmp.Iptc4xmpExt:DigitalSourceType'), or None."""
    return lookup_parts(facts, path.split("."))


def lookup_parts(facts: Mapping[str, Any], parts: list[str] | tuple[str, ...]) -> Any:
    node: Any = facts
    for part in parts:
        # Facts are dicts (some lazy, see lazy_facts.py): the C-level dict check first
        # skips typing.Mapping's slow isinstance on every step (batch hot path).
        if isinstance(node, dict) or isinstance(node, Mapping):
            node = node.get(part, _MISSING)
        else:
            node = getattr(node, part, _MISSING)
        if node is _MISSING or node is None:
            return None
    return node


def compile_condition(condition: Condition, vocabularies: VocabularySet, linear: bool = False) -> Compiled:
    """`linear`: the condition comes from a user's pack, so `matches` runs on RE2."""
    if condition.all is not None:
        parts = [compile_condition(c, vocabularies, linear) for c in condition.all]
        return Compiled(_all_hold([p.holds for p in parts]), lambda facts: _all(parts, facts))
    if condition.any is not None:
        parts = [compile_condition(c, vocabularies, linear) for c in condition.any]
        return Compiled(_any_holds([p.holds for p in parts]), lambda facts: _any(parts, facts))
    if condition.not_ is not None:
        inner = compile_condition(condition.not_, vocabularies, linear)
        inner_holds = inner.holds
        return Compiled(lambda facts: not inner_holds(facts), lambda facts: _negate(inner(facts)))
    field = condition.field or ""
    parts = tuple(field.split("."))
    predicate = _predicate(condition, vocabularies, linear)
    whole = condition.exists is not None
    if len(parts) in (2, 3):
        holds = _target_fact_holds(parts, predicate, condition)
    else:

        def holds(facts: Mapping[str, Any]) -> bool:
            value = lookup_parts(facts, parts)
            if whole or not isinstance(value, (list, tuple)):
                return predicate(value)
            return any(predicate(item) for item in value) if value else predicate(None)

    def test(facts: Mapping[str, Any]) -> Outcome:
        value = lookup_parts(facts, parts)
        for item in _items(value, whole):
            if predicate(item):
                return Outcome(True, field, item)
        return Outcome(False, field, value)

    return Compiled(holds, test)


def _target_fact_holds(parts: tuple[str, ...], predicate: Callable[[Any], bool], condition: Condition) -> Holds:
    """`holds` for a test on a `target.fact` or `target.group.fact` field, the
    lookup inlined and an `equals` compared in place: a saved page asks ~40 of these
    per document, and each saved call counts (batch hot path). The same answers as
    the general path (`lookup_parts`, then the predicate)."""
    head, key = parts[0], parts[1]
    inner = parts[2] if len(parts) == 3 else None
    whole = condition.exists is not None  # `exists` looks at a list itself, not its items
    equals = not whole and condition.in_ is None and condition.matches is None and condition.matches_vocab is None
    expected = condition.equals

    def holds(facts: Mapping[str, Any]) -> bool:
        node = facts.get(head)
        if isinstance(node, dict):
            # A fact already there is read at C speed; only an absent one goes through
            # the (lazy) mapping's own get, which may compute it.
            value = _dict_get(node, key, _MISSING)
            if value is _MISSING:
                value = node.get(key)
            if inner is not None and value is not None:
                value = value.get(inner) if isinstance(value, dict) else lookup_parts(value, (inner,))
        else:
            value = None if node is None else lookup_parts(node, parts[1:])
        if whole or not isinstance(value, (list, tuple)):
            return value == expected if equals else predicate(value)
        return any(predicate(item) for item in value) if value else predicate(None)

    return holds


def _all_hold(parts: list[Holds]) -> Holds:
    def holds(facts: Mapping[str, Any]) -> bool:
        for part in parts:
            if not part(facts):
                return False
        return True

    return holds


def _any_holds(parts: list[Holds]) -> Holds:
    def holds(facts: Mapping[str, Any]) -> bool:
        for part in parts:
            if part(facts):
                return True
        return False

    return holds


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
