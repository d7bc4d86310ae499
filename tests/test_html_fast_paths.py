"""The HTML parser's shortcuts change nothing but its cost: a query skipped
because the page cannot answer it, a whole-page tag lookup through lexbor's tag
walk, the lead-container hint query on long pages, whitespace squeezed without
a regex, the page lowercased by ASCII only, the start-tag scan's pattern and the
nesting cap's tokenizer."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from auditor.articles import html_lead, parse_article
from auditor.articles.html_figures import squeeze_spaces
from auditor.articles.html_positions import ElementPositions, ascii_lower, scan_start_tags
from auditor.articles.html_select import select, select_first
from auditor.articles.html_tree import cap_nesting

_PIECES = [
    '<h1>Port traffic rises</h1>', '<H1 CLASS="Byline">By Desk</H1>', '<p class="byline">By Jane Doe</p>',
    '<p class="&#115;tandfirst">Spelled with a reference.</p>', '<p class="dek">Dek</p>',
    '<div itemprop="author">Desk 4</div>', '<p>Body text, with a <a href="/x">link</a>.</p>', '</p>', '<h2>More</h2>',
    '<FIGURE><IMG SRC="a.jpg" alt="Cranes"><FIGCAPTION>Dock workers. Photo: Jane Doe/Reuters</FIGCAPTION></FIGURE>',
    '<div class="wp-caption"><image src="w.jpg"><p class="wp-caption-text">WordPress caption</p></div>',
    '<div class="wp-&#99;aption"><img src="r.jpg"><p class="&#99;aption">Referenced caption</p></div>',
    '<figure><picture><source srcset="b.webp 1x, b2.webp 2x"><img src="b.jpg"></picture>'
    '<figcaption>AI-generated image <span class="credit">Illustration: Studio</span></figcaption></figure>',
    '<picture><source srcset="bare.webp 800w"></picture>', '<div class="photo-credit">Photo: AP</div>',
    '<time datetime="2024-03-12T08:00:00Z">12 March</time>', '<meta itemprop="dateModified" content="2024-03-13">',
    '<script type="application/ld&#43;json">{"@type": "NewsArticle", "headline": "LD"}</script>',
    '<template><p>hidden</p><img src="t.jpg"></template>', '<!-- a comment <figure><img src="c.jpg"></figure> -->',
    '<div role="main"><p>In main</p></div>', '<MAIN><p>Main text</p><img src="m.jpg"></MAIN>',
    '<div class="hero"><img src="hero.jpg" alt="Hero"></div>', '<div class="Featured-Image"><img src="f.jpg"></div>',
    '<noscript><img src="n.jpg"></noscript>', '<svg><title>icon</title><image href="s.png"/></svg>',
]


def _page(rng: random.Random, long: bool) -> str:
    head = '<meta property="og:image" content="a.jpg"><link rel="canonical" href="https://x.test/a">' if rng.random() < 0.5 else ""
    body = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 14)))
    wrapper = rng.choice(["<article>{}</article>", "{}", "<header>{}</header><article><p>Story.</p></article>"])
    padding = "<!-- " + "x" * 25_000 + " -->" if long else ""  # past html_lead's short-page limit
    return f"<!doctype html><html lang=\"en\"><head><title>T</title>{head}</head><body>{wrapper.format(body)}{padding}</body></html>"


def _articles(pages: list[str]) -> list[str]:
    return [parse_article(Path(f"page-{n}.html"), page.encode()).model_dump_json() for n, page in enumerate(pages)]


@pytest.fixture(scope="module")
def pages() -> list[str]:
    rng = random.Random(7)
    return [_page(rng, long=n % 3 == 0) for n in range(150)]


def test_queries_skipped_for_want_of_a_tag_or_a_word_would_have_found_nothing(pages, monkeypatch):
    fast = _articles(pages)
    monkeypatch.setattr(ElementPositions, "has_tag", lambda self, *names: True)
    monkeypatch.setattr(ElementPositions, "may_hold_value", lambda self, *words: True)
    assert _articles(pages) == fast


def test_lead_hint_query_on_long_pages_finds_the_lead_images_the_name_scans_do(pages, monkeypatch):
    hinted = _articles(pages)
    monkeypatch.setattr(html_lead, "_SCAN_FIRST_CHARS", 10**9)
    assert _articles(pages) == hinted
    assert any('"hero.jpg"' in article for article in hinted)  # the path is exercised


_TREE_PAGE = (
    "<svg><title>t</title><image href=a></image></svg><template><p>t</p><img></template>"
    "<p><table><p></table></p></br><IMAGE src=x><Figure><figcaption>c</figcaption></figure><html lang=x><main></main>"
)


@pytest.mark.parametrize("tag", ["p", "img", "title", "figure", "figcaption", "html", "main", "article", "h1"])
def test_a_bare_tag_name_over_a_page_finds_what_the_css_engine_finds(tag: str):
    tree = LexborHTMLParser(_TREE_PAGE)
    expected = [node.mem_id for node in tree.root.css(tag)]
    assert [node.mem_id for node in select(tree, tag)] == expected
    first = select_first(tree, tag)
    assert (first.mem_id if first is not None else None) == (expected[0] if expected else None)


@pytest.mark.parametrize(
    "text",
    ["", "a  b", " \t\n lead and trail \r\n", "non\u00a0breaking\u2003em\u3000ideographic", "\x1c\x1d\x1e\x1f\x85sep", "x"],
)
def test_whitespace_is_squeezed_as_the_regex_did(text: str):
    assert squeeze_spaces(text) == re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("text", ["Already squeezed.", "", "x", " lead", "trail ", "two  spaces", "soft\xadhyphen",
                                  "zero\u200bwidth", "tab\tin", "line\u2028sep"])
def test_text_already_squeezed_comes_back_as_it_is(text: str):
    assert squeeze_spaces(text) == " ".join(text.split())


def test_every_whitespace_character_but_the_space_is_unprintable():
    # What lets squeeze_spaces return a printable text without splitting it.
    spaces = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()]
    assert [c for c in spaces if c != " " and c.isprintable()] == []
    assert len(spaces) > 20


@pytest.mark.parametrize(
    "text, lowered",
    [("<DIV Class=X>", "<div class=x>"), ("ÄÖ <P>İ</P> \u212a", "ÄÖ <p>İ</p> \u212a"), ("lone \udc80 <B>", "lone \udc80 <b>"),
     ("emoji \U0001F600 <IMG>", "emoji \U0001F600 <img>")],
)
def test_ascii_lower_folds_only_ascii_letters_and_keeps_every_offset(text: str, lowered: str):
    assert ascii_lower(text) == lowered


def test_a_page_with_dotted_capital_i_still_scans_its_tags_in_any_case():
    # "İ" lowercases to two characters: such a page has always been scanned case-insensitively.
    source = "<P>İstanbul</P><IMG src=a.jpg><p>x</p>"
    assert scan_start_tags(source) == {"p": [0, 30], "img": [15]}


@pytest.mark.parametrize(
    "source, expected",
    [
        # Past the depth cap, start tags and their end tags are blanked, lengths kept.
        ("<div><div><div>x</div></div></div>", "<div><div>     x      </div></div>"),
        # Flat elements add no depth, and their end tags close nothing.
        ("<div><p><li><img><div>x</div></li></p></div>", "<div><p><li><img><div>x</div></li></p></div>"),
        # A stray end tag pops nothing: the third <div> is still too deep.
        ("<div></span><div><div>x", "<div></span><div>     x"),
        # Self-closing tags inside <svg> hold nothing; outside it they open an element.
        ("<svg><g/><g/><g><g>", "<svg><g/><g/><g>   "),
        ("<div><b/><b>x", "<div><b/>   x"),
        # A tag runs to the first ">", even inside an attribute value.
        ('<div><a title="<div>"><b>', '<div><a title="<div>">   '),
        # Comments and raw text hold no tags; an unclosed one ends the scan.
        ("<div><!-- <div><div> --><a><b>", "<div><!-- <div><div> --><a>   "),
        ("<div><script><div><div></script><a><b>", "<div><script><div><div></script><a>   "),
        ("<div><a><!-- <b>", "<div><a><!-- <b>"),
        # A blanked element's end tag is blanked with it, whatever its case.
        ("<div><a>\n<SPAN\nclass=x>y</span></a>", "<div><a>\n     \n        y       </a>"),
    ],
)
def test_nesting_cap_blanks_what_is_too_deep_and_nothing_else(source: str, expected: str):
    assert cap_nesting(source, max_depth=2) == expected
    assert len(expected) == len(source)


def test_small_figure_containers_walked_in_python_read_as_the_queried_ones(pages, monkeypatch):
    from auditor.articles import html_figures

    walked = _articles(pages)
    monkeypatch.setattr(html_figures, "_WALKED_CONTAINER_NODES", 0)  # every container queried
    assert _articles(pages) == walked
    assert any("Dock workers. Photo: Jane Doe/Reuters" in article for article in walked)  # the path is exercised


@pytest.mark.parametrize(
    "url",
    ["story-000020.jpg", "img/a-800x600.jpg", "/x/y@2x.png", "a%20b.jpg", "é/ü-10x10.webp", "../up.jpg",
     "//cdn.test/x.jpg", "a:b.jpg", "x.jpg?w=1&id=2", "x.jpg#frag", "[v6].jpg", "a\tb.jpg", "\x7fa.jpg"],
)
def test_asset_key_of_a_plain_path_is_what_urlsplit_makes_of_it(url: str):
    from urllib.parse import urlsplit

    from auditor.articles.image_identity import _RESIZE_PARAMETERS, _SIZE_SUFFIX, asset_key

    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        expected = url
    else:
        query = "&".join(p for p in parts.query.split("&") if p and p.split("=", 1)[0].lower() not in _RESIZE_PARAMETERS)
        path = _SIZE_SUFFIX.sub("", parts.path)
        expected = f"{host}{path}?{query}" if query else f"{host}{path}"
    assert asset_key(url) == expected


@pytest.mark.parametrize(
    "url, reason",
    [("/img/communityIcon_6f.png", "icon or logo"), ("/wp-content/themes/x/bg.jpg", "site theme asset"),
     ("/a/LOGOS/b.jpg", "icon or logo"), ("/uploads/2024/photo.jpg", None), ("/Theme/x.jpg", "site theme asset"),
     ("/themed/x.jpg", None), ("/a/favicon.ico", "icon or logo"), ("/a/b%20icon.jpg", "icon or logo")],
)
def test_name_tests_behind_their_substring_gates_still_find_icons_and_theme_assets(url: str, reason: str | None):
    from auditor.articles.decoration import url_decoration

    assert url_decoration(url) == reason
    assert url_decoration(url, blank_only=True) is None


_PLAIN_SCAN = re.compile(
    r"<(?:(?P<comment>!--)"
    r"|(?P<raw>script|style|textarea|title|xmp|template|noembed|noframes|iframe|plaintext)(?=[\s/>])"
    r"|(?P<tag>figure|figcaption|img|picture|p|h1|h2|h3|time)(?=[\s/>]))"
)
_SCAN_PIECES = [
    "<p>", "<P class=x>", "<p\u2003>", "<p\x85", "<p/>", "<p", "<path d=1>", "<picture>", "<param>", "<pre>", "</p>",
    "<h1>", "<H2 >", "<h3\n>", "<h4>", "<img src=a.jpg>", "<IMG/>", "<image>", "<figure>", "<figcaption>", "<fig>",
    "<time datetime=x>", "<timer>", "<title>", "</title >", "<titles>", "<script>", "<SCRIPT type=x>", "</script>",
    "</scripts>", "<style>", "</style>", "<textarea>", "</textarea>", "<template>", "</template>", "<xmp>", "</xmp>",
    "<noembed>", "</noembed>", "<noframes>", "</noframes>", "<iframe>", "</iframe>", "<plaintext>", "<no>", "<!--",
    "-->", "<!-->", "<!doctype html>", "<a title='<p>'>", "text ", "\n", "<", ">", "/", " ",
]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_SCAN_PIECES), max_size=30))
def test_the_tag_scan_finds_what_the_plain_list_of_names_finds(pieces: list[str]):
    from auditor.articles import html_positions

    source = "".join(pieces)
    # Lowercased, and in any case (a page holding "İ").
    fast, fast_any_case = scan_start_tags(source), scan_start_tags(source + "\u0130")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(html_positions, "_SCAN", _PLAIN_SCAN)
        patch.setattr(html_positions, "_SCAN_ANY_CASE", re.compile(_PLAIN_SCAN.pattern, re.IGNORECASE))
        assert fast == scan_start_tags(source)
        assert fast_any_case == scan_start_tags(source + "\u0130") == fast
