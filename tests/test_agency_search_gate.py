"""The agency matcher's quick answer for ASCII text (a set test on first words before
the alternation) must give exactly what the alternation alone gives."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from auditor.config import Config
from auditor.engine import load_ruleset
from auditor.engine.syndication import AgencyMatcher, matcher_for

_MATCHER = matcher_for(load_ruleset(Config()).vocabularies)
_NAMES = sorted(set(_MATCHER._lists[0] + _MATCHER._lists[1]))
_FILLER = ["happy", "paper", "Japan", "the", "map", "(", ")", "-", ",", ".", "©", "By", "with", "and", "/",
           "reporting", "Staff", "2024", "_", "x", "AP_", "dpa-infoline", "apnews.com", "\u00a0", "\t", "Ünal"]


def _cased(name: str, mode: int) -> str:
    return (name, name.upper(), name.lower(), name.title())[mode]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(
    st.tuples(st.sampled_from(_NAMES), st.integers(0, 3)).map(lambda t: _cased(*t)),
    st.sampled_from(_FILLER),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzAPTFE -().,/", max_size=8),
), max_size=8), st.sampled_from(["", " ", "-", "/", ", "]))
def test_quick_answer_equals_the_alternation(parts, joiner):
    text = joiner.join(parts)
    quick, full = _MATCHER.search_any(text), _MATCHER.any.search(text)
    assert (quick and (quick.span(), quick.group())) == (full and (full.span(), full.group()))


def test_a_name_that_could_match_ascii_without_its_first_word_turns_the_quick_answer_off():
    # The Kelvin sign matches "k" case-insensitively: "Kyodo" spelt with it matches "kyodo".
    assert AgencyMatcher(lists=(["\u212ayodo"], []))._first_words is None
    assert AgencyMatcher(lists=(["(AP)"], []))._first_words is None  # not bounded by word breaks
    assert AgencyMatcher(lists=(["Reuters", "新华社"], []))._first_words == frozenset({"reuters"})  # 新华社 cannot match ASCII text


def test_quick_answer_on_real_wire_lines():
    for text in ("By TOM KRISHER, AP Auto Writer", "Le Monde with AFP", "happy paper from Japan",
                 "(Reporting by Jane Doe; Editing by John Roe)", "© 2016 The Associated Press", "Von: det/dpa"):
        quick, full = _MATCHER.search_any(text), _MATCHER.any.search(text)
        assert (quick and quick.span()) == (full and full.span()), text
