"""The provenance pack (PRV201-204) on real files, through `auditor check`: it runs by
default, and each rule fires on the file built to break it and only there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.engine import load_ruleset
from fixtures import images
from fixtures.c2pa_signing import build_c2pa_corpus, make_test_ca
from fixtures.media_corpus import build_media_corpus

PRV = ("PRV201", "PRV202", "PRV203", "PRV204")


@pytest.fixture(scope="module")
def cas():
    return {"newsroom": make_test_ca(), "outside": make_test_ca()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, cas):
    directory = tmp_path_factory.mktemp("provenance")
    made = build_media_corpus(directory / "media")
    made.update(build_c2pa_corpus(directory / "c2pa", newsroom_ca=cas["newsroom"], outside_ca=cas["outside"]))
    return made


def provenance_codes(paths: list[Path], tmp_path: Path, *extra: str) -> dict[str, list[str]]:
    """{image path: PRV codes found}, from one `auditor check --format json` run."""
    out = tmp_path / "report.json"
    main(["check", *map(str, paths), "--format", "json", "-o", str(out), "--exit-zero", *extra])
    report = json.loads(out.read_text(encoding="utf-8"))
    found: dict[str, list[str]] = {str(p): [] for p in paths}
    for finding in report["findings"]:
        if finding["rule"] in PRV:
            found.setdefault(finding["media"] or finding["path"], []).append(finding["rule"])
    return found


@pytest.fixture(scope="module")
def found(corpus, tmp_path_factory):
    codes = provenance_codes(list(corpus.values()), tmp_path_factory.mktemp("report"))
    return {name: sorted(codes[str(path)]) for name, path in corpus.items()}


def test_the_provenance_pack_runs_by_default():
    assert {rule.code for rule in load_ruleset().rules} >= set(PRV)


@pytest.mark.parametrize("name", ["c2pa_tampered_jpg", "c2pa_tampered_png",
                                  "c2pa_truncated_manifest_jpg", "c2pa_truncated_manifest_png"])
def test_tampered_or_truncated_manifest_is_c2pa_invalid(found, name):
    assert found[name] == ["PRV201"]


@pytest.mark.parametrize("name", ["c2pa_ai_generated_jpg", "c2pa_captured_png", "c2pa_ai_edited_jpg",
                                  "c2pa_ai_generated_webp", "c2pa_ai_generated_heic", "c2pa_untrusted_signer_jpg"])
def test_valid_manifest_without_trust_anchors_is_only_untrusted(found, name):
    assert found[name] == ["PRV202"]


def test_with_configured_anchors_only_the_outside_signer_is_untrusted(corpus, cas, tmp_path):
    anchors = tmp_path / "anchors.pem"
    anchors.write_text(cas["newsroom"].root_pem)
    config = tmp_path / "auditor.toml"
    config.write_text('c2pa_trust_anchors = "anchors.pem"\n')

    codes = provenance_codes([corpus["c2pa_ai_generated_jpg"], corpus["c2pa_untrusted_signer_jpg"]], tmp_path,
                             "--config", str(config))

    assert codes[str(corpus["c2pa_ai_generated_jpg"])] == []
    assert codes[str(corpus["c2pa_untrusted_signer_jpg"])] == ["PRV202"]


@pytest.mark.parametrize("name", ["sd_webui_png", "sd_webui_jpeg", "sd_webui_webp", "comfyui_png", "invokeai_png",
                                  "novelai_png", "fooocus_png", "fooocus_jpeg", "draw_things_png", "aigc_text_png",
                                  "tool_midjourney", "tool_firefly", "tool_generative_fill"])
def test_generator_metadata_without_a_source_type_is_flagged(found, name):
    assert found[name] == ["PRV203"]


@pytest.mark.parametrize("name", ["ai_jpeg_extended_xmp", "ai_gif", "ai_webp_xmp", "ai_edit_jpeg"])
def test_ai_source_type_in_xmp_satisfies_prv203(found, name):
    assert found[name] == []


def test_capture_source_type_next_to_generator_parameters_is_a_conflict(found):
    assert found["conflict_png"] == ["PRV204"]


def test_c2pa_capture_against_xmp_ai_source_type_is_a_conflict(corpus, tmp_path):
    # A camera manifest over a file whose XMP claims AI: the XMP is written before
    # signing, so the manifest itself validates and only the claims disagree.
    from fixtures.c2pa_signing import sign_image

    unsigned = images.write_jpeg(tmp_path / "unsigned.jpg", xmp={images.SOURCE_TYPE: images.TRAINED_ALGORITHMIC_MEDIA})
    signed = sign_image(unsigned, tmp_path / "signed.jpg", digital_source_type="digitalCapture")

    codes = provenance_codes([signed], tmp_path)

    assert sorted(codes[str(signed)]) == ["PRV202", "PRV204"]


def test_conflict_message_names_both_families(corpus, tmp_path):
    out = tmp_path / "report.json"
    main(["check", str(corpus["conflict_png"]), "--format", "json", "-o", str(out), "--exit-zero"])
    [finding] = [f for f in json.loads(out.read_text())["findings"] if f["rule"] == "PRV204"]

    assert "xmp says capture" in finding["message"]
    assert "generator says AI" in finding["message"]
    assert {e["source"] for e in finding["evidence"]} >= {"xmp:Iptc4xmpExt:DigitalSourceType", "png:parameters"}


@pytest.mark.parametrize("name", ["agency_photo_jpeg", "agency_photo_tiff", "camera_heif", "iptc_latin1_jpeg",
                                  "unicode_comment_jpeg", "c2pa_unsigned_jpg"])
def test_camera_and_agency_files_raise_no_provenance_finding(found, name):
    assert found[name] == []


def test_invalid_manifest_fails_the_default_gate(corpus):
    assert main(["check", str(corpus["c2pa_tampered_jpg"]), "--format", "json", "-o", "/dev/null"]) == 1


def test_prv_rules_can_be_ignored_like_any_other(corpus, tmp_path):
    codes = provenance_codes([corpus["c2pa_tampered_jpg"]], tmp_path, "--ignore", "PRV")
    assert codes[str(corpus["c2pa_tampered_jpg"])] == []
