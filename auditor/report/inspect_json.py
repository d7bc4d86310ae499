"""`auditor inspect --format json`: one object per image (DESIGN.md, contract 3), an
object alone for one image and a list for several, written as the images are read."""

from __future__ import annotations

import itertools
from typing import Iterable, TextIO

from ..model import MediaFacts
from .json_text import pretty_json


def inspection_json(facts: MediaFacts) -> tuple[str, bool]:
    """The image's JSON text, and whether it could not be (fully) read. Made where
    the image was read (a worker, for a folder), so the writer only writes."""
    return pretty_json(facts.model_dump(mode="json"), default=str), bool(facts.errors)


def write_inspection_json(documents: Iterable[tuple[str, bool]], stream: TextIO) -> bool:
    """Writes what ``json.dump(one or [all], indent=2, ensure_ascii=False)`` would,
    without holding the documents; True when an image could not be (fully) read."""
    documents = iter(documents)
    first, second = next(documents, None), next(documents, None)
    if first is None:
        stream.write("[]\n")
        return False
    if second is None:
        stream.write(first[0] + "\n")
        return first[1]
    failed = False
    separator = "[\n"
    for text, problem in itertools.chain([first, second], documents):
        stream.write(separator + _nested(text))
        separator = ",\n"
        failed |= problem
    stream.write("\n]\n")
    return failed


def _nested(text: str) -> str:
    # One level deeper: JSON text has no raw line break inside a string.
    return "  " + text.replace("\n", "\n  ")
