"""Profiles the per-document audit step in one process: builds (or reuses) a corpus
and runs `auditor.pipeline.audit_document` over every discovered document, with no
interpreter start-up, pool or report writing in the figure.

    .venv/bin/python bench/profile_batch.py --articles 2000             # time only
    .venv/bin/python bench/profile_batch.py --articles 2000 --profile   # + cProfile top 40
    .venv/bin/python bench/profile_batch.py --dump findings.jsonl       # findings, to compare runs
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import build_corpus  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--corpus", type=Path, default=None, help="reuse this corpus folder (built when missing)")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--dump", type=Path, default=None, help="write every finding as JSON lines")
    options = parser.parse_args()

    corpus = options.corpus or Path(tempfile.mkdtemp(prefix="auditor-profile-")) / "corpus"
    if not corpus.exists():
        build_corpus(corpus, options.articles)

    from auditor.config import Config
    from auditor.discover import discover
    from auditor.engine import load_ruleset
    from auditor.pipeline import audit_document

    ruleset = load_ruleset(Config())
    documents = [found for found in discover([corpus]) if found.role != "image"]
    results = []

    def run() -> None:
        for found in documents:
            results.append(audit_document(found, ruleset))

    profiler = cProfile.Profile() if options.profile else None
    started, cpu_started = time.perf_counter(), time.process_time()
    if profiler:
        profiler.runcall(run)
    else:
        run()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    # CPU time is the steadier figure on a shared machine: other processes' load
    # stretches the wall clock far more than this process's own CPU seconds.
    print(f"{len(documents):,} documents in {elapsed:.2f} s wall = {len(documents) / elapsed:,.0f}/s; "
          f"{cpu:.2f} s CPU = {len(documents) / cpu:,.0f}/s{' (under cProfile)' if profiler else ''}")
    if profiler:
        pstats.Stats(profiler).sort_stats(options.sort).print_stats(options.top)
    if options.dump:
        with options.dump.open("w") as out:
            for result in results:
                for finding in result.findings:
                    record = finding.model_dump(mode="json")
                    record["path"] = str(Path(record["path"]).relative_to(corpus)) if record.get("path") else None
                    out.write(json.dumps(record, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
