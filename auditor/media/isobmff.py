"""Walk an ISO BMFF image (HEIF, AVIF, JPEG XL container) for size, EXIF, XMP, C2PA.

HEIF/AVIF keep metadata as *items*: the ``meta`` box lists them (``iinf``), says
where their bytes are (``iloc``) and gives image sizes (``ispe``). Only ``meta``
and the items' few bytes are read; media data is never touched. JPEG XL keeps
``Exif``/``xml `` boxes at top level. C2PA lives in a top-level ``uuid`` box
(HEIF) or ``jumb`` box (JPEG XL).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import BinaryIO

from .container import MAX_EXIF_BYTES, MAX_XMP_BYTES, Container

MAX_TOP_LEVEL_BOXES = 1000
MAX_META_BYTES = 4 * 1024 * 1024
MAX_ITEMS = 4096
C2PA_UUID = bytes.fromhex("d8fec3d61b0e483c92975828877ec481")
XMP_CONTENT_TYPE = "application/rdf+xml"


@dataclass
class _Item:
    kind: bytes = b""
    content_type: str = ""
    extents: list[tuple[int, int]] = field(default_factory=list)  # (file offset, length)


def walk_iso_bmff(fh: BinaryIO, file_size: int) -> Container:
    found = Container()
    position = 0
    for _ in range(MAX_TOP_LEVEL_BOXES):
        if position + 8 > file_size:
            break
        fh.seek(position)
        header = fh.read(16)
        size, kind, header_length = _box_header(header, file_size - position)
        if size < header_length:
            found.notes["malformed"] = f"impossible box size at byte {position}"
            break
        body_start, body_length = position + header_length, size - header_length
        if kind == b"meta":
            _read_meta(fh, body_start, body_length, found)
        elif kind == b"Exif" and found.exif_tiff is None and body_length <= MAX_EXIF_BYTES:
            fh.seek(body_start)
            found.exif_tiff = _tiff_of_exif_payload(fh.read(body_length))
        elif kind == b"xml " and not found.xmp_packets and body_length <= MAX_XMP_BYTES:
            fh.seek(body_start)
            found.xmp_packets.append(fh.read(body_length))
        elif kind == b"uuid":
            fh.seek(body_start)
            found.c2pa_store = found.c2pa_store or fh.read(16) == C2PA_UUID
        elif kind == b"jumb":
            fh.seek(body_start)
            found.c2pa_store = found.c2pa_store or b"c2pa" in fh.read(64)
        if position + size > file_size:
            found.notes["truncated"] = "file ends inside a box; metadata read so far is kept"
            break
        position += size
    if found.width is None and not found.exif_tiff and not found.xmp_packets and position <= 8:
        found.unusable = "corrupt ISO BMFF image: no box could be read"
    return found


def _box_header(header: bytes, remaining: int) -> tuple[int, bytes, int]:
    """(box size, type, header length); a size of 0 means "to the end of the file"."""
    if len(header) < 8:
        return 0, b"", 8
    size, kind = int.from_bytes(header[0:4], "big"), header[4:8]
    if size == 1:
        if len(header) < 16:
            return 0, kind, 16
        return int.from_bytes(header[8:16], "big"), kind, 16
    if size == 0:
        return remaining, kind, 8
    return size, kind, 8


def _children(data: bytes, start: int = 0):
    """(type, body) of each box in ``data``, from ``start``."""
    position = start
    while position + 8 <= len(data):
        size, kind, header_length = _box_header(data[position:position + 16], len(data) - position)
        if size < header_length or position + size > len(data):
            return
        yield kind, data[position + header_length:position + size]
        position += size


def _read_meta(fh: BinaryIO, start: int, length: int, found: Container) -> None:
    if length > MAX_META_BYTES:
        found.problems.append(f"meta box of {length} bytes exceeds the size cap; not read")
        return
    fh.seek(start)
    meta = fh.read(length)
    items: dict[int, _Item] = {}
    sizes: list[tuple[int, int]] = []
    for kind, body in _children(meta, start=4):  # meta is a FullBox
        if kind == b"iinf":
            _read_item_infos(body, items)
        elif kind == b"iloc":
            _read_item_locations(body, items)
        elif kind == b"iprp":
            for prop_kind, properties in _children(body):
                if prop_kind == b"ipco":
                    sizes += [
                        (int.from_bytes(p[4:8], "big"), int.from_bytes(p[8:12], "big"))
                        for k, p in _children(properties) if k == b"ispe" and len(p) >= 12
                    ]
    if sizes:
        # Grid images list each tile's size too; the whole image is the largest.
        found.width, found.height = max(sizes, key=lambda wh: wh[0] * wh[1])
    for item in items.values():
        if item.kind == b"Exif" and found.exif_tiff is None:
            data = _item_bytes(fh, item, MAX_EXIF_BYTES)
            if data:
                found.exif_tiff = _tiff_of_exif_payload(data)
        elif item.kind == b"mime" and item.content_type == XMP_CONTENT_TYPE and not found.xmp_packets:
            data = _item_bytes(fh, item, MAX_XMP_BYTES)
            if data:
                found.xmp_packets.append(data)


def _read_item_infos(body: bytes, items: dict[int, _Item]) -> None:
    version = body[0] if body else 0
    count_size = 2 if version == 0 else 4
    for kind, entry in _children(body, start=4 + count_size):
        if kind != b"infe" or len(entry) < 4 or entry[0] < 2:
            continue
        id_size = 2 if entry[0] == 2 else 4
        item_id = int.from_bytes(entry[4:4 + id_size], "big")
        at = 4 + id_size + 2  # skip item_protection_index
        item_kind = entry[at:at + 4]
        rest = entry[at + 4:].split(b"\x00")
        item = items.setdefault(item_id, _Item())
        item.kind = item_kind
        if item_kind == b"mime" and len(rest) > 1:
            item.content_type = rest[1].decode("latin-1").strip().lower()
        if len(items) >= MAX_ITEMS:
            return


def _read_item_locations(body: bytes, items: dict[int, _Item]) -> None:
    if len(body) < 8:
        return
    version = body[0]
    offset_size, length_size = body[4] >> 4, body[4] & 0x0F
    base_offset_size = body[5] >> 4
    index_size = body[5] & 0x0F if version in (1, 2) else 0
    at = 6
    count_size = 2 if version < 2 else 4
    count = int.from_bytes(body[at:at + count_size], "big")
    at += count_size

    def take(width: int) -> int:
        nonlocal at
        value = int.from_bytes(body[at:at + width], "big")
        at += width
        return value

    for _ in range(min(count, MAX_ITEMS)):
        if at >= len(body):
            return
        item_id = take(2 if version < 2 else 4)
        construction = take(2) & 0x0F if version in (1, 2) else 0
        take(2)  # data_reference_index
        base = take(base_offset_size)
        extents = []
        for _ in range(min(take(2), 64)):
            take(index_size)
            extents.append((base + take(offset_size), take(length_size)))
        if construction == 0:  # offsets into the file; other methods point into boxes
            items.setdefault(item_id, _Item()).extents = extents


def _item_bytes(fh: BinaryIO, item: _Item, cap: int) -> bytes | None:
    if sum(length for _, length in item.extents) > cap:
        return None
    data = bytearray()
    for offset, length in item.extents:
        fh.seek(offset)
        data += fh.read(length)
    return bytes(data)


def _tiff_of_exif_payload(data: bytes) -> bytes | None:
    # An Exif item/box starts with a 4-byte offset to the TIFF header (often past
    # an "Exif\0\0" prefix); searching a little way in covers both conventions.
    starts = [at for at in (data.find(b"II*\x00", 0, 64), data.find(b"MM\x00*", 0, 64)) if at >= 0]
    return data[min(starts):] if starts else None
