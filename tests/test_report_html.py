"""The HTML page: well-formed, self-contained, and no content can inject markup."""

from __future__ import annotations

from html.parser import HTMLParser

from report_samples import empty_report, finding, mixed_report, render, report


class TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def parsed(output: str) -> TagCollector:
    collector = TagCollector()
    collector.feed(output)
    return collector


def test_page_has_the_summary_and_a_section_per_file():
    output = render(mixed_report(), "html")
    assert output.startswith("<!DOCTYPE html>")
    assert "1 error, 1 warning, 1 info in 5 documents, 7 images (0.12 s)" in output
    page = parsed(output)
    assert page.tags.count("h2") == 3
    assert "news/storm.md" in page.text


def test_page_loads_nothing_from_outside():
    tags = set(parsed(render(mixed_report(), "html")).tags)
    assert not tags & {"script", "link", "img", "iframe"}


def test_content_cannot_inject_markup():
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    rep = report(finding(message=hostile, fix=hostile, path="news/<b>.md"))
    page = parsed(render(rep, "html"))
    assert not {"script", "img", "b"} & set(page.tags)
    assert hostile in "".join(page.text)


def test_clean_run_is_just_the_summary():
    page = parsed(render(empty_report(), "html"))
    assert "table" not in page.tags
    assert any("No findings" in t for t in page.text)
