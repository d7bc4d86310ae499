"""XMP into a WebP: the ``XMP `` chunk replaced or appended, with the XMP flag set in
VP8X. A simple (VP8/VP8L-only) file gains the VP8X header the extended format
needs, its canvas size read from the bitstream header; the bitstream itself is
copied byte for byte."""

from __future__ import annotations

from typing import Callable

from .xmp_packet import XmpEditError

_XMP_FLAG = 0x04
_ALPHA_FLAG = 0x10


def set_xmp(data: bytes, edit: Callable[[bytes | None], bytes]) -> bytes:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise XmpEditError("not a WebP: no RIFF/WEBP header")
    chunks = _chunks(data)
    kinds = [kind for kind, _, _ in chunks]
    if kinds.count(b"XMP ") > 1:
        raise XmpEditError("the WebP carries more than one XMP chunk; fix leaves it as it is")
    body = bytearray()
    xmp = next(((start, end) for kind, start, end in chunks if kind == b"XMP "), None)
    packet = edit(data[xmp[0] + 8:xmp[0] + 8 + int.from_bytes(data[xmp[0] + 4:xmp[0] + 8], "little")] if xmp else None)
    if kinds[0] != b"VP8X":
        body += _vp8x(data, chunks[0])
    for kind, start, end in chunks:
        if kind == b"VP8X":
            header = bytearray(data[start:end])
            header[8] |= _XMP_FLAG
            body += header
        elif kind == b"XMP ":
            continue
        else:
            body += data[start:end]
    body += _chunk(b"XMP ", packet)  # metadata chunks come after the image data
    return b"RIFF" + (len(body) + 4).to_bytes(4, "little") + b"WEBP" + bytes(body)


def _chunk(kind: bytes, payload: bytes) -> bytes:
    return kind + len(payload).to_bytes(4, "little") + payload + (b"\x00" if len(payload) % 2 else b"")


def _vp8x(data: bytes, first: tuple[bytes, int, int]) -> bytes:
    kind, start, _ = first
    payload = data[start + 8:start + 8 + 10]
    flags = _XMP_FLAG
    if kind == b"VP8 " and len(payload) >= 10 and payload[3:6] == b"\x9d\x01\x2a":
        width = int.from_bytes(payload[6:8], "little") & 0x3FFF
        height = int.from_bytes(payload[8:10], "little") & 0x3FFF
    elif kind == b"VP8L" and len(payload) >= 5 and payload[0] == 0x2F:
        bits = int.from_bytes(payload[1:5], "little")
        width, height = (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
        if bits >> 28 & 1:
            flags |= _ALPHA_FLAG
    else:
        raise XmpEditError("the WebP's first chunk is neither VP8X, VP8 nor VP8L")
    fields = bytes([flags, 0, 0, 0]) + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    return _chunk(b"VP8X", fields)


def _chunks(data: bytes) -> list[tuple[bytes, int, int]]:
    """(fourcc, start, end) of every chunk, end past the padding byte."""
    declared = int.from_bytes(data[4:8], "little") + 8
    if declared > len(data):
        raise XmpEditError("truncated WebP: the RIFF size runs past the end of the file")
    found = []
    position = 12
    while position < declared:
        if position + 8 > declared:
            raise XmpEditError(f"malformed WebP: truncated chunk at byte {position}")
        length = int.from_bytes(data[position + 4:position + 8], "little")
        end = position + 8 + length + (length & 1)
        if end > declared + (length & 1):
            raise XmpEditError("malformed WebP: a chunk runs past the RIFF size")
        found.append((data[position:position + 4], position, min(end, declared)))
        position = end
    if not found:
        raise XmpEditError("the WebP has no chunks")
    if declared < len(data):
        raise XmpEditError("the WebP has bytes after its RIFF chunk; fix leaves it as it is")
    return found
