"""What crosses between a batch's processes (tasks to a worker, outcomes and their
findings back) comes out of pickling as it went in: the parent reports from the copy.
And a lone image's task, performed without a Path object, gives what
`audit_document` gives."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from auditor.batch.tasks import Outcome, Task, perform
from auditor.discover import Found
from auditor.engine import load_ruleset
from auditor.model import Evidence, Finding, Severity
from auditor.pipeline import audit_document
from auditor.report.publication import DocumentFacts
from tests.same_model import assert_same_model

FINDINGS = [
    Finding(rule="AID101", name="ai-image-without-disclosure", severity=Severity.error, message="no label",
            path="news/story.html", line=3, column=5, media="news/story.jpg", figure=0,
            evidence=(Evidence(source="xmp:Iptc4xmpExt:DigitalSourceType", value="trainedAlgorithmicMedia"),),
            fingerprint="abc123"),
    Finding(rule="INP001", name="unreadable-image", severity="warning", message="cannot open image",
            path="news/other.md", suppressed=True, suppression="comment"),
]


@pytest.mark.parametrize("finding", FINDINGS, ids=lambda f: f.rule)
def test_a_finding_unpickles_as_the_model_it_was(finding: Finding):
    copy = pickle.loads(pickle.dumps(finding))
    assert_same_model(copy, finding)
    for copied, original in zip(copy.evidence, finding.evidence):
        assert_same_model(copied, original)


def test_tasks_and_outcomes_unpickle_field_for_field():
    task = Task("news.zip!/a.html", "article", archive_kind="zip", archive_path="news.zip", member="a.html",
                signature="file:10:20", config_file="news/.auditor.toml", config_digest="d1")
    outcome = Outcome("news/story.html", list(FINDINGS), [("news/story.jpg", "file:1:2")], signature="file:3:4",
                      needs=[("news/story.json", "absent")], config="d1", facts=DocumentFacts("2024-05", 1, 0))
    copies = pickle.loads(pickle.dumps([task, outcome]))
    assert copies == [task, outcome]
    assert [type(c) for c in copies] == [Task, Outcome]
    assert type(copies[1].facts) is DocumentFacts



def test_a_lone_image_task_is_audited_as_audit_document_audits_it(built_cases: Path, config, monkeypatch):
    """A batch audits a lone image by its path, without a Path object; a path the
    user wrote with "./" is still named as Path cleans it, as before."""
    ruleset = load_ruleset(config)
    images = sorted(built_cases.glob("*/*/*.jpg"))[:6] + sorted(built_cases.glob("*/*/*.png"))[:6]
    assert images
    monkeypatch.chdir(built_cases)
    for image in images:
        relative = str(image.relative_to(built_cases))
        for key in (relative, str(image), "./" + relative):
            expected = audit_document(Found(Path(key), "image"), ruleset)
            outcome = perform(Task(key, "image"), ruleset)
            assert (outcome.findings, outcome.media, outcome.is_article) == (expected.findings, [(p, "") for p in expected.media_read], False)
