"""What counting publication facts costs a batch run, and proof that findings do not
change: the same `auditor check --format jsonl` run by several source trees (e.g.
main, this branch, this branch with the pipeline stating `DocumentResult.facts`),
round-robin over one synthetic archive (bench/corpus.py), plus a cached re-run with a
ledger. Prints CPU seconds per run (the child's rusage: the machine is shared, CPU
time moves less than wall time), articles per CPU second, medians, ratios to the
first tree, the load beside every round, and whether every tree's findings are
byte-identical (the sha256 of the JSONL output).

    .venv/bin/python bench/publication_cost.py --tree main=/path/to/main --tree branch=. \\
        [--articles 4000] [--rounds 5] [--real DIR ...]

`--real DIR` also compares each tree's JSON findings over a folder of real pages
(e.g. /work/real/postlight+parser/fixtures), skipped with a note when absent.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import build_corpus  # noqa: E402


def run(tree: Path, args: list[str], output: Path) -> float:
    """CPU seconds (user + system) of one `auditor check` run from `tree`'s sources."""
    command = [sys.executable, "-m", "auditor", "check", *args, "-o", str(output), "--quiet", "-j", "1"]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    process = subprocess.Popen(command, cwd=tree, env=env, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{tree}: auditor failed: {stderr[-2000:]}")
    return usage.ru_utime + usage.ru_stime


def load() -> str:
    return "load " + " ".join(f"{n:.2f}" for n in os.getloadavg())


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def json_findings(path: Path) -> str:
    return hashlib.sha256(json.dumps(json.loads(path.read_text())["findings"]).encode()).hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tree", action="append", required=True, metavar="NAME=PATH")
    parser.add_argument("--articles", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--real", action="append", default=[], metavar="DIR")
    options = parser.parse_args()
    trees = {name: Path(path).resolve() for name, path in (t.split("=", 1) for t in options.tree)}
    with tempfile.TemporaryDirectory(prefix="publication-cost-") as scratch:
        work = Path(scratch)
        corpus = work / "corpus"
        built = build_corpus(corpus, options.articles)
        print(f"corpus: {built}")
        cpu: dict[str, list[float]] = {name: [] for name in trees}
        cached: dict[str, list[float]] = {name: [] for name in trees}
        outputs: dict[str, set[str]] = {name: set() for name in trees}
        for name, tree in trees.items():  # a first, uncounted run each: warms the page cache and the ledger
            ledger = work / f"{name}.sqlite"
            run(tree, [str(corpus), "-f", "jsonl", "--ledger", str(ledger)], work / f"{name}.jsonl")
        for round_ in range(options.rounds):
            print(f"round {round_ + 1} ({load()})")
            for name, tree in trees.items():
                out = work / f"{name}-{round_}.jsonl"
                cpu[name].append(run(tree, [str(corpus), "-f", "jsonl"], out))
                outputs[name].add(digest(out))
                cached[name].append(run(tree, [str(corpus), "-f", "jsonl", "--ledger", str(work / f"{name}.sqlite")],
                                        work / f"{name}-cached.jsonl"))
                outputs[name].add(digest(work / f"{name}-cached.jsonl"))
                print(f"  {name:<12} audit {cpu[name][-1]:6.2f} CPU s   cached {cached[name][-1]:5.2f} CPU s")
        first = next(iter(trees))
        print(f"\nmedians over {options.rounds} rounds, {options.articles} articles, 1 job ({load()}):")
        for name in trees:
            audit, again = statistics.median(cpu[name]), statistics.median(cached[name])
            print(f"  {name:<12} {options.articles / audit:7.0f} articles/CPU s  (x{statistics.median(cpu[first]) / audit:.3f})"
                  f"   cached re-run {again:5.2f} CPU s (x{statistics.median(cached[first]) / again:.3f})")
        same = len(set().union(*outputs.values())) == 1
        print(f"findings (JSONL, fresh and cached, every tree): {'byte-identical' if same else 'DIFFER'} {sorted(set().union(*outputs.values()))}")
        for folder in options.real:
            if not Path(folder).is_dir():
                print(f"real pages: {folder} is absent, skipped")
                continue
            hashes = {}
            for name, tree in trees.items():
                out = work / f"{name}-real.json"
                run(tree, [str(Path(folder).resolve()), "-f", "json"], out)
                hashes[name] = json_findings(out)
            print(f"real pages {folder}: findings {'byte-identical' if len(set(hashes.values())) == 1 else 'DIFFER'} {hashes}")


if __name__ == "__main__":
    main()
