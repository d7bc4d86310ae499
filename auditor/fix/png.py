"""XMP into a PNG: the ``XML:com.adobe.xmp`` iTXt chunk replaced (written
uncompressed, as the XMP specification asks), or a new one inserted before the
first IDAT. Every other chunk is copied byte for byte, CRCs included."""

from __future__ import annotations

import zlib
from typing import Callable

from .xmp_packet import XmpEditError

SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = b"XML:com.adobe.xmp"
_MAX_INFLATED = 8 * 1024 * 1024


def set_xmp(data: bytes, edit: Callable[[bytes | None], bytes]) -> bytes:
    if not data.startswith(SIGNATURE):
        raise XmpEditError("not a PNG: no PNG signature")
    chunks = _chunks(data)
    xmp = [(start, end, body) for kind, start, end, body in chunks
           if kind == b"iTXt" and body.startswith(KEYWORD + b"\x00")]
    if len(xmp) > 1:
        raise XmpEditError("the PNG carries more than one XMP chunk; fix leaves it as it is")
    if xmp:
        start, end, body = xmp[0]
        return data[:start] + _chunk(b"iTXt", _itxt(edit(_packet_of(body)))) + data[end:]
    first_data = next((start for kind, start, _, _ in chunks if kind == b"IDAT"), None)
    if first_data is None:
        raise XmpEditError("the PNG has no image data (IDAT)")
    return data[:first_data] + _chunk(b"iTXt", _itxt(edit(None))) + data[first_data:]


def _itxt(packet: bytes) -> bytes:
    # keyword, NUL, compression flag 0, method 0, empty language tag, empty translated keyword
    return KEYWORD + b"\x00\x00\x00\x00\x00" + packet


def _chunk(kind: bytes, body: bytes) -> bytes:
    return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")


def _packet_of(body: bytes) -> bytes:
    rest = body[len(KEYWORD) + 1:]
    if len(rest) < 2:
        raise XmpEditError("the PNG's XMP chunk is truncated")
    compressed, method = rest[0], rest[1]
    rest = rest[2:]
    for _ in range(2):  # language tag, translated keyword
        end = rest.find(b"\x00")
        if end < 0:
            raise XmpEditError("the PNG's XMP chunk is malformed")
        rest = rest[end + 1:]
    if not compressed:
        return rest
    if method != 0:
        raise XmpEditError("the PNG's XMP chunk uses an unknown compression method")
    inflater = zlib.decompressobj()
    packet = inflater.decompress(rest, _MAX_INFLATED)
    if inflater.unconsumed_tail:
        raise XmpEditError("the PNG's compressed XMP chunk inflates past the size cap")
    return packet


def _chunks(data: bytes) -> list[tuple[bytes, int, int, bytes]]:
    """(type, start, end, body) of every chunk up to IEND."""
    found = []
    position = len(SIGNATURE)
    while position < len(data):
        if position + 12 > len(data):
            raise XmpEditError(f"malformed PNG: truncated chunk at byte {position}")
        length = int.from_bytes(data[position:position + 4], "big")
        kind = data[position + 4:position + 8]
        end = position + 12 + length
        if end > len(data):
            raise XmpEditError(f"malformed PNG: chunk {kind!r} runs past the end")
        found.append((kind, position, end, data[position + 8:position + 8 + length]))
        position = end
        if kind == b"IEND":
            return found
    raise XmpEditError("malformed PNG: no IEND chunk")
