"""`auditor fix` marks AI images losslessly: the XMP digital source type is written,
the compressed image data and the decoded pixels are unchanged, every other
metadata block is kept, and a second check no longer reports AID102 / PRV203."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from auditor.cli import main
from auditor.fix.image_marking import mark_image
from auditor.fix.plan import ImageMarking
from auditor.media import read_media
from auditor.media.xmp import read_xmp
from fixtures.images import (
    COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA,
    DIGITAL_CAPTURE,
    SOURCE_TYPE,
    TRAINED_ALGORITHMIC_MEDIA,
    write_gif,
    write_jpeg,
    write_png,
    write_tiff,
    write_webp,
    xmp_packet,
)

EXIFTOOL = shutil.which("exiftool")
EXIF = {"Make": "Canon", "Model": "Canon EOS R5", "Software": "Midjourney v6", "Artist": "Jane Doe"}
XMP = {"dc:creator": ["Jane Doe"], "photoshop:Credit": "Example Agency", "xmp:CreatorTool": "Midjourney v6"}


def _noise(size=(96, 64)) -> Image.Image:
    # Varied pixels, so a re-encode would show in the decoded image.
    return Image.frombytes("RGB", size, bytes((x * 7 + y * 13 + c * 71) % 256 for y in range(size[1]) for x in range(size[0]) for c in range(3)))


def _simple_webp(path: Path, lossless: bool) -> Path:
    _noise().save(path, "WEBP", lossless=lossless, quality=80)
    return path


def _gif87(path: Path) -> Path:
    buffer = io.BytesIO()
    _noise().convert("P").save(buffer, "GIF")
    path.write_bytes(b"GIF87a" + buffer.getvalue()[6:])
    return path


# name -> writer(path, with_xmp) of a file carrying other metadata too
FORMATS = {
    "jpeg": lambda p, xmp: write_jpeg(p.with_suffix(".jpg"), exif=EXIF, iptc={"Credit": "Reuters"}, comment="kept", xmp=xmp),
    "png": lambda p, xmp: write_png(p.with_suffix(".png"), text={"parameters": "a fox\nSteps: 20, Seed: 1"}, exif=EXIF, xmp=xmp),
    "webp-extended": lambda p, xmp: write_webp(p.with_suffix(".webp"), exif=EXIF, xmp=xmp),
    "tiff": lambda p, xmp: write_tiff(p.with_suffix(".tif"), exif=EXIF, iptc={"Credit": "Reuters"}, xmp=xmp),
    "gif": lambda p, xmp: write_gif(p.with_suffix(".gif"), comment="kept", xmp=xmp),
}
SIMPLE = {
    "webp-lossy": lambda p: _simple_webp(p.with_suffix(".webp"), lossless=False),
    "webp-lossless": lambda p: _simple_webp(p.with_suffix(".webp"), lossless=True),
    "gif87a": lambda p: _gif87(p.with_suffix(".gif")),
}


# --- independent views of "everything but the XMP" ----------------------------------

def _jpeg_parts(data: bytes) -> list[bytes]:
    parts, at = [], 2
    while data[at + 1] != 0xDA:
        end = at + 2 + int.from_bytes(data[at + 2:at + 4], "big")
        if not data[at + 4:end].startswith(b"http://ns.adobe.com/xap/1.0/\x00"):
            parts.append(data[at:end])
        at = end
    return parts + [data[at:]]  # the scan and everything after it


def _png_parts(data: bytes) -> list[bytes]:
    parts, at = [], 8
    while at < len(data):
        length = int.from_bytes(data[at:at + 4], "big")
        chunk = data[at:at + 12 + length]
        if not chunk[4:25] == b"iTXtXML:com.adobe.xmp":
            parts.append(chunk)
        at += 12 + length
    return parts


def _riff_parts(data: bytes) -> list[bytes]:
    parts, at = [], 12
    while at < len(data):
        length = int.from_bytes(data[at + 4:at + 8], "little")
        kind = data[at:at + 4]
        if kind == b"VP8X":
            parts.append(kind + data[at + 9:at + 18] + bytes([data[at + 8] & ~0x04]))  # all but the XMP flag
        elif kind != b"XMP ":
            parts.append(data[at:at + 8 + length + (length & 1)])
        at += 8 + length + (length & 1)
    return parts


def _gif_parts(data: bytes) -> list[bytes]:
    start = data.find(b"\x21\xff\x0bXMP DataXMP")
    if start < 0:
        return [data[6:]]
    trailer = b"\x01" + bytes(range(255, -1, -1)) + b"\x00"
    end = data.index(trailer, start) + len(trailer)
    return [data[6:start] + data[end:]]


def _tiff_xmp_entry(data: bytes) -> tuple[int, int]:
    """Where IFD0's XMP entry (tag 700) lies in a little-endian TIFF, or (0, 0)."""
    ifd = int.from_bytes(data[4:8], "little")
    for i in range(int.from_bytes(data[ifd:ifd + 2], "little")):
        at = ifd + 2 + 12 * i
        if int.from_bytes(data[at:at + 2], "little") == 700:
            return at, at + 12
    return 0, 0


def _kept(before: bytes, after: bytes, fmt: str) -> bool:
    if fmt == "tiff":
        # Appended to, never moved: only the first-IFD offset, or the XMP entry's
        # count and offset when the tag was there, may differ within the old bytes.
        start, end = _tiff_xmp_entry(before)
        mask = lambda data: data[:4] + data[8:start] + data[end:len(before)] if start else data[:4] + data[8:len(before)]
        return mask(after) == mask(before)
    view = {"jpeg": _jpeg_parts, "png": _png_parts, "webp": _riff_parts, "gif": _gif_parts}[fmt]
    return view(before) == view(after)


def _pixels(path: Path) -> bytes:
    with Image.open(path) as image:
        return image.convert("RGBA").tobytes()


def _mark(path: Path, codes=("PRV203",), **options) -> object:
    return mark_image(ImageMarking(str(path), codes), dry_run=options.get("dry_run", False),
                      allow_c2pa_break=options.get("allow_c2pa_break", False))


@pytest.mark.parametrize("with_xmp", [False, True], ids=["new-packet", "existing-packet"])
@pytest.mark.parametrize("name", sorted(FORMATS))
def test_marking_changes_only_the_xmp(tmp_path, name, with_xmp):
    path = FORMATS[name](tmp_path / "image", XMP if with_xmp else None)
    before, pixels, facts = path.read_bytes(), _pixels(path), read_media(path)

    outcome = _mark(path)

    assert outcome.status == "fixed", outcome.message
    after = read_media(path)
    assert after.xmp[SOURCE_TYPE] == TRAINED_ALGORITHMIC_MEDIA
    assert not after.errors
    assert _kept(before, path.read_bytes(), after.format)
    assert _pixels(path) == pixels
    assert (after.exif, after.iptc, after.png_text) == (facts.exif, facts.iptc, facts.png_text)
    assert {k: v for k, v in after.xmp.items() if k != SOURCE_TYPE} == facts.xmp


@pytest.mark.parametrize("name", sorted(SIMPLE))
def test_simple_files_gain_the_headers_metadata_needs(tmp_path, name):
    path = SIMPLE[name](tmp_path / "image")
    before, pixels = path.read_bytes(), _pixels(path)

    assert _mark(path).status == "fixed"

    after = read_media(path)
    assert after.xmp[SOURCE_TYPE] == TRAINED_ALGORITHMIC_MEDIA and not after.errors
    assert _pixels(path) == pixels
    if after.format == "webp":  # the bitstream chunk is copied as it was
        bitstream = before[12:]
        assert bitstream in path.read_bytes()
        assert path.read_bytes()[12:16] == b"VP8X"
    else:
        assert path.read_bytes()[:6] == b"GIF89a" and _kept(before, path.read_bytes(), "gif")


def test_existing_packet_is_edited_in_place(tmp_path):
    path = write_jpeg(tmp_path / "a.jpg", xmp_bytes=xmp_packet(XMP, padding=2000))
    packet = _xmp_segment(path.read_bytes())

    _mark(path)

    edited = _xmp_segment(path.read_bytes())
    assert len(edited) == len(packet)  # the addition came out of the packet's padding
    head = packet[:packet.index(b"</rdf:RDF>")]
    assert edited.startswith(head)  # every property before it untouched, byte for byte
    assert read_xmp(edited).fields == {**read_xmp(packet).fields, SOURCE_TYPE: TRAINED_ALGORITHMIC_MEDIA}


def _xmp_segment(data: bytes) -> bytes:
    signature = b"http://ns.adobe.com/xap/1.0/\x00"
    at = data.index(signature) - 4
    length = int.from_bytes(data[at + 2:at + 4], "big")
    return data[at + 4 + len(signature):at + 2 + length]


@pytest.mark.parametrize("name", sorted(FORMATS))
@pytest.mark.skipif(EXIFTOOL is None, reason="exiftool is not installed")
def test_exiftool_reads_the_marking_and_everything_else_unchanged(tmp_path, name):
    path = FORMATS[name](tmp_path / "image", XMP)
    before = _exiftool(path)

    _mark(path)

    after = _exiftool(path)
    assert after.get("XMP-iptcExt:DigitalSourceType") == TRAINED_ALGORITHMIC_MEDIA
    assert not [k for k in after if k.startswith("ExifTool:") and ("Warning" in k or "Error" in k)]
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    # The file's own size, times and the container's XMP flag may change; nothing else.
    assert changed - {"XMP-iptcExt:DigitalSourceType"} <= _VOLATILE, changed


_VOLATILE = {"System:FileSize", "System:FileModifyDate", "System:FileAccessDate", "System:FileInodeChangeDate",
             "RIFF:WebP_Flags", "ExifTool:ExifToolVersion"}


def _exiftool(path: Path) -> dict:
    out = subprocess.run([EXIFTOOL, "-j", "-G1", "-a", "-n", "-s", str(path)], capture_output=True, text=True, check=True)
    found = json.loads(out.stdout)[0]
    found.pop("SourceFile")
    return found


def test_file_with_c2pa_manifest_is_refused_unless_allowed(tmp_path):
    path = write_jpeg(tmp_path / "signed.jpg", c2pa=True)
    before = path.read_bytes()

    refused = _mark(path)

    assert refused.status == "refused" and "C2PA" in refused.message and "re-sign" in refused.message
    assert path.read_bytes() == before
    assert _mark(path, allow_c2pa_break=True).status == "fixed"
    assert read_media(path).xmp[SOURCE_TYPE] == TRAINED_ALGORITHMIC_MEDIA


def test_a_declared_source_type_is_never_overwritten(tmp_path):
    path = write_png(tmp_path / "a.png", xmp={SOURCE_TYPE: DIGITAL_CAPTURE})
    before = path.read_bytes()

    outcome = _mark(path, codes=("AID102",))

    assert outcome.status == "refused" and "digitalCapture" in outcome.message
    assert path.read_bytes() == before


def test_dry_run_describes_the_change_and_writes_nothing(tmp_path):
    path = write_jpeg(tmp_path / "a.jpg", xmp=XMP)
    before = path.read_bytes()

    outcome = _mark(path, dry_run=True)

    assert outcome.status == "would-fix"
    assert "+  <rdf:Description" in outcome.diff and "DigitalSourceType" in outcome.diff
    assert path.read_bytes() == before


def test_fix_keeps_permissions_and_leaves_no_temporary_file(tmp_path):
    path = write_png(tmp_path / "a.png")
    os.chmod(path, 0o640)

    _mark(path)

    assert (path.stat().st_mode & 0o777) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png"]


def test_a_symlinked_image_is_fixed_through_the_link(tmp_path):
    target = write_png(tmp_path / "real.png")
    link = tmp_path / "link.png"
    link.symlink_to(target)

    assert _mark(link).status == "fixed"

    assert link.is_symlink() and read_media(target).xmp[SOURCE_TYPE] == TRAINED_ALGORITHMIC_MEDIA


@pytest.mark.parametrize("content, refusal", [
    (b"\xff\xd8\xff\xe1\xff\xff", "cannot read"),
    (b"BM" + bytes(60), "not bmp"),
])
def test_files_fix_cannot_rewrite_are_refused_with_the_reason(tmp_path, content, refusal):
    path = tmp_path / "odd.img"
    path.write_bytes(content)

    outcome = _mark(path)

    assert outcome.status == "refused" and refusal in outcome.message
    assert path.read_bytes() == content


# --- the command: fix, then check again ----------------------------------------------

ARTICLE = """---
title: Skyline
---
![The new skyline](skyline.jpg)

*{caption}*

![Generated fox](fox.png)
"""


def _site(tmp_path: Path, caption: str = "This image is AI-generated and does not depict any real-life event.") -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "post.md").write_text(ARTICLE.format(caption=caption), encoding="utf-8")
    write_jpeg(site / "skyline.jpg", exif={"Make": "Canon"})  # disclosed, unmarked: AID102
    write_png(site / "fox.png", text={"parameters": "a fox\nSteps: 20, Sampler: Euler a, Seed: 1"})  # PRV203
    return site


def _codes(site: Path, capsys) -> set[str]:
    main(["check", str(site), "--isolated", "--format", "json", "--fail-on", "never"])
    return {f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]}


def test_fix_then_check_no_longer_reports_the_fixed_codes(tmp_path, capsys):
    site = _site(tmp_path)
    assert {"AID102", "PRV203"} <= _codes(site, capsys)

    code = main(["fix", str(site), "--isolated"])
    out = capsys.readouterr().out

    assert code == 0, out
    assert "fixed: " in out and "2 file(s) fixed, 0 refused" in out
    assert not {"AID102", "PRV203"} & _codes(site, capsys)
    assert read_media(site / "skyline.jpg").exif["Make"] == "Canon"


def test_diff_changes_nothing_and_exits_1_when_something_would_change(tmp_path, capsys):
    site = _site(tmp_path)
    before = {p.name: p.read_bytes() for p in site.iterdir()}

    code = main(["fix", str(site), "--isolated", "--diff"])
    out = capsys.readouterr().out

    assert code == 1
    assert "+++ b/" in out and "would-fix: " in out
    assert {p.name: p.read_bytes() for p in site.iterdir()} == before


def test_check_fix_mends_then_reports_what_is_left(tmp_path, capsys):
    site = _site(tmp_path)

    main(["check", str(site), "--isolated", "--fix", "--format", "json", "--fail-on", "never"])
    out, err = capsys.readouterr()

    assert "2 file(s) fixed" in err
    assert not {"AID102", "PRV203"} & {f["rule"] for f in json.loads(out)["findings"]}


def test_refusal_makes_fix_exit_1(tmp_path, capsys):
    site = _site(tmp_path)
    write_jpeg(site / "skyline.jpg", c2pa=True)

    code = main(["fix", str(site), "--isolated"])
    out = capsys.readouterr().out

    assert code == 1
    assert "refused: " in out and "C2PA" in out


def test_caption_that_says_edited_marks_a_composite(tmp_path, capsys):
    site = _site(tmp_path, caption="Photo edited with AI: the skyline with the planned towers.")

    main(["fix", str(site), "--isolated"])

    capsys.readouterr()
    assert read_media(site / "skyline.jpg").xmp[SOURCE_TYPE] == COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA
    assert read_media(site / "fox.png").xmp[SOURCE_TYPE] == TRAINED_ALGORITHMIC_MEDIA


@pytest.mark.parametrize("suffix", [".jpg", ".png"])
def test_really_signed_file_is_refused_and_forcing_it_breaks_the_binding(tmp_path, suffix):
    from fixtures.c2pa_signing import make_captured_photo

    path = make_captured_photo(tmp_path / f"signed{suffix}")
    assert read_media(path).c2pa.get("integrity_failures") == []

    assert _mark(path).status == "refused"
    assert _mark(path, allow_c2pa_break=True).status == "fixed"

    # What the refusal protects: the manifest's hash of the file no longer matches.
    assert read_media(path).c2pa.get("integrity_failures")


def test_an_image_named_by_several_findings_is_marked_once(tmp_path, monkeypatch):
    from auditor.fix.plan import image_markings
    from auditor.model import Finding

    image = write_png(tmp_path / "fox.png")
    (tmp_path / "alias.png").symlink_to(image)
    monkeypatch.chdir(tmp_path)

    def finding(rule: str, media: str) -> Finding:
        return Finding(rule=rule, name=rule, severity="warning", message="", path="post.md", media=media)

    markings = image_markings([finding("AID102", "fox.png"), finding("PRV203", str(image)),
                               finding("PRV203", "alias.png"), finding("AID101", "fox.png")])

    assert [m.codes for m in markings] == [("AID102", "PRV203")]
