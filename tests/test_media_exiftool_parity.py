"""Our EXIF, IPTC and XMP values agree with ExifTool's on the fixture images.

ExifTool is the reference reader newsrooms trust; where we and it disagree about
what a file says, one of us is wrong. Skipped when ``exiftool`` is not installed.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from auditor.media import read_media
from fixtures.images import (
    SOURCE_TYPE,
    TRAINED_ALGORITHMIC_MEDIA,
    write_gif,
    write_heif,
    write_jpeg,
    write_png,
    write_tiff,
    write_webp,
)

EXIFTOOL = shutil.which("exiftool")
pytestmark = pytest.mark.skipif(EXIFTOOL is None, reason="exiftool is not installed (apt-get install libimage-exiftool-perl)")

EXIF = {
    "Make": "Canon", "Model": "Canon EOS R5", "Software": "Midjourney v6", "DateTime": "2024:05:01 12:00:00",
    "DateTimeOriginal": "2024:05:01 10:00:00", "Artist": "Jane Doe", "Copyright": "Example Agency",
    "ImageDescription": "A street in Lyon", "UserComment": "Zoë at the bridge",
}
# Where ExifTool's tag name differs from the EXIF specification's, which we use.
EXIFTOOL_NAME = {"DateTime": "ModifyDate"}
IFD0_EXIF = {k: v for k, v in EXIF.items() if k not in ("DateTimeOriginal", "UserComment")}
IPTC = {
    "By-line": ["Jane Doe", "John Roe"], "Credit": "Reuters", "Source": "Reuters Pictures",
    "CopyrightNotice": "© Reuters 2024", "Caption-Abstract": "Crowds in Lyon", "Headline": "Lyon rally",
}
XMP = {
    SOURCE_TYPE: TRAINED_ALGORITHMIC_MEDIA,
    "photoshop:Credit": "AFP",
    "photoshop:Headline": "Après la pluie",
    "dc:creator": ["Jane Doe", "John Roe"],
    "dc:description": "Crowds gather",
    "dc:rights": "© Example Agency",
    "xmp:CreatorTool": "Adobe Firefly",
    "xmpRights:WebStatement": "https://example.org/licence",
    "Iptc4xmpExt:AISystemUsed": "Example Diffusion",
    "Iptc4xmpExt:AISystemVersionUsed": "2.1",
}


@pytest.fixture(scope="module")
def images(tmp_path_factory):
    directory = tmp_path_factory.mktemp("parity")
    return {
        "jpeg": write_jpeg(directory / "a.jpg", exif=EXIF, iptc=IPTC, xmp=XMP),
        "jpeg-attribute-dst": write_jpeg(directory / "b.jpg", xmp=XMP, source_type_form="attribute"),
        "png": write_png(directory / "a.png", exif=EXIF, xmp=XMP),
        "webp": write_webp(directory / "a.webp", exif=EXIF, xmp=XMP),
        "gif": write_gif(directory / "a.gif", xmp=XMP),
        "tiff": write_tiff(directory / "a.tif", exif=IFD0_EXIF, iptc=IPTC, xmp=XMP),
        "heif": write_heif(directory / "a.heic", exif=EXIF, xmp=XMP),
    }


@pytest.fixture(scope="module")
def exiftool_says(images):
    """ExifTool's JSON for every fixture, from one run: {path: {"GROUP:Tag": value}}."""
    paths = [str(p) for p in images.values()]
    output = subprocess.run(
        [EXIFTOOL, "-j", "-G", "-n", "-charset", "iptc=UTF8", *paths],
        check=True, capture_output=True, timeout=60,
    ).stdout
    return {entry["SourceFile"]: entry for entry in json.loads(output)}


def as_list(value):
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def tool_group(reference: dict, group: str) -> dict[str, list[str]]:
    """ExifTool's tags of one family-0 group, by lower-cased tag name."""
    return {key.split(":", 1)[1].lower(): as_list(value) for key, value in reference.items()
            if key.startswith(f"{group}:")}


@pytest.mark.parametrize("name", ["jpeg", "png", "webp", "tiff", "heif"])
def test_exif_values_match_exiftool(images, exiftool_says, name):
    ours = read_media(images[name]).exif
    theirs = tool_group(exiftool_says[str(images[name])], "EXIF")

    expected = IFD0_EXIF if name == "tiff" else EXIF
    for field in expected:
        assert as_list(ours[field]) == theirs[EXIFTOOL_NAME.get(field, field).lower()], field


@pytest.mark.parametrize("name", ["jpeg", "tiff"])
def test_iptc_values_match_exiftool(images, exiftool_says, name):
    ours = read_media(images[name]).iptc
    theirs = tool_group(exiftool_says[str(images[name])], "IPTC")

    for field in IPTC:
        assert as_list(ours[field]) == theirs[field.lower()], field


@pytest.mark.parametrize("name", ["jpeg", "jpeg-attribute-dst", "png", "webp", "gif", "tiff", "heif"])
def test_xmp_values_match_exiftool(images, exiftool_says, name):
    ours = read_media(images[name]).xmp
    theirs = tool_group(exiftool_says[str(images[name])], "XMP")

    for key in XMP:
        local_name = key.split(":", 1)[1].lower()
        assert as_list(ours[key]) == theirs[local_name], key


@pytest.mark.parametrize("name", ["jpeg", "png", "webp", "gif", "tiff", "heif"])
def test_image_size_matches_exiftool(images, exiftool_says, name):
    facts = read_media(images[name])
    reference = exiftool_says[str(images[name])]

    width = next(v for k, v in reference.items() if k.endswith(":ImageWidth") or k.endswith(":ImageSpatialExtent"))
    size = f"{facts.width} {facts.height}" if isinstance(width, str) else facts.width
    assert size == width


# --- every fixture image, on the provenance fields ------------------------------------------------

# Our field -> ExifTool's "Group:Tag". Either both readers find a value or neither,
# and when both do, they agree.
PROVENANCE_FIELDS = {
    ("xmp", "Iptc4xmpExt:DigitalSourceType"): "XMP:DigitalSourceType",
    ("xmp", "xmp:CreatorTool"): "XMP:CreatorTool",
    ("xmp", "photoshop:Credit"): "XMP:Credit",
    ("xmp", "dc:creator"): "XMP:Creator",
    ("xmp", "TC260:AIGC"): "XMP:Aigc",
    ("xmp", "exif:UserComment"): "XMP:UserComment",
    ("exif", "Software"): "EXIF:Software",
    ("exif", "Make"): "EXIF:Make",
    ("exif", "Model"): "EXIF:Model",
    ("exif", "Artist"): "EXIF:Artist",
    ("exif", "Copyright"): "EXIF:Copyright",
    ("exif", "UserComment"): "EXIF:UserComment",
    ("iptc", "Credit"): "IPTC:Credit",
    ("iptc", "By-line"): "IPTC:By-line",
    ("iptc", "CopyrightNotice"): "IPTC:CopyrightNotice",
    ("iptc", "Source"): "IPTC:Source",
    ("png_text", "parameters"): "PNG:Parameters",
    ("png_text", "prompt"): "PNG:Prompt",
    ("png_text", "workflow"): "PNG:Workflow",
    ("png_text", "Software"): "PNG:Software",
    ("png_text", "Source"): "PNG:Source",
    ("png_text", "Comment"): "PNG:Comment",  # JPEG and GIF comments: File:Comment
    ("png_text", "invokeai_metadata"): "PNG:Invokeai_metadata",
}


@pytest.fixture(scope="module")
def every_fixture_image(tmp_path_factory):
    from fixtures.c2pa_signing import build_c2pa_corpus, make_test_ca
    from fixtures.media_corpus import build_media_corpus

    directory = tmp_path_factory.mktemp("parity-corpus")
    made = build_media_corpus(directory / "media")
    made.update(build_c2pa_corpus(directory / "c2pa", newsroom_ca=make_test_ca(), outside_ca=make_test_ca()))
    return made


@pytest.fixture(scope="module")
def exiftool_on_every_image(every_fixture_image):
    """One ExifTool process over every file, as a user would run it."""
    paths = [str(p) for p in every_fixture_image.values()]
    output = subprocess.run([EXIFTOOL, "-j", "-G", "-n", *paths], check=True, capture_output=True, timeout=120).stdout
    return {entry["SourceFile"]: entry for entry in json.loads(output)}


def test_parity_covers_every_fixture_image(every_fixture_image, exiftool_on_every_image):
    assert set(exiftool_on_every_image) == {str(p) for p in every_fixture_image.values()}
    # And the corpus really exercises the fields compared.
    seen = {tag for entry in exiftool_on_every_image.values() for tag in entry}
    assert set(PROVENANCE_FIELDS.values()) | {"File:Comment"} <= seen


def test_provenance_fields_agree_with_exiftool_on_every_fixture_image(every_fixture_image, exiftool_on_every_image):
    disagreements = []
    for name, path in every_fixture_image.items():
        ours = read_media(path)
        theirs = exiftool_on_every_image[str(path)]
        for (group, key), tag in PROVENANCE_FIELDS.items():
            if (group, key) == ("png_text", "Comment") and ours.format != "png":
                tag = "File:Comment"
            mine = getattr(ours, group).get(key)
            reference = theirs.get(tag)
            if mine is None and reference is None:
                continue
            if mine is None or reference is None or as_list(mine) != as_list(reference):
                disagreements.append(f"{name}: {group}:{key} = {mine!r}, ExifTool {tag} = {reference!r}")
    assert disagreements == []
