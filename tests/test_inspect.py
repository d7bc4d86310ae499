"""`auditor inspect --format json` on real files: for every kind of provenance
metadata in the fixture corpus, what the desk editor is shown.

The files come from `fixtures/media_corpus.py` (metadata written byte by byte) and
`fixtures/c2pa_signing.py` (manifests signed with throwaway test CAs).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.media.c2pa_manifest import configure_trust
from fixtures.c2pa_signing import build_c2pa_corpus, make_test_ca
from fixtures.media_corpus import (
    AIGC_LABEL,
    CAMERA_EXIF,
    FOOOCUS_PARAMETERS,
    GENERATOR_TOOLS,
    NOVELAI_COMMENT,
    SD_PARAMETERS,
    build_media_corpus,
)

DST = "http://cv.iptc.org/newscodes/digitalsourcetype/"


@pytest.fixture(scope="module")
def cas():
    return {"newsroom": make_test_ca(), "outside": make_test_ca()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, cas):
    directory = tmp_path_factory.mktemp("inspect")
    made = build_media_corpus(directory / "media")
    made.update(build_c2pa_corpus(directory / "c2pa", newsroom_ca=cas["newsroom"], outside_ca=cas["outside"]))
    return made


def inspect_json(paths: list[Path], tmp_path: Path) -> tuple[int, list[dict]]:
    out = tmp_path / "inspect.json"
    code = main(["inspect", "--format", "json", "-o", str(out), *map(str, paths)])
    document = json.loads(out.read_text(encoding="utf-8"))
    return code, document if isinstance(document, list) else [document]


@pytest.fixture(scope="module")
def reported(corpus, tmp_path_factory):
    """One `inspect` run over the whole corpus, as a user would: {name: document}."""
    code, documents = inspect_json(list(corpus.values()), tmp_path_factory.mktemp("out"))
    assert code == 0  # no file in the corpus is unreadable
    by_path = {d["path"]: d for d in documents}
    return {name: by_path[str(path)] for name, path in corpus.items()}


def signals_of(document: dict) -> set[tuple[str, str]]:
    return {(s["kind"], s["source"]) for s in document["signals"]}


# --- the contract -----------------------------------------------------------------------------

def test_inspect_json_has_the_documented_keys_for_every_image(reported):
    for document in reported.values():
        assert {"path", "format", "width", "height", "signals", "exif", "iptc", "xmp", "png_text", "c2pa"} <= set(document)
        assert (document["width"], document["height"]) == (64, 48)


def test_one_image_gives_one_object_not_a_list(corpus, tmp_path):
    out = tmp_path / "one.json"
    assert main(["inspect", "--format", "json", "-o", str(out), str(corpus["sd_webui_png"])]) == 0
    assert json.loads(out.read_text())["format"] == "png"


# --- what each kind of metadata reports ----------------------------------------------------------

EXPECTED_SIGNALS = {
    "agency_photo_jpeg": {("capture", "xmp:Iptc4xmpExt:DigitalSourceType"), ("capture", "exif:Make")},
    "agency_photo_tiff": {("capture", "xmp:Iptc4xmpExt:DigitalSourceType"), ("capture", "exif:Make")},
    "camera_heif": {("capture", "xmp:Iptc4xmpExt:DigitalSourceType"), ("capture", "exif:Make")},
    "ai_jpeg_extended_xmp": {("ai-generated", "xmp:Iptc4xmpExt:DigitalSourceType")},
    "ai_edit_jpeg": {("ai-edited", "xmp:Iptc4xmpExt:DigitalSourceType"), ("capture", "exif:Make")},
    "ai_gif": {("ai-generated", "xmp:Iptc4xmpExt:DigitalSourceType"), ("ai-generated", "xmp:xmp:CreatorTool")},
    "ai_webp_xmp": {("ai-generated", "xmp:Iptc4xmpExt:DigitalSourceType"), ("ai-generated", "xmp:Iptc4xmpExt:AISystemUsed")},
    "sd_webui_png": {("ai-generated", "png:parameters")},
    "sd_webui_jpeg": {("ai-generated", "exif:UserComment")},
    "sd_webui_webp": {("ai-generated", "exif:UserComment")},
    "comfyui_png": {("ai-generated", "png:prompt"), ("ai-generated", "png:workflow")},
    "invokeai_png": {("ai-generated", "png:invokeai_metadata")},
    "invokeai_legacy_png": {("ai-generated", "png:sd-metadata"), ("ai-generated", "png:Dream")},
    "novelai_png": {("ai-generated", "png:Software"), ("ai-generated", "png:Source"), ("ai-generated", "png:Comment")},
    "fooocus_png": {("ai-generated", "png:parameters"), ("ai-generated", "png:fooocus_scheme")},
    "fooocus_jpeg": {("ai-generated", "exif:Software"), ("ai-generated", "exif:UserComment")},
    "draw_things_png": {("ai-generated", "xmp:xmp:CreatorTool"), ("ai-generated", "xmp:exif:UserComment")},
    "aigc_xmp_jpeg": {("ai-generated", "xmp:TC260:AIGC")},
    "aigc_text_png": {("ai-generated", "png:AIGC")},
    "aigc_exif_jpeg": {("ai-generated", "exif:UserComment")},
    "conflict_png": {("capture", "xmp:Iptc4xmpExt:DigitalSourceType"), ("ai-generated", "png:parameters")},
    "iptc_latin1_jpeg": set(),
    "unicode_comment_jpeg": {("capture", "exif:Make")},
    **{f"tool_{name}": {(kind, field)} for name, (field, _, kind) in GENERATOR_TOOLS.items()},
    "c2pa_ai_generated_jpg": {("ai-generated", "c2pa:actions[0].digitalSourceType")},
    "c2pa_ai_generated_png": {("ai-generated", "c2pa:actions[0].digitalSourceType")},
    "c2pa_captured_jpg": {("capture", "c2pa:actions[0].digitalSourceType")},
    "c2pa_ai_edited_jpg": {("ai-edited", "c2pa:actions[1].digitalSourceType"), ("ai-edited", "c2pa:actions[1].softwareAgent"),
                           ("capture", "c2pa:actions[2].digitalSourceType")},
    "c2pa_tampered_jpg": {("ai-generated", "c2pa:actions[0].digitalSourceType")},
    "c2pa_truncated_manifest_jpg": set(),
    "c2pa_unsigned_jpg": set(),
    **{f"c2pa_ai_generated_{ext}": {("ai-generated", "c2pa:actions[0].digitalSourceType")} for ext in ("webp", "gif", "tif", "heic")},
}


@pytest.mark.parametrize("name", sorted(EXPECTED_SIGNALS))
def test_each_corpus_image_reports_the_signals_its_metadata_carries(reported, name):
    assert signals_of(reported[name]) == EXPECTED_SIGNALS[name]


def test_every_corpus_image_has_a_signal_expectation(corpus):
    assert set(corpus) - set(EXPECTED_SIGNALS) <= {"c2pa_ai_edited_png", "c2pa_captured_png", "c2pa_tampered_png",
                                                   "c2pa_truncated_manifest_png", "c2pa_unsigned_png",
                                                   "c2pa_untrusted_signer_jpg"}


def test_agency_jpeg_shows_exif_iptc_xmp_and_its_comment(reported):
    document = reported["agency_photo_jpeg"]

    assert document["exif"] == CAMERA_EXIF
    assert document["iptc"]["By-line"] == ["Jane Doe"]
    assert document["iptc"]["Credit"] == "Reuters"
    assert document["iptc"]["CopyrightNotice"] == "© Reuters 2025"
    assert document["iptc"]["Caption-Abstract"] == "Crowds gather outside parliament – Zoë"
    assert document["xmp"]["Iptc4xmpExt:DigitalSourceType"] == DST + "digitalCapture"
    assert document["xmp"]["dc:creator"] == ["Jane Doe"]
    assert document["xmp"]["plus:Licensor/plus:LicensorName"] == ["Reuters"]
    assert document["png_text"] == {"Comment": "Processed by the photo desk"}


def test_tiff_metadata_comes_from_its_xmp_and_iptc_tags(reported):
    document = reported["agency_photo_tiff"]

    assert document["format"] == "tiff"
    assert document["xmp"]["photoshop:Credit"] == "Reuters"
    assert document["iptc"]["Source"] == "Reuters Pictures"
    assert document["exif"]["Copyright"] == "(c) Reuters 2025"


def test_heif_exif_and_xmp_items_are_shown(reported):
    document = reported["camera_heif"]

    assert document["format"] == "heif"
    assert document["exif"] == {"Make": "Apple", "Model": "iPhone 15 Pro", "Software": "17.5.1"}
    assert document["xmp"]["photoshop:Credit"] == "Jane Doe"


def test_iptc_declared_as_iso_8859_1_is_decoded_as_such(reported):
    assert reported["iptc_latin1_jpeg"]["iptc"] == {
        "By-line": ["Zoë Müller"], "Credit": "Agence Presse Écran", "Caption-Abstract": "Fête de la musique",
    }


def test_unicode_user_comment_is_decoded_by_its_character_code(reported):
    assert reported["unicode_comment_jpeg"]["exif"]["UserComment"] == "东京の夜 – Zoë"


@pytest.mark.parametrize("name", ["sd_webui_jpeg", "sd_webui_webp"])
def test_webui_parameters_in_user_comment_are_shown_whole(reported, name):
    assert reported[name]["exif"]["UserComment"] == SD_PARAMETERS


def test_novelai_and_fooocus_metadata_are_shown_as_written(reported):
    assert reported["novelai_png"]["png_text"]["Comment"] == NOVELAI_COMMENT
    assert reported["novelai_png"]["png_text"]["Source"] == "NovelAI Diffusion V4 4F49EC75"
    assert reported["fooocus_png"]["png_text"]["parameters"] == FOOOCUS_PARAMETERS
    assert reported["fooocus_jpeg"]["exif"]["Software"] == "Fooocus v2.5.5"


@pytest.mark.parametrize("name, source", [("aigc_xmp_jpeg", "xmp:TC260:AIGC"), ("aigc_text_png", "png:AIGC"),
                                          ("aigc_exif_jpeg", "exif:UserComment")])
def test_aigc_implicit_label_is_parsed_into_its_fields_wherever_it_is_carried(reported, name, source):
    assert reported[name]["aigc"] == [{"source": source, **AIGC_LABEL}]


def test_extended_xmp_is_merged_into_the_xmp_group(reported):
    document = reported["ai_jpeg_extended_xmp"]

    assert document["xmp"]["photoshop:Credit"] == "Newsroom AI desk"
    assert document["xmp"]["Iptc4xmpExt:DigitalSourceType"] == DST + "trainedAlgorithmicMedia"


# --- C2PA ---------------------------------------------------------------------------------

def test_ai_generated_manifest_shows_generator_signer_actions_and_state(reported):
    c2pa = reported["c2pa_ai_generated_jpg"]["c2pa"]

    assert c2pa["present"] is True and c2pa["embedded"] is True
    assert c2pa["claim_generator"] == "auditor-fixtures/1.0"
    assert c2pa["signer"] == "Auditor Test"
    assert c2pa["signature"]["common_name"] == "Auditor Test Signer"
    assert c2pa["actions"][0]["action"] == "c2pa.created"
    assert c2pa["actions"][0]["digitalSourceType"] == DST + "trainedAlgorithmicMedia"
    assert c2pa["actions"][0]["softwareAgent"] == "Test Image Model 2"
    # Without configured anchors a good signature is valid, never trusted.
    assert c2pa["validation_state"] == "Valid"
    assert c2pa["trusted"] is False
    assert "signingCredential.untrusted" in c2pa["validation_codes"]


def test_camera_capture_manifest_says_digital_capture(reported):
    c2pa = reported["c2pa_captured_jpg"]["c2pa"]

    assert c2pa["claim_generator"] == "Test Camera/7.1"
    assert [a["digitalSourceType"] for a in c2pa["actions"]] == [DST + "digitalCapture"]


def test_ai_edited_manifest_lists_its_ingredient(reported):
    c2pa = reported["c2pa_ai_edited_jpg"]["c2pa"]

    assert c2pa["ingredients"] == ["ai_edited.parent.jpg"]
    assert {a["ingredient"] for a in c2pa["actions"]} == {None, "ai_edited.parent.jpg"}


def test_tampered_image_is_invalid_with_its_status_code(reported):
    c2pa = reported["c2pa_tampered_jpg"]["c2pa"]

    assert c2pa["validation_state"] == "Invalid"
    assert "assertion.dataHash.mismatch" in c2pa["integrity_failures"]


def test_truncated_store_is_reported_present_with_an_error(reported):
    c2pa = reported["c2pa_truncated_manifest_jpg"]["c2pa"]

    assert c2pa["present"] is True
    assert c2pa["error"]


def test_unsigned_image_has_an_empty_c2pa_group(reported):
    assert reported["c2pa_unsigned_jpg"]["c2pa"] == {}


@pytest.mark.parametrize("ext, fmt", [("webp", "webp"), ("gif", "gif"), ("tif", "tiff"), ("heic", "heif")])
def test_manifests_in_other_containers_are_found_and_validated(reported, ext, fmt):
    document = reported[f"c2pa_ai_generated_{ext}"]

    assert document["format"] == fmt
    assert document["c2pa"]["validation_state"] == "Valid"


@pytest.fixture
def anchors():
    """Configure trust anchors for one test (as the `c2pa_trust_anchors` config key does)."""
    yield configure_trust
    configure_trust(None)


def test_signer_outside_the_configured_anchors_is_valid_but_untrusted(corpus, cas, anchors, tmp_path):
    anchors(cas["newsroom"].root_pem)
    _, [untrusted, ours] = inspect_json([corpus["c2pa_untrusted_signer_jpg"], corpus["c2pa_ai_generated_jpg"]], tmp_path)

    assert untrusted["c2pa"]["validation_state"] == "Valid"
    assert untrusted["c2pa"]["trusted"] is False
    assert untrusted["c2pa"]["claim_generator"] == "Outside Studio/2.0"
    assert ours["c2pa"]["validation_state"] == "Trusted"


def test_the_same_signer_is_trusted_once_its_root_is_an_anchor(corpus, cas, anchors, tmp_path):
    anchors(cas["newsroom"].root_pem + cas["outside"].root_pem)
    _, [document] = inspect_json([corpus["c2pa_untrusted_signer_jpg"]], tmp_path)

    assert document["c2pa"]["validation_state"] == "Trusted"
    assert document["c2pa"]["trusted"] is True
    assert document["c2pa"]["validation_codes"] == []


# --- text output and exit codes ----------------------------------------------------------------

def test_text_output_names_each_signal_and_its_source(corpus, capsys):
    assert main(["inspect", str(corpus["conflict_png"])]) == 0
    out = capsys.readouterr().out

    assert "capture" in out and "xmp:Iptc4xmpExt:DigitalSourceType" in out
    assert "ai-generated" in out and "png:parameters" in out


def test_unreadable_image_exits_1_with_its_error_in_the_json(tmp_path):
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not an image at all")

    code, [document] = inspect_json([broken], tmp_path)

    assert code == 1
    assert document["errors"][0]["code"] == "INP001"
