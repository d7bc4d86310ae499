"""Every rule of every bundled pack (variants and overlays included) documents a
failing and a passing example; both run through the real parser, engine and
suppression step with the pack chosen and the example's own settings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from auditor.articles import parse_article
from auditor.articles.suppressions import apply_suppressions
from auditor.config import Config
from auditor.engine import evaluate_article, load_ruleset
from auditor.engine.ruleset import bundled_packs, read_pack
from auditor.media.signals import derive_signals
from auditor.model import DocumentError, MediaError, MediaFacts, Signal

SUFFIX = {"markdown": ".md", "html": ".html", "text": ".txt", "json": ".json"}
# Examples run on a fixed day so "not yet in force" never depends on the calendar.
EXAMPLE_DAY = date(2026, 11, 1)


def media_of(path: Path, spec) -> MediaFacts:
    errors = (MediaError(code="INP001", message="not an image"),) if spec.unreadable else ()
    groups = {"exif": spec.exif, "iptc": spec.iptc, "xmp": spec.xmp, "png_text": spec.png_text, "c2pa": spec.c2pa}
    # Signals as the example states them, else as the media reader would derive them.
    signals = tuple(Signal(**s) for s in spec.signals) if spec.signals else derive_signals(**groups)
    return MediaFacts(path=str(path), format="jpeg", width=spec.width, height=spec.height,
                      signals=signals, errors=errors, **groups)


def active_codes(pack: str, example, folder: Path) -> set[str]:
    # As a newsroom would run it: the core rules plus the pack.
    settings = {"packs": list(dict.fromkeys(["core", pack])), "audit_date": EXAMPLE_DAY, **example.config}
    ruleset = load_ruleset(Config(**settings))
    folder.mkdir(parents=True, exist_ok=True)
    for name in example.media:
        (folder / name).write_bytes(b"")
    article_path = folder / f"example{SUFFIX[example.format]}"
    article_path.write_text(example.document, encoding="utf-8")
    article = parse_article(article_path)
    assert not isinstance(article, DocumentError), article
    media = {str(folder / name): media_of(folder / name, spec) for name, spec in example.media.items()}
    by_path = {f.path: media[str(Path(f.path))] for f in article.figures if f.path and str(Path(f.path)) in media}
    findings = apply_suppressions(evaluate_article(article, by_path, ruleset), article, ruleset)
    return {f.rule for f in findings if not f.suppressed}


CASES = [
    (name, rule.id, verdict, index, example)
    for name, path in bundled_packs().items()
    for rule in read_pack(path).rules
    for verdict, examples in (("fail", rule.docs.examples.fail), ("pass", rule.docs.examples.passing))
    for index, example in enumerate(examples)
]


@pytest.mark.parametrize("pack,code,verdict,index,example", CASES,
                         ids=[f"{p}-{c}-{v}{i}" for p, c, v, i, _ in CASES])
def test_pack_rule_example_behaves_as_documented(pack, code, verdict, index, example, tmp_path):
    codes = active_codes(pack, example, tmp_path)
    if verdict == "fail":
        assert code in codes, codes
    else:
        assert code not in codes, codes


@pytest.mark.parametrize("pack", sorted(bundled_packs()))
def test_every_pack_rule_has_complete_docs(pack):
    for rule in read_pack(bundled_packs()[pack]).rules:
        docs = rule.docs
        assert docs.summary.strip() and docs.rationale.strip(), rule.id
        assert rule.fix is not None or rule.target == "document", f"{rule.id} says nothing about what to do"
        assert docs.references or pack in ("core",), f"{rule.id} cites no law, standard or guideline"
        if rule.target != "document":
            assert docs.examples.fail and docs.examples.passing, f"{rule.id} lacks examples"
