"""Instructions per document, stage by stage: a load-independent measure of the
per-document cost (wall time on a shared machine moves by 25 % minute to minute;
instruction counts, with the one hash seed and the warmed caches set here, by well
under 1 %). Runs this script under valgrind's
cachegrind (no cache simulation) twice per stage, auditing N documents and none,
and divides the difference by N, so start-up and rule-set loading drop out.

    .venv/bin/python bench/instructions.py                       # every stage, 300 documents
    .venv/bin/python bench/instructions.py --stages all          # the whole audit only
    .venv/bin/python bench/instructions.py --tree /tmp/old       # another checkout, same venv

Stages (each includes the ones before it; the table prints the differences):
parse-md and parse-html (per Markdown / HTML article), media (its images read),
eval (the rules), all (`audit_document`, which adds suppressions and bookkeeping).
Needs valgrind (Debian package `valgrind`); skips with a message when absent.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("parse-md", "parse-html", "media", "eval", "all")
WARM_UP = 20  # documents audited before counting: lazily compiled patterns, first imports


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=None, help="bench/corpus.py corpus (built when missing)")
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--stages", default=",".join(STAGES))
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout to measure (default: this one)")
    parser.add_argument("--child", nargs=2, metavar=("STAGE", "N"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        _child(options.tree, options.corpus, options.child[0], int(options.child[1]))
        return
    if shutil.which("valgrind") is None:
        print("skipped: valgrind is not installed (apt-get install valgrind)")
        return
    corpus = options.corpus or Path(tempfile.gettempdir()) / "auditor-instructions-corpus"
    if not corpus.exists():
        sys.path.insert(0, str(ROOT))
        from bench.corpus import build_corpus

        build_corpus(corpus, WARM_UP + options.documents + 80)
    counts = {}
    for stage in options.stages.split(","):
        base = _count(options.tree, corpus, stage, 0)
        counts[stage] = (_count(options.tree, corpus, stage, options.documents) - base) / options.documents
        print(f"{stage:>10}: {counts[stage] / 1e6:6.3f} M instructions per document (all documents)", flush=True)
    _print_table(counts)


def _count(tree: Path, corpus: Path, stage: str, documents: int) -> int:
    child = [sys.executable, __file__, "--tree", str(tree), "--corpus", str(corpus), "--child", stage, str(documents)]
    # One hash seed for every run: string hashes move dict and set layouts, which moved
    # one stage by up to 13 % between runs of the same code. And the checkout's own
    # caches (rule set, regexes, generated code), warmed before counting: another
    # checkout measured at the same time would otherwise make one run of a pair rebuild them.
    cache = Path(tempfile.gettempdir()) / f"auditor-instructions-cache-{hashlib.sha256(str(tree.resolve()).encode()).hexdigest()[:12]}"
    env = {**os.environ, "PYTHONHASHSEED": "0", "AUDITOR_CACHE_DIR": str(cache)}
    subprocess.run(child, capture_output=True, env=env, check=True)
    command = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", *child]
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    match = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if match is None:
        raise SystemExit(f"no instruction count in valgrind's output:\n{done.stderr[-2000:]}")
    return int(match.group(1).replace(",", ""))


def _print_table(counts: dict[str, float]) -> None:
    """Per-stage costs: parsing per article of its format (half the corpus each),
    then what each later stage adds per document."""
    rows = []
    if "parse-md" in counts:
        rows.append(("Markdown parse, per .md article", counts["parse-md"] * 2))
    if "parse-html" in counts:
        rows.append(("HTML parse, per .html article", counts["parse-html"] * 2))
    parse = counts.get("parse-md", 0) + counts.get("parse-html", 0)
    if "media" in counts and parse:
        rows.append(("image reading, per document", counts["media"] - parse))
    if "eval" in counts and "media" in counts:
        rows.append(("rule evaluation, per document", counts["eval"] - counts["media"]))
    if "all" in counts and "eval" in counts:
        rows.append(("suppressions and bookkeeping", counts["all"] - counts["eval"]))
    if "all" in counts:
        rows.append(("whole audit_document", counts["all"]))
    print("\n| stage | M instructions |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value / 1e6:.3f} |")


def _child(tree: Path, corpus: Path, stage: str, documents: int) -> None:
    sys.path.insert(0, str(tree))
    from auditor.config import Config
    from auditor.discover import discover
    from auditor.engine import evaluate_article, load_ruleset
    from auditor.media import read_media
    from auditor.pipeline import audit_document

    ruleset = load_ruleset(Config())
    found = [item for item in discover([corpus]) if item.role != "image"]
    for item in found[:WARM_UP]:
        audit_document(item, ruleset)
    from auditor.articles import parse_article_unguarded

    chosen = found[WARM_UP:WARM_UP + documents]
    if stage == "all":
        for item in chosen:
            audit_document(item, ruleset)
        return
    suffixes = {"parse-md": (".md",), "parse-html": (".html",)}.get(stage, (".md", ".html"))
    for item in chosen:
        if item.path.suffix not in suffixes:
            continue
        article = parse_article_unguarded(item.path, None)
        if stage in ("media", "eval"):
            media = {figure.path: read_media(Path(figure.path)) for figure in article.figures if figure.path}
            if stage == "eval":
                evaluate_article(article, media, ruleset)


if __name__ == "__main__":
    main()
