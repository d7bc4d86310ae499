"""Runs a rule's documented examples through the real parser and engine. The images an
example uses exist as empty files; their facts come from the example itself."""

from __future__ import annotations

from pathlib import Path

from auditor.articles import parse_article
from auditor.engine import evaluate_article
from auditor.engine.schema import Example
from auditor.media.signals import derive_signals
from auditor.model import Article, DocumentError, Finding, MediaError, MediaFacts, Signal

SUFFIX = {"markdown": ".md", "html": ".html", "text": ".txt", "json": ".json"}


def media_of(path: Path, spec) -> MediaFacts:
    errors = (MediaError(code="INP001", message="not an image"),) if spec.unreadable else ()
    groups = {"exif": spec.exif, "iptc": spec.iptc, "xmp": spec.xmp, "png_text": spec.png_text, "c2pa": spec.c2pa}
    # Signals as the example states them, else as the media reader would derive them.
    signals = tuple(Signal(**s) for s in spec.signals) if spec.signals else derive_signals(**groups)
    return MediaFacts(path=str(path), format="jpeg", width=spec.width, height=spec.height,
                      signals=signals, errors=errors, **groups)


def example_evidence(example: Example, folder: Path) -> tuple[Article, dict[str, MediaFacts]]:
    """The example's article, parsed from a real file, and its images' facts keyed by
    the figures' resolved paths, as the pipeline keys them."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in example.media:
        (folder / name).write_bytes(b"")
    article_path = folder / f"example{SUFFIX[example.format]}"
    article_path.write_text(example.document, encoding="utf-8")
    article = parse_article(article_path)
    assert not isinstance(article, DocumentError), article
    media = {str(folder / name): media_of(folder / name, spec) for name, spec in example.media.items()}
    return article, {f.path: media[str(Path(f.path))] for f in article.figures if f.path and str(Path(f.path)) in media}


def findings_for_example(example: Example, ruleset, folder: Path) -> tuple[Article, list[Finding]]:
    """The example's article and what the rules find in it."""
    article, media = example_evidence(example, folder)
    return article, evaluate_article(article, media, ruleset)


def codes_for_example(example: Example, ruleset, folder: Path) -> set[str]:
    return {f.rule for f in findings_for_example(example, ruleset, folder)[1]}
