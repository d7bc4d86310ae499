"""The command line's cache of generated code (auditor/code_cache.py): a later process
builds its dataclasses, NamedTuples and forward references from the code an earlier
one compiled, and they behave exactly as freshly compiled ones do; a missing,
corrupt, untrusted or switched-off cache changes nothing."""

from __future__ import annotations

import os

import pytest

from tests.cache_process import folder_mode, run_with_cache

# Classes of the kinds auditor's modules declare: a frozen dataclass with a default
# and a factory, an ordered slotted one, a NamedTuple, a forward reference.
DECLARE_AND_USE = """
    import json, typing
    from dataclasses import FrozenInstanceError, dataclass, field
    from typing import NamedTuple
    from auditor import code_cache
    code_cache.preload()

    @dataclass(frozen=True)
    class Hit:
        start: int
        text: str = "x"
        tags: list = field(default_factory=list)

    @dataclass(order=True, slots=True)
    class Span:
        line: int
        column: int

    class Pair(NamedTuple):
        left: str
        right: int = 2

    reference = typing.ForwardRef("list[Pair]")
    out = {
        "repr": [repr(Hit(1)), repr(Span(2, 3)), repr(Pair("a"))],
        "equal": [Hit(1, "y") == Hit(1, "y"), Hit(1) == Hit(2), hash(Hit(1, "y", ())) == hash(Hit(1, "y", ()))],
        "order": [Span(1, 9) < Span(2, 0), sorted([Span(2, 1), Span(1, 5)]) == [Span(1, 5), Span(2, 1)]],
        "tuple": [Pair("b", 5)._asdict(), list(Pair._make(["c", 7]))],
        "forward": repr(typing._eval_type(reference, {"Pair": Pair}, None)),
        "slots": hasattr(Span(1, 2), "__dict__"),
    }
    try:
        Hit(1).start = 2
        out["frozen"] = False
    except FrozenInstanceError:
        out["frozen"] = True
    out["stored"] = len(code_cache._used)
    code_cache.store()
    print(json.dumps(out))
"""
EXPECTED = {
    "repr": ["Hit(start=1, text='x', tags=[])", "Span(line=2, column=3)", "Pair(left='a', right=2)"],
    "equal": [True, False, True],
    "order": [True, True],
    "tuple": [{"left": "b", "right": 5}, ["c", 7]],
    "forward": "list[__main__.Pair]",
    "slots": False,
    "frozen": True,
}


def _behaviour(out: dict) -> dict:
    return {key: value for key, value in out.items() if key != "stored"}


def test_a_later_process_builds_the_same_classes_from_the_stored_code(tmp_path):
    first = run_with_cache(DECLARE_AND_USE, tmp_path)
    assert _behaviour(first) == EXPECTED
    assert first["stored"] == 0
    assert len(list(tmp_path.glob("*.code"))) == 1
    later = run_with_cache(DECLARE_AND_USE, tmp_path)
    assert _behaviour(later) == EXPECTED
    assert later["stored"] >= 8  # every generated method came from the file


def test_without_a_usable_cache_classes_are_built_as_usual(tmp_path):
    run_with_cache(DECLARE_AND_USE, tmp_path)
    (stored,) = tmp_path.glob("*.code")
    stored.write_bytes(b"not marshal data")
    corrupt = run_with_cache(DECLARE_AND_USE, tmp_path)
    assert _behaviour(corrupt) == EXPECTED
    assert corrupt["stored"] == 0

    switched_off = tmp_path / "off"
    off = run_with_cache(DECLARE_AND_USE, switched_off, AUDITOR_NO_CACHE="1")
    assert _behaviour(off) == EXPECTED
    assert not switched_off.exists() or not list(switched_off.glob("*.code"))


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="folder ownership is a POSIX check")
def test_a_cache_folder_others_may_write_to_is_not_read(tmp_path):
    run_with_cache(DECLARE_AND_USE, tmp_path)
    with folder_mode(tmp_path, 0o777):
        shared = run_with_cache(DECLARE_AND_USE, tmp_path)
    assert _behaviour(shared) == EXPECTED
    assert shared["stored"] == 0


def test_a_read_only_cache_folder_never_fails_the_command(tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir()
    with folder_mode(folder, 0o500):
        out = run_with_cache(DECLARE_AND_USE, folder)
    assert _behaviour(out) == EXPECTED
