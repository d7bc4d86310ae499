"""Suppressions written in the content: they need a reason, keep the finding visible
(marked, with the reason) without failing the gate, and report themselves when unused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.cli import main
from fixtures import images

AI_XMP = {"Iptc4xmpExt:DigitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"}


def story(folder: Path, body: str, name: str = "story.md") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    images.write_jpeg(folder / "city.jpg", xmp=AI_XMP)
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


def run(capsys, *args) -> tuple[int, list[dict]]:
    code = main(["check", *map(str, args), "--format", "json"])
    return code, json.loads(capsys.readouterr().out)["findings"]


UNDISCLOSED = "![City](city.jpg)\n\n*The city at night.*\n"


def test_ignore_comment_with_reason_suppresses_the_next_block(tmp_path, capsys):
    path = story(tmp_path, "# City\n\n<!-- auditor: ignore[AID101] -- licensed stock image, disclosed on the gallery page -->\n" + UNDISCLOSED)
    code, findings = run(capsys, path)
    aid101 = [f for f in findings if f["rule"] == "AID101"]
    assert len(aid101) == 1 and aid101[0]["suppressed"] is True
    assert aid101[0]["suppression"] == "licensed stock image, disclosed on the gallery page"
    assert code == 0  # a suppressed error does not fail the gate


def test_ignore_covers_only_the_next_block(tmp_path, capsys):
    body = "# City\n\n<!-- auditor: ignore[AID101] -- first image is licensed -->\nIntro paragraph.\n\n" + UNDISCLOSED
    code, findings = run(capsys, story(tmp_path, body))
    assert code == 1
    assert [f["suppressed"] for f in findings if f["rule"] == "AID101"] == [False]
    assert any(f["rule"] == "SUP001" for f in findings)  # the directive hit the paragraph, which had nothing


def test_disable_enable_range(tmp_path, capsys):
    body = ("# City\n\n<!-- auditor: disable[AID101] -- satire gallery, labelled on the section page -->\n"
            + UNDISCLOSED + "\n<!-- auditor: enable[AID101] -->\n\n![Again](city.jpg)\n\n*Again at night.*\n")
    code, findings = run(capsys, story(tmp_path, body))
    states = [f["suppressed"] for f in findings if f["rule"] == "AID101"]
    assert sorted(states) == [False, True]


def test_front_matter_ignore_covers_the_file(tmp_path, capsys):
    body = "---\ntitle: City\nauditor:\n  ignore: {AID101: \"archive item, label lost in migration; ticket 123\"}\n---\n" + UNDISCLOSED
    code, findings = run(capsys, story(tmp_path, body))
    assert code == 0
    assert [f["suppression"] for f in findings if f["rule"] == "AID101"] == ["archive item, label lost in migration; ticket 123"]


@pytest.mark.parametrize("directive", [
    "<!-- auditor: ignore[AID101] -->\n",
    "<!-- auditor: ignore[AID101] --   -->\n",
])
def test_suppression_without_reason_is_a_finding_and_not_honoured(tmp_path, capsys, directive):
    code, findings = run(capsys, story(tmp_path, "# City\n\n" + directive + UNDISCLOSED))
    assert code == 1
    assert [f["suppressed"] for f in findings if f["rule"] == "AID101"] == [False]
    assert [f["line"] for f in findings if f["rule"] == "SUP002"] == [3]


def test_malformed_directive_is_reported(tmp_path, capsys):
    _, findings = run(capsys, story(tmp_path, "# City\n\n<!-- auditor: ignroe[AID101] -- typo -->\n" + UNDISCLOSED))
    assert "SUP003" in {f["rule"] for f in findings}


def test_no_inline_suppressions_ignores_every_directive(tmp_path, capsys):
    path = story(tmp_path, "# City\n\n<!-- auditor: ignore[AID101] -- licensed -->\n<!-- auditor: ignore[DAT401] -->\n" + UNDISCLOSED)
    code = main(["check", str(path), "--format", "json", "--no-inline-suppressions"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert code == 1
    assert {f["rule"] for f in findings} == {"AID101"} and not findings[0]["suppressed"]


def test_suppressed_findings_carry_a_sarif_suppression_with_justification(tmp_path, capsys):
    path = story(tmp_path, "# City\n\n<!-- auditor: ignore[AID101] -- licensed stock image -->\n" + UNDISCLOSED)
    main(["check", str(path), "--format", "sarif"])
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    aid101 = [r for r in results if r["ruleId"] == "AID101"]
    assert aid101[0]["suppressions"][0]["kind"] == "inSource"
    assert aid101[0]["suppressions"][0]["justification"] == "licensed stock image"


def test_html_comment_suppresses_the_figure_that_follows(tmp_path, capsys):
    page = ('<!doctype html><html lang="en"><head><title>City</title></head><body><article><h1>City</h1>\n'
            '<!-- auditor: ignore[AID101] -- licensed stock image -->\n'
            '<figure><img src="city.jpg" alt="City"><figcaption>The city at night.</figcaption></figure>\n'
            '<p>Body.</p></article></body></html>\n')
    code, findings = run(capsys, story(tmp_path, page, "story.html"))
    assert code == 0 and [f["suppressed"] for f in findings if f["rule"] == "AID101"] == [True]


def test_directives_are_read_from_the_file_as_it_is_when_suppressions_apply(tmp_path):
    # The parser's bytes are reused for the directives only while the file is unchanged.
    from auditor.articles import parse_article
    from auditor.articles.suppressions import read_directives

    path = story(tmp_path, "<!-- auditor: ignore[AID101] -- stock image -->\n" + UNDISCLOSED)
    article = parse_article(path)
    assert [d.reason for d in read_directives(article)] == ["stock image"]
    parse_article(path)
    path.write_text("<!-- auditor: ignore[AID101] -- licensed from the agency -->\n" + UNDISCLOSED, encoding="utf-8")
    assert [d.reason for d in read_directives(article)] == ["licensed from the agency"]
