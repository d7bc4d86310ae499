"""An exchange item's payload (what travels to the worker and what the ledger
signs) gives back every field of the item, bodies included, whatever they hold."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from auditor.articles.exchange_item import ExchangeItem, ItemImage, item_of_payload, payload_signature


@pytest.mark.parametrize("body_html, body_text", [
    (None, None),
    ("<p>Flood warning</p>", None),
    (None, "Plain text\nover two lines"),
    ("<p>both</p>", "and text"),
    ("", ""),
    ("<p>Überschwemmung – 洪水 \u2028 \U0001f30a</p>\n\n", None),  # multi-byte UTF-8, newlines, U+2028
    ('{"body_bytes": [1, 2]}\n<p>a JSON-looking body</p>', "\n"),
])
def test_payload_gives_back_the_item(body_html, body_text):
    item = ExchangeItem(format="rss", ident="story-1", line=12, title="Flood \u2028 warning", body_html=body_html,
                        body_text=body_text, summary="S", authors=["Ana Ruiz"], published="2025-03-04T08:15:00-05:00",
                        images=[ItemImage(src="media/a.jpg", credit="Agency", lead=True), ItemImage(src="b.png")],
                        fields={"guid": "story-1", "info_sources": ["Wire (source)"], "syndicated": True},
                        incomplete=["item text past 4,194,304 characters not read (exchange item cap)"])
    assert item_of_payload(item.payload()) == asdict(item)


def test_a_changed_body_changes_the_signature():
    first = ExchangeItem(format="rss", ident="1", body_html="<p>before</p>")
    second = ExchangeItem(format="rss", ident="1", body_html="<p>after</p>")
    assert payload_signature(first.payload()) != payload_signature(second.payload())
