"""Every core rule fires on its `fires` case and on no `passes` case; the seed
article from the issue behaves as the issue says."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import auditor

CORE = ["AID101", "AID102", "AID103", "AID104", "ATT301", "ATT303", "DAT401", "INP001", "INP002", "INP003"]


def codes(paths, config) -> list[str]:
    return [f.rule for f in auditor.audit(paths, config).findings]


@pytest.mark.parametrize("code", CORE)
def test_rule_fires_on_its_failing_case(built_cases, config, code):
    assert code in codes([built_cases / code / "fires"], config)


@pytest.mark.parametrize("code", CORE)
def test_passing_case_has_no_core_finding(built_cases, config, code):
    found = codes([built_cases / code / "passes"], config)
    assert not set(found) & set(CORE), found


def test_seed_article_with_ai_marked_image_has_no_finding(built_cases, config):
    assert codes([built_cases / "seed"], config) == []


def test_seed_article_without_its_disclosure_sentence_gives_aid101(built_cases, config):
    report = auditor.audit([built_cases / "AID101" / "fires" / "russia-peace-talks.txt"], config)
    aid101 = [f for f in report.findings if f.rule == "AID101"]
    assert len(aid101) == 1
    assert aid101[0].media.endswith("russia-peace-talks.jpg")
    assert any(e.source == "xmp:Iptc4xmpExt:DigitalSourceType" for e in aid101[0].evidence)


def test_seed_article_with_unmarked_image_gives_aid102_and_not_aid101(built_cases, config):
    found = codes([built_cases / "AID102" / "fires"], config)
    assert found == ["AID102"]


def test_aid102_points_at_the_disclosure_line(built_cases, config):
    finding = auditor.audit([built_cases / "AID102" / "fires"], config).findings[0]
    assert (finding.line, finding.column) == (8, 1)


def test_committed_fixture_articles_match_what_the_script_builds(built_cases):
    committed = Path(__file__).resolve().parents[1] / "fixtures" / "cases"
    if not committed.is_dir():
        pytest.skip("fixtures/cases is not committed in this checkout")
    built = sorted(p.relative_to(built_cases) for p in built_cases.rglob("*") if p.is_file())
    shipped = sorted(p.relative_to(committed) for p in committed.rglob("*") if p.is_file())
    assert built == shipped
    for relative in built:
        if relative.suffix in {".txt", ".md", ".html", ".json"}:
            assert (built_cases / relative).read_bytes() == (committed / relative).read_bytes(), relative


def test_committed_fixture_images_carry_what_the_script_writes(built_cases):
    committed = Path(__file__).resolve().parents[1] / "fixtures" / "cases"
    if not committed.is_dir():
        pytest.skip("fixtures/cases is not committed in this checkout")
    for image in built_cases.rglob("*"):
        if image.suffix in {".jpg", ".png"}:
            fresh = auditor.inspect(image)
            shipped = auditor.inspect(committed / image.relative_to(built_cases))
            assert (fresh.signals, fresh.xmp, fresh.exif, fresh.png_text) == (shipped.signals, shipped.xmp, shipped.exif, shipped.png_text)


def test_one_bad_file_does_not_stop_the_batch(built_cases, config, tmp_path):
    folder = tmp_path / "batch"
    shutil.copytree(built_cases / "INP003" / "fires", folder / "bad")
    shutil.copytree(built_cases / "AID104" / "fires", folder / "good")
    found = codes([folder], config)
    assert found.count("INP003") == 2 and "AID104" in found


def test_aid101_on_a_text_article_without_caption_points_at_the_byline(built_cases, config):
    finding = next(f for f in auditor.audit([built_cases / "AID101" / "fires" / "russia-peace-talks.txt"], config).findings
                   if f.rule == "AID101")
    assert finding.line == 7  # "Devdiscourse News Desk | Updated: …", where the caption line would follow
