"""Compiled regular expressions kept on disk between runs of the command line.

The ~200 patterns that auditor and its libraries compile when their modules load
cost about a fifth of a one-article check's start-up, most of it in `re`'s compiler
building big character sets (script ranges, CJK). At start, `preload` puts the
stored ones into `re`'s own cache, so each module's `re.compile` of the same source
and flags returns at once; at the end, `store` writes what this run compiled for
the next. Kept beside the rule-set cache, under its rules: the same folder,
switches (`AUDITOR_NO_CACHE`, `AUDITOR_CACHE_DIR`) and ownership checks, one file
per Python build and `_sre` code version, written atomically, and a file that
cannot be read or trusted is ignored: the cache never changes what a pattern
matches (it holds the code `re` compiled) and never makes a run fail."""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
import tempfile
from pathlib import Path

_FORMAT = 1
_SUFFIX = ".regexes"  # not ".pickle": the rule-set cache prunes those
_MAX_ENTRIES = 2048  # the newest kept: users' patterns must not grow the file without end
# Fewer new patterns than this leave the file alone: the standard library's tokenize
# builds one from a set, different in every process, and rewriting the whole file
# for it would cost more than compiling it.
_WORTH_WRITING = 8
# What the file held, by `re` cache key: what `store` writes again without recompiling.
_stored: dict[tuple, tuple] = {}


def preload() -> None:
    """Fills `re`'s cache from the stored patterns (nothing when there are none)."""
    from .cache_files import cache_disabled, revive_pattern, trusted_file, trusted_folder

    cache = getattr(re, "_cache", None)
    if cache_disabled() or not isinstance(cache, dict):
        return
    path = _path()
    try:
        if not trusted_folder(path.parent):
            return
        with open(path, "rb") as stream:
            if not trusted_file(os.fstat(stream.fileno())):
                return
            stored = pickle.load(stream)
        for key, arguments in stored:
            _stored[key] = arguments
            if key not in cache:  # finding the file compiled a few already
                cache[key] = revive_pattern(*arguments)
    except Exception:  # absent, unreadable, from another build: compile as usual
        return


def store() -> None:
    """Writes the patterns in `re`'s cache when this run compiled any not stored yet."""
    from .cache_files import cache_disabled, compiled_pattern

    cache = getattr(re, "_cache", None)
    if cache_disabled() or not isinstance(cache, dict):
        return
    new = [key for key in list(cache) if key not in _stored and isinstance(key, tuple) and len(key) == 3
           and isinstance(cache.get(key), re.Pattern)]
    if len(new) < (_WORTH_WRITING if _stored else 1):
        return
    try:
        for key in new:
            _stored[key] = compiled_pattern(cache[key])[1]
        entries = list(_stored.items())[-_MAX_ENTRIES:]
        path = _path()
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=_SUFFIX)
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(entries, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except Exception:  # a read-only home, a full disk, an odd pattern: next run compiles again
        return


def _path() -> Path:
    import _sre

    from .cache_files import cache_folder

    stamp = f"{_FORMAT}\0{sys.version}\0{_sre.MAGIC}\0{getattr(_sre, 'CODESIZE', 0)}".encode()
    return cache_folder() / f"{hashlib.sha256(stamp).hexdigest()[:16]}{_SUFFIX}"
