"""A folder of images audited by worker processes forked from the run: the same
report as one process, and workers that leave the run's scratch folder and
signals to the process that owns them."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bench.images import build_images

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("lone") / "images"
    build_images(root, 600)  # more than the default --jobs audits before it starts a pool
    return root


def check(folder: Path, *jobs: str) -> str:
    done = subprocess.run([sys.executable, "-m", "auditor", "check", str(folder), "--format", "jsonl", "--quiet", *jobs],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def test_forked_workers_report_what_one_process_reports(folder):
    one = check(folder, "-j", "1")
    assert check(folder, "-j", "2") == one
    assert check(folder) == one
    rules = {json.loads(line)["rule"] for line in one.splitlines()}
    assert len(one.splitlines()) >= 20 and "PRV203" in rules  # the set's AI images without a source type


def test_a_forked_worker_leaves_the_scratch_folder_and_signals_to_its_parent():
    script = textwrap.dedent("""
        import json, signal
        from auditor.batch import scratch
        from auditor.batch.process_pool import new_process_pool

        def state():
            return [scratch._owned, signal.getsignal(signal.SIGTERM) == signal.SIG_DFL,
                    signal.getsignal(signal.SIGINT) is signal.default_int_handler, scratch.scratch_folder()]

        def start(folder):
            scratch.adopt(folder)

        if __name__ == "__main__":
            folder = scratch.scratch_folder()  # owned here, with its SIGTERM handler
            pool = new_process_pool(2, start, (folder,), preload=[], forked_start=start)
            worker = pool.submit(state).result()
            pool.shutdown()
            print(json.dumps({"worker": worker, "parent": state(), "folder": folder}))
    """)
    # SIGINT as a terminal gives it (a shell's background job would pass it on ignored).
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["parent"][:2] == [True, False]  # the parent owns the folder and removes it on SIGTERM
    assert seen["worker"] == [False, True, True, seen["folder"]]  # the worker uses it, and never removes it
