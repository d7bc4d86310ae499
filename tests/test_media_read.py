"""read_media on well-formed images: what each format's metadata blocks say, read
from the header only and normalised into MediaFacts."""

from __future__ import annotations

import zlib

import pytest

from auditor.media import read_media
from fixtures.images import (
    COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA,
    DIGITAL_CAPTURE,
    SOURCE_TYPE,
    TRAINED_ALGORITHMIC_MEDIA,
    exif_block,
    international_text_chunk,
    jpeg_bytes,
    png_bytes,
    png_chunk,
    write_gif,
    write_heif,
    write_jpeg,
    write_png,
    write_tiff,
    write_all,
    write_webp,
    xmp_packet,
)

AI_XMP = {SOURCE_TYPE: TRAINED_ALGORITHMIC_MEDIA}


def _kinds_by_source(facts):
    return {signal.source: signal.kind for signal in facts.signals}


# --- format and size ------------------------------------------------------------------

@pytest.mark.parametrize(
    "name, write",
    [
        ("plain.jpg", write_jpeg),
        ("plain.png", write_png),
        ("plain.webp", write_webp),
        ("plain.gif", write_gif),
        ("plain.tif", write_tiff),
        ("plain.heic", write_heif),
    ],
)
def test_plain_image_reports_its_format_and_size_and_nothing_else(tmp_path, name, write):
    facts = read_media(write(tmp_path / name, size=(33, 21)))

    assert (facts.width, facts.height) == (33, 21)
    assert facts.format == {"jpg": "jpeg", "tif": "tiff", "heic": "heif"}.get(name.split(".")[1], name.split(".")[1])
    assert facts.size == (tmp_path / name).stat().st_size
    assert facts.signals == ()
    assert facts.errors == ()
    assert facts.notes == {}


# --- XMP --------------------------------------------------------------------------------

@pytest.mark.parametrize("form", ["element", "attribute", "resource"])
def test_jpeg_with_trained_algorithmic_media_xmp_signals_ai_generated(tmp_path, form):
    facts = read_media(write_jpeg(tmp_path / "ai.jpg", xmp=AI_XMP, source_type_form=form))

    assert facts.xmp["Iptc4xmpExt:DigitalSourceType"] == TRAINED_ALGORITHMIC_MEDIA
    assert [(s.kind, s.source, s.value) for s in facts.signals] == [
        ("ai-generated", "xmp:Iptc4xmpExt:DigitalSourceType", TRAINED_ALGORITHMIC_MEDIA)
    ]


def test_jpeg_with_composite_ai_source_type_signals_ai_edited(tmp_path):
    facts = read_media(write_jpeg(tmp_path / "edit.jpg", xmp={SOURCE_TYPE: COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA}))

    assert facts.kinds() == {"ai-edited"}


def test_xmp_keys_use_canonical_prefixes_whatever_prefix_the_file_declares(tmp_path):
    packet = xmp_packet({**AI_XMP, "photoshop:Credit": "AFP"}, prefixes={"Iptc4xmpExt": "ext", "photoshop": "ps"})
    assert b"<ext:DigitalSourceType>" in packet

    facts = read_media(write_png(tmp_path / "odd.png", xmp_bytes=packet))

    assert facts.xmp == {"Iptc4xmpExt:DigitalSourceType": TRAINED_ALGORITHMIC_MEDIA, "photoshop:Credit": "AFP"}


def test_xmp_arrays_alternatives_and_structs_are_flattened(tmp_path):
    xmp = {
        "dc:creator": ["Jane Doe", "John Roe"],
        "dc:subject": ["protest", "city"],
        "dc:description": "Crowds gather in the square",
        "dc:rights": "© Example Agency",
        "xmp:CreatorTool": "Adobe Photoshop 25.0",
        "xmp:CreateDate": "2024-05-01T10:00:00",
        "photoshop:DateCreated": "2024-05-01",
        "photoshop:Headline": "Square fills",
        "photoshop:Source": "Example Agency",
        "xmpRights:WebStatement": "https://example.org/licence",
        "plus:Licensor": [{"plus:LicensorName": "Example Agency", "plus:LicensorURL": "https://example.org"}],
        "xmpMM:History": [{"stEvt:action": "saved", "stEvt:softwareAgent": "Adobe Photoshop 25.0"}],
    }
    facts = read_media(write_jpeg(tmp_path / "rich.jpg", xmp=xmp))

    assert facts.xmp["dc:creator"] == ["Jane Doe", "John Roe"]
    assert facts.xmp["dc:subject"] == ["protest", "city"]
    assert facts.xmp["dc:description"] == "Crowds gather in the square"
    assert facts.xmp["dc:rights"] == "© Example Agency"
    for key in ("xmp:CreatorTool", "xmp:CreateDate", "photoshop:DateCreated", "photoshop:Headline",
                "photoshop:Source", "xmpRights:WebStatement"):
        assert facts.xmp[key] == xmp[key]
    assert facts.xmp["plus:Licensor/plus:LicensorName"] == ["Example Agency"]
    assert facts.xmp["xmpMM:History/stEvt:softwareAgent"] == ["Adobe Photoshop 25.0"]
    assert "plus:Licensor" not in facts.xmp  # an array of structs is known by its fields


def test_every_simple_property_lands_in_the_xmp_dict_even_in_attribute_form(tmp_path):
    xmp = {"photoshop:Credit": "Reuters", "photoshop:City": "Lyon", "xmp:Rating": "3"}
    facts = read_media(write_jpeg(tmp_path / "attrs.jpg", xmp=xmp, source_type_form="attribute"))
    attribute_packet = xmp_packet(xmp, simple_form="attribute")
    facts_attr = read_media(write_jpeg(tmp_path / "attrs2.jpg", xmp_bytes=attribute_packet))

    for reading in (facts, facts_attr):
        assert {k: reading.xmp[k] for k in xmp} == xmp


def test_iptc_2025_ai_fields_are_read_and_signal_ai(tmp_path):
    xmp = {
        **AI_XMP,
        "Iptc4xmpExt:AISystemUsed": "Example Diffusion",
        "Iptc4xmpExt:AISystemVersionUsed": "2.1",
        "Iptc4xmpExt:AIPromptInformation": "a lighthouse at dusk",
    }
    facts = read_media(write_jpeg(tmp_path / "ai.jpg", xmp=xmp))

    assert facts.xmp["Iptc4xmpExt:AISystemVersionUsed"] == "2.1"
    assert _kinds_by_source(facts)["xmp:Iptc4xmpExt:AISystemUsed"] == "ai-generated"
    assert _kinds_by_source(facts)["xmp:Iptc4xmpExt:AIPromptInformation"] == "ai-generated"


def test_extended_xmp_is_reassembled_from_its_chunks_and_merged(tmp_path):
    extended = {"photoshop:Headline": "long " * 3000, **AI_XMP}
    facts = read_media(write_jpeg(
        tmp_path / "extended.jpg", xmp={"photoshop:Credit": "AFP"}, extended_xmp=extended, extended_chunk_size=4000
    ))

    assert facts.xmp["photoshop:Credit"] == "AFP"
    assert facts.xmp["photoshop:Headline"] == ("long " * 3000).strip()
    assert facts.kinds() == {"ai-generated"}
    assert facts.errors == ()


def test_extended_xmp_missing_a_chunk_is_left_out_and_noted(tmp_path):
    data = jpeg_bytes(xmp={"photoshop:Credit": "AFP"}, extended_xmp={"photoshop:Headline": "x" * 9000},
                      extended_chunk_size=4000)
    second_chunk = data.index(b"http://ns.adobe.com/xmp/extension/", data.index(b"http://ns.adobe.com/xmp/extension/") + 1)
    segment_start = second_chunk - 4
    length = int.from_bytes(data[segment_start + 2:segment_start + 4], "big")
    path = tmp_path / "gap.jpg"
    path.write_bytes(data[:segment_start] + data[segment_start + 2 + length:])

    facts = read_media(path)

    assert facts.xmp["photoshop:Credit"] == "AFP"
    assert "photoshop:Headline" not in facts.xmp
    assert [e.code for e in facts.errors] == ["INP001"]
    assert "Extended XMP is incomplete" in facts.errors[0].message


# --- EXIF and IPTC ------------------------------------------------------------------------

def test_jpeg_exif_fields_are_normalised_to_plain_names(tmp_path):
    exif = {
        "Make": "Canon", "Model": "Canon EOS R5", "Software": "Firmware 1.8", "DateTime": "2024:05:01 12:00:00",
        "DateTimeOriginal": "2024:05:01 10:00:00", "Artist": "Jane Doe", "Copyright": "Example Agency",
        "ImageDescription": "A street in Lyon", "UserComment": "shot from the bridge",
    }
    facts = read_media(write_jpeg(tmp_path / "camera.jpg", exif=exif))

    assert {k: facts.exif[k] for k in exif} == exif
    assert [(s.kind, s.source, s.value) for s in facts.signals] == [("capture", "exif:Make", "Canon")]


def test_unicode_user_comment_is_decoded(tmp_path):
    facts = read_media(write_jpeg(tmp_path / "uc.jpg", exif={"UserComment": "photo: Zoë Ñandú, 東京"}))

    assert facts.exif["UserComment"] == "photo: Zoë Ñandú, 東京"


def test_jpeg_iptc_iim_fields_are_read_with_repeatables_as_lists(tmp_path):
    iptc = {
        "By-line": ["Jane Doe", "John Roe"], "Credit": "Reuters", "Source": "Reuters Pictures",
        "CopyrightNotice": "© Reuters 2024", "Caption-Abstract": "Crowds in Lyon – après la pluie",
        "Headline": "Lyon rally", "Keywords": ["politics"],
    }
    facts = read_media(write_jpeg(tmp_path / "iptc.jpg", iptc=iptc))

    assert facts.iptc == iptc


# --- PNG ----------------------------------------------------------------------------------

def test_png_text_chunks_of_all_three_kinds_are_read(tmp_path):
    path = write_png(
        tmp_path / "text.png",
        text={"Title": "plain latin-1 é", "Description": "unicode → iTXt"},
        compressed_text={"Comment": "squeezed " * 100},
    )
    facts = read_media(path)

    assert facts.png_text == {
        "Title": "plain latin-1 é",
        "Description": "unicode → iTXt",
        "Comment": ("squeezed " * 100),
    }


def test_png_compressed_international_text_is_read(tmp_path):
    data = png_bytes()
    data = data[:33] + international_text_chunk("prompt", '{"1": {"class_type": "KSampler"}}', compressed=True) + data[33:]
    path = tmp_path / "comfy.png"
    path.write_bytes(data)

    facts = read_media(path)

    assert facts.png_text["prompt"] == '{"1": {"class_type": "KSampler"}}'
    assert _kinds_by_source(facts) == {"png:prompt": "ai-generated"}


def test_png_xmp_and_exif_chunks_are_read(tmp_path):
    facts = read_media(write_png(tmp_path / "meta.png", xmp=AI_XMP, exif={"Software": "Midjourney v6.1"}))

    assert facts.xmp["Iptc4xmpExt:DigitalSourceType"] == TRAINED_ALGORITHMIC_MEDIA
    assert facts.exif == {"Software": "Midjourney v6.1"}
    assert "XML:com.adobe.xmp" not in facts.png_text
    assert _kinds_by_source(facts) == {
        "xmp:Iptc4xmpExt:DigitalSourceType": "ai-generated", "exif:Software": "ai-generated",
    }


def test_png_imagemagick_raw_exif_profile_is_read_as_exif(tmp_path):
    tiff = b"Exif\x00\x00" + exif_block({"Make": "Nikon"})
    hex_lines = "\n".join(tiff.hex()[i:i + 72] for i in range(0, len(tiff.hex()), 72))
    profile = f"\nexif\n{len(tiff):8d}\n{hex_lines}\n".encode("ascii")
    data = png_bytes()
    data = data[:33] + png_chunk(b"zTXt", b"Raw profile type exif\x00\x00" + zlib.compress(profile)) + data[33:]
    path = tmp_path / "magick.png"
    path.write_bytes(data)

    facts = read_media(path)

    assert facts.exif == {"Make": "Nikon"}
    assert facts.png_text == {}


# --- WebP, GIF, TIFF, HEIF ------------------------------------------------------------------

def test_webp_exif_and_xmp_chunks_are_read(tmp_path):
    facts = read_media(write_webp(tmp_path / "a.webp", xmp=AI_XMP, exif={"Make": "Nikon", "Model": "Z 8"}))

    assert (facts.width, facts.height) == (64, 48)
    assert facts.exif == {"Make": "Nikon", "Model": "Z 8"}
    assert facts.kinds() == {"ai-generated", "capture"}


def test_gif_xmp_application_extension_and_comment_are_read(tmp_path):
    facts = read_media(write_gif(tmp_path / "a.gif", xmp=AI_XMP, comment="made for the newsletter"))

    assert facts.xmp == AI_XMP
    assert facts.png_text == {"Comment": "made for the newsletter"}
    assert facts.kinds() == {"ai-generated"}


def test_tiff_ifd0_exif_xmp_and_iptc_are_read(tmp_path):
    facts = read_media(write_tiff(
        tmp_path / "a.tif", exif={"Make": "Sony", "Artist": "Jane Doe"}, xmp=AI_XMP, iptc={"Credit": "AP"},
    ))

    assert facts.exif["Make"] == "Sony" and facts.exif["Artist"] == "Jane Doe"
    assert facts.xmp == AI_XMP
    assert facts.iptc == {"Credit": "AP"}


def test_heif_exif_and_xmp_items_are_read_through_iloc(tmp_path):
    facts = read_media(write_heif(tmp_path / "a.heic", exif={"Software": "DALL·E 3"}, xmp=AI_XMP, size=(40, 30)))

    assert (facts.format, facts.width, facts.height) == ("heif", 40, 30)
    assert facts.exif == {"Software": "DALL·E 3"}
    assert facts.xmp == AI_XMP
    assert _kinds_by_source(facts) == {
        "xmp:Iptc4xmpExt:DigitalSourceType": "ai-generated", "exif:Software": "ai-generated",
    }


# --- C2PA ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name, write", [("s.jpg", write_jpeg), ("s.png", write_png), ("s.webp", write_webp)])
def test_embedded_c2pa_store_is_handed_to_the_c2pa_reader(tmp_path, name, write):
    facts = read_media(write(tmp_path / name, c2pa=True))

    # The store here is a bare JUMBF label with no manifest: present, not readable.
    assert facts.c2pa["present"] is True


def test_image_without_c2pa_store_has_an_empty_c2pa_group(tmp_path, monkeypatch):
    import auditor.media.c2pa_manifest as c2pa_manifest

    def must_not_be_called(*args, **kwargs):
        raise AssertionError("read_c2pa called without a C2PA store")

    monkeypatch.setattr(c2pa_manifest, "read_c2pa", must_not_be_called)
    facts = read_media(write_jpeg(tmp_path / "plain.jpg", xmp=AI_XMP))

    assert facts.c2pa == {}


@pytest.mark.parametrize("suffix", ["jpg", "png"])
def test_signed_ai_image_gives_signals_from_its_c2pa_actions(tmp_path, suffix):
    pytest.importorskip("c2pa")
    signing = pytest.importorskip("fixtures.c2pa_signing")
    path = signing.make_ai_generated(tmp_path / f"signed.{suffix}")

    facts = read_media(path)

    assert facts.c2pa["present"] is True
    assert ("ai-generated", "c2pa:actions[0].digitalSourceType") in {(s.kind, s.source) for s in facts.signals}


def test_non_image_suffix_and_unknown_extension_are_not_a_mismatch(tmp_path):
    path = tmp_path / "upload.bin"
    path.write_bytes(jpeg_bytes())

    facts = read_media(path)

    assert facts.format == "jpeg"
    assert facts.notes == {}


def test_bmp_reports_size_and_that_its_metadata_is_not_read(tmp_path):
    from PIL import Image

    path = tmp_path / "a.bmp"
    Image.new("RGB", (12, 7)).save(path)

    facts = read_media(path)

    assert (facts.format, facts.width, facts.height) == ("bmp", 12, 7)
    assert "metadata_not_read" in facts.notes
    assert facts.errors == ()


def test_png_eXIf_with_jpeg_style_prefix_is_accepted(tmp_path):
    data = png_bytes()
    data = data[:33] + png_chunk(b"eXIf", b"Exif\x00\x00" + exif_block({"Model": "X100V"})) + data[33:]
    path = tmp_path / "prefixed.png"
    path.write_bytes(data)

    assert read_media(path).exif == {"Model": "X100V"}


def test_read_media_accepts_a_string_path(tmp_path):
    path = write_jpeg(tmp_path / "s.jpg", xmp={SOURCE_TYPE: DIGITAL_CAPTURE})

    assert read_media(str(path)).kinds() == {"capture"}


def test_frame_size_comes_from_sof_even_after_large_metadata(tmp_path):
    facts = read_media(write_jpeg(tmp_path / "big.jpg", xmp={"photoshop:Headline": "h" * 60000}, size=(300, 200)))

    assert (facts.width, facts.height) == (300, 200)


def test_fixture_images_are_byte_identical_when_rebuilt(tmp_path):
    first = {p.name: p.read_bytes() for p in write_all(tmp_path / "one")}
    second = {p.name: p.read_bytes() for p in write_all(tmp_path / "two")}

    assert first == second
