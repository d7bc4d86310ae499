"""Instructions per exchange item, stage by stage (load-independent, as
bench/instructions.py is for pages): a generated RSS feed or WordPress export of
W + N items and one of W items are run under valgrind's cachegrind, and the
difference is divided by N, so start-up, imports and the first items' one-time
work drop out.

    .venv/bin/python bench/exchange_instructions.py                    # RSS and WXR, every stage
    .venv/bin/python bench/exchange_instructions.py --formats wxr --stages xml,items
    .venv/bin/python bench/exchange_instructions.py --tree /tmp/before # another checkout, same venv

Stages (each includes the ones before it; the table prints the differences):
xml (the streaming XML reader alone), items (the format's reader: every
`ExchangeItem` built), tasks (payload and signature per item), parse (the item's
article, its HTML body through the page parser), audit (`audit_document`: images
located and read, rules evaluated), check (`auditor check FILE -j 1`, findings
written). One stage stands beside them: html (tasks, then only the items' HTML
bodies through the page parser's tree and body reader), which splits parse into
the HTML body and the rest. Needs valgrind; skips with a message when absent.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("xml", "items", "tasks", "html", "parse", "audit", "check")
WARM_UP = 20  # items in the baseline file: lazily compiled patterns, first imports


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--formats", default="rss,wxr")
    parser.add_argument("--stages", default=",".join(STAGES))
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout to measure (default: this one)")
    parser.add_argument("--child", nargs=3, metavar=("STAGE", "FORMAT", "FILE"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        _child(options.tree, *options.child)
        return
    if shutil.which("valgrind") is None:
        print("skipped: valgrind is not installed (apt-get install valgrind)")
        return
    with tempfile.TemporaryDirectory(prefix="bench-exchange-instructions-") as scratch:
        for exchange_format in options.formats.split(","):
            base = _build(Path(scratch) / f"{exchange_format}-base", exchange_format, WARM_UP)
            full = _build(Path(scratch) / f"{exchange_format}-full", exchange_format, WARM_UP + options.items)
            counts = {}
            for stage in options.stages.split(","):
                difference = _count(options.tree, stage, exchange_format, full) - _count(
                    options.tree, stage, exchange_format, base)
                counts[stage] = difference / options.items
                print(f"{exchange_format} {stage:>6}: {counts[stage] / 1e6:6.3f} M instructions per item", flush=True)
            _print_table(exchange_format, counts)


def _build(folder: Path, exchange_format: str, items: int) -> Path:
    sys.path.insert(0, str(ROOT))
    from bench.exchange import build

    parts = _wxr_parts if exchange_format == "wxr" else None
    if parts is None:
        return build(folder, items)
    return build(folder, items, "export.xml", parts)


def _wxr_parts(count: int):
    """A WordPress export of `count` posts, each after its attachment (every other
    post has a featured image; every third names its image in the body by class
    and URL), bodies of ~120 words as in the RSS benchmark."""
    words = " ".join(("council", "river", "market", "tram", "school", "budget") * 21).split()[:120]
    body = " ".join(words)
    yield """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
\txmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Generated Gazette</title><link>https://gazette.example</link><language>en</language>
\t<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://gazette.example</wp:base_site_url>
"""
    for number in range(1, count + 1):
        image = "media/flood-visual.jpg" if number % 7 == 0 else "media/market-photo.jpg"
        attachment = 100_000 + number
        meta = ""
        inline = ""
        if number % 2 == 0:
            yield _wxr_item(attachment, f"photo-{number}", "attachment", "", f"Caption of photo {number}.",
                            f"<wp:attachment_url><![CDATA[{image}]]></wp:attachment_url>",
                            {"_wp_attachment_image_alt": f"Scene {number}", "_media_credit": f"Photographer {number}"})
            meta = {"_thumbnail_id": str(attachment)}
        if number % 3 == 0:
            inline = f'<figure><img src="{image}" alt="" class="wp-image-{attachment}"/></figure>'
        yield _wxr_item(number, f"Story {number}: {words[number % 120]} news", "post",
                        f"<p>{body}</p>{inline}<p>Second paragraph of story {number}.</p>", "", "", meta or None)
    yield "</channel>\n</rss>\n"


def _wxr_item(post_id: int, title: str, post_type: str, body: str, excerpt: str, extra: str,
              meta: dict[str, str] | None) -> str:
    postmeta = "".join(f"\n\t\t<wp:postmeta><wp:meta_key><![CDATA[{key}]]></wp:meta_key>"
                       f"<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"
                       for key, value in (meta or {}).items())
    return f"""
\t<item>
\t\t<title><![CDATA[{title}]]></title>
\t\t<link>https://gazette.example/?p={post_id}</link>
\t\t<pubDate>Mon, 03 Mar 2025 18:30:00 +0000</pubDate>
\t\t<dc:creator><![CDATA[editor]]></dc:creator>
\t\t<guid isPermaLink="false">https://gazette.example/?p={post_id}</guid>
\t\t<description></description>
\t\t<content:encoded><![CDATA[{body}]]></content:encoded>
\t\t<excerpt:encoded><![CDATA[{excerpt}]]></excerpt:encoded>
\t\t<wp:post_id>{post_id}</wp:post_id>
\t\t<wp:post_date><![CDATA[2025-03-03 18:30:00]]></wp:post_date>
\t\t<wp:post_date_gmt><![CDATA[2025-03-03 18:30:00]]></wp:post_date_gmt>
\t\t<wp:post_modified_gmt><![CDATA[2025-03-03 19:00:00]]></wp:post_modified_gmt>
\t\t<wp:status><![CDATA[{'inherit' if post_type == 'attachment' else 'publish'}]]></wp:status>
\t\t<wp:post_type><![CDATA[{post_type}]]></wp:post_type>{extra}{postmeta}
\t</item>"""


def _count(tree: Path, stage: str, exchange_format: str, file: Path) -> int:
    if stage == "check":
        command = [sys.executable, "-m", "auditor", "check", str(file), "--format", "jsonl",
                   "-o", str(file.parent / "findings.jsonl"), "--quiet", "-j", "1"]
    else:
        command = [sys.executable, __file__, "--tree", str(tree), "--child", stage, exchange_format, str(file)]
    # One hash seed for every run: string hashes move dict and set layouts, which
    # moves a 200-item difference by several per cent from one seed to the next.
    # The checkout's own rule-set cache, built before counting: another checkout
    # measured at the same time would otherwise make a run rebuild it (millions
    # of instructions per item, in one run of the pair only).
    env = {**os.environ, "PYTHONHASHSEED": "0", "AUDITOR_CACHE_DIR": str(file.parent.parent / "ruleset-cache")}
    subprocess.run(command, capture_output=True, cwd=tree, env=env)  # warms the cache
    done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                           *command], capture_output=True, text=True, cwd=tree, env=env)
    match = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if match is None:
        raise SystemExit(f"no instruction count in valgrind's output:\n{done.stderr[-2000:]}")
    return int(match.group(1).replace(",", ""))


def _print_table(exchange_format: str, counts: dict[str, float]) -> None:
    names = {"xml": "XML streaming (xml_stream)", "items": "item building (the format's reader)",
             "tasks": "payload, signature, task", "parse": "the item's article (HTML body included)",
             "audit": "images and rules (audit_document)", "check": "run, ledger and output (auditor check)"}
    print(f"\n| {exchange_format} stage | M instructions per item |\n|---|---|")
    before = 0.0
    for stage in STAGES:
        if stage == "html":
            continue
        if stage in counts:
            cost = counts[stage] - before
            if stage == "parse" and "html" in counts and "tasks" in counts:
                html = counts["html"] - counts["tasks"]
                print(f"| the item's HTML body (page parser: tree, blocks, figures) | {html / 1e6:.3f} |")
                print(f"| the rest of the item's article (shape, figures resolved, Article) | {(cost - html) / 1e6:.3f} |")
            else:
                print(f"| {names[stage]} | {cost / 1e6:.3f} |")
            before = counts[stage]
    print(f"| total | {before / 1e6:.3f} |")


def _child(tree: Path, stage: str, exchange_format: str, file: str) -> None:
    sys.path.insert(0, str(tree))
    import gc

    # Everything a batch run loads is imported first and frozen, as `auditor check`
    # freezes it (batch.run): full collections then cost what the items allocate.
    from auditor.articles.exchange_formats import read_items
    from auditor.articles.xml_stream import iter_xml_items
    from auditor.batch.exchange_tasks import ItemView, exchange_tasks, perform_item
    from auditor.config import Config
    from auditor.engine import load_ruleset
    from auditor.pipeline import configure_process

    config = Config()
    configure_process(config)
    ruleset = load_ruleset(config)
    gc.freeze()
    if stage == "xml":
        with open(file, "rb") as stream:
            for _ in iter_xml_items(stream, lambda tag, depth: tag == "item" and depth == 2):
                pass
        return
    if stage == "items":
        for _ in read_items(file, exchange_format):
            pass
        return
    if stage == "tasks":
        for _ in exchange_tasks(file, exchange_format):
            pass
        return
    if stage == "html":
        _html_bodies(file, exchange_format)
        return
    for task in exchange_tasks(file, exchange_format):
        if stage == "parse":
            ItemView(task.key, task.item_file or "").parse(task.payload)
        else:
            perform_item(task, ruleset)


def _html_bodies(file: str, exchange_format: str) -> None:
    """What `cms_json.article_of_object` does with an HTML body, alone."""
    import json

    from auditor.articles.cms_json import _LOOKS_LIKE_HTML
    from auditor.articles.html import body_parts, ordered_blocks
    from auditor.articles.html_positions import ElementPositions
    from auditor.articles.html_tree import parse_html_tree
    from auditor.articles.line_index import FixedLocator
    from auditor.batch.exchange_tasks import exchange_tasks
    from auditor.model import Span

    for task in exchange_tasks(file, exchange_format):
        body = json.loads(task.payload)["body_html"] if task.payload else None
        if body and _LOOKS_LIKE_HTML.search(body):
            tree, body = parse_html_tree(body)
            ordered_blocks(body_parts(tree.body or tree.root, ElementPositions(tree, body), FixedLocator(Span(line=1))))


if __name__ == "__main__":
    main()
