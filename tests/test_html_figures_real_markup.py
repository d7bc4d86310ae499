"""Images in real markup (issue 10): every picture a reader sees is one figure,
whatever lazy loading, responsive markup, <noscript> fallbacks and repeated
use do to the page; lead images outside <article> and the page's declared share
image are figures; credits come only from the figure's own markup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import auditor
from auditor.articles import parse_article
from auditor.config import Config
from auditor.model import Article
from tests.content_repo import ai_image

PIXEL_GIF = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw=="
SVG_PLACEHOLDER = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 3 2'%3E%3C/svg%3E"


def page(body: str, head: str = "") -> str:
    return f'<!doctype html>\n<html lang="en">\n<head>\n{head}\n</head>\n<body>\n{body}\n</body>\n</html>\n'


def parse(folder: Path, html: str) -> Article:
    path = folder / "page.html"
    path.write_text(html, encoding="utf-8")
    article = parse_article(path)
    assert isinstance(article, Article), article
    return article


def sources(article: Article) -> list[str | None]:
    return [figure.src for figure in article.figures]


@pytest.mark.parametrize(
    "markup, expected",
    [
        ('<img src="grey.gif" data-src="ai.jpg">', ["ai.jpg"]),
        (f'<img src="{PIXEL_GIF}" data-lazy-src="ai.jpg">', ["ai.jpg"]),
        (f'<img src="{SVG_PLACEHOLDER}" data-original="ai.jpg">', ["ai.jpg"]),
        ('<img data-srcset="ai-400.jpg 400w, ai-1200.jpg 1200w" src="placeholder.png">', ["ai-1200.jpg"]),
        ('<img src="blank.gif" data-lazy-srcset="ai-1x.jpg 1x, ai-2x.jpg 2x">', ["ai-2x.jpg"]),
        # An unknown lazy-loading script: the data-* attribute that holds an image URL.
        ('<img src="/img/spacer.gif" data-zoom-image="https://cdn.example.com/ai.jpg">', ["https://cdn.example.com/ai.jpg"]),
        ('<img src="ai.jpg" srcset="ai-640.jpg 640w, ai-1280.jpg 1280w">', ["ai.jpg"]),
        ('<picture><source type="image/avif" srcset="ai.avif 1x, ai@2x.avif 2x"><img src="ai.jpg"></picture>', ["ai.jpg"]),
        ('<picture><source srcset="ai-s.webp 480w, ai-l.webp 1600w"></picture>', ["ai-l.webp"]),
        # A placeholder with nothing real behind it shows the reader nothing.
        ('<img src="grey.gif" class="lazyload">', []),
        ('<img src="https://media.example.com/photos/62ed/16:9/w_800,c_limit/undefined">', []),
    ],
)
def test_the_real_image_is_taken_from_lazy_and_responsive_markup(tmp_path: Path, markup: str, expected: list[str]):
    assert sources(parse(tmp_path, page(f"<article><p>Story.</p>{markup}</article>"))) == expected


@pytest.mark.parametrize(
    "markup, expected",
    [
        # The <noscript> fallback of a lazy image is the same picture.
        ('<img class="lazy" src="grey.gif" data-src="ai.jpg"><noscript><img src="ai.jpg"></noscript>', ["ai.jpg"]),
        # … even when it names another size of it, or another file of it.
        (f'<img src="{PIXEL_GIF}" data-src="ai-800x600.jpg"><noscript><img src="ai.jpg"></noscript>', ["ai-800x600.jpg"]),
        ('<div><img data-src="a.jpg" src="blank.gif"><noscript><img src="a-full.jpg"></noscript></div>', ["a.jpg"]),
        # A fallback whose script image left no trace is the figure itself.
        ('<img src="grey.gif"><noscript><img src="ai.jpg"></noscript>', ["ai.jpg"]),
        # The same URL twice (fragments and scheme/host case aside) is one figure.
        ('<img src="ai.jpg"><p>More.</p><img src="ai.jpg#zoom">', ["ai.jpg"]),
        ('<img src="https://CDN.example.com/a.jpg"><p>x</p><img src="http://cdn.example.com/a.jpg">',
         ["https://CDN.example.com/a.jpg"]),
        # Width variants of one asset, where the URL shows it.
        ('<img src="/up/ai-800x600.jpg"><p>x</p><img src="/up/ai-400x300.jpg">', ["/up/ai-800x600.jpg"]),
        ('<img src="https://i.example.com/ai.jpg?w=800&id=7"><p>x</p><img src="https://i.example.com/ai.jpg?w=400&id=7">',
         ["https://i.example.com/ai.jpg?w=800&id=7"]),
        # Lazy images sharing one placeholder are still different pictures.
        ('<img src="grey.gif" data-src="a.jpg"><p>x</p><img src="grey.gif" data-src="b.jpg">', ["a.jpg", "b.jpg"]),
        # The query is kept: these are two pictures.
        ('<img src="/image.php?id=1"><p>x</p><img src="/image.php?id=2">', ["/image.php?id=1", "/image.php?id=2"]),
    ],
)
def test_one_picture_is_one_figure(tmp_path: Path, markup: str, expected: list[str]):
    assert sources(parse(tmp_path, page(f"<article><p>Story.</p>{markup}</article>"))) == expected


def test_a_repeated_picture_keeps_the_caption_either_place_gives_it(tmp_path: Path):
    html = page('<article><p>Story.</p><img src="ai.jpg"><p>More.</p>'
                '<figure><img src="ai.jpg"><figcaption>AI-generated illustration</figcaption></figure></article>')
    (figure,) = parse(tmp_path, html).figures
    assert figure.caption.text == "AI-generated illustration"


LEAD_OUTSIDE_ARTICLE = page(
    head='<meta property="og:image" content="https://news.example.com/media/lead-1200x630.jpg">',
    body="\n".join([
        '<header class="site-header"><a href="/"><img src="/brand/logo.png" alt="Example News"></a></header>',
        '<div class="featured-media">',
        '  <figure><img src="/media/lead.jpg" alt="Flooded street">',
        '  <figcaption>A flooded street in the old town. <span class="credit">Image: Midjourney</span></figcaption></figure>',
        "</div>",
        "<article><h1>Floods</h1><p>The river rose overnight.</p><p>More.</p></article>",
        '<footer><img src="/brand/footer-logo.png"><p class="copyright">©2019 Example Broadcasting Inc. All Rights Reserved.</p></footer>',
    ]),
)


def test_lead_image_outside_the_article_is_a_figure_with_its_caption_and_credit(tmp_path: Path):
    article = parse(tmp_path, LEAD_OUTSIDE_ARTICLE)
    (lead,) = article.figures  # og:image is the same picture; logos are decoration
    assert lead.src == "/media/lead.jpg"
    assert (lead.caption.text, lead.credit.text) == ("A flooded street in the old town.", "Image: Midjourney")


@pytest.mark.parametrize(
    "head, expected",
    [
        ('<meta property="og:image" content="https://cdn.example.com/share/ai.jpg">', ["https://cdn.example.com/share/ai.jpg"]),
        ('<meta name="twitter:image" content="https://cdn.example.com/share/ai.jpg">', ["https://cdn.example.com/share/ai.jpg"]),
        # og:image and twitter:image naming one picture: one figure.
        ('<meta property="og:image" content="https://cdn.example.com/ai.jpg">'
         '<meta name="twitter:image" content="https://cdn.example.com/ai.jpg?w=600">', ["https://cdn.example.com/ai.jpg"]),
        # The share image that the story shows is the story's figure, not a second one.
        ('<meta property="og:image" content="https://news.example.com/img/photo.jpg">', ["/img/photo.jpg"]),
        # A site logo as share image is decoration.
        ('<meta property="og:image" content="https://news.example.com/static/site-logo.png">', ["/img/photo.jpg"]),
    ],
)
def test_the_declared_share_image_is_a_figure_once(tmp_path: Path, head: str, expected: list[str]):
    body = '<article><p>Story.</p><img src="/img/photo.jpg" width="800" height="500"></article>'
    if "share/ai.jpg" in head or "cdn.example.com/ai.jpg" in head:
        body = "<article><p>Story.</p></article>"
    assert sources(parse(tmp_path, page(body, head=head))) == expected


def test_json_ld_og_image_and_the_page_naming_one_picture_make_one_figure(tmp_path: Path):
    ld = {"@type": "NewsArticle", "headline": "H", "image": {
        "@type": "ImageObject", "url": "https://news.example.com/img/ai.jpg",
        "digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"}}
    head = (f'<script type="application/ld+json">{json.dumps(ld)}</script>'
            '<link rel="canonical" href="https://news.example.com/2025/story.html">'
            '<meta property="og:image" content="https://news.example.com/img/ai.jpg">')
    article = parse(tmp_path, page('<article><p>Story.</p><img src="/img/ai.jpg"></article>', head=head))
    (figure,) = article.figures
    assert (figure.src, figure.declared_ai) == ("/img/ai.jpg", True)


@pytest.mark.parametrize(
    "body",
    [
        # A site's copyright line after the last picture is not the picture's credit.
        '<p>Story.</p><img src="a.jpg"><div class="copyright">©2019 CBS Broadcasting Inc. All Rights Reserved.</div>',
        '<p>Story.</p><img src="a.jpg"><footer><p class="copyright">© 2024 Example Media</p></footer>',
        # The story's byline after the lead image is the story's.
        '<img src="a.jpg"><p class="byline">By Ada Lovelace</p><p>Story.</p>',
    ],
)
def test_credits_never_come_from_page_chrome(tmp_path: Path, body: str):
    (figure,) = parse(tmp_path, page(body)).figures
    assert figure.credit is None


def test_credit_adjacent_to_the_image_in_its_own_container_is_kept(tmp_path: Path):
    html = page('<p>Story.</p><div class="image"><img src="a.jpg"><span class="image-credit">Photo: Jane Doe/AP</span></div>')
    (figure,) = parse(tmp_path, html).figures
    assert figure.credit.text == "Photo: Jane Doe/AP"


def test_decoration_on_a_real_page_layout_is_not_a_figure(tmp_path: Path):
    html = page("\n".join([
        '<header><img src="/logo.svg"><nav><img src="/icons/search.png"></nav></header>',
        '<main><article><p>Story.</p><figure><img src="/img/story.jpg"><figcaption>Caption</figcaption></figure>',
        '<footer class="author-box"><img class="avatar" src="/authors/ada.jpg"></footer></article>',
        '<aside><img src="/promo/subscribe.jpg"></aside></main>',
        '<img src="https://www.facebook.com/tr?id=1&ev=PageView" height="1" width="1" style="display:none">',
        '<footer><img src="/badges/award.png"></footer>',
    ]))
    article = parse(tmp_path, html)
    assert sources(article) == ["/img/story.jpg"]
    # Inside the story, each image left out says why (the rest of the page is never a figure).
    assert article.fields["decorative_images"] == [{"src": "/authors/ada.jpg", "reason": "icon or logo"}]


def test_remote_images_are_one_inp002_per_document_and_a_missing_file_one_per_figure(tmp_path: Path):
    remote = "".join(f'<img src="https://cdn.example.com/photos/{n}.jpg">' for n in range(7))
    (tmp_path / "page.html").write_text(
        page(f'<article><p>Story.</p>{remote}<figure><img src="gone.jpg"><figcaption>x</figcaption></figure>'
             '<img src="icon.png" width="16" height="16"></article>'),
        encoding="utf-8",
    )
    report = auditor.audit([tmp_path], Config())
    inp002 = [f for f in report.findings if f.rule == "INP002"]
    assert len(inp002) == 2
    remote_finding = next(f for f in inp002 if f.figure is None)
    assert remote_finding.message.startswith("7 remote images were not checked")
    assert [e.value for e in remote_finding.evidence if e.source == "remote image"] == [f"https://cdn.example.com/photos/{n}.jpg" for n in range(7)]
    missing = next(f for f in inp002 if f.figure is not None)
    assert "gone.jpg" in missing.message and "missing" in missing.message


def test_a_noscript_fallback_makes_no_duplicate_finding(tmp_path: Path):
    ai_image(tmp_path / "ai.jpg")
    (tmp_path / "page.html").write_text(
        page('<article><p>Storm over the bay.</p><figure><img class="lazy" src="grey.gif" data-src="ai.jpg">'
             '<noscript><img src="ai.jpg"></noscript><figcaption>Storm clouds.</figcaption></figure></article>'),
        encoding="utf-8",
    )
    report = auditor.audit([tmp_path / "page.html"], Config())
    assert [f.rule for f in report.findings if f.rule.startswith("AID")].count("AID101") == 1


def test_a_lazy_loaded_ai_image_is_audited(tmp_path: Path):
    ai_image(tmp_path / "ai.jpg")
    (tmp_path / "page.html").write_text(
        page('<article><p>Storm over the bay.</p><img src="grey.gif" data-src="ai.jpg"></article>'), encoding="utf-8")
    report = auditor.audit([tmp_path / "page.html"], Config())
    assert "AID101" in {f.rule for f in report.findings}


def test_json_ld_logos_portraits_and_videos_are_not_figures(tmp_path: Path):
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "NewsArticle", "@id": "#article", "headline": "H", "image": {"@id": "#primary"},
         "author": {"@id": "#ada"}, "publisher": {"@id": "#org"},
         "associatedMedia": [{"@type": "VideoObject", "contentUrl": "https://cdn.example.com/clip.mp4"}]},
        {"@type": "ImageObject", "@id": "#primary", "url": "https://cdn.example.com/story/ai.jpg"},
        {"@type": "Organization", "@id": "#org", "name": "Example", "logo": {"@id": "#org-logo"}},
        {"@type": "ImageObject", "@id": "#org-logo", "url": "https://cdn.example.com/brand/mark.png"},
        {"@type": "Person", "@id": "#ada", "name": "Ada", "image": {"@id": "#ada-photo"}},
        {"@type": "ImageObject", "@id": "#ada-photo", "url": "https://cdn.example.com/people/ada.jpg"},
    ]}
    head = f'<script type="application/ld+json">{json.dumps(graph)}</script>'
    article = parse(tmp_path, page("<article><p>Story.</p></article>", head=head))
    assert sources(article) == ["https://cdn.example.com/story/ai.jpg"]


def test_an_img_without_source_takes_the_widest_size_its_siblings_name(tmp_path: Path):
    markup = ('<div class="img-container"><span data-src="/pic/ALTERNATES/FREE_480/storm" data-width-480=""></span>'
              '<span data-src="/pic/ALTERNATES/FREE_1140/storm" data-width-1140=""></span>'
              '<img alt="Storm clouds over the bay" title="Storm clouds over the bay"></div>')
    assert sources(parse(tmp_path, page(f"<article><p>Story.</p>{markup}</article>"))) == ["/pic/ALTERNATES/FREE_1140/storm"]


def test_the_lead_image_caption_outside_the_article_is_page_text(tmp_path: Path):
    article = parse(tmp_path, LEAD_OUTSIDE_ARTICLE)
    assert ("caption", "A flooded street in the old town.") in [(b.kind, b.text) for b in article.blocks]


def test_a_figure_rendered_by_script_is_found_by_its_microdata(tmp_path: Path):
    html = page('<article><p>Story.</p><figure itemprop="associatedMedia" itemscope itemtype="http://schema.org/ImageObject"'
                ' itemid="https://static.example.com/images/2019/ai-master768.jpg"><div data-testid="lazyimage-container"></div>'
                "<figcaption>An illustration made with AI.</figcaption></figure></article>")
    (figure,) = parse(tmp_path, html).figures
    assert (figure.src, figure.caption.text) == ("https://static.example.com/images/2019/ai-master768.jpg",
                                                 "An illustration made with AI.")



@pytest.mark.parametrize(
    "markup, head",
    [
        # The share image is the original upload; the page shows a resized copy of it.
        ('<img src="https://cdn.example.com/storm-800x600.jpg" alt="Storm">',
         '<meta property="og:image" content="https://cdn.example.com/storm.jpg">'),
        ('<picture><source srcset="https://cdn.example.com/storm.jpg 1600w">'
         '<img src="https://cdn.example.com/storm-small.jpg"></picture>', ""),
    ],
)
def test_a_figure_whose_own_src_is_not_here_is_read_from_a_local_copy_of_the_same_picture(
        tmp_path: Path, markup: str, head: str):
    ai_image(tmp_path / "media" / "storm.jpg")  # only the original is mapped to a file
    (tmp_path / "page.html").write_text(page(f"<article><h1>Storm</h1>{markup}</article>", head), encoding="utf-8")
    config = Config(url_map={"https://cdn.example.com/": tmp_path / "media"})
    report = auditor.audit([tmp_path / "page.html"], config)
    flagged = [(f.rule, Path(f.media or "").name) for f in report.findings if f.rule.startswith("AID")]
    assert flagged == [("AID101", "storm.jpg")]
