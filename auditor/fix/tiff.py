"""XMP into a TIFF (tag 700, XMLPacket, in the first IFD). Nothing already in the
file moves: the packet is appended at the end, and either the existing tag's count
and offset are pointed at it, or a copy of IFD0 with the tag added is appended and
the header points to it. Strips, tiles and every other IFD keep their offsets, so
the image data stays byte-identical. BigTIFF is left alone."""

from __future__ import annotations

from typing import Callable

from .xmp_packet import XmpEditError

XMP_TAG = 700
_BYTE, _UNDEFINED = 1, 7
_MAX_ENTRIES = 4096


def set_xmp(data: bytes, edit: Callable[[bytes | None], bytes]) -> bytes:
    order = {b"II": "little", b"MM": "big"}.get(data[:2])
    if order is None or len(data) < 8:
        raise XmpEditError("not a TIFF: no byte-order mark")
    magic = int.from_bytes(data[2:4], order)
    if magic == 43:
        raise XmpEditError("BigTIFF is not written by fix")
    if magic != 42:
        raise XmpEditError("not a classic TIFF")

    def number(at: int, size: int) -> int:
        return int.from_bytes(data[at:at + size], order)

    ifd = number(4, 4)
    if ifd < 8 or ifd + 2 > len(data):
        raise XmpEditError("malformed TIFF: the first IFD lies outside the file")
    count = number(ifd, 2)
    if count > _MAX_ENTRIES or ifd + 2 + 12 * count + 4 > len(data):
        raise XmpEditError("malformed TIFF: the first IFD runs past the end")
    entries = [data[ifd + 2 + 12 * i:ifd + 2 + 12 * (i + 1)] for i in range(count)]
    next_ifd = data[ifd + 2 + 12 * count:ifd + 6 + 12 * count]
    existing = next((i for i, e in enumerate(entries) if int.from_bytes(e[:2], order) == XMP_TAG), None)

    old_packet = None
    if existing is not None:
        entry = entries[existing]
        kind, length = int.from_bytes(entry[2:4], order), int.from_bytes(entry[4:8], order)
        if kind not in (_BYTE, _UNDEFINED):
            raise XmpEditError("the TIFF's XMP tag has an unexpected type")
        at = ifd + 2 + 12 * existing + 8 if length <= 4 else int.from_bytes(entry[8:12], order)
        if at + length > len(data):
            raise XmpEditError("malformed TIFF: the XMP tag points past the end")
        old_packet = data[at:at + length]
    packet = edit(old_packet)

    out = bytearray(data)
    if len(out) % 2:
        out += b"\x00"  # TIFF offsets are word-aligned
    packet_at = len(out)
    out += packet
    if len(out) % 2:
        out += b"\x00"
    new_entry = (XMP_TAG.to_bytes(2, order) + _UNDEFINED.to_bytes(2, order)
                 + len(packet).to_bytes(4, order) + packet_at.to_bytes(4, order))
    if len(out) + 2 + 12 * (count + 1) + 4 > 0xFFFFFFFF:
        raise XmpEditError("the TIFF would grow past 4 GiB")
    if existing is not None:
        slot = ifd + 2 + 12 * existing
        out[slot:slot + 12] = new_entry
        return bytes(out)
    # Entries stay sorted by tag, as the specification requires.
    entries.append(new_entry)
    entries.sort(key=lambda e: int.from_bytes(e[:2], order))
    new_ifd = len(out)
    out += (count + 1).to_bytes(2, order) + b"".join(entries) + next_ifd
    out[4:8] = new_ifd.to_bytes(4, order)
    return bytes(out)
