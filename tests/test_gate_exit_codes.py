"""Exit codes, the contract every CI configuration relies on:

0  no finding at or above --fail-on (or --exit-zero was given)
1  there are findings at or above --fail-on that are not in the baseline
2  usage, configuration, rule-pack, baseline or git error (even with --exit-zero)
"""

from __future__ import annotations

import pytest

from auditor.cli import main
from content_repo import DISCLOSED, UNDISCLOSED, ai_image, article, plain_image, write


@pytest.fixture
def content(tmp_path, monkeypatch):
    """clean/: nothing to report. error/: an undisclosed AI image (AID101, error).
    warning/: an AI disclosure on an unmarked image (AID102, warning)."""
    ai_image(tmp_path / "clean" / "storm.jpg")
    write(tmp_path / "clean" / "storm.md", article([("storm.jpg", DISCLOSED)]))
    ai_image(tmp_path / "error" / "storm.jpg")
    write(tmp_path / "error" / "storm.md", article([("storm.jpg", UNDISCLOSED)]))
    plain_image(tmp_path / "warning" / "storm.jpg")
    write(tmp_path / "warning" / "storm.md", article([("storm.jpg", DISCLOSED)]))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    "folder, options, expected",
    [
        ("clean", [], 0),
        ("error", [], 1),
        ("warning", [], 0),  # the default threshold is error
        ("warning", ["--fail-on", "warning"], 1),
        ("warning", ["--fail-on", "info"], 1),
        ("error", ["--fail-on", "never"], 0),
        ("error", ["--exit-zero"], 0),
        ("error", ["--exit-zero", "--fail-on", "info"], 0),
    ],
)
def test_exit_code_follows_the_threshold(content, capsys, folder, options, expected):
    assert main(["check", folder, *options]) == expected
    capsys.readouterr()


@pytest.mark.parametrize(
    "options, message",
    [
        (["--format", "yaml"], "yaml"),
        (["--fail-on", "sometimes"], "sometimes"),
        (["--baseline", "missing.json"], "cannot read baseline"),
        (["--diff-against", "main"], "--diff-against"),  # not a git repository
        (["--sarif-output", "clean/storm.md/x.sarif"], "cannot write sarif report"),
    ],
)
def test_usage_errors_exit_2_even_with_exit_zero(content, capsys, monkeypatch, options, message):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(content.parent))
    assert main(["check", "error", "--exit-zero", *options]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_exit_zero_still_reports_the_findings(content, capsys):
    assert main(["check", "error", "--exit-zero"]) == 0
    assert "AID101" in capsys.readouterr().out
