"""Hierarchical config: the nearest `auditor.toml`, `.auditor.toml` or `pyproject.toml`
with `[tool.auditor]` above each audited file applies to that file, as ruff does; never
one above the repository root (the folder holding `.git`, else the audited folder).

Only what decides the rules of a file is taken from its nearest config (PER_FILE_KEYS);
everything the run as a whole depends on (dates, limits, fetching, readers, site roots,
excludes) comes from the run's config. A batch compiles one rule set per distinct
config, shared by every file it applies to, and the ledger keys each document on it."""

from __future__ import annotations

import gc
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .clean_paths import POSIX
from .config import CONFIG_FILES, Config, load_config

if TYPE_CHECKING:
    from .engine import RuleSet

# What a section's own config may change: which rules run on its files and how.
PER_FILE_KEYS = ("packs", "pack_paths", "role", "jurisdictions", "select", "ignore", "severity", "per_path_ignores",
                 "vocabularies", "disclosure", "art50_exceptions", "scheduled_window_minutes")


@dataclass(frozen=True)
class NearConfig:
    """A config, other than the run's, that applies to some of the audited files."""

    file: str  # the config file, as found
    digest: str  # of its rule set and folder: the ledger's key for the files under it


class ConfigTree:
    """Answers, for each audited file, which config applies: None for the run's own,
    else a NearConfig. Folders are looked at once each; rule sets are built once per
    distinct config. `on_file(path)` hears of every config file name looked at
    (present or not), so a run manifest can tell when one appears or changes."""

    def __init__(self, run: Config, paths: list[Path], on_file: Callable[[str], None] | None = None) -> None:
        self.run = run
        self.on_file = on_file
        self._run_file = os.path.realpath(run.source) if run.source is not None else None
        self._audited = [_folder_of(os.path.abspath(p)) for p in paths]
        self._by_key: dict[str, NearConfig | None] = {}  # folder as the task names it
        self._near: dict[str, NearConfig | None] = {}  # absolute folder
        self._repository: dict[str, str | None] = {}
        self._loaded: dict[str, NearConfig | None] = {}  # real path of a config file
        self._digests: dict[str, str] = {}  # settings -> rule set digest

    def config_of(self, location: str) -> NearConfig | None:
        """The config applying to the file at `location` (None: the run's)."""
        # Keyed on the text before the last "/", which decides os.path.dirname on POSIX:
        # a str method per file instead of dirname's Python code.
        key = location.rpartition("/")[0] if POSIX else os.path.dirname(location)
        try:
            return self._by_key[key]
        except KeyError:
            folder = os.path.dirname(location)
            near = self._by_key[key] = self._lookup(os.path.abspath(folder) if folder else os.getcwd())
            return near

    def _lookup(self, folder: str) -> NearConfig | None:
        if folder in self._near:
            return self._near[folder]
        boundary = self._boundary(folder)
        found, near = self._config_in(folder, boundary)
        if not found and folder != boundary:
            parent = os.path.dirname(folder)
            near = None if parent == folder else self._lookup(parent)
        self._near[folder] = near
        return near

    def _config_in(self, folder: str, boundary: str) -> tuple[bool, NearConfig | None]:
        for name in CONFIG_FILES:
            candidate = os.path.join(folder, name)
            if self.on_file is not None:
                self.on_file(candidate)
            if not os.path.lexists(candidate):
                continue
            if name == "pyproject.toml" and not _has_auditor_table(candidate):
                continue
            return True, self._near_config(candidate, boundary)
        return False, None

    def _near_config(self, candidate: str, boundary: str) -> NearConfig | None:
        real = os.path.realpath(candidate)
        if real == self._run_file:
            return None
        if real not in self._loaded:
            config = load_config(Path(candidate), within=os.path.realpath(boundary))
            if self.on_file is not None:
                for file in _extended_files(Path(candidate)):
                    self.on_file(str(file))
            file_config = self.per_file(config)
            if self._same_as_run(file_config):
                self._loaded[real] = None  # a section that only extends the run's config
                return None
            # Sections whose configs say the same thing (two that extend one base and
            # add nothing) share one compiled rule set; the folder counts only when
            # path patterns are read relative to it.
            folder = str(file_config.root) if file_config.per_path_ignores or file_config.art50_exceptions else ""
            settings = hashlib.sha256(f"{file_config.model_dump_json()}\0{folder}".encode()).hexdigest()
            digest = self._digests.get(settings)
            if digest is None:
                ruleset = _ruleset_of(file_config)
                digest = self._digests[settings] = hashlib.sha256(f"{ruleset.digest}\0{folder}".encode()).hexdigest()[:16]
                _RULESETS[digest] = ruleset
                _outlives_the_run()
            self._loaded[real] = NearConfig(candidate, digest)
        return self._loaded[real]

    def _same_as_run(self, config: Config) -> bool:
        if config.per_path_ignores or config.art50_exceptions:
            return False  # read relative to the config's own folder
        return all(getattr(config, key) == getattr(self.run, key) for key in PER_FILE_KEYS)

    def per_file(self, config: Config) -> Config:
        """The run's config with `config`'s per-file settings, and the command line's
        --select/--ignore on top, as they are on top of the run's."""
        return per_file_config(self.run, config)

    def _boundary(self, folder: str) -> str:
        repository = self._repository_of(folder)
        if repository is not None:
            return repository
        inside = [root for root in self._audited if folder == root or folder.startswith(root.rstrip(os.sep) + os.sep)]
        return max(inside, key=len) if inside else folder

    def _repository_of(self, folder: str) -> str | None:
        if folder not in self._repository:
            parent = os.path.dirname(folder)
            if os.path.lexists(os.path.join(folder, ".git")):
                self._repository[folder] = folder
            else:
                self._repository[folder] = None if parent == folder else self._repository_of(parent)
        return self._repository[folder]


def per_file_config(run: Config, config: Config) -> Config:
    update: dict = {key: getattr(config, key) for key in PER_FILE_KEYS}
    update["source"] = config.source
    if "select" in run.command_line:
        update["select"] = list(run.command_line["select"])
    if "ignore" in run.command_line:
        update["ignore"] = list(update["ignore"]) + list(run.command_line["ignore"])
    return run.model_copy(update=update)


def config_tree(config: Config, paths: list[Path], on_file: Callable[[str], None] | None = None) -> ConfigTree | None:
    """The tree for a run whose config was found rather than named; None otherwise
    (--config FILE, --isolated and the API's config apply to every file, as ruff's
    --config does)."""
    use_run_config(config)
    return ConfigTree(config, paths, on_file) if config.nearest_configs else None


# --- per process: the rule set of each config, by digest ---------------------------------

_RULESETS: dict[str, RuleSet] = {}
_RUN: list[Config] = []


def use_run_config(config: Config) -> None:
    """The run's config, for rule sets this process builds itself (a pool worker)."""
    _RUN[:] = [config]


def ruleset_of(file: str, digest: str) -> RuleSet:
    """The rule set of the config `file` (known by `digest` in the process that found
    it); a worker process builds it once, on the first document that needs it."""
    ruleset = _RULESETS.get(digest)
    if ruleset is None:
        run = _RUN[0] if _RUN else Config()
        ruleset = _RULESETS[digest] = _ruleset_of(per_file_config(run, load_config(Path(file))))
        _outlives_the_run()
    return ruleset


def _outlives_the_run() -> None:
    """A batch freezes what outlives it (gc.freeze) so full collections skip it; a rule
    set compiled mid-run joins it, or every collection would scan it again (a tenth
    of the batch's time)."""
    if gc.get_freeze_count():
        gc.freeze()


def _ruleset_of(config: Config) -> RuleSet:
    from .engine import load_ruleset

    return load_ruleset(config)


def _extended_files(path: Path) -> tuple[Path, ...]:
    from .config_extend import read_config_chain

    return read_config_chain(path)[1][1:]


def _has_auditor_table(path: str) -> bool:
    from .config import _has_tool_section

    return _has_tool_section(Path(path))


def _folder_of(path: str) -> str:
    return path if os.path.isdir(path) else os.path.dirname(path)
