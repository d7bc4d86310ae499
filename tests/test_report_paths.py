"""How reports show paths: the fast paths in auditor/report/paths.py must print
exactly what the pathlib/os.path spelling of the same rule prints."""

import itertools
import os
import sys
from pathlib import Path, PurePosixPath

import pytest

from auditor.report.paths import relative_path, to_posix

PIECES = ["a", ".", "..", "", "/", "//", "b.c"]


def generated_paths():
    for size in range(1, 5):
        for combo in itertools.product(PIECES, repeat=size):
            path = "".join(piece if piece in ("/", "//") else piece + ("/" if i < size - 1 else "")
                           for i, piece in enumerate(combo))
            if path not in ("", "."):
                yield path


@pytest.mark.skipif(os.sep != "/", reason="POSIX spelling")
def test_to_posix_prints_what_pure_posix_path_prints():
    for path in generated_paths():
        assert to_posix(path) == str(PurePosixPath(path)), path


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX spelling")
@pytest.mark.parametrize("path, shown", [
    ("/srv/news/a.md", "a.md"),
    ("/srv/news/sub/./b.md", "sub/b.md"),
    ("/srv/news", "."),
    ("/srv/newsroom/c.md", "/srv/newsroom/c.md"),  # a sibling with the same prefix is outside
    ("/srv/other//d.md", "/srv/other/d.md"),
    ("https://example.com/x.jpg", "https://example.com/x.jpg"),
])
def test_relative_path_inside_and_outside_the_base(path, shown):
    assert relative_path(path, Path("/srv/news")) == shown


def test_relative_inputs_are_taken_from_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert relative_path("x/y.md", tmp_path) == "x/y.md"
    assert relative_path("y.md", tmp_path / "x") == "y.md"  # outside the base: as given
