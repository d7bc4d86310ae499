"""Starting worker processes for a run: forked from it when that is safe (fast, and
the workers inherit what it has loaded), else from a clean forkserver process."""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING, Callable

from .scratch import leave_scratch_to_parent

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


def new_process_pool(jobs: int, start: Callable[..., None], initargs: tuple, *, preload: list[str],
                     forked_start: Callable[..., None] | None = None) -> "ProcessPoolExecutor":
    """A pool of `jobs` workers that each run `start(*initargs)` first.

    With `forked_start`, workers are forked from this process when nothing runs
    beside its thread, so the fork copies a consistent process: they start in
    milliseconds with the modules (and whatever `forked_start` relies on) already
    loaded, where a fresh worker spends a third of a second importing and
    compiling. Otherwise (a progress bar's thread is running, or no fork here)
    they come from a forkserver that has imported `preload`.
    """
    import multiprocessing  # loaded by the runs that start workers, only
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    # Linux only: macOS offers fork but its system libraries are not safe across one.
    if forked_start is not None and sys.platform.startswith("linux") and "fork" in methods \
            and threading.active_count() == 1:
        for stream in (sys.stdout, sys.stderr):  # nothing buffered here is written twice
            stream.flush()
        return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_forked, initargs=(forked_start, initargs))
    # forkserver: workers start from a clean, preloaded process, never from a fork
    # of this one with its threads mid-flight.
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(preload)
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=start, initargs=initargs)


def _forked(start: Callable[..., None], initargs: tuple) -> None:
    tasks = sys.modules.get(f"{__package__}.tasks")  # not loaded: no archive was opened
    if tasks is not None:
        tasks.forget_parent_files()  # archive readers share the parent's file offsets
    leave_scratch_to_parent()
    start(*initargs)
