"""read_c2pa against images signed on the spot with a throwaway test CA."""

from __future__ import annotations

import json
import socket
import threading

import pytest

from auditor.media.c2pa_manifest import configure_trust, read_c2pa, remote_url_in
from fixtures.c2pa_signing import build_c2pa_fixtures, make_remote_reference, make_test_ca

AI = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
CAPTURE = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"
AI_EDIT = "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia"
EXTS = ["jpg", "png"]


@pytest.fixture(scope="session")
def ca():
    return make_test_ca()


@pytest.fixture(scope="session")
def images(tmp_path_factory, ca):
    return build_c2pa_fixtures(tmp_path_factory.mktemp("c2pa"), ca=ca)


@pytest.fixture
def trusting_test_ca(ca):
    configure_trust(ca.root_pem)
    yield
    configure_trust(None)


def source_types(facts, *, ingredient=None):
    return [a["digitalSourceType"] for a in facts["actions"] if a["ingredient"] == ingredient]


@pytest.mark.parametrize("ext", EXTS)
def test_ai_generated_image_reads_as_valid_but_untrusted_without_anchors(images, ext):
    facts = read_c2pa(images[f"ai_generated.{ext}"])

    assert facts["present"] is True
    assert facts["validation_state"] == "Valid"
    assert facts["trusted"] is False
    assert "signingCredential.untrusted" in facts["validation_codes"]
    assert facts["integrity_failures"] == []
    assert facts["claim_generator"] == "auditor-fixtures/1.0"
    assert facts["title"] == f"ai_generated.{ext}"
    assert facts["format"] == ("image/jpeg" if ext == "jpg" else "image/png")
    assert facts["signer"] == "Auditor Test"
    assert facts["active_manifest"].startswith("urn:")
    assert facts["embedded"] is True
    assert facts["actions"] == [{
        "action": "c2pa.created", "digitalSourceType": AI, "softwareAgent": "Test Image Model 2",
        "when": None, "ingredient": None,
    }]
    json.dumps(facts)  # a plain, serialisable dict


@pytest.mark.parametrize("ext", EXTS)
def test_test_ca_as_trust_anchor_makes_the_manifest_trusted(images, trusting_test_ca, ext):
    facts = read_c2pa(images[f"ai_generated.{ext}"])

    assert facts["validation_state"] == "Trusted"
    assert facts["trusted"] is True
    assert facts["validation_codes"] == []


def test_another_ca_as_anchor_does_not_trust_our_signer(images):
    configure_trust(make_test_ca().root_pem)
    try:
        facts = read_c2pa(images["ai_generated.jpg"])
    finally:
        configure_trust(None)
    assert facts["validation_state"] == "Valid"
    assert facts["trusted"] is False


def test_configure_trust_rejects_text_without_certificates():
    with pytest.raises(ValueError):
        configure_trust("not a certificate")


@pytest.mark.parametrize("ext", EXTS)
def test_captured_photo_records_digital_capture(images, ext):
    facts = read_c2pa(images[f"captured.{ext}"])

    assert source_types(facts) == [CAPTURE]
    assert facts["claim_generator"] == "Test Camera/7.1"
    assert facts["validation_state"] == "Valid"


@pytest.mark.parametrize("ext", EXTS)
def test_ai_edited_photo_shows_the_edit_and_the_ingredients_capture(images, ext):
    facts = read_c2pa(images[f"ai_edited.{ext}"])

    assert [a["action"] for a in facts["actions"] if a["ingredient"] is None] == ["c2pa.opened", "c2pa.edited"]
    assert AI_EDIT in source_types(facts)
    assert facts["ingredients"] == [f"ai_edited.parent.{ext}"]
    assert source_types(facts, ingredient=f"ai_edited.parent.{ext}") == [CAPTURE]
    assert facts["manifest_count"] == 2
    assert facts["validation_state"] == "Valid"


@pytest.mark.parametrize("ext", EXTS)
def test_pixels_changed_after_signing_fail_the_data_hash(images, ext):
    facts = read_c2pa(images[f"tampered.{ext}"])

    assert facts["validation_state"] == "Invalid"
    assert "assertion.dataHash.mismatch" in facts["validation_codes"]
    assert "assertion.dataHash.mismatch" in facts["integrity_failures"]
    assert source_types(facts) == [AI]  # the claim is still readable, just not believable


@pytest.mark.parametrize("ext", EXTS)
def test_unsigned_image_has_no_c2pa(images, ext):
    assert read_c2pa(images[f"unsigned.{ext}"]) == {}


@pytest.mark.parametrize("ext", EXTS)
def test_truncated_store_is_an_error_not_an_exception(images, ext):
    facts = read_c2pa(images[f"truncated_manifest.{ext}"])

    assert facts["present"] is True
    assert facts["error"]
    assert "\n" not in facts["error"]


@pytest.mark.parametrize("fmt", [None, "JPEG", "jpg", "image/jpeg", "PNG"])
def test_format_hint_may_be_missing_or_wrong(images, fmt):
    # The SDK trusts the bytes over a mistaken hint, so a wrong one is harmless.
    assert read_c2pa(images["ai_generated.jpg"], fmt)["validation_state"] == "Valid"


def test_format_is_detected_from_the_bytes_without_extension_or_hint(images, tmp_path):
    bare = tmp_path / "download"
    bare.write_bytes(images["ai_generated.png"].read_bytes())
    assert read_c2pa(bare)["validation_state"] == "Valid"


def test_files_above_the_size_cap_are_not_validated(images):
    facts = read_c2pa(images["ai_generated.jpg"], max_bytes=100)

    assert facts["present"] is None
    assert "limit" in facts["error"]


def test_missing_and_unsupported_files_are_errors(tmp_path):
    assert read_c2pa(tmp_path / "absent.jpg")["error"]
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    assert read_c2pa(text)["error"]


class ConnectionCounter:
    """A local TCP listener that only counts who connects to it."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(4)
        self.server.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}/manifest.c2pa"
        self.connections = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stopped.is_set():
            try:
                connection, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()

    def close(self):
        self.stopped.set()
        self.thread.join()
        self.server.close()


@pytest.mark.parametrize("ext", EXTS)
def test_remote_manifest_is_recorded_never_fetched(tmp_path, ca, ext):
    counter = ConnectionCounter()
    try:
        path = make_remote_reference(tmp_path / f"remote.{ext}", counter.url, ca=ca)
        facts = read_c2pa(path)
    finally:
        counter.close()

    assert counter.connections == 0
    assert facts == {"present": True, "embedded": False, "remote_manifest_url": counter.url}


def test_the_connection_counter_would_see_a_fetch(tmp_path, ca):
    # Control for the test above: the SDK's default settings do fetch remote
    # manifests, so a zero count there means our settings stopped it.
    import c2pa

    counter = ConnectionCounter()
    try:
        path = make_remote_reference(tmp_path / "remote.jpg", counter.url, ca=ca)
        with pytest.raises(c2pa.C2paError):
            c2pa.Reader(path, context=c2pa.Context())
    finally:
        counter.close()
    assert counter.connections >= 1


def test_remote_url_is_read_from_the_sdks_refusal():
    message = "Remote: must fetch remote manifests from url https://example.org/m.c2pa"
    assert remote_url_in(message) == "https://example.org/m.c2pa"
    assert remote_url_in("Verify: invalid CBOR box") is None
