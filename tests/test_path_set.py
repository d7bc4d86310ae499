"""PathSet: a set that moves to disk past its limit and answers the same."""

from pathlib import Path

import pytest

from auditor import path_set
from auditor.path_set import PathSet


@pytest.mark.parametrize("limit", [2, 1000])
def test_answers_like_a_set_below_and_above_its_limit(limit):
    paths = PathSet(limit=limit)
    names = [f"/archive/{n % 7}/story-{n}.md" for n in range(40)] + ["/archive/ümlaut/😀.jpg", "a\tb\nc"]
    expected: set[str] = set()
    for name in names + names[:10]:
        assert paths.add(name) == (name not in expected)
        expected.add(name)
    assert len(paths) == len(expected)
    assert all(name in paths for name in expected)
    assert "/archive/0/story-999.md" not in paths
    paths.close()


def test_a_batch_spilled_to_disk_reports_what_an_in_memory_one_does(tmp_path, monkeypatch):
    from auditor.batch import BatchOptions, run_batch
    from auditor.config import Config
    from auditor.engine import load_ruleset

    cases = Path(__file__).resolve().parents[1] / "fixtures" / "cases"
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "story.md").write_text("# Story\n\n![A flood](flood.jpg)\n", encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "link.md").symlink_to(tmp_path / "a" / "story.md")  # the same file twice
    (tmp_path / "c").symlink_to(tmp_path / "a", target_is_directory=True)  # the same folder twice
    config = Config()
    ruleset = load_ruleset(config)

    def findings():
        found = []
        summary = run_batch([cases, tmp_path], config, ruleset, BatchOptions(jobs=1), on_finding=found.append).summary
        return [f.model_dump() for f in found], summary.documents, summary.media

    in_memory = findings()
    assert sum(f["path"].endswith(("story.md", "link.md")) for f in in_memory[0]) == 1  # audited once
    monkeypatch.setattr(path_set, "IN_MEMORY_LIMIT", 2)  # every set in the run spills at once
    assert findings() == in_memory
