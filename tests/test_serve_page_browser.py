"""The editor's page in a real browser (Debian's headless Chromium, driven over the
DevTools protocol): load `/` from a real server, put an article and an undisclosed
AI image into the form as an editor's file picker would, submit it, and read the
finding, its fix and the thumbnail from the page. The screenshot is kept in
tests/artifacts/ for a person to look at."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from content_repo import AI_MARKING
from fixtures.images import jpeg_bytes
from bench.serve_process import running_server
from test_report_html_browser import CHROMIUM

ARTIFACTS = Path(__file__).parent / "artifacts"
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian package 'chromium'; scripts/test installs it as root)"
)
STORY = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Storm</title></head><body><article>'
         '<h1>Storm over the bay</h1><figure><img src="storm.jpg" alt="Clouds"><figcaption>Storm clouds over the bay.'
         '</figcaption></figure><p>The council met on Monday.</p></article></body></html>')

# Runs in the page as the editor's actions would: files into the two pickers, then Check.
FILL_AND_SUBMIT = """
(async function (article, image) {
  function file(b64, name, type) {
    var bytes = Uint8Array.from(atob(b64), function (c) { return c.charCodeAt(0); });
    return new File([bytes], name, { type: type });
  }
  function put(id, files) {
    var transfer = new DataTransfer();
    files.forEach(function (f) { transfer.items.add(f); });
    document.getElementById(id).files = transfer.files;
  }
  put("article-file", [file(article, "storm.html", "text/html")]);
  put("images", [file(image, "storm.jpg", "image/jpeg")]);
  document.getElementById("check").click();
  for (var i = 0; i < 600 && !document.querySelector("#results .finding"); i++) {
    await new Promise(function (done) { setTimeout(done, 100); });
  }
  // A thumbnail's blob decodes after its card is drawn: wait for each (a blocked one rejects).
  await Promise.all(Array.prototype.map.call(document.querySelectorAll("#results .card img"), function (img) {
    return Promise.race([img.decode().catch(function () {}), new Promise(function (done) { setTimeout(done, 30000); })]);
  }));
  return Array.prototype.map.call(document.querySelectorAll("#results .card"), function (card) {
    var img = card.querySelector("img");
    return {
      image: card.dataset.image,
      thumbnail: img ? img.src.slice(0, 5) : null,
      thumbnail_loaded: img ? img.complete && img.naturalWidth > 0 : false,
      rules: Array.prototype.map.call(card.querySelectorAll(".finding"), function (f) { return f.dataset.rule; }),
      fixes: Array.prototype.map.call(card.querySelectorAll(".fix"), function (f) { return f.textContent; }),
    };
  }).concat([{ status: document.getElementById("status").textContent }]);
})
"""


class DevTools:
    """The few DevTools protocol calls the test needs, over tornado's websocket client."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.next_id = 0

    async def call(self, method: str, **params):
        self.next_id += 1
        await self.connection.write_message(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = await asyncio.wait_for(self.connection.read_message(), 120)
            if message is None:
                raise RuntimeError("the browser closed the connection")
            answer = json.loads(message)
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise RuntimeError(answer["error"])
                return answer["result"]


def page_socket(profile: Path, page_url: str) -> str:
    port_file = profile / "DevToolsActivePort"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if port_file.exists() and port_file.read_text().strip():
            port = port_file.read_text().split()[0]
            for target in httpx.get(f"http://127.0.0.1:{port}/json/list", timeout=10).json():
                if target.get("type") == "page" and target.get("url", "").startswith(page_url):
                    return target["webSocketDebuggerUrl"]
        time.sleep(0.2)
    raise RuntimeError("Chromium did not open its DevTools port")


async def drive(socket_url: str, screenshot: Path) -> list[dict]:
    from tornado.websocket import websocket_connect

    connection = await websocket_connect(socket_url, max_message_size=64 * 1024 * 1024)
    tools = DevTools(connection)
    for _ in range(600):
        ready = await tools.call("Runtime.evaluate", expression="document.readyState === 'complete' && !!document.getElementById('check')", returnByValue=True)
        if ready["result"].get("value"):
            break
        await asyncio.sleep(0.1)
    article = base64.b64encode(STORY.encode()).decode()
    image = base64.b64encode(jpeg_bytes(xmp=AI_MARKING)).decode()
    expression = f"{FILL_AND_SUBMIT}({json.dumps(article)}, {json.dumps(image)})"
    result = await tools.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
    shot = await tools.call("Page.captureScreenshot", format="png")
    screenshot.write_bytes(base64.b64decode(shot["data"]))
    connection.close()
    return result["result"]["value"]


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "serve-page.png"
    screenshot.unlink(missing_ok=True)
    profile = tmp_path_factory.mktemp("chromium-profile")
    with running_server() as url:
        browser = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions", "--hide-scrollbars",
             "--window-size=1280,1000", f"--user-data-dir={profile}", "--remote-debugging-port=0", url + "/"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "HOME": str(profile)},
            start_new_session=True)
        try:
            cards = asyncio.run(drive(page_socket(profile, url), screenshot))
        finally:
            browser.send_signal(signal.SIGTERM)
            try:
                browser.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(browser.pid, signal.SIGKILL)
                browser.wait()
    return cards, screenshot


def test_the_finding_shows_beside_the_images_thumbnail_with_its_fix(checked):
    cards, _ = checked
    status = cards[-1]["status"]
    storm = next((card for card in cards[:-1] if card["image"] == "storm.jpg"), None)
    assert storm is not None, cards
    assert "AID101" in storm["rules"]
    assert any(fix.startswith("fix: Add to the caption") for fix in storm["fixes"]), storm
    assert storm["thumbnail"] == "blob:" and storm["thumbnail_loaded"]  # the editor's own file, allowed by the CSP
    assert status == "1 findings: 1 errors, 0 warnings, 0 info"


def test_a_screenshot_is_kept(checked):
    _, screenshot = checked
    assert screenshot.read_bytes().startswith(b"\x89PNG")
