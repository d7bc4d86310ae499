"""Remote-image fetching benchmark: articles whose images are served by a local
HTTP server (tests/image_server.py on 127.0.0.1, named in fetch_allow), audited
with `auditor check --fetch-remote` three times: a cold cache, a fresh cache (no
request), and a cache revalidated with ETags (304s). Prints time, articles/s,
bytes the server sent against the images' full size, and AI images caught.

    .venv/bin/python bench/fetch.py                 # 300 articles, 300 images
    .venv/bin/python bench/fetch.py --articles 1000 --jobs 2

Loopback has no latency: the figures are auditor's own cost per fetched image
(HTTP, cache, readers), not what a real CDN's round trips add.
"""

from __future__ import annotations

import argparse
import json
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fixtures.images import TRAINED_ALGORITHMIC_MEDIA, jpeg_bytes, png_bytes  # noqa: E402
from tests.image_server import ImageServer  # noqa: E402


def images(count: int) -> list[tuple[str, bytes, bool]]:
    """(name, bytes, AI-marked) for `count` images: large JPEGs with their metadata in
    the head, and PNGs whose generation parameters sit past the head."""
    plain_jpeg = jpeg_bytes(exif={"Make": "Canon", "Model": "EOS R5"}) + b"\x00" * 1_500_000
    ai_jpeg = jpeg_bytes(xmp={"Iptc4xmpExt:DigitalSourceType": TRAINED_ALGORITHMIC_MEDIA}) + b"\x00" * 1_500_000
    ai_png = _png_with_late_parameters()
    made = []
    for i in range(count):
        kind = i % 4
        if kind == 3:
            made.append((f"/img/{i}.png", ai_png, True))
        else:
            made.append((f"/img/{i}.jpg", ai_jpeg if kind == 1 else plain_jpeg, kind == 1))
    return made


def _png_with_late_parameters() -> bytes:
    plain = png_bytes()
    cut = 8 + 8 + 13 + 4

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    filler = chunk(b"prIv", b"\x01" * 300_000)
    text = chunk(b"tEXt", b"parameters\x00a flooded street\nSteps: 30, Sampler: Euler a, Seed: 1, Model: sd_xl_base_1.0")
    return plain[:cut] + filler + text + filler + plain[cut:]


def run(site: Path, jobs: int, out: Path) -> tuple[float, list[dict]]:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "auditor", "check", str(site), "--fetch-remote", "--format", "jsonl",
                    "-o", str(out), "--jobs", str(jobs), "--quiet", "--fail-on", "never"], check=True)
    elapsed = time.perf_counter() - started
    return elapsed, [json.loads(line) for line in out.read_text().splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--jobs", type=int, default=1)
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="auditor-fetch-bench-"))
    site = work / "site"
    site.mkdir()
    served_images = images(options.articles)
    with ImageServer() as server:
        for name, body, _ in served_images:
            server.add(name, body=body, etag=f'"{hash(name) & 0xFFFFFFFF:x}"')
        for i, (name, _, _) in enumerate(served_images):
            (site / f"story{i}.md").write_text(f"# Story {i}\n\n![Street scene]({server.url(name)})\n\nText.\n")
        total = sum(len(body) for _, body, _ in served_images)
        expected = sum(ai for _, _, ai in served_images)
        for label, revalidate in (("cold cache", 3600), ("fresh cache", 3600), ("revalidated", 0)):
            (site / "auditor.toml").write_text(
                f'fetch_allow = ["127.0.0.1"]\nfetch_cache = "{work / "cache"}"\nfetch_revalidate_after = {revalidate}\n'
                'fetch_rate = 1000\nfetch_per_host = 8\n')
            before = len(server.served)
            sent_before = sum(s.sent for s in server.served)
            elapsed, findings = run(site, options.jobs, work / "findings.jsonl")
            requests = len(server.served) - before
            sent = sum(s.sent for s in server.served) - sent_before
            caught = sum(1 for f in findings if f["rule"] == "AID101")
            unfetched = sum(1 for f in findings if f["rule"] == "INP002")
            print(f"{label:12} {elapsed:6.2f} s  {options.articles / elapsed:7.1f} articles/s  "
                  f"{requests:5} requests  {sent / 1e6:7.2f} MB sent of {total / 1e6:.2f} MB  "
                  f"AI caught {caught}/{expected}  INP002 {unfetched}")


if __name__ == "__main__":
    main()
