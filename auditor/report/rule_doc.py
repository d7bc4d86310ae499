"""A rule's documentation as Markdown, for `auditor rule CODE` and generated docs."""

from __future__ import annotations

import yaml

from ..model import RuleInfo


def rule_markdown(compiled) -> str:
    rule = compiled.rule
    lines = [
        f"# {rule.id} {rule.name}",
        "",
        f"Severity: {compiled.severity.value} · pack: {compiled.pack} · kind: {rule.kind} · target: {', '.join(rule.targets)}",
        "",
        rule.docs.summary,
        "",
        "## Why",
        "",
        rule.docs.rationale.strip(),
    ]
    if rule.fix:
        lines += ["", "## Fix", "", rule.fix.suggest.strip()]
    for title, examples in (("Flagged", rule.docs.examples.fail), ("Passes", rule.docs.examples.passing)):
        for example in examples:
            lines += ["", f"## {title}", "", f"```{example.format}", example.document.rstrip(), "```"]
            if example.media:
                media = {name: m.model_dump(exclude_defaults=True) for name, m in example.media.items()}
                lines += ["", "With images:", "", "```yaml", yaml.safe_dump(media, sort_keys=False, allow_unicode=True).rstrip(), "```"]
    if rule.docs.references:
        lines += ["", "## References", ""] + [f"- {ref}" for ref in rule.docs.references]
    return "\n".join(lines) + "\n"


# GitHub code scanning sorts and filters by precision. Our rules read structured
# metadata (high) or match free-text wording in captions and credits (medium: a
# newsroom's own phrasing can slip past the vocabulary).
_TEXT_MATCHING_TAGS = frozenset({"disclosure", "attribution"})


def documented_rule(compiled, docs_url: str | None = None) -> RuleInfo:
    """The rule as reports describe it: RuleInfo with its docs, tags and precision, and
    the link to its page (under the config's `docs_url`, else the project's)."""
    from .rule_pages import rule_page_url

    rule = compiled.rule
    tags = tuple(dict.fromkeys([*rule.docs.tags, compiled.pack]))
    return RuleInfo(
        code=compiled.code,
        name=rule.name,
        severity=compiled.severity,
        summary=rule.docs.summary,
        pack=compiled.pack,
        description=" ".join(rule.docs.rationale.split()),
        help_markdown=rule_markdown(compiled),
        tags=tags,
        precision="medium" if _TEXT_MATCHING_TAGS & set(rule.docs.tags) else "high",
        help_uri=rule_page_url(compiled.code, docs_url),
    )
