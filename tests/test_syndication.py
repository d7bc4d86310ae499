"""Agency copy is recognised from evidence (source and author fields, bylines,
datelines, copyright lines, trailers), and ATT301 fires only when that evidence
exists and the reader sees no attribution."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

import auditor
from auditor.config import Config


def page(head: str = "", body: str = "<p>The governor said on Monday the bill would pass.</p>", byline: str = "") -> str:
    return (f"<!doctype html><html lang='en'><head><title>Bill passes</title>{head}</head><body><article>"
            f"<h1>Bill passes</h1>{byline}{body}<p>Lawmakers vote next week.</p></article></body></html>")


def meta(name: str, value: str) -> str:
    return f'<meta name="{name}" content="{value}">'


def prop(name: str, value: str) -> str:
    return f'<meta property="{name}" content="{value}">'


def json_ld(**article) -> str:
    import json

    return ('<script type="application/ld+json">'
            + json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Bill passes", **article})
            + "</script>")


CASES = [
    ("dc.source names an agency, nothing visible", page(meta("dc.source", "Reuters")), ["ATT301"]),
    ("agency in dc.source and in the dateline",
     page(meta("dc.source", "Reuters"), "<p>LONDON (Reuters) - The governor said on Monday the bill would pass.</p>"), []),
    ("AP dateline with a state", page(meta("dc.source", "AP"),
                                      "<p>COLUMBIA, S.C. (AP) — The governor said on Monday the bill would pass.</p>"), []),
    ("Indian agency dateline", page(meta("dc.source", "PTI"), "<p>NEW DELHI (PTI) The court said on Monday it would rule.</p>"), []),
    ("agency byline", page(meta("dc.source", "Associated Press"), byline='<p class="byline">The Associated Press</p>'), []),
    ("agency copyright line", page(json_ld(author={"@type": "Organization", "name": "Associated Press"},
                                           publisher={"@type": "Organization", "name": "Daily Bugle"}),
                                   "<p>The governor said the bill would pass.</p><p>© 2016 The Associated Press. All rights reserved.</p>"), []),
    ("JSON-LD author is an agency, the byline shows a local reporter",
     page(json_ld(author={"@type": "Organization", "name": "Associated Press"}, publisher={"@type": "Organization", "name": "Daily Bugle"}),
          byline='<p class="byline">By Jane Doe</p>'), ["ATT301"]),
    ("JSON-LD author is an agency, no byline placed: the template shows it",
     page(json_ld(author={"@type": "Organization", "name": "Associated Press"}, publisher={"@type": "Organization", "name": "Daily Bugle"})), []),
    ("article:author is an agency, the byline names someone else", page(prop("article:author", "Reuters"), byline='<p class="byline">By Jane Doe</p>'), ["ATT301"]),
    ("agency byline with a writer", page(meta("dc.source", "AP"), byline='<p class="byline">By TOM KRISHER, AP Auto Writer</p>'), []),
    ("agency credit line of its own", page(meta("dc.source", "dpa"), "<p>Von: det/dpa</p><p>Die Ministerin sagte am Montag, das Gesetz komme.</p>"), []),
    ("trailer names the agencies", page(meta("dc.source", "IANS"), "<p>The court ruled.</p><p>(With inputs from agencies.)</p>"), []),
    ("the outlet's own name in dc.source", page(meta("dc.source", "The Seattle Times") + prop("og:site_name", "The Seattle Times")), []),
    ("an agency's own site", page(meta("dc.source", "Reuters") + '<link rel="canonical" href="https://www.reuters.com/world/x">'), []),
    ("AP's own site", page(meta("dc.source", "AP") + prop("og:site_name", "AP News")), []),
    ("a journal citation in dc.source", page(meta("dc.source", "Nature 575, 123-126 (2019)")), []),
    ("a local byline, no agency anywhere", page(byline='<p class="byline">By Jane Doe</p>'), []),
]


@pytest.mark.parametrize("html, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_wire_copy_needs_evidence_and_no_visible_attribution(tmp_path, html, expected):
    (tmp_path / "story.html").write_text(html, encoding="utf-8")
    report = auditor.audit([tmp_path], Config(now=datetime(2026, 1, 1, tzinfo=timezone.utc), audit_date=date(2026, 1, 1)))
    assert sorted(f.rule for f in report.findings if f.rule.startswith("ATT")) == expected


@pytest.mark.parametrize(
    "front_matter, body, expected",
    [
        ("syndicated: true", "The ministry raised its targets.", ["ATT301"]),
        ("syndicated: false\nsource: Reuters", "The ministry raised its targets.", []),
        ("source: Reuters", "The ministry raised its targets.", ["ATT301"]),
        ("source: Reuters", "LONDON (Reuters) - The ministry raised its targets.", []),
        ("author: Reuters", "The ministry raised its targets.", []),  # a theme shows the author
        ("source: Our newsroom", "The ministry raised its targets.", []),
    ],
)
def test_front_matter_evidence(tmp_path, front_matter, body, expected):
    (tmp_path / "story.md").write_text(f"---\ntitle: Targets\n{front_matter}\n---\n{body}\n", encoding="utf-8")
    report = auditor.audit([tmp_path], Config(now=datetime(2026, 1, 1, tzinfo=timezone.utc), audit_date=date(2026, 1, 1)))
    assert sorted(f.rule for f in report.findings if f.rule.startswith("ATT")) == expected


def test_config_extends_the_agency_catalogue(tmp_path):
    (tmp_path / "story.html").write_text(page(meta("dc.source", "Agenzia Nova")), encoding="utf-8")
    config = dict(now=datetime(2026, 1, 1, tzinfo=timezone.utc), audit_date=date(2026, 1, 1))
    plain = auditor.audit([tmp_path], Config(**config))
    extended = auditor.audit([tmp_path], Config(vocabularies={"agencies": ["Agenzia Nova"]}, **config))
    assert [f.rule for f in plain.findings if f.rule == "ATT301"] == []
    assert [f.rule for f in extended.findings if f.rule == "ATT301"] == ["ATT301"]
