"""Tell an image's real format from its first bytes, whatever its name claims.

A file called ``photo.png`` that holds JPEG bytes is read as JPEG; the mismatch is
recorded (see ``extension_mismatch``), because a lying extension is a fact about
the file, not a reason to refuse it.
"""

from __future__ import annotations

# Enough bytes for every signature below (the ISO BMFF brand sits at 8..12, a
# compatible brand may come a little later, and SVG may start with a long prolog).
SNIFF_BYTES = 512

# ISO BMFF major/compatible brands and the format they announce.
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
_AVIF_BRANDS = {b"avif", b"avis"}

# File name extensions that honestly describe each format.
EXTENSIONS_OF_FORMAT: dict[str, frozenset[str]] = {
    "jpeg": frozenset({".jpg", ".jpeg", ".jpe", ".jfif", ".pjpeg", ".pjp"}),
    "png": frozenset({".png", ".apng"}),
    "webp": frozenset({".webp"}),
    "gif": frozenset({".gif"}),
    "tiff": frozenset({".tif", ".tiff", ".dng"}),
    "heif": frozenset({".heic", ".heif", ".hif"}),
    "avif": frozenset({".avif"}),
    "bmp": frozenset({".bmp", ".dib"}),
    "jxl": frozenset({".jxl"}),
    "svg": frozenset({".svg"}),
}


def sniff_format(head: bytes) -> str | None:
    """The format whose signature ``head`` starts with, or None when unknown."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head[4:8] == b"ftyp":
        return _iso_bmff_format(head)
    if head.startswith(b"\xff\x0a") or head.startswith(b"\x00\x00\x00\x0cJXL \r\n\x87\n"):
        return "jxl"
    if head[:2] == b"BM" and len(head) >= 26:
        return "bmp"
    if _looks_like_svg(head):
        return "svg"
    return None


def _iso_bmff_format(head: bytes) -> str | None:
    box_size = int.from_bytes(head[0:4], "big")
    major = head[8:12]
    # Compatible brands follow the major brand and minor version, up to the box end.
    end = min(len(head), box_size if box_size >= 16 else 16)
    brands = {major} | {head[i:i + 4] for i in range(16, end - 3, 4)}
    # AVIF files often list mif1 too, so AVIF brands decide first.
    if major in _AVIF_BRANDS or (major not in _HEIF_BRANDS and brands & _AVIF_BRANDS):
        return "avif"
    if brands & _HEIF_BRANDS:
        return "heif"
    if brands & _AVIF_BRANDS:
        return "avif"
    return None


def _looks_like_svg(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not text.startswith(b"<"):
        return False
    return b"<svg" in text


# Extension -> the formats it honestly names (worked out once, asked per image).
_FORMATS_OF_EXTENSION: dict[str, frozenset[str]] = {
    extension: frozenset(fmt for fmt, exts in EXTENSIONS_OF_FORMAT.items() if extension in exts)
    for exts in EXTENSIONS_OF_FORMAT.values() for extension in exts
}


def extension_mismatch(suffix: str, detected: str) -> dict[str, str] | None:
    """The note to record when a file's extension names another format than it holds.

    Files without an extension, or with one we do not know, are not a mismatch:
    nothing was claimed.
    """
    declared = suffix.lower()
    claimed = _FORMATS_OF_EXTENSION.get(declared)
    if not claimed or detected in claimed:
        return None
    return {"declared_extension": declared, "detected_format": detected}
