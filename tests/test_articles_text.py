"""Plain-text newswire articles: block classification, byline dates, caption
lines, companion images and sidecars."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from auditor.articles import parse_article
from auditor.articles.attribution import dateline_prefix, is_attribution
from auditor.articles.dates import parse_datetime
from auditor.model import Article

EXAMPLE = Path(__file__).parent / "data" / "articles" / "devdiscourse_ai_image.txt"
IST = timezone(timedelta(hours=5, minutes=30))


def parse(path: Path) -> Article:
    article = parse_article(path)
    assert isinstance(article, Article), article
    return article


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def example(tmp_path: Path) -> Path:
    path = tmp_path / "story.txt"
    path.write_bytes(EXAMPLE.read_bytes())
    return path


def test_example_fixture_keeps_its_exact_bytes():
    raw = EXAMPLE.read_bytes()
    assert raw.startswith(b" date 2025-05-26 Left Menu\n\nRussia's Pursuit")
    assert raw.endswith(b"(With inputs from agencies.)\n\n")


def test_example_article_is_split_into_the_newswire_blocks(example: Path):
    article = parse(example)
    assert [(b.kind, b.span.line) for b in article.blocks] == [
        ("header", 1), ("title", 3), ("standfirst", 5), ("byline", 7), ("caption", 8),
        ("body", 10), ("body", 12), ("body", 14), ("attribution", 16),
    ]
    assert article.format == "text"
    assert article.title == "Russia's Pursuit of Peace: The Ongoing Discussions for a Ukraine Deal"
    assert article.byline == "Devdiscourse News Desk"


def test_example_spans_carry_columns_and_ends(example: Path):
    header, title = parse(example).blocks[:2]
    assert (header.span.line, header.span.column) == (1, 2)  # the leading space
    assert header.text == "date 2025-05-26 Left Menu"
    assert (title.span.end_line, title.span.end_column) == (3, len(title.text) + 1)


def test_updated_and_created_are_read_as_india_standard_time(example: Path):
    article = parse(example)
    assert article.published == datetime(2025, 5, 26, 15, 28, tzinfo=IST)
    assert article.updated == datetime(2025, 5, 26, 15, 28, tzinfo=IST)
    assert article.published.utcoffset() == timedelta(hours=5, minutes=30)


def test_caption_line_after_byline_is_the_first_figures_caption(example: Path):
    (example.parent / "story.jpg").write_bytes(b"\xff\xd8\xff")
    article = parse(example)
    figure = article.figures[0]
    assert figure.caption is not None
    assert figure.caption.text.startswith("This image is AI-generated")
    assert figure.caption.span.line == 8
    assert figure.status == "local" and figure.path == str(example.parent / "story.jpg")


def test_caption_without_any_image_file_still_yields_a_figure(example: Path):
    figures = parse(example).figures
    assert len(figures) == 1
    assert figures[0].status == "none" and figures[0].src is None
    assert figures[0].caption.kind == "caption"


def test_images_named_after_the_article_are_its_figures_in_order(tmp_path: Path):
    story = write(tmp_path, "story.txt", "Title\n\nBody text here.\n")
    for name in ("story-2.png", "story.jpg", "story_3.webp", "other.jpg", "story.gif.txt", "story-10.PNG"):
        (tmp_path / name).write_bytes(b"x")
    sources = [Path(f.src).name for f in parse(story).figures]
    assert sources == ["story.jpg", "story-2.png", "story_3.webp", "story-10.PNG"]


def test_numbered_image_belongs_to_a_numbered_article_of_its_own(tmp_path: Path):
    write(tmp_path, "story.txt", "Title\n\nBody.\n")
    second = write(tmp_path, "story-2.txt", "Title\n\nBody.\n")
    (tmp_path / "story-2.jpg").write_bytes(b"x")
    assert [Path(f.src).name for f in parse(tmp_path / "story.txt").figures] == []
    assert [Path(f.src).name for f in parse(second).figures] == ["story-2.jpg"]


def test_several_caption_lines_map_to_several_images_in_order(tmp_path: Path):
    story = write(
        tmp_path,
        "story.txt",
        "Title\n\nStandfirst.\n\nDesk | Updated: 26-05-2025 15:28 IST\nFirst caption\nSecond caption\n\nBody.\n",
    )
    (tmp_path / "story.jpg").write_bytes(b"x")
    (tmp_path / "story-2.jpg").write_bytes(b"x")
    figures = parse(story).figures
    assert [f.caption.text for f in figures] == ["First caption", "Second caption"]
    assert [f.caption.span.line for f in figures] == [6, 7]


def test_line_after_caption_without_blank_is_body_when_there_is_one_image(tmp_path: Path):
    story = write(tmp_path, "story.txt", "Title\n\nBy Jane Doe | Published: 2025-05-26\nCaption\nBody straight after.\n")
    article = parse(story)
    assert [(b.kind, b.text) for b in article.blocks][-2:] == [("caption", "Caption"), ("body", "Body straight after.")]
    assert article.byline == "Jane Doe"
    assert article.published == datetime(2025, 5, 26, tzinfo=timezone.utc)


def test_sidecar_lists_images_with_declarations_and_adds_its_fields(tmp_path: Path):
    story = write(tmp_path, "story.txt", "Title\n\nStandfirst.\n\nDesk | Updated: 26-05-2025 15:28 IST\nThe caption\n\nBody.\n")
    (tmp_path / "lead.png").write_bytes(b"x")
    (tmp_path / "story.jpg").write_bytes(b"x")  # ignored: the sidecar says which images
    sidecar = {
        "images": [
            {"src": "lead.png", "caption": "CMS caption", "credit": "Midjourney", "alt": "a robot", "ai_generated": True},
            {"src": "https://cdn.example.com/b.jpg",
             "digital_source_type": "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"},
        ],
        "syndicated": True,
        "source": "Reuters",
    }
    (tmp_path / "story.json").write_text(json.dumps(sidecar))
    article = parse(story)
    first, second = article.figures
    assert (first.src, first.status, first.caption.text, first.credit.text, first.alt.text) == (
        "lead.png", "local", "The caption", "Midjourney", "a robot")
    assert (first.declared_ai, first.declared_by) == (True, "sidecar:images[0].ai_generated")
    assert (second.status, second.declared_ai, second.declared_by) == (
        "remote", False, "sidecar:images[1].digital_source_type")
    assert second.declared_source_type.endswith("digitalCapture")
    assert article.fields["syndicated"] is True and article.fields["source"] == "Reuters"
    assert article.fields["sidecar"] == "story.json"


def test_broken_sidecar_is_reported_in_fields_not_fatal(tmp_path: Path):
    story = write(tmp_path, "story.txt", "Title\n\nBody.\n")
    (tmp_path / "story.json").write_text("{not json")
    article = parse(story)
    assert "not valid JSON" in article.fields["sidecar_error"]


@pytest.mark.parametrize(
    "text, kinds",
    [
        ("Just one paragraph of body text.\n", ["body"]),
        ("A title\n\nA body paragraph.\n", ["title", "body"]),
        ("Desk | Updated: 26-05-2025 15:28 IST\n\nBody.\n", ["byline", "body"]),
        (" date 2025-05-26 Left Menu\n\nTitle\n\nBody.\n", ["header", "title", "body"]),
        ("", []),
        ("\n\n\n", []),
        ("Title\n\nBody.\n\n(Reuters)\n", ["title", "body", "attribution"]),
        ("Title\n\nImage credit: AFP\n\nBody.\n", ["title", "credit", "body"]),
    ],
)
def test_articles_of_other_shapes_degrade_to_what_they_have(tmp_path: Path, text: str, kinds: list[str]):
    assert [b.kind for b in parse(write(tmp_path, "a.txt", text)).blocks] == kinds


def test_dateline_opening_a_paragraph_is_an_attribution_block_too(tmp_path: Path):
    article = parse(write(tmp_path, "a.txt", "Title\n\nWASHINGTON (Reuters) - Officials said things.\n"))
    dateline, body = article.blocks[1:]
    assert (dateline.kind, dateline.text, dateline.span.end_column) == ("attribution", "WASHINGTON (Reuters) -", 23)
    assert body.kind == "body" and body.text.startswith("WASHINGTON")


def test_windows_line_endings_keep_line_numbers(tmp_path: Path):
    path = tmp_path / "story.txt"
    path.write_bytes(EXAMPLE.read_bytes().replace(b"\n", b"\r\n"))
    assert [b.span.line for b in parse(path).blocks][:5] == [1, 3, 5, 7, 8]


def test_sidecar_language_wins_over_the_script_guess(tmp_path: Path):
    story = write(tmp_path, "story.txt", "Заголовок\n\nТекст статьи на русском языке.\n")
    assert parse(story).language == "ru"
    (tmp_path / "story.json").write_text('{"language": "uk"}')
    assert parse(story).language == "uk"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("26-05-2025 15:28 IST", datetime(2025, 5, 26, 15, 28, tzinfo=IST)),
        ("2025-05-26T15:28:00Z", datetime(2025, 5, 26, 15, 28, tzinfo=timezone.utc)),
        ("2025-05-26T15:28:00+05:30", datetime(2025, 5, 26, 15, 28, tzinfo=IST)),
        ("2025-05-26", datetime(2025, 5, 26, tzinfo=timezone.utc)),
        ("May 26, 2025 3:28 PM EDT", datetime(2025, 5, 26, 15, 28, tzinfo=timezone(timedelta(hours=-4)))),
        ("26 May 2025 15:28 GMT", datetime(2025, 5, 26, 15, 28, tzinfo=timezone.utc)),
        ("26.05.2025 09:00 CEST", datetime(2025, 5, 26, 9, tzinfo=timezone(timedelta(hours=2)))),
        ("26-05-2025 09:00 CET", datetime(2025, 5, 26, 9, tzinfo=timezone(timedelta(hours=1)))),
        ("26-05-2025 09:00 EST", datetime(2025, 5, 26, 9, tzinfo=timezone(timedelta(hours=-5)))),
        ("26-05-2025 09:00 PST", datetime(2025, 5, 26, 9, tzinfo=timezone(timedelta(hours=-8)))),
        ("26-05-2025 09:00 PDT", datetime(2025, 5, 26, 9, tzinfo=timezone(timedelta(hours=-7)))),
        ("26-05-2025 09:00 BST", datetime(2025, 5, 26, 9, tzinfo=timezone(timedelta(hours=1)))),
        ("26-05-2025 09:00 JST", datetime(2025, 5, 26, 9, tzinfo=timezone(timedelta(hours=9)))),
        ("26-05-2025 09:00 UTC", datetime(2025, 5, 26, 9, tzinfo=timezone.utc)),
        ("2025-05-26 10:00 GMT+1", datetime(2025, 5, 26, 10, tzinfo=timezone(timedelta(hours=1)))),
        ("05/26/2025", datetime(2025, 5, 26, tzinfo=timezone.utc)),
        ("not a date", None),
        ("2025-13-45", None),
    ],
)
def test_dates_in_common_newsroom_forms_become_aware_datetimes(text: str, expected: datetime | None):
    parsed = parse_datetime(text)
    assert parsed == expected
    if parsed is not None:
        assert parsed.tzinfo is not None and parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "line, expected",
    [
        ("(With inputs from agencies.)", True),
        ("(Reuters)", True), ("(AP)", True), ("(PTI)", True), ("(IANS)", True), ("(ANI)", True),
        ("(AFP)", True), ("(dpa)", True), ("— Reuters", True), ("With inputs from PTI", True),
        ("(Reporting by Jane Doe; Editing by John Roe)", True), ("(AP/Reuters)", True),
        ("Reuters reported the figures on Monday.", False), ("(Applause)", False),
        ("Reporting by the team found nothing.", False),
    ],
)
def test_agency_credit_lines_are_recognised(line: str, expected: bool):
    assert is_attribution(line) is expected


@pytest.mark.parametrize(
    "paragraph, prefix",
    [
        ("WASHINGTON (Reuters) - The US said.", "WASHINGTON (Reuters) -"),
        ("New Delhi, May 26 (PTI) The government said.", "New Delhi, May 26 (PTI)"),
        ("RIO DE JANEIRO (AP) — Rain fell.", "RIO DE JANEIRO (AP) —"),
        ("The Kremlin said (Reuters) - nothing.", None),
    ],
)
def test_datelines_are_found_at_the_start_of_a_paragraph(paragraph: str, prefix: str | None):
    assert dateline_prefix(paragraph) == prefix


def test_relative_article_paths_resolve_their_images_relative_to_the_caller(tmp_path: Path, monkeypatch):
    (tmp_path / "news").mkdir()
    write(tmp_path / "news", "story.txt", "Title\n\nBody.\n")
    (tmp_path / "news" / "story.jpg").write_bytes(b"x")
    monkeypatch.chdir(tmp_path)
    (figure,) = parse(Path("news/story.txt")).figures
    assert (figure.src, figure.status, figure.path) == ("story.jpg", "local", str(Path("news/story.jpg")))


@pytest.mark.parametrize(
    "first_paragraph, is_byline",
    [("By Jane Doe", True), ("By Jane Doe and John Roe, Reuters", True),
     ("By the end of the year, prices had doubled.", False)],
)
def test_by_lines_are_bylines_only_when_they_name_someone(tmp_path: Path, first_paragraph: str, is_byline: bool):
    article = parse(write(tmp_path, "a.txt", f"Title\n\n{first_paragraph}\n\nBody.\n"))
    assert (article.blocks[1].kind == "byline") is is_byline


def test_every_image_type_a_run_audits_can_be_a_text_articles_companion(tmp_path):
    from auditor.articles import parse_article

    (tmp_path / "story.txt").write_text("Title\n\nBody text of the story.\n", encoding="utf-8")
    (tmp_path / "story.heif").write_bytes(b"")
    (tmp_path / "story-2.jpe").write_bytes(b"")
    article = parse_article(tmp_path / "story.txt")
    assert [f.src for f in article.figures] == ["story.heif", "story-2.jpe"]
