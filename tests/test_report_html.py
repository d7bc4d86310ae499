"""The HTML page: one self-contained file, findings grouped by article and image
with bounded previews, and no content can inject markup."""

from __future__ import annotations

import re
import struct
import zlib
from html.parser import HTMLParser

import pytest

from auditor.report.html import _POLICY
from auditor.report.thumbnail import thumbnail_data_uri
from content_repo import ai_image, write
from report_samples import empty_report, finding, lone_image_finding, mixed_report, render, report

OUR_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "p", "table", "tr", "th", "td",
    "code", "form", "label", "select", "option", "output", "main", "section", "div", "figure", "figcaption",
    "img", "dl", "dt", "dd", "ul", "li", "span", "em", "strong", "script",
    # charts, paging and search, the rule list
    "svg", "rect", "text", "caption", "input", "button", "textarea", "a", "details", "summary",
}


class Page(HTMLParser):
    def __init__(self, output: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str | None]] = []
        self.text: list[str] = []
        self.feed(output)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value) for name, value in attrs]

    def handle_data(self, data):
        self.text.append(data)

    def all_text(self) -> str:
        return "".join(self.text)


def test_page_has_the_summary_and_a_section_per_article():
    output = render(mixed_report(), "html")
    assert output.startswith("<!DOCTYPE html>")
    assert "1 error, 1 warning, 1 info in 5 documents, 7 images (0.12 s)" in output
    page = Page(output)
    assert page.tags.count("h2") == 3
    assert "news/storm.md" in page.text


def test_page_loads_nothing_from_outside_and_runs_only_its_own_script():
    output = render(mixed_report(), "html")
    page = Page(output)
    assert not set(page.tags) & {"link", "iframe", "object", "embed", "base"}
    # Images are data: URIs; rule names point at the rule list, which links (a click,
    # not a load) to each rule's page.
    assert all(value.startswith("data:") for tag, name, value in page.attributes if name == "src")
    links = [value for tag, name, value in page.attributes if name == "href"]
    assert all(value.startswith("#rule-") or value == "https://example.org/rules/AIX301" for value in links)
    assert "https://example.org/rules/AIX301" in links
    assert page.tags.count("script") == 1
    script = re.search(r"<script>(.*?)</script>", output, re.S).group(1)
    import base64
    import hashlib

    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in _POLICY
    assert "default-src 'none'" in _POLICY and "img-src data:" in _POLICY


@pytest.mark.parametrize("field", ["message", "fix", "path", "name"])
def test_content_cannot_inject_markup(field):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)><b>bold</b>'
    page = Page(render(report(finding(media=None, **{field: hostile})), "html"))
    assert set(page.tags) <= OUR_TAGS
    assert page.tags.count("script") == 1 and "b" not in page.tags
    assert not any(name.startswith("on") for _, name, _ in page.attributes)
    assert hostile in page.all_text()


def test_filters_offer_the_severities_and_rules_present():
    page = Page(render(mixed_report(), "html"))
    options = [value for tag, name, value in page.attributes if tag == "option" and name == "value"]
    assert options == ["", "error", "warning", "info", "", "AIX301", "ATT101", "DAT201"]


def test_each_finding_carries_its_severity_and_rule_for_the_filters():
    page = Page(render(mixed_report(), "html"))
    pairs = [(v, w) for (t, n, v), (_, m, w) in zip(page.attributes, page.attributes[1:])
             if n == "data-severity" and m == "data-rule"]
    assert pairs == [("error", "AIX301"), ("warning", "ATT101"), ("info", "DAT201")]


def test_clean_run_is_just_the_summary():
    page = Page(render(empty_report(), "html"))
    assert "section" not in page.tags and "form" not in page.tags
    assert any("No findings" in t for t in page.text)


def test_an_article_image_is_shown_as_a_thumbnail_beside_its_caption_and_signals(tmp_path):
    ai_image(tmp_path / "storm.jpg")
    article = write(tmp_path / "storm.md", "# Storm\n\n![Storm](storm.jpg)\n\n*Clouds over the bay.*\n")
    rep = report(finding(path=str(article), media=str(tmp_path / "storm.jpg"), figure=0))
    output = render(rep, "html", base_path=tmp_path)
    assert re.search(r'<img src="data:image/jpeg;base64,[A-Za-z0-9+/=]+" alt="preview of storm.jpg">', output)
    text = Page(output).all_text()
    assert "Clouds over the bay." in text
    assert "ai-generated" in text and "DigitalSourceType" in text


def png_claiming(width: int, height: int) -> bytes:
    """A PNG header announcing a huge image, with no pixel data behind it."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return b"\x89PNG\r\n\x1a\n" + chunk + b"\x00\x00\x00\x00IEND\xaeB`\x82"


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(png_claiming(100_000, 100_000), id="decompression-bomb-header"),
        pytest.param(b"\xff\xd8\xff\xe0" + b"\x00" * 40, id="truncated-jpeg"),
        pytest.param(b"not an image at all", id="garbage"),
        pytest.param(b"", id="empty"),
    ],
)
def test_an_image_that_cannot_be_previewed_safely_gets_a_placeholder(tmp_path, content):
    image = tmp_path / "bad.png"
    image.write_bytes(content)
    assert thumbnail_data_uri(str(image)) is None
    output = render(report(finding(path=str(tmp_path / "a.md"), media=str(image))), "html", base_path=tmp_path)
    assert '<div class="placeholder">' in output and "data:image" not in output


def test_remote_and_missing_images_say_why_there_is_no_preview(tmp_path):
    rep = report(finding(media="https://cdn.example/a.jpg"), finding(media=str(tmp_path / "gone.jpg"), line=40))
    text = Page(render(rep, "html")).all_text()
    assert "remote image, not fetched" in text and "image file not found" in text


def test_thumbnails_are_small_and_keep_the_aspect_ratio(tmp_path):
    import base64
    import io

    from PIL import Image

    from fixtures import images

    large = images.write_jpeg(tmp_path / "large.jpg", size=(2400, 1200))
    uri = thumbnail_data_uri(str(large))
    assert uri is not None and len(uri) < 70_000
    with Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))) as preview:
        assert preview.size == (160, 80)


def test_lone_image_findings_have_a_card_too():
    output = render(report(lone_image_finding()), "html")
    assert 'data-rule="ATT101"' in output
