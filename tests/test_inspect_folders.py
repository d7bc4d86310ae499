"""`auditor inspect` over folders: the images under a folder, recursively, in a stable
order, the same bytes whatever --jobs, and the same document as naming each file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.cli import main
from fixtures import images
from fixtures.media_corpus import build_media_corpus

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("inspect-folders") / "images"
    build_media_corpus(root / "corpus")
    (root / "a" / "b").mkdir(parents=True)
    images.write_jpeg(root / "a" / "b" / "deep.jpg", xmp={images.SOURCE_TYPE: images.TRAINED_ALGORITHMIC_MEDIA})
    (root / "notes.md").write_text("# not an image\n", encoding="utf-8")
    return root


def inspect(*arguments: str) -> tuple[int, str]:
    """A real `auditor inspect` process (its pool forks from a process with one thread)."""
    done = subprocess.run([sys.executable, "-m", "auditor", "inspect", *arguments], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, done.stdout


def image_files(folder: Path) -> list[str]:
    """The folder's images, files before subfolders, each level by name."""
    found = []
    for directory, subfolders, names in os.walk(folder):
        subfolders.sort()
        found += [os.path.join(directory, n) for n in sorted(names) if not n.endswith(".md")]
    return found


def test_a_folder_gives_what_naming_each_of_its_images_gives(folder, tmp_path):
    by_folder, by_files = tmp_path / "folder.json", tmp_path / "files.json"
    assert main(["inspect", "-f", "json", "-o", str(by_folder), str(folder)]) == main(
        ["inspect", "-f", "json", "-o", str(by_files), *image_files(folder)])
    documents = json.loads(by_folder.read_text(encoding="utf-8"))
    assert by_folder.read_bytes() == by_files.read_bytes()
    assert {d["path"] for d in documents} == set(image_files(folder))
    assert str(folder / "a" / "b" / "deep.jpg") in {d["path"] for d in documents}


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_worker_processes_write_the_same_bytes_as_one_process(folder, fmt):
    one = inspect("-f", fmt, "-j", "1", str(folder))
    two = inspect("-f", fmt, "-j", "2", str(folder))
    default = inspect("-f", fmt, str(folder))
    assert one == two == default
    assert one[1].count(str(folder)) >= len(image_files(folder))


def test_a_folder_without_images_is_an_empty_list(tmp_path):
    (tmp_path / "readme.md").write_text("nothing here\n", encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["inspect", "-f", "json", "-o", str(out), str(tmp_path)]) == 0
    assert out.read_text(encoding="utf-8") == "[]\n"


def test_an_unreadable_image_in_a_folder_is_reported_and_exits_1(tmp_path):
    images.write_png(tmp_path / "fine.png", text={"Software": "GIMP"})
    images.garbage(tmp_path / "broken.jpg")
    os.symlink("loop.jpg", tmp_path / "loop.jpg")  # a link to itself cannot be followed
    out = tmp_path / "out.json"
    assert main(["inspect", "-f", "json", "-o", str(out), str(tmp_path)]) == 1
    by_name = {Path(d["path"]).name: d for d in json.loads(out.read_text(encoding="utf-8"))}
    assert by_name["fine.png"]["errors"] == []
    assert [e["code"] for e in by_name["broken.jpg"]["errors"]] == ["INP001"]
    assert [e["code"] for e in by_name["loop.jpg"]["errors"]] == ["INP001"]
