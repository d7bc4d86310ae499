"""One document's failure stays that document's: each step of its audit runs
under `step(name)`, which turns an unexpected exception into `StepFailed` (the
pipeline reports it as INP004 and the run goes on), and the whole audit runs
under `time_budget`, which interrupts a pathological input (INP005).

The budget is a POSIX interval timer (SIGALRM), so it works where signals do: in
the main thread of a process, which is where the serial run and every
`--jobs` worker audit. Dask worker threads and Windows run without it. The
timer interrupts Python code; a single long call into C (one regex match, one
HTML parse) ends before the interruption is seen."""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator


class DocumentTimeout(BaseException):
    """The document's time budget ran out. A BaseException, like KeyboardInterrupt,
    so that no reader's `except Exception` takes it for a bad file of its own."""


class StepFailed(Exception):
    def __init__(self, step: str, error: BaseException) -> None:
        super().__init__(step, error)
        self.step = step
        self.error = error

    def describe(self) -> str:
        detail = " ".join(str(self.error).split())
        return f"{type(self.error).__name__}: {detail}"[:300] if detail else type(self.error).__name__


class step:
    """`with step("parsing the article"):` turns any Exception of the block into
    StepFailed naming the step. A class rather than a generator-based context
    manager: it wraps every step of every document (batch hot path)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, error, trace) -> bool:
        if error is None or not isinstance(error, Exception) or isinstance(error, StepFailed):
            return False  # no error, a BaseException (timeout, Ctrl-C), or already named
        raise StepFailed(self.name, error) from error


def _can_time() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raises DocumentTimeout in the block once `seconds` have passed (0: no budget).
    Leaves any timer someone else armed alone (and then runs without a budget)."""
    if seconds <= 0 or not _can_time() or signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        yield
        return

    def expire(signum, frame):
        raise DocumentTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
