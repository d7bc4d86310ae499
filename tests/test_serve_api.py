"""`auditor serve` against a real uvicorn server on 127.0.0.1: the API answers what
`auditor check --format json` answers, refuses what it must (no token, too large,
malformed, names that climb out), and never answers 500 with a traceback."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import httpx
import pytest

from content_repo import AI_MARKING
from fixtures import hostile
from fixtures.images import jpeg_bytes
from bench.serve_process import running_server

TOKEN = "test-token-0123456789abcdef"
MAX_IMAGE_BYTES = 64 * 1024
MAX_REQUEST_BYTES = 256 * 1024
AI_JPEG = jpeg_bytes(xmp=AI_MARKING)
PLAIN_JPEG = jpeg_bytes()


def page(caption: str, src: str = "storm.jpg") -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Storm</title></head><body><article>'
            f'<h1>Storm</h1><figure><img src="{src}" alt="Clouds"><figcaption>{caption}</figcaption></figure>'
            f'<p>The council met on Monday.</p></article></body></html>')


UNDISCLOSED = page("Storm clouds over the bay.")
DISCLOSED = page("AI-generated image: storm clouds over the bay.")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tokens = tmp_path_factory.mktemp("serve") / "tokens"
    tokens.write_text(f"# the CMS hook\n{TOKEN}\n")
    with running_server("--token-file", str(tokens), "--max-image-bytes", str(MAX_IMAGE_BYTES),
                        "--max-request-bytes", str(MAX_REQUEST_BYTES)) as url:
        yield url


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60) as client:
        yield client


def post_story(client, article: str, images: dict[str, bytes], name: str = "story.html", **extra) -> httpx.Response:
    files = [("article", (name, article.encode(), "text/html"))]
    files += [("images", (image, data, "image/jpeg")) for image, data in images.items()]
    return client.post("/v1/check", files=files, **extra)


def rules_of(response: httpx.Response) -> set[str]:
    assert response.status_code == 200, response.text
    return {finding["rule"] for finding in response.json()["findings"]}


def test_undisclosed_ai_image_is_flagged_and_fails_the_gate(client):
    response = post_story(client, UNDISCLOSED, {"storm.jpg": AI_JPEG})
    assert "AID101" in rules_of(response)
    assert response.headers["x-auditor-gate"] == "fail"
    report = response.json()
    assert report["schema_version"] and report["summary"]["documents"] == 1 and report["summary"]["media"] == 1
    finding = next(f for f in report["findings"] if f["rule"] == "AID101")
    assert finding["media"] == "upload!/storm.jpg" and finding["fix"]


def test_disclosed_ai_image_passes(client):
    response = post_story(client, DISCLOSED, {"storm.jpg": AI_JPEG})
    assert "AID101" not in rules_of(response)
    assert response.headers["x-auditor-gate"] == "pass"


def test_json_body_with_base64_images_gives_the_same_findings(client):
    body = {"article_text": UNDISCLOSED, "article_name": "story.html",
            "images": [{"name": "storm.jpg", "data": base64.b64encode(AI_JPEG).decode()}]}
    assert "AID101" in rules_of(client.post("/v1/check", json=body))


@pytest.mark.parametrize("options, present", [
    ({"select": ["AID101"]}, {"AID101"}),
    ({"ignore": ["AID101"]}, set()),
])
def test_options_choose_the_rules(client, options, present):
    files = [("article", ("story.html", UNDISCLOSED.encode())), ("images", ("storm.jpg", AI_JPEG)),
             ("options", (None, json.dumps(options)))]
    assert rules_of(client.post("/v1/check", files=files)) & {"AID101"} == present


def test_html_report_on_accept_text_html(client):
    response = post_story(client, UNDISCLOSED, {"storm.jpg": AI_JPEG}, headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "script-src 'sha256-" in response.headers["content-security-policy"]
    assert "AID101" in response.text
    assert 'src="data:image/jpeg;base64,' in response.text  # the preview, from the posted bytes


def test_inspect_reads_posted_images(client):
    response = client.post("/v1/inspect", files=[("images", ("storm.jpg", AI_JPEG)), ("images", ("plain.jpg", PLAIN_JPEG))])
    assert response.status_code == 200, response.text
    facts = {item["path"]: item for item in response.json()}
    assert [s["kind"] for s in facts["upload!/storm.jpg"]["signals"]] == ["ai-generated"]
    assert facts["upload!/plain.jpg"]["signals"] == []


def test_rules_and_rule_docs(client):
    codes = {rule["code"] for rule in client.get("/v1/rules").json()}
    assert "AID101" in codes
    doc = client.get("/v1/rules/AID101").json()
    assert doc["code"] == "AID101" and doc["name"] == "ai-image-undisclosed"
    missing = client.get("/v1/rules/NOPE999")
    assert missing.status_code == 404 and missing.json()["error"] == "refused"


@pytest.mark.parametrize("method, path", [("post", "/v1/check"), ("post", "/v1/inspect"), ("get", "/v1/rules"),
                                          ("get", "/v1/rules/AID101"), ("get", "/metrics")])
@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token-0123456789", f"Basic {TOKEN}"])
def test_api_needs_the_bearer_token(server, method, path, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    response = httpx.request(method, server + path, headers=headers, files={"images": ("a.jpg", AI_JPEG)} if method == "post" else None)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_health_and_page_are_open(server):
    assert httpx.get(server + "/healthz").json()["status"] == "ok"
    page = httpx.get(server + "/")
    assert page.status_code == 200 and "default-src 'none'" in page.headers["content-security-policy"]


def test_oversized_image_is_refused(client):
    response = post_story(client, UNDISCLOSED, {"storm.jpg": AI_JPEG + b"\0" * MAX_IMAGE_BYTES})
    assert response.status_code == 413 and "storm.jpg" in response.json()["detail"]


def test_oversized_request_is_refused_before_it_is_read(client):
    response = client.post("/v1/check", content=b"x" * (MAX_REQUEST_BYTES + 1), headers={"Content-Type": "application/json"})
    assert response.status_code == 413


def test_oversized_chunked_request_is_cut_off(client):
    def chunks():
        for _ in range(MAX_REQUEST_BYTES // 8192 + 2):
            yield b"y" * 8192

    response = client.post("/v1/check", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413


@pytest.mark.parametrize("content_type, body, status", [
    # An unfinished last part is dropped by the parser: what is left has no article.
    ("multipart/form-data; boundary=xyz", b"--xyz\r\nContent-Disposition: form-data; name=\"article\"; filename=\"a.html\"\r\n\r\n<p>", 422),
    ("multipart/form-data", b"no boundary at all", 400),
    ("multipart/form-data; boundary=xyz", b"--xyz\r\nno headers end here", 400),
])
def test_malformed_multipart_is_refused_in_one_line(client, content_type, body, status):
    response = client.post("/v1/check", content=body, headers={"Content-Type": content_type})
    assert response.status_code == status, response.text
    assert response.json()["error"] == "refused"


@pytest.mark.parametrize("body, status", [
    ({"article_text": UNDISCLOSED, "options": {"packs": "core"}}, 422),
    ({"article_text": UNDISCLOSED, "options": {"jurisdictions": ["Europe!"]}}, 422),
    ({"article_text": UNDISCLOSED, "options": {"fetch_remote": True}}, 422),  # server config only
    ({"article_text": UNDISCLOSED, "options": {"pack_paths": ["/etc"]}}, 422),
    ({"article_text": UNDISCLOSED, "images": [{"name": "a.jpg", "data": "not base64!"}]}, 422),
    ({"images": []}, 422),
    ({"article_text": UNDISCLOSED, "images": [{"name": "../../etc/passwd", "data": ""}]}, 422),
    ({"article_text": UNDISCLOSED, "images": [{"name": "/etc/passwd", "data": ""}]}, 422),
])
def test_bad_json_bodies_are_refused_in_one_line(client, body, status):
    response = client.post("/v1/check", json=body)
    assert response.status_code == status, response.text
    assert set(response.json()) == {"error", "detail"}


def test_unsupported_content_type_is_415(client):
    assert client.post("/v1/check", content=b"<p>", headers={"Content-Type": "text/html"}).status_code == 415


@pytest.mark.parametrize("src, rule, said", [
    ("/etc/hostname", "INP002", "the file is missing"),
    ("../../../../../../etc/hostname", "INP007", "it was not read"),
    ("file:///etc/hostname", "INP002", "the file is missing"),
    ("http://127.0.0.1:1/x.jpg", "INP002", "remote image was not checked"),  # the server's config does not fetch
])
def test_article_sources_never_reach_the_servers_files_or_network(client, src, rule, said):
    response = post_story(client, page("Storm.", src=src), {})
    findings = response.json()["findings"]
    # The image is reported as not checked (fail closed), never as read from the server.
    assert any(f["rule"] == rule and said in f["message"] for f in findings), findings
    assert not any(e["source"].startswith(("exif", "xmp", "iptc")) for f in findings for e in f["evidence"])


def test_metrics_count_requests_and_findings(client):
    post_story(client, UNDISCLOSED, {"storm.jpg": AI_JPEG})
    text = client.get("/metrics").text
    assert 'auditor_requests_total{route="/v1/check",status="200"}' in text
    assert 'auditor_findings_total{rule="AID101"}' in text
    assert 'auditor_request_seconds_bucket{le="0.05",route="/v1/check"}' in text


def hostile_parts(target: Path) -> list[tuple[str, tuple[str, bytes]]]:
    """Every regular file of a hostile case, as the parts a CMS would post: the first
    article-like file as the article, the others as images (links and FIFOs cannot be posted)."""
    files = [target] if target.is_file() else sorted(p for p in target.rglob("*") if p.is_file() and not p.is_symlink())
    parts: list[tuple[str, tuple[str, bytes]]] = []
    for path in files:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_IMAGE_BYTES:
            continue
        field = "article" if not parts and path.suffix.lower() not in {".jpg", ".png", ".tif", ".tiff", ".webp", ".gif"} else "images"
        parts.append((field, (path.name, path.read_bytes())))
    return parts


@pytest.mark.parametrize("name", list(hostile.CASES))
def test_hostile_corpus_gives_findings_or_4xx_never_500(client, tmp_path, name):
    case = hostile.build(name, tmp_path)
    parts = hostile_parts(case.target)
    if not any(field == "article" for field, _ in parts):
        parts.insert(0, ("article", ("story.html", UNDISCLOSED.encode())))
    response = client.post("/v1/check", files=parts)
    assert response.status_code < 500, response.text
    assert "Traceback" not in response.text
    if response.status_code == 200:
        assert "findings" in response.json()
    else:
        assert set(response.json()) == {"error", "detail"}


def test_served_openapi_document_is_the_committed_one(server):
    from auditor.serve.openapi_document import DOCUMENT

    assert httpx.get(server + "/openapi.json").json() == json.loads(DOCUMENT.read_text(encoding="utf-8"))


def test_uploads_leave_nothing_in_the_temp_folder(tmp_path):
    """A 2 MB image is spooled to disk by the multipart parser: it is gone when the
    request ends, and the server's private folders are gone when it stops."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    big = AI_JPEG + b"\0" * (2 * 1024 * 1024)
    with running_server(env={"TMPDIR": str(temp)}) as url:
        response = post_story(httpx.Client(base_url=url, timeout=60), UNDISCLOSED, {"storm.jpg": big})
        assert "AID101" in rules_of(response)
        assert [p for p in temp.rglob("*") if not p.is_dir()] == []
    assert list(temp.iterdir()) == []
