"""Bad input ends as a finding or a one-line error for that file, and the rest of
the batch is still audited (issue: audit pipeline, "Bad input")."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import auditor
from fixtures import images

AI_XMP = {"Iptc4xmpExt:DigitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"}


def good_article(folder: Path) -> None:
    """An AI image with only a vague label: AID104 must still be found next to bad files."""
    (folder / "good.md").write_text("---\ntitle: Good\n---\n![x](good.jpg)\n\n*Representational image*\n", encoding="utf-8")
    images.write_jpeg(folder / "good.jpg", xmp=AI_XMP)


def article_using(folder: Path, image_name: str) -> Path:
    path = folder / f"uses-{image_name}.md"
    path.write_text(f"---\ntitle: Uses {image_name}\n---\n![x]({image_name})\n\n*AI-generated image*\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    good_article(folder)
    (folder / "zero.jpg").write_bytes(b"")
    article_using(folder, "zero.jpg")
    images.truncated_jpeg(folder / "truncated.jpg", cut="first-segment")
    article_using(folder, "truncated.jpg")
    images.mislabelled(folder / "liar.png", xmp=AI_XMP)
    article_using(folder, "liar.png")
    images.xmp_entity_bomb_jpeg(folder / "bomb.jpg")
    article_using(folder, "bomb.jpg")
    images.png_with_huge_text(folder / "huge.png", megabytes=50)
    article_using(folder, "huge.png")
    (folder / "deep.html").write_text("<html><body>" + "<div>" * 100_000 + "deep" + "</div>" * 100_000 + "</body></html>")
    (folder / "latin1.txt").write_bytes("Caf\xe9 owners protest\n\nThe caf\xe9 owners met.\n".encode("latin-1"))
    loop = folder / "loop"
    loop.mkdir()
    os.symlink("..", loop / "parent")  # a folder loop
    os.symlink("self.jpg", folder / "self.jpg")  # a file loop
    return folder


@pytest.fixture(scope="module")
def hostile_report(hostile_folder):
    return auditor.audit([hostile_folder])


def findings_for(report, name: str) -> list:
    return [f for f in report.findings if Path(f.path).name == name or (f.media and Path(f.media).name == name)]


def test_good_file_is_still_audited_among_bad_ones(hostile_report):
    assert [f.rule for f in findings_for(hostile_report, "good.md")] == ["AID104"]


@pytest.mark.parametrize("image", ["zero.jpg", "truncated.jpg"])
def test_unreadable_image_is_inp001_for_the_article_that_uses_it(hostile_report, image):
    found = findings_for(hostile_report, f"uses-{image}.md")
    assert "INP001" in [f.rule for f in found]
    message = next(f.message for f in found if f.rule == "INP001")
    assert "\n" not in message


def test_image_whose_extension_lies_is_read_by_its_real_format(hostile_report, hostile_folder):
    facts = auditor.inspect(hostile_folder / "liar.png")
    assert facts.format == "jpeg"
    assert "ai-generated" in facts.kinds()
    assert "INP001" not in [f.rule for f in findings_for(hostile_report, "uses-liar.png.md")]


def test_xmp_entity_bomb_is_refused_not_expanded(hostile_folder):
    facts = auditor.inspect(hostile_folder / "bomb.jpg")
    assert facts.xmp == {} or "lol" not in json.dumps(facts.xmp)
    assert "ai-generated" not in facts.kinds()


def test_fifty_megabyte_text_chunk_is_bounded(hostile_folder):
    facts = auditor.inspect(hostile_folder / "huge.png")
    assert all(len(str(v)) <= 2_000_000 for v in facts.png_text.values())


def test_deeply_nested_html_is_parsed_or_reported(hostile_report):
    found = findings_for(hostile_report, "deep.html")
    assert all(f.rule == "INP003" for f in found)


def test_text_that_is_not_utf8_is_inp003_in_one_line(hostile_report):
    found = findings_for(hostile_report, "latin1.txt")
    assert [f.rule for f in found] == ["INP003"]
    assert "UTF-8" in found[0].message and "\n" not in found[0].message


def test_symlink_loops_are_reported_not_followed(hostile_report):
    broken = [f for f in hostile_report.findings if f.rule == "INP003" and "loop" in f.message]
    assert {Path(f.path).name for f in broken} >= {"self.jpg"}


def test_whole_hostile_batch_runs_through_the_cli_without_a_traceback(hostile_folder):
    result = subprocess.run([sys.executable, "-m", "auditor", "check", str(hostile_folder), "--format", "json"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert report["summary"]["documents"] >= 8
