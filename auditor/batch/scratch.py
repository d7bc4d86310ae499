"""The one private folder a run writes temporary files to (decompressed tars, the
spill of lone images, spooled zip members, copies for C2PA validation), removed on
normal exit, on an exception, and on SIGTERM or SIGINT: a CI job killed at its
time limit leaves nothing behind in the temp folder.

Worker processes are handed the folder (`adopt`) and never remove it; only the
process that made it does."""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import tempfile
import threading

_folder: str | None = None
_owned = False
_lock = threading.Lock()


def scratch_folder() -> str:
    """The run's private folder (mode 0700), made on first use."""
    global _folder, _owned
    with _lock:
        if _folder is None or not os.path.isdir(_folder):
            _folder = tempfile.mkdtemp(prefix="auditor-")
            if not _owned:
                _owned = True
                atexit.register(remove_scratch)
                _remove_on_signals()
        return _folder


def adopt(folder: str | None) -> None:
    """In a worker process: use the folder its parent made (the parent removes it)."""
    global _folder
    if folder and os.path.isdir(folder) and not _owned:
        _folder = folder


def leave_scratch_to_parent() -> None:
    """In a worker forked from the process that made the folder: the parent removes
    it, so the worker drops the ownership and the signal handlers it inherited."""
    global _owned
    _owned = False
    if threading.current_thread() is threading.main_thread():
        if signal.getsignal(signal.SIGTERM) is _on_signal:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
        if signal.getsignal(signal.SIGINT) is _on_signal:
            signal.signal(signal.SIGINT, signal.default_int_handler)


def remove_scratch() -> None:
    global _folder
    folder, owned = _folder, _owned
    if folder is not None and owned:
        _folder = None
        shutil.rmtree(folder, ignore_errors=True)


def _remove_on_signals() -> None:
    # Only the main thread may set handlers, and a handler the embedding program set
    # is its own business: SIGTERM is taken only while it would kill us outright.
    # SIGINT's default (KeyboardInterrupt) already unwinds through `finally`.
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _on_signal)
    if signal.getsignal(signal.SIGINT) == signal.SIG_DFL:
        signal.signal(signal.SIGINT, _on_signal)


def _on_signal(number: int, frame) -> None:
    remove_scratch()
    # Then die of the signal as before, so a CI runner sees the usual status.
    signal.signal(number, signal.SIG_DFL)
    os.kill(os.getpid(), number)
