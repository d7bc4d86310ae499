"""Paths that need no cleaning. On POSIX, a path with no "//", no "/." in it, no
leading "." and no trailing "/" is what `os.path.normpath` and `str(Path(path))`
give back unchanged, so the batch's hot paths (one per file) can skip both:
every path discovery builds is of this kind."""

from __future__ import annotations

import os

POSIX = os.sep == "/" and os.altsep is None


def is_clean(path: str) -> bool:
    """True when `path` is surely unchanged by normpath and Path (POSIX only).
    Conservative: "/.hidden" counts as unclean, which only costs the slow way."""
    return POSIX and bool(path) and path[0] != "." and path[-1] != "/" and "//" not in path and "/." not in path
