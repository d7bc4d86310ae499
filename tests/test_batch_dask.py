"""The same per-document function on a real Dask LocalCluster with two worker
processes reports exactly what a serial run does."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.batch import BatchOptions, run_batch
from auditor.engine import load_ruleset
from bench.corpus import build_corpus
from tests.batch_archives import newsroom_files, write_zip

pytest.importorskip("distributed", reason="Dask is optional: pip install 'auditor[dask]'")


def _findings(paths: list[Path], config, options: BatchOptions) -> list:
    findings = []
    run_batch(paths, config, load_ruleset(config), options, on_finding=findings.append)
    return findings


def test_a_local_cluster_of_two_workers_finds_exactly_what_a_serial_run_finds(tmp_path, config):
    build_corpus(tmp_path / "site", 200)
    archive = write_zip(tmp_path / "bundle.zip", newsroom_files())
    paths = [tmp_path / "site", archive]
    serial = _findings(paths, config, BatchOptions(jobs=1))
    ledger = tmp_path / "ledger.sqlite"  # kept by the client, not the workers
    on_dask = _findings(paths, config, BatchOptions(jobs=2, scheduler="local", ledger=ledger))
    assert len(serial) > 10
    assert on_dask == serial

    again: list = []
    outcome = run_batch(paths, config, load_ruleset(config), BatchOptions(jobs=2, scheduler="local", ledger=ledger),
                        on_finding=again.append)
    assert again == serial
    assert outcome.reused == outcome.summary.documents
