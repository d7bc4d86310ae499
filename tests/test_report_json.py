"""The JSON report and JSON Lines stream: the public contract scripts rely on."""

from __future__ import annotations

import io
import json
from importlib import resources

import jsonschema
import pytest

import auditor
from auditor.model import Report, Summary
from auditor.report import FORMATS, UnknownFormat, formatter_class, formatter_for, write_report
from report_samples import empty_report, finding, info_finding, lone_image_finding, mixed_report, render, report

REPORT_SCHEMA = json.loads(resources.files("auditor").joinpath("data/report.schema.json").read_text("utf-8"))
FINDING_KEYS = [
    "rule", "name", "severity", "message", "path", "line", "column", "end_line", "end_column",
    "media", "figure", "evidence", "fix", "fingerprint", "baseline_state", "suppressed", "suppression",
]


def validate(document) -> None:
    jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(document)


def test_the_report_schema_is_itself_a_valid_schema():
    jsonschema.Draft202012Validator.check_schema(REPORT_SCHEMA)


@pytest.mark.parametrize("rep", [mixed_report(), empty_report(), report(finding(media="https://cdn.example/a.png"))])
def test_json_output_validates_against_the_report_schema(rep):
    validate(json.loads(render(rep, "json")))


def test_json_report_names_schema_version_and_tool():
    document = json.loads(render(mixed_report(), "json"))
    assert document["schema_version"] == "1.4"
    assert document["tool"] == {"name": "auditor", "version": auditor.__version__}


def test_summary_carries_documents_media_counts_errors_and_elapsed():
    rep = report(finding(), finding(line=20), lone_image_finding(), documents=5, media=7, errors=1, elapsed=0.12345)
    summary = json.loads(render(rep, "json"))["summary"]
    # The 1.0 keys keep their meaning; 1.3 added the groupings after them.
    assert {key: summary[key] for key in ("documents", "media", "findings", "errors", "elapsed")} == {
        "documents": 5,
        "media": 7,
        "findings": {"error": 2, "warning": 1, "info": 0},
        "errors": 1,
        "elapsed": 0.123,
    }
    assert summary["documents_per_second"] == round(5 / 0.12345, 1)


def test_counts_fall_back_to_the_findings_when_the_summary_has_none():
    rep = Report(findings=(finding(), info_finding()), summary=Summary(documents=2))
    assert json.loads(render(rep, "json"))["summary"]["findings"] == {"error": 1, "warning": 0, "info": 1}


def test_finding_has_every_contract_field_in_order():
    record = json.loads(render(report(finding()), "json"))["findings"][0]
    assert list(record) == FINDING_KEYS
    assert record["rule"] == "AIX301"
    assert record["severity"] == "error"
    assert (record["line"], record["column"], record["end_line"], record["end_column"]) == (12, 3, 12, 42)
    assert record["media"] == "news/img/storm.png"
    assert record["evidence"][0] == {
        "source": "xmp:Iptc4xmpExt:DigitalSourceType",
        "value": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia",
    }
    assert record["fix"] == "Add 'AI-generated image' to the caption."
    assert record["fingerprint"] == "3f" * 32


def test_lines_and_columns_are_null_where_not_applicable():
    record = json.loads(render(report(lone_image_finding()), "json"))["findings"][0]
    assert record["line"] is None and record["column"] is None
    assert record["media"] is None and record["figure"] is None and record["fix"] is None


def test_paths_are_relative_to_the_base_path_with_forward_slashes(tmp_path):
    inside = tmp_path / "news" / "storm.md"
    rep = report(finding(path=str(inside), media=str(tmp_path / "news" / "img" / "storm.png")))
    record = json.loads(render(rep, "json", base_path=tmp_path))["findings"][0]
    assert record["path"] == "news/storm.md"
    assert record["media"] == "news/img/storm.png"


def test_paths_outside_the_base_path_are_kept_as_given(tmp_path):
    record = json.loads(render(report(finding(path="/elsewhere/a.md")), "json", base_path=tmp_path))["findings"][0]
    assert record["path"] == "/elsewhere/a.md"


def test_remote_image_sources_are_kept_as_written():
    record = json.loads(render(report(finding(media="https://cdn.example/a.png")), "json"))["findings"][0]
    assert record["media"] == "https://cdn.example/a.png"


def test_non_ascii_text_survives_unescaped():
    rep = report(finding(message="Bild ist KI-generiert — „Symbolbild“ 人工智能"))
    output = render(rep, "json")
    assert "人工智能" in output
    assert json.loads(output)["findings"][0]["message"].endswith("人工智能")


def test_empty_report_has_an_empty_findings_list():
    document = json.loads(render(empty_report(), "json"))
    assert document["findings"] == []
    assert document["summary"]["findings"] == {"error": 0, "warning": 0, "info": 0}


# JSON Lines


def test_jsonl_writes_one_validating_finding_per_line_and_nothing_else():
    output = render(mixed_report(), "jsonl")
    lines = output.splitlines()
    assert len(lines) == 3
    finding_schema = {"$defs": REPORT_SCHEMA["$defs"], "$ref": "#/$defs/finding"}
    for line in lines:
        record = json.loads(line)
        assert list(record) == FINDING_KEYS
        jsonschema.Draft202012Validator(finding_schema).validate(record)


def test_jsonl_streams_each_finding_as_it_is_handled():
    stream = io.StringIO()
    formatter = formatter_for("jsonl", stream)
    formatter.start()
    formatter.handle(finding())
    assert stream.getvalue().count("\n") == 1
    formatter.handle(lone_image_finding())
    assert stream.getvalue().count("\n") == 2
    formatter.finish(mixed_report())
    assert stream.getvalue().count("\n") == 2


def test_jsonl_of_an_empty_report_is_empty():
    assert render(empty_report(), "jsonl") == ""


def test_jsonl_records_never_span_lines_even_with_unicode_line_separators():
    output = render(report(finding(message="one\u2028two\nthree\u0085four")), "jsonl")
    assert len(output.splitlines()) == 1
    assert json.loads(output)["message"] == "one\u2028two\nthree\u0085four"


# The registry


def test_every_format_is_registered_by_name():
    assert set(FORMATS) == {"text", "json", "jsonl", "sarif", "junit", "github", "gitlab", "html", "markdown", "csv"}
    for name in FORMATS:
        assert formatter_class(name).name == name


def test_unknown_format_is_a_value_error_naming_the_choices():
    with pytest.raises(UnknownFormat, match="choose one of: text, json"):
        write_report(empty_report(), "yaml", io.StringIO())
