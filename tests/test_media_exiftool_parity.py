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
