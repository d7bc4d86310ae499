"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line
per finding, which the runner turns into annotations on the pull request."""

from __future__ import annotations

from ..model import Finding
from .base import Formatter
from .escaping import escape_controls, github_data, github_property

_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


class GithubFormatter(Formatter):
    name = "github"
    # Annotations and merge-request issues read as failures: set-aside findings never appear.
    can_show_set_aside = False

    def handle(self, finding: Finding) -> None:
        properties = [("file", self.shown_path(finding.path))]
        for key, value in (
            ("line", finding.line),
            ("col", finding.column),
            ("endLine", finding.end_line),
            ("endColumn", finding.end_column),
        ):
            if value is not None and value >= 1:
                properties.append((key, str(value)))
        properties.append(("title", f"{finding.rule} {finding.name}"))
        props = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
        command = _COMMAND[finding.severity.value]
        self.stream.write(f"::{command} {props}::{escape_data(self._message(finding))}\n")

    def _message(self, finding: Finding) -> str:
        return "\n".join([finding.message, *self.detail_lines(finding)])


def escape_data(value: str) -> str:
    """The message part: the runner decodes %25, %0D and %0A; other control
    characters (colour codes in the log) are shown as escapes."""
    return github_data(escape_controls(value, keep_newlines=True))


def escape_property(value: str) -> str:
    """A property value: also ``:`` and ``,``, which would end the property."""
    return github_property(escape_controls(value, keep_newlines=True))
