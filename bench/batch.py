"""Batch benchmark: builds a synthetic archive (bench/corpus.py) and prints, in one
run, end-to-end articles/s on 1 core and on all cores, images/s for the media reader
alone, peak RSS, the time of a fully cached second run (ledger), peak RSS at two
corpus sizes 10x apart, and ExifTool over the same images as the reference.

    .venv/bin/python bench/batch.py                 # 20,000 articles + 20,000 images
    .venv/bin/python bench/batch.py --articles 2000 # a quick look
    .venv/bin/python bench/batch.py --articles 200000 --no-reference  # memory and caching at scale

Each audit is a real `auditor check ... --format jsonl` subprocess; peak RSS is the
largest single process of that run (the client or one worker), from wait4().
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import build_corpus  # noqa: E402
from bench.floor import floor_rate  # noqa: E402

IMAGE_SUFFIXES = ("jpg", "png", "webp", "gif", "tif")
CACHED_RUNS = 5  # a sub-second run on a shared machine: report the best and the median


def audit(corpus: Path, jobs: int, *extra: str) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one `auditor check` run."""
    command = [sys.executable, "-m", "auditor", "check", str(corpus), "--format", "jsonl", "-o", os.devnull,
               "--quiet", "-j", str(jobs), *extra]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"auditor failed ({code}): {process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024


def read_images(corpus: Path) -> tuple[int, float]:
    """The media reader alone over every image, in this process (1 core)."""
    from auditor.media import read_media

    paths = sorted(p for p in corpus.rglob("*") if p.suffix.lstrip(".") in IMAGE_SUFFIXES)
    started = time.perf_counter()
    for path in paths:
        read_media(path)
    return len(paths), time.perf_counter() - started


def exiftool(corpus: Path) -> float | None:
    tool = shutil.which("exiftool")
    if tool is None:
        return None
    command = [tool, "-j", "-fast2", "-r", "-q", "-q"] + [a for s in IMAGE_SUFFIXES for a in ("-ext", s)] + [str(corpus)]
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--workdir", type=Path, default=None, help="where to build the corpus (default: a temp folder)")
    parser.add_argument("--no-reference", action="store_true",
                        help="skip the media reader alone and ExifTool (for a quick look at a larger size)")
    options = parser.parse_args()
    cores = os.cpu_count() or 1
    work = options.workdir or Path(tempfile.mkdtemp(prefix="auditor-bench-"))
    large, small = work / "large", work / "small"
    for folder in (large, small):
        shutil.rmtree(folder, ignore_errors=True)

    # What an installed package has (pip byte-compiles wheels; PYTHONDONTWRITEBYTECODE
    # or an editable install would leave every run compiling auditor from source).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "auditor")], check=True, stdout=subprocess.DEVNULL)
    started = time.perf_counter()
    counts = build_corpus(large, options.articles)
    build_corpus(small, max(1, options.articles // 10))
    print(f"corpus: {counts['articles']:,} articles ({counts['html']:,} HTML, {counts['markdown']:,} Markdown), "
          f"{counts['images']:,} images in {len(IMAGE_SUFFIXES)} formats, {counts['ai_marked']:,} AI-marked "
          f"({counts['ai_marked'] / counts['images']:.0%}); built in {time.perf_counter() - started:.1f} s")
    n = counts["articles"]

    floor = n / min(floor_rate(large)[1] for _ in range(3))
    print(f"floor:       walk, read and parse every article, 64 KiB of every image: {floor:8,.0f} articles/s (1 core, best of 3)"
          f"   load {os.getloadavg()[0]:.1f}")
    one, rss_one = audit(large, 1)
    print(f"1 core:      {one:7.2f} s  {n / one:8,.0f} articles/s end to end   peak RSS {rss_one:6.0f} MB"
          f"   {n / one / floor:.0%} of the floor")
    many, rss_many = audit(large, cores)
    print(f"{cores} cores:     {many:7.2f} s  {n / many:8,.0f} articles/s end to end   peak RSS {rss_many:6.0f} MB"
          f"   speed-up {one / many:.2f}x   {n / many / cores / floor:.0%} of the floor per core")

    with tempfile.TemporaryDirectory() as scratch:
        ledger = Path(scratch) / "ledger.sqlite"
        first, _ = audit(large, cores, "--ledger", str(ledger))
        runs = [audit(large, cores, "--ledger", str(ledger)) for _ in range(CACHED_RUNS)]
    times = sorted(t for t, _ in runs)
    cached, median = times[0], statistics.median(times)
    rss_cached = max(rss for _, rss in runs)
    print(f"ledger:      first {first:.2f} s ({cores} cores); fully cached re-run, {CACHED_RUNS} runs: best {cached:.2f} s, "
          f"median {median:.2f} s = {first / cached:.1f}x (best) / {first / median:.1f}x (median) faster than the first; "
          f"{one / cached:.0f}x faster than 1 core   peak RSS {rss_cached:.0f} MB")
    empty = work / "empty"
    empty.mkdir(exist_ok=True)
    startup = min(audit(empty, cores, "--ledger", str(work / "empty.sqlite"))[0] for _ in range(CACHED_RUNS))
    print(f"             of which start-up (the same command over an empty folder): {startup:.2f} s")

    small_time, rss_small = audit(small, 1)
    print(f"peak RSS at {n // 10:,} articles: {rss_small:.0f} MB; at {n:,} articles: {rss_one:.0f} MB (1 core)")

    if not options.no_reference:
        images, reading = read_images(large)
        print(f"media reader: {images:,} images in {reading:.2f} s = {images / reading:,.0f} images/s (1 core, header-only)")
        reference = exiftool(large)
        if reference is None:
            print("exiftool: not installed")
        else:
            print(f"exiftool -j -fast2: {images:,} images in {reference:.2f} s = {images / reference:,.0f} images/s; "
                  f"auditor's reader is {reference / reading:.1f}x ExifTool's speed")
    if options.workdir is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
