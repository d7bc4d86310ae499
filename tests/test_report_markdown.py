"""The Markdown summary for PR comments: a sentence and a table that cell content
cannot break."""

from __future__ import annotations

import io

from auditor.report.markdown import MarkdownFormatter, escape_cell
from report_samples import empty_report, finding, lone_image_finding, mixed_report, render, report


def table_rows(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("|")]


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
    assert row[2] == "news/storm.md:12"
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
    formatter = MarkdownFormatter(stream, max_rows=2)
    rep = report(*(finding(line=n) for n in range(1, 6)))
    for f in rep.findings:
        formatter.handle(f)
    formatter.finish(rep)
    output = stream.getvalue()
    assert len(table_rows(output)) == 2 + 2
    assert "... and 3 more" in output
