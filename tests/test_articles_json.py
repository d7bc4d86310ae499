"""CMS JSON exports, and telling them apart from sidecars."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from auditor.articles import ARTICLE_SUFFIXES, is_article, parse_article
from auditor.model import Article, DocumentError

EXPORT = {
    "headline": "Markets rally",
    "datePublished": "2025-05-26T09:00:00Z",
    "modified": 1748250000,
    "author": {"name": "Markets Desk"},
    "agency": "Reuters",
    "syndicated": "yes",
    "lang": "en",
    "body": '<p>LONDON (Reuters) - Shares rose.</p><figure><img src="chart.png"><figcaption>Chart</figcaption></figure><p>(Reuters)</p>',
    "images": [
        {"src": "chart.png", "caption": "CMS caption", "alt": "bars", "ai_generated": True},
        {"url": "https://cdn.example.com/other.jpg", "digital_source_type": "compositeWithTrainedAlgorithmicMedia",
         "credit": "Getty"},
    ],
}


def parse(folder: Path, value: object, name: str = "export.json") -> Article | DocumentError:
    path = folder / name
    path.write_text(json.dumps(value, indent=2), encoding="utf-8")
    return parse_article(path)


def test_cms_export_becomes_an_article_with_dates_byline_and_fields(tmp_path: Path):
    article = parse(tmp_path, EXPORT)
    assert isinstance(article, Article)
    assert (article.format, article.title, article.byline, article.language) == ("json", "Markets rally", "Markets Desk", "en")
    assert article.published == datetime(2025, 5, 26, 9, tzinfo=timezone.utc)
    assert article.updated == datetime.fromtimestamp(1748250000, tz=timezone.utc)
    assert article.fields["source"] == "Reuters" and article.fields["syndicated"] is True
    assert "body" not in article.fields


def test_html_body_yields_blocks_located_at_the_body_key(tmp_path: Path):
    article = parse(tmp_path, EXPORT)
    assert [(b.kind, b.text) for b in article.blocks] == [
        ("title", "Markets rally"),
        ("attribution", "LONDON (Reuters) -"),
        ("body", "LONDON (Reuters) - Shares rose."),
        ("caption", "Chart"),
        ("attribution", "(Reuters)"),
    ]
    body_line = json.dumps(EXPORT, indent=2).split("\n").index(
        next(line for line in json.dumps(EXPORT, indent=2).split("\n") if line.strip().startswith('"body"'))) + 1
    assert {b.span.line for b in article.blocks[1:]} == {body_line}


def test_listed_image_shown_in_the_body_enriches_that_figure(tmp_path: Path):
    chart, other = parse(tmp_path, EXPORT).figures
    assert (chart.src, chart.caption.text, chart.alt.text) == ("chart.png", "Chart", "bars")
    assert (chart.declared_ai, chart.declared_by) == (True, "cms:images[0].ai_generated")
    assert (other.status, other.credit.text, other.declared_ai) == ("remote", "Getty", True)
    assert other.declared_by == "cms:images[1].digital_source_type"


def test_plain_text_body_and_wordpress_rendered_wrappers(tmp_path: Path):
    value = {"title": {"rendered": "WP title"}, "content": {"rendered": "First para.\n\nSecond para.\n\n(AP)"}}
    article = parse(tmp_path, value)
    assert article.title == "WP title"
    assert [b.kind for b in article.blocks] == ["title", "body", "body", "attribution"]


@pytest.mark.parametrize(
    "content, message",
    [
        ("{oops", "invalid JSON"),
        ("[" * 100000 + "]" * 100000, "invalid JSON"),
        ('{"a": 1}', "no article keys"),
        ('[{"title": "a"}, {"title": "b"}]', "not one article object"),
        ('"just a string"', "not an article object"),
    ],
)
def test_json_that_is_not_one_article_is_a_document_error(tmp_path: Path, content: str, message: str):
    path = tmp_path / "x.json"
    path.write_text(content)
    result = parse_article(path)
    assert isinstance(result, DocumentError) and message in result.message


def test_single_article_wrapped_in_articles_list_is_accepted(tmp_path: Path):
    assert isinstance(parse(tmp_path, {"articles": [{"title": "Only one", "body": "Text."}]}), Article)


@pytest.mark.parametrize("owner", ["story.txt", "story.md", "story.jpg", "story.PNG"])
def test_json_next_to_a_same_stem_article_or_image_is_a_sidecar_not_an_article(tmp_path: Path, owner: str):
    (tmp_path / owner).write_bytes(b"x")
    (tmp_path / "story.json").write_text("{}")
    assert not is_article(tmp_path / "story.json")
    assert is_article(tmp_path / owner) == (Path(owner).suffix in ARTICLE_SUFFIXES)


def test_lone_json_and_the_other_suffixes_are_articles(tmp_path: Path):
    (tmp_path / "export.json").write_text("{}")
    assert is_article(tmp_path / "export.json")
    for name in ("a.txt", "a.HTML", "a.htm", "a.md", "a.markdown"):
        assert is_article(tmp_path / name)
    assert not is_article(tmp_path / "a.jpg") and not is_article(tmp_path / "a.pdf")
