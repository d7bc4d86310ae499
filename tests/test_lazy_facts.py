"""Facts computed on first read (auditor/engine/lazy_facts.py) must be the facts: every
group gives exactly the keys it declares, a key read alone has the value it has when
everything is computed, and only what a rule reads is computed. Checked on every
rule's documented examples, which between them exercise every kind of fact."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.articles import parse_article
from auditor.engine import load_ruleset
from auditor.engine.facts import ArticleFacts, FigureFacts, FileFacts, article_facts, figure_facts

from rule_examples import example_evidence

RULESET = load_ruleset()
EXAMPLES = [
    (f"{compiled.code}-{verdict}-{index}", example)
    for compiled in RULESET.rules
    for verdict, examples in (("fail", compiled.rule.docs.examples.fail), ("pass", compiled.rule.docs.examples.passing))
    for index, example in enumerate(examples)
]


def facts_of_example(example, folder: Path):
    """(a maker of fresh article facts, [(figure facts, media facts)], article, media)."""
    article, media = example_evidence(example, folder)
    vocabularies = RULESET.vocabularies
    figures = [figure_facts(f, media.get(f.path or ""), vocabularies, article, lambda: []) for f in article.figures]
    return (lambda: article_facts(article, vocabularies, RULESET.settings)), figures, article, media


@pytest.mark.parametrize("kind", [ArticleFacts, FigureFacts, FileFacts])
def test_every_fact_group_gives_exactly_the_keys_it_declares(kind, tmp_path):
    declared: dict = {}
    for key, provider in kind.PROVIDERS.items():
        declared.setdefault(provider, set()).add(key)
    seen = set()
    for number, (_, example) in enumerate(EXAMPLES):
        make_article, figures, _, _ = facts_of_example(example, tmp_path / str(number))
        instances = {ArticleFacts: [make_article()], FigureFacts: [f for f, _ in figures],
                     FileFacts: [m for _, m in figures if isinstance(m, FileFacts)]}[kind]
        for facts in instances:
            for provider, keys in declared.items():
                assert set(provider(facts)) == keys, provider.__name__
                seen.add(provider)
    assert seen == set(declared), "some fact group was never exercised by a rule example"


@pytest.mark.parametrize("name,example", EXAMPLES, ids=[name for name, _ in EXAMPLES])
def test_a_fact_read_alone_is_the_fact_computed_with_all_others(name, example, tmp_path):
    make_article, _, article, media = facts_of_example(example, tmp_path)
    whole = dict(make_article())  # walking the facts computes every group
    for key in whole:
        assert make_article().get(key) == whole[key], key
    for figure in article.figures:
        facts_of_media = media.get(figure.path or "")
        complete, _ = figure_facts(figure, facts_of_media, RULESET.vocabularies, article, lambda: [])
        everything = dict(complete)
        for key in everything:
            alone, _ = figure_facts(figure, facts_of_media, RULESET.vocabularies, article, lambda: [])
            assert alone.get(key) == everything[key], key
            assert alone[key] == everything[key], key


def test_reading_what_most_rules_ask_first_computes_nothing_else(tmp_path):
    path = tmp_path / "story.md"
    path.write_text("![Harbour](harbour.jpg)\n\n*Dock workers unload a ship. Photo: Jane Doe/Reuters*\n")
    (tmp_path / "harbour.jpg").write_bytes(b"")
    article = parse_article(path)
    facts, _ = figure_facts(article.figures[0], None, RULESET.vocabularies, article, lambda: [])
    assert facts.get("ai_signalled") is False and facts["status"] == "local"
    assert bool(facts) and {"figure": facts}.get("figure") or {}  # truth tests compute nothing either
    assert not dict.__contains__(facts, "credit_kind")  # the credit parser has not run
    assert "credit_kind" in facts and facts["credit_kind"] is not None  # it runs when asked
    assert facts.get("no such fact") is None
    with pytest.raises(KeyError):
        facts["no such fact"]


@pytest.mark.parametrize("other, equal", [({}, False), ("", False), ([], False), (None, False), (0, False)])
def test_lazy_facts_compare_with_anything_as_a_dict_does(other, equal, tmp_path):
    # `exists` asks `value != ""`: a lazy group once answered it with `not NotImplemented`
    # (False), so a group full of facts read as absent.
    _, figures, _, _ = facts_of_example(EXAMPLES[0][1], tmp_path)
    assert figures
    for facts, _ in figures:
        plain = dict(facts.items())
        assert (facts == other) is (plain == other) is equal
        assert (facts != other) is (plain != other) is (not equal)
