"""What a format walker hands back: the raw metadata blocks it found, uninterpreted.

Each walker (JPEG, PNG, WebP, …) knows only its container; turning the blocks into
fields (EXIF, XMP, IPTC) and fields into signals happens once, for every format,
in ``read_media``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, BinaryIO

# Caps shared by the walkers. Metadata lives in small blocks; anything larger is
# either hostile or not metadata, and is skipped (never read whole).
MAX_XMP_BYTES = 8 * 1024 * 1024
MAX_EXIF_BYTES = 4 * 1024 * 1024
MAX_IPTC_BYTES = 1024 * 1024
MAX_TEXT_VALUE_BYTES = 1024 * 1024
MAX_TEXT_ENTRIES = 256


@dataclass
class Container:
    width: int | None = None
    height: int | None = None
    # The EXIF block as a TIFF structure (starting "II*\0" or "MM\0*").
    exif_tiff: bytes | None = None
    # For TIFF files the file itself is the EXIF structure.
    exif_in_file: bool = False
    # Standard packet first; Extended XMP (JPEG) after it.
    xmp_packets: list[bytes] = field(default_factory=list)
    iptc_iim: bytes | None = None
    # Text chunks by keyword (PNG tEXt/zTXt/iTXt, GIF comments), each value capped.
    text: dict[str, str] = field(default_factory=dict)
    # The walker saw an embedded C2PA manifest store (JUMBF / caBX / C2PA chunk).
    c2pa_store: bool = False
    # Problems that leave the facts usable: truncation, capped values, caps reached.
    notes: dict[str, Any] = field(default_factory=dict)
    # Metadata blocks that are present but were refused (over a cap) or broken:
    # each becomes an INP001 error, while the other facts are kept.
    problems: list[str] = field(default_factory=list)
    # Set when nothing usable could be read; becomes an INP001 error.
    unusable: str | None = None

    def add_exif_chunk(self, fh: BinaryIO, length: int, chunk_name: str) -> None:
        """An EXIF chunk of a chunked format (PNG eXIf, WebP EXIF): a TIFF structure,
        sometimes still behind the JPEG APP1 prefix. The first one wins."""
        if length > MAX_EXIF_BYTES:
            self.problems.append(f"{chunk_name} chunk of {length} bytes exceeds the size cap; not read")
            return
        data = fh.read(length)
        if data.startswith(b"Exif\x00"):
            data = data[6:]
        if self.exif_tiff is None:
            self.exif_tiff = data

    def add_text(self, keyword: str, value: str, *, truncated: bool = False) -> None:
        """Keep the first value of each keyword, up to MAX_TEXT_ENTRIES keywords."""
        if truncated:
            self.notes.setdefault("truncated_text", []).append(keyword)
        if keyword in self.text:
            return
        if len(self.text) >= MAX_TEXT_ENTRIES:
            self.notes["text_entries_skipped"] = self.notes.get("text_entries_skipped", 0) + 1
            return
        self.text[keyword] = value
