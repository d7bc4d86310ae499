"""The JSON exchange formats (JSON Feed, WordPress REST, Arc XP ANS): which one a
file is, and its items. Up to `STREAM_FROM_BYTES` a file is read whole; past it,
it is streamed item by item (`json_stream`), so its size does not bound memory.
One ANS story bigger than that is the one shape read whole, up to MAX_JSON_BYTES.
"""

from __future__ import annotations

import json
import re
from typing import Any, BinaryIO, Callable, Iterator

from ijson import JSONError

from auditor.articles.exchange_item import ExchangeItem
from auditor.articles.json_stream import STREAM_FROM_BYTES, first_items, items_at, top_level

MAX_JSON_BYTES = 256 * 1024 * 1024  # what is read whole at most (one huge ANS story); bigger is refused
_JSON_FEED = re.compile(rb'"version"\s*:\s*"https?://jsonfeed\.org/version/')
_JSON_FEED_VERSIONS = ("https://jsonfeed.org/version/", "http://jsonfeed.org/version/")
_SNIFFED_POSTS = 20  # a list is WordPress REST when its first posts are


class JsonRefused(Exception):
    """The file cannot be read (invalid JSON, too big to read whole)."""


Opener = Callable[[], BinaryIO]


def sniff_json(opener: Opener, head: bytes, size: int) -> str | None:
    if head[:1] == b"{" and _JSON_FEED.search(head):
        return "json_feed"
    if b'"story"' not in head and b'"rendered"' not in head and size > len(head):
        return None  # neither an ANS story nor a WordPress post starts without saying so early
    if size > STREAM_FROM_BYTES:
        return _sniff_streamed(opener)
    data = _load(opener)
    if data is None:
        return None
    from auditor.articles.arc_ans import is_ans_story
    from auditor.articles.wp_rest import is_wp_rest_post

    if isinstance(data, dict) and isinstance(data.get("items"), list) and \
            str(data.get("version", "")).startswith(_JSON_FEED_VERSIONS):
        return "json_feed"
    if is_ans_story(data) or (isinstance(data, dict) and any(is_ans_story(x) for x in data.get("content_elements") or ()
                                                            if isinstance(data.get("content_elements"), list))):
        return "arc_ans"
    if isinstance(data, list) and data and all(is_wp_rest_post(post) for post in data[:_SNIFFED_POSTS]):
        return "wp_rest"
    if is_wp_rest_post(data) and isinstance(data.get("_embedded"), dict):
        return "wp_rest"  # one post fetched with ?_embed: its featured image is only here
    return None


def _sniff_streamed(opener: Opener) -> str | None:
    """`sniff_json` for a file too big to load: its top-level keys, and its first
    posts or stories, decide. (One WordPress post that big is no post.)"""
    from auditor.articles.arc_ans import is_ans_story
    from auditor.articles.wp_rest import is_wp_rest_post

    try:
        with opener() as stream:
            kind, fields = top_level(stream)
        if kind is list:
            posts = first_items(opener, "item", _SNIFFED_POSTS)
            return "wp_rest" if posts and all(is_wp_rest_post(post) for post in posts) else None
        if kind is not dict:
            return None
        if fields.get("items") is list and str(fields.get("version", "")).startswith(_JSON_FEED_VERSIONS):
            return "json_feed"
        if fields.get("type") == "story" and (fields.get("content_elements") is list or isinstance(fields.get("headlines"), dict)):
            return "arc_ans"
        if fields.get("content_elements") is list and any(map(is_ans_story, first_items(opener, "content_elements.item", 5))):
            return "arc_ans"
    except (OSError, ValueError, JSONError):
        return None
    return None


def json_items(opener: Opener, exchange_format: str) -> Iterator[ExchangeItem]:
    """The items of a JSON exchange file, streamed when it is big."""
    with opener() as stream:
        size = stream.seek(0, 2)
    if size <= STREAM_FROM_BYTES:
        yield from _read_whole(opener, exchange_format)
        return
    try:
        yield from _read_streamed(opener, exchange_format)
    except JSONError as error:
        raise JsonRefused(f"invalid JSON: {_first_line(error)}") from None


def _read_whole(opener: Opener, exchange_format: str) -> Iterator[ExchangeItem]:
    with opener() as handle:
        raw = handle.read(MAX_JSON_BYTES + 1)
    if len(raw) > MAX_JSON_BYTES:
        raise JsonRefused(f"larger than {MAX_JSON_BYTES // (1024 * 1024)} MB (one ANS story is read whole)")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (ValueError, RecursionError) as error:
        raise JsonRefused(f"invalid JSON: {_first_line(error)}") from None
    del raw
    if exchange_format == "json_feed":
        from auditor.articles.json_feed import read_json_feed

        items = data.get("items") if isinstance(data, dict) else None
        yield from read_json_feed(data, items if isinstance(items, list) else ())
    elif exchange_format == "arc_ans":
        from auditor.articles.arc_ans import read_arc_ans

        yield from read_arc_ans(data)
    else:
        from auditor.articles.wp_rest import read_wp_rest

        yield from read_wp_rest(data)


def _read_streamed(opener: Opener, exchange_format: str) -> Iterator[ExchangeItem]:
    with opener() as stream:
        kind, fields = top_level(stream)  # the feed's own language and authors, wherever they are
    if exchange_format == "json_feed":
        from auditor.articles.json_feed import read_json_feed

        yield from read_json_feed(fields, items_at(opener, "items.item"))
    elif exchange_format == "arc_ans":
        from auditor.articles.arc_ans import read_arc_ans_stories

        if fields.get("type") == "story":
            yield from _read_whole(opener, exchange_format)
        else:
            yield from read_arc_ans_stories(items_at(opener, "content_elements.item"))
    elif kind is list:
        from auditor.articles.wp_rest import read_wp_rest

        yield from read_wp_rest(items_at(opener, "item"))


def _load(opener: Opener) -> Any:
    try:
        with opener() as handle:
            raw = handle.read(STREAM_FROM_BYTES + 1)
        if len(raw) > STREAM_FROM_BYTES:
            return None
        return json.loads(raw.decode("utf-8-sig"))
    except (OSError, ValueError, RecursionError):
        return None


def _first_line(error: Exception) -> str:
    lines = str(error).strip().splitlines()
    return " ".join(lines[0].split()) if lines else type(error).__name__
