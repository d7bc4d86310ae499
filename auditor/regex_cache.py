"""Compiled regular expressions kept on disk between runs of the command line.

The ~200 patterns that auditor and its libraries compile when their modules load
cost about a fifth of a one-article check's start-up, most of it in `re`'s compiler
building big character sets (script ranges, CJK). At start, `preload` reads the
stored patterns and puts a lookup behind `re`'s own cache: a module's `re.compile`
of a stored source and flags gets the stored code back (revived on first use, so a
run pays only for the patterns it uses); at the end, `store` writes the patterns
this run used or compiled, most recently used last, when it compiled enough new
ones to be worth a write. Kept beside the rule-set cache, under its rules: the
same folder, switches (`AUDITOR_NO_CACHE`, `AUDITOR_CACHE_DIR`) and ownership
checks, one file per Python build and `_sre` code version, written atomically; a
file that cannot be read or trusted is ignored. The cache never changes what a
pattern matches (it holds the code `re` compiled) and never makes a run fail.
On a Python whose `re` cache is laid out differently it does nothing."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

_FORMAT = 2
_SUFFIX = ".regexes"  # not ".pickle": the rule-set cache prunes those
_MAX_ENTRIES = 1024  # the most recently used kept: a run uses ~250
# Fewer new patterns than this leave the file alone: the standard library's tokenize
# builds one from a set, different in every process, and rewriting the whole file
# for it would cost more than compiling it.
_WORTH_WRITING = 8

_table: dict[tuple, tuple] = {}  # what the file holds: `re` cache key -> stored code
_used: set[tuple] = set()  # keys of the table this run asked for


class _StoredBehind(dict):
    """`re`'s cache, with the stored patterns answering what it does not hold."""

    def __missing__(self, key):
        arguments = _table.get(key)
        if arguments is None:
            raise KeyError(key)
        from .cache_files import revive_pattern

        pattern = self[key] = revive_pattern(*arguments)
        _used.add(key)
        return pattern


def preload() -> None:
    """Reads the stored patterns and puts them behind `re`'s cache."""
    from .cache_files import cache_disabled, trusted_file, trusted_folder

    if cache_disabled() or type(getattr(re, "_cache", None)) is not dict:
        return
    path = _path()
    try:
        import pickle

        if not trusted_folder(path.parent):
            return
        with open(path, "rb") as stream:
            if not trusted_file(os.fstat(stream.fileno())):
                return
            stored = pickle.load(stream)
        _table.update(stored)
    except Exception:  # absent, unreadable, from another build: compile as usual
        return
    re._cache = _StoredBehind(re._cache)  # type: ignore[attr-defined]


def store() -> None:
    """Writes the patterns this run used or compiled when it compiled enough new ones."""
    from .cache_files import cache_disabled, compiled_pattern

    cache = getattr(re, "_cache", None)
    if cache_disabled() or not isinstance(cache, dict):
        return
    new = [key for key in list(cache) if key not in _table and isinstance(key, tuple) and len(key) == 3
           and isinstance(cache.get(key), re.Pattern)]
    if len(new) < (_WORTH_WRITING if _table else 1):
        return
    try:
        import pickle

        from .cache_files import write_entries

        fresh = {key: compiled_pattern(cache[key])[1] for key in new}
        write_entries(_path(), _table, _used, fresh, _MAX_ENTRIES,
                      lambda entries, stream: pickle.dump(entries, stream, protocol=pickle.HIGHEST_PROTOCOL))
        _table.update(fresh)
    except Exception:  # a read-only home, a full disk, an odd pattern: next run compiles again
        return


def _path() -> Path:
    import _sre
    import hashlib

    from .cache_files import cache_folder

    stamp = f"{_FORMAT}\0{sys.version}\0{_sre.MAGIC}\0{getattr(_sre, 'CODESIZE', 0)}".encode()
    return cache_folder() / f"{hashlib.sha256(stamp).hexdigest()[:16]}{_SUFFIX}"
