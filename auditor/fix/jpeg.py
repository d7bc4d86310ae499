"""XMP into a JPEG: the APP1 XMP segment replaced, or a new one inserted after the
leading APP0/APP1 segments (JFIF, EXIF), where readers expect it. Every other
segment, and everything from the start of scan on, is copied byte for byte."""

from __future__ import annotations

from typing import Callable

from ..media.jpeg import EXTENDED_XMP_SIGNATURE, SOI, SOS, STANDALONE_MARKERS, XMP_SIGNATURE
from .xmp_packet import XmpEditError

_APP0, _APP1 = 0xE0, 0xE1
_MAX_SEGMENT_PAYLOAD = 0xFFFF - 2


def set_xmp(data: bytes, edit: Callable[[bytes | None], bytes]) -> bytes:
    if data[:2] != b"\xff" + bytes([SOI]):
        raise XmpEditError("not a JPEG: no start-of-image marker")
    segments = _segments(data)
    xmp = [(start, end) for marker, start, end in segments
           if marker == _APP1 and data[start + 4:end].startswith(XMP_SIGNATURE)]
    if any(marker == _APP1 and data[start + 4:end].startswith(EXTENDED_XMP_SIGNATURE) for marker, start, end in segments):
        raise XmpEditError("the JPEG carries Extended XMP (split over several segments); fix leaves it as it is")
    if len(xmp) > 1:
        raise XmpEditError("the JPEG carries more than one XMP segment; fix leaves it as it is")
    if xmp:
        start, end = xmp[0]
        packet = edit(data[start + 4 + len(XMP_SIGNATURE):end])
        return data[:start] + _segment(packet) + data[end:]
    at = 2
    for marker, start, end in segments:
        if marker not in (_APP0, _APP1):
            break
        at = end
    return data[:at] + _segment(edit(None)) + data[at:]


def _segment(packet: bytes) -> bytes:
    payload = XMP_SIGNATURE + packet
    if len(payload) > _MAX_SEGMENT_PAYLOAD:
        raise XmpEditError(f"the XMP packet ({len(packet)} bytes) does not fit in one JPEG segment")
    return b"\xff\xe1" + (len(payload) + 2).to_bytes(2, "big") + payload


def _segments(data: bytes) -> list[tuple[int, int, int]]:
    """(marker, start, end) of each marker segment before the start of scan; start is
    the offset of the 0xFF, end one past the payload."""
    found = []
    position = 2
    while True:
        while position < len(data) and data[position] == 0xFF and position + 1 < len(data) and data[position + 1] == 0xFF:
            position += 1  # fill bytes
        if position + 2 > len(data) or data[position] != 0xFF:
            raise XmpEditError(f"malformed JPEG: no marker at byte {position}")
        marker = data[position + 1]
        if marker == SOS:
            return found
        if marker in STANDALONE_MARKERS:
            position += 2
            continue
        if position + 4 > len(data):
            raise XmpEditError("truncated JPEG header")
        length = int.from_bytes(data[position + 2:position + 4], "big")
        end = position + 2 + length
        if length < 2 or end > len(data):
            raise XmpEditError(f"malformed JPEG: segment at byte {position} runs past the end")
        found.append((marker, position, end))
        position = end
