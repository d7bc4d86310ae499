"""--jobs N runs the same per-document function in worker processes and reports
exactly what one process does, in the same order; jsonl streams as it goes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.batch import BatchOptions, run_batch
from auditor.engine import load_ruleset
from auditor.pipeline import audit_paths
from bench.corpus import build_corpus
from tests.batch_archives import newsroom_files, write_zip

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    build_corpus(root / "site", 300)
    write_zip(root / "bundle.zip", newsroom_files())
    return root


def _stream(paths, config, options) -> list:
    findings = []
    run_batch(paths, config, load_ruleset(config), options, on_finding=findings.append)
    return findings


def test_two_worker_processes_find_exactly_what_one_process_finds_in_the_same_order(corpus, config):
    paths = [corpus / "site", corpus / "bundle.zip"]
    serial = _stream(paths, config, BatchOptions(jobs=1))
    parallel = _stream(paths, config, BatchOptions(jobs=2))
    assert len({f.rule for f in serial}) >= 3 and len(serial) > 20
    assert parallel == serial


def test_the_report_is_the_same_whatever_the_number_of_jobs(corpus, config):
    one = audit_paths([corpus], config, batch=BatchOptions(jobs=1))
    two = audit_paths([corpus], config, batch=BatchOptions(jobs=2))
    assert two.findings == one.findings
    assert two.summary.model_copy(update={"elapsed": 0}) == one.summary.model_copy(update={"elapsed": 0})


def test_default_jobs_move_a_long_run_to_all_cores_with_the_same_findings(corpus, config):
    assert _stream([corpus], config, BatchOptions(jobs=None)) == _stream([corpus], config, BatchOptions(jobs=1))


def test_jsonl_is_written_finding_by_finding_from_the_command_line(corpus, tmp_path):
    out = tmp_path / "findings.jsonl"
    run = subprocess.run(
        [sys.executable, "-m", "auditor", "check", str(corpus / "bundle.zip"), "--format", "jsonl", "-o", str(out), "-j", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 1, run.stderr
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert {(r["rule"], r["path"].split("!/")[1]) for r in records} == {("AID101", "harbour.md"), ("INP001", "img/unused.png")}
    assert run.stderr == ""  # no progress bar when stderr is not a terminal


def test_resume_without_a_ledger_is_a_usage_error(corpus):
    run = subprocess.run([sys.executable, "-m", "auditor", "check", str(corpus / "bundle.zip"), "--resume"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert run.stderr.strip() == "auditor: --resume needs --ledger FILE: the ledger is what a run resumes from"
