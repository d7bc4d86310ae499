"""The block-rule shortcut for paragraph lines gives exactly the tokens of stock
markdown-it (CommonMark preset), on generated documents that mix paragraphs with
every block construct that could start, interrupt or continue one."""

import random

import pytest
from markdown_it import MarkdownIt
from markdown_it.rules_block import paragraph

from auditor.articles import markdown_blocks
from auditor.articles.markdown_blocks import add_paragraph_shortcut

_LINES = [
    "Plain words of a paragraph", "Another line: 3 + 4", "Ünïcödé “quotes” 生成", "=====", "-----", "---", "***",
    "- item", "* item", "+ item", "1. one", "2) two", "10. ten", "> quoted", ">", "# Heading", "#not heading",
    "```", "~~~", "    indented code", "  two spaces", "\tTab first", "[ref]: /url", "[ref]", "<div>", "</div>",
    "<!-- c -->", "<img src=a.jpg>", "![alt](a.jpg)", "*caption*", "_", "| a | b |", "", "", "",
]


def _document(rng: random.Random) -> str:
    prefix = rng.choice(["", "", "> ", "- ", "   ", "1. "])  # some documents inside a container
    return "\n".join(prefix * rng.randint(0, 1) + rng.choice(_LINES) for _ in range(rng.randint(1, 14)))


def test_paragraph_shortcut_gives_stock_markdown_it_tokens(monkeypatch):
    stock = MarkdownIt("commonmark")
    ours = MarkdownIt("commonmark")
    add_paragraph_shortcut(ours)
    taken = []
    monkeypatch.setattr(markdown_blocks, "paragraph", lambda *args: taken.append(1) or paragraph(*args))
    rng = random.Random(11)
    for _ in range(4000):
        document = _document(rng)
        assert [t.as_dict() for t in ours.parse(document)] == [t.as_dict() for t in stock.parse(document)], document
        assert ours.render(document) == stock.render(document), document
    assert len(taken) > 2000  # the shortcut was taken, not only the full chain


def test_shortcut_refuses_a_rule_chain_it_was_not_written_for():
    with pytest.raises(RuntimeError, match="block rules changed"):
        add_paragraph_shortcut(MarkdownIt("commonmark").enable("table"))
