"""Reports and findings built by hand for the formatter tests: what each one
carries is in its name."""

from __future__ import annotations

import io
from pathlib import Path

from auditor.model import Evidence, Finding, Report, RuleInfo, Severity, Summary
from auditor.report import write_report

AI_IMAGE_RULE = RuleInfo(
    code="AIX301",
    name="ai-image-without-visible-disclosure",
    severity=Severity.error,
    summary="AI-generated image without a visible disclosure",
    pack="core",
    help_uri="https://example.org/rules/AIX301",
)
CREDIT_RULE = RuleInfo(
    code="ATT101",
    name="credit-contradicts-metadata",
    severity=Severity.warning,
    summary="Credit line contradicts the image metadata",
    pack="core",
)
QUIET_RULE = RuleInfo(
    code="DAT201",
    name="updated-before-published",
    severity=Severity.info,
    summary="Updated date precedes the published date",
    pack="core",
)


def finding(**overrides) -> Finding:
    """An AI-image finding on an article line, with its image and evidence."""
    values = dict(
        rule="AIX301",
        name="ai-image-without-visible-disclosure",
        severity=Severity.error,
        message="Image 'img/storm.png' is marked AI-generated but its caption carries no disclosure.",
        path="news/storm.md",
        line=12,
        column=3,
        end_line=12,
        end_column=42,
        media="news/img/storm.png",
        figure=0,
        evidence=(
            Evidence(
                source="xmp:Iptc4xmpExt:DigitalSourceType",
                value="http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia",
            ),
            Evidence(source="caption", value="Storm clouds over the harbour."),
        ),
        fix="Add 'AI-generated image' to the caption.",
        fingerprint="3f" * 32,
    )
    values.update(overrides)
    return Finding(**values)


def lone_image_finding(**overrides) -> Finding:
    """A finding about an image file itself: no line, no column, no figure."""
    values = dict(
        rule="ATT101",
        name="credit-contradicts-metadata",
        severity=Severity.warning,
        message="Credit says 'Reuters' but the image metadata names 'Midjourney'.",
        path="photos/harbour.jpg",
        media=None,
        figure=None,
        line=None,
        column=None,
        evidence=(Evidence(source="exif:Software", value="Midjourney v6"),),
        fingerprint="a1" * 32,
    )
    values.update(overrides)
    return Finding(**values)


def info_finding(**overrides) -> Finding:
    values = dict(
        rule="DAT201",
        name="updated-before-published",
        severity=Severity.info,
        message="Updated 2026-01-01 is before published 2026-02-01.",
        path="news/dates.html",
        line=4,
        column=None,
    )
    values.update(overrides)
    return Finding(**values)


def report(*findings: Finding, documents: int = 5, media: int = 7, elapsed: float = 0.123, errors: int = 0) -> Report:
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        counts[f.severity.value] += 1
    return Report(
        findings=findings,
        summary=Summary(documents=documents, media=media, findings=counts, errors=errors, elapsed=elapsed),
        rules=(AI_IMAGE_RULE, CREDIT_RULE, QUIET_RULE),
    )


def mixed_report() -> Report:
    """An article finding with media, a lone-image finding without lines and an
    info finding with a line but no column."""
    return report(finding(), lone_image_finding(), info_finding())


def empty_report() -> Report:
    return report(documents=3, media=0, elapsed=0.01)


def render(rep: Report, fmt: str, *, base_path: Path | None = None, color: bool | None = None) -> str:
    stream = io.StringIO()
    write_report(rep, fmt, stream, color=color, base_path=base_path)
    return stream.getvalue()
