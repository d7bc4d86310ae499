"""A rule's documentation wherever it is defined: `auditor rule CODE` finds it in the
configured run first, else in any bundled pack, and renders it as JSON."""

from __future__ import annotations

from typing import Any

from ..config import Config
from .ruleset import CompiledRule, bundled_packs, load_ruleset, read_pack


def find_rule(code: str, config: Config) -> CompiledRule | None:
    """The rule with this code or name: as the configured run compiles it, else as
    the bundled pack that defines it compiles it (so every code can be explained)."""
    wanted = code.strip()
    for compiled in load_ruleset(config).rules:
        if wanted.upper() == compiled.code or wanted == compiled.rule.name:
            return compiled
    for name, path in bundled_packs().items():
        for rule in read_pack(path).rules:
            if wanted.upper() == rule.id or wanted == rule.name:
                packs = list(dict.fromkeys(["core", name]))
                probe = config.model_copy(update={"packs": packs, "jurisdictions": [], "select": [rule.id], "ignore": []})
                compiled = load_ruleset(probe).get(rule.id)
                if compiled is not None:
                    return compiled
                # Off by default, or for another role: show it as declared.
                return CompiledRule(rule, name, rule.severity, None, None, None, "not run with this configuration", (name,))
    return None


def rule_document(compiled: CompiledRule) -> dict[str, Any]:
    """Everything an editor needs about one rule, as JSON."""
    rule = compiled.rule
    return {
        "code": rule.id,
        "name": rule.name,
        "pack": compiled.pack,
        "enabled_by": list(compiled.sources),
        "severity": compiled.severity.value,
        "default_severity": rule.severity.value,
        "severity_by_role": {role: level.value for role, level in rule.severity_by_role.items()},
        "roles": list(rule.roles),
        "effective_from": _effective_from(compiled),
        "note": compiled.note,
        "kind": rule.kind,
        "target": rule.targets,
        "summary": rule.docs.summary,
        "rationale": " ".join(rule.docs.rationale.split()),
        "fix": rule.fix.suggest.strip() if rule.fix else None,
        "examples": {
            "fail": [e.model_dump(mode="json", exclude_defaults=True) for e in rule.docs.examples.fail],
            "pass": [e.model_dump(mode="json", exclude_defaults=True) for e in rule.docs.examples.passing],
        },
        "references": list(rule.docs.references),
        "tags": list(rule.docs.tags),
    }


def _effective_from(compiled: CompiledRule) -> str | None:
    """When the law behind the rule applies: the rule's own date, else its pack's."""
    if compiled.rule.effective_from:
        return compiled.rule.effective_from.isoformat()
    path = bundled_packs().get(compiled.pack)
    pack = read_pack(path) if path else None
    return pack.effective_from.isoformat() if pack and pack.effective_from else None
