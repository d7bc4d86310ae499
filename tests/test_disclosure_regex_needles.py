"""The words a vocabulary regex cannot match without (auditor/engine/disclosure/
regex_needles.py) gate it before it runs: the gate must never turn away a text the
regex matches, or a disclosure would be missed."""

from __future__ import annotations

import re

import pytest

from auditor.engine.disclosure.regex_needles import required_literals
from auditor.engine.normalize import normalize_with_offsets
from auditor.engine.ruleset import rules_dir
from auditor.engine.vocabularies import load_vocabularies

from test_disclosure_corpus import CAPTIONS, corpus


@pytest.mark.parametrize("source, words", [
    (r"\b(?:generated|made)\s+(?:by|with)\s+ai\b", ("generated", "made")),
    (r"\b(?:ai|artificial intelligence)[\s-]+(?:generated|created)\b", ("generated", "created")),
    (r"(?:générée?s?|créée?s?)\s+par", ("généré", "créé")),
    (r"(?:ai|智能)\s*(?:技术)?\s*(?:生成|合成)", ("生成", "合成")),  # a tie: the later element, not "ai"
    (r"ki-?(?:generiert|erzeugt)\w*", ("generiert", "erzeugt")),
    (r"(?:foo)?bar(?:baz)+", ("barbaz",)),  # optional parts need nothing; a repeat of one or more does
    (r"\((?:reuters|ap)\)", ("(reuters)", "(ap)")),  # fixed parts are joined into whole strings
    (r"ai(?:-| )generated", ("ai-generated", "ai generated")),  # "(?:-| )" is the set [- ]
    (r"\bap photo\s*/", ("ap photo",)),  # an assertion consumes nothing
])
def test_the_words_a_regex_needs_are_read_from_its_parse_tree(source, words):
    assert required_literals(source) == words


@pytest.mark.parametrize("source", [
    r"(?i)made by ai",  # case-insensitive: its literals are not what the text holds
    r"\w+ by \w+|x",  # one alternative starts with no literal
    r"(?:a|bc)\s+d",  # nothing two characters long is required
    r"[",  # not a regex at all
])
def test_a_regex_without_such_words_gets_none_and_always_runs(source):
    assert required_literals(source) is None


def test_no_regex_of_the_bundled_vocabulary_is_gated_away_from_a_caption_it_matches():
    vocabulary = load_vocabularies(rules_dir() / "vocab").disclosure
    gated = [pattern for pattern in vocabulary.patterns if pattern.any_of]
    assert gated, "the bundled vocabulary has regex entries"
    captions = [text for _, _, _, text in corpus(CAPTIONS) + corpus(CAPTIONS / "heldout")]
    matched = 0
    for text in captions:
        normal, _ = normalize_with_offsets(text)
        for pattern in gated:
            if re.search(pattern.source, normal):
                matched += 1
                assert any(word in normal for word in pattern.any_of), (pattern.source, text)
    assert matched > 50  # the check saw real matches, not only misses
