"""The human text format: what a reader sees in a terminal or a CI log."""

from __future__ import annotations

import io
import re

import pytest

from auditor.model import Report, Summary
from auditor.report import write_report
from report_samples import empty_report, finding, info_finding, lone_image_finding, mixed_report, render, report

ANSI = re.compile(r"\x1b\[")


class TerminalStream(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch):
    """Colour decisions must not depend on the shell the tests run in."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


def test_no_color_codes_when_the_stream_is_not_a_terminal():
    assert not ANSI.search(render(mixed_report(), "text"))


def test_color_on_a_terminal():
    stream = TerminalStream()
    write_report(mixed_report(), "text", stream)
    assert ANSI.search(stream.getvalue())


def test_no_color_environment_turns_colour_off_on_a_terminal(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    stream = TerminalStream()
    write_report(mixed_report(), "text", stream)
    assert not ANSI.search(stream.getvalue())


def test_force_color_environment_turns_colour_on_without_a_terminal(monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert ANSI.search(render(mixed_report(), "text"))


def test_color_can_be_forced_on_and_off():
    assert ANSI.search(render(mixed_report(), "text", color=True))
    stream = TerminalStream()
    write_report(mixed_report(), "text", stream, color=False)
    assert not ANSI.search(stream.getvalue())


def test_finding_line_reads_path_line_col_severity_code_name_message():
    first = render(report(finding()), "text").splitlines()[0]
    assert re.fullmatch(
        r"news/storm\.md:12:3  error +AIX301 ai-image-without-visible-disclosure  Image 'img/storm\.png' .*",
        first,
    )


def test_image_evidence_and_fix_are_indented_below_the_finding():
    lines = render(report(finding()), "text").splitlines()
    assert lines[1] == "    image: news/img/storm.png"
    assert lines[2] == (
        "    xmp:Iptc4xmpExt:DigitalSourceType: "
        "trainedAlgorithmicMedia (made by generative AI; IPTC digital source type)"
    )
    assert lines[3] == "    caption: Storm clouds over the harbour."
    assert lines[4] == "    fix: Add 'AI-generated image' to the caption."


@pytest.mark.parametrize(
    "made, position",
    [
        (lone_image_finding(), "photos/harbour.jpg  warning"),
        (info_finding(), "news/dates.html:4  info"),
    ],
)
def test_unknown_positions_are_left_out(made, position):
    assert render(report(made), "text").startswith(position)


def test_findings_are_grouped_by_file_with_a_blank_line_between_files():
    rep = report(finding(), finding(line=30, evidence=(), fix=None, media=None), info_finding())
    lines = render(rep, "text").splitlines()
    assert lines[5].startswith("news/storm.md:30:3")
    assert lines[6] == ""
    assert lines[7].startswith("news/dates.html:4")


def test_summary_line_counts_findings_documents_images_and_time():
    rep = report(finding(), finding(line=2), finding(line=3), lone_image_finding(), documents=5, media=7, elapsed=0.123)
    assert render(rep, "text").splitlines()[-1] == "3 errors, 1 warning, 0 info in 5 documents, 7 images (0.12 s)"


def test_clean_run_says_no_findings():
    output = render(report(documents=1, media=1, elapsed=2.0), "text")
    assert output == "No findings in 1 document, 1 image (2.00 s)\n"


def test_summary_mentions_unreadable_files():
    assert "; 2 files could not be read" in render(report(errors=2), "text")


def test_counts_fall_back_to_the_findings_seen_when_the_summary_has_none():
    rep = Report(findings=(finding(), info_finding()), summary=Summary(documents=2))
    assert render(rep, "text").splitlines()[-1].startswith("1 error, 0 warnings, 1 info in 2 documents")


def test_paths_inside_the_current_directory_are_shown_relative(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rep = report(finding(path=str(tmp_path / "news" / "storm.md"), media=str(tmp_path / "news" / "img" / "a.png")))
    output = render(rep, "text")
    assert output.startswith("news/storm.md:12:3")
    assert "    image: news/img/a.png" in output
    assert str(tmp_path) not in output


def test_brackets_in_messages_are_printed_literally_not_as_markup():
    output = render(report(finding(message="Caption says [bold]AI[/bold] [link=x]here[/link]")), "text")
    assert "[bold]AI[/bold] [link=x]here[/link]" in output


def test_long_lines_are_not_wrapped():
    message = "word " * 60
    first = render(report(finding(message=message)), "text").splitlines()[0]
    assert first.endswith(message.strip())


def test_long_evidence_is_cut_to_one_short_line():
    prompt = "a photo of a storm, " * 50 + "\nSteps: 30"
    rep = report(finding(evidence=(finding().evidence[0].model_copy(update={"value": prompt}),)))
    evidence_line = render(rep, "text").splitlines()[2]
    assert len(evidence_line) < 220 and evidence_line.endswith("...")


def test_empty_report_is_only_the_summary():
    assert render(empty_report(), "text") == "No findings in 3 documents, 0 images (0.01 s)\n"
