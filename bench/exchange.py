"""Exchange-format benchmark: a generated RSS feed (Media RSS, content:encoded,
`fixtures/exchange_formats.generated_rss`) of N items, audited end to end by
`auditor check FEED --format jsonl` in a subprocess: items per CPU second (every
process of the run, workers included) on 1 core and on all cores, and peak RSS of
the largest process of the run at two sizes 10x apart, side by side, which shows
whether memory grows with the feed. Measured through `bench/process_tree.py`, so
the feed this script wrote never counts in auditor's peak.

    .venv/bin/python bench/exchange.py                 # 100,000 items (and 10,000 for the memory pair)
    .venv/bin/python bench/exchange.py --items 5000    # a quick look
    .venv/bin/python bench/exchange.py --json-feed-mb 200 --before /tmp/before   # a 200 MB JSON Feed,
        # this checkout beside another one (`git archive COMMIT | tar -x -C /tmp/before`)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.process_tree import run_tree  # noqa: E402
from fixtures import images  # noqa: E402
from fixtures.exchange_formats import AI_XMP, CAMERA_EXIF, generated_json_feed_parts, generated_rss_parts  # noqa: E402


def build(folder: Path, items: int, name: str = "feed.rss", parts=generated_rss_parts) -> Path:
    media = folder / "media"
    media.mkdir(parents=True, exist_ok=True)
    images.write_jpeg(media / "market-photo.jpg", exif=CAMERA_EXIF)
    images.write_jpeg(media / "flood-visual.jpg", xmp=AI_XMP)
    feed = folder / name
    with feed.open("w", encoding="utf-8") as out:
        out.writelines(parts(items))
    return feed


def audit(feed: Path, jobs: int, checkout: Path = ROOT) -> tuple[float, float, float, int]:
    """(seconds, CPU seconds, peak RSS in MB, JSON lines written) of one `auditor
    check` run of the auditor in `checkout`. CPU time (the run and every worker) is
    the figure that holds on a machine other jobs share: items per CPU second is
    items/s per core."""
    out = feed.parent / f"findings-{jobs}.jsonl"
    command = [sys.executable, "-m", "auditor", "check", str(feed), "--format", "jsonl", "-o", str(out),
               "--quiet", "-j", str(jobs)]
    ran = run_tree(command, cwd=checkout)  # `-m auditor` imports the checkout it runs in
    if ran.code not in (0, 1):
        raise SystemExit(f"auditor failed ({ran.code}): {ran.stderr}")
    return ran.seconds, ran.cpu_seconds, ran.peak_rss_mb, sum(1 for _ in out.open())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json-feed-mb", type=int, help="audit a generated JSON Feed of this size instead")
    parser.add_argument("--before", type=Path, help="another checkout, run beside this one (alternating)")
    options = parser.parse_args()
    if options.json_feed_mb:
        return json_feed(options.json_feed_mb, options.before)
    peaks: dict[tuple[int, int], float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-exchange-") as scratch:
        sizes = [options.items // 10, options.items] if options.items >= 1000 else [options.items]
        for items in sizes:
            feed = build(Path(scratch) / str(items), items)
            megabytes = feed.stat().st_size / 1e6
            checkouts = [("", ROOT)] + ([("before: ", options.before.resolve())] if options.before else [])
            for jobs in sorted({1, options.jobs}):
                for label, checkout in checkouts * (2 if options.before else 1):
                    load = os.getloadavg()[0]
                    seconds, cpu, peak, lines = audit(feed, jobs, checkout)
                    if not label:
                        peaks[items, jobs] = peak
                    print(f"{label}{items:>7} items ({megabytes:.0f} MB feed)  -j {jobs}: {seconds:6.1f} s wall "
                          f"{items / seconds:6.0f} items/s, {cpu:6.1f} s CPU {items / cpu:6.0f} items per CPU s  "
                          f"peak RSS {peak:4.0f} MB  findings {lines}  load {load:.2f}", flush=True)
            feed.unlink()
        if len(sizes) == 2:
            small, large = sizes
            for jobs in sorted({1, options.jobs}):
                print(f"peak RSS -j {jobs}: {small:,} items {peaks[small, jobs]:.0f} MB, {large:,} items "
                      f"{peaks[large, jobs]:.0f} MB (x{peaks[large, jobs] / peaks[small, jobs]:.2f} for x10 items)")


def json_feed(megabytes: int, before: Path | None) -> None:
    """One big JSON Feed (about 7 KB an item), audited with -j 1 by this checkout
    and, when given, another one, alternately, twice each: peak RSS and CPU."""
    items = megabytes * 1_000_000 // 6_900
    with tempfile.TemporaryDirectory(prefix="bench-exchange-json-") as scratch:
        feed = build(Path(scratch), items, "feed.json", generated_json_feed_parts)
        size = feed.stat().st_size / 1e6
        checkouts = [("this", ROOT)] + ([("before", before.resolve())] if before else [])
        for round_number in (1, 2):
            for name, checkout in checkouts:
                load = os.getloadavg()[0]
                seconds, cpu, peak, lines = audit(feed, 1, checkout)
                print(f"round {round_number} {name:>6}: JSON Feed {size:.0f} MB, {items:,} items  -j 1: "
                      f"{seconds:6.1f} s wall, {cpu:6.1f} s CPU {items / cpu:6.0f} items per CPU s  "
                      f"peak RSS {peak:5.0f} MB  findings {lines}  load {load:.2f}", flush=True)


if __name__ == "__main__":
    main()
