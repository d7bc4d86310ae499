"""The text report without colour is written without rich (start-up): every line must
be byte for byte what rich's Console writes for it, whatever the characters (tabs,
control characters, wide and combining ones, trailing spaces, styles)."""

from __future__ import annotations

import io

from hypothesis import given, settings, strategies as st

from auditor.report.styled_lines import PlainLines, RichLines, Styled

STYLES = st.sampled_from([None, "dim", "bold", "bold red", "green", "yellow", "cyan"])
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40) | st.sampled_from(
    ["tab\there", "bell\x07", "cr\rlf", "esc\x1b[31m", "東京 的", "e\u0301", "nbsp\u00a0", "trail   ", "[bold]x[/]", ":smile:"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.tuples(TEXT, STYLES), max_size=5), min_size=1, max_size=6))
def test_plain_lines_are_what_rich_writes_without_colour(lines):
    plain, rich = io.StringIO(), io.StringIO()
    plain_writer, rich_writer = PlainLines(plain, is_tty=False), RichLines(rich, color=False, is_tty=False)
    for runs in lines:
        line = Styled()
        for text, style in runs:
            line.append(text, style)
        plain_writer.print(line)
        rich_writer.print(line)
    plain_writer.print()
    rich_writer.print()
    assert plain.getvalue() == rich.getvalue()
