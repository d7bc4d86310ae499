"""Big exchange JSON (a JSON Feed, a WordPress REST list, an Arc XP content API
answer) read one item at a time with ijson's C parser: a 200 MB feed costs one
item's objects at a time, where `json.loads` holds the whole file several times
over (bench/RESULTS.md, "Newsroom exchange formats"). Files up to
`STREAM_FROM_BYTES` are still read whole: faster, and the same items.
"""

from __future__ import annotations

import itertools
from typing import Any, BinaryIO, Callable, Iterator

import ijson

STREAM_FROM_BYTES = 16 * 1024 * 1024
# Top-level values built whole in the first pass (small: a feed's authors);
# every other container is only noted as `list` or `dict`.
_BUILT = frozenset({"author", "authors", "headlines"})
_MAX_BUILT_EVENTS = 10_000  # a hostile "authors" of a million entries is not built


def top_level(stream: BinaryIO) -> tuple[type, dict[str, Any]]:
    """The document's top-level type (dict or list), and for a dict its keys: the
    scalar values, `list`/`dict` for containers, small ones in `_BUILT` whole.
    One pass over the whole file, in flat memory. Invalid or cut JSON gives what
    came before the fault (the items pass reports it, after its good items)."""
    fields: dict[str, Any] = {}
    try:
        return _top_level(ijson.parse(_past_bom(stream), use_float=True), fields)
    except ijson.JSONError:
        return dict, fields


def _top_level(events: Iterator[tuple[str, str, Any]], fields: dict[str, Any]) -> tuple[type, dict[str, Any]]:
    _, first, _ = next(events, ("", "", None))
    if first == "start_array":
        return list, {}
    if first != "start_map":
        return object, {}
    key = ""
    builder: ijson.ObjectBuilder | None = None
    built = 0
    for prefix, event, value in events:
        if builder is not None:
            built += 1
            if built <= _MAX_BUILT_EVENTS:  # past it, the value is only walked to its end
                builder.event(event, value)
            if prefix == key and event in ("end_map", "end_array"):
                fields[key] = builder.value if built <= _MAX_BUILT_EVENTS else type(builder.value)()
                builder = None
            continue
        if event == "map_key" and prefix == "":
            key = value
        elif prefix != key:
            continue  # inside a container not built
        elif event in ("start_map", "start_array"):
            if key in _BUILT:
                builder, built = ijson.ObjectBuilder(), 0
                builder.event(event, value)
            else:
                fields[key] = dict if event == "start_map" else list
        elif event not in ("end_map", "end_array"):
            fields[key] = value
    return dict, fields


def items_at(opener: Callable[[], BinaryIO], prefix: str) -> Iterator[Any]:
    """The values at `prefix` ("items.item", "item", "content_elements.item"), one
    at a time, in file order."""
    with opener() as stream:
        yield from ijson.items(_past_bom(stream), prefix, use_float=True)


def first_items(opener: Callable[[], BinaryIO], prefix: str, count: int) -> list[Any]:
    with opener() as stream:
        return list(itertools.islice(ijson.items(_past_bom(stream), prefix, use_float=True), count))


def _past_bom(stream: BinaryIO) -> BinaryIO:
    """The stream after a UTF-8 byte order mark (which `json.loads` of the text
    also skips, and the parser would refuse)."""
    if stream.read(3) != b"\xef\xbb\xbf":
        stream.seek(0)
    return stream
