"""Mark one image file as AI-made in its XMP: read it, refuse what must not be
rewritten (C2PA, unreadable, unsupported), edit the container, read the result back
with the auditor's own reader, then replace the file atomically (or only describe
the change, for --diff)."""

from __future__ import annotations

import difflib
import io
from dataclasses import replace
from pathlib import Path
from typing import Callable

from ..media import read_media, read_media_stream
from . import gif, jpeg, png, tiff, webp
from .atomic_write import ChangedUnderneath, replace_content, signature
from .outcome import FixOutcome
from .plan import ImageMarking
from .xmp_packet import FIELD, XmpEditError, with_source_type

WRITERS: dict[str, Callable[[bytes, Callable[[bytes | None], bytes]], bytes]] = {
    "jpeg": jpeg.set_xmp,
    "png": png.set_xmp,
    "webp": webp.set_xmp,
    "tiff": tiff.set_xmp,
    "gif": gif.set_xmp,
}
# Images larger than this are not loaded to be rewritten (metadata lives in small blocks).
MAX_IMAGE_BYTES = 512 * 1024 * 1024


def mark_image(marking: ImageMarking, *, dry_run: bool, allow_c2pa_break: bool) -> FixOutcome:
    """Never raises: every problem is a refusal with its reason."""
    path = marking.path
    try:
        outcome = _mark(marking, dry_run, allow_c2pa_break)
    except (XmpEditError, ChangedUnderneath) as problem:
        outcome = FixOutcome(path, "refused", str(problem))
    except OSError as problem:
        outcome = FixOutcome(path, "refused", f"cannot write: {problem.strerror or problem}")
    return replace(outcome, codes=marking.codes)


def _mark(marking: ImageMarking, dry_run: bool, allow_c2pa_break: bool) -> FixOutcome:
    path = Path(marking.path)
    facts = read_media(path)
    if facts.errors:
        return FixOutcome(str(path), "refused", f"cannot read the image: {facts.errors[0].message}")
    if facts.c2pa and not allow_c2pa_break:
        return FixOutcome(str(path), "refused", (
            "carries a C2PA manifest whose hard binding any rewrite would break; re-sign it with the "
            "tool that produced it, recording the digital source type in a c2pa.actions assertion "
            "(or pass --allow-c2pa-break to write the XMP and invalidate the manifest)"))
    writer = WRITERS.get(facts.format or "")
    if writer is None:
        return FixOutcome(str(path), "refused", f"fix writes XMP into JPEG, PNG, WebP, TIFF and GIF, not {facts.format}")
    term = marking.term(facts.signals)
    target = path.resolve()  # a symlink's target is fixed, the link stays a link
    read_as = signature(target)
    if read_as[0] > MAX_IMAGE_BYTES:
        return FixOutcome(str(path), "refused", f"larger than {MAX_IMAGE_BYTES >> 20} MiB; not rewritten")
    data = target.read_bytes()
    packets: list[bytes | None] = []

    def edit(packet: bytes | None) -> bytes:
        packets.append(packet)
        packets.append(with_source_type(packet, term))
        return packets[-1]

    fixed = writer(data, edit)
    _verify(path, fixed, term)
    diff = _packet_diff(str(path), packets[0], packets[1])
    if dry_run:
        return FixOutcome(str(path), "would-fix", f"would set {FIELD} = {term}", diff)
    replace_content(target, fixed, read_as)
    return FixOutcome(str(path), "fixed", f"set {FIELD} = {term}", diff)


def _verify(path: Path, fixed: bytes, term: str) -> None:
    """Read the rewritten bytes as any audit would: they must parse cleanly and carry the term."""
    facts = read_media_stream(path, io.BytesIO(fixed), len(fixed))
    if facts.errors or facts.xmp.get(FIELD) != term:
        problem = facts.errors[0].message if facts.errors else "the marking does not read back"
        raise XmpEditError(f"the rewritten file does not verify ({problem}); nothing was written")


def _packet_diff(name: str, before: bytes | None, after: bytes) -> str:
    old = before.decode("utf-8", "replace").splitlines(keepends=True) if before else []
    new = after.decode("utf-8", "replace").splitlines(keepends=True)
    lines = difflib.unified_diff(old, new, f"a/{name} (XMP)", f"b/{name} (XMP)")
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
