"""Decoration is not a figure: each rule of auditor.articles.decoration, shown
on markup it must leave out and on near-misses it must keep (an AI picture is
never waved through as an icon)."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from auditor.articles.decoration import decoration_of, url_decoration
from auditor.articles.image_sources import source_of

PIXEL_GIF = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw=="


def judge(markup: str, *, captioned: bool = False, lead: bool = False) -> str | None:
    tree = LexborHTMLParser(f"<html><body>{markup}</body></html>")
    image = tree.css_first("img")
    source = source_of(image)
    if not source.real:  # nothing but a placeholder to show
        return url_decoration(source.src) or "placeholder"
    return decoration_of(image, source.src, captioned=captioned, lead=lead)


@pytest.mark.parametrize(
    "markup, reason",
    [
        ('<img src="counter.gif" width="1" height="1">', "tracking pixel"),
        ('<img src="https://www.facebook.com/tr?id=1&ev=PageView&noscript=1">', "spacer"),
        ('<img src="https://pixel.quantserve.com/pixel/p-abc.gif">', "tracking pixel"),
        ('<img src="https://sb.scorecardresearch.com/p?c1=2">', "tracking pixel"),
        ('<img src="/img/spacer.gif" width="600">', "spacer"),  # layout spacers state a width
        ('<img src="/img/grey.gif">', "spacer"),
        ('<img src="/s/blank_1x1.gif">', "spacer"),
        (f'<img src="{PIXEL_GIF}">', "placeholder"),
        ('<img src="icon.png" width="24" height="24">', "too small to be a picture"),
        ('<img src="bullet.png" style="width: 16px; height: 16px">', "too small to be a picture"),
        ('<img src="chart.jpg" role="presentation">', 'role="presentation"'),
        ('<img src="chart.jpg" aria-hidden="true">', 'aria-hidden="true"'),
        ('<img src="/static/logo.svg">', "icon or logo"),
        ('<img src="/assets/communityIcon_6fz.png">', "icon or logo"),
        ('<img class="site-logo" src="brand.png">', "icon or logo"),
        ('<img class="avatar" src="https://secure.gravatar.com/avatar/abc?s=60">', "icon or logo"),
        ('<img src="/s.w.org/images/core/emoji/72x72/1f600.png">', "icon or logo"),
        ('<img src="/ui/sprite.svg#icon-search">', "svg sprite"),
        ('<img src="/wp-content/themes/news/img/signposts/indy-news.jpg">', "site theme asset"),
        ('<nav><a href="/"><img src="home.jpg"></a></nav>', "inside <nav>"),
        ('<footer><img src="award.jpg"></footer>', "inside <footer>"),
        ('<aside><img src="promo.jpg"></aside>', "inside <aside>"),
        ('<header><nav><a href="/">Home</a></nav><img src="masthead.jpg"></header>', "inside <header>"),
        ('<div role="navigation"><img src="menu.jpg"></div>', 'inside role="navigation"'),
        ('<div class="sidebar-widget"><img src="promo.jpg"></div>', "inside site navigation or sidebar"),
        ('<a href="/share">Share this <img src="share.png" alt=""></a>', 'alt="" icon beside link text'),
    ],
)
def test_decoration_is_recognised(markup: str, reason: str | None):
    assert judge(markup) == reason


@pytest.mark.parametrize(
    "markup, captioned, lead",
    [
        ('<img src="ai.jpg" width="800" height="600">', False, False),
        ('<img src="ai.jpg" width="800">', False, False),
        ('<img src="pixel-art.png">', False, False),
        ('<img src="space-station.jpg">', False, False),
        ('<img src="grey-whale.gif" width="640" height="480">', False, False),
        ('<img src="silicon-valley.jpg">', False, False),
        ('<img src="image.png">', False, False),
        ('<img src="/wp-content/uploads/2025/05/theme-park-opening.jpg">', False, False),
        ('<img src="data:image/png;base64,' + "A" * 1200 + '">', False, False),
        # Medium marks every article picture role="presentation": a stated size says it is one.
        ('<img src="chart.jpg" role="presentation" width="847" height="362">', False, False),
        ('<article><header><img src="lead.jpg"></header><p>Story</p></article>', False, False),
        ('<main><aside><img src="pull-quote-art.jpg"></aside></main>', False, False),
        ('<a href="big.jpg"><img src="small.jpg" alt=""></a>', False, False),
        ('<a href="/story">Storm report <img src="storm-800x553.jpg" alt="" width="800" height="553"></a>', False, False),
        ('<img class="logo" src="ai-logo-concept.png">', True, False),
        ('<img src="chart.jpg" aria-hidden="true">', True, False),
        ('<header><nav><a href="/">Home</a></nav><img src="hero.jpg"></header>', False, True),
        # A page without <article>: a header with the story's title, not the site's navigation.
        ('<header><h1>Floods in the old town</h1><img src="hero.jpg"></header><p>Story.</p>', False, False),
        ('<footer><img src="award.jpg"></footer>', True, False),
    ],
)
def test_pictures_are_kept_even_near_decoration(markup: str, captioned: bool, lead: bool):
    assert judge(markup, captioned=captioned, lead=lead) is None


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="px.gif" width="1" height="1">',
        f'<img src="{PIXEL_GIF}">',
        '<img src="icon.png" width="16" height="16">',
    ],
)
def test_pixels_and_placeholders_are_decoration_even_in_a_captioned_lead_figure(markup: str):
    assert judge(markup, captioned=True, lead=True) is not None
