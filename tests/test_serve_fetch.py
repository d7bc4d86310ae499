"""Remote images in a posted story are fetched only when the server's own config
turns the guarded fetcher on, and then only through it (its SSRF guard, its
allow-list): a request cannot turn fetching on."""

from __future__ import annotations

import httpx
import pytest

from bench.serve_process import running_server
from content_repo import AI_MARKING
from fixtures.images import jpeg_bytes
from tests.image_server import ImageServer


def story(src: str) -> str:
    return (f'<!doctype html><html lang="en"><body><article><h1>Storm</h1><figure><img src="{src}" alt="Clouds">'
            f'<figcaption>Storm clouds over the bay.</figcaption></figure><p>The council met.</p></article></body></html>')


@pytest.fixture(scope="module")
def images():
    with ImageServer() as server:
        server.add("/storm.jpg", body=jpeg_bytes(xmp=AI_MARKING))
        yield server


@pytest.mark.parametrize("config, fetched", [
    ("", False),  # off by default
    ("fetch_remote = true\n", False),  # on, but the guard refuses loopback
    ("fetch_remote = true\nfetch_allow = [\"127.0.0.1\"]\n", True),
])
def test_remote_images_are_fetched_only_as_the_servers_config_allows(tmp_path, images, config, fetched):
    settings = tmp_path / "auditor.toml"
    settings.write_text(config + f'fetch_cache = "{tmp_path / "cache"}"\nfetch_retries = 0\n')
    before = len(images.requests_for("/storm.jpg"))
    with running_server("--config", str(settings)) as url:
        response = httpx.post(url + "/v1/check", data={"article_text": story(images.url("/storm.jpg"))}, timeout=60)
        # A request asking to fetch is refused: fetching is the server's decision.
        asked = httpx.post(url + "/v1/check", json={"article_text": story(images.url("/storm.jpg")),
                                                    "options": {"fetch_remote": True}}, timeout=60)
    assert response.status_code == 200 and asked.status_code == 422
    rules = {f["rule"] for f in response.json()["findings"]}
    assert ("AID101" in rules) is fetched
    assert (len(images.requests_for("/storm.jpg")) > before) is fetched
