"""The SQLite ledger: unchanged documents are not audited again, a changed document
or rule is, and a run killed with SIGKILL or SIGTERM resumes to exactly the findings
of a run that was never interrupted (SIGTERM leaving nothing in the temp folder)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from auditor.batch import BatchOptions, run_batch
from auditor.engine import load_ruleset
from bench.corpus import build_corpus
from tests.batch_archives import newsroom_files, write_folder, write_zip

ROOT = Path(__file__).resolve().parents[1]


def _run(paths, config, ledger: Path, **options):
    findings = []
    outcome = run_batch(paths, config, load_ruleset(config), BatchOptions(ledger=ledger, **options),
                        on_finding=findings.append)
    return findings, outcome


def test_a_second_run_reuses_every_unchanged_document_and_reports_the_same(tmp_path, config):
    folder = write_folder(tmp_path / "news", newsroom_files())
    archive = write_zip(tmp_path / "news.zip", newsroom_files())
    first, outcome = _run([folder, archive], config, tmp_path / "ledger.sqlite")
    assert outcome.reused == 0
    second, again = _run([folder, archive], config, tmp_path / "ledger.sqlite")
    assert second == first
    assert again.reused == again.summary.documents == 8


def test_an_archive_inside_the_folder_is_reused_member_by_member(tmp_path, config):
    folder = write_folder(tmp_path / "news", newsroom_files())
    write_zip(folder / "last-year.zip", newsroom_files())
    first, outcome = _run([folder], config, tmp_path / "ledger.sqlite")
    assert outcome.summary.documents == 8 and outcome.reused == 0
    second, again = _run([folder], config, tmp_path / "ledger.sqlite")
    assert second == first
    assert again.reused == 8


def test_an_edited_article_is_audited_again(tmp_path, config):
    folder = write_folder(tmp_path / "news", newsroom_files())
    ledger = tmp_path / "ledger.sqlite"
    _run([folder], config, ledger)
    story = folder / "harbour.md"
    story.write_text(story.read_text().replace("The harbour as planners see it.", "AI-generated image of the harbour."))
    findings, outcome = _run([folder], config, ledger)
    assert outcome.reused == outcome.summary.documents - 1
    assert not [f for f in findings if f.rule == "AID101"]


def test_replacing_an_image_re_audits_the_article_that_uses_it(tmp_path, config):
    folder = write_folder(tmp_path / "news", newsroom_files())
    ledger = tmp_path / "ledger.sqlite"
    first, _ = _run([folder], config, ledger)
    assert [f.rule for f in first if f.path.endswith("dockers.md")] == []
    (folder / "img" / "dock.jpg").write_bytes((folder / "img" / "harbour.jpg").read_bytes())  # now AI-marked
    time.sleep(0.01)
    findings, outcome = _run([folder], config, ledger)
    assert outcome.reused == outcome.summary.documents - 1
    assert "AID101" in [f.rule for f in findings if f.path.endswith("dockers.md")]


def test_changing_the_rules_re_audits_everything(tmp_path, config):
    folder = write_folder(tmp_path / "news", newsroom_files())
    ledger = tmp_path / "ledger.sqlite"
    _run([folder], config, ledger)
    findings, outcome = _run([folder], config.model_copy(update={"ignore": ["AID101"]}), ledger)
    assert outcome.reused == 0
    assert "AID101" not in {f.rule for f in findings}


def test_a_file_that_is_not_a_ledger_is_a_usage_error(tmp_path):
    not_a_ledger = tmp_path / "notes.txt"
    not_a_ledger.write_text("shopping list\n" * 100)
    folder = write_folder(tmp_path / "news", newsroom_files())
    run = subprocess.run([sys.executable, "-m", "auditor", "check", str(folder), "--ledger", str(not_a_ledger)],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert run.stderr.startswith("auditor: cannot use ledger") and len(run.stderr.splitlines()) == 1


def _audit(corpus: Path, out: Path, *extra: str, temp: Path | None = None) -> subprocess.Popen:
    command = [sys.executable, "-m", "auditor", "check", str(corpus), "--format", "jsonl", "-o", str(out), "-j", "1", *extra]
    environment = {**os.environ, "TMPDIR": str(temp)} if temp else None
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=environment)


def _recorded(ledger: Path) -> int:
    try:
        with sqlite3.connect(f"file:{ledger}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_run_killed_mid_way_resumes_to_exactly_the_findings_of_an_uninterrupted_run(tmp_path, stop):
    corpus = tmp_path / "corpus"
    # Big enough that the run outlasts a few ledger commits (every 0.5 s): 500
    # articles could finish before the first one, leaving nothing to kill mid-way.
    total = build_corpus(corpus, 2000)["articles"]
    uninterrupted = _audit(corpus, tmp_path / "whole.jsonl")
    assert uninterrupted.wait(timeout=240) == 1, uninterrupted.stderr.read()

    ledger = tmp_path / "ledger.sqlite"
    temp = tmp_path / "tmp"
    temp.mkdir()
    killed = _audit(corpus, tmp_path / "resumed.jsonl", "--ledger", str(ledger), temp=temp)
    deadline = time.monotonic() + 120
    while _recorded(ledger) < 40 and time.monotonic() < deadline and killed.poll() is None:
        time.sleep(0.05)
    os.kill(killed.pid, stop)
    killed.wait(timeout=30)
    done_before_kill = _recorded(ledger)
    assert killed.returncode == -stop
    assert 40 <= done_before_kill < total  # killed mid-way, with work recorded
    if stop == signal.SIGTERM:  # a CI timeout: the run's private temp folder goes with it
        assert list(temp.iterdir()) == []

    resumed = _audit(corpus, tmp_path / "resumed.jsonl", "--ledger", str(ledger), "--resume")
    assert resumed.wait(timeout=240) == 1, resumed.stderr.read()
    whole = (tmp_path / "whole.jsonl").read_text().splitlines()
    assert len(whole) > 30
    assert (tmp_path / "resumed.jsonl").read_text().splitlines() == whole
    assert len({json.loads(line)["fingerprint"] for line in whole}) == len(whole)  # nothing doubled
