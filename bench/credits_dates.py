"""Credits, wire attribution and dates measured on real saved pages.

    .venv/bin/python bench/credits_dates.py --real /work/real [--list]

Reads public test suites checked out under --real (see /work/real/PROVENANCE.txt):
htmldate's evaluation sets and newspaper4k's and readability's metadata give the
ground truth for published dates; every page of those suites and of postlight/parser
and scrapinghub's article-extraction benchmark is audited to count ATT301, DAT401 and
DAT402 (--list prints each one, to judge); credit lines and captions found in the pages'
figures give the credit parse rate, and `bench/real_credits.tsv` (short credit strings
with the page they came from) the rate on a fixed list. Skips with a message when
--real is absent. Nothing here is asserted by the test suite.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import auditor  # noqa: E402
from auditor.articles.html import parse_html_article  # noqa: E402
from auditor.config import Config  # noqa: E402

NOW = datetime(2026, 11, 30, tzinfo=timezone.utc)
CONFIG = Config(now=NOW, audit_date=NOW.date())
CORPORA = {
    "readability": "mozilla+readability/test/test-pages/*/source.html",
    "postlight": "postlight+parser/fixtures/*.html",
    "scrapinghub": "scrapinghub+article-extraction-benchmark/html/*.html.gz",
    "newspaper4k": "newspaper4k/newspaper4k-0.9.6/tests/data/html/*.html",
    "htmldate": "adbar+htmldate/tests/*/*.html",
}
RULES = ("ATT301", "DAT401", "DAT402", "AID103", "ATT303")


def read_page(path: Path) -> str:
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return raw.decode("utf-8", errors="replace")


def ground_truth(real: Path) -> list[tuple[str, Path, date]]:
    """(suite, page, published day) from the suites that record one."""
    truth: list[tuple[str, Path, date]] = []
    htmldate = real / "adbar+htmldate" / "tests"
    for name in ("eval_default.json", "eval_mediacloud_2020.json"):
        entries = json.loads((htmldate / name).read_text(encoding="utf-8"))
        for entry in entries.values():
            for folder in ("cache", "eval", "test_set"):
                page = htmldate / folder / entry["file"]
                if page.is_file() and isinstance(entry.get("date"), str):
                    truth.append((f"htmldate/{name}", page, date.fromisoformat(entry["date"][:10])))
                    break
    n4k = real / "newspaper4k" / "newspaper4k-0.9.6" / "tests" / "data"
    for meta in sorted((n4k / "metadata").glob("*.json")):
        value = json.loads(meta.read_text(encoding="utf-8")).get("publish_date")
        page = n4k / "html" / f"{meta.stem}.html"
        if value and page.is_file():
            truth.append(("newspaper4k", page, date.fromisoformat(value[:10])))
    for meta in sorted((real / "mozilla+readability" / "test" / "test-pages").glob("*/expected-metadata.json")):
        value = json.loads(meta.read_text(encoding="utf-8")).get("publishedTime")
        if value:
            truth.append(("readability", meta.parent / "source.html", date.fromisoformat(value[:10])))
    return truth


def date_agreement(truth: list[tuple[str, Path, date]]) -> dict[str, Counter]:
    results: dict[str, Counter] = {}
    for suite, page, expected in truth:
        counts = results.setdefault(suite, Counter())
        counts["pages"] += 1
        try:
            article = parse_html_article(page, read_page(page))
        except Exception as error:  # noqa: BLE001 - a crash is what we count
            counts["crash"] += 1
            print(f"  crash {page}: {type(error).__name__}: {error}", file=sys.stderr)
            continue
        found = article.published
        if found is None:
            counts["none"] += 1
        elif found.date() == expected:
            counts["agree"] += 1
        elif abs((found.date() - expected).days) <= 1:
            counts["off by a day (zone)"] += 1
        else:
            counts["differ"] += 1
    return results


def audit_corpora(real: Path, listing: bool) -> tuple[Counter, Counter, list[str]]:
    pages, counts, crashes, listed = Counter(), Counter(), [], []
    with tempfile.TemporaryDirectory() as scratch:
        for corpus, pattern in CORPORA.items():
            folder = Path(scratch) / corpus
            folder.mkdir()
            for number, page in enumerate(sorted(real.glob(pattern))):
                name = page.name.removesuffix(".gz")
                (folder / f"{number:04d}-{name}").write_text(read_page(page), encoding="utf-8")
                pages[corpus] += 1
            try:
                report = auditor.audit([folder], CONFIG)
            except Exception as error:  # noqa: BLE001 - the goal is that none escapes
                crashes.append(f"{corpus}: {type(error).__name__}: {error}")
                continue
            for finding in report.findings:
                if finding.rule in RULES:
                    counts[(corpus, finding.rule)] += 1
                    if listing and finding.rule in ("ATT301", "DAT401", "DAT402"):
                        listed.append(f"{finding.rule} {corpus}/{Path(finding.path).name}: {finding.message}")
    return pages, counts, crashes + listed


def syndication_counts(real: Path) -> list[str]:
    """How many pages read as agency copy, and what showed it."""
    from auditor.engine import load_ruleset
    from auditor.engine.syndication import syndication_of

    vocabularies = load_ruleset(CONFIG).vocabularies
    pages = syndicated = attributed = 0
    kinds: Counter = Counter()
    for pattern in CORPORA.values():
        for page in sorted(real.glob(pattern)):
            pages += 1
            found = syndication_of(parse_html_article(page, read_page(page)), vocabularies)
            if found.syndicated:
                syndicated += 1
                attributed += found.attribution is not None
                kinds.update({e.split(":", 1)[0] for e in found.evidence})
    return [f"{syndicated}/{pages} pages read as agency copy, {attributed} of them visibly attributed; "
            f"evidence seen (pages): {dict(kinds.most_common())}"]


def real_figure_texts(real: Path) -> tuple[list[str], list[str]]:
    """Credit-line texts and figcaption texts of the pages' figures."""
    from selectolax.lexbor import LexborHTMLParser

    credits, captions = [], []
    for pattern in CORPORA.values():
        for page in sorted(real.glob(pattern)):
            tree = LexborHTMLParser(read_page(page))
            for node in tree.css("figure [class*=credit i], figcaption [class*=credit i], [class*=caption] [class*=credit i]")[:20]:
                text = " ".join((node.text(separator=" ") or "").split())
                if 1 < len(text) <= 100:
                    credits.append(text)
            for node in tree.css("figcaption")[:20]:
                text = " ".join((node.text(separator=" ") or "").split())
                if 2 < len(text) <= 400:
                    captions.append(text)
    return list(dict.fromkeys(credits)), list(dict.fromkeys(captions))


def credit_rates(real: Path) -> list[str]:
    from auditor.engine import load_ruleset
    from auditor.engine.credit_parser import parser_for

    parser = parser_for(load_ruleset(CONFIG).vocabularies)
    lines: list[str] = []
    listed = [line.split("\t") for line in (ROOT / "bench" / "real_credits.tsv").read_text(encoding="utf-8").splitlines()
              if line and not line.startswith("#")]
    parsed = [parser.parse(text) for _, text in listed]
    named = [c for c in parsed if c is not None and (c.creator or c.agency)]
    kinds = Counter(c.kind for c in parsed if c is not None)
    lines.append(f"bench/real_credits.tsv: {len(named)}/{len(listed)} credit strings parsed to a creator or agency "
                 f"({100 * len(named) / max(1, len(listed)):.0f}%); kinds {dict(kinds.most_common())}")
    credits, captions = real_figure_texts(real)
    parsed = [parser.parse(text) for text in credits]
    named = sum(1 for c in parsed if c is not None and (c.creator or c.agency))
    lines.append(f"credit elements inside figures: {named}/{len(credits)} parsed ({100 * named / max(1, len(credits)):.0f}%)")
    split = [parser.split_caption(text) for text in captions]
    with_credit = sum(1 for s in split if s is not None)
    lines.append(f"figcaptions: a credit split from {with_credit}/{len(captions)} ({100 * with_credit / max(1, len(captions)):.0f}%)")
    return lines


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--real", type=Path, default=Path("/work/real"))
    options.add_argument("--list", action="store_true", help="print every ATT301/DAT401/DAT402 finding")
    args = options.parse_args()
    if not args.real.is_dir():
        print(f"skipped: {args.real} is absent (public test suites, see the docstring)")
        return 0
    started = time.perf_counter()
    truth = ground_truth(args.real)
    print(f"published-date agreement with ground truth ({len(truth)} pages):")
    total = Counter()
    for suite, counts in date_agreement(truth).items():
        total.update(counts)
        print(f"  {suite:32} {counts['agree']:4}/{counts['pages']:<4} agree ({100 * counts['agree'] / counts['pages']:.0f}%)"
              f"  off by a day {counts['off by a day (zone)']:3}  differ {counts['differ']:3}  none {counts['none']:3}"
              f"  crash {counts['crash']}")
    print(f"  {'all':32} {total['agree']:4}/{total['pages']:<4} agree ({100 * total['agree'] / max(1, total['pages']):.0f}%)")
    pages, counts, notes = audit_corpora(args.real, args.list)
    print(f"findings over {sum(pages.values())} pages ({dict(pages)}):")
    for rule in RULES:
        per = {corpus: counts[(corpus, rule)] for corpus in pages if counts[(corpus, rule)]}
        print(f"  {rule}: {sum(per.values())} {per}")
    for note in notes:
        print(f"  {note}")
    print("agency copy:")
    try:
        for line in syndication_counts(args.real):
            print(f"  {line}")
    except ImportError as error:  # a version of auditor before the evidence module
        print(f"  skipped: {error}")
    print("credit parse rate:")
    try:
        for line in credit_rates(args.real):
            print(f"  {line}")
    except ImportError as error:  # a version of auditor before the credit parser
        print(f"  skipped: {error}")
    print(f"elapsed {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
