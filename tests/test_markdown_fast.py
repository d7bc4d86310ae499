"""The line scanner for simple Markdown (articles/markdown_fast.py) gives the blocks,
figures and captions that markdown-it's token walk gives, or hands the document to
markdown-it: proved on the real content repositories, the CommonMark spec examples
and generated documents of the accepted constructs and their near misses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.articles import markdown
from auditor.articles.front_matter import FrontMatterError, split_front_matter
from auditor.articles.markdown_fast import simple_blocks
from auditor.articles.site_markup import hugo_shortcodes, mdx_as_markdown

REAL = Path("/work/real")
SPEC = Path(__file__).resolve().parents[1] / "fixtures" / "build" / "commonmark.json"


def _walks(body: str):
    """(the scanner's walk or None when it hands over, markdown-it's walk)."""
    lines = body.split("\n")
    blocks = simple_blocks(body)
    ours = markdown._walk_blocks(blocks, lines, 3, True) if blocks is not None else None
    theirs = markdown._walk_tokens(body, lines, 3, True)
    return ours, theirs


def _assert_same(body: str) -> bool:
    ours, theirs = _walks(body)
    if ours is not None:
        assert ours == theirs, body
    return ours is not None


@pytest.mark.skipif(not REAL.is_dir(), reason="/work/real (the real content repositories) is not here")
def test_real_markdown_files_read_the_same():
    taken = total = 0
    for path in sorted(REAL.rglob("*")):
        if path.suffix.lower() not in (".md", ".markdown", ".mdx") or not path.is_file():
            continue
        try:
            front = split_front_matter(path.read_text(encoding="utf-8", errors="replace"))
        except FrontMatterError:
            continue
        body = mdx_as_markdown(front.body) if path.suffix.lower() == ".mdx" else front.body
        total += 1
        taken += _assert_same(hugo_shortcodes(body)[0])
    assert total > 50 and taken > 10  # both paths ran on real files


@pytest.mark.skipif(not SPEC.is_file(), reason="run fixtures/commonmark_spec.py for the CommonMark spec examples")
def test_commonmark_spec_examples_read_the_same():
    examples = json.loads(SPEC.read_text(encoding="utf-8"))
    taken = 0
    for example in examples:
        markdown_text = example["markdown"]
        # Alone, and after an image line whose caption the example may become.
        taken += _assert_same(markdown_text)
        _assert_same("![photo](a.jpg)\n" + markdown_text)
        _assert_same("# Title\n\n![photo](a.jpg)\n\n" + markdown_text)
    assert taken > 200


# Lines of the accepted constructs, and near misses of each (which the scanner must
# either read as markdown-it does or hand over).
_LINES = [
    "", "   ", "The port authority said on Monday", "traffic rose 5 % in 2024: a record.", "Ünïcödé – “quotes” 生成",
    "# Heading", "## Second level", "###### Six", "####### seven", "#hashtag", "# closing #", "#", "#   ", "# *em* head",
    "![Harbour cranes](story-1.webp)", "![](a.png)", "![a_b*c](/img/x-y.jpg)  ", "![alt](https://Example.com/ü.png)",
    "![alt](javascript:alert)", "![alt](a.png \"title\")", "![alt](<a b.png>)", "![a](b.png) after", "![a]](b.png)",
    "*Dock workers unload a ship. Photo: Jane Doe/Reuters*", "_Credit: Reuters_", "*Photo credit: AP*  ",
    "**bold line**", "*a *", "* a*", "*a*b", "*x*", "__x__", "*", "**", "***", "_ _ _", "* * *",
    "- item", "* item", "+ item", "1. first", "2) second", "2024 was a year", "1234567890. long",
    "> quote", "---", "===", "Title", "    indented code", " one space", "\tTab", "a\ttab",
    "[ref]: /url", "[link](http://x.test/a)", "see [link](http://x.test/a)", "<div>", "<img src=\"a.png\">",
    "text <b>bold</b>", "&amp; entity", "\\*escaped*", "`code` here", "line with hard break  ", "back\\",
    "```", "```python", "``` x ` y", "~~~", "~~~~ info", "   ```", "    ```", "````", "``",
    "\xa0", "\u2028", "a\xa0", "\x1c", "x\u3000",
    # Lists, breaks, continuation lines, closing heading sequences, link lines (and near misses).
    "- item", "- *Photo: Reuters*", "- ![a](b.png)", "- [link](http://x.test/a) text", "-  two spaces", "- ",
    "-x", "+1 vote", "* item *em*", "*  two", "1. first", "1) first", "2. second", "01. zero", "10. ten", "1.  two",
    "1.", "- - -", "-- x", "---", "***", "___", " ***", "*-*", "- # heading", "- ```", "- > quote", "- 1. nested",
    "- <b>", "  continued", "   *Photo: AP*", "  - nested", "  # heading", "  ```", "    four", "     ![a](b.png)",
    "  [see](x.md)", "  2. two", "  ===", "## closing ##", "# C# and F#", "# #", "##", "#  x  ##  ", "# x\\#",
    "[link](http://x.test/a)", "[ref]", "[foo]: /url \"t\"", "[a]:", "[![badge](b.svg)](http://x.test)",
]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_LINES), min_size=1, max_size=14), st.booleans())
def test_generated_documents_read_the_same(lines, final_newline):
    _assert_same("\n".join(lines) + ("\n" if final_newline else ""))


@pytest.mark.parametrize("body", [
    "Para\n===\n", "Para\n> quote\n", "    code\n", "Para\n\tTab\n", "[a]: /u\n\n[a]\n",
    "<div>\n![x](a.png)\n</div>\n", "a\r\nb\n", " lead\n", "Para\n---\n", "Para\n2. two\n", "- a\n\n  b\n",
    "- a\n  - nested\n", "-  a\n", "- \n", "-x\n", "Para\n   # heading\n", "[see][a]\n\n[a]: /u\n",
])
def test_constructs_it_does_not_read_go_to_markdown_it(body):
    assert simple_blocks(body) is None
    _assert_same(body)  # and the article still reads them


@pytest.mark.parametrize("body", [
    "Para\n- item\n", "1. one\n2. two\n", "- a\nlazy\n- b\n", "Para\n1. one\n", "- a\n2. b\n", "***\n", "_ _ _\n",
    "# closing ##\n", "# C# and F#\n", "#\n", "[link](http://x.test) first\n", "Para\n  continued\n",
    "- a\n   continued `x\n   y`\n", "* item\n\n* loose\n", "- ![a](b.png)\n- *Photo: AP*\n",
])
def test_lists_breaks_and_link_lines_take_the_scanner(body):
    assert simple_blocks(body) is not None
    assert _assert_same(body)


def test_a_typical_article_takes_the_scanner():
    body = ("![Harbour cranes](story-1.webp)\n\n*Dock workers unload a ship. Photo: Jane Doe/Reuters*\n\n"
            "## What next\n\nThe port authority said on Monday\nthat traffic rose.\n\n```\ncode\n```\n")
    ours, theirs = _walks(body)
    assert ours == theirs
    assert [(block.kind, block.text) for block in ours.blocks] == [
        ("caption", "Dock workers unload a ship. Photo: Jane Doe/Reuters"), ("heading", "What next"),
        ("body", "The port authority said on Monday\nthat traffic rose.")]
    assert ours.drafts[0].src == "story-1.webp" and ours.drafts[0].alt.text == "Harbour cranes"
    assert ours.code_lines == [(9, 12)]  # 0-based body lines of the fence, end exclusive


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="abcXYZ019_.~/-", min_size=1, max_size=30))
def test_plain_paths_are_their_own_normalised_link(path):
    if markdown._PLAIN_PATH.fullmatch(path) is not None:
        assert markdown._MARKDOWN.normalizeLink(path) == path
        assert markdown._MARKDOWN.validateLink(path)


def _articles():
    """Markdown articles of every shape at hand: the real repositories' files, and
    documents with front matter images, a sidecar-free dated post, no title."""
    samples = [
        "---\ntitle: Port traffic rises\ndate: 2024-01-10T08:00:00Z\nauthor: Desk 4\n---\n![Cranes](a.webp)\n\n*Photo: AP*\n\nText.\n",
        "---\ntitle: \"Quoted\"\nimage: lead.jpg\nimage_caption: The lead\ntags: [a, b]\nlang: de_DE\n---\n# Heading\n",
        "---\ncover:\n  image: c.png\n  alt: Cover\nupdated: 2024-02-03\n---\n# Only a heading\n\n- item\n",
        "No front matter, <b>html</b> and [a link](x.md).\n",
    ]
    yield from ((Path(f"/tmp/sample-{number}.md"), text) for number, text in enumerate(samples))
    if REAL.is_dir():
        for path in sorted(REAL.rglob("*")):
            if path.suffix.lower() in (".md", ".markdown", ".mdx") and path.is_file():
                yield path, path.read_text(encoding="utf-8", errors="replace")


def test_articles_are_built_as_validation_builds_them():
    from auditor.model import Article

    checked = 0
    for path, text in _articles():
        article = markdown.parse_markdown_article(path, text)
        if not isinstance(article, Article):
            continue
        validated = Article(**{name: getattr(article, name) for name in article.model_fields_set})
        assert article == validated
        assert list(vars(article)) == list(vars(validated))
        assert article.model_fields_set == validated.model_fields_set
        assert article.model_dump_json() == validated.model_dump_json()
        for block in article.blocks:
            assert block == type(block).model_validate(block.model_dump(exclude_unset=True))
            assert block.model_fields_set == type(block).model_validate(block.model_dump(exclude_unset=True)).model_fields_set
        checked += 1
    assert checked >= 4


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(["---", "...", "--- ", "---\t", "----", "-- -", "..", "x: 1", "", " ---", "---x", "\t"]),
                max_size=8), st.booleans())
def test_the_closing_front_matter_fence_is_where_the_pattern_finds_it(lines, final_newline):
    from auditor.articles import front_matter

    text = "---\n" + "\n".join(lines) + ("\n" if final_newline else "")
    match = front_matter._CLOSE.search(text, 4)
    assert front_matter._closing_fence(text, 4) == ((match.start(), match.end()) if match else None)
