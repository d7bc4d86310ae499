"""Whole runs over real-looking site layouts: `--group-by year|month`, the timeline and
the JSON summary date an article by its own published date (front matter here), by
the date in its path only when it states none, and "unknown" with neither; AI images
disclosed or not are counted by month, and a cached re-run (the ledger) reports the
same summary and chart.

The per-document facts come from the pipeline (`DocumentResult.facts`, filled from
the figures' facts the engine computes); the tests that need them are expected to
fail, strictly, until the pipeline states them, then run as ordinary tests."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

from auditor.pipeline import DocumentResult
from content_repo import DISCLOSED, UNDISCLOSED, ai_image, article, run_in, write

PIPELINE_STATES_FACTS = "facts" in {field.name for field in dataclasses.fields(DocumentResult)}
needs_pipeline_facts = pytest.mark.xfail(
    not PIPELINE_STATES_FACTS, strict=True,
    reason="DocumentResult.facts (publication month, AI figures) is not filled by the pipeline yet",
)


def post(root: Path, name: str, date: str | None, figures: list[tuple[str, str]]) -> Path:
    page = write(root / name, article(figures, date=date))
    for src, _ in figures:
        ai_image(page.parent / src)
    return page


@pytest.fixture
def hugo(tmp_path) -> Path:
    """A Hugo site: page bundles under content/posts/, no year anywhere in the paths."""
    root = tmp_path / "hugo"
    post(root, "content/posts/storm/index.md", "2024-03-02T08:00:00Z",
         [("a.jpg", UNDISCLOSED), ("b.jpg", DISCLOSED)])
    post(root, "content/posts/flood/index.md", "2024-05-11T08:00:00Z", [("c.jpg", UNDISCLOSED)])
    post(root, "content/posts/harbour/index.md", "2024-05-20T08:00:00Z", [("d.jpg", DISCLOSED)])
    post(root, "content/about/index.md", None, [("e.jpg", UNDISCLOSED)])  # a page, never dated
    return root


def json_summary(folder: Path, capsys, *extra: str) -> dict:
    code, out, _ = run_in(folder, ["check", ".", "-f", "json", *extra], capsys)
    assert code == 1
    return json.loads(out)["summary"]


@needs_pipeline_facts
def test_a_hugo_site_is_dated_by_front_matter_not_by_path(hugo, capsys):
    summary = json_summary(hugo, capsys)
    assert summary["by_month"] == {"2024-03": 1, "2024-05": 1, "unknown": 1}
    assert summary["by_year"] == {"2024": 2, "unknown": 1}
    assert summary["ai_images_by_month"] == {
        "2024-03": {"disclosed": 1, "undisclosed": 1},
        "2024-05": {"disclosed": 1, "undisclosed": 1},
        "unknown": {"disclosed": 0, "undisclosed": 1},
    }


@pytest.mark.parametrize(
    "name, date, month",
    [
        # Jekyll: the file name's date when the front matter gives none...
        pytest.param("_posts/2019-05-01-storm.md", None, "2019-05", id="jekyll-file-name"),
        # ...and the article's own date when it does (published after midnight, a month later).
        pytest.param("_posts/2019-05-31-storm.md", "2019-06-01T00:30:00Z", "2019-06", id="jekyll-front-matter",
                     marks=needs_pipeline_facts),
        pytest.param("news/2018/02/storm.md", None, "2018-02", id="year-folders"),
        pytest.param("news/2018/02/storm.md", "2020-07-04T10:00:00Z", "2020-07", id="moved-into-an-old-folder",
                     marks=needs_pipeline_facts),
        pytest.param("pages/storm.md", None, "unknown", id="neither"),
    ],
)
def test_the_published_date_comes_first_the_path_second(tmp_path, name, date, month, capsys):
    root = tmp_path / "site"
    post(root, name, date, [("storm.jpg", UNDISCLOSED)])
    summary = json_summary(root, capsys)
    assert summary["by_month"] == {month: 1}
    assert summary["by_year"] == {month if month == "unknown" else month[:4]: 1}


@needs_pipeline_facts
def test_group_by_month_on_the_terminal_and_in_a_streamed_run(hugo, tmp_path, capsys):
    for fmt in ("json", "jsonl"):
        code, _, err = run_in(hugo, ["check", ".", "-f", fmt, "-o", str(tmp_path / f"out.{fmt}"), "--summary",
                                     "--group-by", "month"], capsys)
        assert code == 1
        months = err.split("findings by month:")[1].split("AI images by month:")[0]
        assert [line.split() for line in months.strip().splitlines()] == [["1", "2024-03"], ["1", "2024-05"],
                                                                          ["1", "unknown"]]
        ai = err.split("AI images by month:")[1].split("most findings:")[0].strip().splitlines()
        assert [line.split() for line in ai[1:]] == [["2024-03", "1", "1"], ["2024-05", "1", "1"], ["unknown", "0", "1"]]


@needs_pipeline_facts
def test_the_html_report_charts_the_sites_ai_images(hugo, tmp_path, capsys):
    page = tmp_path / "report.html"
    run_in(hugo, ["check", ".", "-f", "json", "-o", os.devnull, "--html-output", str(page)], capsys)
    html = page.read_text(encoding="utf-8")
    chart = html.split('id="chart-ai-disclosure"', 1)[1].split("</figure>", 1)[0]
    assert ("<tr><td>2024-03</td><td>1</td><td>1</td></tr><tr><td>2024-04</td><td>0</td><td>0</td></tr>"
            "<tr><td>2024-05</td><td>1</td><td>1</td></tr>") in chart
    assert "(1 without a month left out)" in chart


@needs_pipeline_facts
def test_a_cached_rerun_reports_the_same_summary_and_chart(hugo, tmp_path, capsys):
    ledger = str(tmp_path / "audit.sqlite")

    def audited(tag: str) -> tuple[dict, str]:
        page = tmp_path / f"{tag}.html"
        code, out, _ = run_in(hugo, ["check", ".", "-f", "json", "--ledger", ledger, "--html-output", str(page)], capsys)
        assert code == 1
        summary = json.loads(out)["summary"]
        for timing in ("elapsed", "documents_per_second"):
            summary.pop(timing)
        chart = page.read_text(encoding="utf-8").split('<section id="charts">', 1)[1].split("</section>", 1)[0]
        return summary, chart

    first = audited("first")
    assert first[0]["by_month"] == {"2024-03": 1, "2024-05": 1, "unknown": 1}
    assert "2024-05" in first[0]["ai_images_by_month"] and 'id="chart-ai-disclosure"' in first[1]
    assert audited("replayed") == first  # nothing changed: the whole run read back from the ledger
    about = hugo / "content/about/index.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    assert audited("reused") == first  # one page edited: audited again, every other article reused from its row
