"""Runs a rule set over the evidence of one document and returns its findings.
Pure: the same evidence and rules give the same findings, in the same order."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Iterable

from ..model import Article, DocumentError, Finding, MediaFacts
from ..report.fingerprint import fingerprint_of
from . import built_finding
from .conditions import lookup
from .context import Context, Hit
from .facts import article_facts, figure_facts, media_facts, page_facts, run_facts
from .kinds import FIRE_WHEN_HOLDS, KINDS, RAISED_ELSEWHERE
from .message import render
from .placement import page_disclosures
from .ruleset import CompiledRule, RuleSet, best_prefix
from .unchecked import unchecked_missing, unchecked_remote


def evaluate_article(article: Article, media: Mapping[str, MediaFacts], ruleset: RuleSet,
                     figures_seen: list | None = None) -> list[Finding]:
    """`figures_seen`, when given, receives each figure's facts (for `report.publication`)."""
    run = run_facts(ruleset.settings)
    facts_of_article = article_facts(article, ruleset.vocabularies, ruleset.settings)
    # Scanning every paragraph for disclosure wording is only worth it when a
    # figure or the text needs it; computed at most once per article.
    scanned: list = []

    def page() -> list:
        if not scanned:
            scanned.append(page_disclosures(article, ruleset.vocabularies))
        return scanned[0]

    if facts_of_article["ai_text"]:
        facts_of_article.update(page_facts(page()))
    title = next((b.span for b in article.blocks if b.kind == "title"), None)
    facts = {"article": facts_of_article, "run": run}
    remote = unchecked_remote(article)
    if remote is not None:
        facts["unchecked"] = remote
    contexts = [Context("article", article.path, facts, span=title, article=article)]
    for figure in article.figures:
        facts_of_figure, facts_of_media = figure_facts(figure, media.get(figure.path or ""), ruleset.vocabularies, article, page)
        if figures_seen is not None:
            figures_seen.append(facts_of_figure)
        span = figure.span or (figure.caption.span if figure.caption else None)
        facts = {"article": facts_of_article, "figure": facts_of_figure, "media": facts_of_media, "run": run}
        missing = unchecked_missing(figure)
        if missing is not None:
            facts["unchecked"] = missing
        contexts.append(Context(
            "figure", article.path,
            facts,
            span=span, media=figure.path or figure.src, figure=figure.index,
            anchor=figure.src or f"figure-{figure.index}", article=article,
        ))
    return _run(contexts, ruleset)


def evaluate_media(media: MediaFacts, ruleset: RuleSet) -> list[Finding]:
    context = Context("media", media.path, {"media": media_facts(media), "run": run_facts(ruleset.settings)}, media=media.path)
    return _run([context], ruleset)


def evaluate_document_error(error: DocumentError, ruleset: RuleSet) -> list[Finding]:
    return evaluate_document_problem(error.path, "unreadable", error.message, ruleset)


def evaluate_document_problem(path: str, problem: str, message: str, ruleset: RuleSet, step: str | None = None) -> list[Finding]:
    """Findings for a document auditor could not (fully) look at: `problem` is
    "unreadable" (INP003), "internal" (an auditor bug in `step`, INP004) or
    "incomplete" (a budget ran out, INP005)."""
    facts = {"path": path, "message": message, "problem": problem, "step": step}
    return _run([Context("document", path, {"document": facts})], ruleset)


def _run(contexts: Iterable[Context], ruleset: RuleSet) -> list[Finding]:
    findings: list[Finding] = []
    # The same rule on the same anchor twice in one document (the same image used
    # twice, both undisclosed) is two problems: number the repeats so a baseline
    # that knows the first still reports the second as new.
    occurrences: dict[str, int] = {}
    ignored_by_path: dict[str, tuple[str, ...]] = {}
    for context in contexts:
        if context.path not in ignored_by_path:
            ignored_by_path[context.path] = ruleset.settings.ignored_at(context.path) if ruleset.settings.path_ignores else ()
        ignored = ignored_by_path[context.path]
        facts = context.facts
        for rule, check, fire, holds in _plan(ruleset, context.target):
            if ignored and best_prefix(rule.rule, ignored) >= 0:
                continue  # per_path_ignores: this rule does not apply under this path
            if fire is None:
                hits = check(rule, context)
            elif holds is None or holds(facts):
                hits = fire(rule, context)
            else:
                continue
            for hit in hits:
                finding = _finding(rule, hit)
                seen = occurrences.get(finding.fingerprint, 0)
                occurrences[finding.fingerprint] = seen + 1
                if seen:
                    repeat = fingerprint_of(rule.code, context.path, context.anchor, occurrence=seen)
                    finding = finding.model_copy(update={"fingerprint": repeat})
                findings.append(finding)
    return findings


def _plan(ruleset: RuleSet, target: str) -> tuple[tuple, ...]:
    """(rule, check, fire, holds) for each rule of `target` that evaluation can fire:
    what `_run` asks of every target, looked up once per rule set instead of once per
    rule and target (batch hot path)."""
    known = _PLANS.get(id(ruleset))
    if known is None or known[0] is not ruleset:
        known = _PLANS[id(ruleset)] = (ruleset, {})
        if len(_PLANS) > 8:
            _PLANS.clear()
            _PLANS[id(ruleset)] = known
    plans = known[1]
    plan = plans.get(target)
    if plan is None:
        plan = plans[target] = tuple(
            (rule, KINDS[rule.rule.kind], FIRE_WHEN_HOLDS.get(rule.rule.kind), rule.when.holds if rule.when else None)
            for rule in ruleset.for_target(target) if rule.rule.kind not in RAISED_ELSEWHERE)
    return plan


# Rule set id -> (the rule set, which keeps its id its own; target -> plan).
_PLANS: dict[int, tuple[RuleSet, dict[str, tuple[tuple, ...]]]] = {}


def _finding(rule: CompiledRule, hit: Hit) -> Finding:
    context = hit.context
    facts = {**context.facts, **hit.extra}
    span = hit.span or context.span
    evidence = list(hit.evidence) + [item for path in rule.rule.evidence for item in _evidence_at(facts, path)]
    when = (hit.extra.get("match") or {}).get("when")
    if when and when.get("field") and not any(source == when["field"] for source, _ in evidence):
        evidence.insert(0, (when["field"], _text(when["value"])))
    message = render(rule.rule.message, facts)
    if rule.note:
        message = f"{message} [{rule.note}]"
    return built_finding.finding(
        rule=rule.code,
        name=rule.rule.name,
        severity=rule.severity,
        message=message,
        path=context.path,
        line=span.line if span else None,
        column=span.column if span else None,
        end_line=span.end_line if span else None,
        end_column=span.end_column if span else None,
        media=context.media,
        figure=context.figure,
        evidence=built_finding.evidence_items(_unique(evidence)),
        fix=render(rule.rule.fix.suggest, facts) if rule.rule.fix else None,
        fingerprint=fingerprint_of(rule.code, context.path, context.anchor),
    )


def _evidence_at(facts: dict, path: str) -> list[tuple[str, str]]:
    value = lookup(facts, path)
    if value is None or value == [] or value == "":
        return []
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, Mapping) and "source" in item and "value" in item:
            out.append((str(item["source"]), _text(item["value"])))
        else:
            out.append((path, _text(item)))
    return out


def _text(value) -> str:
    text = str(value)
    return text if len(text) <= 300 else text[:299] + "…"


def _unique(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return list(dict.fromkeys(pairs))
