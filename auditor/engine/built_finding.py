"""Findings built from values the engine makes itself, without pydantic's validation.
Validating costs ~4 us per Finding and ~1.5 us per Evidence, and a real archive draws
several findings per article; these values have their declared types by construction
(rule codes, names and messages are str, spans int, severities a Severity), so the
check could never fail. A value that is not a plain str where one is declared (a path
a caller passed in another type) goes through the validated constructor, as before.
The result is the object validation would give: same field values and order, same
fields-set (tests/test_engine_built_finding.py compares both on the fixtures' findings)."""

from __future__ import annotations

from ..model import Evidence, Finding, Severity, unvalidated

# The fields `finding` is given, in declaration order; the rest keep their defaults.
_GIVEN = ("rule", "name", "severity", "message", "path", "line", "column", "end_line", "end_column", "media",
          "figure", "evidence", "fix", "fingerprint")
_DEFAULTS = {"help_uri": None, "baseline_state": None, "suppressed": False, "suppression": None}
# A field added to Finding or Evidence that this module does not know yet: build validated.
_KNOWS_FIELDS = (tuple(Finding.model_fields) == _GIVEN + tuple(_DEFAULTS)
                 and tuple(Evidence.model_fields) == ("source", "value"))
_GIVEN_SET = frozenset(_GIVEN)
_EVIDENCE_SET = frozenset(("source", "value"))


def evidence_items(pairs: list[tuple[str, str]]) -> tuple[Evidence, ...]:
    """``tuple(Evidence(source=s, value=v) for s, v in pairs)``."""
    if not _KNOWS_FIELDS or not all(type(s) is str and type(v) is str for s, v in pairs):
        return tuple(Evidence(source=s, value=v) for s, v in pairs)
    return tuple(unvalidated(Evidence, {"source": s, "value": v}, set(_EVIDENCE_SET)) for s, v in pairs)


def finding(rule: str, name: str, severity: Severity, message: str, path: str, line: int | None,
            column: int | None, end_line: int | None, end_column: int | None, media: str | None,
            figure: int | None, evidence: tuple[Evidence, ...], fix: str | None, fingerprint: str) -> Finding:
    """``Finding(rule=rule, ..., fingerprint=fingerprint)``."""
    values = {"rule": rule, "name": name, "severity": severity, "message": message, "path": path, "line": line,
              "column": column, "end_line": end_line, "end_column": end_column, "media": media, "figure": figure,
              "evidence": evidence, "fix": fix, "fingerprint": fingerprint}
    if not (_KNOWS_FIELDS and type(severity) is Severity and type(path) is str and (media is None or type(media) is str)
            and type(message) is str and (fix is None or type(fix) is str)):
        return Finding(**values)
    values.update(_DEFAULTS)
    return unvalidated(Finding, values, set(_GIVEN_SET))
