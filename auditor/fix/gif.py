"""XMP into a GIF: the ``XMP DataXMP`` application extension replaced, or a new one
inserted after the global colour table. The packet is stored raw, followed by the
258-byte "magic trailer" that lets block-walking readers skip it (XMP specification
part 3). A GIF87a header becomes GIF89a, the first version with extensions; every
image block is copied byte for byte."""

from __future__ import annotations

from typing import Callable

from ..media.gif import XMP_APPLICATION
from .xmp_packet import XmpEditError

MAGIC_TRAILER = b"\x01" + bytes(range(0xFF, -1, -1)) + b"\x00"


def set_xmp(data: bytes, edit: Callable[[bytes | None], bytes]) -> bytes:
    if data[:6] not in (b"GIF87a", b"GIF89a") or len(data) < 13:
        raise XmpEditError("not a GIF: no GIF87a/GIF89a header")
    blocks_start = 13 + _colour_table_size(data[10])
    xmp = _xmp_extensions(data, blocks_start)
    if len(xmp) > 1:
        raise XmpEditError("the GIF carries more than one XMP extension; fix leaves it as it is")
    if xmp:
        start, packet_end, end = xmp[0]
        packet = edit(data[start + 14:packet_end])
        out = data[:start] + _extension(packet) + data[end:]
    else:
        out = data[:blocks_start] + _extension(edit(None)) + data[blocks_start:]
    return b"GIF89a" + out[6:]


def _extension(packet: bytes) -> bytes:
    if MAGIC_TRAILER[-3:] in packet or b"\x00" in packet:
        raise XmpEditError("the XMP packet holds bytes a GIF XMP extension cannot carry")
    return b"\x21\xff\x0b" + XMP_APPLICATION + packet + MAGIC_TRAILER


def _xmp_extensions(data: bytes, position: int) -> list[tuple[int, int, int]]:
    """(start, packet end, end) of each XMP application extension."""
    found = []
    while position < len(data):
        introducer = data[position]
        if introducer == 0x3B:
            return found
        if introducer == 0x2C:
            if position + 10 > len(data):
                break
            packed = data[position + 9]
            position += 10 + _colour_table_size(packed) + 1  # + LZW code size
            position = _after_sub_blocks(data, position)
        elif introducer == 0x21:
            if data[position + 1:position + 3] == b"\xff\x0b" and data[position + 3:position + 14] == XMP_APPLICATION:
                trailer = data.find(MAGIC_TRAILER, position + 14)
                if trailer < 0:
                    raise XmpEditError("the GIF's XMP extension has no magic trailer")
                found.append((position, trailer, trailer + len(MAGIC_TRAILER)))
                position = trailer + len(MAGIC_TRAILER)
            else:
                position = _after_sub_blocks(data, position + 2)
        else:
            raise XmpEditError(f"malformed GIF: unknown block 0x{introducer:02x} at byte {position}")
    raise XmpEditError("truncated GIF: no trailer")


def _colour_table_size(packed: int) -> int:
    return 3 << ((packed & 0x07) + 1) if packed & 0x80 else 0


def _after_sub_blocks(data: bytes, position: int) -> int:
    while position < len(data):
        size = data[position]
        position += 1 + size
        if size == 0:
            return position
    raise XmpEditError("truncated GIF: a block runs past the end")
