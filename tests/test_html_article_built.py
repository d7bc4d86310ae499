"""An HTML article is built without pydantic's validation (html.py): it must be
the very object validation builds from the same values, for generated pages
covering every part the parser reads, the fixtures and real saved pages."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

from auditor.articles import parse_article
from auditor.model import Article
from tests.same_model import assert_same_model
from tests.test_html_fast_paths import _page

ROOT = Path(__file__).resolve().parents[1]
REAL = Path("/work/real")
_EXTRA = [
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": " LD headline ",'
    ' "author": [{"name": "Ann"}, "Bo"], "datePublished": "2024-03-12T08:00:00+02:00",'
    ' "dateModified": "2024-03-13", "inLanguage": "fr_FR", "isBasedOn": {"publisher": {"name": "Wire"}},'
    ' "image": {"url": "ld.jpg", "caption": "LD caption", "creditText": "LD credit"}}</script>',
    '<meta name="author" content="Meta Author"><meta property="og:title" content="OG title">'
    '<meta name="syndication-source" content="Agency"><meta property="og:locale" content="de_DE">',
    '<img src="spacer.gif" width="1" height="1"><img src="logo.png" class="site-logo">',
]


def _pages() -> list[tuple[Path, bytes]]:
    rng = random.Random(11)
    pages = [(Path(f"/tmp/page-{n}.html"), _page(rng, long=False).encode()) for n in range(120)]
    pages += [(Path(f"/tmp/extra-{n}.html"), f"<html><head>{piece}</head><body><p>Text.</p></body></html>".encode())
              for n, piece in enumerate(_EXTRA)]
    pages += [(path, path.read_bytes()) for path in sorted((ROOT / "fixtures").rglob("*.htm*"))]
    if REAL.is_dir():
        pages += [(path, path.read_bytes()) for path in sorted(REAL.glob("mozilla+readability/test/test-pages/*/source.html"))]
        pages += [(path, gzip.decompress(path.read_bytes()))
                  for path in sorted(REAL.glob("scrapinghub+article-extraction-benchmark/html/*.html.gz"))[:60]]
    return pages


def test_html_articles_are_the_objects_validation_builds():
    checked = 0
    for path, data in _pages():
        article = parse_article(Path(str(path).removesuffix(".gz")), data)
        if not isinstance(article, Article):
            continue
        validated = Article(**{name: getattr(article, name) for name in article.model_fields_set})
        assert_same_model(article, validated)
        checked += 1
    assert checked >= 120
