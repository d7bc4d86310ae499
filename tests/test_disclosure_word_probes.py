"""The word classes' shortcuts (entries after a word probed by the word that follows
it, words that start nothing skipped, merged entries remembered) never change what
they find: on every caption of the labelled corpus and on generated captions, each
class finds what checking every entry token by token finds, and a vocabulary that
has read thousands of texts reads each one as a fresh vocabulary does."""

from __future__ import annotations

import pytest

from auditor.engine.disclosure import DisclosureVocabulary
from auditor.engine.disclosure.word_class import _NOTHING, WordClass, _merged
from auditor.engine.normalize import normalize
from auditor.engine.ruleset import rules_dir
from auditor.engine.vocabularies import load_vocabularies
from tests.test_disclosure_corpus import CAPTIONS, corpus
from tests.test_disclosure_prefilter import _captions, _document


class TokenByToken(WordClass):
    """The reference: every entry a word may start is checked token by token, and
    entries matched at one place are merged anew each time."""

    def _probe(self, word, kind):
        probes = super()._probe(word, kind)
        if probes is _NOTHING:
            return probes
        after = tuple(pair for group in (probes.by_next, probes.by_next_key) for pairs in group.values() for pair in pairs)
        return probes._replace(by_next={}, by_next_key={}, others=probes.others + after)

    def _merged_entry(self, indices):
        entry = self.entries[indices[0]]
        for index in indices[1:]:
            entry = _merged(entry, self.entries[index])
        return entry


@pytest.fixture(scope="module")
def document():
    """The whole disclosure document: phrases and the grammar's words."""
    return load_vocabularies(rules_dir() / "vocab").disclosure_document


@pytest.fixture(scope="module")
def texts():
    rows = corpus(CAPTIONS) + corpus(CAPTIONS / "heldout")
    return [text for _, _, _, text in rows] + _captions(_document(), 2000, seed=11)


def test_every_word_class_finds_what_token_by_token_checking_finds(document, texts):
    lexicon = DisclosureVocabulary(document).lexicon
    found = 0
    for name in ("terms", "predicates", "nouns"):
        fast = getattr(lexicon, name)
        reference = TokenByToken.__new__(TokenByToken)
        reference.__dict__.update(fast.__getstate__())
        for text in texts:
            normal = normalize(text)
            expected = list(reference.finditer(normal))
            assert list(fast.finditer(normal)) == expected, (name, text)
            found += bool(expected)
    assert found > len(texts)  # the texts do hold words of every class


def test_a_vocabulary_that_has_read_many_texts_reads_each_as_a_fresh_one_does(document, texts):
    warm = DisclosureVocabulary(document)
    for text in texts:
        warm.scan(text)
    for text in reversed(texts[:120]):
        fresh = DisclosureVocabulary(document)
        assert warm.scan(text) == fresh.scan(text), text
        assert warm.scan(text, frozenset({"en"})) == fresh.scan(text, frozenset({"en"})), text


def test_a_text_without_any_terms_first_word_holds_no_term(document, texts):
    """The gate before the grammar: no first word of an AI term in the text, no term."""
    vocabulary = DisclosureVocabulary(document)
    terms = vocabulary.lexicon.terms
    gated = 0
    for text in texts + [t.replace("ai", "a i") for t in texts[:500]]:
        normal = normalize(text)
        if vocabulary._term_words.isdisjoint(vocabulary._present(normal)):
            gated += 1
            assert list(terms.finditer(normal)) == [], text
    assert gated > 100
