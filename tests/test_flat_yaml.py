"""Flat front matter read without the YAML loader gives exactly what the safe
loader gives, and refuses (None) whatever it cannot read with certainty."""

import datetime

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.articles.flat_yaml import read_flat_yaml
from auditor.articles.front_matter import split_front_matter


def _loaded(source: str):
    return yaml.load(source, Loader=yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader)


@pytest.mark.parametrize("source", [
    "title: Port traffic rises, story 1\nauthor: Desk 1\n",
    "date: 2024-02-11T08:00:00Z\nday: 2024-02-11\nspaced: 2024-02-11 08:00:00.5 +02:00\n",
    "date: 2024-12-31T23:59:59Z\nlocal: 2024-02-11T08:00:00\nshifted: 2024-02-11T08:00:00+02:00\n",
    "count: 12\nratio: 1.5\nhex: 0x1F\nsexagesimal: 1:20\nold_octal: 017\nbig: 1_000\n",
    "draft: false\nshown: yes\nhidden: Off\nnothing: null\ntilde_like: ~x\n",
    "title: Q&A *bold* !not-a-tag\ntag: C# and F#\nlist_like: a, [b] {c}\nurl: https://x.test/a?b=c#d\n",
    "title: Ünïcödé “quotes” 生成\nsnake_case-key: v\n_private: v\n",
    "a: 1\n\n\nb: 2\n",
])
def test_accepted_front_matter_reads_as_the_yaml_loader_reads_it(source):
    flat = read_flat_yaml(source)
    assert flat is not None
    assert flat[0] == _loaded(source)
    assert list(flat[0]) == list(_loaded(source))  # key order too
    lines = source.split("\n")
    assert all(lines[line].startswith(key + ":") for key, line in flat[1].items())


@pytest.mark.parametrize("source", [
    "title: 'quoted'\n", 'title: "quoted"\n', "title: [a, b]\n", "title: {a: b}\n", "tags:\n  - a\n",
    "cover:\n  image: a.jpg\n", "title: a: b\n", "title: a # comment\n", "# comment\ntitle: a\n",
    "title:  two spaces\n", "title: trailing \n", "title: ends with:\n", "title:\n", "title:value\n",
    "title : a\n", "title: a\ntitle: b\n", "on: push\n", "null: x\n", "yes: x\n", "title: \ta\n", "title: a\tb\n",
    "title: a\r\n", "title: a\u2028b\n", "title: a\x85b\n", "title: \ufeffa\n", "title: &anchor a\n", "title: *alias\n",
    "title: !tag a\n", "title: |\n  block\n", "title: >\n  folded\n", "title: -a\n", "title: ?a\n", "title: %a\n",
    "title: @a\n", "title: `a`\n", "title: a\n  continued\n", "  title: indented\n", "%YAML 1.1\n", "merge: <<\n",
    "value: =\n", "date: 2024-02-30\n", "date: 2024-02-30T08:00:00Z\n", "date: 2024-02-11T24:00:00Z\n", "", "\n\n", "- a\n",
])
def test_anything_else_is_left_to_the_yaml_loader(source):
    assert read_flat_yaml(source) is None


_KEY = st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,8}", fullmatch=True)
# Values from characters that matter to YAML and to its implicit types.
_VALUE = st.text(alphabet=list("aeoyntfNYTF019:-+._ #'\"[]{},&*!|>%@`~=<\\/x\t") + ["\u00e9", "\u2028"], min_size=1, max_size=14)


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.tuples(_KEY, _VALUE), min_size=1, max_size=5), st.booleans())
def test_generated_flat_front_matter_matches_the_yaml_loader(entries, blank_line):
    source = ("\n" if blank_line else "").join(f"{key}: {value}\n" for key, value in entries)
    flat = read_flat_yaml(source)
    if flat is None:
        return
    assert flat[0] == _loaded(source), source
    assert list(flat[0]) == list(_loaded(source)), source


def test_split_front_matter_gives_the_same_article_fields_either_way():
    flat = "---\ntitle: Port traffic\ndate: 2024-02-11T08:00:00Z\ndraft: no\n---\nBody\n"
    nested = flat.replace("draft: no\n", "draft: no\ntags: [a]\n")  # a list: the YAML loader reads this one
    fast, loaded = split_front_matter(flat), split_front_matter(nested)
    assert fast.values == {"title": "Port traffic", "date": "2024-02-11T08:00:00+00:00", "draft": False}
    assert {key: value for key, value in loaded.values.items() if key != "tags"} == fast.values
    assert fast.key_lines == {"title": 2, "date": 3, "draft": 4}
    assert (fast.body, fast.body_first_line) == ("Body\n", 6)
    assert isinstance(_loaded("d: 2024-02-11T08:00:00Z")["d"], datetime.datetime)
