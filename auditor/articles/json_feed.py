"""JSON Feed 1.0/1.1 (jsonfeed.org): each of `items` a story, its `image`,
`banner_image` and image `attachments` figures, `content_html` or
`content_text` its body."""

from __future__ import annotations

from typing import Any, Iterable, Iterator

from auditor.articles.exchange_item import ExchangeItem, ItemImage
from auditor.articles.json_values import names, text


def read_json_feed(feed: dict[str, Any], entries: Iterable[Any]) -> Iterator[ExchangeItem]:
    """The stories of `entries` (the feed's `items`, a list or a stream), with the
    feed's own language and authors where an item has none."""
    feed_language = text(feed.get("language"))
    feed_authors = names(feed.get("authors") or feed.get("author"))
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            continue
        item = ExchangeItem(format="json_feed", ident=text(entry.get("id")) or str(number))
        item.title = text(entry.get("title"))
        item.body_html = text(entry.get("content_html"))
        item.body_text = text(entry.get("content_text"))
        item.summary = text(entry.get("summary"))
        item.authors = names(entry.get("authors") or entry.get("author")) or feed_authors
        item.published = text(entry.get("date_published"))
        item.updated = text(entry.get("date_modified"))
        item.language = text(entry.get("language")) or feed_language
        for key, value in (("canonical", entry.get("url")), ("guid", entry.get("id")),
                           ("external_url", entry.get("external_url"))):
            if text(value):
                item.fields[key] = text(value)
        if isinstance(entry.get("tags"), list):
            item.fields["tags"] = [tag for tag in entry["tags"] if isinstance(tag, str)][:50]
        for key in ("image", "banner_image"):
            if text(entry.get(key)):
                item.images.append(ItemImage(src=text(entry[key]), lead=not item.images))
        for attachment in entry.get("attachments") or ():
            if isinstance(attachment, dict) and text(attachment.get("url")) and \
                    str(attachment.get("mime_type") or "").startswith("image/"):
                item.images.append(ItemImage(src=text(attachment["url"]), title=text(attachment.get("title"))))
        yield item
