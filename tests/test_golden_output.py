"""Findings, their order and every byte of them stay what they were while the engine
gets faster (issue 17): the JSON Lines report of a generated 400-article archive and
of the fixture cases, against the output recorded in tests/data/golden/ (re-record on
purpose with `python tests/golden_output.py --write`)."""

from __future__ import annotations

import difflib

from tests.golden_output import GOLDEN, outputs


def test_the_reports_are_byte_for_byte_the_recorded_ones():
    for name, now in outputs().items():
        recorded = (GOLDEN / name).read_bytes()
        if now != recorded:
            changed = difflib.unified_diff(recorded.decode().splitlines(), now.decode().splitlines(),
                                           f"recorded {name}", f"now {name}", lineterm="", n=0)
            raise AssertionError("\n".join(list(changed)[:40]))
