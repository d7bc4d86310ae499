"""EXIF fields through exifread, normalised to plain names and strings.

exifread is handed the EXIF block alone (a TIFF structure) rather than the whole
file; for TIFF/HEIF files, where EXIF is the file's own structure, it reads the
file through ``BoundedReader`` so no single read or total can grow unbounded.
Every ASCII field of IFD0 and the EXIF IFD is kept (``Make``, ``Software``,
``LensModel``…), plus ``UserComment``, decoded by its character-code prefix.
"""

from __future__ import annotations

import io
import logging
from typing import BinaryIO

import exifread
from exifread.tags.fields import FieldType

from .container import MAX_EXIF_BYTES, MAX_TEXT_VALUE_BYTES

# exifread logs warnings about odd files; they are ours to report, not its to
# print. Dropping them at the source keeps library use silent.
_exifread_logger = logging.getLogger("exifread")
_exifread_logger.setLevel(logging.CRITICAL + 1)
_exifread_logger.propagate = False
_exifread_logger.addHandler(logging.NullHandler())

# IFDs whose fields describe the image itself (not thumbnails, GPS or maker notes).
_KEPT_IFDS = ("Image", "EXIF")
USER_COMMENT = "UserComment"
_USER_COMMENT_TAG = 0x9286
_MAX_IFD_ENTRIES = 1000
MAX_FILE_READ_BYTES = 32 * 1024 * 1024


def read_exif(tiff: bytes) -> dict[str, str]:
    """Fields of an EXIF block that starts with a TIFF header."""
    if tiff[:4] not in (b"II*\x00", b"MM\x00*"):
        return {}
    return _fields(io.BytesIO(tiff[:MAX_EXIF_BYTES]), tiff[:2])


def read_exif_from_file(fh: BinaryIO) -> dict[str, str]:
    """Fields of a file that is itself an EXIF structure (TIFF) or holds one (HEIF)."""
    fh.seek(0)
    byte_order = fh.read(2)
    return _fields(BoundedReader(fh, MAX_FILE_READ_BYTES), byte_order)


def _fields(source: BinaryIO, byte_order: bytes) -> dict[str, str]:
    tags = exifread.process_file(source, details=False, extract_thumbnail=False)
    fields: dict[str, str] = {}
    for key, tag in tags.items():
        ifd, _, name = key.partition(" ")
        if ifd not in _KEPT_IFDS or name.startswith("Tag 0x"):
            continue
        if getattr(tag, "field_type", None) != FieldType.ASCII:
            continue
        values = tag.values
        text = values.decode("latin-1") if isinstance(values, bytes) else str(values)
        text = text.replace("\x00", "").strip()
        if text:
            fields.setdefault(name, text)
    exif_ifd = tags.get("Image ExifOffset")
    if exif_ifd is not None and exif_ifd.values:
        comment = _user_comment(source, exif_ifd.values[0], byte_order)
        if comment:
            fields[USER_COMMENT] = comment
    return fields


def _user_comment(source: BinaryIO, ifd_offset: int, byte_order: bytes) -> str:
    """UserComment, read by hand: exifread skips it unless asked for maker notes too."""
    order = "little" if byte_order == b"II" else "big"
    source.seek(ifd_offset)
    count = int.from_bytes(source.read(2), order)
    entries = source.read(12 * min(count, _MAX_IFD_ENTRIES))
    for start in range(0, len(entries) - 11, 12):
        entry = entries[start:start + 12]
        if int.from_bytes(entry[0:2], order) != _USER_COMMENT_TAG:
            continue
        length = min(int.from_bytes(entry[4:8], order), MAX_TEXT_VALUE_BYTES + 8)
        if length <= 4:
            raw = entry[8:8 + length]
        else:
            source.seek(int.from_bytes(entry[8:12], order))
            raw = source.read(length)
        return _decode_user_comment(raw, byte_order).replace("\x00", "").strip()
    return ""


def _decode_user_comment(raw: bytes, byte_order: bytes) -> str:
    # The first 8 bytes name the character code; the text follows.
    code, body = raw[:8], raw[8:]
    if code.startswith(b"UNICODE"):
        return _utf16(body, byte_order)
    if code.startswith(b"JIS"):
        return body.decode("shift_jis", errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("latin-1")


def _utf16(body: bytes, byte_order: bytes) -> str:
    if body[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return body.decode("utf-16", errors="replace")
    # Writers disagree on the byte order; the reading with more ASCII is the right one.
    first = "utf-16-le" if byte_order == b"II" else "utf-16-be"
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
