"""Evidence rendered for people: yes/no, lists joined, IPTC terms with their
meaning, in the human formats; the machine formats keep the values as recorded.
And `inspect` keeps a multi-line metadata value under its key."""

from __future__ import annotations

import json

import pytest

from auditor.cli import main
from auditor.report.evidence_text import readable_value
from fixtures import images

AI_URI = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"


@pytest.mark.parametrize("recorded, shown", [
    ("None", "not set"),
    ("True", "yes"),
    ("False", "no"),
    ("['Jane Doe']", "Jane Doe"),
    ("['Jane Doe', 'Reuters']", "Jane Doe, Reuters"),
    ("[]", "none"),
    (AI_URI, "trainedAlgorithmicMedia (made by generative AI; IPTC digital source type)"),
    ("https://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia",
     "compositeWithTrainedAlgorithmicMedia (edited with generative AI; IPTC digital source type)"),
    ("http://cv.iptc.org/newscodes/digitalsourcetype/noSuchTerm", "http://cv.iptc.org/newscodes/digitalsourcetype/noSuchTerm"),
    ("The city at night.", "The city at night."),
    ("[x for x in y]", "[x for x in y]"),  # not a literal: shown as written, never run
    ("['a', ['nested']]", "['a', ['nested']]"),
])
def test_readable_value(recorded, shown):
    assert readable_value(recorded) == shown


@pytest.fixture
def undisclosed(tmp_path):
    images.write_jpeg(tmp_path / "city.jpg", xmp={"Iptc4xmpExt:DigitalSourceType": AI_URI})
    path = tmp_path / "story.md"
    path.write_text("# City\n\n![City](city.jpg)\n\n*The city at night.*\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["text", "junit", "github", "html"])
def test_human_formats_show_readable_evidence(undisclosed, capsys, fmt):
    main(["check", str(undisclosed), "--format", fmt])
    out = capsys.readouterr().out
    assert "made by generative AI" in out
    assert ": None" not in out and ": True" not in out


def test_json_keeps_the_recorded_values(undisclosed, capsys):
    main(["check", str(undisclosed), "--format", "json"])
    values = {e["value"] for f in json.loads(capsys.readouterr().out)["findings"] for e in f["evidence"]}
    assert AI_URI in values


def test_inspect_indents_a_multi_line_value_under_its_key(tmp_path, capsys):
    parameters = "a lighthouse at dusk\nNegative prompt: blurry\nSteps: 30, Sampler: Euler a"
    images.write_png(tmp_path / "gen.png", text={"parameters": parameters})
    main(["inspect", str(tmp_path / "gen.png")])
    lines = capsys.readouterr().out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("parameters:"))
    assert lines[start] == "    parameters: a lighthouse at dusk"
    assert lines[start + 1:start + 3] == ["      Negative prompt: blurry", "      Steps: 30, Sampler: Euler a"]
