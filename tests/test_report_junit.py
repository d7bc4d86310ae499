"""JUnit XML: parses, counts add up, names are unique, text is escaped."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

from auditor.report import formatter_for
from report_samples import empty_report, finding, info_finding, lone_image_finding, mixed_report, render, report


def parse(rep, **options) -> ET.Element:
    return ET.fromstring(render(rep, "junit", **options))


def test_output_is_xml_with_a_declaration():
    output = render(mixed_report(), "junit")
    assert output.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert parse(mixed_report()).tag == "testsuites"


def test_one_testsuite_per_file_and_one_failing_testcase_per_finding():
    root = parse(mixed_report())
    assert [s.get("name") for s in root.findall("testsuite")] == [
        "news/storm.md",
        "photos/harbour.jpg",
        "news/dates.html",
    ]
    storm = root.find("testsuite[@name='news/storm.md']")
    case = storm.find("testcase")
    assert case.get("classname") == "news/storm.md"
    assert case.get("name") == "AIX301 ai-image-without-visible-disclosure line 12 col 3"
    failure = case.find("failure")
    assert failure.get("message") == finding().message
    assert "AIX301" in failure.get("type")
    assert "image: news/img/storm.png" in failure.text
    assert "fix: Add 'AI-generated image' to the caption." in failure.text


def test_counts_add_up():
    root = parse(report(finding(), finding(line=20), lone_image_finding(), info_finding()))
    assert root.get("tests") == "4" and root.get("failures") == "4" and root.get("errors") == "0"
    storm = root.find("testsuite[@name='news/storm.md']")
    assert storm.get("tests") == "2" and storm.get("failures") == "2"


def test_testcase_names_are_unique_within_a_file():
    rep = report(finding(), finding(), lone_image_finding(path="news/storm.md"), lone_image_finding(path="news/storm.md"))
    names = [c.get("name") for c in parse(rep).iter("testcase")]
    assert len(names) == len(set(names)) == 4


def test_clean_files_get_a_passing_testcase():
    stream = io.StringIO()
    formatter = formatter_for("junit", stream)
    formatter.start()
    formatter.handle(finding())
    formatter.audited("news/storm.md")
    formatter.audited("news/clean.md")
    formatter.finish(report(finding()))
    root = ET.fromstring(stream.getvalue())
    clean = root.find("testsuite[@name='news/clean.md']")
    assert clean.get("tests") == "1" and clean.get("failures") == "0"
    passing = clean.find("testcase")
    assert passing.find("failure") is None
    assert root.get("tests") == "2" and root.get("failures") == "1"


def test_an_empty_report_still_has_a_passing_testcase():
    root = parse(empty_report())
    cases = list(root.iter("testcase"))
    assert len(cases) == 1 and cases[0].find("failure") is None
    assert root.get("failures") == "0"


def test_markup_and_control_characters_are_escaped_or_replaced():
    nasty = 'Credit <b>"AI" & co</b>\x00\x1b[31m ]]> end'
    rep = report(finding(message=nasty, path="news/a&b <c>.md", evidence=()))
    root = parse(rep)  # would raise on invalid XML
    case = root.find("testsuite/testcase")
    assert case.get("classname") == "news/a&b <c>.md"
    assert case.find("failure").get("message") == 'Credit <b>"AI" & co</b>\ufffd\ufffd[31m ]]> end'


def test_multi_line_messages_survive_in_attributes():
    root = parse(report(info_finding(message="first line\nsecond line")))
    assert root.find("testsuite/testcase/failure").get("message") == "first line\nsecond line"
