"""Markdown articles: front matter, emphasised captions, HTML figures inside
Markdown, and line numbers that count the front matter."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from auditor.articles import parse_article
from auditor.model import Article, DocumentError

STORY = """\
---
title: "Floods in the valley"
date: 2025-05-26 15:28:00+05:30
updated: 2025-05-27
lang: en
author: [Jane Doe, John Roe]
image: images/flood.jpg
image_caption: "Rescue teams at work"
image_credit: "Photo: PTI"
image_alt: "Boats on a flooded street"
ai_generated: true
source: PTI
syndicated: true
---

# Floods in the valley

NEW DELHI, May 26 (PTI) - Heavy rain caused floods.

![A flooded street](images/street.png "Street")
*An AI-generated illustration of a flooded street.*

More text here
across two lines.

<figure>
  <img src="https://cdn.example.com/x.jpg" alt="x">
  <figcaption>Remote caption <span class="photo-credit">Reuters</span></figcaption>
</figure>

![second](data:image/png;base64,AAAA)

_Caption in the next paragraph_

(With inputs from PTI)
"""


def parse(folder: Path, text: str, name: str = "story.md") -> Article | DocumentError:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return parse_article(path)


@pytest.fixture
def story(tmp_path: Path) -> Article:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "flood.jpg").write_bytes(b"x")
    article = parse(tmp_path, STORY)
    assert isinstance(article, Article), article
    return article


def test_front_matter_image_flagged_ai_generated_is_a_declared_ai_figure(story: Article):
    lead = story.figures[0]
    assert (lead.src, lead.status) == ("images/flood.jpg", "local")
    assert (lead.declared_ai, lead.declared_by) == (True, "front-matter:ai_generated")
    assert (lead.caption.text, lead.credit.text, lead.alt.text) == (
        "Rescue teams at work", "Photo: PTI", "Boats on a flooded street")
    assert (lead.span.line, lead.caption.span.line, lead.credit.span.line) == (7, 8, 9)


def test_emphasised_line_after_an_image_is_its_caption(story: Article):
    street = story.figures[1]
    assert street.src == "images/street.png" and street.status == "missing"
    assert street.caption.text == "An AI-generated illustration of a flooded street."
    assert (street.span.line, street.caption.span.line) == (20, 21)
    assert (street.alt.text, street.title.text) == ("A flooded street", "Street")


def test_emphasised_paragraph_after_an_image_paragraph_is_its_caption(story: Article):
    inline = story.figures[3]
    assert inline.status == "inline"
    assert (inline.caption.text, inline.caption.span.line) == ("Caption in the next paragraph", 33)


def test_html_figure_inside_markdown_keeps_caption_credit_and_line(story: Article):
    remote = story.figures[2]
    assert (remote.src, remote.status) == ("https://cdn.example.com/x.jpg", "remote")
    assert (remote.caption.text, remote.credit.text) == ("Remote caption", "Reuters")
    assert (remote.span.line, remote.span.column) == (27, 3)
    assert remote.caption.span.line == 28


def test_body_blocks_count_lines_from_the_top_of_the_file(story: Article):
    assert [(b.kind, b.span.line) for b in story.blocks] == [
        ("title", 2),
        ("heading", 16),
        ("attribution", 18),
        ("body", 18),
        ("caption", 21),
        ("body", 23),
        ("caption", 28),
        ("credit", 28),
        ("caption", 33),
        ("attribution", 35),
    ]
    body = story.blocks_of("body")[1]
    assert (body.text, body.span.end_line) == ("More text here\nacross two lines.", 24)


def test_front_matter_fills_the_article_and_its_fields(story: Article):
    assert story.title == "Floods in the valley"
    assert story.byline == "Jane Doe, John Roe"
    assert story.published == datetime(2025, 5, 26, 15, 28, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    assert story.updated == datetime(2025, 5, 27, tzinfo=timezone.utc)
    assert story.language == "en"
    assert story.fields["source"] == "PTI" and story.fields["syndicated"] is True
    assert story.fields["ai_generated"] is True


def test_without_front_matter_the_first_heading_is_the_title(tmp_path: Path):
    article = parse(tmp_path, "# Heading title\n\nBody.\n")
    assert article.title == "Heading title"
    assert [(b.kind, b.span.line) for b in article.blocks] == [("title", 1), ("body", 3)]


def test_ai_flag_without_a_lead_image_speaks_of_the_first_image(tmp_path: Path):
    article = parse(tmp_path, "---\ndigital_source_type: trainedAlgorithmicMedia\n---\n![x](a.png)\n")
    (figure,) = article.figures
    assert (figure.declared_ai, figure.declared_by) == (True, "front-matter:digital_source_type")


def test_lead_image_as_a_mapping_carries_its_own_flags(tmp_path: Path):
    text = "---\nimage:\n  src: lead.webp\n  caption: Made with AI\n  ai_generated: yes\n---\nBody.\n"
    (figure,) = parse(tmp_path, text).figures
    assert (figure.src, figure.caption.text, figure.declared_by) == ("lead.webp", "Made with AI", "front-matter:image.ai_generated")


def test_opening_rule_without_closing_fence_is_not_front_matter(tmp_path: Path):
    article = parse(tmp_path, "---\nJust a rule and text.\n")
    assert isinstance(article, Article) and article.fields == {}


@pytest.mark.parametrize(
    "front_matter, message",
    [
        ("- a\n- b\n", "front matter is not a mapping"),
        ("just a string\n", "front matter is not a mapping"),
        ("title: [unclosed\n", "invalid YAML front matter"),
        ("a: !!python/object:os.system {}\n", "invalid YAML front matter"),
    ],
)
def test_unusable_front_matter_is_a_document_error(tmp_path: Path, front_matter: str, message: str):
    result = parse(tmp_path, f"---\n{front_matter}---\nBody.\n")
    assert isinstance(result, DocumentError)
    assert message in result.message and "\n" not in result.message


def test_front_matter_alias_bomb_is_refused(tmp_path: Path):
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n" for previous, name in zip("abcdefg", "bcdefgh")
    )
    result = parse(tmp_path, f"---\n{bomb}---\nBody.\n")
    assert isinstance(result, DocumentError) and "too many values" in result.message


def test_images_list_in_front_matter_gives_one_figure_each(tmp_path: Path):
    text = "---\nimages:\n  - a.jpg\n  - src: b.png\n    ai_generated: true\n---\nBody.\n"
    first, second = parse(tmp_path, text).figures
    assert (first.src, second.src) == ("a.jpg", "b.png")
    assert (second.declared_ai, second.declared_by) == (True, "front-matter:images[1].ai_generated")
    assert first.span.line == second.span.line == 2
