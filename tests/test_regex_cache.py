"""The command line's compiled-regex cache (auditor/regex_cache.py): a later process
gets the very patterns an earlier one compiled, matching exactly as freshly compiled
ones do, and a missing, corrupt, untrusted or switched-off cache changes nothing."""

from __future__ import annotations

import os

import pytest

from tests.cache_process import folder_mode, run_with_cache

# A big script range (the slow kind to compile), groups by name, flags, bytes.
PATTERNS = [
    (r"(?P<latin>[a-z\u00c0-\u024f]+)|(?P<cjk>[\u3040-\u30ff\u3400-\u9fff]+)", 0),
    (r"\b(?:ai|artificial intelligence)[\s-]+generated\b", 2),  # re.IGNORECASE
    (r"^(?P<place>[^()\n]{1,60}?)\((?P<agency>reuters|ap)\)", 8),  # re.MULTILINE
]
TEXTS = ["Tokyo 東京 AI-Generated (reuters)", "Berlin (ap) — an ai generated image", "人工知能 ai  GENERATED"]


COMPILE_AND_STORE = f"""
    import json, re
    from auditor import regex_cache
    regex_cache.preload()
    for source, flags in {PATTERNS!r}:
        re.compile(source, flags)
    regex_cache.store()
    print(json.dumps({{}}))
"""

PRELOAD_AND_MATCH = f"""
    import json, re
    from re import _compiler
    from auditor import regex_cache
    regex_cache.preload()
    out = {{"preloaded": [], "same": []}}
    for source, flags in {PATTERNS!r}:
        cached, fresh = re.compile(source, flags), _compiler.compile(source, flags)
        out["preloaded"].append((str, source, flags) in regex_cache._used)  # revived, not compiled
        out["same"].append(cached.flags == fresh.flags and cached.groupindex == fresh.groupindex and all(
            [m.span() + m.groups() for m in cached.finditer(text)] == [m.span() + m.groups() for m in fresh.finditer(text)]
            for text in {TEXTS!r}))
    print(json.dumps(out))
"""


def test_a_later_process_gets_the_patterns_an_earlier_one_compiled(tmp_path):
    run_with_cache(COMPILE_AND_STORE, tmp_path)
    assert len(list(tmp_path.glob("*.regexes"))) == 1
    later = run_with_cache(PRELOAD_AND_MATCH, tmp_path)
    assert later["preloaded"] == [True] * len(PATTERNS)
    assert later["same"] == [True] * len(PATTERNS)


def test_without_a_usable_cache_patterns_compile_as_usual(tmp_path):
    run_with_cache(COMPILE_AND_STORE, tmp_path)
    (stored,) = tmp_path.glob("*.regexes")
    stored.write_bytes(b"not a pickle")
    corrupt = run_with_cache(PRELOAD_AND_MATCH, tmp_path)
    assert corrupt == {"preloaded": [False] * len(PATTERNS), "same": [True] * len(PATTERNS)}

    stored.unlink()
    switched_off = tmp_path / "off"
    run_with_cache(COMPILE_AND_STORE, switched_off, AUDITOR_NO_CACHE="1")
    assert not switched_off.exists() or not list(switched_off.glob("*.regexes"))


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="folder ownership is a POSIX check")
def test_a_cache_folder_others_may_write_to_is_not_read(tmp_path):
    run_with_cache(COMPILE_AND_STORE, tmp_path)
    with folder_mode(tmp_path, 0o777):
        shared = run_with_cache(PRELOAD_AND_MATCH, tmp_path)
    assert shared["preloaded"] == [False] * len(PATTERNS)
