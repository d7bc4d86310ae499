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
_MAX_IFDS = 4096
# Bytes per value of each classic TIFF field type (1 BYTE … 13 IFD).
_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}


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
    _check_entries(entries, order, len(data))
    _check_chain(data, order, ifd, next_ifd)
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


def _check_entries(entries: list[bytes], order: str, file_size: int) -> None:
    """A copied IFD is only as sound as its entries: every type known, every value
    stored outside the entry inside the file. A broken IFD is left alone."""
    for entry in entries:
        size = _TYPE_SIZES.get(int.from_bytes(entry[2:4], order))
        if size is None:
            raise XmpEditError("malformed TIFF: an IFD0 entry has an unknown type; fix leaves it as it is")
        length = size * int.from_bytes(entry[4:8], order)
        if length > 4 and int.from_bytes(entry[8:12], order) + length > file_size:
            raise XmpEditError("malformed TIFF: an IFD0 value lies past the end of the file; fix leaves it as it is")


def _check_chain(data: bytes, order: str, first: int, next_ifd: bytes) -> None:
    """When IFD0 moves, a later IFD that points back at it (a looping chain) would
    find the old copy: such files are left alone."""
    seen = {first}
    position = int.from_bytes(next_ifd, order)
    while position:
        if position in seen:
            raise XmpEditError("the TIFF's IFD chain loops back; fix leaves it as it is")
        if len(seen) > _MAX_IFDS or position + 2 > len(data):
            raise XmpEditError("malformed TIFF: the IFD chain runs past the end of the file")
        seen.add(position)
        count = int.from_bytes(data[position:position + 2], order)
        end = position + 2 + 12 * count
        if end + 4 > len(data):
            raise XmpEditError("malformed TIFF: an IFD runs past the end of the file")
        position = int.from_bytes(data[end:end + 4], order)
