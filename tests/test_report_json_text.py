"""JSON and JSON Lines output are written by orjson where it writes what the standard
library's json writes, byte for byte, and by json everywhere else."""

from __future__ import annotations

import enum
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.report import json_text
from auditor.report.json_text import json_line, pretty_json


def pretty_by_json(value):
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


def line_by_json(value):
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


class Colour(enum.Enum):
    red = "red"


class Level(str, enum.Enum):
    error = "error"


VALUES = {
    "finding record": {"rule": "AID101", "line": 3, "column": None, "evidence": [{"source": "xmp:x", "value": "v"}],
                       "suppressed": False, "end_line": 12},
    "every C0 control, DEL and quote": "".join(chr(code) for code in range(0x80)) + '"\\',
    "separators and non-ASCII": "l\u2028p\u2029 caf\u00e9 \u00a0 \ufeff \x85 \u4e2d\u6587",
    "outside the BMP": "\U0001f600 \U00010000 \U0010ffff",
    "empty containers": {"list": [], "dict": {}, "nested": [[], {}], "text": ""},
    "tuples": {"pair": (1, "two"), "empty": ()},
    "ordinary floats": {"elapsed": 0.123, "rate": 1234.5, "zero": 0.0, "big": 1e16, "huge": 1.5e300, "negative": -2.5},
    "small floats (orjson writes these differently)": {"tiny": 1e-05, "smaller": 3.2e-07, "edge": 9.99e-05},
    "non-finite floats": {"nan": float("nan"), "inf": float("inf"), "-inf": float("-inf")},
    "integers past 64 bits": {"big": 2 ** 70, "negative": -(2 ** 65), "largest": 2 ** 63 - 1},
    "non-string keys": {1: "one", None: "none", True: "yes"},
    "lone surrogate": {"text": "bad \udc80 byte"},
    "enum values": {"colour": Colour.red, "level": Level.error},
    "bytes": {"raw": b"\x00\xff"},
    "deep nesting": [[[[[[[[[[{"k": [1, 2, {"x": None}]}]]]]]]]]]],
}


@pytest.mark.parametrize("value", VALUES.values(), ids=VALUES.keys())
def test_pretty_json_writes_what_json_writes(value):
    assert pretty_json(value, default=str) == pretty_by_json(value)


@pytest.mark.parametrize("value", [v for k, v in VALUES.items() if k not in ("enum values", "bytes")],
                         ids=[k for k in VALUES if k not in ("enum values", "bytes")])
def test_json_line_writes_what_json_writes(value):
    assert json_line(value) == line_by_json(value)


def test_json_lines_stay_ascii_and_on_one_line():
    line = json_line({"caption": "a\u2028b\nc \U0001f600 caf\u00e9"})
    assert line.isascii() and "\n" not in line
    assert json.loads(line) == {"caption": "a\u2028b\nc \U0001f600 caf\u00e9"}


def test_without_orjson_the_bytes_are_the_same(monkeypatch):
    value = VALUES["finding record"] | {"text": VALUES["separators and non-ASCII"]}
    fast = (pretty_json(value), json_line(value))
    monkeypatch.setattr(json_text, "orjson", None)
    assert (pretty_json(value), json_line(value)) == fast == (pretty_by_json(value), line_by_json(value))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_any_json_value_is_written_as_json_writes_it(value):
    assert pretty_json(value) == pretty_by_json(value)
    assert json_line(value) == line_by_json(value)


FINDING_TEXTS = {
    "plain": "AI-generated image without a label",
    "every C0 control, DEL and quote": "".join(chr(code) for code in range(0x80)) + '"\\',
    "separators and non-ASCII": "l\u2028p\u2029 caf\u00e9 \u00a0 \ufeff \x85 \u4e2d\u6587",
    "outside the BMP": "\U0001f600 \U00010000 \U0010ffff",
    "lone surrogate": "bad \udc80 byte",
    "empty": "",
}


@pytest.mark.parametrize("text", FINDING_TEXTS.values(), ids=FINDING_TEXTS.keys())
def test_a_finding_record_line_is_what_json_writes(text):
    """The JSON Lines writer skips the type walk for finding records: their values
    are a finding's declared types, whatever text they hold."""
    from auditor.model import Evidence, Finding, Severity
    from auditor.report.json_text import record_line
    from auditor.report.record import finding_record

    finding = Finding(rule="AID101", name=text, severity=Severity.warning, message=text, path=text, line=2 ** 40,
                      column=None, media=text or None, figure=0, evidence=(Evidence(source=text, value=text),),
                      fix=text, fingerprint="f", suppressed=True, suppression=text)
    record = finding_record(finding, lambda path: path)
    assert record_line(record) == line_by_json(record)
