"""SARIF 2.1.0 output, validated against the official OASIS schema (vendored in
tests/data, see its README) and checked for what code-scanning services read."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from auditor.model import Severity
from auditor.report.fingerprint import fingerprint_of
from report_samples import (
    AI_IMAGE_RULE,
    empty_report,
    finding,
    info_finding,
    lone_image_finding,
    mixed_report,
    render,
    report,
)

SCHEMA_FILE = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
SARIF_SCHEMA = json.loads(SCHEMA_FILE.read_text("utf-8"))
SARIF_VALIDATOR = jsonschema.validators.validator_for(SARIF_SCHEMA)(
    SARIF_SCHEMA, format_checker=jsonschema.FormatChecker()
)


def sarif(rep, **options) -> dict:
    return json.loads(render(rep, "sarif", **options))


def the_run(rep, **options) -> dict:
    return sarif(rep, **options)["runs"][0]


def test_the_vendored_schema_is_the_oasis_sarif_2_1_0_schema():
    assert SARIF_SCHEMA["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    assert SARIF_SCHEMA["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert SARIF_SCHEMA["properties"]["version"]["enum"] == ["2.1.0"]
    SARIF_VALIDATOR.check_schema(SARIF_SCHEMA)


@pytest.mark.parametrize(
    "rep",
    [
        pytest.param(mixed_report(), id="with-and-without-lines-and-media"),
        pytest.param(empty_report(), id="empty"),
        pytest.param(report(finding(rule="INP003", name="unreadable-article")), id="undeclared-rule"),
        pytest.param(report(finding(media="https://cdn.example/img/a b.png")), id="remote-image"),
        pytest.param(report(finding(path="/outside/base/a.md")), id="outside-base"),
        pytest.param(report(finding(fingerprint="", fix=None, evidence=())), id="bare"),
    ],
)
def test_output_validates_against_the_official_schema(rep):
    document = sarif(rep)
    errors = sorted(SARIF_VALIDATOR.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_log_declares_schema_version_and_one_run():
    document = sarif(mixed_report())
    assert document["version"] == "2.1.0"
    assert document["$schema"].endswith("sarif-schema-2.1.0.json")
    assert len(document["runs"]) == 1
    assert document["runs"][0]["tool"]["driver"]["name"] == "auditor"


def test_every_rule_that_ran_is_declared_even_without_results():
    rules = the_run(report(finding()))["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["AIX301", "ATT101", "DAT201"]
    first = rules[0]
    assert first["name"] == "ai-image-without-visible-disclosure"
    assert first["shortDescription"] == {"text": AI_IMAGE_RULE.summary}
    assert first["helpUri"] == "https://example.org/rules/AIX301"
    assert "helpUri" not in rules[1]


@pytest.mark.parametrize("severity, level", [("error", "error"), ("warning", "warning"), ("info", "note")])
def test_severities_map_to_sarif_levels(severity, level):
    run = the_run(report(finding(severity=Severity(severity))))
    assert run["results"][0]["level"] == level


def test_rule_default_levels_follow_rule_severity():
    rules = the_run(empty_report())["tool"]["driver"]["rules"]
    assert [r["defaultConfiguration"]["level"] for r in rules] == ["error", "warning", "note"]


def test_rule_index_points_at_the_rule_of_each_result():
    run = the_run(mixed_report())
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_a_finding_of_an_undeclared_rule_gets_a_descriptor():
    run = the_run(report(finding(rule="INP003", name="unreadable-article", severity=Severity.warning)))
    result = run["results"][0]
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "INP003"


def test_region_has_only_known_coordinates_and_never_zero():
    results = the_run(mixed_report())["results"]
    with_span, lone_image, line_only = (r["locations"][0]["physicalLocation"] for r in results)
    assert with_span["region"] == {"startLine": 12, "startColumn": 3, "endLine": 12, "endColumn": 42}
    assert "region" not in lone_image
    assert line_only["region"] == {"startLine": 4}


def test_zero_positions_are_left_out_rather_than_written():
    physical = the_run(report(finding(line=0, column=0)))["results"][0]["locations"][0]["physicalLocation"]
    assert "region" not in physical


def test_uris_are_relative_to_the_base_with_forward_slashes(tmp_path):
    article = tmp_path / "news" / "2026" / "storm report.md"
    rep = report(finding(path=str(article), media=str(tmp_path / "news" / "img" / "storm.png")))
    run = the_run(rep, base_path=tmp_path)
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "news/2026/storm%20report.md", "uriBaseId": "%SRCROOT%"}
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base.startswith("file://") and base.endswith("/")
    assert base == tmp_path.as_uri() + "/"


def test_relative_input_paths_resolve_against_the_current_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    location = the_run(report(finding(path="news/storm.md")))["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "news/storm.md", "uriBaseId": "%SRCROOT%"}


def test_files_outside_the_base_get_absolute_file_uris(tmp_path):
    outside = tmp_path / "other" / "a.md"
    run = the_run(report(finding(path=str(outside))), base_path=tmp_path / "project")
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": outside.as_uri()}


def test_the_image_file_is_a_related_location():
    result = the_run(report(finding()))["results"][0]
    related = result["relatedLocations"]
    assert len(related) == 1
    assert related[0]["physicalLocation"]["artifactLocation"]["uri"] == "news/img/storm.png"
    assert related[0]["message"]["text"] == "image file"


def test_a_remote_image_keeps_its_own_uri():
    result = the_run(report(finding(media="https://cdn.example/img/a b.png")))["results"][0]
    assert result["relatedLocations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "https://cdn.example/img/a%20b.png"
    }


def test_findings_without_an_image_have_no_related_locations():
    result = the_run(report(lone_image_finding()))["results"][0]
    assert "relatedLocations" not in result


def test_partial_fingerprint_is_the_findings_line_independent_fingerprint():
    fingerprint = fingerprint_of("AIX301", "news/storm.md", "img/storm.png")
    result = the_run(report(finding(fingerprint=fingerprint)))["results"][0]
    assert result["partialFingerprints"] == {"auditorFingerprint/v1": fingerprint}


def test_evidence_figure_and_fix_travel_in_result_properties():
    properties = the_run(report(finding()))["results"][0]["properties"]
    assert properties["evidence"][0]["source"] == "xmp:Iptc4xmpExt:DigitalSourceType"
    assert properties["figure"] == 0
    assert properties["fix"] == "Add 'AI-generated image' to the caption."


def test_message_text_is_the_finding_message():
    result = the_run(report(info_finding()))["results"][0]
    assert result["message"] == {"text": info_finding().message}


def test_empty_report_still_has_a_results_array():
    # An absent array means "not a scan"; an empty one means "scanned, nothing found".
    assert the_run(empty_report())["results"] == []


@pytest.mark.parametrize("state", ["new", "unchanged"])
def test_baseline_state_is_carried_and_validates(state):
    document = sarif(report(finding(baseline_state=state)))
    assert document["runs"][0]["results"][0]["baselineState"] == state
    assert not list(SARIF_VALIDATOR.iter_errors(document))


def test_findings_gone_since_the_baseline_are_listed_as_absent():
    from auditor.model import Finding

    gone = Finding(rule="ATT101", name="credit-contradicts-metadata", severity=Severity.warning,
                   message="no longer found", path="news/old.md", fingerprint="b2" * 32, baseline_state="absent")
    rep = report(finding(baseline_state="new")).model_copy(update={"baseline_absent": (gone,)})
    document = sarif(rep)
    assert [r["baselineState"] for r in document["runs"][0]["results"]] == ["new", "absent"]
    assert not list(SARIF_VALIDATOR.iter_errors(document))


def test_suppressed_findings_carry_a_sarif_suppression():
    document = sarif(report(finding(suppressed=True, suppression="inline: reviewed by the photo desk")))
    [suppression] = document["runs"][0]["results"][0]["suppressions"]
    assert suppression == {"kind": "inSource", "status": "accepted", "justification": "inline: reviewed by the photo desk"}
    assert not list(SARIF_VALIDATOR.iter_errors(document))


def test_rules_carry_full_description_help_tags_and_precision_when_documented():
    documented = AI_IMAGE_RULE.model_copy(update={
        "description": "Readers must be told at the image.", "help_markdown": "# AIX301\n\nWhy...",
        "tags": ("disclosure", "core"), "precision": "medium",
    })
    rep = report(finding()).model_copy(update={"rules": (documented,)})
    rule = the_run(rep)["tool"]["driver"]["rules"][0]
    assert rule["fullDescription"] == {"text": "Readers must be told at the image."}
    assert rule["help"]["markdown"] == "# AIX301\n\nWhy..."
    assert rule["help"]["text"].startswith(AI_IMAGE_RULE.summary)
    assert rule["properties"]["tags"] == ["disclosure", "core"] and rule["properties"]["precision"] == "medium"
