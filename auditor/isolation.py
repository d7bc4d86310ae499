"""One document's failure stays that document's: each step of its audit runs in a
`try` whose `except Exception` raises `step_failed(name, error)`, a `StepFailed`
naming the step (the pipeline reports it as INP004 and the run goes on), and the
whole audit runs under `time_budget`, which interrupts a pathological input (INP005).

The budget is a POSIX interval timer (SIGALRM), so it works where signals do: in
the main thread of a process, which is where the serial run and every
`--jobs` worker audit. Dask worker threads and Windows run without it. The
timer interrupts Python code; a single long call into C (one regex match, one
HTML parse) ends before the interruption is seen."""

from __future__ import annotations

import signal

import _signal


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


def step_failed(name: str, error: Exception) -> Exception:
    """What to raise for `error` in the step `name`: `StepFailed` naming the step
    (caused by `error`), or `error` itself when a step within already named it.
    For `try: ... except Exception as error: raise step_failed(name, error)`: a
    `try` costs nothing until something raises, where a `with` block's two method
    calls cost ~2,400 instructions per step, eight steps per document."""
    if isinstance(error, StepFailed):
        return error
    failed = StepFailed(name, error)
    failed.__cause__ = error  # as `raise ... from error` (which also hides the context)
    return failed


_HAS_TIMER = hasattr(signal, "setitimer")
# signal.signal's public wrapper turns the handler it returns into an enum member
# when it can, which for a function handler means raising and catching a
# ValueError: twice per document, a measurable share of the per-document
# bookkeeping. The C function underneath takes and returns the same handlers.
_set_handler = getattr(_signal, "signal", signal.signal)


def _expire(signum, frame):
    raise DocumentTimeout()


class time_budget:
    """`with time_budget(seconds):` raises DocumentTimeout in the block once
    `seconds` have passed (0: no budget). Leaves any timer someone else armed
    alone (and then runs without a budget). A class rather than a generator-based
    context manager: it wraps every document of a batch."""

    __slots__ = ("seconds", "previous", "armed")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.armed = False

    def __enter__(self) -> None:
        if self.seconds <= 0 or not _HAS_TIMER or signal.getitimer(signal.ITIMER_REAL)[0] > 0:
            return
        try:
            self.previous = _set_handler(signal.SIGALRM, _expire)
        except ValueError:  # not the main thread (of the main interpreter): no budget there
            return
        self.armed = True
        signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, kind, error, trace) -> bool:
        if self.armed:
            self.armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            _set_handler(signal.SIGALRM, self.previous)
        return False
