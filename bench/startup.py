"""Start-up: `auditor check story.html` on one HTML article with one image, beside
`python -c pass` and `yamllint` on a small YAML file, in the same run, round-robin.

    .venv/bin/python bench/startup.py                # 21 rounds, prints the table
    .venv/bin/python bench/startup.py --before main  # and a git ref's auditor, side by side

Each round runs every command once, in a rotating order, as a fresh process; the
table gives the median wall time and the median CPU time (user + system, from
`wait4`), and each command's ratio to `python -c pass` and to yamllint. Rows:
auditor as installed (its rule-set cache warm: the first, untimed round fills it),
auditor with `AUDITOR_NO_CACHE=1` (what the cache saves), and with `--before REF`
that ref's auditor from a `git archive` copy run by the same Python. Then the
modules `-X importtime` finds slowest in one auditor run. yamllint is installed into
this venv when it is missing; when that fails its row is skipped, with a note.
The machine's load (`uptime`) is printed before and after: compare ratios, not
seconds, between runs. Nothing in the test suite asserts a timing."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STORY = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Harbour wall repaired</title>
<meta property="article:published_time" content="2026-05-26T10:00:00+00:00">
</head>
<body>
<article>
<h1>Harbour wall repaired</h1>
<p class="byline">By Ana Ruiz</p>
<figure><img src="harbour.jpg" alt="The repaired harbour wall at low tide">
<figcaption>The repaired wall at low tide. Photo: Ana Ruiz / Reuters</figcaption></figure>
<p>Work on the harbour wall ended on Monday, two weeks ahead of schedule.</p>
<p>The council said the repair would hold for thirty years.</p>
</article>
</body>
</html>
"""
SMALL_YAML = """# a small CI workflow, the kind of file yamllint checks on save
name: test
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: make test
"""


def load() -> str:
    return Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"


def build_story(folder: Path) -> Path:
    from fixtures.images import write_jpeg

    folder.mkdir(parents=True, exist_ok=True)
    write_jpeg(folder / "harbour.jpg", exif={"Make": "Canon", "Model": "EOS R5", "Artist": "Ana Ruiz"},
               iptc={"By-line": "Ana Ruiz", "Credit": "Reuters"})
    (folder / "story.html").write_text(STORY, encoding="utf-8")
    (folder / "workflow.yaml").write_text(SMALL_YAML, encoding="utf-8")
    return folder / "story.html"


def yamllint_command() -> tuple[list[str] | None, str]:
    """yamllint from this venv, installed into it when missing."""
    found = subprocess.run([sys.executable, "-c", "import yamllint"], capture_output=True).returncode == 0
    if not found:
        installed = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "yamllint"], capture_output=True, text=True)
        if installed.returncode != 0:
            return None, f"yamllint row skipped: pip could not install it ({installed.stderr.strip().splitlines()[-1:]})"
    script = Path(sys.executable).parent / "yamllint"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "yamllint"]
    version = subprocess.run(command + ["--version"], capture_output=True, text=True).stdout.strip()
    return command, version


def before_copy(ref: str, scratch: Path) -> Path:
    """`git archive REF` of the repository into `scratch`, byte-compiled like a wheel."""
    archive = scratch / "before.tar"
    subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", "-o", str(archive), ref], check=True)
    target = scratch / "before"
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="tar")
    bundled = target / "auditor" / "bundled_rules"
    if bundled.is_symlink() or not bundled.exists():
        bundled.unlink(missing_ok=True)
        bundled.symlink_to(target / "rules")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(target / "auditor")], check=True, stdout=subprocess.DEVNULL)
    return target


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system of the process and its children) and exit code."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, process.returncode


def importtime_top(command: list[str], cwd: Path, env: dict[str, str], count: int):
    done = subprocess.run([command[0], "-X", "importtime", *command[1:]], cwd=cwd, env=env, capture_output=True, text=True)
    rows = []
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if match:
            rows.append((int(match.group(1)), int(match.group(2)), len(match.group(3)) // 2, match.group(4)))
    top_level = sorted(((cumulative, own, name) for own, cumulative, depth, name in rows if depth == 0), reverse=True)
    return len(rows), top_level[:count], _by_package(rows)


def _by_package(rows: list[tuple[int, int, int, str]]) -> list[tuple[int, str]]:
    """Own import time summed by distribution (auditor by subpackage), largest first."""
    totals: dict[str, int] = {}
    for own, _, _, name in rows:
        parts = name.split(".")
        key = ".".join(parts[:2]) if parts[0] == "auditor" else parts[0]
        totals[key] = totals.get(key, 0) + own
    return sorted(((own, name) for name, own in totals.items()), reverse=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--before", metavar="REF", help="also time this git ref's auditor (a git archive copy)")
    parser.add_argument("--top", type=int, default=15, help="modules of -X importtime to list")
    options = parser.parse_args()

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "auditor")], check=True, stdout=subprocess.DEVNULL)
    scratch = Path(tempfile.mkdtemp(prefix="auditor-startup-"))
    try:
        story = build_story(scratch / "site")
        cache = scratch / "cache"
        env = {**os.environ, "AUDITOR_CACHE_DIR": str(cache)}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        auditor_script = Path(sys.executable).parent / "auditor"
        auditor = [str(auditor_script)] if auditor_script.exists() else [sys.executable, "-m", "auditor"]
        rows: dict[str, tuple[list[str], dict[str, str]]] = {
            "python -c pass": ([sys.executable, "-c", "pass"], env),
        }
        yamllint, note = yamllint_command()
        if yamllint:
            rows[f"yamllint workflow.yaml ({note})"] = (yamllint + ["workflow.yaml"], env)
        else:
            print(note)
        rows["auditor check story.html"] = (auditor + ["check", story.name], env)
        rows["auditor check story.html, AUDITOR_NO_CACHE=1"] = (auditor + ["check", story.name], {**env, "AUDITOR_NO_CACHE": "1"})
        if options.before:
            copy = before_copy(options.before, scratch)
            rows[f"auditor check story.html at {options.before}"] = (
                [sys.executable, "-m", "auditor.cli", "check", story.name], {**env, "PYTHONPATH": str(copy)})

        names = list(rows)
        for name in names:  # warm: page cache, byte code, the rule-set cache
            command, command_env = rows[name]
            code = timed(command, story.parent, command_env)[2]
            print(f"warm-up  {name}: exit {code}")
        walls: dict[str, list[float]] = {name: [] for name in names}
        cpus: dict[str, list[float]] = {name: [] for name in names}
        load_before = load()
        print(f"load before: {load_before} (uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()})")
        for round_ in range(options.rounds):
            order = names[round_ % len(names):] + names[:round_ % len(names)]
            for name in order:
                command, command_env = rows[name]
                wall, cpu, _ = timed(command, story.parent, command_env)
                walls[name].append(wall)
                cpus[name].append(cpu)
        load_after = load()
        print(f"load after:  {load_after}\n")
        median_wall = {name: statistics.median(walls[name]) for name in names}
        median_cpu = {name: statistics.median(cpus[name]) for name in names}
        base = names[0]
        peer = next((name for name in names if name.startswith("yamllint")), None)
        print(f"{options.rounds} rounds, medians; load {load_before} -> {load_after}")
        print("| command | wall s | CPU s | wall / python -c pass | wall / yamllint | CPU / yamllint |")
        print("|---|---:|---:|---:|---:|---:|")
        for name in names:
            vs_peer = f"{median_wall[name] / median_wall[peer]:.2f}" if peer else "-"
            cpu_peer = f"{median_cpu[name] / median_cpu[peer]:.2f}" if peer else "-"
            print(f"| `{name}` | {median_wall[name]:.3f} | {median_cpu[name]:.3f} | "
                  f"{median_wall[name] / median_wall[base]:.1f} | {vs_peer} | {cpu_peer} |")

        count, top, packages = importtime_top([sys.executable, "-m", "auditor", "check", story.name], story.parent, env, options.top)
        print(f"\n-X importtime, `python -m auditor check story.html` (load {load()}): {count} modules; "
              "slowest top-level imports")
        print("| module | cumulative ms | own ms |")
        print("|---|---:|---:|")
        for cumulative, own, name in top:
            print(f"| {name} | {cumulative / 1000:.1f} | {own / 1000:.1f} |")
        print("\nown import time by package (auditor by subpackage)")
        print("| package | own ms |")
        print("|---|---:|")
        for own, name in packages[:options.top]:
            print(f"| {name} | {own / 1000:.1f} |")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
