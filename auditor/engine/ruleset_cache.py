"""The rule set's slow-to-build materials (validated packs, vocabularies with their
compiled disclosure grammar, credit parser and agency matcher) kept on disk between
runs, so one article's audit does not rebuild them.

One file per key: auditor's version, the Python that compiled the regexes, every
bundled rule file and `pack_paths` file (bytes and path), and the whole config.
Files are written atomically, may be deleted at any time, and a file that cannot
be read, unpickled or trusted is ignored: the cache never makes a run fail.
`AUDITOR_NO_CACHE=1` (or `auditor check --no-cache`) bypasses it; `AUDITOR_CACHE_DIR`
moves it (tests point it at a temporary folder)."""

from __future__ import annotations

import gc
import hashlib
import io
import os
import pickle
import re
import sys
import tempfile
from functools import _lru_cache_wrapper, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ..cache_files import CACHE_DIR_ENV, NO_CACHE_ENV, cache_disabled, cache_folder  # noqa: F401 (re-exported)
from ..cache_files import compiled_pattern as _compiled_pattern, revive_pattern as _revive_pattern  # noqa: F401
from ..cache_files import trusted_file as _trusted_file, trusted_folder as _trusted

if TYPE_CHECKING:
    from ..config import Config
    from .ruleset import RuleMaterials

# Bump when the pickled layout changes in a way a version number would not show.
CACHE_FORMAT = 1
# Entries kept per folder: a user who switches between a few configs keeps each warm.
KEEP_ENTRIES = 16
# The modules that build the materials, beside those whose classes they hold.
_BUILDERS = ("auditor.engine.ruleset", "auditor.engine.ruleset_cache", "auditor.engine.vocabularies",
             "auditor.engine.disclosure.lexicon", "auditor.engine.disclosure.phrases", "auditor.safe_yaml")


def cached_materials(config: Config, rules_dir: Path, pack_path_files: list[Path],
                     build: Callable[[Config], RuleMaterials]) -> RuleMaterials | None:
    """The materials for `config`, from the cache or built by `build` and stored.
    None when the cache is off or the inputs cannot be read here: the caller then
    builds them itself and reports any problem as it always has."""
    if cache_disabled():
        return None
    key = _key(config, rules_dir, pack_path_files)
    if key is None:
        return None
    folder = cache_folder()
    path = folder / f"{key}.pickle"
    materials = _load(path)
    if materials is not None:
        return materials
    materials = build(config)
    try:
        _prepare(materials)
    except Exception:  # the lazy path builds them on first use, as without a cache
        return materials
    _store(folder, path, materials)
    return materials


def _key(config: Config, rules_dir: Path, pack_path_files: list[Path]) -> str | None:
    from .. import __version__
    from ..settings_files import read_settings_bytes

    digest = hashlib.sha256()
    # _sre's MAGIC changes whenever the compiled regex code does: the pickles carry that code.
    digest.update(f"{CACHE_FORMAT}\0{__version__}\0{sys.version}\0{_sre_magic()}\0{rules_dir}\0".encode())
    try:
        bundled = sorted(rules_dir.glob("*/*.yaml"))
        for path in bundled:
            digest.update(f"{path}\0".encode() + path.read_bytes() + b"\0")
        for path in pack_path_files:
            digest.update(f"{path}\0".encode() + read_settings_bytes(path) + b"\0")
    except (OSError, ValueError):
        return None  # the build reports it, in its own words
    digest.update(config.model_dump_json().encode())
    return digest.hexdigest()[:32]


def _sre_magic() -> int:
    import _sre

    return _sre.MAGIC


# -- reading and writing --------------------------------------------------------------

def _load(path: Path) -> RuleMaterials | None:
    from .ruleset import RuleMaterials

    try:
        if not _trusted(path.parent):
            return None
        with open(path, "rb") as stream:
            if not _trusted_file(os.fstat(stream.fileno())):
                return None
            if pickle.load(stream) != _code_stamps(pickle.load(stream)):
                return None  # auditor's code changed under an unchanged version (a checkout)
            collecting = gc.isenabled()
            gc.disable()  # tens of thousands of new objects, none of them garbage: a third faster
            try:
                materials = pickle.load(stream)
            finally:
                if collecting:
                    gc.enable()
    except Exception:  # missing, truncated, from another layout: a corrupt cache is a miss
        return None
    return materials if isinstance(materials, RuleMaterials) else None


def _store(folder: Path, path: Path, materials: RuleMaterials) -> None:
    try:
        body = io.BytesIO()
        pickler = _Pickler(body, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dump(materials)
        modules = sorted(pickler.modules | set(_BUILDERS))
        payload = pickle.dumps(_code_stamps(modules)) + pickle.dumps(modules) + body.getvalue()
    except Exception:  # something in a user's pack that does not pickle: run uncached
        return
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _trusted(folder):
            return
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(payload)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
        _prune(folder, keep=path)
    except OSError:  # a read-only home, a full disk: the run goes on uncached
        return


def _prune(folder: Path, keep: Path) -> None:
    entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP_ENTRIES:]:
        if old != keep:
            old.unlink(missing_ok=True)


def _code_stamps(modules: list[str]) -> list[tuple[str, int, int]]:
    """Size and modification time of each module's file: an entry is stale once the
    code of a class it holds, or of what built it, changes."""
    stamps = []
    for name in modules:
        module = sys.modules.get(name)
        if module is None:
            __import__(name)
            module = sys.modules[name]
        info = os.stat(module.__file__)
        stamps.append((name, info.st_size, info.st_mtime_ns))
    return stamps


# -- what is stored -------------------------------------------------------------------

def _prepare(materials: RuleMaterials) -> None:
    """Builds now what the first document would otherwise build (compiled phrase
    lists, the credit parser, the agency matcher), so the cache carries it too."""
    from .credit_parser import parser_for
    from .syndication import matcher_for

    vocabularies = materials.vocabularies
    for phrases in vocabularies.values():
        phrases.compile()
    parser_for(vocabularies)
    matcher_for(vocabularies)


class _Pickler(pickle.Pickler):
    """Stores a compiled regex as its compiled code, not its source: loading then
    skips `re`'s parser and compiler, which are most of the materials' build time.
    Objects that rebuild themselves when pickled (for worker processes) are stored
    as they are instead, their `lru_cache`d methods re-wrapped empty on load."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.modules: set[str] = set()  # auditor's modules whose classes are stored

    def reducer_override(self, obj: Any):
        module = type(obj).__module__
        if module.startswith("auditor."):
            self.modules.add(module)
        if type(obj) is re.Pattern:
            return _compiled_pattern(obj)
        if module.startswith("auditor.") and "__reduce__" in type(obj).__dict__ and hasattr(obj, "__dict__"):
            return _as_stored(obj)
        return NotImplemented


class _CachedMethod:
    """Stands for `lru_cache(maxsize)(self.<name>)` in a stored object."""

    def __init__(self, name: str, maxsize: int | None, typed: bool):
        self.name, self.maxsize, self.typed = name, maxsize, typed


def _as_stored(obj: Any):
    state = {}
    for name, value in vars(obj).items():
        if isinstance(value, _lru_cache_wrapper):
            method = getattr(value, "__wrapped__", None)
            if getattr(method, "__self__", None) is not obj:
                return NotImplemented
            parameters = value.cache_parameters()
            value = _CachedMethod(method.__name__, parameters["maxsize"], parameters["typed"])
        state[name] = value
    return _revive_object, (type(obj), state)


def _revive_object(cls: type, state: dict) -> Any:
    obj = cls.__new__(cls)
    for name, value in state.items():
        if isinstance(value, _CachedMethod):
            value = lru_cache(maxsize=value.maxsize, typed=value.typed)(getattr(obj, value.name))
        object.__setattr__(obj, name, value)
    return obj
