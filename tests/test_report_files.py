"""Report files are ordinary files: they get the permissions the umask gives any new
file (colleagues and web servers read CI reports), and appear whole or not at all."""

from __future__ import annotations

import os
import stat

import pytest

from auditor.cli import main
from auditor.report.outputs import atomic_text_file

OPTIONS = ["--output", "--sarif-output", "--junit-output", "--html-output", "--markdown-output", "--json-output"]


@pytest.fixture
def umask_027():
    previous = os.umask(0o027)
    yield
    os.umask(previous)


def test_every_report_file_honours_the_umask(tmp_path, umask_027, capsys):
    (tmp_path / "story.md").write_text("# Title\n\nA plain story.\n", encoding="utf-8")
    reports = tmp_path / "reports"
    args = [arg for i, option in enumerate(OPTIONS) for arg in (option, str(reports / f"report{i}"))]
    assert main(["check", str(tmp_path / "story.md"), *args]) == 0
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in reports.iterdir()}
    assert modes == {f"report{i}": 0o640 for i in range(len(OPTIONS))}


def test_a_failed_write_leaves_neither_the_target_nor_a_temporary_file(tmp_path):
    target = tmp_path / "report.sarif"
    target.write_text("the previous report", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_text_file(target) as stream:
            stream.write("half a report")
            raise RuntimeError("interrupted")
    assert target.read_text(encoding="utf-8") == "the previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.sarif"]


def test_a_target_that_is_not_a_regular_file_is_written_in_place(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        with atomic_text_file(fifo) as stream:
            stream.write("report\n")
        assert os.read(reader, 100) == b"report\n"
        assert stat.S_ISFIFO(fifo.stat().st_mode)  # not replaced by a regular file
    finally:
        os.close(reader)
