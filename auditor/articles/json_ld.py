"""schema.org JSON-LD in a page: the article object, its images (with caption,
credit and digitalSourceType), and the hints that a story is syndicated.

Scripts may hold one object, a list, or an `@graph`; images may be a URL, a
list of URLs (crops of one picture), ImageObjects, or `{"@id": ...}` references
into the graph. The walk is iterative and bounded.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from auditor.limits import active_limits, note_incomplete

ARTICLE_TYPES = frozenset({
    "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
    "BackgroundNewsArticle", "ReviewNewsArticle", "AskPublicNewsArticle", "SatiricalArticle",
    "BlogPosting", "LiveBlogPosting", "Report", "TechArticle", "ScholarlyArticle", "SocialMediaPosting",
})
MAX_SCRIPT_CHARS = 1024 * 1024
MAX_NODES = 20000
MAX_IMAGES_PER_LIST = 50
# associatedMedia may hold the story's video or audio: not figures.
_NOT_IMAGES = frozenset({"VideoObject", "AudioObject", "MusicRecording", "Clip"})
_PORTRAIT_HOLDERS = frozenset({"Person", "Organization", "NewsMediaOrganization", "Corporation", "WebSite"})
_CDATA = re.compile(r"^\s*(?:/\*\s*)?<!\[CDATA\[(?:\s*\*/)?|(?:/\*\s*)?\]\]>(?:\s*\*/)?\s*$")


@dataclass
class LdImage:
    urls: list[str]
    caption: str | None = None
    credit: str | None = None
    digital_source_type: Any = None
    where: str = "image"  # the article key it came from, for `declared_by`
    script: int = 0


@dataclass
class JsonLd:
    article: dict[str, Any] | None = None
    article_script: int | None = None
    images: list[LdImage] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def read_json_ld(scripts: list[str]) -> JsonLd:
    found = JsonLd()
    ids: dict[str, dict[str, Any]] = {}
    graph_images: list[tuple[dict[str, Any], int]] = []
    pages: list[dict[str, Any]] = []
    # Images the graph names as a logo or a person's portrait: not the story's pictures.
    not_story: set[str] = set()
    for number, text in enumerate(scripts):
        if len(text) > MAX_SCRIPT_CHARS:
            found.errors.append(f"JSON-LD script {number + 1} is larger than {MAX_SCRIPT_CHARS // 1024} KB")
            continue
        try:
            data = json.loads(_CDATA.sub("", text), strict=False)
        except (ValueError, RecursionError) as error:
            found.errors.append(f"JSON-LD script {number + 1} is not valid JSON: {str(error).splitlines()[0][:200]}")
            continue
        for node in _graph_level(data):
            types = _types(node)
            if "ImageObject" in types:
                graph_images.append((node, number))
            if types & {"WebPage", "ItemPage"}:
                pages.append(node)
        for node in _all_objects(data):
            identifier = node.get("@id")
            if isinstance(identifier, str) and len(node) > 1:
                ids.setdefault(identifier, node)
            if found.article is None and _types(node) & ARTICLE_TYPES:
                found.article, found.article_script = node, number
            not_story.update(_portrait_and_logo_ids(node))

    seen: set[int] = set()
    if found.article is not None:
        for key in ("image", "associatedMedia"):
            _collect(found.article.get(key), key, found.article_script or 0, ids, seen, found.images)
    for page in pages:
        _collect(page.get("primaryImageOfPage"), "primaryImageOfPage", 0, ids, seen, found.images)
    for node, number in graph_images:
        if node.get("@id") in not_story:
            continue
        _collect(node, "ImageObject", number, ids, seen, found.images)
    return found


def article_fields(article: dict[str, Any]) -> dict[str, Any]:
    """The article object's keys that later stages ask about, flattened."""
    fields: dict[str, Any] = {}
    for key, name in (("headline", "headline"), ("datePublished", "date_published"),
                      ("dateModified", "date_modified"), ("inLanguage", "in_language")):
        value = _text(article.get(key))
        if value:
            fields[name] = value
    authors = names_of(article.get("author"))
    if authors:
        fields["author"] = authors
    publisher = _first(names_of(article.get("publisher")))
    if publisher:
        fields["publisher"] = publisher
    based_on = article.get("isBasedOn") or article.get("isBasedOnUrl")
    based_on_name = _first(names_of(based_on)) if not isinstance(based_on, str) else based_on
    if isinstance(based_on, dict):
        based_on_name = (
            _first(names_of(based_on.get("publisher")))
            or _first(names_of(based_on.get("sourceOrganization")))
            or _text(based_on.get("url"))
            or based_on_name
        )
    source_organization = _first(names_of(article.get("sourceOrganization")))
    provider = _first(names_of(article.get("provider")))
    if based_on_name:
        fields["is_based_on"] = based_on_name
    if source_organization:
        fields["source_organization"] = source_organization
    if provider:
        fields["provider"] = provider
    # The publisher naming itself as source or provider is not syndication.
    outside = [name for name in (based_on_name, source_organization, provider) if name and name != publisher]
    if outside:
        fields["syndicated"] = True
        fields["source"] = source_organization or provider or based_on_name
    return fields


def names_of(value: Any) -> list[str]:
    """Names of a Person/Organization value: a string, an object, or a list of either."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items[:MAX_IMAGES_PER_LIST]:
        if isinstance(item, str) and item.strip():
            names.append(item.strip())
        elif isinstance(item, dict):
            name = _text(item.get("name")) or _text(item.get("legalName"))
            if name:
                names.append(name)
    return names


def _collect(value: Any, where: str, script: int, ids: dict[str, dict[str, Any]], seen: set[int], out: list[LdImage]) -> None:
    items = value if isinstance(value, list) else [value]
    # A list of bare URLs is one picture in several crops (Google's advice).
    urls = [item.strip() for item in items[:MAX_IMAGES_PER_LIST] if isinstance(item, str) and item.strip()]
    if urls:
        out.append(LdImage(urls=urls, where=where, script=script))
    limit = active_limits().json_ld_images
    if len(items) > limit:
        note_incomplete("JSON-LD image entries", "json_ld_images")
    for item in items[:limit]:
        if not isinstance(item, dict):
            continue
        identifier = item.get("@id")
        if isinstance(identifier, str) and identifier in ids and set(item) <= {"@id", "@type"}:
            item = ids[identifier]
        if id(item) in seen or _types(item) & _NOT_IMAGES:
            continue
        seen.add(id(item))
        image_urls = _urls(item.get("contentUrl")) + _urls(item.get("url"))
        if not image_urls:
            continue
        out.append(
            LdImage(
                urls=list(dict.fromkeys(image_urls)),
                caption=_text(item.get("caption")) or None,
                credit=_credit(item),
                digital_source_type=item.get("digitalSourceType"),
                where=where,
                script=script,
            )
        )


def _credit(image: dict[str, Any]) -> str | None:
    return (
        _text(image.get("creditText"))
        or _first(names_of(image.get("creator")))
        or _text(image.get("copyrightNotice"))
        or _first(names_of(image.get("copyrightHolder")))
        or None
    )


def _portrait_and_logo_ids(node: dict[str, Any]) -> list[str]:
    """@ids of the images `node` uses as a logo, or as its portrait when it is a
    person or an organisation."""
    values = [node.get("logo")]
    if _types(node) & _PORTRAIT_HOLDERS:
        values.append(node.get("image"))
    found = []
    for value in values:
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and isinstance(item.get("@id"), str):
                found.append(item["@id"])
    return found


def _graph_level(data: Any) -> list[dict[str, Any]]:
    roots = data if isinstance(data, list) else [data]
    nodes = []
    for root in roots[:MAX_NODES]:
        if isinstance(root, dict):
            nodes.append(root)
            graph = root.get("@graph")
            if isinstance(graph, list):
                nodes.extend(node for node in graph[:MAX_NODES] if isinstance(node, dict))
    return nodes


def _all_objects(data: Any) -> list[dict[str, Any]]:
    """Every object in the document, parents before children, bounded."""
    objects: list[dict[str, Any]] = []
    stack = [data]
    visited = 0
    while stack and visited < MAX_NODES:
        value = stack.pop()
        visited += 1
        if isinstance(value, dict):
            objects.append(value)
            stack.extend(reversed([child for child in value.values() if isinstance(child, (dict, list))]))
        elif isinstance(value, list):
            stack.extend(reversed([child for child in value if isinstance(child, (dict, list))]))
    return objects


def _types(node: dict[str, Any]) -> set[str]:
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    # "schema:NewsArticle" and "http://schema.org/NewsArticle" name the same type.
    return {item.rsplit("/", 1)[-1].rsplit(":", 1)[-1] for item in values if isinstance(item, str)}


def _urls(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [item.strip() for item in items[:MAX_IMAGES_PER_LIST] if isinstance(item, str) and item.strip()]


def _text(value: Any) -> str:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or value.get("text")
    return value.strip() if isinstance(value, str) else ""


def _first(values: list[str]) -> str | None:
    return values[0] if values else None
