"""Images benchmark: `auditor check DIR` over a folder of images against exiv2 and
ExifTool on the same files, in the same run.

    .venv/bin/python bench/images.py                    # 5,000 images, 3 rounds
    .venv/bin/python bench/images.py --count 20000 --rounds 5 --keep /tmp/images-set
    .venv/bin/python bench/images.py --before /tmp/main-copy   # also main (git archive main | tar -x -C /tmp/main-copy)

The set is the batch corpus's images (`bench/corpus.py`: JPEG, PNG, WebP, GIF and
TIFF in turn, camera, agency and AI-marked templates, 15 % AI), without the
articles: every image is a lone image. The files are read once first (page cache
warm for every tool). Then, round-robin, each command runs once per round:

- `exiv2 -pa FILE...` (Debian's exiv2, every file on one command line);
- `exiftool -j -fast2 -r DIR` (libimage-exiftool-perl);
- `auditor check DIR --format jsonl -o /dev/null` on 1 core, on all cores and with
  the default --jobs;
- `auditor inspect DIR --jobs N --format json -o /dev/null` (all cores);
- the floor: this process reading the first 64 KiB of each file;
- with `--before CHECKOUT`: that checkout's `auditor check` (1 core, all cores), run
  from its own folder with this interpreter, for a before/after in the same run.

With `--photos DIR` (default /tmp/wm_photos, skipped when absent) the same commands
then run over real camera photos: bench/watermarks.py's set (1,720 files from public
repositories, listed with their sha256 in bench/watermark_photos.sha256).

It prints, per command, the median wall time and files/s, the median CPU time (the
process and the workers it waited for, from wait4), auditor's ratios to exiv2 and
ExifTool, the load average before and after, and the command lines. Nothing in the
test suite asserts a timing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import AI_EVERY, FORMATS, _template  # noqa: E402

FLOOR_BYTES = 64 * 1024
ARGUMENT_BYTES = 1 << 20  # exiv2 gets its files in as few command lines as fit


def build_images(root: Path, count: int) -> list[str]:
    """The batch corpus's images alone (same names, formats and markings), in folders of 500."""
    root.mkdir(parents=True, exist_ok=True)
    templates = {(fmt, ai): _template(root, fmt, ai) for fmt in FORMATS for ai in (False, True)}
    paths = []
    for n in range(count):
        folder = root / f"{n // 500:04d}"
        folder.mkdir(exist_ok=True)
        fmt = FORMATS[n % len(FORMATS)]
        path = folder / f"story-{n:06d}.{fmt}"
        path.write_bytes(templates[(fmt, n % 20 in AI_EVERY)])
        paths.append(str(path))
    return paths


def argument_chunks(tool: list[str], paths: list[str]) -> list[list[str]]:
    chunks, chunk, size = [], [], 0
    for path in paths:
        if chunk and size + len(path) + 1 > ARGUMENT_BYTES:
            chunks.append(tool + chunk)
            chunk, size = [], 0
        chunk.append(path)
        size += len(path) + 1
    return chunks + [tool + chunk] if chunk else chunks


def timed(commands: list[list[str]], accept: tuple[int, ...] = (0,), root: Path = ROOT) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of running the commands one after another, from `root`."""
    wall = cpu = 0.0
    environment = {**os.environ, "PYTHONPATH": str(root)}
    for command in commands:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=root, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        wall += time.perf_counter() - started
        cpu += usage.ru_utime + usage.ru_stime
        code = os.waitstatus_to_exitcode(status)
        if code not in accept:
            raise SystemExit(f"{command[0]} failed ({code}): {process.stderr.read().decode(errors='replace')[:500]}")
        process.stderr.close()
    return wall, cpu


def floor(paths: list[str]) -> tuple[float, float]:
    started, cpu = time.perf_counter(), time.process_time()
    for path in paths:
        with open(path, "rb") as file:
            file.read(FLOOR_BYTES)
    return time.perf_counter() - started, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000, help="images in the set (default 5,000)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, help="build the set here and keep it")
    parser.add_argument("--no-exiftool", action="store_true", help="skip ExifTool (35 s a round at 5,000 images)")
    parser.add_argument("--before", type=Path, default=None, metavar="CHECKOUT",
                        help="also time `auditor check` from this checkout (e.g. the main branch's worktree)")
    parser.add_argument("--photos", type=Path, default=Path("/tmp/wm_photos"),
                        help="also time real camera photos: bench/watermarks.py's set, listed in "
                             "bench/watermark_photos.sha256 (skipped when the folder is absent)")
    options = parser.parse_args()
    if shutil.which("exiv2") is None:
        raise SystemExit("exiv2 is not installed (apt-get install exiv2)")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "auditor")], check=True, stdout=subprocess.DEVNULL)
    work = options.keep or Path(tempfile.mkdtemp(prefix="auditor-images-"))
    shutil.rmtree(work / "set", ignore_errors=True)
    folder = work / "set"
    if options.count:  # --count 0: the real photos only
        paths = build_images(folder, options.count)
        print(f"== the batch corpus's images: {len(paths):,} ({', '.join(FORMATS)} in turn, 15 % AI-marked)")
        compare(folder, paths, options)
    if options.photos.is_dir():
        photos = sorted(str(p) for p in options.photos.rglob("*") if p.is_file())
        print(f"\n== real photos under {options.photos}: {len(photos):,} (bench/watermark_photos.sha256)")
        compare(options.photos, photos, options)
    else:
        print(f"\nreal photos skipped: no folder {options.photos} (bench/README.md says how to fetch them)")
    if options.keep is None:
        shutil.rmtree(work, ignore_errors=True)


def compare(folder: Path, paths: list[str], options: argparse.Namespace) -> None:
    """Times every command over the images in `folder` (`paths`), round-robin, and prints the table."""
    cores = os.cpu_count() or 1
    exiv2, exiftool = shutil.which("exiv2"), shutil.which("exiftool")
    floor(paths)  # page cache warm for everyone

    auditor = [sys.executable, "-m", "auditor"]
    check = auditor + ["check", str(folder), "--format", "jsonl", "-o", os.devnull, "--quiet"]
    commands: dict[str, tuple[list[list[str]], tuple[int, ...], Path]] = {
        # 253: a file without metadata; 1: a file exiv2 finds broken (real photos have some)
        "exiv2 -pa": (argument_chunks([exiv2, "-pa"], paths), (0, 1, 253), ROOT),
        "auditor check -j 1": ([check + ["-j", "1"]], (0, 1), ROOT),
        f"auditor check -j {cores}": ([check + ["-j", str(cores)]], (0, 1), ROOT),
        "auditor check (default --jobs)": ([check], (0, 1), ROOT),
        f"auditor inspect --jobs {cores}": ([auditor + ["inspect", str(folder), "--jobs", str(cores), "--format", "json",
                                                        "-o", os.devnull]], (0, 1), ROOT),
    }
    if options.before is not None:
        before = options.before.resolve()
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(before / "auditor")], check=True, stdout=subprocess.DEVNULL)
        commands["before: auditor check -j 1"] = ([check + ["-j", "1"]], (0, 1), before)
        commands[f"before: auditor check -j {cores}"] = ([check + ["-j", str(cores)]], (0, 1), before)
    if exiftool and not options.no_exiftool:
        suffixes = sorted({Path(p).suffix.lstrip(".").lower() for p in paths} - {""})
        extensions = [a for s in suffixes for a in ("-ext", s)]
        commands["exiftool -j -fast2"] = ([[exiftool, "-j", "-fast2", "-r", "-q", "-q", *extensions, str(folder)]], (0, 1), ROOT)

    load_before = os.getloadavg()
    walls: dict[str, list[float]] = {name: [] for name in [*commands, "floor: read 64 KiB of each file"]}
    cpus: dict[str, list[float]] = {name: [] for name in walls}
    for _ in range(options.rounds):
        for name, (runs, accept, root) in commands.items():
            wall, cpu = timed(runs, accept, root)
            walls[name].append(wall)
            cpus[name].append(cpu)
        wall, cpu = floor(paths)
        walls["floor: read 64 KiB of each file"].append(wall)
        cpus["floor: read 64 KiB of each file"].append(cpu)
    load_after = os.getloadavg()

    n = len(paths)
    median = {name: statistics.median(times) for name, times in walls.items()}
    median_cpu = {name: statistics.median(times) for name, times in cpus.items()}
    print(f"images: {n:,}, {sum(map(os.path.getsize, paths)) / n / 1024:.1f} KiB "
          f"on average; {options.rounds} rounds, round-robin; {cores} cores")
    print(f"load average (1, 5, 15 min): before {_load(load_before)}, after {_load(load_after)}")
    print(f"{'command':36} {'wall s':>8} {'files/s':>9} {'CPU s':>7} {'vs exiv2':>9} {'vs ExifTool':>11}")
    for name in walls:
        files_per_second = n / median[name]
        versus_exiv2 = median["exiv2 -pa"] / median[name]
        versus_exiftool = (f"{median['exiftool -j -fast2'] / median[name]:10.1f}x"
                           if "exiftool -j -fast2" in median else f"{'-':>11}")
        print(f"{name:36} {median[name]:8.2f} {files_per_second:9,.0f} {median_cpu[name]:7.2f} {versus_exiv2:8.2f}x {versus_exiftool}")
    print("commands:")
    for name, (runs, _, root) in commands.items():
        shown = runs[0][:3] + ["FILE..."] if name == "exiv2 -pa" else runs[0]
        where = f"  (in {root})" if root != ROOT else ""
        print(f"  {name}: {' '.join(shown)}" + (f"  ({len(runs)} command lines)" if len(runs) > 1 else "") + where)


def _load(load: tuple[float, float, float]) -> str:
    return ", ".join(f"{value:.1f}" for value in load)


if __name__ == "__main__":
    main()
