"""EXIF fields of IFD0 and the EXIF sub-IFD, normalised to plain names and strings.

Every ASCII field of the two IFDs that describe the image itself is kept
(``Make``, ``Software``, ``Artist``, ``LensModel``…), named as exifread names them
(its tag table is the dictionary), plus ``UserComment``, decoded by its
character-code prefix. Thumbnails, GPS, MakerNotes and numeric fields are not
provenance and are not read.

The IFDs are walked here rather than through ``exifread.process_file``: reading
the few ASCII entries directly is an order of magnitude faster than decoding
every tag of every IFD, which matters for archives of millions of files. The
walk is bounded: entry counts are capped, values are capped, an IFD that points
back to one already read is not read again, and TIFF/HEIF files (whose EXIF is
the file itself) are read through ``BoundedReader``.
"""

from __future__ import annotations

import io
import struct
from typing import BinaryIO

from exifread.tags.exif import EXIF_TAGS

from .container import MAX_EXIF_BYTES, MAX_TEXT_VALUE_BYTES

USER_COMMENT = "UserComment"
_USER_COMMENT_TAG = 0x9286
_EXIF_IFD_TAG = 0x8769
_ASCII = 2
_MAX_IFD_ENTRIES = 1000
MAX_FILE_READ_BYTES = 32 * 1024 * 1024
# Tag number -> name, for the tags exifread knows.
_NAMES: dict[int, str] = {
    tag: entry[0] if isinstance(entry, tuple) else str(entry) for tag, entry in EXIF_TAGS.items()
}


# One IFD entry: tag, field type, value count, then the value or its offset.
IFD_ENTRIES = {"little": struct.Struct("<HHL4s"), "big": struct.Struct(">HHL4s")}


class ExifError(ValueError):
    """An EXIF structure that cannot be read at all."""


def read_exif(tiff: bytes) -> dict[str, str]:
    """Fields of an EXIF block that starts with a TIFF header."""
    if tiff[:4] not in (b"II*\x00", b"MM\x00*"):
        return {}
    return _fields(io.BytesIO(tiff[:MAX_EXIF_BYTES]))


def read_exif_from_file(fh: BinaryIO) -> dict[str, str]:
    """Fields of a file that is itself an EXIF structure (TIFF)."""
    fh.seek(0)
    return _fields(BoundedReader(fh, MAX_FILE_READ_BYTES))


def _fields(source: BinaryIO) -> dict[str, str]:
    header = source.read(8)
    if len(header) < 8 or header[:2] not in (b"II", b"MM"):
        raise ExifError("no TIFF header")
    order = "little" if header[:2] == b"II" else "big"
    fields: dict[str, str] = {}
    ifd0 = int.from_bytes(header[4:8], order)
    exif_ifd = _read_ifd(source, ifd0, order, fields)
    if exif_ifd and exif_ifd != ifd0:  # a sub-IFD pointing back at IFD0 is a loop
        _read_ifd(source, exif_ifd, order, fields, user_comment=True)
    return fields


def _read_ifd(source: BinaryIO, offset: int, order: str, fields: dict[str, str], *, user_comment: bool = False) -> int | None:
    """Adds the IFD's ASCII fields; returns the EXIF sub-IFD offset it points to, if any."""
    source.seek(offset)
    count_bytes = source.read(2)
    if len(count_bytes) < 2:
        raise ExifError(f"IFD at {offset} lies outside the block")
    count = int.from_bytes(count_bytes, order)
    entries = source.read(12 * min(count, _MAX_IFD_ENTRIES))
    exif_ifd = None
    # Whole 12-byte entries only; each unpacked in one call (tag, type, count, value).
    for tag, kind, length, value in IFD_ENTRIES[order].iter_unpack(entries[:len(entries) // 12 * 12]):
        if tag == _EXIF_IFD_TAG and kind in (4, 13) and length >= 1:
            exif_ifd = int.from_bytes(value, order)
        elif kind == _ASCII and tag in _NAMES:
            raw = value_of_entry(source, value, min(length, MAX_TEXT_VALUE_BYTES), order)
            text = _text(raw.split(b"\x00", 1)[0]).strip()
            if text:
                fields.setdefault(_NAMES[tag], text)
        elif tag == _USER_COMMENT_TAG and user_comment:
            raw = value_of_entry(source, value, min(length, MAX_TEXT_VALUE_BYTES + 8), order)
            comment = _decode_user_comment(raw, order).replace("\x00", "").strip()
            if comment:
                fields[USER_COMMENT] = comment
    return exif_ifd


def value_of_entry(source: BinaryIO, value: bytes, length: int, order: str) -> bytes:
    """An entry's value bytes from its last four bytes: the value itself when it
    fits there, else its offset."""
    if length <= 4:  # small values sit in the entry itself
        return value[:length]
    source.seek(int.from_bytes(value, order))
    return source.read(length)


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _decode_user_comment(raw: bytes, order: str) -> str:
    # The first 8 bytes name the character code; the text follows.
    code, body = raw[:8], raw[8:]
    if code.startswith(b"UNICODE"):
        return _utf16(body, order)
    if code.startswith(b"JIS"):
        return body.decode("shift_jis", errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("latin-1")


def _utf16(body: bytes, order: str) -> str:
    if body[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return body.decode("utf-16", errors="replace")
    # Writers disagree on the byte order; the reading with more ASCII is the right one.
    first = "utf-16-le" if order == "little" else "utf-16-be"
    second = "utf-16-be" if first == "utf-16-le" else "utf-16-le"
    readings = [body[: len(body) // 2 * 2].decode(enc, errors="replace") for enc in (first, second)]
    return max(readings, key=lambda text: sum(ch.isascii() for ch in text))


class BoundedReader:
    """A read-only view of a file that returns nothing after ``budget`` bytes read,
    and never more than MAX_EXIF_BYTES in one read."""

    def __init__(self, fh: BinaryIO, budget: int) -> None:
        self._fh = fh
        self._budget = budget

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = MAX_EXIF_BYTES
        size = min(size, MAX_EXIF_BYTES, self._budget)
        data = self._fh.read(size) if size > 0 else b""
        self._budget -= len(data)
        return data

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._fh.seek(offset, whence)

    def tell(self) -> int:
        return self._fh.tell()
