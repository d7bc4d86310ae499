"""Can auditor detect the invisible watermark of the Stable Diffusion scripts and the
SDXL pipeline (DWT-DCT, `invisible-watermark`'s "dwtDct" method)? Measures, on real
images: the decoded bit agreement right after embedding, after JPEG re-encoding at
quality 95-75 and after resizing to half; the agreement on the same images unmarked
(what a false-positive threshold would face); and the decoding cost per megapixel.

Not part of auditor: `invisible-watermark` declares torch as a hard dependency
(every release up to 0.2.0), and `import imwatermark` imports torch (rivaGan.py).
Its DWT-DCT module needs only numpy, OpenCV and PyWavelets, so this script loads that
one file directly. Run it in a scratch venv:

    python3 -m venv /tmp/wm && /tmp/wm/bin/pip install --no-deps invisible-watermark==0.2.0 \
        && /tmp/wm/bin/pip install numpy PyWavelets opencv-python-headless Pillow
    /tmp/wm/bin/python bench/watermark_feasibility.py /work/real /tmp/pillow-11.3.0/Tests/images
"""

from __future__ import annotations

import importlib.util
import statistics
import sys
import time
from pathlib import Path

try:
    import cv2
    import numpy as np
    import imwatermark  # noqa: F401  (only to find the installed files)
except ImportError as missing:
    if getattr(missing, "name", "") != "torch":
        print(f"skipped: {missing} (see the docstring for the scratch venv)", file=sys.stderr)
        sys.exit(0)

# The 48 bits the SDXL pipeline embeds (diffusers, pipelines/stable_diffusion_xl/watermark.py).
SDXL_BITS = [int(b) for b in bin(0b101100111110110010010000011110111011000110011110)[2:]]
# The Stable Diffusion v1/v2 reference scripts: the bytes "StableDiffusionV1".
SD_BITS = [int(b) for b in "".join(f"{byte:08b}" for byte in b"StableDiffusionV1")]
ATTACKS = ["none", "jpeg95", "jpeg90", "jpeg85", "jpeg75", "half", "half+jpeg85"]
MIN_SIDE = 256  # the encoder refuses smaller images


def dwt_dct_module():
    spec = importlib.util.find_spec("imwatermark")
    path = Path(spec.submodule_search_locations[0]) / "maxDct.py"
    module_spec = importlib.util.spec_from_file_location("imwatermark_maxdct", path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module.EmbedMaxDct


def attacked(bgr, attack: str):
    if attack.startswith("half"):
        bgr = cv2.resize(bgr, (bgr.shape[1] // 2, bgr.shape[0] // 2), interpolation=cv2.INTER_AREA)
    if "jpeg" in attack:
        quality = int(attack.rsplit("jpeg", 1)[1])
        bgr = cv2.imdecode(cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, quality])[1], cv2.IMREAD_COLOR)
    return bgr


def main(folders: list[str]) -> int:
    Embed = dwt_dct_module()
    images = []
    for folder in map(Path, folders):
        if not folder.is_dir():
            print(f"skipped {folder}: not a folder", file=sys.stderr)
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff"):
                bgr = cv2.imread(str(path), cv2.IMREAD_COLOR)
                if bgr is not None and min(bgr.shape[:2]) >= MIN_SIDE:
                    images.append((path, bgr))
    if not images:
        print("no images of at least 256x256 found", file=sys.stderr)
        return 2
    print(f"images: {len(images)} (at least {MIN_SIDE}px a side)")
    for name, bits in (("SDXL 48-bit", SDXL_BITS), ("SD v1 136-bit", SD_BITS)):
        encoder, decoder = Embed(bits, wmLen=len(bits)), Embed([], wmLen=len(bits))
        agreement = {attack: [] for attack in ATTACKS}
        clean, seconds, megapixels = [], 0.0, 0.0
        for _, bgr in images:
            marked = encoder.encode(bgr)
            for attack in ATTACKS:
                agreement[attack].append(float(np.mean(decoder.decode(attacked(marked, attack)) == np.array(bits))))
            started = time.perf_counter()
            clean.append(float(np.mean(decoder.decode(bgr) == np.array(bits))))
            seconds += time.perf_counter() - started
            megapixels += bgr.shape[0] * bgr.shape[1] / 1e6
        print(f"\n{name}: decoded bit agreement (1.0 = every bit; 0.5 = chance)")
        for attack in ATTACKS:
            values = agreement[attack]
            recall = sum(v >= 0.9 for v in values) / len(values)
            print(f"  {attack:12s} median {statistics.median(values):.3f}  min {min(values):.3f}  share >= 0.9: {recall:.2f}")
        print(f"  unmarked     median {statistics.median(clean):.3f}  max {max(clean):.3f}  share >= 0.9: "
              f"{sum(v >= 0.9 for v in clean) / len(clean):.2f}")
        print(f"  decode cost: {1000 * seconds / megapixels:.0f} ms per megapixel")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
