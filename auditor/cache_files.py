"""Where auditor keeps what it caches between runs (the compiled rule set, compiled
regexes), who may have written it, and how a compiled regex is stored: light on
imports, since the command line reads it before anything else loads."""

from __future__ import annotations

import os
import re
import stat
from array import array
from pathlib import Path

NO_CACHE_ENV = "AUDITOR_NO_CACHE"
CACHE_DIR_ENV = "AUDITOR_CACHE_DIR"


def cache_disabled() -> bool:
    return os.environ.get(NO_CACHE_ENV, "").strip().lower() not in ("", "0", "false", "no")


def cache_folder() -> Path:
    override = os.environ.get(CACHE_DIR_ENV)
    if override:
        return Path(override)
    import platformdirs

    return platformdirs.user_cache_path("auditor") / "rulesets"


def trusted_folder(folder: Path) -> bool:
    """A pickle runs code when loaded: only a folder of this user's that nobody else
    may write to is read (as pip and ssh treat their folders)."""
    if not hasattr(os, "getuid"):
        return True
    info = folder.stat()
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def trusted_file(info: os.stat_result) -> bool:
    if not hasattr(os, "getuid"):
        return True
    return stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def compiled_pattern(pattern: re.Pattern):
    """A compiled regex as the code `re` compiled it to (pickle's reduce value):
    loading it back skips `re`'s parser and compiler."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern.pattern, pattern.flags)
    # As bytes, not a list: a list of ints unpickles one int at a time.
    code = array("I", _compiler._code(parsed, pattern.flags)).tobytes()
    index_group = [None] * parsed.state.groups
    for name, index in parsed.state.groupdict.items():
        index_group[index] = name
    return revive_pattern, (pattern.pattern, pattern.flags | parsed.state.flags, code, parsed.state.groups - 1,
                             dict(parsed.state.groupdict), tuple(index_group))


def revive_pattern(source, flags, code, groups, group_index, index_group) -> re.Pattern:
    import _sre

    # What re._compiler.compile hands to _sre after parsing: the same Pattern object.
    return _sre.compile(source, flags, array("I", code).tolist(), groups, group_index, index_group)


def write_entries(path: Path, table: dict, used: set, fresh: dict, limit: int, dump) -> dict:
    """Writes `table` plus `fresh` to `path` atomically, the least recently used entries
    dropped past `limit` (those of `table` this run did not use go first); `dump(entries,
    stream)` serialises. Returns what was written."""
    import tempfile

    order = [key for key in table if key not in used] + [key for key in table if key in used] + list(fresh)
    entries = {key: table.get(key) or fresh[key] for key in order[-limit:]}
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as stream:
            dump(entries, stream)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
    return entries
