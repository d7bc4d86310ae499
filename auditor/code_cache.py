"""Code that the standard library writes and compiles while auditor's modules load,
kept on disk between runs of the command line.

Every dataclass gets its `__init__`, `__repr__`, `__eq__` (and, frozen, its
`__setattr__`…) as source text that `dataclasses` compiles with `exec`; every
NamedTuple its `__new__` through `eval`; every string annotation pydantic reads a
`typing.ForwardRef`, compiled. None of it lands in a .pyc: a one-article check
compiled ~700 such snippets at every start, an eighth of its instructions. At
start, `preload` reads the stored code objects and gives those three modules an
`exec`, `eval` and `compile` that look a snippet's exact text up before compiling
it; at the end, `store` adds what this run compiled. A stored code object is what
`compile` makes of that text on this Python (the file is per Python build and
bytecode version), so a class comes out exactly as before. Kept beside the regex
cache, under its rules: the same folder, switches (`AUDITOR_NO_CACHE`,
`AUDITOR_CACHE_DIR`) and ownership checks, written atomically; a file that cannot
be read or trusted is ignored, and the cache never makes a run fail."""

from __future__ import annotations

import builtins
import os
import sys
from pathlib import Path

_FORMAT = 1
_SUFFIX = ".code"  # not ".pickle": the rule-set cache prunes those
_MAX_ENTRIES = 2048  # the most recently used kept: a one-article check uses ~700, the file is read whole
_WORTH_WRITING = 8  # fewer new snippets than this leave the file alone
_FILENAME = "<string>"  # what exec, eval and compile name a string's code by

_table: dict[tuple[str, str], object] = {}  # (mode, source) -> code object, from the file
_used: set[tuple[str, str]] = set()  # keys of the table this run asked for
_new: dict[tuple[str, str], object] = {}  # compiled by this run
_installed = False


def _code(source: str, mode: str):
    key = (mode, source)
    code = _table.get(key)
    if code is not None:
        _used.add(key)
        return code
    code = _new.get(key)
    if code is None:
        # dont_inherit: compiled as the standard library module would compile it
        # (none of the three uses a __future__ import), not with this module's flags.
        code = _new[key] = builtins.compile(source, _FILENAME, mode, dont_inherit=True)
    return code


def _exec(source, globals=None, locals=None, /, **options):
    """`dataclasses`' exec: always called with a string and its own namespaces."""
    if type(source) is str and type(globals) is dict and not options:
        return builtins.exec(_code(source, "exec"), globals, locals)
    return builtins.exec(source, globals if globals is not None else sys._getframe(1).f_globals,
                         locals if locals is not None or globals is not None else sys._getframe(1).f_locals, **options)


def _eval(source, globals=None, locals=None, /):
    """`collections`' eval (namedtuple's `__new__`)."""
    if type(source) is str and type(globals) is dict:
        return builtins.eval(_code(source, "eval"), globals, locals)
    return builtins.eval(source, globals if globals is not None else sys._getframe(1).f_globals,
                         locals if locals is not None or globals is not None else sys._getframe(1).f_locals)


def _compile(source, filename, mode, *args, **options):
    """`typing`'s compile (ForwardRef): `compile(text, '<string>', 'eval')`."""
    if type(source) is str and filename == _FILENAME and mode == "eval" and not args and not options:
        try:
            return _code(source, "eval")
        except SyntaxError:
            pass  # raised again below, from compile itself, as typing expects
    return builtins.compile(source, filename, mode, *args, **options)


# Module -> the builtin it gets in its namespace. Only modules that compile no code
# of their own with __future__ flags (a module with `from __future__ import
# annotations` has the name `annotations`): their snippets inherit no flags.
_HOOKS = (("dataclasses", "exec", _exec), ("collections", "eval", _eval), ("typing", "compile", _compile))


def preload() -> None:
    """Reads the stored code and gives dataclasses, collections and typing the lookup."""
    global _installed
    from .cache_files import cache_disabled, trusted_file, trusted_folder

    if cache_disabled() or _installed:
        return
    import marshal

    path = _path()
    try:
        if trusted_folder(path.parent):
            with open(path, "rb") as stream:
                if trusted_file(os.fstat(stream.fileno())):
                    stored = marshal.loads(stream.read())  # from a file, marshal reads piece by piece: 10x slower
                    if type(stored) is dict:
                        _table.update(stored)
    except Exception:  # absent, unreadable, from another build: compile as usual
        pass
    import collections
    import dataclasses
    import typing

    modules = {"dataclasses": dataclasses, "collections": collections, "typing": typing}
    for name, builtin, hook in _HOOKS:
        namespace = vars(modules[name])
        if builtin in namespace or "annotations" in namespace:
            continue  # the module has its own (or compiles with future flags): leave it
        namespace[builtin] = hook
    _installed = True


def store() -> None:
    """Writes the stored code plus what this run compiled, when it compiled enough."""
    from .cache_files import cache_disabled

    if cache_disabled() or not _installed or len(_new) < (_WORTH_WRITING if _table else 1):
        return
    try:
        import marshal

        from .cache_files import write_entries

        write_entries(_path(), _table, _used, _new, _MAX_ENTRIES, marshal.dump)
        _table.update(_new)
        _new.clear()
    except Exception:  # a read-only home, a full disk: the next run compiles again
        return


def _path() -> Path:
    import hashlib
    from importlib.util import MAGIC_NUMBER

    from .cache_files import cache_folder

    stamp = f"{_FORMAT}\0{sys.version}\0".encode() + MAGIC_NUMBER
    return cache_folder() / f"{hashlib.sha256(stamp).hexdigest()[:16]}{_SUFFIX}"
