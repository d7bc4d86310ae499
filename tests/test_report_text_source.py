"""The text format shows the source line of each finding with a caret under its
span (as ruff does), even on a minified one-line page, unless --no-show-source;
--statistics prints counts per rule instead of the findings."""

from __future__ import annotations

import pytest

from auditor.cli import main
from auditor.report.source_excerpt import excerpt
from fixtures import images

AI_XMP = {"Iptc4xmpExt:DigitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"}


@pytest.mark.parametrize("line, column, end_column, shown, carets", [
    ("![City](city.jpg)", 1, 18, "![City](city.jpg)", "^" * 17),
    ("    <img src=a.jpg>", 5, 20, "<img src=a.jpg>", "^" * 15),  # indentation dropped, caret follows
    ("x\ty <img>", 5, 10, "x y <img>", "    ^^^^^"),  # a tab is one space
    ("说明 <img>", 4, 9, "说明 <img>", "     ^^^^^"),  # wide characters take two cells
    ("a\x1b[2Jb <img>", 8, 13, "a\\e[2Jb <img>", "        ^^^^^"),  # controls escaped, caret still under
    ("<p>" + "x" * 200 + "<img>" + "y" * 200, 204, 209, "…" + "x" * 60 + "<img>" + "y" * 55 + "…", " " * 61 + "^^^^^"),
    ("a caption", None, None, "a caption", ""),
])
def test_excerpt_places_the_caret_under_the_span(line, column, end_column, shown, carets):
    assert excerpt(line, column, end_column) == (shown, carets)


@pytest.fixture
def minified(tmp_path):
    images.write_jpeg(tmp_path / "city.jpg", xmp=AI_XMP)
    page = tmp_path / "story.html"
    page.write_text('<!doctype html><html lang="en"><head><title>City</title></head><body><article><h1>City</h1>'
                    '<figure><img src="city.jpg" alt="City"><figcaption>At night.</figcaption></figure>'
                    "<p>Body.</p></article></body></html>", encoding="utf-8")
    return page


def test_text_format_shows_the_line_and_a_caret_under_the_image(minified, capsys):
    main(["check", str(minified), "--format", "text"])
    lines = capsys.readouterr().out.splitlines()
    headline = next(i for i, line in enumerate(lines) if "AID101" in line)
    source, carets = lines[headline + 1], lines[headline + 2]
    assert source.startswith("    1 | ") and carets.startswith("      | ")
    start = carets.index("^")
    assert source[start:].startswith('<img src="city.jpg"')


def test_no_show_source_leaves_the_line_out(minified, capsys):
    main(["check", str(minified), "--format", "text", "--no-show-source"])
    assert " | " not in capsys.readouterr().out


def test_statistics_counts_findings_per_rule(tmp_path, capsys):
    images.write_jpeg(tmp_path / "city.jpg", xmp=AI_XMP)
    for name in ("one", "two"):
        (tmp_path / f"{name}.md").write_text("# City\n\n![City](city.jpg)\n\n*At night.*\n", encoding="utf-8")
    code = main(["check", str(tmp_path), "--statistics"])
    out = capsys.readouterr().out
    assert code == 1
    assert "2  AID101  ai-image-undisclosed" in out.splitlines()
    assert "one.md" not in out  # counts instead of findings
    assert "errors" in out.splitlines()[-1]  # the summary line still ends the report


def test_statistics_with_another_format_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    assert main(["check", str(tmp_path), "--statistics", "--format", "json"]) == 2
    assert "--statistics works with the text format" in capsys.readouterr().err


def test_sarif_region_carries_the_span_as_its_snippet(minified, capsys):
    import json

    main(["check", str(minified), "--format", "sarif"])
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    region = next(r for r in results if r["ruleId"] == "AID101")["locations"][0]["physicalLocation"]["region"]
    assert region["endLine"] == 1 and region["endColumn"] > region["startColumn"]
    assert region["snippet"]["text"] == '<img src="city.jpg" alt="City">'
