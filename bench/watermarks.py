"""Invisible watermark detection (config `watermarks = ["sd"]`), measured on real photographs:

1. false positives: every photo under the folders, unmarked, read through auditor's own
   path (`auditor.media.watermark.watermark_signals`); and the highest bit agreement each
   mark reaches on them (what the thresholds in auditor/media/watermark_marks.py face);
2. recall: a sample of the photos, scaled to at most 1024 px like a generator's output,
   watermarked by the reference encoder (`invisible-watermark`'s imwatermark/maxDct.py,
   loaded by file so torch is never imported) the way each publisher's code calls it,
   then saved as PNG, re-encoded as JPEG at quality 95/85/75 (4:2:0, Pillow's default,
   and 4:4:4 at 95) and resized to half;
3. cost: CPU time per megapixel of the check (decode and detect), and what a default
   run pays: `read_media` CPU time with the option off on this tree and on another
   (`--baseline /work/main`), round-robin in the same run, and whether numpy was loaded.

    .venv/bin/pip install --no-deps invisible-watermark==0.2.0 && .venv/bin/pip install opencv-python-headless
    .venv/bin/python bench/watermarks.py /tmp/wm_photos [--recall 200] [--baseline /work/main]

The photos are not committed: bench/README.md says which repositories and commits they
come from, and bench/watermark_photos.sha256 lists them. Without the folder, the bench
says so and stops; without the reference encoder, it skips the recall part.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import io
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.media.watermark import configure_watermarks, decoded_pixels, mark_agreements, watermark_signals  # noqa: E402
from auditor.media.watermark_marks import MARKS  # noqa: E402

SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp"}
VARIANTS = ("png", "jpeg95", "jpeg85", "jpeg75", "jpeg95-444", "half")


def photos_under(folders: list[Path]) -> tuple[list[Path], str]:
    """The image files under the folders, each content once (test suites share some
    photos), and the sha256 of their sorted sha256 list (bench/watermark_photos.sha256)."""
    unique: dict[str, Path] = {}
    for path in sorted(p for folder in folders for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES):
        unique.setdefault(hashlib.sha256(path.read_bytes()).hexdigest(), path)
    listing = "".join(f"{digest}\n" for digest in sorted(unique))
    return sorted(unique.values()), hashlib.sha256(listing.encode()).hexdigest()


def load(path: Path):
    with open(path, "rb") as fh:
        return decoded_pixels(fh)


def false_positives(photos: list[Path]) -> None:
    marks = MARKS["sd"]
    usable, flagged, skipped, seconds, megapixels = 0, [], 0, 0.0, 0.0
    best = {mark.name: [] for mark in marks}
    for path in photos:
        try:
            pixels = load(path)
        except Exception:
            pixels = None
        if pixels is None:
            skipped += 1
            continue
        usable += 1
        with open(path, "rb") as fh:
            started = time.process_time()
            signals, problem = watermark_signals(fh)
            seconds += time.process_time() - started
        megapixels += pixels.shape[0] * pixels.shape[1] / 1e6
        if signals:
            flagged.append((path.name, [s.value for s in signals]))
        for mark, matching in mark_agreements(pixels, marks):
            best[mark.name].append(matching / len(mark.bits))
    print(f"false positives: {len(flagged)} of {usable} photos (skipped {skipped}: undecodable, under 256x256 px in area or over the caps)")
    for name, value in flagged:
        print(f"  flagged: {name}: {value}")
    for mark in marks:
        values = sorted(best[mark.name])
        print(f"  {mark.name}: threshold {mark.min_matching}/{len(mark.bits)}; agreement on unmarked photos: median {statistics.median(values):.3f}, "
              f"99th pct {values[int(0.99 * (len(values) - 1))]:.3f}, max {values[-1]:.3f} ({round(values[-1] * len(mark.bits))}/{len(mark.bits)})")
    print(f"cost of the check (decode + detect): {1000 * seconds / megapixels:.0f} ms CPU per megapixel over {megapixels:.0f} MP")


def reference_encoder():
    try:
        import cv2  # noqa: F401
        location = importlib.metadata.distribution("invisible-watermark").locate_file("imwatermark/maxDct.py")
    except (ImportError, importlib.metadata.PackageNotFoundError) as missing:
        print(f"recall skipped: the reference encoder needs invisible-watermark (--no-deps) and opencv-python-headless ({missing})")
        return None
    spec = importlib.util.spec_from_file_location("reference_maxdct", location)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.EmbedMaxDct


def embedders(encoder):
    """How each publisher's code hands an RGB image to the encoder (see watermark_marks.py)."""
    import cv2
    import numpy as np

    def scripts(message: bytes):  # CompVis / Stability txt2img put_watermark: uint8, RGB -> BGR
        bits = list(np.unpackbits(np.frombuffer(message, np.uint8)))
        return lambda rgb: encoder(bits, wmLen=len(bits)).encode(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))[:, :, ::-1]

    def sdxl(flip: bool):  # float32 in [0, 255], then clamped and rounded to 8 bits on saving
        bits = [int(b) for b in bin(0b101100111110110010010000011110111011000110011110)[2:]]

        def embed(rgb):
            image = rgb.astype(np.float32)
            image = image[:, :, ::-1].copy() if flip else image
            marked = encoder(bits, wmLen=len(bits)).encode(image)
            marked = marked[:, :, ::-1] if flip else marked
            return np.clip(np.round(marked), 0, 255).astype(np.uint8)
        return embed

    return {"sd-v1": scripts(b"StableDiffusionV1"), "sd-v2": scripts(b"SDV2"),
            "sdxl (BGR, diffusers >= 0.28, sgm)": sdxl(True), "sdxl (RGB, diffusers < 0.28)": sdxl(False)}


def variant_bytes(rgb, variant: str) -> bytes:
    from PIL import Image

    image = Image.fromarray(rgb)
    buffer = io.BytesIO()
    if variant == "png":
        image.save(buffer, "PNG")
    elif variant == "half":
        image.resize((image.width // 2, image.height // 2), Image.LANCZOS).save(buffer, "PNG")
    else:
        quality = int(variant[4:6])
        image.save(buffer, "JPEG", quality=quality, subsampling=0 if variant.endswith("-444") else 2)
    return buffer.getvalue()


def recall(photos: list[Path], count: int) -> None:
    import numpy as np
    from PIL import Image

    encoder = reference_encoder()
    if encoder is None:
        return
    configure_watermarks(["sd"])
    # A spread sample (a fixed stride through the sorted list) of the photos that are,
    # once scaled to at most 1024 px, at least 512 x 512 px in area like a generator's output.
    order = sorted(range(len(photos)), key=lambda i: (i * 7919) % len(photos))
    found: dict[tuple[str, str], list[bool]] = {}
    agreements: dict[tuple[str, str], list[float]] = {}
    used = 0
    for path in (photos[i] for i in order):
        if used == count:
            break
        try:
            with Image.open(path) as image:
                image.draft("RGB", (1024, 1024))
                image = image.convert("RGB")
                image.thumbnail((1024, 1024))
                rgb = np.asarray(image)
        except Exception:
            continue
        if rgb.shape[0] * rgb.shape[1] < 512 * 512:  # generators' outputs are 512 px and up
            continue
        used += 1
        for name, embed in embedders(encoder).items():
            marked = np.ascontiguousarray(embed(rgb))
            source = name.split(" ")[0]
            for variant in VARIANTS:
                data = variant_bytes(marked, variant)
                signals, _ = watermark_signals(io.BytesIO(data))
                found.setdefault((name, variant), []).append(any(s.source == f"watermark:{source}" for s in signals))
                mark = next(m for m in MARKS["sd"] if m.name == source)
                pixels = decoded_pixels(io.BytesIO(data))
                agreement = mark_agreements(pixels, [mark])[0][1] if pixels is not None else 0
                agreements.setdefault((name, variant), []).append(agreement / len(mark.bits))
    print(f"recall on {used} photos (at most 1024 px, at least 512x512 px in area), share detected:")
    print("| embedded as | " + " | ".join(VARIANTS) + " |")
    print("|---|" + "---|" * len(VARIANTS))
    for name in embedders(encoder):
        print(f"| {name} | " + " | ".join(f"{sum(found[(name, v)]) / len(found[(name, v)]):.2f}" for v in VARIANTS) + " |")
    print("bit agreement on the same images, median / 10th percentile:")
    for name in embedders(encoder):
        cells = []
        for v in VARIANTS:
            values = sorted(agreements[(name, v)])
            cells.append(f"{statistics.median(values):.2f} / {values[len(values) // 10]:.2f}")
        print(f"| {name} | " + " | ".join(cells) + " |")


DEFAULT_RUN = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from auditor.media import read_media
paths = Path(sys.argv[2]).read_text().split("\\n")
started = time.process_time()
for path in paths:
    read_media(path)
print(time.process_time() - started, "numpy" in sys.modules)
"""


def default_run_cost(photos: list[Path], baseline: Path | None, rounds: int = 5) -> None:
    listing = Path(os.environ.get("TMPDIR", "/tmp")) / "watermark-bench-paths.txt"
    listing.write_text("\n".join(str(p) for p in photos))
    trees = {"this tree": ROOT} | ({"baseline": baseline} if baseline else {})
    times: dict[str, list[float]] = {name: [] for name in trees}
    loaded = {}
    for _ in range(rounds):
        for name, tree in trees.items():
            out = subprocess.run([sys.executable, "-c", DEFAULT_RUN, str(tree), str(listing)],
                                 capture_output=True, text=True, check=True).stdout.split()
            times[name].append(float(out[0]))
            loaded[name] = out[1]
    load = os.getloadavg()
    for name in trees:
        print(f"default run (option off), read_media over {len(photos)} files, {name}: median {statistics.median(times[name]):.2f} s CPU "
              f"over {rounds} rounds; numpy loaded: {loaded[name]}")
    if baseline:
        print(f"  ratio this tree / baseline: {statistics.median(times['this tree']) / statistics.median(times['baseline']):.3f} "
              f"(load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--recall", type=int, default=200, help="photos to watermark (0: skip)")
    parser.add_argument("--baseline", type=Path, help="another auditor tree for the default run's cost")
    parser.add_argument("--no-false-positives", action="store_true", help="skip part 1 (it decodes every photo twice)")
    options = parser.parse_args()
    missing = [f for f in options.folders if not f.is_dir()]
    if missing:
        print(f"skipped: {', '.join(map(str, missing))} not found (bench/README.md says how to build the photo folder)")
        return 0
    photos, digest = photos_under(options.folders)
    print(f"{len(photos)} distinct files under {', '.join(map(str, options.folders))} (sha256 of the sorted sha256 list: {digest[:16]}); load {os.getloadavg()[0]:.2f}")
    configure_watermarks(["sd"])
    if not options.no_false_positives:
        false_positives(photos)
    if options.recall:
        recall(photos, options.recall)
    default_run_cost(photos, options.baseline)
    print(f"load at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
