"""Arc XP ANS stories (one story, or a content API answer listing stories in
`content_elements`): the body from `content_elements` (text, headers, lists and
`image` elements), the lead from `promo_items`, credits from `credits.by` and
`credits.affiliation`, syndication from `distributor` and `source`."""

from __future__ import annotations

import html
from typing import Any, Iterable, Iterator

from auditor.articles.exchange_item import ExchangeItem, ItemImage
from auditor.articles.json_values import names, plain, text

_TEXT_TYPES = {"text": "p", "header": "h2", "quote": "blockquote"}


def is_ans_story(value: Any) -> bool:
    return isinstance(value, dict) and value.get("type") == "story" and (
        isinstance(value.get("content_elements"), list) or isinstance(value.get("headlines"), dict))


def read_arc_ans(data: Any) -> Iterator[ExchangeItem]:
    stories = [data] if is_ans_story(data) else (data.get("content_elements") or [] if isinstance(data, dict) else [])
    return read_arc_ans_stories(stories if isinstance(stories, list) else [])


def read_arc_ans_stories(stories: Iterable[Any]) -> Iterator[ExchangeItem]:
    """The stories of a list (or a stream) of ANS objects; other objects are passed over."""
    for number, story in enumerate(stories, start=1):
        if not is_ans_story(story):
            continue
        ident = text(story.get("_id"))
        item = ExchangeItem(format="arc_ans", ident=ident if ident and ident.isalnum() else str(number))
        item.title = plain(story.get("headlines"))
        item.summary = plain(story.get("description")) or plain(story.get("subheadlines"))
        credits = story.get("credits") if isinstance(story.get("credits"), dict) else {}
        item.authors = names(credits.get("by"))
        item.published = text(story.get("first_publish_date")) or text(story.get("display_date")) \
            or text(story.get("publish_date"))
        item.updated = text(story.get("last_updated_date"))
        item.language = text(story.get("language"))
        for key, value in (("canonical", story.get("canonical_url")), ("guid", story.get("_id"))):
            if text(value):
                item.fields[key] = text(value)
        distributor = story.get("distributor") if isinstance(story.get("distributor"), dict) else {}
        source = story.get("source") if isinstance(story.get("source"), dict) else {}
        agency = text(distributor.get("name")) or (text(source.get("name")) if source.get("source_type") == "wires" else None)
        if agency:
            item.fields["source"] = agency
        if distributor.get("category") in ("wires", "other") or source.get("source_type") == "wires":
            item.fields["syndicated"] = True
        promo = (story.get("promo_items") or {}).get("basic") if isinstance(story.get("promo_items"), dict) else None
        if _is_image(promo):
            item.images.append(_image(promo, lead=True))
        body: list[str] = []
        for element in story.get("content_elements") or ():
            if not isinstance(element, dict):
                continue
            kind = element.get("type")
            if kind == "image" and _is_image(element):
                image = _image(element)
                body.append(f'<figure><img src="{html.escape(image.src)}"></figure>')
                item.images.append(image)
            elif kind in _TEXT_TYPES and text(element.get("content")):
                tag = _TEXT_TYPES[kind]
                body.append(f"<{tag}>{element['content']}</{tag}>")
            elif kind == "list":
                entries = "".join(f"<li>{entry.get('content')}</li>" for entry in element.get("items") or ()
                                  if isinstance(entry, dict) and text(entry.get("content")))
                body.append(f"<ul>{entries}</ul>")
        item.body_html = "\n".join(body) or None
        yield item


def _is_image(element: Any) -> bool:
    return isinstance(element, dict) and element.get("type") == "image" and bool(text(element.get("url")))


def _image(element: dict[str, Any], lead: bool = False) -> ItemImage:
    credits = element.get("credits") if isinstance(element.get("credits"), dict) else {}
    people = names(credits.get("by"))
    affiliations = names(credits.get("affiliation"))
    credit = " / ".join(part for part in (", ".join(people), ", ".join(affiliations)) if part) or None
    properties = element.get("additional_properties") if isinstance(element.get("additional_properties"), dict) else {}
    return ItemImage(
        src=text(element["url"]), caption=plain(element.get("caption")), credit=credit,
        alt=text(element.get("alt_text")), title=plain(element.get("subtitle")),
        digital_source_type=text(element.get("digital_source_type")) or text(properties.get("digital_source_type")),
        lead=lead)
