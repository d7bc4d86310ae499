"""Dask workers fetch through the same shared cache as the client and --jobs
workers: what a LocalCluster fetched, a later run reads without a request."""

from __future__ import annotations

import pytest

from auditor.batch import BatchOptions, run_batch
from auditor.config import Config
from auditor.engine import load_ruleset
from auditor.fetch import configure_fetch
from auditor.pipeline import configure_process
from fixtures.images import TRAINED_ALGORITHMIC_MEDIA, jpeg_bytes
from tests.conftest import FIXED_NOW
from tests.image_server import ImageServer

pytest.importorskip("distributed", reason="Dask is optional: pip install 'auditor[dask]'")


def test_dask_workers_catch_remote_ai_images_and_fill_the_shared_cache(tmp_path):
    with ImageServer() as server:
        url = server.add("/flood.jpg", body=jpeg_bytes(xmp={"Iptc4xmpExt:DigitalSourceType": TRAINED_ALGORITHMIC_MEDIA}))
        site = tmp_path / "site"
        site.mkdir()
        for i in range(3):
            (site / f"post{i}.md").write_text(f"# Story {i}\n\n![Flooded street]({url})\n", encoding="utf-8")
        config = Config(now=FIXED_NOW, fetch_remote=True, fetch_allow=["127.0.0.1"], fetch_cache=tmp_path / "cache",
                        fetch_retries=0)
        try:
            findings: list = []
            run_batch([site], config, load_ruleset(config), BatchOptions(jobs=2, scheduler="local"),
                      on_finding=findings.append)
            assert [f.media for f in findings if f.rule == "AID101"] == [url] * 3
            served = len(server.served)
            assert served >= 1
            configure_process(config)
            again: list = []
            run_batch([site], config, load_ruleset(config), BatchOptions(jobs=1), on_finding=again.append)
            assert again == findings
            assert len(server.served) == served
        finally:
            configure_fetch(Config())
