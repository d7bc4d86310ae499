"""Walk a PNG's chunks and collect size, text chunks, XMP, EXIF and C2PA presence.

Image data (IDAT) is skipped with a seek, never read. Text values are capped at
MAX_TEXT_VALUE_BYTES: a 50 MB text chunk costs one capped read and a seek, and
compressed text is inflated with a ``max_length`` so it cannot balloon. CRCs are
not checked: checking them would mean reading every byte of every chunk, and a bad
CRC does not change what the metadata claims.
"""

from __future__ import annotations

import zlib
from typing import BinaryIO

from .container import MAX_TEXT_ENTRIES, MAX_TEXT_VALUE_BYTES, MAX_XMP_BYTES, Container
from .generators import generator_text_keywords
from .iptc import iim_from_photoshop_resources

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_CHUNKS = 50_000
XMP_KEYWORD = "XML:com.adobe.xmp"
# Longest keyword (79) + NUL + iTXt flags, language tag and translated keyword.
MAX_TEXT_HEADER_BYTES = 4096
# Compressed input we will feed the inflater for one value before giving up.
MAX_COMPRESSED_INPUT = 4 * MAX_TEXT_VALUE_BYTES
# Bytes all the compressed text chunks of one file may inflate to: a thousand
# zTXt chunks of a megabyte each must not cost a gigabyte of memory and output.
MAX_INFLATED_PER_FILE = MAX_XMP_BYTES + 4 * MAX_TEXT_VALUE_BYTES
# Keywords the signals read by name (see signals._from_text_chunks) are kept even
# past the text-entry cap: an SD `parameters` chunk after hundreds of decoys still
# says what made the image.
_SIGNAL_KEYWORDS = frozenset({"parameters", "Comment", "Software", "Source"})
_READ_PIECE = 64 * 1024

# ImageMagick and older tools store EXIF/XMP/IPTC as hex "raw profile" text chunks.
RAW_PROFILE_PREFIX = "Raw profile type "


def walk_png(fh: BinaryIO, file_size: int) -> Container:
    found = Container()
    fh.seek(len(PNG_SIGNATURE))
    chunks = 0
    budget = _InflateBudget()
    ended = False
    while chunks < MAX_CHUNKS:
        header = fh.read(8)
        if len(header) < 8:
            break
        chunks += 1
        length = int.from_bytes(header[:4], "big")
        kind = header[4:8]
        start = fh.tell()
        if length > 0x7FFFFFFF:
            found.notes["malformed"] = f"PNG chunk with impossible length at byte {start - 8}"
            break
        if kind == b"IHDR":
            _read_header(fh.read(min(length, 13)), found)
        elif kind == b"tEXt":
            _read_text(fh, length, found)
        elif kind == b"zTXt":
            _read_compressed_text(fh, length, found, budget)
        elif kind == b"iTXt":
            _read_international_text(fh, length, found, budget)
        elif kind == b"eXIf":
            found.add_exif_chunk(fh, length, "eXIf")
        elif kind == b"caBX":
            found.c2pa_store = True
        elif kind == b"IEND":
            ended = True
            break
        next_chunk = start + length + 4  # data, then CRC
        if next_chunk > file_size:
            break
        fh.seek(next_chunk)
    else:
        found.notes["chunks_capped"] = f"stopped after {MAX_CHUNKS} chunks"
        ended = True

    skipped = found.notes.get("text_entries_skipped")
    if skipped:  # fail closed: any text chunk may carry a label (an AIGC one, say)
        found.problems.append(f"{skipped} text chunks past the first {MAX_TEXT_ENTRIES} keywords were not read")
    if found.width is None and not found.text and not found.xmp_packets:
        found.unusable = "corrupt PNG: no image header (IHDR) could be read"
    elif not ended:
        found.notes.setdefault("truncated", "PNG ends before its IEND chunk; metadata read so far is kept")
    return found


def _read_header(data: bytes, found: Container) -> None:
    if len(data) >= 8:
        found.width = int.from_bytes(data[0:4], "big")
        found.height = int.from_bytes(data[4:8], "big")


def _read_keyword(fh: BinaryIO, length: int) -> tuple[str, bytes] | None:
    """The keyword and the bytes already read after its NUL (bounded)."""
    head = fh.read(min(length, MAX_TEXT_HEADER_BYTES))
    nul = head.find(b"\x00")
    if nul <= 0 or nul > 79:
        return None
    return head[:nul].decode("latin-1"), head[nul + 1:]


def _read_text(fh: BinaryIO, length: int, found: Container) -> None:
    parsed = _read_keyword(fh, length)
    if parsed is None:
        return
    keyword, already = parsed
    value_length = length - len(keyword) - 1
    cap = _cap_for(keyword)
    data = already[:cap] + fh.read(max(0, min(value_length, cap) - len(already)))
    _store(found, keyword, data, truncated=value_length > cap)


def _read_compressed_text(fh: BinaryIO, length: int, found: Container, budget: _InflateBudget) -> None:
    parsed = _read_keyword(fh, length)
    if parsed is None or not parsed[1]:
        return
    keyword, already = parsed
    method, compressed_start = already[0], already[1:]
    if method != 0:
        return
    remaining = length - len(keyword) - 2 - len(compressed_start)
    cap = budget.allow(_cap_for(keyword), found)
    if cap is None:
        return
    inflated = _inflate(fh, compressed_start, remaining, cap)
    budget.spend(inflated)
    if inflated is None:
        found.problems.append(f"compressed text chunk {keyword!r} is corrupt; not read")
        return
    _store(found, keyword, inflated[0], truncated=inflated[1])


def _read_international_text(fh: BinaryIO, length: int, found: Container, budget: _InflateBudget) -> None:
    parsed = _read_keyword(fh, length)
    if parsed is None:
        return
    keyword, rest = parsed
    # compression flag, method, language tag\0, translated keyword\0, text
    if len(rest) < 2:
        return
    compressed, method = rest[0], rest[1]
    language_end = rest.find(b"\x00", 2)
    translated_end = rest.find(b"\x00", language_end + 1) if language_end >= 0 else -1
    if translated_end < 0:
        return
    text_start = rest[translated_end + 1:]
    remaining = length - len(keyword) - 1 - (translated_end + 1) - len(text_start)
    cap = _cap_for(keyword)
    if compressed:
        if method != 0:
            return
        allowed = budget.allow(cap, found)
        if allowed is None:
            return
        inflated = _inflate(fh, text_start, remaining, allowed)
        budget.spend(inflated)
        if inflated is None:
            found.problems.append(f"compressed text chunk {keyword!r} is corrupt; not read")
            return
        data, truncated = inflated
    else:
        total = len(text_start) + remaining
        data = text_start[:cap] + fh.read(max(0, min(total, cap) - len(text_start)))
        truncated = total > cap
    _store(found, keyword, data, truncated=truncated, utf8=True)


def _inflate(fh: BinaryIO, first: bytes, remaining: int, cap: int) -> tuple[bytes, bool] | None:
    """Inflate a zlib stream of which ``first`` is read and ``remaining`` bytes follow.

    Returns (text bytes, truncated) with at most ``cap`` bytes of output, or None
    when the stream is corrupt.
    """
    inflater = zlib.decompressobj()
    output = bytearray()
    fed = 0
    piece = first
    try:
        while True:
            if piece:
                output += inflater.decompress(piece, cap - len(output))
                fed += len(piece)
                if inflater.unconsumed_tail or len(output) >= cap:
                    return bytes(output[:cap]), not inflater.eof or bool(inflater.unconsumed_tail)
            if inflater.eof or remaining <= 0:
                return bytes(output), False
            if fed >= MAX_COMPRESSED_INPUT:
                return bytes(output), True
            piece = fh.read(min(_READ_PIECE, remaining))
            remaining -= len(piece)
            if not piece:
                return bytes(output), False
    except zlib.error:
        return None


def _read_for_signals(keyword: str) -> bool:
    return keyword in _SIGNAL_KEYWORDS or keyword in generator_text_keywords()


class _InflateBudget:
    """What is left of MAX_INFLATED_PER_FILE for one file."""

    def __init__(self) -> None:
        self.left = MAX_INFLATED_PER_FILE

    def allow(self, cap: int, found: Container) -> int | None:
        """The output cap for the next chunk, or None (said once) when spent."""
        if self.left <= 0:
            if not found.notes.get("inflate_budget_spent"):
                found.notes["inflate_budget_spent"] = True
                found.problems.append(
                    f"compressed text chunks past {MAX_INFLATED_PER_FILE // (1024 * 1024)} MB inflated in this file were not read")
            return None
        return min(cap, self.left)

    def spend(self, inflated: tuple[bytes, bool] | None) -> None:
        if inflated is not None:
            self.left -= max(len(inflated[0]), 1)


def _cap_for(keyword: str) -> int:
    if keyword == XMP_KEYWORD:
        return MAX_XMP_BYTES
    if keyword.startswith(RAW_PROFILE_PREFIX):
        # Hex doubles the size, and the profile carries EXIF or XMP.
        return 2 * MAX_XMP_BYTES + 1024
    return MAX_TEXT_VALUE_BYTES


def _store(found: Container, keyword: str, data: bytes, *, truncated: bool, utf8: bool = False) -> None:
    if keyword == XMP_KEYWORD:
        if truncated:
            found.problems.append("XMP packet exceeds the size cap; not read")
        elif not found.xmp_packets:
            found.xmp_packets.append(data)
        return
    if keyword.startswith(RAW_PROFILE_PREFIX) and not truncated:
        if _store_raw_profile(found, keyword[len(RAW_PROFILE_PREFIX):].lower(), data):
            return
    value = _decode(data, truncated, utf8)
    if len(found.text) >= MAX_TEXT_ENTRIES and keyword not in found.text and _read_for_signals(keyword):
        found.text[keyword] = value  # past the cap of decoys, still read: signals name it
        return
    found.add_text(keyword, value, truncated=truncated)


def _store_raw_profile(found: Container, profile: str, data: bytes) -> bool:
    # "\n<type>\n<decimal length>\n<hex lines>"
    lines = data.split(b"\n", 3)
    if len(lines) < 4:
        return False
    try:
        payload = bytes.fromhex(lines[3].decode("ascii"))
    except ValueError:
        return False
    if profile in ("exif", "app1") and found.exif_tiff is None:
        if payload.startswith(b"Exif\x00"):
            payload = payload[6:]
        if payload[:4] in (b"II*\x00", b"MM\x00*"):
            found.exif_tiff = payload
            return True
    elif profile == "xmp" and not found.xmp_packets:
        found.xmp_packets.append(payload)
        return True
    elif profile in ("iptc", "8bim") and found.iptc_iim is None:
        iim = iim_from_photoshop_resources(payload) if payload[:4] == b"8BIM" else payload
        if iim:
            found.iptc_iim = iim
            return True
    return False


def _decode(data: bytes, truncated: bool, utf8: bool) -> str:
    # tEXt is Latin-1 by the spec, but generators routinely write UTF-8 there;
    # UTF-8 is tried first because Latin-1 accepts any bytes.
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as problem:
        if truncated and problem.start >= len(data) - 3:
            return data[:problem.start].decode("utf-8", errors="replace")
        if utf8:
            return data.decode("utf-8", errors="replace")
        return data.decode("latin-1")
