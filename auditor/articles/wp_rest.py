"""WordPress REST API posts (`/wp-json/wp/v2/posts`, saved as a list or one post):
each post a story; the featured image (`_embedded["wp:featuredmedia"]`, present
when the list was fetched with `?_embed`) is its lead figure, with the media
item's caption, alt text, title and credit."""

from __future__ import annotations

from typing import Any, Iterator

from auditor.articles.exchange_item import ExchangeItem, ItemImage
from auditor.articles.json_values import names, plain, text


def is_wp_rest_post(value: Any) -> bool:
    return (isinstance(value, dict) and isinstance(value.get("content"), dict) and "rendered" in value["content"]
            and isinstance(value.get("title"), dict) and ("id" in value or "link" in value))


def read_wp_rest(data: Any) -> Iterator[ExchangeItem]:
    """The posts of a list (or a stream of them), or of one post."""
    posts = data if isinstance(data, (list, Iterator)) else [data]
    for number, post in enumerate(posts, start=1):
        if not is_wp_rest_post(post):
            continue
        ident = str(post.get("id")) if isinstance(post.get("id"), int) else str(number)
        item = ExchangeItem(format="wp_rest", ident=ident)
        item.title = plain(post.get("title"))
        item.body_html = text(post.get("content"))
        item.summary = plain(post.get("excerpt"))
        embedded = post.get("_embedded") if isinstance(post.get("_embedded"), dict) else {}
        item.authors = names(embedded.get("author"))
        item.published = _utc(post.get("date_gmt")) or text(post.get("date"))
        item.updated = _utc(post.get("modified_gmt")) or text(post.get("modified"))
        for key, value in (("canonical", post.get("link")), ("wp_status", post.get("status")),
                           ("wp_post_type", post.get("type"))):
            if text(value):
                item.fields[key] = text(value)
        for media in embedded.get("wp:featuredmedia") or ():
            if isinstance(media, dict) and text(media.get("source_url")):
                meta = (media.get("media_details") or {}).get("image_meta") or {}
                item.images.append(ItemImage(
                    src=text(media["source_url"]), caption=plain(media.get("caption")) or plain(meta.get("caption")),
                    alt=text(media.get("alt_text")), title=plain(media.get("title")),
                    credit=text(meta.get("credit")) or text(meta.get("copyright")), lead=True))
                break
        yield item


def _utc(value: Any) -> str | None:
    found = text(value)
    return found + "Z" if found and "T" in found and not found.endswith("Z") and "+" not in found else found
