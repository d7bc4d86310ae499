"""One run, several reports: the terminal format plus SARIF, JUnit, JSON, HTML and
Markdown files, each complete and valid for the tools that read it."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from auditor.cli import main
from content_repo import DISCLOSED, UNDISCLOSED, ai_image, article, plain_image, write

SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))
REPORT_SCHEMA = json.loads(resources.files("auditor").joinpath("data/report.schema.json").read_text("utf-8"))


@pytest.fixture
def content(tmp_path, monkeypatch):
    """Two articles with problems (one image used twice without disclosure, one
    disclosed image without marking) and one clean article."""
    ai_image(tmp_path / "news" / "storm.jpg")
    write(tmp_path / "news" / "storm.md", article([("storm.jpg", UNDISCLOSED), ("storm.jpg", UNDISCLOSED)]))
    plain_image(tmp_path / "news" / "flood.jpg")
    write(tmp_path / "news" / "flood.md", article([("flood.jpg", DISCLOSED)]))
    ai_image(tmp_path / "news" / "fine.jpg")
    write(tmp_path / "news" / "fine.md", article([("fine.jpg", DISCLOSED)]))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


@pytest.fixture
def reports(content, capsys):
    code = main([
        "check", "news", "--sarif-output", "out/auditor.sarif", "--junit-output", "out/junit.xml",
        "--json-output", "out/report.json", "--html-output", "out/report.html", "--markdown-output", "out/summary.md",
    ])
    terminal = capsys.readouterr().out
    return code, terminal, content / "out"


def test_one_run_writes_every_requested_report_and_the_terminal_one(reports):
    code, terminal, out = reports
    assert code == 1
    assert "news/storm.md" in terminal and "AID101" in terminal
    assert sorted(p.name for p in out.iterdir()) == ["auditor.sarif", "junit.xml", "report.html", "report.json", "summary.md"]
    report = json.loads((out / "report.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(report)
    assert Counter(f["rule"] for f in report["findings"]) == {"AID101": 2, "AID102": 1}


def test_sarif_validates_and_declares_every_enabled_rule_with_its_docs(reports):
    sarif = json.loads((reports[2] / "auditor.sarif").read_text("utf-8"))
    validator = jsonschema.validators.validator_for(SARIF_SCHEMA)(SARIF_SCHEMA)
    errors = list(validator.iter_errors(sarif))
    assert not errors, errors[0].message
    run = sarif["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert {"AID101", "AID102", "AID103", "ATT301", "DAT401", "INP001"} <= set(rules)  # fired or not
    aid101 = rules["AID101"]
    assert aid101["shortDescription"]["text"] and aid101["fullDescription"]["text"] != aid101["shortDescription"]["text"]
    assert aid101["help"]["markdown"].startswith("# AID101 ai-image-undisclosed")
    assert aid101["defaultConfiguration"]["level"] == "error"
    assert "disclosure" in aid101["properties"]["tags"]
    assert aid101["properties"]["precision"] in {"very-high", "high", "medium", "low"}


def test_sarif_results_point_at_the_article_line_and_name_the_image(reports):
    run = json.loads((reports[2] / "auditor.sarif").read_text("utf-8"))["runs"][0]
    result = next(r for r in run["results"] if r["ruleId"] == "AID101")
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "news/storm.md"
    line = Path("news/storm.md").read_text("utf-8").splitlines()[location["region"]["startLine"] - 1]
    assert "storm.jpg" in line
    assert result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "news/storm.jpg"
    fingerprints = [r["partialFingerprints"]["auditorFingerprint/v1"] for r in run["results"]]
    assert len(set(fingerprints)) == len(fingerprints)  # the repeated image is a distinct result


def test_junit_has_a_suite_per_file_and_uniquely_named_cases(reports):
    root = ET.parse(reports[2] / "junit.xml").getroot()
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert {"news/storm.md", "news/flood.md"} <= set(suites)
    storm = suites["news/storm.md"]
    cases = storm.findall("testcase")
    assert len(cases) == 2 == int(storm.get("failures")) == int(storm.get("tests"))
    # GitLab keeps one case per classname + name: duplicates would hide findings.
    assert len({(c.get("classname"), c.get("name")) for c in cases}) == 2
    assert all(c.find("failure") is not None for c in cases)


def test_markdown_summary_counts_by_rule(reports):
    summary = (reports[2] / "summary.md").read_text("utf-8")
    assert summary.startswith("### auditor: 2 errors, 1 warning")
    assert "| AID101 ai-image-undisclosed | 2 | 0 | 0 |" in summary


def test_html_report_is_one_page_with_the_findings(reports):
    page = (reports[2] / "report.html").read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "news/storm.md" in page and "AID102" in page


def test_github_actions_gets_annotations_by_default(content, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["check", "news"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("::error file=news/storm.md,line=") for line in lines)
    main(["check", "news", "--format", "text"])  # an explicit format still wins
    assert not capsys.readouterr().out.startswith("::")


def test_gitlab_code_quality_report(content, capsys):
    main(["check", "news", "--format", "gitlab"])
    issues = json.loads(capsys.readouterr().out)
    assert len(issues) == 3
    for issue in issues:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["location"]["lines"]["begin"] >= 1
    assert len({i["fingerprint"] for i in issues}) == 3
    assert {i["location"]["path"] for i in issues} == {"news/storm.md", "news/flood.md"}


def test_report_files_in_the_audited_folder_are_not_audited_next_time(content, capsys):
    main(["check", "news", "--json-output", "news/report.json", "--html-output", "news/report.html"])
    capsys.readouterr()
    main(["check", "news", "-f", "json", "--json-output", "news/report.json", "--html-output", "news/report.html"])
    report = json.loads(capsys.readouterr().out)
    assert {f["path"] for f in report["findings"]} == {"news/storm.md", "news/flood.md"}
