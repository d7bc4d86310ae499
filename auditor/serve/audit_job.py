"""The audit of one posted story, run in an audit worker process: the same
per-document step as `auditor check` on an archive member, then the report in the
format asked for. Everything here is picklable values in, text out."""

from __future__ import annotations

import io
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config
from ..discover import Found
from ..model import Finding, Report, Severity, Summary
from .uploads import Upload, UploadArchive

_UNREADABLE = frozenset({"INP001", "INP003", "INP006"})
_base_config: Config | None = None
_rulesets: dict[str, object] = {}  # options (as JSON) -> ruleset, per worker process
_MAX_RULESETS = 16


@dataclass(frozen=True)
class CheckJob:
    uploads: tuple[Upload, ...]
    article: str | None  # the member name of the article, None for images only
    options: dict = field(default_factory=dict)
    html: bool = False


@dataclass(frozen=True)
class CheckAnswer:
    body: str
    gate_failed: bool
    rule_counts: dict[str, int]


def start_worker(config: Config, folder: str, scratch: str) -> None:
    """Pool initializer: the server's config for this process, and an empty private
    working folder, so that the audit's roots hold nothing of the server's."""
    global _base_config
    from ..batch.scratch import adopt
    from ..pipeline import configure_process

    os.chdir(folder)
    adopt(scratch)
    _base_config = config
    configure_process(config)


def run_check(job: CheckJob) -> CheckAnswer:
    started = time.perf_counter()
    config, ruleset = _configured(job.options)
    archive = UploadArchive(job.uploads)
    findings, documents, media, articles = _audit(archive, job.article, ruleset)
    summary = Summary(
        documents=documents,
        media=media,
        findings={s: sum(1 for f in findings if f.severity.value == s and not f.suppressed) for s in ("error", "warning", "info")},
        errors=sum(f.rule in _UNREADABLE for f in findings),
        elapsed=round(time.perf_counter() - started, 3),
    )
    report = Report(findings=tuple(findings), summary=summary, rules=tuple(ruleset.infos()))
    body = _html(report, archive, articles) if job.html else _json(report)
    return CheckAnswer(body, _gate_failed(findings, config.fail_on), dict(Counter(f.rule for f in findings)))


def run_inspect(uploads: tuple[Upload, ...]) -> list[dict]:
    archive = UploadArchive(uploads)
    return [archive.read_media(archive.virtual(name)).model_dump(mode="json") for name in archive.member_names()]


def _configured(options: dict):
    import json

    from ..engine import load_ruleset

    assert _base_config is not None, "start_worker was not run"
    key = json.dumps(options, sort_keys=True, default=str)
    config = _base_config.model_copy(update=options) if options else _base_config
    if key not in _rulesets:
        if len(_rulesets) >= _MAX_RULESETS:
            _rulesets.pop(next(iter(_rulesets)))
        _rulesets[key] = load_ruleset(config)
    return config, _rulesets[key]


def _audit(archive: UploadArchive, article: str | None, ruleset) -> tuple[list[Finding], int, int, dict]:
    from ..articles.companions import archive_neighbours
    from ..batch.archive import MemberView
    from ..engine import evaluate_media
    from ..pipeline import audit_document

    findings: list[Finding] = []
    used: set[str] = set()
    documents = 0
    articles: dict[str, bytes] = {}
    if article is not None:
        data = archive.read(article)
        found = Found(Path(archive.virtual(archive.parse_name(article))), "article")
        with archive_neighbours(archive):
            result = audit_document(found, ruleset, data, source=MemberView(archive, article))
        findings += result.findings
        used.update(result.media_read)
        articles[archive.virtual(article)] = data
        documents += 1
    for member in archive.members():
        virtual = archive.virtual(member.name)
        if member.role != "image" or virtual in used:
            continue
        # An image the article does not use is audited on its own, as `check` does.
        findings += evaluate_media(archive.read_media(virtual), ruleset)
        documents += 1
        used.add(virtual)
    findings.sort(key=lambda f: (f.path, f.line or 0, f.column or 0, f.rule, f.media or ""))
    return findings, documents, len(used), articles


def _gate_failed(findings: list[Finding], fail_on: str) -> bool:
    from ..gate.baseline import gating_findings

    if fail_on == "never":
        return False
    floor = Severity(fail_on).rank
    return any(f.severity.rank >= floor for f in gating_findings(findings))


def _json(report: Report) -> str:
    from ..report import write_report

    stream = io.StringIO()
    write_report(report, "json", stream)
    return stream.getvalue()


def _html(report: Report, archive: UploadArchive, articles: dict[str, bytes]) -> str:
    from ..report import formatter_for
    from .report_views import UploadFigureViews

    stream = io.StringIO()
    formatter = formatter_for("html", stream)
    formatter.views = UploadFigureViews(archive, articles)  # previews from the posted bytes, not from disk
    formatter.start()
    for finding in report.findings:
        formatter.handle(finding)
    formatter.finish(report)
    return stream.getvalue()



def warm_worker() -> None:
    from ..articles import parse_article_unguarded

    _configured({})
    parse_article_unguarded(Path("warm.html"), b"<html><body><p>warm</p></body></html>")
