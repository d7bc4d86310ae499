"""A feed or export packed in a zip or tar is split into its stories as the same
file on disk is: each item its own document, named `news.zip!/feed.rss!/item/ID`,
its images found among the archive's members. And the scratch table a WordPress
export needs lives in the run's private folder, gone when the run is interrupted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

from auditor.articles.exchange_formats import NOT_EXCHANGE_XML
from auditor.batch import BatchOptions, run_batch
from auditor.engine import load_ruleset
from auditor.pipeline import audit_paths
from fixtures.exchange_formats import FILE_OF, FORMATS, UNDISCLOSED_ITEM, build


def _zip(folder: Path, archive: Path) -> Path:
    with zipfile.ZipFile(archive, "w") as packed:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                packed.write(file, file.relative_to(folder).as_posix())
    return archive


def _tar_gz(folder: Path, archive: Path) -> Path:
    with tarfile.open(archive, "w:gz") as packed:
        packed.add(folder, arcname=".")  # "./news.rss", as `tar -C site .` writes
    return archive


PACKERS = {"zip": (_zip, "site.zip"), "tar.gz": (_tar_gz, "site.tar.gz")}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("exchange-site") / "site"
    build(folder)
    return folder


def _shown(report, prefix: str) -> list[tuple]:
    return sorted((f.rule, f.path.removeprefix(prefix), f.line, (f.media or "").removeprefix(prefix))
                  for f in report.findings)


@pytest.mark.parametrize("packing", PACKERS)
def test_an_archived_site_gives_the_findings_of_the_same_folder_item_by_item(site, packing, tmp_path, config):
    pack, name = PACKERS[packing]
    archive = pack(site, tmp_path / name)
    folder_report = audit_paths([site], config)
    archive_report = audit_paths([archive], config)
    assert _shown(archive_report, f"{archive}!/") == _shown(folder_report, f"{site}/")
    assert archive_report.summary.documents == folder_report.summary.documents


@pytest.mark.parametrize("exchange_format", FORMATS)
def test_the_undisclosed_ai_image_of_an_archived_feed_is_flagged_on_its_item(site, exchange_format, tmp_path, config):
    alone = tmp_path / "alone"
    (alone / "media").mkdir(parents=True)
    for image in (site / "media").iterdir():
        (alone / "media" / image.name).write_bytes(image.read_bytes())
    (alone / FILE_OF[exchange_format]).write_bytes((site / FILE_OF[exchange_format]).read_bytes())
    archive = _zip(alone, tmp_path / "delivery.zip")
    report = audit_paths([archive], config)
    flagged = [(f.path, f.media) for f in report.findings if f.rule == "AID101"]
    member = FILE_OF[exchange_format]
    assert flagged == [(f"{archive}!/{member}!/item/{UNDISCLOSED_ITEM[exchange_format]}",
                        f"{archive}!/media/flood-visual.jpg")]
    assert report.summary.documents == 4  # four stories, which use every image


def test_xml_in_an_archive_that_is_no_exchange_format_is_skipped_as_on_disk(tmp_path, config):
    archive = tmp_path / "site.zip"
    with zipfile.ZipFile(archive, "w") as packed:
        packed.writestr("sitemap.xml", '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                       "<url><loc>https://x.example/</loc></url></urlset>")
        packed.writestr("story.md", "# Story\n\nText.\n")
    outcome = run_batch([archive], config, load_ruleset(config), BatchOptions())
    assert outcome.summary.documents == 1
    assert outcome.skipped_files == ((f"{archive}!/sitemap.xml", NOT_EXCHANGE_XML),)


def test_a_truncated_feed_in_an_archive_keeps_its_good_items_and_says_where_it_stopped(site, tmp_path, config):
    text = (site / "news.rss").read_text(encoding="utf-8")
    archive = tmp_path / "site.zip"
    with zipfile.ZipFile(archive, "w") as packed:
        packed.writestr("news.rss", text[: text.index("<item>", text.index("gazette-1002"))] + "<item><title>Cut")
    report = audit_paths([archive], config)
    items = sorted({f.path for f in report.findings if "!/item/" in f.path})
    assert f"{archive}!/news.rss!/item/gazette-1002" in items
    stopped = [f for f in report.findings if f.path == f"{archive}!/news.rss"]
    assert [f.rule for f in stopped] == ["INP003"] and "truncated" in stopped[0].message


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_wxr_run_leaves_no_attachment_table_in_the_temp_folder(tmp_path, stop):
    # WXR's attachment table lives in the run's private folder while the posts are
    # audited; Ctrl-C or a CI timeout's SIGTERM removes it with the folder.
    from fixtures.exchange_formats import _wxr_item

    posts = "".join(_wxr_item(1000 + n, f"Story {n}", "post", f"<p>Text of story {n}.</p>") for n in range(3000))
    export = tmp_path / "export.xml"
    export.write_text('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
                      'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
                      'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
                      'xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Site</title>'
                      f"{_wxr_item(9, 'photo', 'attachment', '')}{posts}</channel></rss>", encoding="utf-8")
    temp = tmp_path / "tmp"
    temp.mkdir()
    root = Path(__file__).resolve().parents[1]
    child = subprocess.Popen([sys.executable, "-m", "auditor", "check", str(export), "--format", "jsonl", "-j", "1"],
                             cwd=root, env={**os.environ, "TMPDIR": str(temp)},
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=_ctrl_c_as_in_a_terminal)
    deadline = time.monotonic() + 120
    while not (tables := list(temp.rglob("attachments.sqlite"))) and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.01)
    assert child.poll() is None, "the run ended before it could be interrupted"
    assert tables[0].relative_to(temp).parts[0].startswith("auditor-")  # the run's private folder
    child.send_signal(stop)
    child.wait(timeout=120)
    assert child.returncode != 0
    assert list(temp.iterdir()) == []


def _ctrl_c_as_in_a_terminal() -> None:
    # A suite started as a shell's background job inherits Ctrl-C ignored, and a child
    # keeps that; the run under test must take SIGINT as it would from a terminal.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
