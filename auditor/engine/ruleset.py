"""Loads rule packs and vocabularies, applies the configuration, and compiles every
condition once: the result is what one run evaluates.

Which rules run, and how severe they are:

- a rule runs when its pack is chosen (`packs`, or a pack of a chosen
  `jurisdiction`), when a chosen pack `enables` it, or when it is `always` on
  (input and suppression checks); `roles` and `select`/`ignore` then filter;
- its severity is the strictest any source gives it: the defining pack (when
  chosen) and every enabling pack, each by `severity_by_role` for the configured
  role, else its plain severity; a source whose law is not in force on the audit
  date (`effective_from`) counts as info; `severity` in the config overrides all.
"""

from __future__ import annotations

import hashlib
import re
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ..config import Config, ConfigError
from ..model import RuleInfo, Severity
from ..settings_files import read_settings_bytes, read_settings_text
from .conditions import Compiled, ConditionError, compile_condition
from .disclosure import DisclosureVocabulary
from .message import template_fields
from .schema import Adjustment, Pack, Rule
from .user_patterns import UserPatternError, mark_user_entries
from .vocabularies import VocabularyError, VocabularySet, load_vocabularies, merge_disclosure

if TYPE_CHECKING:
    import pathspec

# Packs read on every run: their rules are the library other packs enable.
LIBRARY_PACKS = ("core", "suppressions")
FACT_ROOTS = ("article", "figure", "media", "document", "match", "stated", "embedded", "problem", "run", "directive", "unchecked")


class RulePackError(ValueError):
    """A rule pack that cannot be used, stated in one line."""


def rules_dir() -> Path:
    """Where the bundled packs live: $AUDITOR_RULES, else the packs shipped in the
    package (`auditor/bundled_rules`, a link to the repository's `rules/`)."""
    override = os.environ.get("AUDITOR_RULES")
    return Path(override) if override else Path(__file__).resolve().parents[1] / "bundled_rules"


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    pack: str
    severity: Severity
    when: Compiled | None
    assert_: Compiled | None
    now: datetime | None
    # Why the severity is what it is, for messages: "not in force until …", "draft".
    note: str | None = None
    # The chosen packs that made this rule run (its own pack and/or enabling packs).
    sources: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        return self.rule.id

    @property
    def options(self) -> dict[str, Any]:
        return self.rule.options

    def info(self) -> RuleInfo:
        return RuleInfo(code=self.code, name=self.rule.name, severity=self.severity,
                        summary=self.rule.docs.summary, pack=self.pack)


@dataclass(frozen=True)
class RunSettings:
    """The parts of the configuration the per-document step needs (picklable)."""

    role: str = "publisher"
    jurisdictions: tuple[str, ...] = ()
    audit_date: date = field(default_factory=date.today)
    inline_suppressions: bool = True
    root: Path = field(default_factory=Path.cwd)
    path_ignores: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()  # (patterns, codes)
    art50_exceptions: tuple[tuple[str, str], ...] = ()  # (pattern, exception)
    scheduled_window_minutes: float | None = None  # DAT401's window, when the config sets one

    def ignored_at(self, path: str) -> tuple[str, ...]:
        """Codes, prefixes or names that `per_path_ignores` turns off for `path`."""
        relative = _relative(path, self.root)
        out: list[str] = []
        for patterns, codes in self.path_ignores:
            if _spec(patterns).match_file(relative):
                out.extend(codes)
        return tuple(out)

    def art50_exception_of(self, path: str) -> str | None:
        if not self.art50_exceptions:
            return None  # the usual case; skips resolving the path (batch hot path)
        relative = _relative(path, self.root)
        for pattern, exception in self.art50_exceptions:
            if _spec((pattern,)).match_file(relative):
                return exception
        return None


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[CompiledRule, ...]
    vocabularies: VocabularySet
    digest: str  # changes whenever a rule, vocabulary or relevant setting changes
    settings: RunSettings = field(default_factory=RunSettings)
    packs: tuple[str, ...] = ()  # the chosen packs, in load order
    # for_target's answers, filled on first use: asked once per figure otherwise.
    _by_target: dict[str, tuple[CompiledRule, ...]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def for_target(self, target: str) -> tuple[CompiledRule, ...]:
        rules = self._by_target.get(target)
        if rules is None:
            rules = self._by_target[target] = tuple(r for r in self.rules if target in r.rule.targets)
        return rules

    def infos(self) -> list[RuleInfo]:
        return [r.info() for r in self.rules]

    def get(self, code: str) -> CompiledRule | None:
        for rule in self.rules:
            if rule.code == code:
                return rule
        return None


def read_pack(path: Path) -> Pack:
    from ..safe_yaml import YAMLError, load_safe  # a run whose rule set comes from the cache reads no YAML

    try:
        document = load_safe(read_settings_text(path))
    except (OSError, UnicodeDecodeError) as error:
        raise RulePackError(f"cannot read rule pack {path}: {getattr(error, 'strerror', None) or error}") from None
    except YAMLError as error:
        raise RulePackError(f"invalid YAML in rule pack {path}: {str(error).splitlines()[0]}") from None
    try:
        return Pack.model_validate(document)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        rule_hint = _rule_hint(document, first["loc"])
        raise RulePackError(f"invalid rule pack {path}: {rule_hint}{where}: {first['msg']}") from None


def bundled_packs() -> dict[str, Path]:
    """Every bundled pack by name: `rules/<pack>/pack.yaml` is `<pack>`, and a variant
    or overlay `rules/<pack>/<variant>.yaml` is `<pack>/<variant>`."""
    found: dict[str, Path] = {}
    for folder in sorted(p for p in rules_dir().iterdir() if p.is_dir()):
        main = folder / "pack.yaml"
        if not main.is_file():
            continue
        found[folder.name] = main
        for variant in sorted(folder.glob("*.yaml")):
            if variant.name != "pack.yaml":
                found[f"{folder.name}/{variant.stem}"] = variant
    return found


def pack_files(config: Config) -> list[Path]:
    """The files of the chosen packs, bases before the variants that extend them."""
    return [path for _, path in _chosen(config, bundled_packs())]


def _chosen(config: Config, bundled: dict[str, Path]) -> list[tuple[str, Path]]:
    names = list(config.packs)
    for jurisdiction in config.jurisdictions:
        matching = [name for name, path in bundled.items() if "/" not in name and jurisdiction in _header(path).jurisdictions]
        if not matching:
            raise _config_error(config, "jurisdictions", f"no bundled pack covers '{jurisdiction}'")
        names.extend(matching)
    ordered: list[tuple[str, Path]] = []
    seen: set[str] = set()

    def add(name: str) -> None:
        if name in seen:
            return
        path = bundled.get(name)
        if path is None:
            raise _config_error(config, "packs", f"unknown rule pack '{name}' (bundled: {', '.join(bundled)})")
        pack = _header(path)
        if pack.extends:
            add(pack.extends)
        seen.add(name)
        ordered.append((name, path))

    for name in names:
        add(name)
    for folder, candidate in zip(config.pack_paths, _pack_path_files(config)):
        if not candidate.is_file():
            raise _config_error(config, "pack_paths", f"rule pack not found: {folder}")
        ordered.append((str(candidate), candidate))
    return ordered


_HEADERS: dict[tuple[str, float], Pack] = {}


def _header(path: Path) -> Pack:
    key = (str(path), path.stat().st_mtime)
    if key not in _HEADERS:
        _HEADERS[key] = read_pack(path)
    return _HEADERS[key]


@dataclass
class RuleMaterials:
    """What a rule set is compiled from, and all that is slow to make: the validated
    packs and the vocabularies with their compiled wording. A pure function of the
    rule files and the config, so `ruleset_cache` may keep it on disk between runs."""

    vocabularies: VocabularySet
    packs: list[tuple[Pack, bool, bool]]  # (pack, chosen, from the user's pack_paths: regexes on RE2)
    files: list[str]  # the pack files read, in load order (the digest covers their bytes)
    reads_audit_date: bool


def load_ruleset(config: Config | None = None, *, cache: bool = False) -> RuleSet:
    """The rule set of a run. With `cache`, its materials come from the on-disk cache
    when an earlier run built them from the same files and config (the CLI's start-up);
    the result is the same either way."""
    config = config or Config()
    materials = None
    if cache:
        from . import ruleset_cache

        materials = ruleset_cache.cached_materials(config, rules_dir(), _pack_path_files(config), build_materials)
    if materials is None:
        materials = build_materials(config)
    return compile_ruleset(config, materials)


def _pack_path_files(config: Config) -> list[Path]:
    return [folder / "pack.yaml" if folder.is_dir() else folder for folder in config.pack_paths]


def build_materials(config: Config) -> RuleMaterials:
    try:
        vocabularies = load_vocabularies(rules_dir() / "vocab")
    except VocabularyError as error:
        raise RulePackError(str(error)) from None
    bundled = bundled_packs()
    chosen = _chosen(config, bundled)
    chosen_files = {str(path) for _, path in chosen}
    library = [(name, bundled[name]) for name in LIBRARY_PACKS if name in bundled and str(bundled[name]) not in chosen_files]
    packs: list[tuple[Pack, bool, bool]] = []
    files: list[str] = []
    reads_audit_date = False
    for _, path in library + chosen:
        try:
            text = read_settings_bytes(path)
        except OSError as error:
            raise RulePackError(f"cannot read rule pack {path}: {error.strerror or error}") from None
        reads_audit_date |= _AUDIT_DATE_FACT in text
        files.append(str(path))
        packs.append((read_pack(path), str(path) in chosen_files, not path.resolve().is_relative_to(rules_dir().resolve())))
    for pack, _, is_user in packs:
        for name, entries in pack.vocabularies.items():
            vocabularies.add(name, mark_user_entries(entries) if is_user else entries)
            if is_user:
                _compile_vocabulary(vocabularies[name], lambda error: RulePackError(f"rule pack '{pack.pack}': vocabularies.{name}: {error}"))
    _extend_vocabularies(vocabularies, config)
    return RuleMaterials(vocabularies, packs, files, reads_audit_date)


def compile_ruleset(config: Config, materials: RuleMaterials) -> RuleSet:
    """Applies the config to the materials: which rules run, at what severity on the
    audit date, with their conditions compiled (closures: cheap, and never cached)."""
    vocabularies = materials.vocabularies
    digest = hashlib.sha256()
    for path in sorted((rules_dir() / "vocab").glob("*.yaml")):
        digest.update(path.read_bytes())
    for path in materials.files:
        try:
            digest.update(read_settings_bytes(Path(path)))
        except OSError as error:
            raise RulePackError(f"cannot read rule pack {path}: {error.strerror or error}") from None
    packs = [(pack, is_chosen) for pack, is_chosen, _ in materials.packs]
    user_packs = {id(pack) for pack, _, is_user in materials.packs if is_user}
    reads_audit_date = materials.reads_audit_date
    digest.update(config.model_dump_json(exclude={"fail_on", "audit_date"}).encode())  # the date: below

    definitions: dict[str, tuple[Rule, Pack, bool]] = {}
    for pack, is_chosen in packs:
        seen_here: set[str] = set()
        for rule in pack.rules:
            if rule.id in seen_here:
                raise RulePackError(f"rule {rule.id} is defined twice in pack '{pack.pack}'")
            seen_here.add(rule.id)
            # A later pack may re-declare a rule wholesale (a stricter local pack): last wins.
            definitions[rule.id] = (rule, pack, is_chosen)
    names = {rule.name: code for code, (rule, _, _) in definitions.items()}
    enabling = [(pack, code) for pack, is_chosen in packs if is_chosen for code in pack.enables]
    for pack, code in enabling:
        if code not in definitions:
            raise RulePackError(f"pack '{pack.pack}' enables unknown rule {code}")
    for key in config.severity:
        if key not in definitions and key not in names:
            raise _config_error(config, f"severity.{key}", "unknown rule (see `auditor rules`)")

    audit_date = config.effective_audit_date
    compiled: list[CompiledRule] = []
    for code, (rule, pack, is_chosen) in definitions.items():
        sources: list[tuple[Severity, str | None, str]] = []  # (severity, note, pack)
        if (is_chosen and rule.enabled) or rule.always:
            sources.append(_source(rule, pack, None, config.role, audit_date))
        for enabler, enabled_code in enabling:
            if enabled_code == code:
                sources.append(_source(rule, enabler, enabler.adjustment(code), config.role, audit_date))
        if not sources:
            continue
        if rule.roles and config.role not in rule.roles:
            continue
        if not _selected(rule, config):
            continue
        severity, note = _strictest(sources)
        override = config.severity.get(rule.id) or config.severity.get(rule.name)
        if override is not None:
            severity, note = Severity(override), None
        compiled.append(_compile(rule, pack.pack, severity, note, tuple(dict.fromkeys(s[2] for s in sources)), config, vocabularies,
                                 linear=id(pack) in user_packs))
    settings = RunSettings(
        role=config.role,
        jurisdictions=tuple(config.jurisdictions),
        audit_date=audit_date,
        inline_suppressions=config.inline_suppressions,
        root=config.root,
        path_ignores=tuple(((pattern,), tuple(codes)) for pattern, codes in config.per_path_ignores.items()),
        art50_exceptions=tuple(config.art50_exceptions.items()),
        scheduled_window_minutes=config.scheduled_window_minutes,
    )
    # The audit date (today, unless set) matters through what it puts in force, which
    # the compiled severities and notes show; digesting the date itself would make a
    # ledger re-audit everything every day. A pack whose conditions or messages read
    # the date as a fact depends on the date itself.
    digest.update(repr([(r.code, r.severity.value, r.note) for r in compiled]).encode())
    if reads_audit_date:
        digest.update(audit_date.isoformat().encode())
    chosen_names = tuple(p.pack for p, is_chosen in packs if is_chosen)
    return RuleSet(tuple(compiled), vocabularies, digest.hexdigest()[:16], settings, chosen_names)


_AUDIT_DATE_FACT = b"run.audit_date"


def _source(rule: Rule, pack: Pack, adjustment: Adjustment | None, role: str, audit_date: date) -> tuple[Severity, str | None, str]:
    by_role = (adjustment.severity_by_role if adjustment else {}) or rule.severity_by_role
    severity = by_role.get(role) or (adjustment.severity if adjustment and adjustment.severity else None) or rule.severity
    effective = (adjustment.effective_from if adjustment else None) or rule.effective_from or pack.effective_from
    if effective and audit_date < effective:
        return Severity.info, f"not in force until {effective.isoformat()} ({pack.pack})", pack.pack
    if pack.status == "draft":
        return Severity(severity), f"draft rule of '{pack.pack}', not law", pack.pack
    return Severity(severity), None, pack.pack


def _strictest(sources: list[tuple[Severity, str | None, str]]) -> tuple[Severity, str | None]:
    # Highest rank wins; among equals, a source in force beats one that is not.
    best = max(sources, key=lambda s: (s[0].rank, s[1] is None))
    return best[0], best[1]


def _extend_vocabularies(vocabularies: VocabularySet, config: Config) -> None:
    for name, entries in config.vocabularies.items():
        vocabularies.add(name, mark_user_entries(entries))
        _compile_vocabulary(vocabularies[name], lambda error: _config_error(config, f"vocabularies.{name}", str(error)))
    extension = config.disclosure.model_dump()
    if config.generators:
        extension["tool_names"] = list(extension.get("tool_names") or []) + list(config.generators)
    if extension.get("languages") or extension.get("tool_names"):
        merge_disclosure(vocabularies.disclosure_document, extension)
        vocabularies.disclosure = DisclosureVocabulary(vocabularies.disclosure_document)
    vocabularies.add("generators", list(vocabularies.disclosure_document.get("tool_names") or []))


def _compile_vocabulary(phrases, failure) -> None:
    """Compiles a phrase list holding users' regexes now: a bad one is a one-line
    error at start-up (`failure(error)` makes it), never a failure mid-run."""
    try:
        phrases.compile()
    except (UserPatternError, re.error) as error:
        raise failure(error) from None


def _compile(rule: Rule, pack: str, severity: Severity, note: str | None, sources: tuple[str, ...],
             config: Config, vocabularies: VocabularySet, linear: bool = False) -> CompiledRule:
    try:
        when = compile_condition(rule.when, vocabularies, linear) if rule.when else None
        assert_ = compile_condition(rule.assert_, vocabularies, linear) if rule.assert_ else None
    except (ConditionError, ValueError) as error:
        raise RulePackError(f"rule {rule.id} ({pack}): {error}") from None
    for fact in template_fields(rule.message):
        if fact.split(".")[0] not in FACT_ROOTS:
            raise RulePackError(f"rule {rule.id} ({pack}): message refers to unknown fact '{fact}'")
    return CompiledRule(rule, pack, severity, when, assert_, config.now, note, sources)


def _selected(rule: Rule, config: Config) -> bool:
    """Longest matching prefix wins between `select` and `ignore` (flake8's rule)."""
    selected = best_prefix(rule, config.select) if config.select else 0
    if selected < 0:
        return False
    ignored = best_prefix(rule, config.ignore)
    return ignored < selected or ignored < 0


def best_prefix(rule: Rule, patterns: list[str] | tuple[str, ...]) -> int:
    """Length of the longest pattern that names `rule` (code prefix, name or ALL), or -1."""
    lengths = [len(p) if p != rule.name else len(rule.id) + 1 for p in patterns
               if rule.id.startswith(p) or p == rule.name or p == "ALL"]
    return max(lengths, default=-1)


def _config_error(config: Config, key: str, message: str) -> Exception:
    return config.error(key, message) if config.source else RulePackError(message)


def _relative(path: str, root: Path) -> str:
    candidate = Path(path)
    try:
        return candidate.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        return candidate.as_posix()


_SPECS: dict[tuple[str, ...], pathspec.PathSpec] = {}


def _spec(patterns: tuple[str, ...]) -> pathspec.PathSpec:
    import pathspec  # only per-path ignores need it

    if patterns not in _SPECS:
        _SPECS[patterns] = pathspec.GitIgnoreSpec.from_lines(patterns)
    return _SPECS[patterns]


def _rule_hint(document: Any, loc: tuple) -> str:
    if isinstance(document, dict) and len(loc) > 1 and loc[0] == "rules" and isinstance(loc[1], int):
        rules = document.get("rules") or []
        if loc[1] < len(rules) and isinstance(rules[loc[1]], dict) and rules[loc[1]].get("id"):
            return f"rule {rules[loc[1]]['id']}: "
    return ""


__all__ = ["CompiledRule", "RuleMaterials", "RulePackError", "RuleSet", "RunSettings", "ConfigError", "build_materials",
           "bundled_packs", "compile_ruleset", "load_ruleset", "pack_files", "read_pack", "rules_dir"]
