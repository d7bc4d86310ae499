"""A rule's documentation as Markdown, for `auditor rule CODE` and generated docs."""

from __future__ import annotations

import yaml


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
