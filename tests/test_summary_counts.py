"""The summary counts what gates a run: suppressed findings are listed, not counted."""

from __future__ import annotations

import auditor
from fixtures import images

AI_XMP = {"Iptc4xmpExt:DigitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"}


def test_a_suppressed_finding_is_reported_but_not_counted(tmp_path):
    (tmp_path / "story.md").write_text(
        "---\ntitle: Story\n---\n<!-- auditor: ignore[AID104] -- licensed stock illustration, checked by the desk -->\n"
        "![x](story.jpg)\n\n*Representational image*\n", encoding="utf-8")
    images.write_jpeg(tmp_path / "story.jpg", xmp=AI_XMP)
    report = auditor.audit([tmp_path])
    aid104 = [f for f in report.findings if f.rule == "AID104"]
    assert len(aid104) == 1 and aid104[0].suppressed
    assert "licensed stock illustration" in (aid104[0].suppression or "")
    assert report.summary.findings["warning"] == sum(
        1 for f in report.findings if f.severity.value == "warning" and not f.suppressed)
