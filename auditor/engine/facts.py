"""Turns evidence (an Article, the MediaFacts of its images) into the flat facts that
rule conditions read: `article.*`, `figure.*`, `media.*`, `run.*`. Derived facts that
several rules share (is the image AI-signalled? how is it disclosed? where?) are
computed here once, so rules stay declarative."""

from __future__ import annotations

from itertools import islice
from typing import Any, Callable

from ..media.provenance import provenance_of
from ..media.source_types import AI_KINDS
from ..model import Article, Figure, MediaFacts
from .aigc import aigc_facts
from .chinese_label import chinese_label, platform_reminder
from .credits import credit_names_of_media, credit_names_of_text
from .disclosure.hits import Verdict
from .disclosure.reading import LABEL_KEYS, label_facts, languages_of, reader_language
from .figure_credit import FigureCredit, figure_credit, photo_credit_of
from .lazy_facts import LazyFacts, providers_of
from .overlay import declared_overlay, overlay_facts
from .placement import PageDisclosure, placement
from .source_type_hygiene import SOURCE_TYPE_KEYS, source_type_facts
from .syndication import syndication_of
from .vocabularies import VocabularySet

TRUE_WORDS = {"true", "yes", "1", "y", "on"}
ART50_EXCEPTIONS = ("artistic", "creative", "satirical", "fictional", "law_enforcement")
ART50_FIELDS = ("art50_exception", "ai_act_exception")
POLITICAL_FIELDS = ("political", "election", "election_period", "political_content")
SECTION_FIELDS = ("section", "category", "categories", "tags", "articleSection", "keywords")
DEPICTS_REAL_FIELDS = ("depicts_real", "depicts_real_people", "depicts_real_event")
AI_TEXT_FIELDS = ("ai_text", "ai_written", "ai_generated_text")
AI_TEXT_NOTE_FIELDS = ("ai_text_note", "ai_disclosure")
REVIEW_FIELDS = ("reviewed_by", "editor_reviewed", "human_review")
RESPONSIBLE_FIELDS = ("editor_responsible", "responsible_editor", "editor")


def media_facts(media: MediaFacts | None) -> dict[str, Any]:
    if media is None:
        return {"present": False, "readable": False, "ai": False, "capture": False, "signals": []}
    return FileFacts.of(media)


class FileFacts(LazyFacts):
    """`media.*`: what the file says. What every rule reads is computed at once; the
    credit names, AIGC labels, source-type hygiene and provenance when first read."""

    __slots__ = ("media",)

    @classmethod
    def of(cls, media: MediaFacts) -> "FileFacts":
        # Signal's three string fields, as model_dump() gives them, without its cost.
        signals = [{"kind": s.kind, "source": s.source, "value": s.value} for s in media.signals]
        if signals:
            ai_signals = [s for s in signals if s["kind"] in AI_KINDS]
            capture_signals = [s for s in signals if s["kind"] == "capture"]
            kinds = sorted({s["kind"] for s in signals})
        else:  # no generator comprehensions for a file that signals nothing
            ai_signals, capture_signals, kinds = [], [], []
        errors = media.errors
        c2pa = media.c2pa if isinstance(media.c2pa, dict) else None
        facts = cls({
            "present": True,
            "path": media.path,
            "format": media.format,
            "width": media.width,
            "height": media.height,
            "readable": not errors or not any(e.code == "INP001" for e in errors),
            "errors": [e.model_dump() for e in errors] if errors else [],
            "error": errors[0].message if errors else None,
            "signals": signals,
            "signal_kinds": kinds,
            "ai": bool(ai_signals),
            "ai_kind": ("ai-generated" if "ai-generated" in kinds else "ai-edited") if ai_signals else None,
            "ai_signals": ai_signals,
            "capture": bool(capture_signals),
            "capture_signals": capture_signals,
            "c2pa_present": bool(c2pa and c2pa.get("present")),
            "c2pa_signer": c2pa.get("signer") if c2pa is not None else None,
            "exif": media.exif,
            "iptc": media.iptc,
            "xmp": media.xmp,
            "png_text": media.png_text,
            "c2pa": media.c2pa,
        })
        facts.media = media
        return facts

    def _credit_names(self) -> dict[str, Any]:
        return {"credit_names": credit_names_of_media(self.media)}

    def _aigc(self) -> dict[str, Any]:
        return {"aigc": aigc_facts(self.media)}

    def _source_types(self) -> dict[str, Any]:
        return source_type_facts(self.media)

    def _provenance(self) -> dict[str, Any]:
        # Signals compared by source family, and the C2PA status (rules PRV201-204).
        return {"provenance": provenance_of(self.media)}

    PROVIDERS = providers_of(
        (("credit_names",), _credit_names),
        (("aigc",), _aigc),
        (SOURCE_TYPE_KEYS, _source_types),
        (("provenance",), _provenance),
    )


def run_facts(settings) -> dict[str, Any]:
    """`run.*`, the same for every document of a run: built once per settings and
    shared (rules only read facts)."""
    cached = _RUN_FACTS.get(id(settings))
    if cached is not None and cached[0] is settings:
        return cached[1]
    facts = {"role": settings.role, "jurisdictions": list(settings.jurisdictions),
             "audit_date": settings.audit_date.isoformat(),
             "scheduled_window_minutes": getattr(settings, "scheduled_window_minutes", None)}
    _RUN_FACTS.clear()  # one run's settings at a time; the entry keeps them alive, so the id stays theirs
    _RUN_FACTS[id(settings)] = (settings, facts)
    return facts


_RUN_FACTS: dict[int, tuple[Any, dict[str, Any]]] = {}


def article_facts(article: Article, vocabularies: VocabularySet, settings=None) -> dict[str, Any]:
    return ArticleFacts.of(article, vocabularies, settings)


class ArticleFacts(LazyFacts):
    """`article.*`: the article's own fields at once; whether it is agency copy and
    how it is attributed, its section and the flags read from its wording when a rule
    first asks."""

    __slots__ = ("article", "vocabularies", "settings")

    @classmethod
    def of(cls, article: Article, vocabularies: VocabularySet, settings) -> "ArticleFacts":
        fields = article.fields
        facts = cls({
            "path": article.path,
            "format": article.format,
            "title": article.title,
            "byline": article.byline,
            "language": article.language,
            "published": article.published.isoformat() if article.published else None,
            "updated": article.updated.isoformat() if article.updated else None,
            "fields": article.fields,
            "figure_count": len(article.figures),
            **(_NO_DECLARED_FACTS if _DECLARED_FACT_FIELDS.isdisjoint(fields) else _declared_facts(fields)),
            "incomplete": list(article.incomplete),
        })
        facts.article, facts.vocabularies, facts.settings = article, vocabularies, settings
        return facts

    def _syndication(self) -> dict[str, Any]:
        article, vocabularies = self.article, self.vocabularies
        syndication = syndication_of(article, vocabularies)
        attribution = syndication.attribution
        source = syndication.source
        generic_words = vocabularies.get("generic_attribution")
        generic = attribution is not None and generic_words is not None and generic_words.search(attribution) is not None
        specific_source = source is not None and not (generic_words and generic_words.search(source))
        return {
            "syndicated": syndication.syndicated,
            "syndication_source": source,
            "attributed": attribution is not None,
            "attribution": attribution,
            "attribution_generic": bool(generic and specific_source),
            "agency_dateline": _agency_dateline(article, vocabularies) or any(e.startswith("dateline:") for e in syndication.evidence),
            # Why the article counts as agency copy (auditor/engine/syndication.py).
            "syndication_evidence": list(syndication.evidence),
        }

    def _unedited_note(self) -> dict[str, Any]:
        body = self.article.blocks_of("body", "byline", "dateline", "attribution")
        return {"unedited_note": _first_block_match(self.vocabularies, "unedited_notes", body[-3:])}

    def _section(self) -> dict[str, Any]:
        return {"section": _section(self.article)}

    def _art50_exception(self) -> dict[str, Any]:
        return {"art50_exception": _art50_exception(self.article, self.settings)}

    def _political(self) -> dict[str, Any]:
        return {"political": _political(self.article, self.vocabularies)}

    PROVIDERS = providers_of(
        (("syndicated", "syndication_source", "attributed", "attribution", "attribution_generic", "agency_dateline",
          "syndication_evidence"), _syndication),
        (("unedited_note",), _unedited_note),
        (("section",), _section),
        (("art50_exception",), _art50_exception),
        (("political",), _political),
    )


EDITED_FIELDS = ("edited", "rewritten")
AUTO_PUBLISHED_FIELDS = ("auto_published", "autopublished", "feed_item")
SGI_DECLARED_FIELDS = ("sgi_declared", "synthetic_declared", "ai_declared")


def _declared_facts(fields: dict) -> dict[str, Any]:
    """The article facts its own fields declare (front matter, CMS flags)."""
    return {
        "edited": _flag(fields, EDITED_FIELDS),
        "auto_published": _flag(fields, AUTO_PUBLISHED_FIELDS),
        "depicts_real": _flag(fields, DEPICTS_REAL_FIELDS) is True,
        "ai_text": _flag(fields, AI_TEXT_FIELDS) is True,
        "ai_text_note": _first_value(fields, AI_TEXT_NOTE_FIELDS),
        "reviewed_by": _first_value(fields, REVIEW_FIELDS),
        "editor_responsible": _first_value(fields, RESPONSIBLE_FIELDS),
        "sgi_declared": _flag(fields, SGI_DECLARED_FIELDS),
    }


def page_facts(disclosures: list[PageDisclosure]) -> dict[str, Any]:
    """Article-level disclosure outside figures (EU first exposure, AI-text notes)."""
    return {
        "page_disclosed": bool(disclosures),
        "page_disclosure_text": disclosures[0].text if disclosures else None,
        "page_disclosure_line": disclosures[0].line if disclosures else None,
    }


def figure_facts(
    figure: Figure,
    media: MediaFacts | None,
    vocabularies: VocabularySet,
    article: Article | None = None,
    page: Callable[[], list[PageDisclosure]] | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    facts_of_media = media_facts(media)
    return FigureFacts.of(figure, facts_of_media, vocabularies, article, page), facts_of_media


class FigureFacts(LazyFacts):
    """`figure.*`: what the page says of one image, beside what its file says (the
    `media` facts). Whether it is AI-signalled and how its label reads are what most
    rules ask first; credits, overlays, placement and regional labels are computed
    when a rule gets that far."""

    __slots__ = ("figure", "media", "vocabularies", "article", "page", "_verdict", "_credit")

    @classmethod
    def of(cls, figure: Figure, media: dict[str, Any], vocabularies: VocabularySet,
           article: Article | None, page: Callable[[], list[PageDisclosure]] | None) -> "FigureFacts":
        facts = cls({
            "index": figure.index,
            "src": figure.src,
            "status": figure.status,
            "path": figure.path,  # the file read, or the path refused (INP007)
            "caption": figure.caption.text if figure.caption else None,
            "alt": figure.alt.text if figure.alt else None,
            "title": figure.title.text if figure.title else None,
            "credit": figure.credit.text if figure.credit else None,
            "declared_ai": bool(figure.declared_ai),
            "declared_source_type": figure.declared_source_type,
            "declared_by": figure.declared_by,
            "ai_signalled": bool(figure.declared_ai) or media["ai"],
        })
        facts.figure, facts.media, facts.vocabularies, facts.article, facts.page = figure, media, vocabularies, article, page
        facts._verdict = facts._credit = None
        return facts

    @property
    def verdict(self) -> Verdict:
        """How the caption, alt text, title and credit read, together."""
        if self._verdict is None:
            texts = [block.text for block in self.figure.texts()]
            declared = self.article.language if self.article else None
            languages = languages_of(self.vocabularies.disclosure, declared, texts)
            self._verdict = self.vocabularies.disclosure.verdict(texts, languages)
        return self._verdict

    @property
    def credit_line(self) -> FigureCredit:
        if self._credit is None:
            self._credit = figure_credit(self.figure, self.vocabularies)
        return self._credit

    def _label_texts(self) -> list[str]:
        overlay = self["overlay"]
        return [b.text for b in self.figure.texts()] + ([overlay["text"]] if overlay.get("text") else [])

    def _disclosure(self) -> dict[str, Any]:
        verdict = self.verdict
        deciding = verdict.deciding
        tool = next((hit for hit in verdict.hits if hit.kind == "tool"), None)
        return {
            "disclosure": verdict.level,
            "disclosure_text": deciding.text if deciding else None,
            "disclosure_language": deciding.language if deciding else None,
            "tool_name": tool.text if tool else None,
        }

    def _label(self) -> dict[str, Any]:
        # Apart from `disclosure`, which a rule reads for every figure: these only
        # for figures whose label is judged (AI-signalled ones, for messages and fixes).
        declared = self.article.language if self.article else None
        disclosure = self.vocabularies.disclosure
        return label_facts(disclosure, self.verdict, reader_language(disclosure, declared, self.verdict),
                           self.media.get("ai_kind"))

    def _credits(self) -> dict[str, Any]:
        credit = self.credit_line
        credit_text = self["credit"]
        caption_text = self["caption"]
        photo_credit = photo_credit_of(credit, credit_text, caption_text, self.vocabularies)
        deciding = self.verdict.deciding
        credit_names = credit.credit.names if credit.credit else []
        # Who is responsible: the parsed names, else whatever a credit line of the figure says
        # ("Courtesy of the family of …" credits someone even where no name can be cut out).
        entity_names = credit_names or (credit_names_of_text(credit_text) if credit_text else [])
        file_credit = {"credit_names": self.media.get("credit_names"), "c2pa_signer": None}
        return {
            "presented_as_photo": photo_credit is not None,
            # What the page says about the image, for messages: the credit or the deciding words.
            "stated": photo_credit or (deciding.text if deciding else None) or credit_text,
            "photo_credit": photo_credit,
            "credit_text": credit.line or caption_text,
            "credited": bool(_responsible_entity(entity_names, file_credit)),
            "responsible_entity": _responsible_entity(entity_names, self.media),
            # The credit as parsed (auditor/engine/credit_parser.py); `caption_credit` is the
            # credit cut from the end of the caption when the figure has no credit line.
            "credit_kind": credit.credit.kind if credit.credit else None,
            "credit_creator": credit.credit.creator if credit.credit else None,
            "credit_agency": credit.credit.agency if credit.credit else None,
            "caption_credit": credit.line if credit.from_caption else None,
        }

    def _credit_names(self) -> dict[str, Any]:
        # On its own: the credit-match rule reads it for every local figure.
        credit = self.credit_line
        return {"credit_names": credit.credit.names if credit.credit else []}

    def _overlay(self) -> dict[str, Any]:
        declared = declared_overlay(self.article, self.figure) if self.article else None
        overlay = overlay_facts(declared, self.media.get("width"), self.media.get("height"))
        verdict = self.vocabularies.disclosure.verdict([overlay.get("text")]) if overlay.get("text") else None
        explicit = verdict is not None and verdict.level == "explicit"
        return {"overlay": overlay, "overlay_declared": overlay["declared"], "overlay_explicit": explicit}

    def _regional_labels(self) -> dict[str, Any]:
        label_texts = self._label_texts()
        cn_level, cn_text = chinese_label(label_texts)
        aigc = self.media.get("aigc") or {}
        reminder, reminder_ok = platform_reminder(aigc.get("label"), label_texts)
        return {
            "cn_label": cn_level,
            "cn_label_text": cn_text,
            "cn_reminder_expected": reminder,
            "cn_reminder_ok": reminder_ok,
            "eci_label": _first_match(self.vocabularies, "eci_labels", label_texts),
            "depicts_real": _depicts_real(self.article, label_texts, self.vocabularies),
        }

    def _alt(self) -> dict[str, Any]:
        alt = self.figure.alt
        verdict = self.vocabularies.disclosure.verdict([alt.text]) if alt else None
        return {"alt_discloses": verdict is not None and verdict.level == "explicit"}

    def _placement(self) -> dict[str, Any]:
        explicit_here = self.verdict.level == "explicit" or self["overlay_explicit"]
        where, page_disclosure = (None, None)
        disclosures: list[PageDisclosure] = []
        if self.page is not None and self["ai_signalled"] and not explicit_here:
            disclosures = self.page()
            where, page_disclosure = placement(self.figure, disclosures, self.article.blocks if self.article else ())
        return {
            "page_disclosure": where,
            "page_disclosure_text": page_disclosure.text if page_disclosure else None,
            "page_disclosure_line": page_disclosure.line if page_disclosure else None,
            "disclosed_at_first_exposure": explicit_here or where in ("before", "adjacent"),
            "disclosed_on_page": explicit_here or bool(disclosures),
        }

    def _source_type(self) -> dict[str, Any]:
        file_terms = self.media.get("source_type_terms") or []
        declared_term = _term(self.figure.declared_source_type)
        return {
            "file_source_type": file_terms[0] if file_terms else None,
            "declared_source_type_mismatch": bool(declared_term and file_terms and declared_term not in file_terms),
        }

    PROVIDERS = providers_of(
        (("disclosure", "disclosure_text", "disclosure_language", "tool_name"), _disclosure),
        (LABEL_KEYS, _label),
        (("credit_names",), _credit_names),
        (("presented_as_photo", "stated", "photo_credit", "credit_text", "credited", "responsible_entity",
          "credit_kind", "credit_creator", "credit_agency", "caption_credit"), _credits),
        (("overlay", "overlay_declared", "overlay_explicit"), _overlay),
        (("cn_label", "cn_label_text", "cn_reminder_expected", "cn_reminder_ok", "eci_label", "depicts_real"),
         _regional_labels),
        (("alt_discloses",), _alt),
        (("page_disclosure", "page_disclosure_text", "page_disclosure_line", "disclosed_at_first_exposure",
          "disclosed_on_page"), _placement),
        (("file_source_type", "declared_source_type_mismatch"), _source_type),
    )


def _responsible_entity(credit_names: list[str], media: dict) -> str | None:
    """Who the page or the file says made the image: a credit line, the credit at
    the end of the caption, the file's creator/credit fields, or the C2PA signer."""
    return ", ".join(credit_names) or ", ".join(media.get("credit_names") or []) or media.get("c2pa_signer") or None


def _term(value: str | None) -> str | None:
    from ..media.source_types import term_of

    return term_of(value) if value else None


def _flag(fields: dict, names: tuple[str, ...]) -> bool | None:
    for name in names:
        if name in fields and fields[name] is not None:
            return _truthy(fields[name])
    return None


def _first_value(fields: dict, names: tuple[str, ...]) -> str | None:
    for name in names:
        value = fields.get(name)
        if value not in (None, "", [], {}):
            return str(value)
    return None


def _art50_exception(article: Article, settings) -> str | None:
    value = _first_value(article.fields, ART50_FIELDS)
    if value and value.strip().lower() in ART50_EXCEPTIONS:
        return value.strip().lower()
    return settings.art50_exception_of(article.path) if settings is not None else None


def _section(article: Article) -> str | None:
    parts: list[str] = []
    for name in SECTION_FIELDS:
        value = article.fields.get(name)
        parts.extend(str(v) for v in (value if isinstance(value, list) else [value]) if isinstance(v, (str, int)))
    return " | ".join(parts) or None


def _political(article: Article, vocabularies: VocabularySet) -> bool:
    if _flag(article.fields, POLITICAL_FIELDS):
        return True
    sections = vocabularies.get("political_sections")
    if sections is None:
        return False
    for name in SECTION_FIELDS:
        value = article.fields.get(name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and sections.search(item):
                return True
    return False


def _depicts_real(article: Article | None, texts: list[str], vocabularies: VocabularySet) -> bool:
    if article is not None and _flag(article.fields, DEPICTS_REAL_FIELDS):
        return True
    people = vocabularies.get("real_people")
    return people is not None and any(people.search(t) for t in texts if t)


def _agency_dateline(article: Article, vocabularies: VocabularySet) -> bool:
    datelines = vocabularies.get("agency_datelines")
    if datelines is None:
        return False
    first_two = islice((b for b in article.blocks if b.kind in _DATELINE_KINDS), 2)
    return any(datelines.search(b.text) for b in first_two)


_DATELINE_KINDS = ("dateline", "byline", "body")


def _first_block_match(vocabularies: VocabularySet, name: str, blocks) -> str | None:
    return _first_match(vocabularies, name, [b.text for b in blocks])


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


# Most articles declare none of these: their facts are then the defaults, worked out once.
_DECLARED_FACT_FIELDS = frozenset(EDITED_FIELDS + AUTO_PUBLISHED_FIELDS + DEPICTS_REAL_FIELDS + AI_TEXT_FIELDS
                                  + AI_TEXT_NOTE_FIELDS + REVIEW_FIELDS + RESPONSIBLE_FIELDS + SGI_DECLARED_FIELDS)
_NO_DECLARED_FACTS = _declared_facts({})
