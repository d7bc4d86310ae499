"""Runs one `auditor` command in a child process under a time bound (a timeout)
and a memory bound (RLIMIT_AS), with its own temp folder, and measures what it
cost: seconds, peak RSS, and the most bytes its temp folder held at once.

Shared by tests/test_hostile_input.py (which asserts the bounds hold) and
bench/hostile.py (which reports the figures)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Ran:
    returncode: int | None  # None: killed at the time bound
    stdout: str
    stderr: str
    seconds: float
    peak_rss_mb: float
    peak_temp_bytes: int
    temp_left: list[str]  # what the temp folder still held after the run


def run_bounded(arguments: list[str], temp: Path, *, seconds: float = 120, memory_mb: int = 2048,
                cwd: Path | None = None, python: str = sys.executable) -> Ran:
    temp.mkdir(parents=True, exist_ok=True)
    # The checkout in `cwd` is the auditor that runs (`-m auditor` looks there first).
    environment = {**os.environ, "TMPDIR": str(temp), "PYTHONPATH": str(cwd or ROOT)}

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 1024 * 1024, memory_mb * 1024 * 1024))

    watcher = _TempWatcher(temp)
    started = time.monotonic()
    child = subprocess.Popen([python, "-m", "auditor", *arguments], cwd=cwd or ROOT, env=environment,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                             preexec_fn=limits)
    watcher.start()
    out, err = _Drain(child.stdout), _Drain(child.stderr)
    code, usage = _wait(child, seconds)
    elapsed = time.monotonic() - started
    watcher.stop()
    return Ran(code, out.text(), err.text(), elapsed, usage.ru_maxrss / 1024, watcher.peak,
               sorted(p.name for p in temp.iterdir()))


def _wait(child: subprocess.Popen, seconds: float):
    """The child's exit code (negative: killed by that signal; None: past the time
    bound) and its own resource usage (wait4: this child's peak RSS, no other's)."""
    deadline = time.monotonic() + seconds
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            child.returncode = os.waitstatus_to_exitcode(status)
            return child.returncode, usage
        if time.monotonic() > deadline:
            child.kill()
            _, status, usage = os.wait4(child.pid, 0)
            child.returncode = os.waitstatus_to_exitcode(status)
            return None, usage
        time.sleep(0.01)


class _Drain(threading.Thread):
    def __init__(self, stream) -> None:
        super().__init__(daemon=True)
        self._stream, self._data = stream, b""
        self.start()

    def run(self) -> None:
        self._data = self._stream.read()

    def text(self) -> str:
        self.join(timeout=10)
        return self._data.decode("utf-8", "replace")


class _TempWatcher(threading.Thread):
    """Samples the size of everything under the temp folder, keeping the peak."""

    def __init__(self, folder: Path) -> None:
        super().__init__(daemon=True)
        self.folder, self.peak = folder, 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.02):
            self.peak = max(self.peak, _size(self.folder))

    def stop(self) -> None:
        self._done.set()
        self.join()
        self.peak = max(self.peak, _size(self.folder))


def _size(folder: Path) -> int:
    total = 0
    for base, _, files in os.walk(folder):
        for name in files:
            try:
                total += os.lstat(os.path.join(base, name)).st_blocks * 512
            except OSError:
                pass
    return total
