"""Memoised URL tests answer as the plain function does; only short values are
kept, so a megabyte data: URI never sits in the cache."""

from auditor.articles.decoration import _url_reasons, is_placeholder_src, url_decoration
from auditor.articles.short_text_cache import MAX_CACHED_CHARS, cache_short_text


def test_short_values_are_computed_once_and_long_ones_every_time():
    calls: list[str] = []

    @cache_short_text(maxsize=16)
    def length(text: str, extra: int = 0) -> int:
        calls.append(text)
        return len(text) + extra

    short, long = "a.jpg", "x" * (MAX_CACHED_CHARS + 1)
    assert [length(short), length(short), length(short, extra=1), length(long), length(long)] == [5, 5, 6, len(long), len(long)]
    assert calls == [short, short, long, long]  # the keyword call is a key of its own


def test_cached_url_tests_match_their_answers_for_long_values():
    data_uri = "data:image/gif;base64," + "R0lGOD" * 400  # past the cache's length and the placeholder size
    for url in ["/img/spacer.gif", "https://x.test/photo.jpg", "https://pixel.x.test/p?id=1", data_uri, None]:
        assert is_placeholder_src(url) == is_placeholder_src.__wrapped__(url)
        blank, any_reason = _url_reasons.__wrapped__(url)
        assert (url_decoration(url, blank_only=True), url_decoration(url)) == (blank, any_reason)
