"""The Markdown summary for PR comments: a sentence and a table that cell content
cannot break."""

from __future__ import annotations

import io

from auditor.report.markdown import MarkdownFormatter, escape_cell
import pytest

from report_samples import empty_report, finding, info_finding, lone_image_finding, mixed_report, render, report


@pytest.fixture(autouse=True)
def outside_ci(monkeypatch):
    # Links depend on the CI environment; these tests describe a local run.
    for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA", "CI_PROJECT_URL", "CI_COMMIT_SHA"):
        monkeypatch.delenv(name, raising=False)


def table_rows(output: str, heading: str = "findings") -> list[str]:
    """The rows of the table under the first heading containing ``heading``."""
    rows, inside = [], False
    for line in output.splitlines():
        if line.startswith("#### "):
            inside = heading.lower() in line.lower()
        elif inside and line.startswith("|"):
            rows.append(line)
    return rows


def cells(row: str) -> list[str]:
    """Split a table row on unescaped pipes, as GitHub does."""
    out, current, escaped = [], "", False
    for char in row.strip()[1:-1]:
        if char == "|" and not escaped:
            out.append(current.strip())
            current = ""
        else:
            current += char
        escaped = char == "\\" and not escaped
    out.append(current.strip())
    return out


def test_heading_states_the_summary():
    first = render(mixed_report(), "markdown").splitlines()[0]
    assert first == "### auditor: 1 error, 1 warning, 1 info in 5 documents, 7 images (0.12 s)"


def test_table_has_a_header_and_one_row_per_finding():
    rows = table_rows(render(mixed_report(), "markdown"))
    assert rows[0] == "| Severity | Rule | Location | Message |"
    assert rows[1] == "| --- | --- | --- | --- |"
    assert len(rows) == 2 + 3
    assert all(len(cells(row)) == 4 for row in rows)


def test_row_shows_severity_rule_location_and_message():
    row = cells(table_rows(render(report(finding()), "markdown"))[2])
    assert row[0] == "**error**"
    assert row[1] == "AIX301 ai-image-without-visible-disclosure"
    assert row[2] == "[news/storm.md:12](news/storm.md#L12)"
    assert row[3].startswith("Image 'img/storm.png' is marked AI-generated")


def test_pipes_in_content_do_not_split_cells():
    rep = report(lone_image_finding(message="Credit | says | Reuters", path="a|b.jpg"))
    row = table_rows(render(rep, "markdown"))[2]
    assert len(cells(row)) == 4
    assert "Credit \\| says \\| Reuters" in row
    assert "a\\|b.jpg" in row


def test_newlines_become_line_breaks_inside_the_cell():
    rep = report(lone_image_finding(message="first\nsecond\r\nthird"))
    rows = table_rows(render(rep, "markdown"))
    assert len(rows) == 3
    assert "first<br>second<br>third" in rows[2]


def test_html_and_markdown_syntax_in_content_is_neutralised():
    assert escape_cell("<img src=x onerror=alert(1)> *bold* [link](u) &copy;") == (
        "\\<img src=x onerror=alert(1)\\> \\*bold\\* \\[link\\](u) &amp;copy;"
    )


def test_clean_run_has_no_table():
    output = render(empty_report(), "markdown")
    assert output.startswith("### auditor: No findings in 3 documents")
    assert not table_rows(output)


def test_long_reports_are_capped_with_a_note():
    stream = io.StringIO()
    formatter = MarkdownFormatter(stream, max_rows=2, environ={})
    rep = report(*(finding(line=n) for n in range(1, 6)))
    for f in rep.findings:
        formatter.handle(f)
    formatter.finish(rep)
    output = stream.getvalue()
    assert len(table_rows(output)) == 2 + 2
    assert "#### Top 2 findings" in output
    assert "... and 3 more" in output


def test_findings_are_counted_by_rule_and_severity():
    rep = report(finding(), finding(line=30), lone_image_finding())
    rows = [cells(r) for r in table_rows(render(rep, "markdown"), "by rule")]
    assert rows[0] == ["Rule", "error", "warning", "info"]
    assert rows[2:] == [
        ["AIX301 ai-image-without-visible-disclosure", "2", "0", "0"],
        ["ATT101 credit-contradicts-metadata", "0", "1", "0"],
    ]


def test_most_severe_findings_come_first():
    rep = report(info_finding(), lone_image_finding(), finding())
    severities = [cells(r)[0] for r in table_rows(render(rep, "markdown"))[2:]]
    assert severities == ["**error**", "**warning**", "info"]


def test_links_point_at_the_checked_commit_on_github_and_gitlab():
    github = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "news/site", "GITHUB_SHA": "abc123"}
    gitlab = {"CI_PROJECT_URL": "https://gitlab.example/news/site", "CI_COMMIT_SHA": "def456"}
    for environ, expected in (
        (github, "https://github.com/news/site/blob/abc123/news/storm.md#L12"),
        (gitlab, "https://gitlab.example/news/site/-/blob/def456/news/storm.md#L12"),
    ):
        stream = io.StringIO()
        formatter = MarkdownFormatter(stream, environ=environ)
        rep = report(finding())
        formatter.handle(rep.findings[0])
        formatter.finish(rep)
        assert f"[news/storm.md:12]({expected})" in stream.getvalue()


def test_file_names_with_spaces_make_working_links():
    row = cells(table_rows(render(report(finding(path="news/storm report.md")), "markdown"))[2])
    assert row[2] == "[news/storm report.md:12](news/storm%20report.md#L12)"
