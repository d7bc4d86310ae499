"""role_of: what an element's class names say it is, whatever their case and spacing."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from auditor.articles.html_figures import role_of


@pytest.mark.parametrize(("classes", "role"), [
    (None, None),
    ("", None),
    ("   ", None),
    ("lead", None),
    ("wp-caption alignleft", None),  # the container, not its caption
    ("Photo-Credit", "credit"),
    ("image__copyright", "credit"),
    ("photographer-name", "credit"),
    ("courtesy", "credit"),
    ("caption credit", "credit"),  # a credit word outranks a caption word
    ("entry-CAPTION", "caption"),
    ("wp-caption-text", "caption"),
    ("post\tbyline", "byline"),
    ("AuthorName", "byline"),
])
def test_role_of_class(classes, role):
    attribute = "" if classes is None else f' class="{classes}"'
    node = LexborHTMLParser(f"<p{attribute}>x</p>").tags("p")[0]
    assert role_of(node) == role
