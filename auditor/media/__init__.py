"""Media readers: what one image file says about itself, read from its header only.

``read_media(path) -> MediaFacts`` never decodes pixels and never raises. The real
format comes from the file's first bytes (``sniff``); a format walker collects the
raw metadata blocks (``jpeg``, ``png``, ``webp``, ``gif``, ``tiff``, ``isobmff``);
``exif``, ``iptc`` and ``xmp`` turn blocks into fields; ``signals`` turns fields
into signals.

Errors (``MediaFacts.errors``) are for what could not be read:

- ``INP002``: the file does not exist (or vanished before it could be opened).
- ``INP001``: the file is unusable (empty, a directory, not an image, no header
  readable), or a metadata block it carries was refused or unreadable (an XMP
  entity bomb, malformed XMP, a block over its size cap, incomplete Extended XMP,
  corrupt compressed text, a broken EXIF block), or, with `watermarks` on, its
  pixels could not be checked (``watermark``). In the second case the other
  facts are kept: the file is known, but not fully.

Notes (``MediaFacts.notes``) are for what was read despite a problem, by key:

- ``extension_mismatch``: ``{"declared_extension": ".png", "detected_format": "jpeg"}``;
  the file is read by its real format.
- ``truncated``: the file ends early; what was read is kept.
- ``truncated_text``: text keywords whose values were cut at 1 MiB.
- ``malformed``, ``segments_capped``, ``chunks_capped``, ``metadata_capped``: the
  walk stopped early at a broken structure or a cap.
- ``duplicate_xmp``, ``extended_xmp_ignored``, ``text_entries_skipped``: a block
  was left out, and why.
- ``metadata_not_read``: a format we recognise but whose metadata we do not read.

``png_text`` holds PNG text chunks (tEXt/zTXt/iTXt) and GIF and JPEG comments
(``Comment``). ``aigc`` holds China's implicit AI labels, parsed (``aigc_label``). ``c2pa`` is
filled by ``c2pa_manifest.read_c2pa`` only when the walk saw an embedded manifest
store (or XMP points to a remote one via ``dcterms:provenance``).
"""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path
from typing import Any, BinaryIO, Callable

from ..model import MediaError, MediaFacts
from .aigc_label import aigc_labels
from .built_facts import media_facts
from .container import Container
from .exif import read_exif, read_exif_from_file
from .gif import walk_gif
from .iptc import read_iptc
from .isobmff import walk_iso_bmff
from .jpeg import walk_jpeg
from .png import walk_png
from .signals import derive_signals
from .sniff import SNIFF_BYTES, extension_mismatch, sniff_format
from .tiff import walk_tiff
from .watermark import watermark_signals, watermarks_checked
from .webp import walk_webp
from .xmp import read_xmp

__all__ = ["read_media", "read_media_stream"]

WALKERS: dict[str, Callable[[BinaryIO, int], Container]] = {
    "jpeg": walk_jpeg,
    "png": walk_png,
    "webp": walk_webp,
    "gif": walk_gif,
    "tiff": walk_tiff,
    "heif": walk_iso_bmff,
    "avif": walk_iso_bmff,
    "jxl": walk_iso_bmff,
}

REMOTE_MANIFEST_FIELD = "dcterms:provenance"
# A file this small (most web images) is read in one call and walked in memory: a
# walker's many small reads and seeks then cost no system call each. Larger files
# are walked on the open file, reading only their headers.
IN_MEMORY_BYTES = 256 * 1024


def read_media(path: Path | str) -> MediaFacts:
    """What the image file at ``path`` says about itself. Never raises."""
    try:
        return _read(_path_text(path))
    except Exception as problem:  # the stage boundary: one bad file never stops a batch
        return _failed(path, "INP001", f"could not read image: {type(problem).__name__}: {problem}")


def _path_text(path: Path | str) -> str:
    """``str(Path(path))`` (facts name the file as pathlib spells it), without
    building a Path for a string that is already in that form: a batch reads
    millions of images named by its own walk, whose paths always are."""
    if isinstance(path, Path):
        return str(path)  # already in that form
    if isinstance(path, str) and path and "//" not in path and "/./" not in path \
            and not path.startswith("./") and not path.endswith(("/", "/.")) and path != "." and os.sep == "/":
        return path
    return str(Path(path))


def read_media_stream(path: Path | str, stream: BinaryIO | None, size: int) -> MediaFacts:
    """Like ``read_media`` for bytes that are not a file of their own (an archive
    member): ``path`` only names it, ``stream`` must be seekable, None means missing.
    Never raises."""
    if stream is None:
        return _failed(path, "INP002", "image file not found")
    try:
        return _read_open_file(_path_text(path), stream, size)
    except Exception as problem:
        return _failed(path, "INP001", f"could not read image: {type(problem).__name__}: {problem}")


def _failed(path: Path | str, code: str, message: str, **facts: Any) -> MediaFacts:
    one_line = " ".join(str(message).split())
    return MediaFacts(path=str(path), errors=(MediaError(code=code, message=one_line),), **facts)


def _read(path: str) -> MediaFacts:
    try:
        # O_NONBLOCK: opening a FIFO by mistake must not wait for a writer.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return _failed(path, "INP002", "image file not found")
    except IsADirectoryError:
        return _failed(path, "INP001", "is a directory, not an image file")
    except PermissionError:
        return _failed(path, "INP001", "permission denied")
    except OSError as problem:
        return _failed(path, "INP001", f"cannot open image: {problem.strerror or problem}")
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            if stat.S_ISDIR(status.st_mode):
                return _failed(path, "INP001", "is a directory, not an image file")
            return _failed(path, "INP001", "not a regular file")
        if status.st_size <= IN_MEMORY_BYTES:
            data = _read_whole(descriptor, status.st_size)
        else:
            with os.fdopen(descriptor, "rb", closefd=False) as fh:
                return _read_open_file(path, fh, status.st_size)
    finally:
        os.close(descriptor)
    return _read_open_file(path, io.BytesIO(data), len(data))


def _read_whole(descriptor: int, size: int) -> bytes:
    """The file's first ``size`` bytes (fewer if it shrank meanwhile)."""
    pieces = []
    while size > 0 and (piece := os.read(descriptor, size)):  # a short read is legal, if rare
        pieces.append(piece)
        size -= len(piece)
    return pieces[0] if len(pieces) == 1 else b"".join(pieces)


def _read_open_file(path: str, fh: BinaryIO, size: int) -> MediaFacts:
    if size == 0:
        return _failed(path, "INP001", "empty file (0 bytes)", size=0)
    head = fh.read(SNIFF_BYTES)
    fmt = sniff_format(head)
    if fmt is None:
        return _failed(path, "INP001", f"not a recognised image format (starts with {head[:8].hex(' ')})", size=size)

    notes: dict[str, Any] = {}
    mismatch = extension_mismatch(_suffix(path), fmt)
    if mismatch:
        notes["extension_mismatch"] = mismatch
    walker = WALKERS.get(fmt)
    if walker is None:
        notes["metadata_not_read"] = f"{fmt} metadata is not read"
        width, height = _bmp_size(head) if fmt == "bmp" else (None, None)
        if fmt == "bmp" and watermarks_checked():  # no metadata, but pixels a mark may be in
            found_marks, not_checked = watermark_signals(fh)
            errors = (MediaError(code="INP001", message=not_checked),) if not_checked else ()
            return MediaFacts(path=str(path), format=fmt, size=size, width=width, height=height, notes=notes,
                              signals=tuple(found_marks), errors=errors)
        return MediaFacts(path=str(path), format=fmt, size=size, width=width, height=height, notes=notes)

    found = walker(fh, size)
    notes.update(found.notes)
    if found.unusable:
        return _failed(path, "INP001", found.unusable, format=fmt, size=size, notes=notes)

    problems = list(found.problems)
    exif = _exif_of(found, fh, problems) if found.exif_tiff or found.exif_in_file else {}
    iptc = read_iptc(found.iptc_iim) if found.iptc_iim else {}
    xmp: dict[str, Any] = {}
    for packet in found.xmp_packets:
        reading = read_xmp(packet)
        if reading.problem:
            problems.append(reading.problem)
        if not xmp:
            xmp = reading.fields  # the first packet's fields, as merging them in would give
        else:
            for key, value in reading.fields.items():
                xmp.setdefault(key, value)
    png_text = found.text  # the walker's own dict: the container goes no further
    c2pa = _c2pa_of(path, fmt, found.c2pa_store, fh, size) if found.c2pa_store or xmp.get(REMOTE_MANIFEST_FIELD) else {}
    signals = derive_signals(exif=exif, iptc=iptc, xmp=xmp, png_text=png_text, c2pa=c2pa)
    if watermarks_checked():  # opt-in: the only reading that decodes pixels
        found_marks, not_checked = watermark_signals(fh)
        signals += tuple(found_marks)
        if not_checked:
            problems.append(not_checked)
    aigc = aigc_labels(xmp=xmp, png_text=png_text, exif=exif)
    # Empty groups are left to their defaults (the same empty values): validating
    # a field costs about as much as reading one, and most files fill few of them.
    given: dict[str, Any] = {"format": fmt, "width": found.width, "height": found.height, "size": size}
    for name, value in (("exif", exif), ("iptc", iptc), ("xmp", xmp), ("png_text", png_text), ("c2pa", c2pa),
                        ("aigc", aigc), ("signals", signals)):
        if value:
            given[name] = value
    if problems:
        given["errors"] = tuple(MediaError(code="INP001", message=" ".join(p.split())) for p in problems)
    if notes:
        given["notes"] = notes
    return media_facts(path, given)  # every value built above, of its declared type


def _suffix(path: str) -> str:
    """``Path(path).suffix``: the name's last dot-part, none for ".png" or "name."."""
    name = path.rpartition("/")[2] if os.sep == "/" else Path(path).name
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def _exif_of(found: Container, fh: BinaryIO, problems: list[str]) -> dict[str, str]:
    try:
        if found.exif_tiff:
            return read_exif(found.exif_tiff)
        if found.exif_in_file:
            return read_exif_from_file(fh)
    except Exception as problem:  # exifread's failures on broken blocks are many and varied
        problems.append(f"EXIF block could not be read: {type(problem).__name__}: {problem}")
    return {}


def _c2pa_of(path: str, fmt: str, store_seen: bool, fh: BinaryIO, size: int) -> dict[str, Any]:
    try:
        from .c2pa_manifest import read_c2pa
    except ImportError:
        # The C2PA reader is written in parallel and may not have landed yet; the
        # store's presence is still worth reporting.
        return {"present": True} if store_seen else {}
    try:
        manifest = read_c2pa(path, fmt, stream=fh, size=size)
    except Exception as problem:  # read_c2pa promises not to raise; belt and braces
        return {"present": True, "error": f"{type(problem).__name__}: {problem}"}
    if not manifest and store_seen:
        return {"present": True, "error": "a C2PA manifest store is embedded but no manifest could be read from it"}
    return manifest


def _bmp_size(head: bytes) -> tuple[int | None, int | None]:
    # BITMAPINFOHEADER: width and height as signed 32-bit at 18 and 22 (height < 0: top-down).
    if len(head) < 26 or int.from_bytes(head[14:18], "little") < 40:
        return None, None
    width = int.from_bytes(head[18:22], "little", signed=True)
    height = int.from_bytes(head[22:26], "little", signed=True)
    return abs(width), abs(height)
