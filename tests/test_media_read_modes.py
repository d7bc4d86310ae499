"""The media reader gives the same facts whichever way it reads a file: a small file
in one call and walked in memory, a large one walked on the open file; and it
names the file as pathlib spells the path, whether given a string or a Path."""

from __future__ import annotations

from pathlib import Path

import pytest

import auditor.media as media
from auditor.media import read_media
from fixtures import images
from fixtures.media_corpus import build_media_corpus


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> list[Path]:
    directory = tmp_path_factory.mktemp("modes")
    made = list(build_media_corpus(directory / "corpus").values())
    made += list(images.write_all(directory / "cases"))  # truncated, entity bomb, mislabelled, empty, garbage
    return made


def test_every_fixture_reads_the_same_in_memory_and_from_the_open_file(files, monkeypatch):
    in_memory = [read_media(path) for path in files]
    monkeypatch.setattr(media, "IN_MEMORY_BYTES", -1)  # every file walked on the open file
    from_file = [read_media(path) for path in files]
    assert len(files) > 30
    assert from_file == in_memory


def test_a_large_image_is_walked_on_the_file_and_keeps_its_metadata(tmp_path):
    small = images.write_png(tmp_path / "small.png", text={"parameters": "a cat\nSteps: 20, Sampler: Euler a"})
    large = tmp_path / "large.png"
    # The same image with a long comment chunk after its text: past the in-memory size.
    data = small.read_bytes()
    filler = images.text_chunk("Comment", "x" * (media.IN_MEMORY_BYTES + 1))
    large.write_bytes(data[:-12] + filler + data[-12:])
    facts = read_media(large)
    assert facts.size > media.IN_MEMORY_BYTES
    assert facts.png_text["parameters"] == read_media(small).png_text["parameters"]
    assert [s.kind for s in facts.signals] == [s.kind for s in read_media(small).signals] == ["ai-generated"]


@pytest.mark.parametrize("written", ["./{name}", "{folder}//{name}", "{folder}/./{name}", "{folder}/{name}"])
def test_facts_name_the_file_as_pathlib_spells_it(tmp_path, monkeypatch, written):
    images.write_jpeg(tmp_path / "photo.jpg", exif={"Make": "Canon"})
    monkeypatch.chdir(tmp_path)
    path = written.format(folder=str(tmp_path), name="photo.jpg")
    assert read_media(path).path == str(Path(path)) == read_media(Path(path)).path
    assert not read_media(path).errors


def test_a_file_that_vanished_is_inp002_by_its_pathlib_name(tmp_path):
    facts = read_media(f"{tmp_path}//gone.jpg")
    assert facts.path == str(tmp_path / "gone.jpg")
    assert [e.code for e in facts.errors] == ["INP002"]
