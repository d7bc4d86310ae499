"""Reads the files that configure a run (configs, rule packs, vocabularies, C2PA
trust anchors): regular files only (`auditor.regular_files`), up to a size cap, so a
mistaken or hostile path (`/dev/zero`, a FIFO, a huge file) fails with an OSError
whose `strerror` reads well in a one-line config error."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from .regular_files import open_regular

# Far above any real config, pack or certificate bundle (the bundled core pack is
# about 100 KB); a bound on what a mistaken or hostile path can make us read.
MAX_SETTINGS_BYTES = 4 * 1024 * 1024


def read_settings_bytes(path: Path | str, limit: int = MAX_SETTINGS_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; OSError otherwise."""
    with open_regular(path) as handle:
        if os.fstat(handle.fileno()).st_size > limit:
            raise OSError(errno.EFBIG, f"larger than {_size(limit)}", str(path))
        data = handle.read(limit + 1)  # the file may grow after fstat
    if len(data) > limit:
        raise OSError(errno.EFBIG, f"larger than {_size(limit)}", str(path))
    return data


def read_settings_text(path: Path | str, limit: int = MAX_SETTINGS_BYTES) -> str:
    """As `read_settings_bytes`, decoded as UTF-8 (UnicodeDecodeError otherwise)."""
    return read_settings_bytes(path, limit).decode("utf-8")


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"
