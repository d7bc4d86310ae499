"""CSS queries through one selector engine per thread find exactly what each
page's own engine finds: every article parsed both ways, pages interleaved, gives
the same Article."""

import random
from pathlib import Path

import pytest

from auditor.articles import html_select, parse_article

ROOT = Path(__file__).resolve().parents[1]

_PIECES = [
    '<h1>Port traffic rises</h1>', '<p class="byline">By Jane Doe</p>', '<p class="Standfirst">The short of it.</p>',
    '<div itemprop="author">Desk 4</div>', '<p>Body text, with a <a href="/x">link</a>.</p>', '<h2>More</h2>',
    '<figure><img src="a.jpg" alt="Cranes"><figcaption>Dock workers. Photo: Jane Doe/Reuters</figcaption></figure>',
    '<figure><picture><source srcset="b.webp 1x, b2.webp 2x"><img src="b.jpg"></picture>'
    '<figcaption>AI-generated image <span class="credit">Illustration: Studio</span></figcaption></figure>',
    '<p><img src="c.png" alt="Chart"></p>', '<div class="photo-credit">Photo: AP</div>',
    '<time datetime="2024-03-12T08:00:00Z">12 March</time>', '<meta itemprop="dateModified" content="2024-03-13">',
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "LD", "image": '
    '{"@type": "ImageObject", "url": "a.jpg", "caption": "LD caption"}}</script>',
    '<template><p>hidden</p><img src="t.jpg"></template>', '<!-- a comment <p>not</p> -->', '<p class="dek">Dek</p>',
    '<p>(Reuters) - Wire copy from the agency.</p>', '<div role="main"><p>In main</p></div>', '<img src="d.gif">',
]


def _page(rng: random.Random) -> str:
    head = '<meta property="og:image" content="a.jpg"><link rel="canonical" href="https://x.test/a">' if rng.random() < 0.5 else ""
    body = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 12)))
    wrapper = rng.choice(["<article>{}</article>", "<main>{}</main>", "{}", "<article><p>teaser</p></article><article>{}</article>"])
    return f"<!doctype html><html lang=\"en\"><head><title>T</title>{head}</head><body>{wrapper.format(body)}</body></html>"


def _own_engines(monkeypatch):
    monkeypatch.setattr(html_select, "_engine", lambda: None)


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("pages")
    rng = random.Random(5)
    paths = []
    for number in range(300):
        path = folder / f"page-{number}.html"
        path.write_text(_page(rng), encoding="utf-8")
        paths.append(path)
    markdown = folder / "story.md"
    markdown.write_text("# Story\n\n<figure><img src=\"a.jpg\"><figcaption>Cap</figcaption></figure>\n\nText.\n")
    fixtures = sorted(p for p in (ROOT / "fixtures").rglob("*") if p.suffix in (".html", ".htm", ".md"))
    return paths + [markdown] + fixtures


def test_shared_engine_parses_every_page_as_its_own_engine_does(documents, monkeypatch):
    shared = [parse_article(path).model_dump() for path in documents]
    shared_reversed = [parse_article(path).model_dump() for path in reversed(documents)][::-1]
    _own_engines(monkeypatch)
    own = [parse_article(path).model_dump() for path in documents]
    assert shared == own
    assert shared_reversed == own
    assert sum(len(article.get("figures", ())) for article in own) > 300
