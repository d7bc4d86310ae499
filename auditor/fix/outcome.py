"""What one fix did to one file, for the report `auditor fix` prints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal["fixed", "would-fix", "refused"]


@dataclass(frozen=True)
class FixOutcome:
    path: str
    status: Status
    message: str
    diff: str = ""  # the change as a unified diff (of the XMP packet, for an image)
    codes: tuple[str, ...] = ()  # the findings the change mends
