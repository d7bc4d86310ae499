"""`auditor check --fetch-remote` end to end, against a real HTTP server on
127.0.0.1: an AI-marked image served remotely is caught, an unfetchable one is a
finding with its reason, nothing touches the network without the opt-in, and
worker processes and later runs share the cache and the ledger."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.fetch import configure_fetch
from auditor.config import Config
from fixtures.images import TRAINED_ALGORITHMIC_MEDIA, jpeg_bytes
from tests.image_server import ImageServer

AI_JPEG = jpeg_bytes(xmp={"Iptc4xmpExt:DigitalSourceType": TRAINED_ALGORITHMIC_MEDIA})
PLAIN_JPEG = jpeg_bytes()


@pytest.fixture
def server():
    with ImageServer() as running:
        yield running
    configure_fetch(Config())  # no fetch client left behind for the next test


def site(tmp_path: Path, articles: dict[str, str], **config: str) -> Path:
    """A folder with articles and an auditor.toml that lets fetches reach 127.0.0.1."""
    folder = tmp_path / "site"
    folder.mkdir()
    settings = {"fetch_allow": '["127.0.0.1"]', "fetch_cache": '"../cache"', "fetch_retries": "0",
                "fetch_timeout": "2", **config}
    lines = [f"{key} = {value}" for key, value in settings.items()]
    (folder / "auditor.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def check(args: list[str], capsys) -> tuple[int, list[dict]]:
    code = main(["check", *args, "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    return code, report["findings"]


def html_page(url: str, caption: str = "Flood waters in the old town") -> str:
    return (f"<html><head><title>Flood</title></head><body><article><h1>Flood</h1>"
            f"<figure><img src=\"{url}\" alt=\"Flooded street\"><figcaption>{caption}</figcaption></figure>"
            f"<p>The river rose overnight.</p></article></body></html>")


@pytest.mark.parametrize("name,template", [
    ("post.md", "# Flood\n\n![Flooded street]({url})\n\nThe river rose overnight.\n"),
    ("post.html", None),
])
def test_an_ai_marked_image_served_remotely_is_caught_as_aid101(tmp_path, server, capsys, name, template):
    url = server.add("/flood.jpg", body=AI_JPEG)
    text = template.format(url=url) if template else html_page(url)
    folder = site(tmp_path, {name: text})
    code, findings = check([str(folder / name), "--fetch-remote"], capsys)
    ai = [f for f in findings if f["rule"] == "AID101"]
    assert code == 1 and len(ai) == 1
    assert ai[0]["media"] == url  # the URL, never the cache file
    assert not [f for f in findings if f["rule"] == "INP002"]


def test_without_the_opt_in_nothing_touches_the_network(tmp_path, server, capsys):
    url = server.add("/flood.jpg", body=AI_JPEG)
    folder = site(tmp_path, {"post.md": f"![Flooded street]({url})\n"})
    code, findings = check([str(folder)], capsys)
    assert server.served == []
    assert not [f for f in findings if f["rule"] == "AID101"]
    assert not (tmp_path / "cache").exists()


def test_fetch_remote_in_the_config_file_turns_fetching_on(tmp_path, server, capsys):
    url = server.add("/flood.jpg", body=AI_JPEG)
    folder = site(tmp_path, {"post.md": f"![Flooded street]({url})\n"}, fetch_remote="true")
    code, findings = check([str(folder)], capsys)
    assert [f["rule"] for f in findings if f["rule"] == "AID101"] == ["AID101"]


@pytest.mark.parametrize("route,reason", [
    ({"status": 404}, "HTTP 404 Not Found"),
    ({"delay": 5.0}, "timed out"),
    ({"location": "http://localhost:{port}/flood.jpg"}, "refused: host 'localhost' resolves to 127.0.0.1"),
])
def test_an_unfetchable_image_is_an_inp002_finding_for_its_figure_with_the_reason(tmp_path, server, capsys, route, reason):
    if "location" in route:
        route = {"location": route["location"].format(port=server.port)}
    url = server.add("/broken.jpg", **route)
    folder = site(tmp_path, {"post.md": f"# Flood\n\n![Flooded street]({url})\n"}, fetch_timeout="0.5")
    code, findings = check([str(folder / "post.md"), "--fetch-remote", "--fail-on", "warning"], capsys)
    missing = [f for f in findings if f["rule"] == "INP002"]
    assert code == 1 and len(missing) == 1
    assert missing[0]["figure"] == 0 and missing[0]["media"] == url and missing[0]["line"] == 3
    assert reason in missing[0]["message"] and url in missing[0]["message"]
    assert {"source": "fetch", "value": missing[0]["message"].split(": ", 1)[1].rstrip(".")} in missing[0]["evidence"]


def test_worker_processes_fill_the_cache_this_process_reads(tmp_path, server, capsys):
    url = server.add("/flood.jpg", body=AI_JPEG)
    articles = {f"post{i}.md": f"# Story {i}\n\n![Flooded street]({url})\n" for i in range(4)}
    folder = site(tmp_path, articles)
    code, findings = check([str(folder), "--fetch-remote", "--jobs", "2"], capsys)
    assert len([f for f in findings if f["rule"] == "AID101"]) == 4
    served = len(server.served)
    assert served >= 1
    code, findings = check([str(folder), "--fetch-remote"], capsys)
    assert len([f for f in findings if f["rule"] == "AID101"]) == 4
    assert len(server.served) == served  # every answer came from the shared cache


def test_the_ledger_keys_a_fetched_image_on_its_validator(tmp_path, server, capsys):
    url = server.add("/flood.jpg", body=PLAIN_JPEG, etag='"plain"')
    folder = site(tmp_path, {"post.md": f"# Flood\n\n![Flooded street]({url})\n"}, fetch_revalidate_after="0")
    ledger = str(tmp_path / "ledger.db")
    args = [str(folder), "--fetch-remote", "--ledger", ledger]
    _, findings = check(args, capsys)
    assert not [f for f in findings if f["rule"] == "AID101"]
    server.add("/flood.jpg", body=AI_JPEG, etag='"ai"')  # the published image is replaced
    _, findings = check(args, capsys)
    assert [f["rule"] for f in findings if f["rule"] == "AID101"] == ["AID101"]
    served = len(server.served)
    _, again = check(args, capsys)  # unchanged: the ledger answers after one revalidation
    assert again == findings
    assert [s.status for s in server.served[served:]] == [304]
