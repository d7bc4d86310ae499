"""A compiled condition answers `holds` (the yes or no every target is asked) and
`explain` (the deciding field, asked when a rule fires) from the same facts: the two
must never disagree, whatever shape the facts take (plain dicts, lazy facts, lists,
None, objects with attributes). `holds` reads `target.fact` and `target.group.fact`
fields through an inlined lookup, so it is checked here against `explain`, which walks
every path the general way."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.engine.conditions import compile_condition
from auditor.engine.lazy_facts import LazyFacts, providers_of
from auditor.engine.schema import Condition
from auditor.engine.vocabularies import VocabularySet

NAMES = ("figure", "media", "status", "provenance", "c2pa_status")
SCALARS = st.one_of(st.none(), st.booleans(), st.sampled_from(["local", "remote", "invalid", "", "Local"]),
                    st.integers(-1, 2))


class _Lazy(LazyFacts):
    """Facts whose `c2pa_status` and `status` are computed on first read."""

    __slots__ = ()

    def _computed(self) -> dict:
        return {"c2pa_status": "invalid", "status": ["local", "remote"]}

    PROVIDERS = providers_of((("c2pa_status", "status"), _computed))


def _shape(children):
    return st.one_of(
        st.dictionaries(st.sampled_from(NAMES), children, max_size=4),
        st.dictionaries(st.sampled_from(NAMES), children, max_size=3).map(_Lazy),
        st.lists(children, max_size=3),
        st.tuples(children),
        st.dictionaries(st.sampled_from(NAMES), children, max_size=2).map(lambda d: SimpleNamespace(**d)),
    )


FACTS = st.dictionaries(st.sampled_from(NAMES), st.recursive(SCALARS, _shape, max_leaves=12), max_size=4)
FIELDS = st.lists(st.sampled_from(NAMES), min_size=1, max_size=4).map(".".join)
TESTS = st.one_of(
    SCALARS.map(lambda value: {"equals": value}),
    st.lists(SCALARS, max_size=3).map(lambda values: {"in": values}),
    st.sampled_from([r"^loc", "valid", "^$"]).map(lambda pattern: {"matches": pattern}),
    st.booleans().map(lambda wanted: {"exists": wanted}),
)


@settings(max_examples=600, deadline=None)
@given(field=FIELDS, test=TESTS, facts=FACTS, negate=st.booleans())
def test_holds_and_explain_agree_on_any_facts(field, test, facts, negate):
    leaf = {"field": field, **test}
    condition = Condition.model_validate({"not": leaf} if negate else leaf)
    compiled = compile_condition(condition, VocabularySet())
    assert compiled.holds(facts) == compiled(facts).ok


@pytest.mark.parametrize("field, test, facts, expected", [
    # a two-part field, read from a plain dict
    ("figure.status", {"equals": "local"}, {"figure": {"status": "local"}}, True),
    ("figure.status", {"equals": "local"}, {"figure": {"status": "remote"}}, False),
    # a list field holds when one of its items does; an empty list is tested as None
    ("figure.status", {"equals": "local"}, {"figure": {"status": ["remote", "local"]}}, True),
    ("figure.status", {"equals": None}, {"figure": {"status": []}}, True),
    # an absent target or fact reads as None
    ("media.status", {"equals": None}, {}, True),
    ("media.status", {"in": ["local"]}, {"media": None}, False),
    # a three-part field through lazy facts, computed on first read
    ("media.provenance.c2pa_status", {"equals": "invalid"}, {"media": {"provenance": _Lazy()}}, True),
    ("media.provenance.c2pa_status", {"equals": "invalid"}, {"media": _Lazy({"provenance": {"c2pa_status": "trusted"}})}, False),
    # a fact held by an object is read as its attribute
    ("media.provenance.c2pa_status", {"matches": "^inv"}, {"media": {"provenance": SimpleNamespace(c2pa_status="invalid")}}, True),
])
def test_holds_reads_fields_as_documented(field, test, facts, expected):
    compiled = compile_condition(Condition.model_validate({"field": field, **test}), VocabularySet())
    assert compiled.holds(facts) is expected
    assert compiled(facts).ok is expected
