"""Figures and INP002 findings on real saved news pages (issue 10).

    .venv/bin/python bench/real_pages.py /work/real/mozilla+readability/test/test-pages \
        /work/real/postlight+parser/fixtures /work/real/scrapinghub+article-extraction-benchmark/html \
        /work/real/newspaper4k/newspaper4k-0.9.6/tests/data/html [--pages-out F.tsv] [--sample 20]

Each argument is a folder of saved pages (`*.html`, `*.htm`, `*.html.gz`, or
`*/source.html` as in Mozilla Readability's test pages); an absent folder is
skipped with a message. Every page is parsed and audited in place with the core
rules (its images resolve as they would for a user: relative ones are missing,
absolute ones remote), and the script prints, per corpus: pages, figures per page,
INP002 per page, and the figures' statuses.

Ground truth, where a corpus has one we can justify: Readability's `expected.html`
is the article body a reader sees, so its <img> elements plus the page's og:image
are the images a reader of the story sees. Found figures are matched to them by
file name and path tail (the same matching auditor uses for JSON-LD images).
"""

from __future__ import annotations

import argparse
import gzip
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.articles import parse_article  # noqa: E402
from auditor.articles.figure_draft import FigureDraft  # noqa: E402
from auditor.articles.image_matching import best_matches  # noqa: E402
from auditor.config import Config  # noqa: E402
from auditor.engine import evaluate_article, load_ruleset  # noqa: E402
from auditor.model import Article  # noqa: E402

_IMG_SRC = re.compile(r"<img\b[^>]*?\ssrc=\"([^\"]+)\"", re.IGNORECASE)
_OG_IMAGE = re.compile(
    r"<meta\b[^>]*?(?:property|name)=[\"']og:image[\"'][^>]*?content=[\"']([^\"']+)[\"']"
    r"|<meta\b[^>]*?content=[\"']([^\"']+)[\"'][^>]*?(?:property|name)=[\"']og:image[\"']",
    re.IGNORECASE,
)


def pages_of(folder: Path) -> list[Path]:
    pages = [p for p in folder.rglob("*") if p.is_file() and (p.name.endswith((".html", ".htm", ".html.gz")))]
    # Readability's folders hold the page and the expected extraction: only the page is input.
    return sorted(p for p in pages if p.name != "expected.html")


def read_page(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def ground_truth(page: Path, html: str) -> list[str] | None:
    """Images a reader of the story sees, for a Readability test page; None elsewhere."""
    expected = page.with_name("expected.html")
    if page.name != "source.html" or not expected.is_file():
        return None
    urls = [url for url in _IMG_SRC.findall(expected.read_text(encoding="utf-8", errors="replace"))
            if not url.startswith("data:")]
    og = _OG_IMAGE.search(html)
    if og:
        urls.append(og.group(1) or og.group(2))
    return list(dict.fromkeys(urls))


def matched(truth: list[str], article: Article) -> tuple[int, int]:
    """(ground-truth images found among the figures, figures that match one of them)."""
    # A figure stands for all the URLs of its picture (srcset sizes, lazy attributes).
    alternates = article.fields.get("image_alternates", {})
    drafts = [FigureDraft(src=f.src, alternates=list(alternates.get(str(f.index), [])))
              for f in article.figures if f.src]
    found_truth = sum(1 for url in truth if best_matches([url], drafts))
    truth_drafts = [FigureDraft(src=url) for url in truth]
    found_figures = sum(1 for d in drafts if best_matches([d.src or "", *d.alternates], truth_drafts))
    return found_truth, found_figures


def audit_corpus(folder: Path, ruleset, rows: list[str]) -> dict:
    stats: dict = {"pages": 0, "figures": [], "inp002": [], "status": Counter(), "errors": 0,
                   "truth": 0, "truth_found": 0, "figures_on_truth_pages": 0, "figures_matching": 0,
                   "seconds": 0.0, "evaluation_errors": 0}
    for page in pages_of(folder):
        data = read_page(page)
        started = time.perf_counter()
        # A gzipped page is parsed as the .html it holds, in the folder it was saved in.
        name = page.with_suffix("") if page.name.endswith(".gz") else page
        article = parse_article(name, data)
        if not isinstance(article, Article):
            stats["errors"] += 1
            continue
        try:
            findings = evaluate_article(article, {}, ruleset)
        except Exception as error:  # another rule's bug (issue 11's dates) must not stop the count
            print(f"  {page}: evaluation failed: {type(error).__name__}: {error}", file=sys.stderr)
            stats["evaluation_errors"] += 1
            # Dates play no part in INP002: count it on the page without them.
            findings = evaluate_article(article.model_copy(update={"published": None, "updated": None}), {}, ruleset)
        stats["seconds"] += time.perf_counter() - started
        inp002 = [f for f in findings if f.rule == "INP002"]
        stats["pages"] += 1
        stats["figures"].append(len(article.figures))
        stats["inp002"].append(len(inp002))
        stats["status"].update(f.status for f in article.figures)
        truth = ground_truth(page, data.decode("utf-8", errors="replace"))
        cells = [str(page), str(len(article.figures)), str(len(inp002))]
        if truth is not None:
            found_truth, found_figures = matched(truth, article)
            stats["truth"] += len(truth)
            stats["truth_found"] += found_truth
            stats["figures_on_truth_pages"] += len(article.figures)
            stats["figures_matching"] += found_figures
            cells += [str(len(truth)), str(found_truth)]
        rows.append("\t".join(cells))
    return stats


def describe(name: str, stats: dict) -> str:
    figures, inp002 = stats["figures"], stats["inp002"]
    if not figures:
        return f"{name}: no pages"
    lines = [
        f"{name}: {stats['pages']} pages ({stats['errors']} unreadable, {stats['evaluation_errors']} failed in evaluation), {stats['seconds']:.1f} s parse+evaluate",
        f"  figures: {sum(figures)} (median {statistics.median(figures):g}/page, max {max(figures)})",
        f"  INP002: {sum(inp002)} on {sum(1 for n in inp002 if n)} pages (median {statistics.median(inp002):g}, max {max(inp002)})",
        "  figure status: " + ", ".join(f"{status} {count}" for status, count in stats["status"].most_common()),
    ]
    if stats["truth"]:
        lines.append(
            f"  ground truth (expected.html images + og:image): {stats['truth_found']}/{stats['truth']} found "
            f"({100 * stats['truth_found'] / stats['truth']:.1f} %); {stats['figures_matching']}/"
            f"{stats['figures_on_truth_pages']} figures are ground-truth images"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--pages-out", type=Path, help="write one row per page (path, figures, INP002, truth, found)")
    args = parser.parse_args()
    ruleset = load_ruleset(Config())
    rows: list[str] = []
    totals = {"pages": 0, "inp002": [], "figures": []}
    for folder in args.folders:
        if not folder.is_dir():
            print(f"{folder}: absent, skipped")
            continue
        stats = audit_corpus(folder, ruleset, rows)
        print(describe(str(folder), stats))
        totals["pages"] += stats["pages"]
        totals["inp002"] += stats["inp002"]
        totals["figures"] += stats["figures"]
    if totals["pages"]:
        inp002 = totals["inp002"]
        print(f"all: {totals['pages']} pages, {sum(totals['figures'])} figures, INP002 {sum(inp002)} on "
              f"{sum(1 for n in inp002 if n)} pages (median {statistics.median(inp002):g}, max {max(inp002)})")
    if args.pages_out:
        args.pages_out.write_text("\n".join(rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
