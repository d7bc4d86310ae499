"""Suppressed and baselined findings never read as failures, in any format: the
formats people read list them only under --show-suppressed, CI annotations never,
JUnit as skipped test cases with the reason, SARIF and JSON marked. And an inline
suppression anchors on the next element, so a minified one-line page works."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from auditor.cli import main
from fixtures import images

AI_XMP = {"Iptc4xmpExt:DigitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"}
FIGURE = '<figure><img src="city.jpg" alt="City"><figcaption>The city at night.</figcaption></figure>'
SUPPRESS = "<!-- auditor: ignore[AID101] -- concept illustration -->"


def page(folder: Path, body: str) -> Path:
    """One article whose AI-marked image has no disclosure (AID101, an error)."""
    images.write_jpeg(folder / "city.jpg", xmp=AI_XMP)
    images.write_jpeg(folder / "town.jpg", xmp=AI_XMP)
    path = folder / "story.html"
    path.write_text(f'<!doctype html><html lang="en"><head><title>City</title></head><body><article><h1>City</h1>'
                    f"{body}<p>Body text.</p></article></body></html>", encoding="utf-8")
    return path


def check(capsys, *args) -> tuple[int, str]:
    code = main(["check", *map(str, args)])
    return code, capsys.readouterr().out


def rules_of(capsys, path: Path) -> dict[str, bool]:
    _, out = check(capsys, path, "--format", "json")
    return {f["rule"]: f["suppressed"] for f in json.loads(out)["findings"]}


@pytest.mark.parametrize("body, suppressed", [
    (f"<p>Intro.</p>{SUPPRESS}{FIGURE}", True),  # minified: the comment and the figure on one line
    (f"<p>Intro.</p>\n{SUPPRESS}\n{FIGURE}\n", True),  # the same page, formatted
    (f"{SUPPRESS}<p>Intro.</p>{FIGURE}", False),  # the next element is the paragraph, not the figure
])
def test_ignore_comment_covers_the_next_element_on_one_line_or_many(tmp_path, capsys, body, suppressed):
    found = rules_of(capsys, page(tmp_path, body))
    assert found["AID101"] is suppressed
    assert ("SUP001" in found) is not suppressed  # an ignore that hit a plain paragraph is unused


def test_disable_and_enable_on_one_line_cover_what_lies_between(tmp_path, capsys):
    body = ("<!-- auditor: disable[AID101] -- satire gallery -->" + FIGURE
            + "<!-- auditor: enable[AID101] -->" + FIGURE.replace("city.jpg", "town.jpg"))
    _, out = check(capsys, page(tmp_path, body), "--format", "json")
    states = sorted(f["suppressed"] for f in json.loads(out)["findings"] if f["rule"] == "AID101")
    assert states == [False, True]


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "github", "gitlab"])
def test_suppressed_finding_is_not_shown_by_the_formats_people_and_ci_read(tmp_path, capsys, fmt):
    code, out = check(capsys, page(tmp_path, SUPPRESS + FIGURE), "--format", fmt)
    assert code == 0
    assert "AID101" not in out
    if fmt in ("text", "markdown", "html"):
        assert "1 suppressed (not shown" in out  # counted in the summary line


@pytest.mark.parametrize("fmt, marker", [
    ("text", "suppressed error"),
    ("markdown", "| suppressed error | AID101"),
    ("html", "(suppressed: concept illustration)"),
])
def test_show_suppressed_lists_them_marked_as_not_failing(tmp_path, capsys, fmt, marker):
    code, out = check(capsys, page(tmp_path, SUPPRESS + FIGURE), "--format", fmt, "--show-suppressed")
    assert code == 0 and marker in out and "concept illustration" in out
    assert "1 suppressed (shown)" in out
    if fmt == "markdown":
        assert "**error**" not in out


@pytest.mark.parametrize("fmt", ["github", "gitlab"])
def test_show_suppressed_never_turns_into_annotations(tmp_path, capsys, fmt):
    _, out = check(capsys, page(tmp_path, SUPPRESS + FIGURE), "--format", fmt, "--show-suppressed")
    assert "AID101" not in out


def test_junit_records_a_suppressed_finding_as_skipped_with_the_reason(tmp_path, capsys):
    _, out = check(capsys, page(tmp_path, SUPPRESS + FIGURE), "--format", "junit")
    root = ET.fromstring(out)
    assert (root.get("failures"), root.get("skipped")) == ("0", "1")
    skipped = root.find(".//testcase/skipped")
    assert skipped is not None and skipped.get("message") == "suppressed: concept illustration"
    assert root.find(".//failure") is None


def test_junit_records_baselined_findings_as_skipped(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    page(tmp_path, FIGURE)
    assert main(["baseline", "create", "story.html", "-o", "baseline.json"]) == 0
    code, out = check(capsys, "story.html", "--baseline", "baseline.json", "--format", "junit")
    root = ET.fromstring(out)
    assert code == 0 and root.get("failures") == "0" and int(root.get("skipped")) >= 1
    assert {s.get("message") for s in root.iter("skipped")} == {"in the baseline"}


def test_unsuppressed_finding_still_fails_in_every_format(tmp_path, capsys):
    path = page(tmp_path, FIGURE)
    for fmt in ("text", "markdown", "junit", "github", "gitlab"):
        code, out = check(capsys, path, "--format", fmt)
        assert code == 1 and "AID101" in out, fmt


@pytest.mark.parametrize("quiet", [(), ("--quiet",)])
def test_json_lines_carry_a_suppressed_finding_marked_as_the_json_report_does(tmp_path, capsys, quiet):
    # The streamed run wraps the JSON Lines writer to tally its summary; the wrapper
    # once set suppressed findings aside, so an archive's JSONL silently lost them.
    code, out = check(capsys, page(tmp_path, SUPPRESS + FIGURE), "--format", "jsonl", *quiet)
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [(r["rule"], r["suppressed"], r["suppression"]) for r in records] == [("AID101", True, "concept illustration")]
