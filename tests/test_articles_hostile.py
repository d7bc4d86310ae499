"""Hostile and broken input: whatever the bytes, `parse_article` returns an
Article or a one-line DocumentError, within the per-document time budget a run
gives it (`limits.document_seconds`). How fast is bench/hostile.py's business."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import auditor.articles as articles
from auditor.articles import parse_article
from auditor.articles.source_text import MAX_ARTICLE_BYTES
from auditor.isolation import time_budget
from auditor.limits import Limits
from auditor.model import Article, DocumentError

NOWHERE = Path("/nonexistent-auditor-test-folder")


def within_budget(path: Path, data: bytes) -> Article | DocumentError:
    """Parsed under the default per-document budget: a parse that outlasts it raises
    DocumentTimeout, which fails the test (a quadratic parser, not a slow machine)."""
    with time_budget(Limits().document_seconds):
        return parse_article(path, data)


def test_hundred_thousand_nested_divs_parse_within_budget_and_keep_their_content(tmp_path: Path):
    html = "<div>" * 100_000 + '<p>Deep text.</p><img src="deep.jpg" alt="deep">' + "</div>" * 100_000
    result = within_budget(tmp_path / "deep.html", html.encode())
    assert isinstance(result, Article)
    assert [b.text for b in result.blocks_of("body")] == ["Deep text."]
    assert [f.src for f in result.figures] == ["deep.jpg"]


@pytest.mark.parametrize(
    "name, html",
    [
        ("nested-figures", "<figure>" * 20_000 + '<img src="a.jpg">' + "</figure>" * 20_000),
        ("nested-spans", "<span>" * 100_000 + "x"),
        ("many-images", '<img src="a.jpg">' * 50_000),
        ("unclosed-comments", "<!--" * 100_000 + "<p>x"),
        ("unclosed-scripts", "<script>" * 10_000 + "<p>x"),
        ("deep-json-ld", '<script type="application/ld+json">' + '{"a":' * 50_000 + "1" + "}" * 50_000 + "</script>"),
        ("attribute-soup", "<img " + 'a="' * 100_000),
        ("lazy-images-with-noscript-fallbacks",
         "<div>" + "".join(f'<img src="grey.gif" data-src="{n}.jpg"><noscript><img src="{n}.jpg"></noscript>'
                           for n in range(20_000)) + "</div>"),
        ("images-in-one-wrapper", "<div>" + "".join(f'<img src="{n}.jpg">' for n in range(20_000)) + "</div>"),
        ("sourceless-images-among-data-src-siblings", "<div>" + '<span data-src="a.jpg"></span><img alt="x">' * 20_000),
        ("lead-containers", "<article><p>x</p></article>" + '<div class="hero"><img src="h.jpg"></div>' * 20_000),
    ],
)
def test_pathological_html_parses_within_budget(name: str, html: str):
    result = within_budget(NOWHERE / f"{name}.html", html.encode())
    assert isinstance(result, Article)


@pytest.mark.parametrize(
    "name, content",
    [
        ("deep.md", ">" * 100_000 + " quote\n"),
        ("brackets.md", "[" * 20_000 + "x" + "]" * 20_000),
        ("emphasis.md", "*" * 100_000 + "x"),
        ("lists.md", "- " * 20_000 + "x\n"),
        ("blank.md", "\n" * 200_000),
        ("long-line.txt", "a" * 2_000_000),
        ("many-lines.txt", "Updated: 26-05-2025 15:28 IST\n" * 100_000),
        ("deep.json", '{"title": "t", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"),
    ],
)
def test_pathological_markdown_text_and_json_parse_within_budget(name: str, content: str):
    result = within_budget(NOWHERE / name, content.encode())
    assert isinstance(result, (Article, DocumentError))


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("latin1.txt", "café".encode("latin-1"), "not valid UTF-8 text (byte 0xe9 at offset 3)"),
        ("bom-then-bad.md", codecs.BOM_UTF8 + b"ok \xff", "not valid UTF-8 text (byte 0xff at offset 6)"),
        ("bad.json", b'{"title": "\xc3"}', "not valid UTF-8 text (byte 0xc3 at offset 11)"),
    ],
)
def test_text_that_is_not_utf8_is_a_one_line_document_error(name: str, data: bytes, message: str):
    result = parse_article(NOWHERE / name, data)
    assert result == DocumentError(path=str(NOWHERE / name), message=message)


@pytest.mark.parametrize(
    "data",
    [codecs.BOM_UTF8 + "Title\n\nBody.".encode(), codecs.BOM_UTF16_LE + "Title\n\nBody.".encode("utf-16-le")],
)
def test_byte_order_marks_are_honoured(data: bytes):
    result = parse_article(NOWHERE / "bom.txt", data)
    assert isinstance(result, Article) and result.title == "Title"


def test_file_over_the_size_cap_is_refused():
    result = parse_article(NOWHERE / "huge.txt", b" " * (MAX_ARTICLE_BYTES + 1))
    assert isinstance(result, DocumentError) and "file too large" in result.message and "20 MB" in result.message


@pytest.mark.parametrize("name", ["missing.txt", "folder.html"])
def test_unreadable_files_are_document_errors(tmp_path: Path, name: str):
    (tmp_path / "folder.html").mkdir()
    result = parse_article(tmp_path / name)
    assert isinstance(result, DocumentError) and result.message.startswith("cannot read file")


def test_unknown_suffix_is_a_document_error():
    assert isinstance(parse_article(NOWHERE / "a.pdf", b"%PDF"), DocumentError)


def test_a_bug_in_a_parser_becomes_a_document_error(monkeypatch: pytest.MonkeyPatch):
    def broken(path, text):
        raise RuntimeError("boom")

    monkeypatch.setattr(articles, "parse_text_article", broken)
    result = parse_article(NOWHERE / "a.txt", b"text")
    assert isinstance(result, DocumentError) and "RuntimeError: boom" in result.message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=2000), suffix=st.sampled_from([".txt", ".html", ".md", ".json"]))
def test_arbitrary_text_never_makes_parse_article_raise(text: str, suffix: str):
    result = parse_article(NOWHERE / f"any{suffix}", text.encode("utf-8", "surrogatepass"))
    assert isinstance(result, (Article, DocumentError))


MARKUP_PIECES = st.sampled_from([
    "<figure>", "</figure>", "<img src='a.jpg' alt='x'>", "<figcaption>", "</figcaption>", "<p>", "</p>",
    "<div class='caption'>", "</div>", "<!--", "-->", "<script type='application/ld+json'>", "</script>",
    '{"@type": "NewsArticle", "image": {"url": "a.jpg", "digitalSourceType": "trainedAlgorithmicMedia"}}',
    "---\n", "title: x\n", "![a](b.png)\n", "*cap*\n", "\n\n", "(Reuters)", "Updated: 26-05-2025 15:28 IST",
    "<picture><source srcset='a.webp 1x'>", "<span class='credit'>", "</span>", "<", ">", "&amp;", "\r",
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(st.one_of(MARKUP_PIECES, st.text(max_size=20)), max_size=60),
       suffix=st.sampled_from([".txt", ".html", ".md", ".json"]))
def test_arbitrary_markup_soup_never_makes_parse_article_raise(pieces: list[str], suffix: str):
    data = "".join(pieces).encode("utf-8", "surrogatepass")
    result = parse_article(NOWHERE / f"soup{suffix}", data)
    assert isinstance(result, (Article, DocumentError))
    if isinstance(result, Article):
        assert all(figure.index == number for number, figure in enumerate(result.figures))
        for block in result.blocks:
            assert block.span is None or (block.span.line >= 1 and block.span.column >= 1)


@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=1000), suffix=st.sampled_from([".txt", ".html", ".md", ".json"]))
def test_arbitrary_bytes_never_make_parse_article_raise(data: bytes, suffix: str):
    result = parse_article(NOWHERE / f"bytes{suffix}", data)
    assert isinstance(result, (Article, DocumentError))
    if isinstance(result, DocumentError):
        assert "\n" not in result.message
