"""Loads rule packs and vocabularies, applies the configuration, and compiles every
condition once: the result is what one run evaluates."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

import yaml
from pydantic import ValidationError

from ..config import Config
from ..model import RuleInfo, Severity
from .conditions import ConditionError, Outcome, compile_condition
from .message import template_fields
from .schema import Pack, Rule
from .vocabularies import VocabularyError, VocabularySet, load_vocabularies, merge_disclosure
from .disclosure import DisclosureVocabulary


class RulePackError(ValueError):
    """A rule pack that cannot be used, stated in one line."""


def rules_dir() -> Path:
    """Where the bundled packs live: $AUDITOR_RULES, else `rules/` beside the package."""
    override = os.environ.get("AUDITOR_RULES")
    return Path(override) if override else Path(__file__).resolve().parents[2] / "rules"


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    pack: str
    severity: Severity
    when: Callable[[dict], Outcome] | None
    assert_: Callable[[dict], Outcome] | None
    now: datetime | None

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
class RuleSet:
    rules: tuple[CompiledRule, ...]
    vocabularies: VocabularySet
    digest: str  # changes whenever a rule, vocabulary or relevant setting changes

    def for_target(self, target: str) -> list[CompiledRule]:
        return [r for r in self.rules if target in r.rule.targets]

    def infos(self) -> list[RuleInfo]:
        return [r.info() for r in self.rules]


def read_pack(path: Path) -> Pack:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise RulePackError(f"cannot read rule pack {path}: {error}") from None
    except yaml.YAMLError as error:
        raise RulePackError(f"invalid YAML in rule pack {path}: {str(error).splitlines()[0]}") from None
    try:
        return Pack.model_validate(document)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        rule_hint = _rule_hint(document, first["loc"])
        raise RulePackError(f"invalid rule pack {path}: {rule_hint}{where}: {first['msg']}") from None


def pack_files(config: Config) -> list[Path]:
    bundled = rules_dir()
    files: list[Path] = []
    for name in config.packs:
        candidate = bundled / name / "pack.yaml"
        if not candidate.is_file():
            known = sorted(p.parent.name for p in bundled.glob("*/pack.yaml"))
            raise RulePackError(f"unknown rule pack '{name}' (bundled: {', '.join(known)})")
        files.append(candidate)
    for folder in config.pack_paths:
        candidate = folder / "pack.yaml" if folder.is_dir() else folder
        if not candidate.is_file():
            raise RulePackError(f"rule pack not found: {folder}")
        files.append(candidate)
    return files


def load_ruleset(config: Config | None = None) -> RuleSet:
    config = config or Config()
    digest = hashlib.sha256()
    try:
        vocabularies = load_vocabularies(rules_dir() / "vocab")
    except VocabularyError as error:
        raise RulePackError(str(error)) from None
    for path in sorted((rules_dir() / "vocab").glob("*.yaml")):
        digest.update(path.read_bytes())
    packs = []
    for path in pack_files(config):
        digest.update(path.read_bytes())
        packs.append(read_pack(path))
    for pack in packs:
        for name, entries in pack.vocabularies.items():
            vocabularies.add(name, entries)
    for name, entries in config.vocabularies.items():
        vocabularies.add(name, entries)
    if config.disclosure:
        merge_disclosure(vocabularies.disclosure_document, config.disclosure)
        vocabularies.disclosure = DisclosureVocabulary(vocabularies.disclosure_document)
    digest.update(config.model_dump_json(exclude={"fail_on"}).encode())

    compiled: list[CompiledRule] = []
    seen: dict[str, str] = {}
    for pack in packs:
        for rule in pack.rules:
            if rule.id in seen:
                if seen[rule.id] == pack.pack:
                    raise RulePackError(f"rule {rule.id} is defined twice in pack '{pack.pack}'")
                # A later pack may re-declare a core rule (e.g. a stricter policy pack): last wins.
                compiled = [c for c in compiled if c.code != rule.id]
            seen[rule.id] = pack.pack
            if not _selected(rule, config):
                continue
            compiled.append(_compile(rule, pack.pack, config, vocabularies))
    return RuleSet(tuple(compiled), vocabularies, digest.hexdigest()[:16])


def _compile(rule: Rule, pack: str, config: Config, vocabularies: VocabularySet) -> CompiledRule:
    severity = config.severity.get(rule.id) or config.severity.get(rule.name) or rule.severity
    try:
        when = compile_condition(rule.when, vocabularies) if rule.when else None
        assert_ = compile_condition(rule.assert_, vocabularies) if rule.assert_ else None
    except (ConditionError, ValueError) as error:
        raise RulePackError(f"rule {rule.id} ({pack}): {error}") from None
    for field in template_fields(rule.message):
        if not field.split(".")[0] in ("article", "figure", "media", "document", "match", "stated", "embedded", "problem"):
            raise RulePackError(f"rule {rule.id} ({pack}): message refers to unknown fact '{field}'")
    return CompiledRule(rule, pack, Severity(severity), when, assert_, config.now)


def _selected(rule: Rule, config: Config) -> bool:
    """Longest matching prefix wins between `select` and `ignore` (flake8's rule)."""
    def best(patterns: list[str]) -> int:
        lengths = [len(p) for p in patterns if rule.id.startswith(p) or p == rule.name or p == "ALL"]
        return max(lengths, default=-1)

    selected = best(config.select) if config.select else 0
    if selected < 0:
        return False
    ignored = best(config.ignore)
    return ignored < selected or ignored < 0


def _rule_hint(document: Any, loc: tuple) -> str:
    if isinstance(document, dict) and len(loc) > 1 and loc[0] == "rules" and isinstance(loc[1], int):
        rules = document.get("rules") or []
        if loc[1] < len(rules) and isinstance(rules[loc[1]], dict) and rules[loc[1]].get("id"):
            return f"rule {rules[loc[1]]['id']}: "
    return ""
