"""The Markdown summary as a GitHub step summary or merge-request note: the summary
tables, a link to the full report, and never more than GitHub accepts."""

from __future__ import annotations

import io

import pytest

from auditor.report.markdown import MarkdownFormatter
from auditor.report.summary_tables import STEP_SUMMARY_BYTES
from report_samples import finding, report


@pytest.fixture(autouse=True)
def outside_ci(monkeypatch):
    for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA", "GITHUB_RUN_ID", "CI_PROJECT_URL",
                 "CI_COMMIT_SHA", "CI_JOB_URL"):
        monkeypatch.delenv(name, raising=False)


def markdown(rep, **options) -> str:
    stream = io.StringIO()
    formatter = MarkdownFormatter(stream, **options)
    formatter.start()
    for item in rep.findings:
        formatter.handle(item)
    formatter.finish(rep)
    return stream.getvalue()


def section(text: str, heading: str) -> list[str]:
    rows, inside = [], False
    for line in text.splitlines():
        if line.startswith("#### "):
            inside = line == f"#### {heading}"
        elif inside and line.startswith("| ") and not line.startswith("| ---"):
            rows.append(line)
    return rows[1:]  # without the header row


def test_the_summary_has_tables_by_folder_and_year_and_the_top_documents():
    rep = report(finding(path="news/2019/a.md"), finding(path="news/2019/a.md", line=30),
                 finding(path="sport/2020/b.md"))
    text = markdown(rep)
    assert section(text, "By folder") == ["| news | 2 |", "| sport | 1 |"]
    assert section(text, "By year of publication") == ["| 2019 | 2 |", "| 2020 | 1 |"]
    assert section(text, "Top documents") == ["| news/2019/a.md | 2 |", "| sport/2020/b.md | 1 |"]


def test_it_links_to_the_run_that_holds_the_full_report():
    environ = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "desk/site", "GITHUB_RUN_ID": "42"}
    text = markdown(report(finding()), environ=environ)
    assert "[run 42](https://github.com/desk/site/actions/runs/42)" in text


def test_a_huge_run_stays_under_githubs_step_summary_limit():
    message = "Image is marked AI-generated but its caption carries no disclosure. " * 40
    findings = tuple(finding(path=f"news/{n // 3:05}.md", line=n, message=message) for n in range(3000))
    text = markdown(report(*findings), max_rows=3000)
    assert len(text.encode("utf-8")) <= STEP_SUMMARY_BYTES
    assert "left out to keep this summary under 1 MB" in text
    assert section(text, "By folder") == ["| news | 3000 |"]  # the summary tables are kept whole
