"""IPTC Digital Source Type values as written in a file, judged against the IPTC
vocabulary: unknown terms (typos such as `compositedWithTrainedAlgorithmicMedia`),
retired terms with their replacements, and values that are not the canonical
`http://cv.iptc.org/newscodes/digitalsourcetype/<term>` URI."""

from __future__ import annotations

from typing import Any

from ..media.source_types import AI_KINDS, IPTC_BASE, KIND_OF_TERM, RETIRED_TERMS, term_of
from ..model import MediaFacts
from .aigc import implicit_labels
from .credits import credit_names_of_text, names_agree
from ..media.field_text import texts_of

XMP_FIELDS = ("Iptc4xmpExt:DigitalSourceType", "Iptc4xmpExt:DigitalSourcefileType")
AI_PROPERTY_FIELDS = ("Iptc4xmpExt:AISystemUsed", "Iptc4xmpExt:AISystemVersionUsed",
                      "Iptc4xmpExt:AIPromptInformation", "Iptc4xmpExt:AIPromptWriterName")
CURRENT_TERMS = {term for term in KIND_OF_TERM if term not in RETIRED_TERMS}


def source_type_values(media: MediaFacts) -> list[tuple[str, str]]:
    """(field, value) of every Digital Source Type the file states."""
    out: list[tuple[str, str]] = []
    for name in XMP_FIELDS:
        for value in texts_of(media.xmp.get(name)):
            out.append((f"xmp:{name}", value))
    actions = media.c2pa.get("actions") if isinstance(media.c2pa, dict) else None
    for index, action in enumerate(actions if isinstance(actions, list) else []):
        if isinstance(action, dict) and isinstance(action.get("digitalSourceType"), str):
            out.append((f"c2pa:actions[{index}].digitalSourceType", action["digitalSourceType"]))
    return out


# The facts `source_type_facts` gives.
SOURCE_TYPE_KEYS = ("source_type_terms", "dst_unknown", "dst_retired", "dst_noncanonical", "ai_properties", "xmp_dst_ai",
                    "c2pa_created_without_source_type", "unique_identifier", "credit_fields_disagree")


def source_type_facts(media: MediaFacts) -> dict[str, Any]:
    unknown, retired, noncanonical, terms = [], [], [], []
    for field, value in source_type_values(media):
        term = term_of(value)
        terms.append(term)
        if term in RETIRED_TERMS:
            retired.append(f"{field} = {value} (retired; use {RETIRED_TERMS[term]})")
        elif term not in CURRENT_TERMS:
            unknown.append(f"{field} = {value}")
        elif value.strip() != IPTC_BASE + term:
            noncanonical.append(f"{field} = {value} (canonical: {IPTC_BASE + term})")
    ai_properties = [f"xmp:{name}" for name in AI_PROPERTY_FIELDS if texts_of(media.xmp.get(name))]
    xmp_ai = any(KIND_OF_TERM.get(term_of(v)) in AI_KINDS for name in XMP_FIELDS for v in texts_of(media.xmp.get(name)))
    return {
        "source_type_terms": terms,
        "dst_unknown": unknown,
        "dst_retired": retired,
        "dst_noncanonical": noncanonical,
        "ai_properties": ai_properties,
        "xmp_dst_ai": xmp_ai,
        "c2pa_created_without_source_type": _created_without_source_type(media),
        "unique_identifier": _unique_identifier(media),
        "credit_fields_disagree": _credit_fields_disagree(media),
    }


def _created_without_source_type(media: MediaFacts) -> bool:
    actions = media.c2pa.get("actions") if isinstance(media.c2pa, dict) else None
    for action in actions if isinstance(actions, list) else []:
        if isinstance(action, dict) and action.get("action") == "c2pa.created" and not action.get("digitalSourceType"):
            return True
    return False


def _unique_identifier(media: MediaFacts) -> str | None:
    """A permanent identifier the file carries (India's SGI rules): a C2PA manifest,
    an XMP document/instance ID, or an AIGC ProduceID."""
    if isinstance(media.c2pa, dict) and media.c2pa.get("active_manifest"):
        return f"c2pa:{media.c2pa['active_manifest']}"
    for name in ("xmpMM:DocumentID", "xmpMM:InstanceID", "xmpMM:OriginalDocumentID"):
        for value in texts_of(media.xmp.get(name)):
            return f"xmp:{name} = {value}"
    for label in implicit_labels(media):
        produce_id = (label.fields or {}).get("ProduceID")
        if produce_id:
            return f"{label.carrier} ProduceID = {produce_id}"
    return None


def _credit_fields_disagree(media: MediaFacts) -> str | None:
    """IIM Credit vs photoshop:Credit, or IIM By-line vs dc:creator, naming different parties."""
    pairs = ((("iptc", "Credit"), ("xmp", "photoshop:Credit")), (("iptc", "By-line"), ("xmp", "dc:creator")))
    for (group_a, key_a), (group_b, key_b) in pairs:
        a = [n for v in texts_of(getattr(media, group_a).get(key_a)) for n in credit_names_of_text(v)]
        b = [n for v in texts_of(getattr(media, group_b).get(key_b)) for n in credit_names_of_text(v)]
        if a and b and not names_agree(a, b):
            return f"{group_a}:{key_a} = {', '.join(a)} vs {group_b}:{key_b} = {', '.join(b)}"
    return None


