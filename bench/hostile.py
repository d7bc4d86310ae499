"""What each case of the hostile corpus costs: seconds, peak RSS, the most bytes
the temp folder held, and what was left there. Optionally against another
checkout of auditor (e.g. the commit before the fixes), each run under the same
time and memory bound.

    python bench/hostile.py                            # this checkout
    python bench/hostile.py --root /tmp/auditor-before # another checkout's code
    python bench/hostile.py --seconds 300 tar-bz2-bomb # one case, a longer bound
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from bench.bounded_run import ROOT, run_bounded  # noqa: E402
from fixtures import hostile  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", default=list(hostile.CASES))
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout whose auditor runs")
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--memory-mb", type=int, default=4096)
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hostile-bench-"))
    try:
        print(f"{'case':30} {'exit':>5} {'seconds':>8} {'RSS MB':>7} {'temp peak':>12} left  first finding or error")
        for name in options.cases:
            case = hostile.build(name, work / "corpus")
            ran = run_bounded([case.command, str(case.target), "--format", "json", *case.extra], work / "tmp" / name,
                              seconds=options.seconds, memory_mb=options.memory_mb, cwd=options.root)
            exit_code = "hang" if ran.returncode is None else str(ran.returncode)
            print(f"{name:30} {exit_code:>5} {ran.seconds:8.2f} {ran.peak_rss_mb:7.0f} {ran.peak_temp_bytes:12,d} "
                  f"{len(ran.temp_left):4}  {_first(ran)}")
            shutil.rmtree(work / "tmp" / name, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _first(ran) -> str:
    try:
        report = json.loads(ran.stdout)
    except ValueError:
        return (ran.stderr.strip().splitlines() or ["(no output)"])[0][:90]
    findings = report.get("findings") if isinstance(report, dict) else None
    if findings:
        return f"{findings[0]['rule']}: {findings[0]['message'][:80]}"
    return f"signals: {[s['source'] for s in report.get('signals', [])]}"[:90] if "signals" in report else "no finding"


if __name__ == "__main__":
    main()
