"""The CSV report: one finding a row under stable, documented columns, readable by
the csv module (as spreadsheets and pandas read it), and inert in a spreadsheet."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.model import Evidence
from auditor.report.csv import COLUMNS
from content_repo import UNDISCLOSED, ai_image, article, write
from report_samples import finding, mixed_report, render, report


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_the_header_is_the_documented_columns_in_order():
    header = next(csv.reader(io.StringIO(render(mixed_report(), "csv"), newline="")))
    assert tuple(header) == COLUMNS
    assert COLUMNS[:14] == ("rule", "name", "severity", "path", "line", "column", "media", "figure", "message",
                            "evidence", "fix", "fingerprint", "baseline_state", "suppressed")


def test_one_row_per_finding_with_its_location_and_groups():
    text = render(report(finding(path="news/2019/05/storm.md"), finding(path="news/2019/05/storm.md", line=None,
                                                                        column=None, fix=None)), "csv")
    first, second = rows(text)
    assert first["rule"] == "AIX301" and first["severity"] == "error" and first["line"] == "12"
    assert first["evidence"].startswith("xmp:Iptc4xmpExt:DigitalSourceType: http://cv.iptc.org/")
    assert (first["folder"], first["section"], first["year"], first["month"]) == ("news", "news", "2019", "2019-05")
    assert second["line"] == "" and second["column"] == "" and second["fix"] == ""
    assert first["suppressed"] == "false"


@pytest.mark.parametrize("hostile", ["=HYPERLINK(\"http://evil\")", "+1+2", "-2+3", "@SUM(A1)", "\tcmd"])
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_inert(hostile):
    text = render(report(finding(message=hostile, evidence=(Evidence(source="caption", value=hostile),))), "csv")
    row = rows(text)[0]
    assert row["message"] == "'" + hostile
    assert row["evidence"] == "caption: " + hostile  # not at the start of the cell: harmless


def test_line_breaks_and_commas_in_text_stay_inside_their_cell():
    message = 'Caption says "storm",\nthen more'
    assert rows(render(report(finding(message=message)), "csv"))[0]["message"] == message


def test_the_command_line_streams_csv_to_a_file(tmp_path, capsys):
    root = tmp_path / "site"
    for name in ("2019/a.md", "2020/b.md"):  # each dated in its year, as an archive's articles are
        page = write(root / name, article([("storm.jpg", UNDISCLOSED)], date=f"{name[:4]}-06-01T08:00:00Z"))
        ai_image(page.parent / "storm.jpg")
    target = tmp_path / "findings.csv"
    here = Path.cwd()
    os.chdir(root)
    try:
        assert main(["check", ".", "-f", "csv", "-o", str(target)]) == 1
    finally:
        os.chdir(here)
    found = rows(target.read_text(encoding="utf-8"))
    assert {row["year"] for row in found} == {"2019", "2020"}
    assert all(row["path"] in ("2019/a.md", "2020/b.md") for row in found)
