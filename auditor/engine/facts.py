"""Turns evidence (an Article, the MediaFacts of its images) into the flat facts that
rule conditions read: `article.*`, `figure.*`, `media.*`. Derived facts that several
rules share (is the image AI-signalled? how is it disclosed?) are computed here once,
so rules stay declarative."""

from __future__ import annotations

from typing import Any

from ..media.source_types import AI_KINDS
from ..model import Article, Figure, MediaFacts
from .credits import credit_names_of_media, credit_names_of_text
from .vocabularies import VocabularySet

TRUE_WORDS = {"true", "yes", "1", "y", "on"}


def media_facts(media: MediaFacts | None) -> dict[str, Any]:
    if media is None:
        return {"present": False, "readable": False, "ai": False, "capture": False, "signals": []}
    signals = [s.model_dump() for s in media.signals]
    ai_signals = [s for s in signals if s["kind"] in AI_KINDS]
    capture_signals = [s for s in signals if s["kind"] == "capture"]
    return {
        "present": True,
        "path": media.path,
        "format": media.format,
        "width": media.width,
        "height": media.height,
        "readable": not any(e.code == "INP001" for e in media.errors),
        "errors": [e.model_dump() for e in media.errors],
        "error": media.errors[0].message if media.errors else None,
        "signals": signals,
        "signal_kinds": sorted({s["kind"] for s in signals}),
        "ai": bool(ai_signals),
        "ai_kind": "ai-generated" if any(s["kind"] == "ai-generated" for s in ai_signals) else ("ai-edited" if ai_signals else None),
        "ai_signals": ai_signals,
        "capture": bool(capture_signals),
        "capture_signals": capture_signals,
        "credit_names": credit_names_of_media(media),
        "exif": media.exif,
        "iptc": media.iptc,
        "xmp": media.xmp,
        "png_text": media.png_text,
        "c2pa": media.c2pa,
    }


def article_facts(article: Article, vocabularies: VocabularySet) -> dict[str, Any]:
    attribution = _attribution_text(article, vocabularies)
    return {
        "path": article.path,
        "format": article.format,
        "title": article.title,
        "byline": article.byline,
        "language": article.language,
        "published": article.published.isoformat() if article.published else None,
        "updated": article.updated.isoformat() if article.updated else None,
        "fields": article.fields,
        "figure_count": len(article.figures),
        "syndicated": _syndicated(article, vocabularies),
        "syndication_source": _syndication_source(article),
        "attributed": attribution is not None,
        "attribution": attribution,
    }


def figure_facts(figure: Figure, media: MediaFacts | None, vocabularies: VocabularySet) -> dict[str, Any]:
    texts = figure.texts()
    verdict = vocabularies.disclosure.verdict(block.text for block in texts)
    deciding = verdict.deciding
    credit_text = figure.credit.text if figure.credit else None
    photo_credit = _first_match(vocabularies, "photo_credits", [credit_text, figure.caption.text if figure.caption else None])
    facts_of_media = media_facts(media)
    return {
        "index": figure.index,
        "src": figure.src,
        "status": figure.status,
        "caption": figure.caption.text if figure.caption else None,
        "alt": figure.alt.text if figure.alt else None,
        "title": figure.title.text if figure.title else None,
        "credit": credit_text,
        "declared_ai": bool(figure.declared_ai),
        "declared_source_type": figure.declared_source_type,
        "declared_by": figure.declared_by,
        "disclosure": verdict.level,
        "disclosure_text": deciding.text if deciding else None,
        "disclosure_language": deciding.language if deciding else None,
        "presented_as_photo": photo_credit is not None,
        # What the page says about the image, for messages: the credit or the deciding words.
        "stated": photo_credit or (deciding.text if deciding else None) or credit_text,
        "photo_credit": photo_credit,
        "ai_signalled": bool(figure.declared_ai) or facts_of_media["ai"],
        "credit_names": credit_names_of_text(credit_text or (figure.caption.text if figure.caption else "")),
    }, facts_of_media


def _first_match(vocabularies: VocabularySet, name: str, texts: list[str | None]) -> str | None:
    if name not in vocabularies:
        return None
    for text in texts:
        if text and vocabularies[name].search(text):
            return text
    return None


def _truthy(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in TRUE_WORDS


def _syndication_source(article: Article) -> str | None:
    for key in ("source", "agency", "original_source", "provider", "sourceOrganization", "isBasedOn"):
        value = article.fields.get(key)
        if isinstance(value, dict):
            value = value.get("name") or value.get("@id")
        if value:
            return str(value)
    return None


def _syndicated(article: Article, vocabularies: VocabularySet) -> bool:
    fields = article.fields
    if "syndicated" in fields:
        return _truthy(fields["syndicated"])
    source = _syndication_source(article)
    agencies = vocabularies.get("agencies")
    return bool(source and agencies is not None and agencies.search(source))


def _attribution_text(article: Article, vocabularies: VocabularySet) -> str | None:
    blocks = article.blocks_of("attribution")
    if blocks:
        return blocks[0].text
    attribution = vocabularies.get("agency_attribution")
    if attribution is None:
        return None
    # Wire copy is credited in the dateline (first paragraph) or the trailer (last).
    body = article.blocks_of("body", "byline", "dateline", "credit")
    for block in body[:1] + body[-2:]:
        if attribution.search(block.text):
            return block.text
    return None
