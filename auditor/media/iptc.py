"""IPTC IIM (the legacy "IPTC-NAA" block): credit, byline, source and caption fields.

In JPEG it sits in a Photoshop image resource (8BIM id 0x0404) inside APP13; in
TIFF it is tag 33723. Field names follow ExifTool's, the names editors know.
Repeatable datasets (By-line, Keywords, …) are always lists, so rules can treat
them the same way as XMP ``dc:creator``.
"""

from __future__ import annotations

from .container import MAX_IPTC_BYTES

_IRB_SIGNATURES = (b"8BIM", b"PHUT", b"DCSR", b"AgHg", b"MeSa")
_IRB_IPTC_ID = 0x0404

# Record 2 (application record) datasets we keep: number -> (name, repeatable).
APPLICATION_DATASETS: dict[int, tuple[str, bool]] = {
    5: ("ObjectName", False),
    25: ("Keywords", True),
    40: ("SpecialInstructions", False),
    55: ("DateCreated", False),
    60: ("TimeCreated", False),
    62: ("DigitalCreationDate", False),
    65: ("OriginatingProgram", False),
    80: ("By-line", True),
    85: ("By-lineTitle", True),
    90: ("City", False),
    95: ("Province-State", False),
    101: ("Country-PrimaryLocationName", False),
    103: ("OriginalTransmissionReference", False),
    105: ("Headline", False),
    110: ("Credit", False),
    115: ("Source", False),
    116: ("CopyrightNotice", False),
    118: ("Contact", True),
    120: ("Caption-Abstract", False),
    122: ("Writer-Editor", True),
}

_CODED_CHARACTER_SET = (1, 90)
# Dataset 1:90 holds ISO 2022 escape sequences naming the character set of the
# record-2 text: "ESC % G" is UTF-8; "ESC - x" / "ESC . x" designate a 96-character
# set whose final byte x names an ISO 8859 part.
_UTF8_ESCAPE = b"\x1b%G"
_ISO_8859_FINAL_BYTES = {
    ord("A"): "iso8859-1", ord("B"): "iso8859-2", ord("C"): "iso8859-3", ord("D"): "iso8859-4",
    ord("F"): "iso8859-7", ord("G"): "iso8859-6", ord("H"): "iso8859-8", ord("L"): "iso8859-5",
    ord("M"): "iso8859-9", ord("V"): "iso8859-10", ord("b"): "iso8859-15",
}
_MAX_DATASETS = 4096


def iim_from_photoshop_resources(irb: bytes) -> bytes | None:
    """The IPTC-NAA block inside a run of Photoshop image resources, if any."""
    pos = 0
    while pos + 12 <= len(irb):
        if irb[pos:pos + 4] not in _IRB_SIGNATURES:
            return None
        resource_id = int.from_bytes(irb[pos + 4:pos + 6], "big")
        # Pascal-string name, padded so length byte + name is even.
        name_length = irb[pos + 6]
        pos += 6 + name_length + 1 + ((name_length + 1) % 2)
        if pos + 4 > len(irb):
            return None
        size = int.from_bytes(irb[pos:pos + 4], "big")
        pos += 4
        if resource_id == _IRB_IPTC_ID:
            return irb[pos:pos + min(size, MAX_IPTC_BYTES)]
        pos += size + (size % 2)
    return None


def read_iptc(iim: bytes) -> dict[str, str | list[str]]:
    """The known record-2 datasets of an IIM block, decoded to text."""
    raw: list[tuple[int, int, bytes]] = []
    pos = 0
    while pos + 5 <= len(iim) and len(raw) < _MAX_DATASETS:
        if iim[pos] != 0x1C:
            break  # not a tag marker: the rest is padding or garbage
        record, dataset = iim[pos + 1], iim[pos + 2]
        length = int.from_bytes(iim[pos + 3:pos + 5], "big")
        pos += 5
        if length & 0x8000:  # extended dataset: the next n bytes hold the length
            width = length & 0x7FFF
            if width > 4 or pos + width > len(iim):
                break
            length = int.from_bytes(iim[pos:pos + width], "big")
            pos += width
        raw.append((record, dataset, iim[pos:pos + length]))
        pos += length

    declared = [v for r, d, v in raw if (r, d) == _CODED_CHARACTER_SET]
    encoding = coded_character_set(declared[0]) if declared else None
    fields: dict[str, str | list[str]] = {}
    for record, dataset, value in raw:
        if record != 2 or dataset not in APPLICATION_DATASETS:
            continue
        name, repeatable = APPLICATION_DATASETS[dataset]
        text = _decode(value, encoding)
        if not text:
            continue
        if repeatable:
            existing = fields.get(name)
            fields[name] = [*existing, text] if isinstance(existing, list) else [text]
        else:
            fields.setdefault(name, text)
    return fields


def coded_character_set(escape: bytes) -> str | None:
    """The Python codec a 1:90 Coded Character Set value names, or None if unknown."""
    if _UTF8_ESCAPE in escape:
        return "utf-8"
    for at in range(len(escape) - 2):
        if escape[at] == 0x1B and escape[at + 1] in (0x2D, 0x2E) and escape[at + 2] in _ISO_8859_FINAL_BYTES:
            return _ISO_8859_FINAL_BYTES[escape[at + 2]]
    return None


def _decode(value: bytes, encoding: str | None) -> str:
    if encoding:
        text = value.decode(encoding, errors="replace")
    else:
        # No declared character set: UTF-8 when it decodes cleanly, else Latin-1,
        # the two encodings found in practice.
        try:
            text = value.decode("utf-8")
        except UnicodeDecodeError:
            text = value.decode("latin-1")
    return text.replace("\x00", "").strip()
