"""Walk a WebP (RIFF) file's chunks: size from VP8X/VP8/VP8L, EXIF, XMP and C2PA.

Bitstream chunks are skipped with a seek; only their first few header bytes are
read for the image size.
"""

from __future__ import annotations

from typing import BinaryIO

from .container import MAX_XMP_BYTES, Container

MAX_CHUNKS = 10_000


def walk_webp(fh: BinaryIO, file_size: int) -> Container:
    found = Container()
    fh.seek(0)
    riff = fh.read(12)
    declared_end = int.from_bytes(riff[4:8], "little") + 8
    end = min(declared_end, file_size)
    position = 12
    chunks = 0
    while position + 8 <= end and chunks < MAX_CHUNKS:
        fh.seek(position)
        header = fh.read(8)
        if len(header) < 8:
            break
        chunks += 1
        fourcc, length = header[:4], int.from_bytes(header[4:8], "little")
        if fourcc == b"VP8X":
            _read_canvas(fh.read(10), found)
        elif fourcc == b"VP8 " and found.width is None:
            _read_lossy_size(fh.read(10), found)
        elif fourcc == b"VP8L" and found.width is None:
            _read_lossless_size(fh.read(5), found)
        elif fourcc == b"EXIF":
            found.add_exif_chunk(fh, length, "EXIF")
        elif fourcc == b"XMP ":
            if length <= MAX_XMP_BYTES:
                if not found.xmp_packets:
                    found.xmp_packets.append(fh.read(length))
            else:
                found.problems.append(f"XMP chunk of {length} bytes exceeds the size cap; not read")
        elif fourcc == b"C2PA":
            found.c2pa_store = True
        position += 8 + length + (length % 2)  # chunks are padded to even size

    if position < declared_end and position >= file_size:
        found.notes["truncated"] = "WebP ends before its declared RIFF size; metadata read so far is kept"
    if found.width is None and not found.exif_tiff and not found.xmp_packets:
        found.unusable = "corrupt WebP: no image header could be read"
    return found


def _read_canvas(data: bytes, found: Container) -> None:
    # flags (1), reserved (3), canvas width - 1 (24 bits), canvas height - 1 (24 bits)
    if len(data) == 10:
        found.width = int.from_bytes(data[4:7], "little") + 1
        found.height = int.from_bytes(data[7:10], "little") + 1


def _read_lossy_size(data: bytes, found: Container) -> None:
    # frame tag (3), start code 9d 01 2a, then 14-bit width and height
    if len(data) == 10 and data[3:6] == b"\x9d\x01\x2a":
        found.width = int.from_bytes(data[6:8], "little") & 0x3FFF
        found.height = int.from_bytes(data[8:10], "little") & 0x3FFF


def _read_lossless_size(data: bytes, found: Container) -> None:
    # signature 0x2f, then width - 1 and height - 1 in 14 bits each
    if len(data) == 5 and data[0] == 0x2F:
        bits = int.from_bytes(data[1:5], "little")
        found.width = (bits & 0x3FFF) + 1
        found.height = ((bits >> 14) & 0x3FFF) + 1


