"""The run summary in words and numbers, shared by the human-facing formats."""

from __future__ import annotations

from typing import Mapping

from ..model import Severity, Summary

SEVERITIES = tuple(s.value for s in sorted(Severity, key=lambda s: -s.rank))  # error, warning, info


def severity_counts(summary: Summary, seen: Mapping[str, int] | None = None) -> dict[str, int]:
    """Findings per severity, every severity present. The engine's summary wins;
    the formatter's own tally of findings seen is the fallback for reports built
    without one."""
    source = summary.findings if summary.findings else (seen or {})
    return {s: int(source.get(s, 0)) for s in SEVERITIES}


def summary_sentence(summary: Summary, counts: dict[str, int], *, suppressed: int = 0, shown: bool = False) -> str:
    """``3 errors, 1 warning, 0 info in 5 documents, 7 images (0.12 s)``, or
    ``No findings in ...`` for a clean run. ``counts`` are the findings that can
    fail the gate; ``suppressed`` ones are counted apart, and said to be listed
    when ``shown`` (``--show-suppressed``)."""
    listed = "shown" if shown else "not shown"
    scope = f"in {_plural(summary.documents, 'document')}, {_plural(summary.media, 'image')}"
    if sum(counts.values()) == 0:
        found = "No findings"
    else:
        found = ", ".join(
            [_plural(counts["error"], "error"), _plural(counts["warning"], "warning"), f"{counts['info']} info"]
        )
    sentence = f"{found} {scope} ({summary.elapsed:.2f} s)"
    if summary.errors:
        sentence += f"; {_plural(summary.errors, 'file')} could not be read"
    if summary.baseline:
        # Counts above include accepted findings; say how many of them are new.
        sentence += (
            f"; baseline: {summary.baseline.get('new', 0)} new, {summary.baseline.get('unchanged', 0)} unchanged"
            f" ({listed})"
        )
        if summary.baseline.get("absent"):
            sentence += f", {summary.baseline['absent']} fixed"
    if suppressed:
        sentence += f"; {suppressed} suppressed ({'shown' if shown else 'not shown; --show-suppressed lists them'})"
    if summary.skipped:
        sentence += f"; {sum(summary.skipped.values())} skipped (not articles: READMEs, configs, templates...)"
    return sentence


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
