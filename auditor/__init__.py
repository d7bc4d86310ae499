"""auditor: checks articles and their images for AI-image disclosure and provenance.

Public API: ``audit(paths, config=None) -> Report`` and ``inspect(path) -> MediaFacts``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from .model import MediaFacts, Report

__version__ = "0.1.0"


def audit(paths: Iterable[str | Path], config=None) -> "Report":
    from .pipeline import audit_paths

    return audit_paths([Path(p) for p in paths], config)


def inspect(path: str | Path) -> "MediaFacts":
    from .media import read_media

    return read_media(Path(path))
