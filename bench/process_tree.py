"""Runs one command and measures its whole process tree: the peak RSS of its largest
process (the command or any worker it started, forkserver children included) and
the CPU seconds of all of them together.

Why a launcher: Linux counts in a child's peak RSS (`ru_maxrss`) the memory of the
process it was forked from, up to the `exec`. A benchmark that has just built a
127 MB feed and then starts `auditor` sees 275 MB whatever auditor does (that was
this bench's "memory is not flat" of 30 Nov). Here a small `python -S` launcher
(about 10 MB) forks the command, so the floor is the launcher's size, and it makes
itself the subreaper of the tree, so workers orphaned at shutdown are reaped by it
and counted too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# Runs in the launcher: fork, exec the command, reap every descendant, report.
_LAUNCHER = r"""
import ctypes, json, os, resource, sys
PR_SET_CHILD_SUBREAPER = 36
ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
out, command = sys.argv[1], sys.argv[2:]
child = os.fork()
if child == 0:
    try:
        os.execvp(command[0], command)
    finally:
        os._exit(127)
code = None
while True:
    try:
        pid, status = os.wait()
    except ChildProcessError:
        break
    if pid == child:
        code = os.waitstatus_to_exitcode(status)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(out, "w") as handle:
    json.dump({"code": code, "cpu": usage.ru_utime + usage.ru_stime, "maxrss_kb": usage.ru_maxrss}, handle)
"""


@dataclass(frozen=True)
class TreeRun:
    code: int
    seconds: float  # wall clock
    cpu_seconds: float  # user + system of every process in the tree
    peak_rss_mb: float  # of the largest single process in the tree
    stderr: str


def run_tree(command: list[str], cwd: Path | None = None) -> TreeRun:
    with tempfile.TemporaryDirectory(prefix="process-tree-") as folder:
        report = os.path.join(folder, "usage.json")
        started = time.perf_counter()
        finished = subprocess.run([sys.executable, "-S", "-c", _LAUNCHER, report, *command], cwd=cwd,
                                  stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, check=False)
        seconds = time.perf_counter() - started
        with open(report, encoding="utf-8") as handle:
            usage = json.load(handle)
    code = usage["code"] if usage["code"] is not None else finished.returncode
    return TreeRun(code, seconds, usage["cpu"], usage["maxrss_kb"] / 1024,
                   finished.stderr.decode("utf-8", "replace"))
