"""The audit of one run: discover documents, read each article and the images it
uses, evaluate the rules, and aggregate a report. `audit_document` is the pure
per-document step that a process pool or a Dask worker can run unchanged."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .articles import parse_article
from .config import Config
from .discover import Found, discover
from .engine import RuleSet, evaluate_article, evaluate_document_error, evaluate_media, load_ruleset
from .media import read_media
from .model import DocumentError, Finding, MediaFacts, Report, Summary


UNREADABLE = frozenset({"INP001", "INP003"})


@dataclass
class DocumentResult:
    """What auditing one document produced."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    media_read: list[str] = field(default_factory=list)  # image files this document used
    is_article: bool = True


def audit_document(found: Found, ruleset: RuleSet, data: bytes | None = None) -> DocumentResult:
    """Audits one article (with its images), one lone image, or reports a broken entry."""
    path = str(found.path)
    if found.role == "broken":
        error = DocumentError(path=path, message=found.problem or "cannot be read")
        return DocumentResult(path, evaluate_document_error(error, ruleset), is_article=False)
    if found.role == "image":
        media = read_media(found.path)
        return DocumentResult(path, evaluate_media(media, ruleset), [media.path], is_article=False)
    parsed = parse_article(found.path, data)
    if isinstance(parsed, DocumentError):
        return DocumentResult(path, evaluate_document_error(parsed, ruleset))
    media: dict[str, MediaFacts] = {}
    for figure in parsed.figures:
        if figure.status == "local" and figure.path and figure.path not in media:
            media[figure.path] = read_media(Path(figure.path))
    return DocumentResult(path, evaluate_article(parsed, media, ruleset), list(media))


def audit_paths(
    paths: Iterable[Path],
    config: Config | None = None,
    *,
    ruleset: RuleSet | None = None,
    on_finding: Callable[[Finding], None] | None = None,
) -> Report:
    """Audits every article and image under `paths`. Images used by an article are
    audited with it; the remaining images are audited on their own afterwards."""
    config = config or Config()
    ruleset = ruleset or load_ruleset(config)
    started = time.perf_counter()
    findings: list[Finding] = []
    images: list[Found] = []
    used_media: set[str] = set()
    documents = 0

    def take(result: DocumentResult) -> None:
        used_media.update(_key(p) for p in result.media_read)
        for finding in result.findings:
            findings.append(finding)
            if on_finding:
                on_finding(finding)

    for found in discover(list(paths), config.exclude):
        if found.role == "image":
            images.append(found)
            continue
        documents += 1
        take(audit_document(found, ruleset))
    for found in images:
        if _key(str(found.path)) in used_media:
            continue
        documents += 1
        take(audit_document(found, ruleset))

    findings.sort(key=_order)
    by_severity = Counter(f.severity.value for f in findings)
    summary = Summary(
        documents=documents,
        media=len(used_media),
        findings={level: by_severity.get(level, 0) for level in ("error", "warning", "info")},
        errors=sum(1 for f in findings if f.rule in UNREADABLE),
        elapsed=round(time.perf_counter() - started, 3),
    )
    return Report(findings=tuple(findings), summary=summary, rules=tuple(ruleset.infos()))


def _key(path: str) -> str:
    return str(Path(path).resolve())


def _order(finding: Finding) -> tuple:
    return (finding.path, finding.line or 0, finding.column or 0, finding.rule, finding.media or "")
