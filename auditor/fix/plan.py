"""Which findings `auditor fix` mends, and how: one marking per image file, with the
digital source type the evidence supports; with --fix-captions, the figures whose
captions need the disclosure."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Iterable

from ..model import Finding, Signal
from .xmp_packet import COMPOSITE, GENERATED

# AID102: disclosed as AI in the caption, nothing in the file. PRV203: generator
# metadata, no digital source type.
IMAGE_CODES = ("AID102", "PRV203")
# A caption that says the image was edited or altered with AI describes a composite
# of a real image, not a generated one (English wording; anything else: generated).
_EDITED_WORDING = re.compile(r"\b(?:edit(?:ed)?|alter(?:ed)?|enhanced|retouched|modified|manipulated|composite)\b", re.I)


@dataclass(frozen=True)
class ImageMarking:
    path: str
    codes: tuple[str, ...]
    # AID102: every caption that disclosed the image spoke of an AI edit.
    captions_say_edited: bool = False

    def term(self, signals: Iterable[Signal]) -> str:
        """Generated unless all the evidence speaks of an edit: for PRV203 the file's
        AI signals are all ai-edited, for AID102 the captions say edited/altered."""
        votes = []
        if "PRV203" in self.codes:
            kinds = {s.kind for s in signals if s.kind in ("ai-generated", "ai-edited")}
            votes.append(kinds == {"ai-edited"})
        if "AID102" in self.codes:
            votes.append(self.captions_say_edited)
        return COMPOSITE if votes and all(votes) else GENERATED


def image_markings(findings: Iterable[Finding]) -> list[ImageMarking]:
    # One marking per file, however many articles name it and however they spell its path.
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.rule in IMAGE_CODES and finding.media and not finding.suppressed:
            by_file.setdefault(os.path.realpath(finding.media), []).append(finding)
    return [ImageMarking(found[0].media, tuple(sorted({f.rule for f in found})), _captions_say_edited(found))
            for _, found in sorted(by_file.items())]


def caption_targets(findings: Iterable[Finding]) -> dict[str, list[int]]:
    """AID101 (AI image without a visible disclosure): the figures to caption, by article."""
    targets: dict[str, list[int]] = {}
    for finding in findings:
        if finding.rule == "AID101" and finding.figure is not None and not finding.suppressed:
            targets.setdefault(finding.path, []).append(finding.figure)
    return dict(sorted(targets.items()))


def _captions_say_edited(findings: list[Finding]) -> bool:
    captions = [" ".join(e.value for e in f.evidence if "disclosure_text" in e.source)
                for f in findings if f.rule == "AID102"]
    return bool(captions) and all(_EDITED_WORDING.search(c) for c in captions)
