"""Run manifests: a ledger run over an unchanged tree replays the last run's
findings, in order, without auditing; any change anywhere in the tree sends the run
back through the documents, and its report is then exactly a fresh run's."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from auditor.batch import BatchOptions, run_batch
from auditor.engine import load_ruleset
from fixtures import images
from tests.batch_archives import AI_XMP, newsroom_files, write_folder, write_zip


def _run(paths: list[Path], config, ledger: Path | None = None):
    found = []
    outcome = run_batch(paths, config, load_ruleset(config), BatchOptions(ledger=ledger), on_finding=found.append)
    return [f.model_dump() for f in found], outcome


@pytest.fixture
def newsroom(tmp_path: Path) -> Path:
    return write_folder(tmp_path / "news", newsroom_files())


def test_an_unchanged_tree_is_replayed_with_the_first_runs_report(tmp_path, newsroom, config):
    ledger = tmp_path / "ledger.sqlite"
    first, audited = _run([newsroom], config, ledger)
    second, replayed = _run([newsroom], config, ledger)
    third, again = _run([newsroom], config, ledger)  # a replay replays the same manifest again
    assert not audited.replayed and replayed.replayed and again.replayed
    assert second == third == first == _run([newsroom], config)[0]
    assert replayed.summary.model_dump(exclude={"elapsed"}) == audited.summary.model_dump(exclude={"elapsed"})
    assert replayed.reused == replayed.summary.documents == 4


def _edit_article(folder: Path) -> None:
    story = folder / "harbour.md"
    story.write_text(story.read_text().replace("The harbour as planners see it.", "AI-generated image of the harbour."))


def _replace_image(folder: Path) -> None:
    (folder / "img" / "dock.jpg").write_bytes(images.jpeg_bytes(xmp=AI_XMP))


def _add_article_in_a_subfolder(folder: Path) -> None:
    (folder / "opinion" / "new.md").write_text("# New\n\n![Harbour](../img/harbour.jpg)\n\nText.\n")


def _delete_image(folder: Path) -> None:
    (folder / "img" / "harbour.jpg").unlink()


def _add_unrelated_file(folder: Path) -> None:
    (folder / "img" / "notes.pdf").write_bytes(b"%PDF-1.4\n")


@pytest.mark.parametrize("change", [_edit_article, _replace_image, _add_article_in_a_subfolder, _delete_image,
                                    _add_unrelated_file])
def test_any_change_in_the_tree_is_audited_document_by_document(tmp_path, newsroom, config, change):
    ledger = tmp_path / "ledger.sqlite"
    _run([newsroom], config, ledger)
    time.sleep(0.01)  # later writes get later mtimes even on coarse clocks
    change(newsroom)
    after, outcome = _run([newsroom], config, ledger)
    assert not outcome.replayed
    assert after == _run([newsroom], config)[0]
    assert _run([newsroom], config, ledger)[1].replayed  # and the run after that replays again


def test_other_rules_or_other_inputs_are_not_replayed(tmp_path, newsroom, config):
    ledger = tmp_path / "ledger.sqlite"
    _run([newsroom], config, ledger)
    assert not _run([newsroom], config.model_copy(update={"ignore": ["AID101"]}), ledger)[1].replayed
    assert not _run([newsroom / "opinion"], config, ledger)[1].replayed


def test_runs_over_archives_or_globs_keep_no_manifest(tmp_path, newsroom, config):
    ledger = tmp_path / "ledger.sqlite"
    archive = write_zip(tmp_path / "news.zip", newsroom_files())
    for paths in ([newsroom, archive], [newsroom / "*.md"]):
        first, _ = _run(paths, config, ledger)
        second, outcome = _run(paths, config, ledger)
        assert not outcome.replayed and second == first
