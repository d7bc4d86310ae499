"""The end-of-run summary an archivist or standards editor reads first: totals by
rule, folder, section, year and month, the documents with most findings; on stderr
at the end of a run, and in the JSON report's summary."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest

from auditor.report.groups import folder_of, month_of, section_of, year_of
from auditor.report.run_summary import TOP_DOCUMENTS, RunTally
from content_repo import UNDISCLOSED, ai_image, article, run_in, write
from report_samples import finding, render, report
from test_report_json import REPORT_SCHEMA


@pytest.mark.parametrize(
    "path, folder, section, year, month",
    [
        ("news/politics/2019/05/vote.html", "news", "news/politics", "2019", "2019-05"),
        ("news/politics/2020/01/budget.html", "news", "news/politics", "2020", "2020-01"),
        ("_posts/2021-03-04-storm.md", "_posts", "_posts", "2021", "2021-03"),
        ("content/posts/2022-11-30_launch/index.md", "content", "content/posts", "2022", "2022-11"),
        ("archive/1998/story.html", "archive", "archive", "1998", "1998"),
        ("news.zip!/2024/06/story.html", "news.zip", "news.zip", "2024", "2024-06"),
        ("story.md", ".", ".", "unknown", "unknown"),
        ("blog/post-2019.md", "blog", "blog", "unknown", "unknown"),  # a year in a name is not a date folder
        ("/srv/archive/2018/02/a.html", "/srv/archive/2018/02", "srv/archive", "2018", "2018-02"),
    ],
)
def test_a_document_is_grouped_by_its_path(path, folder, section, year, month):
    assert (folder_of(path), section_of(path), year_of(path), month_of(path)) == (folder, section, year, month)


def test_findings_are_counted_by_rule_folder_and_year_and_suppressed_ones_are_not():
    findings = [
        finding(path="news/2019/a.md"), finding(path="news/2019/a.md", line=30),
        finding(path="news/2020/b.md", rule="ATT101"),
        finding(path="photos/c.md", rule="ATT101"),
        finding(path="photos/c.md", rule="AIX301", suppressed=True, suppression="reviewed"),
    ]
    tally = RunTally(lambda path: path).add_all(findings)
    assert dict(tally.groups["rule"]) == {"AIX301": 2, "ATT101": 2}
    assert dict(tally.groups["folder"]) == {"news": 3, "photos": 1}
    assert tally.rows("year") == [("2019", 2), ("2020", 1), ("unknown", 1)]
    assert tally.top_documents()[0] == ("news/2019/a.md", 2)


def test_top_documents_keeps_the_ten_with_most_findings_most_first():
    findings = [finding(path=f"news/{n:02}.md", line=line) for n in range(1, 16) for line in range(n)]
    top = RunTally(lambda path: path).add_all(findings).top_documents()
    assert len(top) == TOP_DOCUMENTS
    assert top[0] == ("news/15.md", 15) and top[-1] == ("news/06.md", 6)


def test_json_summary_keeps_its_keys_and_adds_the_groupings():
    rep = report(finding(path="news/2019/05/a.md"), finding(path="news/2019/05/a.md", line=40),
                 finding(path="sport/2021/b.md", rule="ATT101"))
    document = json.loads(render(rep, "json"))
    jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(document)
    summary = document["summary"]
    assert {"documents", "media", "findings", "errors", "elapsed"} <= set(summary)
    assert summary["by_rule"] == {"AIX301": 2, "ATT101": 1}
    assert summary["by_folder"] == {"news": 2, "sport": 1}
    assert summary["by_year"] == {"2019": 2, "2021": 1}
    assert summary["by_month"] == {"2019-05": 2, "2021": 1}
    assert summary["top_documents"][0] == {"path": "news/2019/05/a.md", "findings": 2}


@pytest.fixture
def archive(tmp_path) -> Path:
    """Three undisclosed AI images in two years and two sections of a news archive."""
    root = tmp_path / "archive"
    for name in ("news/2019/05/storm.md", "news/2019/06/flood.md", "sport/2021/01/final.md"):
        published = "-".join(name.split("/")[1:3]) + "-14T08:00:00Z"  # each dated as its folders say
        page = write(root / name, article([("storm.jpg", UNDISCLOSED)], date=published))
        ai_image(page.parent / "storm.jpg")
    return root


def test_a_streamed_run_ends_with_the_summary_on_stderr(archive, tmp_path, capsys):
    target = tmp_path / "findings.jsonl"
    code, out, err = run_in(archive, ["check", ".", "-f", "jsonl", "-o", str(target), "--summary"], capsys)
    assert code == 1 and out == ""
    assert len(target.read_text().splitlines()) >= 3
    assert err.startswith("auditor: 3 errors")
    years = err.split("findings by year:")[1].split("most findings:")[0]
    assert [line.split() for line in years.strip().splitlines()] == [["2", "2019"], ["1", "2021"]]
    folders = err.split("findings by folder:")[1].split("findings by year:")[0]
    assert [line.split() for line in folders.strip().splitlines()] == [["2", "news"], ["1", "sport"]]


def test_group_by_chooses_the_tables(archive, capsys):
    _, _, err = run_in(archive, ["check", ".", "-f", "json", "-o", os.devnull, "--summary",
                                 "--group-by", "section", "--group-by", "month"], capsys)
    assert "findings by section:" in err and "findings by month:" in err and "findings by rule:" not in err
    assert "2019-05" in err and "2021-01" in err and "news" in err


@pytest.mark.parametrize("flags", [[], ["--no-summary"], ["--quiet"]])
def test_no_summary_when_stderr_is_not_a_terminal_or_it_is_turned_off(archive, flags, capsys):
    code, _, err = run_in(archive, ["check", ".", "-f", "json", "-o", os.devnull, *flags], capsys)
    assert code == 1 and err == ""


def test_an_unknown_grouping_is_a_usage_error(archive, capsys):
    code, _, err = run_in(archive, ["check", ".", "--group-by", "author"], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1
