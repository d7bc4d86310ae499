"""The Markdown parser's shortcut for plain-text inline runs gives exactly the
tokens stock markdown-it (CommonMark preset) gives, on thousands of generated
documents mixing plain prose with every inline and block construct."""

import random

from markdown_it import MarkdownIt

from auditor.articles.markdown import _MARKDOWN

_PLAIN = [
    "The port authority said on Monday that traffic rose",
    "for the 5th month in a row: 3 + 4 = 7, 50 % up, $20 #1 @desk ^ {x}",
    "well-known -- dash", "Photo: Jane Doe/Reuters", "Ünïcödé – “quotes” 生成", "a.b", "1.", "2)", "  ", "\t",
]
_MARKUP = [
    "*em*", "_em_", "**strong**", "`code`", "[link](http://x.test/a)", "![alt](a.jpg \"title\")", "<b>html</b>",
    "<https://x.test>", "&amp;", "&copy;", "\\*", "~~strike~~", "!", "[", "]", "<", ">", "&", "*", "_", "`",
    "![", "[ref]", "  \n", "\\\n", "\n",
]
_BLOCKS = ["", "# ", "## ", "> ", "- ", "1. ", "    ", "```\n", "---\n", "Title\n===\n", "<div>\n", "[ref]: /url\n"]


def _document(rng: random.Random) -> str:
    paragraphs = []
    for _ in range(rng.randint(1, 6)):
        lines = []
        for _ in range(rng.randint(1, 3)):
            pieces = [rng.choice(_PLAIN) if rng.random() < 0.7 else rng.choice(_MARKUP) for _ in range(rng.randint(1, 6))]
            lines.append(rng.choice(_BLOCKS) + rng.choice([" ", ""]).join(pieces))
        paragraphs.append("\n".join(lines))
    return rng.choice(["\n\n", "\n", "\n\n\n"]).join(paragraphs)


def test_plain_text_shortcut_gives_markdown_it_tokens():
    stock = MarkdownIt("commonmark")
    rng = random.Random(5)
    plain_runs = 0
    for _ in range(3000):
        document = _document(rng)
        ours = _MARKDOWN.parse(document)
        assert [t.as_dict() for t in ours] == [t.as_dict() for t in stock.parse(document)], document
        plain_runs += sum(1 for t in ours if t.type == "inline" and len(t.children or []) == 1)
    assert plain_runs > 1000  # the shortcut was taken, not only the full parser


def test_rendering_is_unchanged_by_the_shortcut():
    stock = MarkdownIt("commonmark")
    document = "# Port\n\nPlain words: 5 + 3.\n\n*Caption*\n\nLine one  \nline two &amp; <b>x</b>\n"
    assert _MARKDOWN.render(document) == stock.render(document)
