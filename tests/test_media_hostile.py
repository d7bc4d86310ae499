"""Hostile and broken inputs: each ends in a recorded error or bounded facts, never
an exception, a hang or unbounded memory."""

from __future__ import annotations

import os
import struct
import tempfile
import tracemalloc
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.media import read_media
from auditor.media.container import MAX_TEXT_VALUE_BYTES, MAX_XMP_BYTES
from auditor.model import MediaFacts
from fixtures.images import (
    SOURCE_TYPE,
    TRAINED_ALGORITHMIC_MEDIA,
    garbage,
    jpeg_bytes,
    jpeg_segment,
    mislabelled,
    png_bytes,
    png_chunk,
    png_with_huge_text,
    truncated_jpeg,
    write_gif,
    write_heif,
    write_png,
    write_tiff,
    write_webp,
    xmp_entity_bomb,
    xmp_entity_bomb_jpeg,
    xmp_packet,
    zero_byte,
)

AI_XMP = {SOURCE_TYPE: TRAINED_ALGORITHMIC_MEDIA}


def error_codes(facts: MediaFacts) -> list[str]:
    return [error.code for error in facts.errors]


def assert_one_line_errors(facts: MediaFacts) -> None:
    for error in facts.errors:
        assert error.message and "\n" not in error.message
        # The catch-all at the boundary is a last resort; a walker that needs it has a bug.
        assert not error.message.startswith("could not read image"), error.message


# --- files that are not images at all ----------------------------------------------------

def test_zero_byte_file_is_an_input_error(tmp_path):
    facts = read_media(zero_byte(tmp_path / "empty.jpg"))

    assert error_codes(facts) == ["INP001"]
    assert "empty" in facts.errors[0].message


def test_random_garbage_is_an_input_error_naming_its_first_bytes(tmp_path):
    facts = read_media(garbage(tmp_path / "noise.jpg", 10_000))

    assert error_codes(facts) == ["INP001"]
    assert "not a recognised image format" in facts.errors[0].message


def test_directory_passed_as_an_image_is_an_input_error(tmp_path):
    facts = read_media(tmp_path)

    assert error_codes(facts) == ["INP001"]
    assert "directory" in facts.errors[0].message


def test_missing_file_is_inp002(tmp_path):
    assert error_codes(read_media(tmp_path / "nowhere.jpg")) == ["INP002"]


def test_file_that_disappears_before_it_is_read_is_inp002(tmp_path):
    path = mislabelled(tmp_path / "gone.jpg")
    path.unlink()

    assert error_codes(read_media(path)) == ["INP002"]


def test_file_that_disappears_while_being_read_keeps_what_was_read(tmp_path, monkeypatch):
    # On POSIX an open file stays readable after unlink; the C2PA reader, which
    # reopens the path, is the one step that sees it gone.
    import auditor.media.jpeg as jpeg_walker

    path = tmp_path / "vanishing.jpg"
    path.write_bytes(jpeg_bytes(xmp=AI_XMP, c2pa=True))
    real_walk = jpeg_walker.walk_jpeg

    def walk_then_vanish(fh, size):
        found = real_walk(fh, size)
        path.unlink()
        return found

    monkeypatch.setattr("auditor.media.WALKERS", {"jpeg": walk_then_vanish})
    facts = read_media(path)

    assert facts.kinds() == {"ai-generated"}
    assert facts.c2pa.get("present") in (True, None)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX-only")
def test_named_pipe_is_refused_without_blocking(tmp_path):
    pipe = tmp_path / "pipe.jpg"
    os.mkfifo(pipe)

    facts = read_media(pipe)

    assert error_codes(facts) == ["INP001"]
    assert "regular file" in facts.errors[0].message


# --- truncation ------------------------------------------------------------------------------

def test_jpeg_cut_in_its_image_data_keeps_all_its_metadata_and_notes_it(tmp_path):
    facts = read_media(truncated_jpeg(tmp_path / "cut.jpg", cut="image-data"))

    assert facts.errors == ()
    assert (facts.width, facts.height) == (64, 48)
    assert facts.kinds() == {"ai-generated"}
    assert "truncated" in facts.notes


def test_jpeg_cut_before_its_frame_header_keeps_metadata_without_a_size(tmp_path):
    facts = read_media(truncated_jpeg(tmp_path / "cut.jpg", cut="header"))

    assert facts.errors == ()
    assert facts.width is None
    assert facts.kinds() == {"ai-generated"}
    assert "truncated" in facts.notes


def test_jpeg_cut_inside_its_first_segment_is_unusable(tmp_path):
    facts = read_media(truncated_jpeg(tmp_path / "cut.jpg", cut="first-segment"))

    assert error_codes(facts) == ["INP001"]
    assert "truncated JPEG" in facts.errors[0].message
    assert facts.format == "jpeg"


@pytest.mark.parametrize("name, write", [("t.png", write_png), ("t.webp", write_webp), ("t.gif", write_gif),
                                         ("t.tif", write_tiff), ("t.heic", write_heif)])
@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9])
def test_other_formats_cut_short_never_raise(tmp_path, name, write, keep):
    path = write(tmp_path / name, xmp=AI_XMP)
    data = path.read_bytes()
    path.write_bytes(data[: max(12, int(len(data) * keep))])

    facts = read_media(path)

    assert facts.errors == () or error_codes(facts) == ["INP001"]
    assert_one_line_errors(facts)


# --- lying extension -------------------------------------------------------------------------

def test_jpeg_named_png_is_read_as_jpeg_and_the_mismatch_noted(tmp_path):
    facts = read_media(mislabelled(tmp_path / "photo.png", xmp=AI_XMP))

    assert facts.format == "jpeg"
    assert facts.errors == ()
    assert facts.kinds() == {"ai-generated"}
    assert facts.notes["extension_mismatch"] == {"declared_extension": ".png", "detected_format": "jpeg"}


# --- XMP attacks -------------------------------------------------------------------------------

def test_xmp_entity_expansion_bomb_is_refused_as_a_recorded_error(tmp_path):
    facts = read_media(xmp_entity_bomb_jpeg(tmp_path / "bomb.jpg"))

    assert error_codes(facts) == ["INP001"]
    assert "entity" in facts.errors[0].message
    assert (facts.width, facts.height) == (64, 48)  # the rest of the file is still known
    assert facts.xmp == {}


def test_xmp_entity_bomb_in_png_is_refused_too(tmp_path):
    facts = read_media(write_png(tmp_path / "bomb.png", xmp_bytes=xmp_entity_bomb(levels=12)))

    assert error_codes(facts) == ["INP001"]


def test_external_entity_in_xmp_is_refused(tmp_path):
    packet = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
              b'<x:xmpmeta xmlns:x="adobe:ns:meta/">&ext;</x:xmpmeta>')

    facts = read_media(write_png(tmp_path / "xxe.png", xmp_bytes=packet))

    assert error_codes(facts) == ["INP001"]
    assert "root:x:" not in str(facts.model_dump())


def test_deeply_nested_xmp_is_refused(tmp_path):
    depth = 5000
    packet = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/">' + b"<a>" * depth + b"</a>" * depth + b"</x:xmpmeta>")

    facts = read_media(write_png(tmp_path / "deep.png", xmp_bytes=packet))

    assert error_codes(facts) == ["INP001"]
    assert "nesting" in facts.errors[0].message


def test_malformed_xmp_is_a_recorded_error_and_other_fields_survive(tmp_path):
    path = write_png(tmp_path / "bad.png", xmp_bytes=b"<x:xmpmeta><rdf:RDF>unclosed", text={"parameters": "Steps: 20"})

    facts = read_media(path)

    assert error_codes(facts) == ["INP001"]
    assert facts.kinds() == {"ai-generated"}


# --- size bombs ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def huge_text_png(tmp_path_factory):
    return png_with_huge_text(tmp_path_factory.mktemp("huge") / "huge.png", megabytes=50)


def test_png_with_a_50_mb_text_chunk_keeps_one_capped_value_in_bounded_memory(huge_text_png):
    tracemalloc.start()
    try:
        facts = read_media(huge_text_png)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert len(facts.png_text["parameters"].encode()) <= MAX_TEXT_VALUE_BYTES
    assert facts.notes["truncated_text"] == ["parameters"]
    assert (facts.width, facts.height) == (64, 48)
    assert facts.kinds() == {"ai-generated"}
    assert peak < 12 * 1024 * 1024


def test_compressed_text_bomb_is_inflated_only_up_to_the_cap(tmp_path):
    deflater = zlib.compressobj(9)
    zeros = b"0" * (1024 * 1024)
    compressed = b"".join(deflater.compress(zeros) for _ in range(200)) + deflater.flush()  # 200 MiB inflated
    data = png_bytes()
    data = data[:33] + png_chunk(b"zTXt", b"Comment\x00\x00" + compressed) + data[33:]
    path = tmp_path / "ztxt-bomb.png"
    path.write_bytes(data)

    tracemalloc.start()
    try:
        facts = read_media(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert len(facts.png_text["Comment"]) == MAX_TEXT_VALUE_BYTES
    assert facts.notes["truncated_text"] == ["Comment"]
    assert peak < 12 * 1024 * 1024


def test_xmp_over_the_size_cap_is_refused_as_a_recorded_error(tmp_path):
    oversized = xmp_packet({"photoshop:Headline": "h"}, padding=MAX_XMP_BYTES)

    facts = read_media(write_png(tmp_path / "fat.png", xmp_bytes=oversized, text={"Title": "kept"}))

    assert error_codes(facts) == ["INP001"]
    assert "size cap" in facts.errors[0].message
    assert facts.xmp == {}
    assert facts.png_text == {"Title": "kept"}


def test_corrupt_compressed_text_is_a_recorded_error(tmp_path):
    data = png_bytes(text={"Title": "kept"})
    data = data[:33] + png_chunk(b"zTXt", b"Comment\x00\x00" + b"\x78\x9c not deflate at all") + data[33:]
    path = tmp_path / "bad-ztxt.png"
    path.write_bytes(data)

    facts = read_media(path)

    assert error_codes(facts) == ["INP001"]
    assert "'Comment'" in facts.errors[0].message
    assert facts.png_text == {"Title": "kept"}


def test_png_chunk_claiming_gigabytes_is_not_read(tmp_path):
    data = png_bytes()
    liar = struct.pack(">I", 0x7FFFFFF0) + b"tEXt" + b"Title\x00short"
    path = tmp_path / "liar.png"
    path.write_bytes(data[:33] + liar)

    facts = read_media(path)

    assert facts.png_text == {"Title": "short"}
    assert "truncated" in facts.notes


def test_jpeg_with_tens_of_thousands_of_segments_stops_at_the_cap(tmp_path):
    data = jpeg_bytes()
    filler = jpeg_segment(0xE5, b"x") * 20_000
    path = tmp_path / "many.jpg"
    path.write_bytes(data[:2] + filler + data[2:])

    facts = read_media(path)

    assert "segments_capped" in facts.notes
    assert facts.errors == ()


def test_jpeg_segment_running_past_the_end_of_file_is_truncation(tmp_path):
    data = jpeg_bytes()
    path = tmp_path / "overrun.jpg"
    path.write_bytes(data[:2] + b"\xff\xe1\xff\xff" + b"Exif\x00\x00II*\x00")

    facts = read_media(path)

    assert error_codes(facts) == ["INP001"]
    assert "truncated" in facts.errors[0].message


def test_corrupt_exif_block_does_not_hide_the_xmp(tmp_path):
    data = jpeg_bytes(xmp=AI_XMP)
    broken_exif = jpeg_segment(0xE1, b"Exif\x00\x00II*\x00" + struct.pack("<I", 0xFFFFFF00) + b"\xff" * 40)
    path = tmp_path / "broken-exif.jpg"
    path.write_bytes(data[:2] + broken_exif + data[2:])

    facts = read_media(path)

    assert facts.kinds() == {"ai-generated"}
    assert_one_line_errors(facts)


def test_broken_exif_prints_and_logs_nothing(tmp_path, capfd, caplog):
    # Two IFDs pointing at each other: exifread logs "IFD loop detected." at WARNING.
    looping = b"II*\x00" + struct.pack("<I", 8) + struct.pack("<HI", 0, 14) + struct.pack("<HI", 0, 8)
    broken_exif = jpeg_segment(0xE1, b"Exif\x00\x00" + looping)
    data = jpeg_bytes()
    path = tmp_path / "noisy.jpg"
    path.write_bytes(data[:2] + broken_exif + data[2:])

    read_media(path)

    assert capfd.readouterr() == ("", "")
    assert [record for record in caplog.records if record.name.startswith("exifread")] == []


# --- fuzzing ------------------------------------------------------------------------------------

VALID_SAMPLES = {
    "jpg": jpeg_bytes(xmp=AI_XMP, exif={"Make": "Canon", "UserComment": "hi"}, iptc={"Credit": "AP"}, c2pa=True),
    "png": png_bytes(text={"parameters": "Steps: 1"}, compressed_text={"Comment": "c"}, xmp=AI_XMP, exif={"Make": "X"}),
}


def _read_bytes(data: bytes, suffix: str) -> MediaFacts:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"fuzz.{suffix}"
        path.write_bytes(data)
        return read_media(path)


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)


@FUZZ
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_never_make_read_media_raise(data):
    facts = _read_bytes(data, "jpg")

    assert isinstance(facts, MediaFacts)
    assert_one_line_errors(facts)


@FUZZ
@given(
    suffix=st.sampled_from(sorted(VALID_SAMPLES)),
    edits=st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)), max_size=12),
    cut=st.one_of(st.none(), st.integers(min_value=0)),
)
def test_mutated_valid_images_never_make_read_media_raise(suffix, edits, cut):
    data = bytearray(VALID_SAMPLES[suffix])
    for position, value in edits:
        data[position % len(data)] = value
    if cut is not None:
        data = data[: cut % (len(data) + 1)]

    facts = _read_bytes(bytes(data), suffix)

    assert isinstance(facts, MediaFacts)
    assert_one_line_errors(facts)


@FUZZ
@given(header=st.sampled_from([b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"RIFF\x00\x00\x00\x00WEBP", b"GIF89a",
                               b"II*\x00", b"MM\x00*", b"\x00\x00\x00\x18ftypheic", b"\x00\x00\x00\x0cJXL \r\n\x87\n"]),
       body=st.binary(max_size=1024))
def test_valid_signatures_followed_by_garbage_never_raise(header, body):
    facts = _read_bytes(header + body, "img")

    assert isinstance(facts, MediaFacts)
    assert_one_line_errors(facts)


# --- the issue's hostile files ----------------------------------------------------------------------

def test_png_with_a_million_tiny_chunks_stops_at_the_chunk_cap(tmp_path):
    from auditor.media.png import MAX_CHUNKS

    data = png_bytes(text={"parameters": "Steps: 20, Sampler: Euler a"})
    tiny = png_chunk(b"tIME", b"\x07\xe9\x01\x01\x00\x00\x00")
    path = tmp_path / "million.png"
    with open(path, "wb") as out:
        out.write(data[:33])  # signature and IHDR
        block = tiny * 10_000
        for _ in range(100):
            out.write(block)
        out.write(data[33:])

    facts = read_media(path)

    assert facts.notes["chunks_capped"] == f"stopped after {MAX_CHUNKS} chunks"
    assert (facts.width, facts.height) == (64, 48)
    assert facts.errors == ()


def test_tiff_whose_ifd_points_to_itself_is_read_once(tmp_path):
    import struct as st

    # IFD0 at 8: Make, an EXIF pointer back to IFD0, and a next-IFD pointer to itself.
    entries = [(0x010F, 2, 6, 8 + 2 + 3 * 12 + 4), (0x0100, 4, 1, 64), (0x8769, 4, 1, 8)]
    ifd = st.pack("<H", len(entries)) + b"".join(st.pack("<HHII", *e) for e in entries) + st.pack("<I", 8)
    path = tmp_path / "loop.tif"
    path.write_bytes(b"II*\x00" + st.pack("<I", 8) + ifd + b"Canon\x00")

    facts = read_media(path)

    assert facts.exif == {"Make": "Canon"}
    assert facts.width == 64
    assert_one_line_errors(facts)


def test_exif_sub_ifd_that_loops_back_is_not_followed_forever(tmp_path):
    import struct as st

    # IFD0 -> EXIF IFD -> (EXIF pointer inside the EXIF IFD back to IFD0): read each once.
    ifd0 = st.pack("<H", 1) + st.pack("<HHII", 0x8769, 4, 1, 26) + st.pack("<I", 0)
    exif_ifd = st.pack("<H", 1) + st.pack("<HHII", 0x8769, 4, 1, 8) + st.pack("<I", 8)
    block = b"II*\x00" + st.pack("<I", 8) + ifd0 + exif_ifd
    path = tmp_path / "loop.jpg"
    data = jpeg_bytes()
    path.write_bytes(data[:2] + jpeg_segment(0xE1, b"Exif\x00\x00" + block) + data[2:])

    facts = read_media(path)

    assert facts.exif == {}
    assert_one_line_errors(facts)


def test_image_claiming_100000_by_100000_pixels_is_described_never_decoded(tmp_path):
    import struct as st

    data = bytearray(png_bytes(text={"parameters": "Steps: 20, Sampler: Euler a"}))
    header = st.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    data[8:8 + 25] = png_chunk(b"IHDR", header)
    path = tmp_path / "giant.png"
    path.write_bytes(bytes(data))

    tracemalloc.start()
    try:
        facts = read_media(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert (facts.width, facts.height) == (100_000, 100_000)
    assert facts.kinds() == {"ai-generated"}
    assert peak < 4 * 1024 * 1024  # 30 GB of pixels were never allocated


def test_truncated_c2pa_store_is_reported_in_the_facts_not_raised(tmp_path):
    pytest.importorskip("c2pa")
    from fixtures.c2pa_signing import make_truncated_manifest

    facts = read_media(make_truncated_manifest(tmp_path / "cut.jpg"))

    assert facts.c2pa["present"] is True
    assert facts.c2pa["error"] and "\n" not in facts.c2pa["error"]
    assert facts.errors == ()


# --- each reader fuzzed from its own fixtures ---------------------------------------------------------

def _sample(write, suffix, **metadata) -> bytes:
    with tempfile.TemporaryDirectory() as directory:
        return write(Path(directory) / f"seed.{suffix}", **metadata).read_bytes()


READER_SEEDS = {
    "webp": _sample(write_webp, "webp", xmp=AI_XMP, exif={"Make": "Canon", "UserComment": "Steps: 20, Seed: 1"}),
    "gif": _sample(write_gif, "gif", xmp=AI_XMP, comment="made for the newsletter"),
    "tif": _sample(write_tiff, "tif", xmp=AI_XMP, exif={"Make": "Sony"}, iptc={"Credit": "AP"}),
    "heic": _sample(write_heif, "heic", xmp=AI_XMP, exif={"Software": "Midjourney"}),
    "jpg": jpeg_bytes(xmp=AI_XMP, iptc={"By-line": ["Jane Doe"]}, comment="desk",
                      exif={"Make": "Canon", "UserComment": "Zoë"}, extended_xmp={"photoshop:Headline": "h" * 300},
                      extended_chunk_size=100),
}
READER_FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)


@pytest.mark.parametrize("suffix", sorted(READER_SEEDS))
def test_each_container_reader_survives_mutations_of_its_own_fixture(suffix):
    @READER_FUZZ
    @given(edits=st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)), max_size=16),
           cut=st.one_of(st.none(), st.integers(min_value=0)))
    def mutate(edits, cut):
        data = bytearray(READER_SEEDS[suffix])
        for position, value in edits:
            data[position % len(data)] = value
        if cut is not None:
            data = data[: cut % (len(data) + 1)]
        facts = _read_bytes(bytes(data), suffix)
        assert isinstance(facts, MediaFacts)
        assert_one_line_errors(facts)

    mutate()


@READER_FUZZ
@given(edits=st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)), max_size=16))
def test_xmp_reader_returns_fields_or_a_problem_for_any_mutated_packet(edits):
    from auditor.media.xmp import XmpReading, read_xmp

    data = bytearray(xmp_packet({**AI_XMP, "dc:creator": ["A", "B"], "plus:Licensor": [{"plus:LicensorName": "X"}]}))
    for position, value in edits:
        data[position % len(data)] = value

    reading = read_xmp(bytes(data))

    assert isinstance(reading, XmpReading)
    assert reading.problem is None or "\n" not in reading.problem


@READER_FUZZ
@given(st.binary(max_size=512))
def test_iptc_reader_returns_fields_for_any_bytes(data):
    from auditor.media.iptc import iim_from_photoshop_resources, read_iptc

    assert isinstance(read_iptc(data), dict)
    assert iim_from_photoshop_resources(data) is None or isinstance(iim_from_photoshop_resources(data), bytes)


@READER_FUZZ
@given(edits=st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)), max_size=12),
       cut=st.one_of(st.none(), st.integers(min_value=0)))
def test_exif_reader_returns_fields_or_an_exif_error_for_any_mutated_block(edits, cut):
    from auditor.media.exif import ExifError, read_exif
    from fixtures.images import exif_block

    data = bytearray(exif_block({"Make": "Canon", "Software": "Fooocus", "UserComment": "Zoë", "DateTimeOriginal": "x"}))
    for position, value in edits:
        data[position % len(data)] = value
    if cut is not None:
        data = data[: cut % (len(data) + 1)]

    try:
        assert isinstance(read_exif(bytes(data)), dict)
    except ExifError:
        pass


@READER_FUZZ
@given(st.text(max_size=300))
def test_aigc_label_parser_accepts_any_text(text):
    from auditor.media.aigc_label import parse_aigc_label

    parsed = parse_aigc_label(text)
    assert parsed is None or parsed.get("Label")


def test_utf16_xmp_is_read_and_a_dtd_hidden_in_utf16_is_still_refused():
    from auditor.media.xmp import read_xmp

    packet = xmp_packet(AI_XMP, padding=0).decode("utf-8")
    assert read_xmp(packet.encode("utf-16")).fields == AI_XMP

    bomb = xmp_entity_bomb().decode("ascii").replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
    reading = read_xmp(bomb.encode("utf-16"))
    assert reading.fields == {}
    assert "DTD" in reading.problem
