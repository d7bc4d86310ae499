"""A fresh interpreter per step for the tests of the command line's on-disk caches
(compiled regexes, generated code): each is read when a process starts and written
when it ends, so one test runs several processes over one cache folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def run_with_cache(code: str, cache: Path, **env: str) -> dict:
    """What `code` (indented as written) prints as JSON, run with `cache` as its cache folder."""
    environment = {name: value for name, value in os.environ.items() if name != "AUDITOR_NO_CACHE"}
    environment.update(AUDITOR_CACHE_DIR=str(cache), **env)
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=environment, capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout)


@contextmanager
def folder_mode(folder: Path, mode: int) -> Iterator[None]:
    """`folder` with permissions `mode` for the block (others may write, read-only...), then 0o700 again."""
    folder.chmod(mode)
    try:
        yield
    finally:
        folder.chmod(0o700)
