"""Reads the files that configure a run (configs, rule packs, vocabularies, C2PA
trust anchors): regular files only, opened without blocking, up to a size cap.

A config or pack path can name a FIFO (`open` waits for a writer forever),
`/dev/zero` (endless) or `/proc/self/fd/0`; each of those is refused with an
OSError whose `strerror` reads well in a one-line config error."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

# Far above any real config, pack or certificate bundle (the bundled core pack is
# about 100 KB); a bound on what a mistaken or hostile path can make us read.
MAX_SETTINGS_BYTES = 4 * 1024 * 1024

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def read_settings_bytes(path: Path | str, limit: int = MAX_SETTINGS_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; OSError otherwise."""
    descriptor = os.open(path, _FLAGS)
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise OSError(errno.EISDIR, "is a folder, not a file", str(path))
        if not stat.S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        if status.st_size > limit:
            raise OSError(errno.EFBIG, f"larger than {_size(limit)}", str(path))
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            data = stream.read(limit + 1)  # the file may grow after fstat
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise OSError(errno.EFBIG, f"larger than {_size(limit)}", str(path))
    return data


def read_settings_text(path: Path | str, limit: int = MAX_SETTINGS_BYTES) -> str:
    """As `read_settings_bytes`, decoded as UTF-8 (UnicodeDecodeError otherwise)."""
    return read_settings_bytes(path, limit).decode("utf-8")


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"
