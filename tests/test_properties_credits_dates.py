"""Property tests: whatever values dates, credits, captions, sources, URLs and numbers
take, parsing and evaluation return values (findings), never an exception."""

from __future__ import annotations

import json
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import auditor
from auditor.articles.dates import coerce_datetime, parse_datetime
from auditor.config import Config
from auditor.engine.credit_parser import KINDS, parser_for
from auditor.engine.date_sentinels import sentinel_reason
from auditor.engine.ruleset import load_ruleset

RULESET = load_ruleset(Config())
PARSER = parser_for(RULESET.vocabularies)
CONFIG = Config(now=datetime(2026, 1, 1, tzinfo=timezone.utc), audit_date=date(2026, 1, 1))

# Text that looks like what outlets write, mixed with anything at all.
DATE_LIKE = st.one_of(
    st.from_regex(r"\A\d{1,4}-\d{1,2}-\d{1,2}(T\d{1,2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?)?\Z"),
    st.from_regex(r"\A(Jan|Mar|Nov)\.? \d{1,2}, \d{1,4},? \d{1,2}:\d{2} ?(a\.m\.|PM)? ?(ET|IST|GMT\+\d|XYZ)?\Z"),
    st.from_regex(r"\A\d{1,4}年\d{1,2}月\d{1,2}日( 下午\d{1,2}:\d{2})?\Z"),
    st.text(max_size=60),
)
CREDIT_LIKE = st.one_of(
    st.from_regex(r"\A(\(|\[)?(Photo|Foto|Credit|图|©|Image copyright|AP Photo)?[:/ .…]*[A-Z][a-z]+ [A-Z][a-z]+ ?[/|-] ?(AP|Reuters|Getty Images|dpa|新华社)(\)|\])?\Z"),
    st.text(max_size=120),
)
VALUE = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), DATE_LIKE,
                  st.datetimes(timezones=st.sampled_from([timezone.utc, timezone(timedelta(hours=-12)), timezone(timedelta(hours=14))])),
                  st.dates(), st.lists(st.text(max_size=20), max_size=3))


@given(DATE_LIKE)
def test_any_text_parses_to_an_aware_datetime_or_none(text):
    value = parse_datetime(text)
    assert value is None or value.tzinfo is not None
    sentinel_reason(value, date(2026, 1, 1))


@given(VALUE)
def test_any_loader_value_coerces_without_raising(value):
    coerced = coerce_datetime(value)
    assert coerced is None or coerced.tzinfo is not None
    sentinel_reason(coerced, date(2026, 1, 1))


@given(CREDIT_LIKE)
def test_any_credit_or_caption_parses_without_raising(text):
    credit = PARSER.parse(text)
    assert credit is None or credit.kind in (*KINDS, None)
    split = PARSER.split_caption(text)
    assert split is None or split[1]


def _audit(files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for name, text in files.items():
            Path(folder, name).write_text(text, encoding="utf-8", errors="surrogatepass")
        report = auditor.audit([Path(folder)], CONFIG)
        assert report.summary.documents >= 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(date=VALUE, updated=VALUE, source=VALUE, author=VALUE, syndicated=VALUE, caption=CREDIT_LIKE,
       credit=CREDIT_LIKE, src=st.one_of(st.text(max_size=40), st.from_regex(r"\Ahttps?://[a-z.]{1,20}/[a-z0-9./%?#]{0,30}\Z")),
       width=st.one_of(st.integers(), st.floats(), st.text(max_size=5)))
def test_markdown_articles_with_any_field_values_are_audited(date, updated, source, author, syndicated, caption, credit, src, width):
    front = {"title": "Story", "date": date, "lastmod": updated, "source": source, "author": author,
             "syndicated": syndicated, "image_credit": credit, "image_width": width}
    try:
        head = yaml.safe_dump(front, allow_unicode=True)
    except yaml.YAMLError:
        head = "title: Story\n"
    src_text = src.replace(")", "").replace("\n", " ")
    caption_text = caption.replace("\n", " ")
    _audit({"story.md": f"---\n{head}---\n![Picture]({src_text})\n\n*{caption_text}*\n\nBody text.\n"})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(published=VALUE, modified=VALUE, author=VALUE, source=st.text(max_size=40), caption=CREDIT_LIKE,
       credit=CREDIT_LIKE, dateline=st.text(max_size=60), src=st.text(max_size=40))
def test_html_pages_with_any_field_values_are_audited(published, modified, author, source, caption, credit, dateline, src):
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Story",
          "datePublished": published, "dateModified": modified, "author": author,
          "image": {"@type": "ImageObject", "url": src, "creditText": credit}}
    script = json.dumps(ld, default=str).replace("</", "<\\/")
    attribute = source.replace('"', "&quot;")
    page = (f'<html><head><meta name="dc.source" content="{attribute}">'
            f'<script type="application/ld+json">{script}</script></head><body><article>'
            f'<p>{dateline} Body text.</p><figure><img src="{attribute}"><figcaption>{caption}</figcaption></figure>'
            f"</article></body></html>")
    _audit({"story.html": page})
