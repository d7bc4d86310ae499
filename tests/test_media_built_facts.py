"""The readers build MediaFacts and Signals without pydantic's validation
(auditor/media/built_facts.py): every such object must be exactly what validating
its own values gives, on every kind of image the fixtures write."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.media import read_media
from auditor.media.built_facts import media_facts, signal
from auditor.model import MediaFacts, Signal
from fixtures.media_corpus import build_media_corpus
from tests.same_model import assert_same_model

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".tif", ".tiff", ".heic", ".avif", ".jxl", ".bmp"}


@pytest.fixture(scope="module")
def images(tmp_path_factory, built_cases) -> list[Path]:
    made = list(build_media_corpus(tmp_path_factory.mktemp("media")).values())
    return made + sorted(p for p in built_cases.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES)


def _validated(facts: MediaFacts) -> MediaFacts:
    given = {name: getattr(facts, name) for name in facts.model_fields_set}
    return MediaFacts(**given)


def test_every_fixture_image_reads_as_validation_would_build_it(images):
    assert len(images) > 40
    with_signals = 0
    for path in images:
        facts = read_media(path)
        assert_same_model(facts, _validated(facts))
        for found in facts.signals:
            assert_same_model(found, Signal(kind=found.kind, source=found.source, value=found.value))
        with_signals += bool(facts.signals)
    assert with_signals > 10


@pytest.mark.parametrize("given", [
    {},
    {"format": "png", "width": 3, "height": 4, "size": 99},
    {"format": "jpeg", "xmp": {"dc:creator": ["A"]}, "notes": {"truncated": "cut"},
     "signals": (signal("capture", "exif:Make", "Canon"),)},
])
def test_built_facts_equal_validated_facts(given):
    assert_same_model(media_facts("a/b.jpg", dict(given)), MediaFacts(path="a/b.jpg", **given))


def test_built_facts_are_frozen_and_hashable_like_validated_ones():
    built = signal("ai-generated", "xmp:Iptc4xmpExt:DigitalSourceType", "trainedAlgorithmicMedia")
    with pytest.raises(Exception):
        built.kind = "capture"
    assert hash(built) == hash(Signal(kind="ai-generated", source="xmp:Iptc4xmpExt:DigitalSourceType",
                                      value="trainedAlgorithmicMedia"))
