"""Is `auditor fix` lossless on real images? Copies every JPEG, PNG, WebP, TIFF and GIF
under the given folders to a scratch folder, marks each copy (as a PRV203 fix would),
and checks: the decoded pixels of every frame are unchanged, our reader finds the
digital source type, and ExifTool finds it too, reports no new warning or error and
reads every other tag as before. Refusals are counted by reason.

    python bench/fix_lossless.py /work/real /tmp/pillow-11.3.0/Tests/images

Folders that do not exist are skipped with a message. Images are never committed;
the sources are public repositories (see /work/real/PROVENANCE.txt) and the Pillow
sdist (pip download --no-deps --no-binary :all: pillow==11.3.0).
"""

from __future__ import annotations

import collections
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageSequence

from auditor.fix.image_marking import mark_image
from auditor.fix.plan import ImageMarking
from auditor.fix.xmp_packet import FIELD, GENERATED
from auditor.media import read_media

SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".gif"}
# Tags that describe the file rather than its content, or the container flag fix sets.
VOLATILE = ("System:", "ExifTool:ExifToolVersion", "RIFF:WebP_Flags", "XMP-", "File:FileSize")
# Changes fix makes on purpose: a GIF87a becomes GIF89a, a simple WebP extended; and
# ExifTool reports an EXIF thumbnail's position in the file, which moves when the XMP
# segment goes in before the EXIF segment (the thumbnail itself is unchanged).
EXPECTED = {("GIF:GIFVersion", "89a"), ("File:FileType", "Extended WEBP")}
POSITIONS = {"IFD1:ThumbnailOffset", "IFD0:ThumbnailOffset", "IFD1:PreviewImageStart"}


def frames(path: Path) -> list[bytes] | None:
    try:
        with Image.open(path) as image:
            return [frame.convert("RGBA").tobytes() for frame in ImageSequence.Iterator(image)]
    except Exception:
        return None  # Pillow cannot decode it either: pixels are not compared


def exiftool(files: list[Path]) -> dict[str, dict]:
    if not files or shutil.which("exiftool") is None:
        return {}
    out = subprocess.run(["exiftool", "-j", "-G1", "-a", "-n", "-s", *map(str, files)], capture_output=True, text=True)
    return {entry.pop("SourceFile"): entry for entry in json.loads(out.stdout or "[]")}


def comparable(tags: dict) -> dict:
    return {k: v for k, v in tags.items() if not k.startswith(VOLATILE)}


def main(folders: list[str]) -> int:
    sources = []
    for folder in map(Path, folders):
        if not folder.is_dir():
            print(f"skipped {folder}: not a folder", file=sys.stderr)
            continue
        sources += sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file() and not p.is_symlink())
    if not sources:
        print("no images found", file=sys.stderr)
        return 2
    scratch = Path(tempfile.mkdtemp(prefix="fix-lossless-"))
    copies = []
    for i, source in enumerate(sources):
        copy = scratch / f"{i:05d}{source.suffix.lower()}"
        shutil.copyfile(source, copy)
        copies.append((source, copy))
    before_tags = exiftool([c for _, c in copies])
    before_frames = {c: frames(c) for _, c in copies}

    statuses: collections.Counter = collections.Counter()
    reasons: collections.Counter = collections.Counter()
    problems: list[str] = []
    fixed = []
    started = time.perf_counter()
    for source, copy in copies:
        outcome = mark_image(ImageMarking(str(copy), ("PRV203",)), dry_run=False, allow_c2pa_break=False)
        statuses[outcome.status] += 1
        if outcome.status == "refused":
            reasons[outcome.message.split(":")[0][:70]] += 1
        else:
            fixed.append((source, copy))
    elapsed = time.perf_counter() - started

    after_tags = exiftool([c for _, c in fixed])
    for source, copy in fixed:
        if before_frames[copy] != frames(copy):
            problems.append(f"pixels changed: {source}")
        if read_media(copy).xmp.get(FIELD) != GENERATED:
            problems.append(f"our reader misses the marking: {source}")
        if after_tags:
            before, after = before_tags.get(str(copy), {}), after_tags.get(str(copy), {})
            if after.get("XMP-iptcExt:DigitalSourceType") != GENERATED:
                problems.append(f"ExifTool misses the marking: {source}")
            new_warnings = {k: after[k] for k in after if k.startswith("ExifTool:") and after[k] != before.get(k)}
            if new_warnings:
                problems.append(f"ExifTool warns after the fix: {source}: {new_warnings}")
            changed = sorted(k for k in comparable(before).keys() | comparable(after).keys()
                             if before.get(k) != after.get(k) and (k, after.get(k)) not in EXPECTED and k not in POSITIONS)
            if changed:
                problems.append(f"ExifTool reads other tags differently: {source}: {changed[:6]}")
    decodable = sum(1 for _, c in fixed if before_frames[c] is not None)

    print(f"images: {len(copies)}  fixed: {statuses['fixed']}  refused: {statuses['refused']}  "
          f"pixels compared: {decodable}  ExifTool: {'yes' if after_tags else 'absent'}")
    print(f"time: {elapsed:.2f} s, {1000 * elapsed / len(copies):.1f} ms per image")
    for reason, count in reasons.most_common():
        print(f"  refused {count:4d}  {reason}")
    print(f"problems: {len(problems)}")
    for problem in problems:
        print("  " + problem)
    shutil.rmtree(scratch)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
