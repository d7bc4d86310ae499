"""Fingerprints identify a finding across runs, machines and unrelated edits."""

from __future__ import annotations

import re

from auditor.report.fingerprint import fingerprint_of


def test_is_a_sha256_hex_digest():
    assert re.fullmatch(r"[0-9a-f]{64}", fingerprint_of("AIX301", "news/a.md", "img/a.png"))


def test_is_stable_across_runs():
    # A fixed value, the SHA-256 of "auditor-fingerprint/v1\0AIX301\0news/a.md\0img/a.png"
    # as documented: if it changes, every user's baseline breaks. Bump the scheme instead.
    assert fingerprint_of("AIX301", "news/a.md", "img/a.png") == fingerprint_of("AIX301", "news/a.md", "img/a.png")
    assert fingerprint_of("AIX301", "news/a.md", "img/a.png") == (
        "d8e454d156bdf9cf4be98677edeb29607ac70f5be6b7f817a9125c148739c048"
    )


def test_path_spelling_does_not_matter():
    reference = fingerprint_of("AIX301", "news/a.md", "img/a.png")
    assert fingerprint_of("AIX301", "./news/a.md", "img/a.png") == reference
    assert fingerprint_of("AIX301", "news//x/../a.md", "img/a.png") == reference


def test_absolute_paths_under_the_current_directory_count_as_relative(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert fingerprint_of("AIX301", str(tmp_path / "news" / "a.md"), "x") == fingerprint_of("AIX301", "news/a.md", "x")


def test_anchor_whitespace_case_and_unicode_form_do_not_matter():
    reference = fingerprint_of("ATT101", "a.md", "Photo: Reuters")
    assert fingerprint_of("ATT101", "a.md", "  photo:\n  REUTERS ") == reference
    assert fingerprint_of("ATT101", "a.md", "Cafe\u0301") == fingerprint_of("ATT101", "a.md", "Café")


def test_rule_path_anchor_and_occurrence_each_distinguish():
    reference = fingerprint_of("AIX301", "news/a.md", "img/a.png")
    assert fingerprint_of("AIX302", "news/a.md", "img/a.png") != reference
    assert fingerprint_of("AIX301", "news/b.md", "img/a.png") != reference
    assert fingerprint_of("AIX301", "news/a.md", "img/b.png") != reference
    assert fingerprint_of("AIX301", "news/a.md", "img/a.png", occurrence=1) != reference
    assert fingerprint_of("AIX301", "news/a.md", "img/a.png", occurrence=0) == reference


def test_parts_cannot_run_into_each_other():
    assert fingerprint_of("AIX301", "news/a", "b.md") != fingerprint_of("AIX301", "news/a.b", "md")
    assert fingerprint_of("AIX301", "a", "") != fingerprint_of("AIX301", "", "a")
