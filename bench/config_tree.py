"""What hierarchical config costs a batch: one corpus (bench/corpus.py) audited, 1 core,
by a baseline checkout and by this one, round-robin in the same run (the order rotating), and by this one
again with a section config in every other folder (half the files under a config of
their own, which ignores one rule; one rule set compiled per distinct config).

    .venv/bin/python bench/config_tree.py --baseline /work/main --articles 5000 --rounds 5

Each audit is a real `auditor check --format jsonl -j 1` subprocess in a repository
(the corpus has a .git folder); its CPU time (user + system, from wait4) is the figure,
medians over rounds are compared as ratios, and the load average is printed beside them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import build_corpus  # noqa: E402


def cpu_seconds(code: Path, corpus: Path) -> float:
    """User + system CPU seconds of one `auditor check` run of the code in `code`."""
    command = [sys.executable, "-m", "auditor", "check", "content", "--format", "jsonl", "-o", os.devnull,
               "--quiet", "-j", "1"]
    environment = {**os.environ, "PYTHONPATH": str(code)}
    process = subprocess.Popen(command, cwd=corpus, stderr=subprocess.PIPE, env=environment)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"auditor failed: {process.stderr.read().decode()}")
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", type=Path, required=True, help="a checkout of the code to compare with (e.g. /work/main)")
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    arguments = parser.parse_args()
    if not (arguments.baseline / "auditor").is_dir():
        raise SystemExit(f"{arguments.baseline} holds no auditor/ package")
    work = Path(tempfile.mkdtemp(prefix="config-tree-bench-"))
    try:
        flat, sections = work / "flat", work / "sections"
        for corpus in (flat, sections):
            (corpus / ".git").mkdir(parents=True)
            (corpus / "auditor.toml").write_text('packs = ["core", "provenance"]\n', encoding="utf-8")
            build_corpus(corpus / "content", arguments.articles)
        folders = sorted(p for p in (sections / "content").iterdir() if p.is_dir())
        for folder in folders[::2]:
            (folder / "auditor.toml").write_text('extend = "../../auditor.toml"\nignore = ["AID102"]\n', encoding="utf-8")
        runs = {"baseline, no section configs": (arguments.baseline, flat), "this, no section configs": (ROOT, flat),
                "this, section configs": (ROOT, sections)}
        times: dict[str, list[float]] = {name: [] for name in runs}
        for name, (code, corpus) in runs.items():  # warm the page cache and the byte-code
            cpu_seconds(code, corpus)
        names = list(runs)
        for round_number in range(arguments.rounds):
            # Each round starts with another run: the last of a round is measurably slower.
            for name in names[round_number % len(names):] + names[:round_number % len(names)]:
                code, corpus = runs[name]
                times[name].append(cpu_seconds(code, corpus))
        print(f"{arguments.articles} articles + images, {len(folders) // 2 + len(folders) % 2} of {len(folders)} folders "
              f"with a section config; {arguments.rounds} rounds; load {os.getloadavg()[0]:.2f}")
        base = statistics.median(times["baseline, no section configs"])
        for name, values in times.items():
            median = statistics.median(values)
            print(f"  {name:<30} {median:6.2f} s CPU  {arguments.articles / median:7.0f} articles/s per core  "
                  f"x{median / base:.3f} of baseline")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
