"""`auditor serve` benchmark: a real server started on 127.0.0.1 (bench/serve_process.py)
and a real HTTP client (httpx), every loop bounded by a request count.

    .venv/bin/python bench/serve.py                  # prints the table
    .venv/bin/python bench/serve.py --write bench/RESULTS-serve.md
    .venv/bin/python bench/serve.py --real /work/real/mozilla+readability/test/test-pages

Measures: latency p50/p95 of one article with one image on a warm server (the goal:
p95 <= 50 ms); the same for real saved pages (posted alone: their remote images are
not fetched); throughput at 1 and 2 audit workers; the server's memory (itself and
its workers) under 20 concurrent 4 MB uploads; and overload: 40 clients against one
worker and a queue of 2, counting 200/429/503 answers, any other 5xx, and memory
before and after.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.serve_process import running_server  # noqa: E402
from fixtures.images import jpeg_bytes  # noqa: E402

AI_MARKING = {"Iptc4xmpExt:DigitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"}
STORY = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Storm</title>'
         '<meta property="article:published_time" content="2025-05-26T10:00:00+00:00"></head><body><article>'
         '<h1>Storm over the bay</h1><figure><img src="storm.jpg" alt="Clouds"><figcaption>Storm clouds over the bay.'
         '</figcaption></figure>' + "<p>The council met on Monday to discuss the harbour.</p>" * 20 + "</article></body></html>")
IMAGE = jpeg_bytes(xmp=AI_MARKING)


def story_parts(article: bytes = STORY.encode(), name: str = "story.html", image: bytes | None = IMAGE) -> list:
    parts = [("article", (name, article, "text/html"))]
    return parts + ([("images", ("storm.jpg", image, "image/jpeg"))] if image is not None else [])


def latencies(client: httpx.Client, parts: list, count: int) -> list[float]:
    seconds = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.post("/v1/check", files=parts)
        seconds.append(time.perf_counter() - started)
        assert response.status_code == 200, response.text[:300]
    return seconds


def percentiles(seconds: list[float]) -> tuple[float, float]:
    ordered = sorted(seconds)
    return ordered[len(ordered) // 2] * 1000, ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (the audit workers)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            with open(f"/proc/{current}/status") as status:
                total += next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
        except (OSError, StopIteration):
            continue
    return total / 1024


def server_pid(url: str) -> int:
    port = url.rsplit(":", 1)[1]
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                command = open(f"/proc/{entry}/cmdline", "rb").read().split(b"\0")
            except OSError:
                continue
            if b"serve" in command and port.encode() in command:
                return int(entry)
    raise RuntimeError("server process not found")


def throughput(url: str, clients: int, requests: int) -> float:
    def send(count: int) -> int:
        with httpx.Client(base_url=url, timeout=60) as client:
            return sum(client.post("/v1/check", files=story_parts()).status_code == 200 for _ in range(count))

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        done = sum(pool.map(send, [requests // clients] * clients))
    return done / (time.perf_counter() - started)


def concurrent_uploads(url: str, clients: int, megabytes: int) -> tuple[float, float, list[int]]:
    pid = server_pid(url)
    before = tree_rss_mb(pid)
    big = IMAGE + b"\0" * (megabytes * 1024 * 1024)  # a large image: padding after the JPEG's end
    peak = before
    statuses: list[int] = []

    def send(_: int) -> int:
        with httpx.Client(base_url=url, timeout=120) as client:
            return client.post("/v1/check", files=story_parts(image=big)).status_code

    with ThreadPoolExecutor(clients) as pool:
        futures = [pool.submit(send, n) for n in range(clients)]
        while not all(f.done() for f in futures):
            peak = max(peak, tree_rss_mb(pid))
            time.sleep(0.02)
        statuses = [f.result() for f in futures]
    return before, peak, statuses


def overload(url: str, clients: int, each: int) -> tuple[dict[int, int], float, float, bool]:
    pid = server_pid(url)
    before = tree_rss_mb(pid)

    def send(_: int) -> list[int]:
        with httpx.Client(base_url=url, timeout=120) as client:
            return [client.post("/v1/check", files=story_parts()).status_code for _ in range(each)]

    with ThreadPoolExecutor(clients) as pool:
        answers = [status for batch in pool.map(send, range(clients)) for status in batch]
    after = tree_rss_mb(pid)
    alive = httpx.get(url + "/healthz", timeout=10).status_code == 200
    counts: dict[int, int] = {}
    for status in answers:
        counts[status] = counts.get(status, 0) + 1
    return counts, before, after, alive


def real_pages(folder: Path, count: int) -> list[tuple[str, bytes]]:
    pages = sorted(folder.glob("*/source.html"))[:count]
    return [(page.parent.name, page.read_bytes()) for page in pages]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="latency samples (after 30 to warm up)")
    parser.add_argument("--real", type=Path, default=Path("/work/real/mozilla+readability/test/test-pages"))
    parser.add_argument("--write", type=Path, help="also write the table to this Markdown file")
    arguments = parser.parse_args()
    rows: list[str] = []

    def say(line: str) -> None:
        print(line, flush=True)
        rows.append(line)

    say(f"# auditor serve on {os.cpu_count()} cores (loopback, httpx client in the same machine)\n")
    say("| measure | value |\n|---|---|")
    with running_server("--workers", "1", "--queue", "8") as url, httpx.Client(base_url=url, timeout=60) as client:
        latencies(client, story_parts(), 30)
        p50, p95 = percentiles(latencies(client, story_parts(), arguments.requests))
        say(f"| latency, one article + one image, 1 worker (n={arguments.requests}) | p50 {p50:.1f} ms, p95 {p95:.1f} ms |")
        if arguments.real.is_dir():
            pages = real_pages(arguments.real, 60)
            seconds = []
            for _ in range(2):
                for name, page in pages:
                    started = time.perf_counter()
                    response = client.post("/v1/check", files=story_parts(page, f"{name}.html", None))
                    seconds.append(time.perf_counter() - started)
                    assert response.status_code == 200, (name, response.status_code)
            p50, p95 = percentiles(seconds[len(pages):])  # the second pass: warm
            say(f"| latency, {len(pages)} real saved pages (readability test pages), 1 worker | p50 {p50:.1f} ms, p95 {p95:.1f} ms |")
        else:
            say(f"| latency, real saved pages | skipped: {arguments.real} is absent |")
        say(f"| throughput, 1 worker, 4 clients | {throughput(url, 4, 400):.0f} requests/s |")
    with running_server("--workers", "2", "--queue", "8") as url:
        throughput(url, 4, 40)  # warm both workers
        say(f"| throughput, 2 workers, 4 clients | {throughput(url, 4, 400):.0f} requests/s |")
    with running_server("--workers", "2", "--queue", "20", "--max-image-bytes", str(8 * 1024 * 1024)) as url:
        before, peak, statuses = concurrent_uploads(url, 20, 4)
        ok = sum(s == 200 for s in statuses)
        say(f"| memory, 20 concurrent 4 MB uploads, 2 workers (server + workers RSS) | {before:.0f} MB idle, {peak:.0f} MB peak; {ok}/20 answered 200 |")
    with running_server("--workers", "1", "--queue", "2") as url:
        counts, before, after, alive = overload(url, 40, 10)
        other = sum(n for status, n in counts.items() if status >= 500 and status != 503)
        shown = ", ".join(f"{status}: {n}" for status, n in sorted(counts.items()))
        say(f"| overload, 40 clients x 10 requests, 1 worker, queue 2 | {shown}; other 5xx: {other}; "
            f"RSS {before:.0f} -> {after:.0f} MB; {'alive' if alive else 'DEAD'} after |")
    if arguments.write:
        arguments.write.write_text("\n".join(rows) + "\n\nCommand: `.venv/bin/python bench/serve.py`\n", encoding="utf-8")


if __name__ == "__main__":
    main()
