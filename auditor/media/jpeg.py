"""Walk a JPEG's marker segments up to the image data and collect its metadata blocks.

Only the header is read: the walk stops at the first SOS (start of scan), so the
compressed pixels are never touched. Segments we do not need are skipped with a
seek. Caps on segment count and on bytes read keep a hostile file cheap.

Truncation policy: a file that ends before SOS keeps whatever segments were
complete (noted under ``truncated``); only a file that ends before anything
useful was read (no size, no metadata) is unusable. A file whose image data is
cut short after SOS is usable and noted, since its header is whole.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import BinaryIO

from .container import MAX_EXIF_BYTES, MAX_TEXT_VALUE_BYTES, MAX_XMP_BYTES, Container
from .iptc import iim_from_photoshop_resources

MAX_SEGMENTS = 4096
# Total payload bytes we are willing to read from metadata segments (each APPn is
# at most 64 KiB, but a file may carry thousands of them).
MAX_METADATA_BYTES = 24 * 1024 * 1024
# Photoshop resources (IPTC lives among them) may span several APP13 segments.
MAX_PHOTOSHOP_BYTES = 4 * 1024 * 1024
MAX_FILL_BYTES = 65536
MAX_EXTENDED_XMP_GUIDS = 4

EXIF_SIGNATURE = b"Exif\x00"
XMP_SIGNATURE = b"http://ns.adobe.com/xap/1.0/\x00"
EXTENDED_XMP_SIGNATURE = b"http://ns.adobe.com/xmp/extension/\x00"
PHOTOSHOP_SIGNATURE = b"Photoshop 3.0\x00"

SOI, EOI, SOS = 0xD8, 0xD9, 0xDA
APP1, APP11, APP13, COM = 0xE1, 0xEB, 0xED, 0xFE
COMMENT_KEYWORD = "Comment"
# Start-of-frame markers carry the size: C0–CF except DHT (C4), JPG (C8), DAC (CC).
SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
# Markers that stand alone, without a length field.
STANDALONE_MARKERS = frozenset({0x01, *range(0xD0, 0xD8)})
# Markers followed by a length field, and those whose payload is read.
_LENGTH_MARKERS = frozenset(range(0x02, 0xFF)) - STANDALONE_MARKERS - {SOI, EOI, SOS}
_WANTED_MARKERS = SOF_MARKERS | {APP1, APP11, APP13, COM}

TRAILING_NOTE = "JPEG does not end with an end-of-image marker (cut short or trailing data)"
_HAS_EXTENDED_XMP = re.compile(rb"HasExtendedXMP\s*(?:=\s*[\"']|>)\s*([0-9A-Fa-f]{32})")


@dataclass
class _ExtendedXmp:
    full_length: int
    chunks: dict[int, bytes] = field(default_factory=dict)


def walk_jpeg(fh: BinaryIO, file_size: int) -> Container:
    if isinstance(fh, io.BytesIO):
        data = fh.getvalue()  # the buffer itself, not a copy
        if len(data) == file_size:
            walked = _walk_clean_bytes(data)
            if walked is not None:
                return walked
    found = Container()
    fh.seek(0)
    if fh.read(2) != b"\xff" + bytes([SOI]):
        found.unusable = "not a JPEG: no start-of-image marker"
        return found

    extended: dict[bytes, _ExtendedXmp] = {}
    photoshop_resources = bytearray()
    metadata_bytes = 0
    segments = 0
    reached_scan = False
    truncated_at: int | None = None

    while True:
        # Most segments follow each other without fill bytes: marker and length come
        # in one read; anything else (fill, standalone markers, the end) goes the
        # byte-by-byte way.
        head = fh.read(4)
        if len(head) == 4 and head[0] == 0xFF and head[1] in _LENGTH_MARKERS:
            marker = head[1]
            length_bytes = head[2:]
        else:
            fh.seek(-len(head), 1)
            marker = _next_marker(fh)
            length_bytes = None
        if marker is None:
            if fh.tell() >= file_size:
                truncated_at = file_size
            else:
                found.notes["malformed"] = f"no JPEG marker at byte {fh.tell()}; reading stopped there"
            break
        if marker == SOS:
            reached_scan = True
            break
        if marker == EOI:
            break
        if marker in STANDALONE_MARKERS or marker == SOI:
            continue
        if length_bytes is None:
            length_bytes = fh.read(2)
        if len(length_bytes) < 2:
            truncated_at = fh.tell()
            break
        payload_length = int.from_bytes(length_bytes, "big") - 2
        if payload_length < 0:
            found.notes["malformed"] = f"JPEG segment with impossible length at byte {fh.tell() - 2}"
            break
        segments += 1
        if segments > MAX_SEGMENTS:
            found.notes["segments_capped"] = f"stopped after {MAX_SEGMENTS} segments"
            break

        wanted = marker in _WANTED_MARKERS
        if wanted and marker not in SOF_MARKERS and metadata_bytes + payload_length > MAX_METADATA_BYTES:
            found.notes["metadata_capped"] = f"stopped reading metadata after {metadata_bytes} bytes"
            wanted = False
        if not wanted:
            if fh.seek(payload_length, 1) > file_size:  # seek answers the new position
                truncated_at = file_size
                break
            continue

        payload = fh.read(payload_length)
        metadata_bytes += len(payload)
        if len(payload) < payload_length:
            truncated_at = file_size
            break  # a cut-off segment is not trusted
        _read_segment(marker, payload, found, extended, photoshop_resources)

    if photoshop_resources:
        found.iptc_iim = iim_from_photoshop_resources(bytes(photoshop_resources))
    _append_extended_xmp(found, extended)

    anything_read = bool(
        found.width is not None or found.exif_tiff or found.xmp_packets or found.iptc_iim
        or found.c2pa_store or found.text
    )
    if not anything_read and "malformed" in found.notes:
        found.unusable = f"corrupt JPEG: {found.notes['malformed']}"
    elif truncated_at is not None:
        if not anything_read:
            found.unusable = f"truncated JPEG: the file ends at byte {truncated_at} before any image header"
        else:
            found.notes["truncated"] = (
                f"JPEG ends at byte {truncated_at}, before the image data; metadata read so far is kept"
            )
    elif reached_scan and not _ends_with_end_of_image(fh, file_size):
        found.notes["truncated"] = TRAILING_NOTE
    return found


def _walk_clean_bytes(data: bytes) -> Container | None:
    """``walk_jpeg`` over a file held in memory whose segments are all clean: each
    a marker with its length, back to back from SOI to SOS, the last one ending
    inside the file, no cap reached. Indexing the bytes costs a fraction of the
    reads and seeks the general walk makes. Any other file (fill bytes,
    standalone markers, a truncation, a cap) gets None, and the general walk,
    which has a note for each of those, reads it from the start."""
    if data[:2] != b"\xff\xd8":
        return None
    found = Container()
    extended: dict[bytes, _ExtendedXmp] = {}
    photoshop_resources = bytearray()
    metadata_bytes = 0
    segments = 0
    size = len(data)
    position = 2
    while True:
        if position + 4 > size or data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == SOS:
            break
        if marker not in _LENGTH_MARKERS:
            return None
        start = position + 4
        position = start - 2 + ((data[start - 2] << 8) | data[start - 1])  # the length counts its own two bytes
        segments += 1
        if position < start or position > size or segments > MAX_SEGMENTS:
            return None  # an impossible length, a truncation or the segment cap: the general walk's notes
        if marker not in _WANTED_MARKERS:
            continue
        payload_length = position - start
        if marker not in SOF_MARKERS:
            if metadata_bytes + payload_length > MAX_METADATA_BYTES:
                return None
        metadata_bytes += payload_length
        payload = data[start:position]
        _read_segment(marker, payload, found, extended, photoshop_resources)
    if photoshop_resources:
        found.iptc_iim = iim_from_photoshop_resources(bytes(photoshop_resources))
    _append_extended_xmp(found, extended)
    if not data.endswith(b"\xff\xd9"):
        found.notes["truncated"] = TRAILING_NOTE
    return found


def _next_marker(fh: BinaryIO) -> int | None:
    """The next marker code, skipping fill bytes; None at end of file or on garbage."""
    first = fh.read(1)
    if first != b"\xff":
        if first:
            fh.seek(-1, 1)
        return None
    for _ in range(MAX_FILL_BYTES):
        code = fh.read(1)
        if not code:
            return None
        if code != b"\xff":
            return code[0]
    return None


def _read_frame_size(payload: bytes, found: Container) -> None:
    if found.width is None and len(payload) >= 5:
        found.height = int.from_bytes(payload[1:3], "big")
        found.width = int.from_bytes(payload[3:5], "big")


def _read_app1(payload: bytes, found: Container, extended: dict[bytes, _ExtendedXmp]) -> None:
    if payload.startswith(EXIF_SIGNATURE):
        # "Exif\0" is followed by one pad byte (normally \0), then the TIFF header.
        if found.exif_tiff is None:
            found.exif_tiff = payload[6:6 + MAX_EXIF_BYTES]
    elif payload.startswith(XMP_SIGNATURE):
        if not found.xmp_packets:
            found.xmp_packets.append(payload[len(XMP_SIGNATURE):])
        else:
            found.notes["duplicate_xmp"] = "more than one standard XMP packet; the first is used"
    elif payload.startswith(EXTENDED_XMP_SIGNATURE):
        _collect_extended_xmp(payload[len(EXTENDED_XMP_SIGNATURE):], found, extended)


def _collect_extended_xmp(body: bytes, found: Container, extended: dict[bytes, _ExtendedXmp]) -> None:
    # GUID (32 ASCII hex), full length (u32), offset of this chunk (u32), data.
    if len(body) < 40:
        return
    guid, full_length = body[:32], int.from_bytes(body[32:36], "big")
    offset, data = int.from_bytes(body[36:40], "big"), body[40:]
    if full_length > MAX_XMP_BYTES:
        found.problems.append(f"Extended XMP of {full_length} bytes exceeds the size cap; not read")
        return
    if guid not in extended:
        if len(extended) >= MAX_EXTENDED_XMP_GUIDS:
            return
        extended[guid] = _ExtendedXmp(full_length)
    part = extended[guid]
    if part.full_length == full_length and offset + len(data) <= full_length:
        part.chunks[offset] = data


def _append_extended_xmp(found: Container, extended: dict[bytes, _ExtendedXmp]) -> None:
    if not extended:
        return
    declared = _HAS_EXTENDED_XMP.search(found.xmp_packets[0]) if found.xmp_packets else None
    guid = declared.group(1).upper() if declared else None
    by_upper = {key.upper(): key for key in extended}
    if guid not in by_upper:
        # Without a declaration, a lone extension is still the file's own metadata.
        if len(extended) != 1:
            found.notes["extended_xmp_ignored"] = "several Extended XMP packets, none declared by the standard packet"
            return
        guid = next(iter(by_upper))
    part = extended[by_upper[guid]]
    buffer = bytearray(part.full_length)
    covered = 0
    for offset, data in sorted(part.chunks.items()):
        buffer[offset:offset + len(data)] = data
        covered += len(data)
    if covered < part.full_length:
        found.problems.append("Extended XMP is incomplete (chunks missing); not read")
        return
    found.xmp_packets.append(bytes(buffer))


def _read_comment(payload: bytes, found: Container) -> None:
    # COM has no declared encoding; UTF-8 is what current writers use, Latin-1 what
    # older ones did. Several COM segments are kept as one comment, a line each.
    text = payload.rstrip(b"\x00")
    try:
        decoded = text.decode("utf-8")
    except UnicodeDecodeError:
        decoded = text.decode("latin-1")
    earlier = found.text.get(COMMENT_KEYWORD)
    if earlier is None:
        found.add_text(COMMENT_KEYWORD, decoded[:MAX_TEXT_VALUE_BYTES])
    elif len(earlier) < MAX_TEXT_VALUE_BYTES:
        found.text[COMMENT_KEYWORD] = (earlier + "\n" + decoded)[:MAX_TEXT_VALUE_BYTES]


def _is_c2pa_jumbf(payload: bytes) -> bool:
    # APP11 JUMBF: "JP", box instance (2), sequence number (4), then a "jumb" superbox
    # whose description box ("jumd") is labelled "c2pa" for a C2PA manifest store.
    return payload[:2] == b"JP" and payload[12:16] == b"jumb" and b"c2pa" in payload[16:96]


def _ends_with_end_of_image(fh: BinaryIO, file_size: int) -> bool:
    if file_size < 2:
        return False
    fh.seek(file_size - 2)
    return fh.read(2) == b"\xff\xd9"


def _read_segment(marker: int, payload: bytes, found: Container, extended: dict[bytes, _ExtendedXmp],
                  photoshop_resources: bytearray) -> None:
    """What one whole segment adds to `found` (both walks share it)."""
    if marker in SOF_MARKERS:
        _read_frame_size(payload, found)
    elif marker == APP1:
        _read_app1(payload, found, extended)
    elif marker == APP13 and payload.startswith(PHOTOSHOP_SIGNATURE):
        if len(photoshop_resources) + len(payload) <= MAX_PHOTOSHOP_BYTES:
            photoshop_resources += payload[len(PHOTOSHOP_SIGNATURE):]
    elif marker == APP11 and _is_c2pa_jumbf(payload):
        found.c2pa_store = True
    elif marker == COM:
        _read_comment(payload, found)
