"""HTML pages: figures with captions and credits, JSON-LD declarations, meta
tags, body paragraphs with source spans, and image resolution."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from auditor.articles import parse_article
from auditor.model import Article

DST = "http://cv.iptc.org/newscodes/digitalsourcetype/"


def parse(folder: Path, html: str, name: str = "page.html") -> Article:
    path = folder / name
    path.write_text(html, encoding="utf-8")
    article = parse_article(path)
    assert isinstance(article, Article), article
    return article


def page(body: str, head: str = "", lang: str = "en") -> str:
    return f'<!doctype html>\n<html lang="{lang}">\n<head>\n{head}\n</head>\n<body>\n{body}\n</body>\n</html>\n'


def json_ld(value: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(value)}</script>'


NEWS_PAGE = page(
    head="\n".join([
        "<title>Robots take over | Example News</title>",
        '<meta property="og:title" content="Robots take over">',
        '<meta property="article:published_time" content="2025-05-26T10:00:00+01:00">',
        json_ld({
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "NewsArticle", "headline": "Robots take over the newsroom",
                 "datePublished": "2025-05-26T10:00:00+01:00", "dateModified": "2025-05-27T08:30:00Z",
                 "author": [{"@type": "Person", "name": "Ada Lovelace"}],
                 "publisher": {"@type": "Organization", "name": "Example News"},
                 "sourceOrganization": {"@type": "Organization", "name": "Reuters"},
                 "image": {"@id": "#lead"}},
                {"@type": "ImageObject", "@id": "#lead", "url": "https://cdn.example.com/img/lead.jpg?w=1200",
                 "caption": "Metadata caption", "creditText": "Midjourney",
                 "digitalSourceType": DST + "trainedAlgorithmicMedia"},
            ],
        }),
    ]),
    body="\n".join([
        "<header><img src=\"/logo.png\" alt=\"Example News\"></header>",
        "<article>",
        "<h1>Robots take over the newsroom</h1>",
        '<p class="byline">By Ada Lovelace</p>',
        "<figure>",
        '  <img src="/img/lead-800x600.jpg" srcset="/img/lead-400x300.jpg 400w" alt="A robot typing">',
        '  <figcaption>A robot writes copy. <span class="credit">Illustration: Midjourney</span></figcaption>',
        "</figure>",
        "<p>WASHINGTON (Reuters) - Robots now write the news.</p>",
        "<!-- <img src=\"commented-out.jpg\"> -->",
        "<p>They are fast.</p>",
        '<div class="inline-image"><img src="chart.png" alt="A chart"></div>',
        '<p class="image-caption">Chart generated with AI.</p>',
        "<p>(Reuters)</p>",
        "</article>",
    ]),
)


def test_figure_has_figcaption_credit_alt_and_json_ld_source_type(tmp_path: Path):
    article = parse(tmp_path, NEWS_PAGE)
    lead = article.figures[0]
    assert lead.src == "/img/lead-800x600.jpg"
    assert lead.caption.text == "A robot writes copy."
    assert lead.credit.text == "Illustration: Midjourney"
    assert lead.alt.text == "A robot typing"
    assert lead.declared_source_type == DST + "trainedAlgorithmicMedia"
    assert (lead.declared_ai, lead.declared_by) == (True, "json-ld:image.digitalSourceType")


def test_figure_spans_point_at_the_img_tag_and_the_figcaption(tmp_path: Path):
    article = parse(tmp_path, NEWS_PAGE)
    lines = NEWS_PAGE.split("\n")
    lead = article.figures[0]
    assert lines[lead.span.line - 1][lead.span.column - 1 :].startswith("<img src=\"/img/lead-800x600.jpg\"")
    assert lines[lead.caption.span.line - 1][lead.caption.span.column - 1 :].startswith("<figcaption>")


def test_image_outside_figures_takes_the_caption_element_after_it(tmp_path: Path):
    chart = parse(tmp_path, NEWS_PAGE).figures[1]
    assert (chart.src, chart.caption.text, chart.alt.text) == ("chart.png", "Chart generated with AI.", "A chart")


def test_images_outside_the_article_element_and_in_comments_are_not_figures(tmp_path: Path):
    sources = [f.src for f in parse(tmp_path, NEWS_PAGE).figures]
    assert sources == ["/img/lead-800x600.jpg", "chart.png"]


def test_page_metadata_comes_from_json_ld_before_meta_tags(tmp_path: Path):
    article = parse(tmp_path, NEWS_PAGE)
    assert article.title == "Robots take over the newsroom"
    assert article.byline == "Ada Lovelace"
    assert article.published == datetime(2025, 5, 26, 10, tzinfo=timezone(timedelta(hours=1)))
    assert article.updated == datetime(2025, 5, 27, 8, 30, tzinfo=timezone.utc)
    assert article.language == "en"
    assert article.fields["syndicated"] is True and article.fields["source"] == "Reuters"
    assert article.fields["json_ld"]["@type"] == "NewsArticle"
    assert article.fields["meta"]["og:title"] == "Robots take over"


def test_body_blocks_are_classified_and_located(tmp_path: Path):
    article = parse(tmp_path, NEWS_PAGE)
    assert [(b.kind, b.text) for b in article.blocks] == [
        ("title", "Robots take over the newsroom"),
        ("byline", "By Ada Lovelace"),
        ("caption", "A robot writes copy."),
        ("credit", "Illustration: Midjourney"),
        ("attribution", "WASHINGTON (Reuters) -"),
        ("body", "WASHINGTON (Reuters) - Robots now write the news."),
        ("body", "They are fast."),
        ("caption", "Chart generated with AI."),
        ("attribution", "(Reuters)"),
    ]
    body = article.blocks_of("body")[1]
    assert NEWS_PAGE.split("\n")[body.span.line - 1] == "<p>They are fast.</p>"


def test_json_ld_image_not_shown_inline_becomes_its_own_figure(tmp_path: Path):
    head = json_ld({"@type": "NewsArticle", "headline": "H", "image": [
        {"@type": "ImageObject", "contentUrl": "https://cdn.example.com/hidden.png",
         "digitalSourceType": "compositeWithTrainedAlgorithmicMedia", "creditText": "Firefly"}]})
    article = parse(tmp_path, page("<article><p>Text.</p></article>", head=head))
    (figure,) = article.figures
    assert (figure.src, figure.status, figure.declared_ai) == ("https://cdn.example.com/hidden.png", "remote", True)
    assert figure.credit.text == "Firefly"
    assert figure.declared_by == "json-ld:image.digitalSourceType"


def test_json_ld_capture_source_type_declares_not_ai(tmp_path: Path):
    head = json_ld([{"@type": "ReportageNewsArticle", "image": {"@type": "ImageObject", "url": "/a/photo.jpg",
                     "digitalSourceType": {"@id": DST + "digitalCapture"}}}])
    article = parse(tmp_path, page('<figure><img src="photo.jpg?x=1"></figure><p>x</p>', head=head))
    (figure,) = article.figures
    assert (figure.declared_ai, figure.declared_source_type) == (False, DST + "digitalCapture")


def test_json_ld_list_of_crops_is_one_picture(tmp_path: Path):
    head = json_ld({"@type": "NewsArticle", "image": ["https://x.com/1x1/p.jpg", "https://x.com/4x3/p.jpg"]})
    assert len(parse(tmp_path, page("<p>x</p>", head=head)).figures) == 1


def test_invalid_json_ld_is_reported_in_fields(tmp_path: Path):
    article = parse(tmp_path, page("<p>x</p>", head='<script type="application/ld+json">{oops</script>'))
    assert "not valid JSON" in article.fields["json_ld_errors"][0]


@pytest.mark.parametrize(
    "markup, src, alternates",
    [
        ('<picture><source srcset="a.webp 1x, a@2x.webp 2x"><img src="a.jpg"></picture>', "a.jpg", ["a.webp", "a@2x.webp"]),
        ('<img src="data:image/gif;base64,R0l" data-src="real.jpg">', "real.jpg", ["data:image/gif;base64,R0l"]),
        ('<img srcset="s.jpg 480w, m.jpg 800w">', "m.jpg", ["s.jpg"]),
        ('<picture><source srcset="only.avif"></picture>', "only.avif", []),
    ],
)
def test_image_source_is_picked_from_src_lazy_attributes_or_srcset(tmp_path: Path, markup: str, src: str, alternates):
    article = parse(tmp_path, page(f"<figure>{markup}<figcaption>C</figcaption></figure>"))
    (figure,) = article.figures
    assert figure.src == src and figure.caption.text == "C"
    assert article.fields.get("image_alternates", {}).get("0", []) == alternates


def test_wordpress_caption_container_is_a_figure(tmp_path: Path):
    html = page('<div class="wp-caption"><img src="w.jpg" alt="w"><p class="wp-caption-text">WP caption</p></div><p>Body</p>')
    article = parse(tmp_path, html)
    assert article.figures[0].caption.text == "WP caption"
    assert [b.kind for b in article.blocks] == ["caption", "body"]


def test_credit_after_the_figure_is_found_by_class_name(tmp_path: Path):
    html = page('<figure><img src="a.jpg"></figure><span class="photo-credit">Photo: AP</span><p>Body</p>')
    assert parse(tmp_path, html).figures[0].credit.text == "Photo: AP"


def test_tracking_pixels_are_not_figures(tmp_path: Path):
    assert parse(tmp_path, page('<img src="px.gif" width="1" height="1"><p>x</p>')).figures == ()


@pytest.mark.parametrize(
    "src, status",
    [
        ("https://cdn.example.com/a.jpg", "remote"),
        ("//cdn.example.com/a.jpg", "remote"),
        # A picture inlined whole (a short data: URI is a lazy-loading placeholder).
        ("data:image/png;base64," + "A" * 1200, "inline"),
        ("missing.jpg", "missing"),
        ("javascript:alert(1)", "missing"),
        ("present.jpg?v=2#frag", "local"),
        ("my%20photo.jpg", "local"),
        ("/site-root.jpg", "local"),
        ("../../../../../../../../etc/passwd", "refused"),
    ],
)
def test_image_sources_resolve_without_any_network(tmp_path: Path, src: str, status: str):
    site = tmp_path / "site"
    (site / "news" / "2025").mkdir(parents=True)
    (site / "news" / "2025" / "present.jpg").write_bytes(b"x")
    (site / "news" / "2025" / "my photo.jpg").write_bytes(b"x")
    (site / "site-root.jpg").write_bytes(b"x")
    (site / ".git").mkdir()
    article = parse(site / "news" / "2025", page(f'<figure><img src="{src}"></figure>'))
    (figure,) = article.figures
    assert figure.status == status
    assert (figure.path is not None) == (status in ("local", "refused"))
    if status == "local":
        assert Path(figure.path).is_file()


@pytest.mark.parametrize(
    "head, html_lang, expected",
    [
        ("", "de-DE", "de-DE"),
        (json_ld({"@type": "NewsArticle", "inLanguage": "fr"}), "", "fr"),
        ('<meta property="og:locale" content="es_ES">', "", "es-ES"),
    ],
)
def test_language_is_taken_from_what_the_page_declares(tmp_path: Path, head: str, html_lang: str, expected: str):
    assert parse(tmp_path, page("<p>Text</p>", head=head, lang=html_lang)).language == expected


def test_language_is_guessed_from_script_when_undeclared(tmp_path: Path):
    html = "<html><body><h1>東京で会議</h1><p>東京で国際会議が開かれました。</p></body></html>"
    assert parse(tmp_path, html).language == "ja"


def test_declared_charset_decodes_a_legacy_page(tmp_path: Path):
    path = tmp_path / "legacy.html"
    path.write_bytes('<meta charset="iso-8859-1"><p>Café crème</p>'.encode("latin-1"))
    article = parse_article(path)
    assert isinstance(article, Article)
    assert article.blocks_of("body")[0].text == "Café crème"


@pytest.mark.parametrize(
    "data, body",
    [
        # No charset declared: windows-1252, the HTML standard's fallback.
        (b"<p>Caf\xe9 \x96 open</p>", "Café – open"),
        # UTF-8 declared, a stray Latin-1 byte (seen on real saved pages): shown replaced.
        ('<meta charset="utf-8"><p>Café \xfc</p>'.encode("utf-8").replace(b"\xc3\xbc", b"\xfc"), "Café \ufffd"),
    ],
)
def test_a_page_that_is_not_valid_utf8_is_read_as_a_browser_reads_it(tmp_path: Path, data: bytes, body: str):
    path = tmp_path / "page.html"
    path.write_bytes(data)
    article = parse_article(path)
    assert isinstance(article, Article)
    assert article.blocks_of("body")[0].text == body


def test_bytes_from_an_archive_are_parsed_without_touching_the_disk(tmp_path: Path):
    article = parse_article(tmp_path / "in-archive" / "page.html", NEWS_PAGE.encode())
    assert isinstance(article, Article)
    assert article.figures[0].status == "missing"


def test_caption_after_an_image_wrapped_in_link_and_paragraph_is_found(tmp_path: Path):
    html = page('<p><a href="big.jpg"><img src="small.jpg"></a></p><p class="caption">Wrapped caption</p><p>Body</p>')
    article = parse(tmp_path, html)
    assert article.figures[0].caption.text == "Wrapped caption"
    assert [b.kind for b in article.blocks] == ["caption", "body"]


def test_story_byline_right_after_the_lead_image_stays_the_story_byline(tmp_path: Path):
    article = parse(tmp_path, page('<img src="lead.jpg"><p class="byline">By Ada Lovelace</p><p>Body</p>'))
    assert article.figures[0].credit is None
    assert article.byline == "By Ada Lovelace"
