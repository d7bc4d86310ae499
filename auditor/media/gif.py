"""Walk a GIF's blocks: logical screen size, XMP application extension, comments,
and the C2PA application extension (``C2PA_GIF``) that holds a manifest store.

Image data sub-blocks are skipped by their length bytes. Comments land in the
text group under ``Comment`` (the GIF counterpart of a PNG text chunk).
"""

from __future__ import annotations

from typing import BinaryIO

from .container import MAX_TEXT_VALUE_BYTES, MAX_XMP_BYTES, Container

MAX_BLOCKS = 100_000
MAX_SUB_BLOCKS = 2_000_000
XMP_APPLICATION = b"XMP DataXMP"
# Identifier (8 bytes) of the application extension a C2PA manifest store lives in;
# the 3-byte authentication code after it carries a version.
C2PA_APPLICATION = b"C2PA_GIF"

EXTENSION, IMAGE, TRAILER = 0x21, 0x2C, 0x3B
COMMENT_LABEL, APPLICATION_LABEL = 0xFE, 0xFF


def walk_gif(fh: BinaryIO, file_size: int) -> Container:
    found = Container()
    fh.seek(0)
    header = fh.read(13)
    if len(header) < 13:
        found.unusable = "truncated GIF: the file ends inside its header"
        return found
    found.width = int.from_bytes(header[6:8], "little")
    found.height = int.from_bytes(header[8:10], "little")
    packed = header[10]
    if packed & 0x80:  # global colour table
        fh.seek(3 * (2 << (packed & 0x07)), 1)

    budget = [MAX_SUB_BLOCKS]
    for _ in range(MAX_BLOCKS):
        introducer = fh.read(1)
        if not introducer:
            found.notes["truncated"] = "GIF ends before its trailer; metadata read so far is kept"
            break
        code = introducer[0]
        if code == TRAILER:
            break
        if code == IMAGE:
            descriptor = fh.read(9)
            if len(descriptor) == 9 and descriptor[8] & 0x80:  # local colour table
                fh.seek(3 * (2 << (descriptor[8] & 0x07)), 1)
            fh.seek(1, 1)  # LZW minimum code size
            if not _skip_sub_blocks(fh, budget):
                break
        elif code == EXTENSION:
            label = fh.read(1)
            if label == bytes([APPLICATION_LABEL]):
                _read_application(fh, found, budget)
            elif label == bytes([COMMENT_LABEL]):
                comment, truncated = _collect_sub_blocks(fh, MAX_TEXT_VALUE_BYTES, budget)
                found.add_text("Comment", comment.decode("utf-8", errors="replace"), truncated=truncated)
            elif not _skip_sub_blocks(fh, budget):
                break
        else:
            found.notes["malformed"] = f"unknown GIF block 0x{code:02x} at byte {fh.tell() - 1}"
            break
    return found


def _read_application(fh: BinaryIO, found: Container, budget: list[int]) -> None:
    size = fh.read(1)
    identifier = fh.read(size[0]) if size else b""
    if identifier == XMP_APPLICATION:
        # The packet is stored raw: its own bytes double as sub-block lengths, and a
        # "magic trailer" brings the walk back to a terminator. Keeping the length
        # bytes reproduces the packet; the XMP reader ignores the trailer after it.
        raw, truncated = _collect_sub_blocks(fh, MAX_XMP_BYTES, budget, keep_lengths=True)
        if truncated:
            found.problems.append("XMP packet exceeds the size cap; not read")
        elif not found.xmp_packets:
            found.xmp_packets.append(raw)
    else:
        if identifier[:8] == C2PA_APPLICATION:
            found.c2pa_store = True
        _skip_sub_blocks(fh, budget)


def _skip_sub_blocks(fh: BinaryIO, budget: list[int]) -> bool:
    while budget[0] > 0:
        budget[0] -= 1
        size = fh.read(1)
        if not size:
            return False
        if size[0] == 0:
            return True
        fh.seek(size[0], 1)
    return False


def _collect_sub_blocks(
    fh: BinaryIO, cap: int, budget: list[int], *, keep_lengths: bool = False
) -> tuple[bytes, bool]:
    collected = bytearray()
    truncated = False
    while budget[0] > 0:
        budget[0] -= 1
        size = fh.read(1)
        if not size or size[0] == 0:
            break
        if keep_lengths and not truncated:
            collected += size
        data = fh.read(size[0])
        if len(collected) + len(data) > cap:
            truncated = True
        elif not truncated:
            collected += data
    return bytes(collected), truncated
