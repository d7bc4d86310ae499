"""The machine's floor for an archive audit: what the least any auditor must do costs
on this corpus, in this process, on one core. Walk the folders, read every article and
parse it (selectolax for HTML, a regex pass over Markdown for its images), and read the
first 64 KiB of every image (where every metadata block auditor reads sits in these
files). An auditor's rate divided by this one says how close to the machine it runs.

    .venv/bin/python bench/floor.py CORPUS
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

_MARKDOWN_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)")
_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff")
_HEAD = 64 * 1024


def floor_rate(corpus: Path) -> tuple[int, float]:
    """(articles, seconds) of the floor walk-read-parse over `corpus`."""
    articles = 0
    started = time.perf_counter()
    for folder, _, names in os.walk(corpus):
        for name in sorted(names):
            path = os.path.join(folder, name)
            if name.endswith(".html"):
                with open(path, "rb") as handle:
                    tree = LexborHTMLParser(handle.read())
                [node.attributes.get("src") for node in tree.css("img")]
                articles += 1
            elif name.endswith(".md"):
                with open(path, encoding="utf-8") as handle:
                    _MARKDOWN_IMAGE.findall(handle.read())
                articles += 1
            elif name.lower().endswith(_IMAGE_SUFFIXES):
                with open(path, "rb") as handle:
                    handle.read(_HEAD)
    return articles, time.perf_counter() - started


if __name__ == "__main__":
    count, seconds = floor_rate(Path(sys.argv[1]))
    print(f"floor: {count:,} articles in {seconds:.2f} s = {count / seconds:,.0f} articles/s (1 core)")
