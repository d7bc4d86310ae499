"""Fetching remote images against a real HTTP server on 127.0.0.1: what is read
(the head by a range, the whole file only when needed), what is refused or capped,
and the cache that runs and processes share."""

from __future__ import annotations

import struct
import zlib

import pytest

from auditor.fetch.client import HEAD_BYTES, Fetcher
from auditor.fetch.remote_media import read_remote
from auditor.fetch.settings import FetchSettings
from auditor.model import MediaFacts
from fixtures.images import TRAINED_ALGORITHMIC_MEDIA, jpeg_bytes, png_bytes
from tests.image_server import ImageServer

AI_XMP = {"Iptc4xmpExt:DigitalSourceType": TRAINED_ALGORITHMIC_MEDIA}
SD_PARAMETERS = "a flooded street at night\nSteps: 30, Sampler: Euler a, CFG scale: 7, Seed: 1, Model: sd_xl_base_1.0"


def big_ai_jpeg() -> bytes:
    """An AI-marked JPEG of about 1 MB whose metadata is all in its first bytes."""
    image = jpeg_bytes(xmp=AI_XMP)
    return image + b"\x00" * 1_000_000


def png_with_parameters_at_the_end(padding: int = 700_000) -> bytes:
    """A PNG whose generation parameters sit between two large private chunks: a
    reader must see past the head, and past the last bytes, to find them."""
    plain = png_bytes()
    header_end = 8 + 8 + 13 + 4

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    text = chunk(b"tEXt", b"parameters\x00" + SD_PARAMETERS.encode("latin-1"))
    filler = chunk(b"prIv", b"\x01" * (padding // 2))
    return plain[:header_end] + filler + text + filler + plain[header_end:]


@pytest.fixture
def server():
    with ImageServer() as running:
        yield running


def fetcher(tmp_path, **budget) -> Fetcher:
    settings = dict(allow=("127.0.0.1",), cache=tmp_path / "cache", retries=0, timeout=2.0)
    settings.update(budget)
    return Fetcher(FetchSettings(**settings))


def ai_kinds(facts: MediaFacts | str) -> set[str]:
    assert isinstance(facts, MediaFacts), facts
    return facts.kinds()


def test_a_range_server_sends_only_the_head_and_the_ai_marking_is_read(tmp_path, server):
    url = server.add("/ai.jpg", body=big_ai_jpeg())
    facts = read_remote(fetcher(tmp_path), url)
    assert "ai-generated" in ai_kinds(facts)
    assert facts.path == url and facts.size == len(big_ai_jpeg())
    sent = [s.sent for s in server.requests_for("/ai.jpg")]
    assert sum(sent) < 2 * HEAD_BYTES  # the head, and the last bytes the end-of-image check reads
    assert server.requests_for("/ai.jpg")[0].headers["range"] == f"bytes=0-{HEAD_BYTES - 1}"


def test_a_server_that_ignores_ranges_is_read_whole(tmp_path, server):
    url = server.add("/ai.jpg", body=big_ai_jpeg(), ranges=False)
    assert "ai-generated" in ai_kinds(read_remote(fetcher(tmp_path), url))
    assert [s.status for s in server.requests_for("/ai.jpg")] == [200]


def test_metadata_past_the_head_is_read_from_the_whole_file(tmp_path, server):
    url = server.add("/late.png", body=png_with_parameters_at_the_end())
    assert "ai-generated" in ai_kinds(read_remote(fetcher(tmp_path), url))
    assert [s.status for s in server.requests_for("/late.png")] == [206, 200]  # the head, then the whole file


@pytest.mark.parametrize("gzip", ["always", "accepted"])
def test_gzip_encoded_responses_are_decoded(tmp_path, server, gzip):
    url = server.add("/late.png", body=png_with_parameters_at_the_end(), gzip=gzip)
    assert "ai-generated" in ai_kinds(read_remote(fetcher(tmp_path), url))
    assert any(s.headers.get("accept-encoding") == "gzip" or gzip == "always" for s in server.requests_for("/late.png"))


@pytest.mark.parametrize("route,reason", [
    ({"status": 404}, "HTTP 404 Not Found"),
    ({"status": 403}, "HTTP 403 Forbidden"),
    ({"status": 503}, "HTTP 503 Service Unavailable"),
    ({"delay": 3.0}, "timed out"),
    ({"body": png_with_parameters_at_the_end()}, "too large"),
    ({"body": png_with_parameters_at_the_end(), "ranges": False}, "too large"),
    ({"location": "http://localhost:{port}/ai.jpg"}, "refused: host 'localhost' resolves to 127.0.0.1, a loopback address"),
    ({"location": "http://10.0.0.1/ai.jpg"}, "refused: host '10.0.0.1' resolves to 10.0.0.1, a private address"),
    ({"location": "http://169.254.169.254/latest/meta-data/"}, "a cloud metadata address"),
    ({"location": "file:///etc/passwd"}, "file: URLs are not fetched"),
    ({"location": "/loop.jpg"}, "more than 5 redirects"),
])
def test_a_url_that_cannot_be_fetched_says_why(tmp_path, server, route, reason):
    if "location" in route:
        route = {**route, "location": route["location"].format(port=server.port)}
    url = server.add("/loop.jpg", **route)
    server.add("/ai.jpg", body=big_ai_jpeg())
    result = read_remote(fetcher(tmp_path, timeout=0.5, max_bytes=512 * 1024), url)
    assert isinstance(result, str) and reason in result


def test_a_redirect_to_an_allowed_host_is_followed(tmp_path, server):
    target = server.add("/ai.jpg", body=big_ai_jpeg())
    url = server.add("/moved.jpg", location=target)
    assert "ai-generated" in ai_kinds(read_remote(fetcher(tmp_path), url))


def test_loopback_is_refused_unless_fetch_allow_names_the_host(tmp_path, server):
    url = server.add("/ai.jpg", body=big_ai_jpeg())
    result = read_remote(fetcher(tmp_path, allow=()), url)
    assert isinstance(result, str) and result.startswith("refused:")
    assert server.served == []  # refused before any connection


def test_retries_are_bounded(tmp_path, server):
    url = server.add("/busy.jpg", status=503)
    read_remote(fetcher(tmp_path, retries=2), url)
    assert len(server.requests_for("/busy.jpg")) == 3


def test_the_cache_is_revalidated_with_the_etag_and_a_304_sends_no_body(tmp_path, server):
    url = server.add("/ai.jpg", body=big_ai_jpeg(), etag='"v1"')
    first = fetcher(tmp_path, revalidate_after=0)
    assert "ai-generated" in ai_kinds(read_remote(first, url))
    served = len(server.served)
    later = fetcher(tmp_path, revalidate_after=0)  # another run, same cache folder
    assert "ai-generated" in ai_kinds(read_remote(later, url))
    again = server.served[served:]
    assert [(s.status, s.sent) for s in again] == [(304, 0)]
    assert again[0].headers["if-none-match"] == '"v1"'
    assert later.signature(url) == 'url:etag:"v1"'


def test_last_modified_revalidates_too_and_a_changed_file_is_read_again(tmp_path, server):
    stamp = "Wed, 21 Oct 2026 07:28:00 GMT"
    url = server.add("/photo.jpg", body=jpeg_bytes(), last_modified=stamp)
    assert ai_kinds(read_remote(fetcher(tmp_path, revalidate_after=0), url)) == set()
    assert server.served[-1].headers.get("if-modified-since") is None
    server.add("/photo.jpg", body=big_ai_jpeg(), last_modified="Thu, 22 Oct 2026 07:28:00 GMT")
    assert "ai-generated" in ai_kinds(read_remote(fetcher(tmp_path, revalidate_after=0), url))
    assert server.requests_for("/photo.jpg")[1].headers["if-modified-since"] == stamp


def test_a_fresh_cache_entry_needs_no_request(tmp_path, server):
    url = server.add("/ai.jpg", body=big_ai_jpeg(), etag='"v1"')
    read_remote(fetcher(tmp_path), url)
    served = len(server.served)
    assert "ai-generated" in ai_kinds(read_remote(fetcher(tmp_path), url))
    assert len(server.served) == served


def test_a_torn_cache_file_is_fetched_again(tmp_path, server):
    url = server.add("/ai.jpg", body=big_ai_jpeg())
    read_remote(fetcher(tmp_path), url)
    for entry in (tmp_path / "cache").rglob("*"):
        if entry.is_file():
            entry.write_bytes(entry.read_bytes()[:3])
    served = len(server.served)
    assert "ai-generated" in ai_kinds(read_remote(fetcher(tmp_path), url))
    assert len(server.served) > served


def _self_signed_localhost(folder) -> tuple[str, str]:
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(hours=1))
                   .not_valid_after(now + datetime.timedelta(hours=1))
                   .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
                   .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_file), str(key_file)


def test_https_certificates_are_verified_although_the_socket_connects_to_the_checked_address(tmp_path):
    import ssl

    cert_file, key_file = _self_signed_localhost(tmp_path)
    with ImageServer() as server:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_file, key_file)
        server._server.socket = context.wrap_socket(server._server.socket, server_side=True)
        server.add("/ai.jpg", body=big_ai_jpeg())
        result = read_remote(fetcher(tmp_path, allow=("localhost",)), f"https://localhost:{server.port}/ai.jpg")
    assert isinstance(result, str) and "CERTIFICATE_VERIFY_FAILED" in result


@pytest.fixture(scope="module")
def corpus_images(tmp_path_factory):
    from fixtures.c2pa_signing import build_c2pa_fixtures
    from fixtures.media_corpus import build_media_corpus

    folder = tmp_path_factory.mktemp("remote-corpus")
    made = list(build_media_corpus(folder / "media").values()) + list(build_c2pa_fixtures(folder / "c2pa").values())
    return [path for path in made if path.is_file()]


@pytest.mark.parametrize("ranges", [True, False])
def test_a_remote_image_says_exactly_what_the_same_local_file_says(tmp_path, corpus_images, ranges):
    """The whole media corpus (every metadata carrier, C2PA-signed and tampered files
    included), served over HTTP: the facts read remotely are the local facts."""
    from auditor.media import read_media

    with ImageServer() as server:
        urls = {path: server.add(f"/{path.parent.name}/{path.name}", body=path.read_bytes(), ranges=ranges)
                for path in corpus_images}
        remote = fetcher(tmp_path)
        for path, url in urls.items():
            local = read_media(path).model_dump(exclude={"path"})
            fetched = read_remote(remote, url)
            assert isinstance(fetched, MediaFacts), (path.name, fetched)
            assert fetched.model_dump(exclude={"path"}) == local, path.name
    assert len(urls) >= 20


@pytest.mark.parametrize("suffix", [".jpg", ".png"])
def test_a_large_c2pa_signed_image_validates_as_it_does_locally(tmp_path, suffix):
    """C2PA binds the manifest to a hash of the whole file: the head is not enough,
    and the whole file is fetched for validation."""
    import os

    from PIL import Image

    from auditor.media import read_media
    from fixtures.c2pa_signing import sign_image

    source = tmp_path / f"noise{suffix}"
    Image.frombytes("RGB", (500, 500), os.urandom(500 * 500 * 3)).save(source, quality=95)
    signed = sign_image(source, tmp_path / f"signed{suffix}", digital_source_type="trainedAlgorithmicMedia")
    assert signed.stat().st_size > HEAD_BYTES
    local = read_media(signed)
    assert local.c2pa.get("present")
    with ImageServer() as server:
        fetched = read_remote(fetcher(tmp_path), server.add(f"/signed{suffix}", body=signed.read_bytes()))
        statuses = [s.status for s in server.served]
    assert isinstance(fetched, MediaFacts) and fetched.model_dump(exclude={"path"}) == local.model_dump(exclude={"path"})
    assert statuses[-1] == 200  # the whole file, after the head
