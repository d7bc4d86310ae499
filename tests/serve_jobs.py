"""Jobs for the audit pool's tests, importable by its spawned workers: one that
holds a worker until the test releases it, one that kills its worker."""

from __future__ import annotations

import os
import time


def hold_until(path: str) -> str:
    deadline = time.monotonic() + 120  # bounded: a test that forgets to release still ends
    while not os.path.exists(path) and time.monotonic() < deadline:
        time.sleep(0.01)
    return "released"


def die(_: object) -> None:
    os._exit(3)
