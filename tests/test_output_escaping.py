"""Clean output: control characters and line breaks in file names, captions and
metadata never reach a terminal, a CI log or a report consumer as instructions.
Real files on disk go through the real command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from auditor.cli import main
from auditor.report.escaping import escape_controls, markdown_lines, one_line, sarif_uri

# Clear the screen, set the window title, then a fake summary and a fake annotation.
HOSTILE = "\x1b[2J\x1b]0;pwned\x07\n0 errors\r\n::error file=README.md::forged"
NEWLINE_NAMES = sys.platform != "win32"


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def hostile_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    # An AI-marked image whose caption carries the hostile text: AID101 fires and
    # its evidence quotes the caption.
    info = PngInfo()
    info.add_text("parameters", "a photo of a storm\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Model: sd_xl")
    Image.new("RGB", (8, 8)).save(site / "storm.png", pnginfo=info)
    caption = HOSTILE.replace("\n", " ").replace("\r", " ")
    (site / "story.md").write_text(f"# Storm\n\n![{caption}](storm.png)\n", encoding="utf-8")
    (site / "page.html").write_text('<html><body><article><h1>T</h1><p>Text.</p><figure><img src="javascript:alert(1)">'
                                    "<figcaption>A chart.</figcaption></figure></article></body></html>", encoding="utf-8")
    if NEWLINE_NAMES:
        (site / "evil\n::error file=README.md::x\x1b[2J.md").write_text("![m](missing.png)\n", encoding="utf-8")
    return site


def test_text_format_keeps_every_finding_on_its_own_lines_with_no_control_characters(hostile_site, capsys, monkeypatch):
    monkeypatch.chdir(hostile_site)
    _, out, _ = run(["check", "."], capsys)
    assert "\x1b" not in out and "\x07" not in out and "\r" not in out
    for line in out.splitlines():
        # A line is a finding (path first), an indented detail, blank, or the summary.
        assert not line.startswith("::") and not line.startswith("0 errors")
    if NEWLINE_NAMES:
        assert "evil\\n::error file=README.md::x\\e[2J.md" in out


def test_github_annotations_escape_names_and_values_per_the_runner_rules(hostile_site, capsys, monkeypatch):
    monkeypatch.chdir(hostile_site)
    code, out, _ = run(["check", ".", "-f", "github"], capsys)
    lines = out.splitlines()
    assert lines and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert "\x1b" not in out
    if NEWLINE_NAMES:
        assert any("file=evil%0A%3A%3Aerror file=README.md%3A%3Ax\\e[2J.md," in line for line in lines)


def test_sarif_never_emits_a_javascript_uri_as_a_location(hostile_site, capsys, monkeypatch):
    monkeypatch.chdir(hostile_site)
    _, out, _ = run(["check", ".", "-f", "sarif"], capsys)
    uris = [location["physicalLocation"]["artifactLocation"]["uri"]
            for result in json.loads(out)["runs"][0]["results"]
            for location in result["locations"] + result.get("relatedLocations", [])]
    assert "javascript%3Aalert%281%29" in uris
    assert not any(uri.lower().startswith(("javascript:", "data:")) for uri in uris)


def test_markdown_rows_do_not_split_on_a_lone_carriage_return(hostile_site, capsys, monkeypatch):
    monkeypatch.chdir(hostile_site)
    (hostile_site / "cr.md").write_text("![a\rb](missing.png)\n", encoding="utf-8")
    _, out, _ = run(["check", ".", "-f", "markdown"], capsys)
    assert "\r" not in out and "\x1b" not in out
    rows = [line for line in out.splitlines() if line.startswith("|")]
    assert all(line.endswith("|") for line in rows)


def test_inspect_shows_metadata_escapes_as_text(tmp_path, capsys):
    info = PngInfo()
    info.add_text("Comment", HOSTILE)
    Image.new("RGB", (4, 4)).save(tmp_path / "x.png", pnginfo=info)
    _, out, _ = run(["inspect", str(tmp_path / "x.png")], capsys)
    assert "\x1b" not in out and "\x07" not in out and "\r" not in out
    # A multi-line value continues indented under its key; no line of it can be
    # taken for a workflow command (the runner trims leading space).
    lines = out.splitlines()
    start = lines.index("    Comment: \\e[2J\\e]0;pwned\\x07")
    assert lines[start + 1:start + 3] == ["      0 errors", "      \\::error file=README.md::forged"]
    assert not any(line.lstrip().startswith("::") for line in lines)


def test_an_error_line_on_stderr_stays_one_line(tmp_path, capsys):
    config = tmp_path / "bad\n::error::x\x1b[2J.toml"
    config.write_text("role = 1\n")
    code, _, err = run(["check", str(tmp_path), "--config", str(config)], capsys)
    assert code == 2 and err.count("\n") == 1 and "\x1b" not in err


@pytest.mark.parametrize("function, value, expected", [
    (escape_controls, "a\nb\x1b[31m\u202eevil", "a\\nb\\e[31m\\u202eevil"),
    (escape_controls, "plain café 日本", "plain café 日本"),
    (one_line, "  first\n\n second\r\x07 ", "first second \\x07"),
    (markdown_lines, "a\rb\r\nc\u2028d", ["a", "b", "c", "d"]),
    (sarif_uri, "https://cdn.example/a b.png", "https://cdn.example/a%20b.png"),
    (sarif_uri, "JavaScript:alert(1)", "JavaScript%3Aalert%281%29"),
    (sarif_uri, "data:text/html,<script>", "data%3Atext%2Fhtml%2C%3Cscript%3E"),
])
def test_escaping_rules(function, value, expected):
    assert function(value) == expected
