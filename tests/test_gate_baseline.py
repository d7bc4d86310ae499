"""Baselines: a content repository accepts today's findings and fails only on new
ones; the identity of a finding survives moving text but not a second copy."""

from __future__ import annotations

import json

import pytest

from auditor.cli import main
from content_repo import DISCLOSED, PARAGRAPHS, UNDISCLOSED, ai_image, article, write


@pytest.fixture
def newsroom(tmp_path, monkeypatch):
    """A folder with one article whose AI image is not disclosed (AID101), run
    from its root as CI would."""
    ai_image(tmp_path / "news" / "storm.jpg")
    write(tmp_path / "news" / "storm.md", article([("storm.jpg", UNDISCLOSED)]))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    out, _ = capsys.readouterr()
    return code, out


def create_baseline(capsys) -> dict:
    code, _ = run(capsys, "baseline", "create", "news", "-o", "auditor-baseline.json")
    assert code == 0
    return json.loads(open("auditor-baseline.json", encoding="utf-8").read())


def test_baseline_records_the_current_findings_fingerprints(newsroom, capsys):
    baseline = create_baseline(capsys)
    assert baseline["format"] == "auditor-baseline/1"
    [entry] = baseline["findings"]
    assert entry["rule"] == "AID101" and entry["path"] == "news/storm.md"
    code, out = run(capsys, "check", "news", "-f", "json")
    assert json.loads(out)["findings"][0]["fingerprint"] == entry["fingerprint"]


def test_known_findings_do_not_fail_the_check_and_are_marked_unchanged(newsroom, capsys):
    create_baseline(capsys)
    assert run(capsys, "check", "news")[0] == 1  # without the baseline it fails
    code, out = run(capsys, "check", "news", "--baseline", "auditor-baseline.json", "-f", "json")
    assert code == 0
    report = json.loads(out)
    assert [f["baseline_state"] for f in report["findings"]] == ["unchanged"]
    assert report["summary"]["baseline"] == {"new": 0, "unchanged": 1, "absent": 0}


def test_the_terminal_shows_only_new_findings(newsroom, capsys):
    create_baseline(capsys)
    code, out = run(capsys, "check", "news", "--baseline", "auditor-baseline.json")
    assert code == 0
    assert "AID101" not in out
    assert "baseline: 0 new, 1 unchanged" in out


def test_moving_a_paragraph_does_not_make_a_finding_new(newsroom, capsys):
    create_baseline(capsys)
    moved = article([("storm.jpg", UNDISCLOSED)], ["A new first paragraph.", *reversed(PARAGRAPHS)], figure_first=False)
    write(newsroom / "news" / "storm.md", moved)
    code, out = run(capsys, "check", "news", "--baseline", "auditor-baseline.json", "-f", "json")
    finding = json.loads(out)["findings"][0]
    assert finding["line"] > 5  # it did move
    assert (code, finding["baseline_state"]) == (0, "unchanged")


def test_a_second_identical_problem_in_the_same_file_is_new(newsroom, capsys):
    create_baseline(capsys)
    write(newsroom / "news" / "storm.md", article([("storm.jpg", UNDISCLOSED), ("storm.jpg", UNDISCLOSED)]))
    code, out = run(capsys, "check", "news", "--baseline", "auditor-baseline.json", "-f", "json")
    assert code == 1
    states = sorted(f["baseline_state"] for f in json.loads(out)["findings"])
    assert states == ["new", "unchanged"]


def test_a_new_problem_in_another_file_fails_and_is_the_only_one_shown(newsroom, capsys):
    create_baseline(capsys)
    ai_image(newsroom / "news" / "flood.jpg")
    write(newsroom / "news" / "flood.md", article([("flood.jpg", UNDISCLOSED)]))
    code, out = run(capsys, "check", "news", "--baseline", "auditor-baseline.json")
    assert code == 1
    assert "news/flood.md" in out and "news/storm.md" not in out


def test_sarif_carries_baseline_state_including_fixed_findings(newsroom, capsys):
    create_baseline(capsys)
    ai_image(newsroom / "news" / "flood.jpg")
    write(newsroom / "news" / "flood.md", article([("flood.jpg", UNDISCLOSED)]))
    write(newsroom / "news" / "storm.md", article([("storm.jpg", DISCLOSED)]))  # fixed
    code, out = run(capsys, "check", "news", "--baseline", "auditor-baseline.json", "-f", "sarif")
    results = json.loads(out)["runs"][0]["results"]
    states = {(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["baselineState"]) for r in results}
    assert states == {("news/flood.md", "new"), ("news/storm.md", "absent")}
    assert code == 1


def test_a_file_that_is_not_a_baseline_is_a_usage_error(newsroom, capsys):
    write(newsroom / "notes.json", '{"hello": 1}')
    assert main(["check", "news", "--baseline", "notes.json"]) == 2
    assert "not an auditor baseline" in capsys.readouterr().err
    assert main(["check", "news", "--baseline", "missing.json"]) == 2
    assert "cannot read baseline" in capsys.readouterr().err


def test_a_baseline_inside_the_audited_folder_is_not_audited_as_an_article(newsroom, capsys):
    code, _ = run(capsys, "baseline", "create", "news", "-o", "news/auditor-baseline.json")
    code, out = run(capsys, "check", "news", "--baseline", "news/auditor-baseline.json", "-f", "json")
    assert code == 0
    assert all(f["rule"] != "INP003" for f in json.loads(out)["findings"])
