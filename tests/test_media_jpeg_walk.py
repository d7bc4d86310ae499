"""A JPEG held in memory is walked by indexing its bytes when its segments are clean
(auditor/media/jpeg.py, ``_walk_clean_bytes``); any other file goes the general
way. Both must find the same container, to the note: every fixture JPEG, whole
and cut short or padded at every kind of place, is walked both ways here."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from auditor.media.jpeg import _walk_clean_bytes, walk_jpeg
from fixtures.media_corpus import build_media_corpus


class _FileLike(io.RawIOBase):
    """A seekable stream that is not a BytesIO: the walker reads it the general way."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def read(self, size: int = -1) -> bytes:
        return self._data.read(size)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._data.seek(offset, whence)

    def tell(self) -> int:
        return self._data.tell()


@pytest.fixture(scope="module")
def jpegs(tmp_path_factory, built_cases) -> list[bytes]:
    made = list(build_media_corpus(tmp_path_factory.mktemp("media")).values())
    paths = made + sorted(p for p in built_cases.rglob("*") if p.is_file())
    found = [p.read_bytes() for p in paths if p.suffix.lower() in (".jpg", ".jpeg") or _starts_jpeg(p)]
    assert len(found) >= 10
    return found


def _starts_jpeg(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(3) == b"\xff\xd8\xff"


def _variants(data: bytes) -> dict[str, bytes]:
    """The file, and the ways out of the clean case: cut, padded, filled, marked."""
    sos = data.find(b"\xff\xda")
    return {
        "whole": data,
        "cut at half": data[: len(data) // 2],
        "cut in the header": data[:40],
        "cut before its end marker": data[:-2],
        "trailing bytes": data + b"trailer",
        "fill bytes before SOS": data[:sos] + b"\xff\xff" + data[sos:] if sos > 0 else data,
        "standalone marker first": data[:2] + b"\xff\xd0" + data[2:],
        "impossible length": data[:2] + b"\xff\xe1\x00\x01" + data[2:],
        "end of image before SOS": data[:2] + b"\xff\xd9",
    }


def test_clean_in_memory_walk_finds_what_the_general_walk_finds(jpegs):
    clean = 0
    for data in jpegs:
        for name, variant in _variants(data).items():
            in_memory = walk_jpeg(io.BytesIO(variant), len(variant))
            general = walk_jpeg(_FileLike(variant), len(variant))
            assert in_memory == general, name
            clean += _walk_clean_bytes(variant) is not None
    assert clean >= len(jpegs)  # the short way is taken, not only declined
