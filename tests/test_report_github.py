"""GitHub Actions workflow commands: right command per severity, properties and
message escaped so the runner parses them back exactly."""

from __future__ import annotations

import pytest

from auditor.model import Severity
from auditor.report.github import escape_data, escape_property
from report_samples import empty_report, finding, info_finding, lone_image_finding, mixed_report, render, report


def unescape(value: str) -> str:
    """What the Actions runner does with a property or message."""
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(code, char)
    return value


def parse(line: str) -> tuple[str, dict[str, str], str]:
    assert line.startswith("::")
    command, _, rest = line[2:].partition(" ")
    props, _, message = rest.partition("::")
    properties = dict(item.split("=", 1) for item in props.split(","))
    return command, {k: unescape(v) for k, v in properties.items()}, unescape(message)


def test_one_command_per_finding():
    assert len(render(mixed_report(), "github").splitlines()) == 3


@pytest.mark.parametrize("severity, command", [("error", "error"), ("warning", "warning"), ("info", "notice")])
def test_severity_picks_the_command(severity, command):
    line = render(report(finding(severity=Severity(severity))), "github")
    assert line.startswith(f"::{command} ")


def test_location_and_title_properties():
    command, properties, message = parse(render(report(finding()), "github").rstrip("\n"))
    assert command == "error"
    assert properties == {
        "file": "news/storm.md",
        "line": "12",
        "col": "3",
        "endLine": "12",
        "endColumn": "42",
        "title": "AIX301 ai-image-without-visible-disclosure",
    }
    assert message.splitlines()[0] == finding().message
    assert "image: news/img/storm.png" in message
    assert message.splitlines()[-1] == "fix: Add 'AI-generated image' to the caption."


def test_unknown_positions_are_left_out():
    _, properties, _ = parse(render(report(lone_image_finding()), "github").rstrip("\n"))
    assert set(properties) == {"file", "title"}
    _, properties, _ = parse(render(report(info_finding()), "github").rstrip("\n"))
    assert set(properties) == {"file", "line", "title"}


def test_message_escapes_percent_and_newlines_but_keeps_colons():
    assert escape_data("100% AI\r\nsource: xmp") == "100%25 AI%0D%0Asource: xmp"


def test_properties_also_escape_colons_and_commas():
    assert escape_property("C:\\news\\a,b%.md\n") == "C%3A\\news\\a%2Cb%25.md%0A"


def test_escaped_values_round_trip_through_the_runner_rules():
    path = "news/a,b: 100%.md"
    message = "Line one: 50% AI\nline two, with comma\r\n::error:: injected"
    line = render(report(finding(path=path, message=message, media=None, evidence=(), fix=None)), "github")
    assert line.count("\n") == 1, "a finding must stay on one line"
    _, properties, parsed_message = parse(line.rstrip("\n"))
    assert properties["file"] == path
    assert parsed_message == message


def test_empty_report_writes_nothing():
    assert render(empty_report(), "github") == ""
