"""A path `is_clean` accepts is one the batch's hot paths use as it is, skipping
normpath, abspath's cleaning and Path(): it must be exactly what those give back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.clean_paths import POSIX, is_clean

pytestmark = pytest.mark.skipif(not POSIX, reason="the shortcut is taken on POSIX only")


@pytest.mark.parametrize("path, clean", [
    ("/srv/site/posts/a.jpg", True),
    ("posts/a.jpg", True),
    ("./a.jpg", False),  # a user's path: Path drops the "./"
    ("posts//a.jpg", False),
    ("posts/./a.jpg", False),
    ("posts/../a.jpg", False),
    ("posts/", False),
    ("", False),
    ("posts/.hidden.jpg", False),  # conservative: fine as it is, but taken the slow way
])
def test_which_paths_count_as_clean(path, clean):
    assert is_clean(path) is clean


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="/.ab", max_size=12))
def test_a_clean_path_is_what_normpath_and_path_give_back(path):
    if is_clean(path):
        assert os.path.normpath(path) == path == str(Path(path))
