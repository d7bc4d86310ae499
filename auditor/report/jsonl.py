"""JSON Lines: one finding object per line as it is found, nothing else, so a
million-file archive audit can be piped and resumed without holding a document."""

from __future__ import annotations

from ..model import Finding
from .base import Formatter
from .json_text import record_line
from .record import finding_record


class JsonLinesFormatter(Formatter):
    name = "jsonl"
    shows_baselined = True
    shows_suppressed = True

    def handle(self, finding: Finding) -> None:
        # ensure_ascii keeps U+2028/U+2029 and other separators out of the raw
        # text, so no line-oriented reader splits one record in two.
        self.stream.write(record_line(finding_record(finding, self.shown_path)) + "\n")
