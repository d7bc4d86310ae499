"""The ledger and files that are not there yet: an article whose image is missing,
whose companion image or sidecar has not been written, is audited again once the
file appears, so a cached run always reports what a fresh run would."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from auditor.batch import BatchOptions, run_batch
from auditor.engine import load_ruleset
from tests.batch_archives import AI_XMP, newsroom_files, write_folder, write_zip
from fixtures import images

SIDECAR = b'{"images": [{"src": "story.jpg", "caption": "AI-generated image of a flooded street."}]}'
TEXT_STORY = b"Floods close the coast road\n\nBy Staff Reporter\n\nThe coast road closed on Monday after heavy rain.\n"


def _findings(paths: list[Path], config, ledger: Path | None = None):
    found = []
    outcome = run_batch(paths, config, load_ruleset(config), BatchOptions(ledger=ledger), on_finding=found.append)
    return [(f.rule, f.path, f.media, f.line) for f in found], outcome


def _settle() -> None:
    time.sleep(0.01)  # a later write gets a later mtime even on coarse clocks


@pytest.mark.parametrize("packing", ["folder", "zip"])
def test_a_missing_image_that_appears_re_audits_the_articles_naming_it(tmp_path, config, packing):
    files = newsroom_files()
    image = files.pop("img/harbour.jpg")
    if packing == "folder":
        target = write_folder(tmp_path / "news", files)
        add = lambda: (target / "img" / "harbour.jpg").write_bytes(image)  # noqa: E731
    else:  # a rebuilt archive: the members already there keep their CRCs
        target = write_zip(tmp_path / "news.zip", files)
        add = lambda: write_zip(target, {**files, "img/harbour.jpg": image})  # noqa: E731
    ledger = tmp_path / "ledger.sqlite"
    before, _ = _findings([target], config, ledger)
    _settle()
    add()
    after, outcome = _findings([target], config, ledger)
    assert after == _findings([target], config)[0] != before
    assert "AID101" in [rule for rule, path, *_ in after if path.endswith("harbour.md")]
    assert outcome.reused == outcome.summary.documents - 2  # the two articles that name it


def test_a_companion_image_written_later_re_audits_the_text_article(tmp_path, config):
    folder = tmp_path / "desk"
    folder.mkdir()
    (folder / "floods.txt").write_bytes(TEXT_STORY)
    ledger = tmp_path / "ledger.sqlite"
    before, _ = _findings([folder], config, ledger)
    _settle()
    (folder / "floods.jpg").write_bytes(images.jpeg_bytes(xmp=AI_XMP))  # same stem: its figure
    after, _ = _findings([folder], config, ledger)
    fresh, _ = _findings([folder], config)
    assert after == fresh != before
    assert "AID101" in [rule for rule, *_ in after]


def test_a_sidecar_written_or_edited_later_re_audits_its_article(tmp_path, config):
    folder = tmp_path / "desk"
    folder.mkdir()
    (folder / "floods.md").write_bytes(b"# Floods close the coast road\n\nThe road closed on Monday.\n")
    (folder / "story.jpg").write_bytes(images.jpeg_bytes(xmp=AI_XMP))
    ledger = tmp_path / "ledger.sqlite"
    _findings([folder], config, ledger)
    _settle()
    (folder / "floods.json").write_bytes(SIDECAR)  # now the article shows the image, disclosed
    with_sidecar, _ = _findings([folder], config, ledger)
    assert with_sidecar == _findings([folder], config)[0]
    _settle()
    (folder / "floods.json").write_bytes(SIDECAR.replace(b"AI-generated image of a", b"A"))  # disclosure dropped
    edited, _ = _findings([folder], config, ledger)
    assert edited == _findings([folder], config)[0] != with_sidecar
    assert "AID101" in [rule for rule, *_ in edited]
