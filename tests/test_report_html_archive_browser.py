"""The HTML report of an archive in a real browser (headless Chromium, as in
test_report_html_browser): the charts render, the first page of articles is live,
the others wait as text, and the paging script ran. Screenshots are kept in
tests/artifacts/ for a person to look at (the README shows them)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from auditor.report import write_report
from auditor.report.html_pages import PAGE_ARTICLES
from auditor.report.publication import DocumentFacts, PublicationLog
from report_samples import finding, info_finding, report
from test_report_html_browser import ARTIFACTS, CHROMIUM, chromium

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")


def archive_report():
    findings = []
    for n in range(PAGE_ARTICLES * 2 + 10):
        path = f"{('news', 'sport', 'culture')[n % 3]}/{2016 + n % 9}/{1 + n % 12:02}/story-{n:04}.md"
        findings.append(finding(path=path))
        if n % 4 == 0:
            findings.append(info_finding(path=path))
    return report(*findings, documents=PAGE_ARTICLES * 2 + 10)


def archive_publication() -> PublicationLog:
    """Two years of AI images, more of them disclosed month after month."""
    log = PublicationLog()
    for n in range(24):
        month = f"{2023 + n // 12}-{1 + n % 12:02}"
        log.note(f"news/ai-{n}.md", DocumentFacts(month, n // 3, max(0, 8 - n // 4) + n % 3))
    return log


@pytest.fixture(scope="module")
def shown(tmp_path_factory):
    ARTIFACTS.mkdir(exist_ok=True)
    page = ARTIFACTS / "html-report-archive.html"
    buffer = io.StringIO()
    write_report(archive_report(), "html", buffer, base_path=Path.cwd(), publication=archive_publication())
    page.write_text(buffer.getvalue(), encoding="utf-8")
    profile = tmp_path_factory.mktemp("chromium-profile")
    dom = chromium("--dump-dom", page.as_uri(), profile=profile)
    assert dom.returncode == 0, dom.stderr[-2000:]
    screenshot = ARTIFACTS / "html-report-charts.png"
    screenshot.unlink(missing_ok=True)
    shot = chromium(f"--screenshot={screenshot}", "--window-size=1280,1400", page.as_uri(), profile=profile)
    assert shot.returncode == 0, shot.stderr[-2000:]
    # A search named in the address, for an article on the last page.
    searched = chromium("--dump-dom", page.as_uri() + "#search=story-0205", profile=profile)
    assert searched.returncode == 0, searched.stderr[-2000:]
    return dom.stdout, screenshot, searched.stdout


def test_the_paging_script_ran_and_shows_the_first_page(shown):
    dom, _, _ = shown
    assert '<output id="page-label">page 1 of 3</output>' in dom
    assert '<form id="pager">' in dom  # no longer hidden
    live = dom.split('id="page-view"', 1)[1].split("<textarea", 1)[0]
    assert live.count('class="article"') == PAGE_ARTICLES
    assert dom.count("<script") == 1


def test_the_charts_are_drawn(shown):
    from PIL import Image, ImageStat

    dom, screenshot, _ = shown
    assert dom.count('<figure class="chart"') == 4 and "<svg" in dom
    assert 'id="chart-ai-disclosure"' in dom
    with Image.open(screenshot) as image:
        top = image.crop((0, 0, 1280, 700)).convert("L")
        assert max(ImageStat.Stat(top).stddev) > 5  # bars and tables put ink on the page


def test_a_search_finds_an_article_on_a_page_not_yet_shown(shown):
    _, _, searched = shown
    assert '<output id="page-label">1 article matches</output>' in searched
    live = searched.split('id="page-view"', 1)[1].split("<textarea", 1)[0]
    assert live.count('class="article"') == 1 and "story-0205.md" in live
