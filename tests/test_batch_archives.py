"""Archives are audited in place: zip and tar.gz members, WARC responses matched by
URL, and member names that would escape the archive reported, never followed."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from auditor.pipeline import audit_paths
from tests.batch_archives import AI_XMP, DISCLOSED, newsroom_files, write_folder, write_tar_gz, write_warc, write_zip
from fixtures import images


def _rules_by_member(report, archive: Path) -> set[tuple[str, str]]:
    prefix = f"{archive}!/"
    return {(f.rule, f.path.removeprefix(prefix)) for f in report.findings}


def _folder_findings(tmp_path: Path, config) -> set[tuple[str, str]]:
    folder = write_folder(tmp_path / "folder", newsroom_files())
    report = audit_paths([folder], config)
    return {(f.rule, os.path.relpath(f.path, folder)) for f in report.findings}


@pytest.mark.parametrize("pack", [write_zip, write_tar_gz], ids=["zip", "tar.gz"])
def test_archive_members_are_audited_like_the_same_files_in_a_folder(tmp_path, config, pack):
    archive = pack(tmp_path / ("news.zip" if pack is write_zip else "news.tar.gz"), newsroom_files())
    report = audit_paths([archive], config)
    expected = _folder_findings(tmp_path, config)
    assert ("AID101", "harbour.md") in expected and ("INP001", "img/unused.png") in expected
    assert _rules_by_member(report, archive) == expected
    assert report.summary.documents == 4  # three articles and the image no article uses


def test_finding_in_an_archive_names_the_member_and_its_image(tmp_path, config):
    archive = write_zip(tmp_path / "news.zip", newsroom_files())
    report = audit_paths([archive], config)
    undisclosed = next(f for f in report.findings if f.rule == "AID101" and f.path.endswith("harbour.md"))
    assert undisclosed.path == f"{archive}!/harbour.md"
    assert undisclosed.media == f"{archive}!/img/harbour.jpg"


@pytest.mark.parametrize("name", ["../escape.md", "/etc/absolute.md", "a/../../up.md"])
@pytest.mark.parametrize("pack", [write_zip, write_tar_gz], ids=["zip", "tar.gz"])
def test_member_names_that_leave_the_archive_are_refused_as_findings(tmp_path, config, pack, name):
    work = tmp_path / "work"
    work.mkdir()
    archive = pack(work / ("evil.zip" if pack is write_zip else "evil.tar.gz"), {name: b"# Escaped\n\nText.\n"})
    before = sorted(tmp_path.rglob("*"))
    report = audit_paths([archive], config)
    assert [(f.rule, f.path) for f in report.findings] == [("INP003", f"{archive}!/{name}")]
    assert "refused" in report.findings[0].message
    assert sorted(tmp_path.rglob("*")) == before  # nothing was written anywhere


def test_archive_article_cannot_reach_files_outside_its_archive(tmp_path, config):
    images.write_jpeg(tmp_path / "outside.jpg", xmp=AI_XMP)
    story = b"---\ntitle: Escape\n---\n![x](../outside.jpg)\n\nText.\n"
    archive = write_zip(tmp_path / "news.zip", {"story.md": story})
    report = audit_paths([archive], config)
    assert [(f.rule, f.media) for f in report.findings] == [("INP002", "../outside.jpg")]


def test_corrupt_archive_is_one_finding_and_the_run_goes_on(tmp_path, config):
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00 this is not gzip")
    story = write_folder(tmp_path / "folder", {"story.md": b"---\ntitle: Fine\n---\nText.\n"})
    report = audit_paths([broken, story], config)
    assert [(f.rule, f.path) for f in report.findings] == [("INP003", str(broken))]
    assert report.summary.documents == 2


def test_warc_html_responses_are_articles_and_their_images_are_matched_by_url(tmp_path, config):
    ai_jpeg = images.jpeg_bytes(xmp=AI_XMP)
    undisclosed = (b"<html><head><title>Harbour</title></head><body><article><h1>Harbour</h1>"
                   b"<figure><img src=\"/img/harbour.jpg\"><figcaption>The harbour.</figcaption></figure>"
                   b"<p>Text.</p></article></body></html>")
    absolute = undisclosed.replace(b"/img/harbour.jpg", b"https://news.example/img/harbour.jpg")
    warc = write_warc(tmp_path / "crawl.warc.gz", [
        ("https://news.example/2025/harbour", "text/html; charset=utf-8", undisclosed),
        ("https://news.example/2025/opinion.html", "text/html", DISCLOSED.replace("../img/", "/img/").encode()),
        ("https://mirror.example/harbour", "text/html", absolute),
        ("https://news.example/img/harbour.jpg", "image/jpeg", ai_jpeg),
        ("https://news.example/style.css", "text/css", b"body{}"),
    ])
    report = audit_paths([warc], config)
    found = {(f.rule, f.path.removeprefix(f"{warc}!/"), f.media) for f in report.findings}
    image = f"{warc}!/https:/news.example/img/harbour.jpg"
    assert found == {
        ("AID101", "https:/news.example/2025/harbour", image),
        ("AID101", "https:/mirror.example/harbour", image),
    }
    assert report.summary.documents == 3  # three pages; the image is used, the CSS is not audited


def test_globs_expand_to_the_files_they_match(tmp_path, config):
    folder = write_folder(tmp_path / "folder", newsroom_files())
    report = audit_paths([folder / "*.md"], config)
    assert {Path(f.path).name for f in report.findings} == {"harbour.md"}
    assert report.summary.documents == 2


def test_archives_inside_an_audited_folder_are_read_in_place(tmp_path, config):
    folder = tmp_path / "exports"
    folder.mkdir()
    write_zip(folder / "2025-05.zip", newsroom_files())
    write_tar_gz(folder / "2025-06.tar.gz", newsroom_files())
    (folder / "access.log.gz").write_bytes(gzip.compress(b"GET / 200\n"))  # gzip, but no archive of articles
    report = audit_paths([folder], config)
    expected = _folder_findings(tmp_path, config)
    for name in ("2025-05.zip", "2025-06.tar.gz"):
        prefix = f"{folder / name}!/"
        assert {(f.rule, f.path.removeprefix(prefix)) for f in report.findings if f.path.startswith(prefix)} == expected
    assert report.summary.documents == 8  # four per archive; the log is not read
    assert not [f for f in report.findings if "access.log" in f.path]
