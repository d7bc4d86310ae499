"""Opening the files auditor reads (articles, sidecars, configs, packs, baselines,
trust anchors) the one safe way: non-blocking, and only when they are regular files.

A FIFO, a device or a `/proc/self/fd/N` link named like an article would block a
plain `open()` (waiting for a writer) or stream forever (`/dev/zero`); here it is
refused before a byte is read."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

# Refusals (not regular files, outside the roots, over an archive budget) become
# finding INP006; this prefix is how a problem string says it is one.
REFUSED = "refused: "

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


class NotRegularFile(OSError):
    """The path is a FIFO, a device, a socket or a folder: refused, never read."""


def refusal(reason: str) -> str:
    """A problem text that makes finding INP006 rather than INP003."""
    return REFUSED + reason


def is_refusal(problem: str | None) -> bool:
    return bool(problem) and problem.startswith(REFUSED)


def kind_of_mode(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def open_regular(path: str | os.PathLike) -> BinaryIO:
    """The file opened for binary reading, or NotRegularFile / OSError.

    O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer;
    the descriptor is then checked with fstat, so a link swapped between a stat and
    the open cannot slip a device in."""
    descriptor = os.open(path, _FLAGS)
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):  # an ordinary mistake, reported as open() would
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(status.st_mode):
            raise NotRegularFile(errno.EINVAL, f"not a regular file: {kind_of_mode(status.st_mode)}", str(path))
        # Back to blocking mode: regular files ignore the flag, but say what we mean.
        os.set_blocking(descriptor, True)
        return open(descriptor, "rb")  # what os.fdopen does, without its import of io per call
    except BaseException:
        os.close(descriptor)
        raise


def read_regular(path: str | os.PathLike, limit: int | None = None) -> bytes:
    """Up to `limit` bytes (all, without one) of a regular file; see `open_regular`."""
    with open_regular(path) as handle:
        return handle.read() if limit is None else handle.read(limit)


def read_regular_text(path: str | os.PathLike, encoding: str = "utf-8", limit: int | None = None) -> str:
    """`Path.read_text` for a file that must be regular: configs, packs, baselines."""
    return read_regular(Path(path), limit).decode(encoding)


def why_refused(error: OSError) -> str:
    """The reason of a NotRegularFile, as a finding says it."""
    return error.strerror or str(error)
