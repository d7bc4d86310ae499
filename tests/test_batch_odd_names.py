"""Images parked for the second pass keep their exact names, however odd."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.batch import BatchOptions
from auditor.pipeline import audit_paths

NAMES = ["café photo.jpg", "tab\tname.jpg", "new\nline.jpg", "plain.jpg"]


@pytest.mark.parametrize("ledger", [False, True])
def test_lone_images_with_odd_names_are_audited_under_their_own_names(tmp_path, ledger):
    folder = tmp_path / "images"
    folder.mkdir()
    for name in NAMES:
        (folder / name).write_bytes(b"")  # unreadable: each must come back as INP001
    options = BatchOptions(jobs=1, ledger=tmp_path / "ledger.sqlite" if ledger else None)
    for _ in range(2 if ledger else 1):  # with a ledger, the second run is answered from it
        report = audit_paths([folder], batch=options)
        assert sorted(Path(f.path).name for f in report.findings if f.rule == "INP001") == sorted(NAMES)
