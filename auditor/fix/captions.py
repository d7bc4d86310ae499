"""`fix --fix-captions`: add the disclosure sentence to the captions of AID101
figures in Markdown and HTML articles, in the article's language. Only the caption
text grows; every other byte of the file is kept. A figure whose caption cannot be
found in the source with certainty is refused, never guessed at."""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from pathlib import Path

from ..articles import parse_article
from ..media import read_media
from ..model import Article, DocumentError, Figure
from .atomic_write import ChangedUnderneath, replace_content, signature
from .caption_wording import disclosure_sentence
from .outcome import FixOutcome

CODES = ("AID101",)
_SENTENCE_END = ".!?。！？।"
_UNSPACED_END = "。！？"
_START_TAG = re.compile(r"<([A-Za-z][\w-]*)")


class _Refusal(Exception):
    pass


@dataclass(frozen=True)
class _Insertion:
    offset: int
    text: str
    figure: int
    sentence: str


def add_disclosures(path: str, figures: list[int], *, dry_run: bool) -> list[FixOutcome]:
    """Edit the captions of the figures numbered ``figures`` of the article at
    ``path``. Never raises: problems are refusals."""
    try:
        return _add(Path(path), sorted(set(figures)), dry_run)
    except (_Refusal, ChangedUnderneath) as problem:
        return [FixOutcome(path, "refused", str(problem), codes=CODES)]
    except OSError as problem:
        return [FixOutcome(path, "refused", f"cannot write: {problem.strerror or problem}", codes=CODES)]


def _add(path: Path, numbers: list[int], dry_run: bool) -> list[FixOutcome]:
    article = parse_article(path)
    if isinstance(article, DocumentError):
        raise _Refusal(f"cannot read the article: {article.message}")
    if article.format not in ("markdown", "html"):
        raise _Refusal(f"captions are fixed in Markdown and HTML articles, not {article.format}")
    target = path.resolve()
    read_as = signature(target)
    raw = target.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _Refusal("the article is not UTF-8; it is left as it is") from None
    if text.startswith("\ufeff"):
        raise _Refusal("the article starts with a byte-order mark; it is left as it is")
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    by_number = {f.index: f for f in article.figures}
    outcomes, insertions = [], []
    for number in numbers:
        figure = by_number.get(number)
        try:
            if figure is None:
                raise _Refusal("the figure is no longer in the article")
            sentence = disclosure_sentence(article.language, _edited(figure))
            if sentence is None:
                raise _Refusal(f"no disclosure wording for language '{article.language}'"
                               + (" and an AI edit" if _edited(figure) else "") + "; add it by hand")
            edit = _markdown_insertion if article.format == "markdown" else _html_insertion
            insertions.append(edit(text, line_starts, figure, sentence))
        except _Refusal as problem:
            outcomes.append(FixOutcome(str(path), "refused", f"figure {number + 1} ({_name(figure)}): {problem}", codes=CODES))
    if not insertions:
        return outcomes
    edited = text
    for insertion in sorted(insertions, key=lambda i: i.offset, reverse=True):
        edited = edited[:insertion.offset] + insertion.text + edited[insertion.offset:]
    _verify(path, edited, article, insertions)
    diff = "".join(difflib.unified_diff(text.splitlines(keepends=True), edited.splitlines(keepends=True), f"a/{path}", f"b/{path}"))
    count = f"{len(insertions)} caption{'s' if len(insertions) != 1 else ''}"
    if dry_run:
        return outcomes + [FixOutcome(str(path), "would-fix", f"would add the disclosure to {count}", diff, CODES)]
    replace_content(target, edited.encode("utf-8"), read_as)
    return outcomes + [FixOutcome(str(path), "fixed", f"added the disclosure to {count}", diff, CODES)]


def _edited(figure: Figure) -> bool:
    """An AI edit of a real image, as its file or the page declares it."""
    if figure.declared_source_type and "composite" in figure.declared_source_type.lower():
        return True
    if figure.status != "local" or not figure.path:
        return False
    kinds = {s.kind for s in read_media(Path(figure.path)).signals if s.kind in ("ai-generated", "ai-edited")}
    return kinds == {"ai-edited"}


def _name(figure: Figure | None) -> str:
    return repr(figure.src) if figure is not None and figure.src else "no source"


def _joined(caption_text: str, sentence: str) -> str:
    caption_text = caption_text.rstrip()
    if not caption_text or caption_text[-1] in _UNSPACED_END:
        return sentence
    return (" " if caption_text[-1] in _SENTENCE_END else ". ") + sentence


def _markdown_insertion(text: str, line_starts: list[int], figure: Figure, sentence: str) -> _Insertion:
    caption = figure.caption
    if caption is not None:
        span = caption.span
        if span is None or span.end_line != span.line or span.end_column is None or span.line > len(line_starts):
            raise _Refusal("its caption's place in the file is not known")
        start = line_starts[span.line - 1] + span.column - 1
        end = line_starts[span.line - 1] + span.end_column - 1
        run = text[start:end]
        delimiter = run[:1]
        if delimiter not in ("*", "_") or not run.endswith(delimiter):
            raise _Refusal("its caption is not a single emphasised line")
        inner_end = end - (len(run) - len(run.rstrip(delimiter)))
        inner = run[:len(run) - (end - inner_end)].lstrip(delimiter)
        return _Insertion(inner_end, _joined(inner, sentence), figure.index, sentence)
    if figure.span is None or figure.span.line > len(line_starts):
        raise _Refusal("its place in the file is not known")
    line_start = line_starts[figure.span.line - 1]
    line_end = text.find("\n", line_start)
    line = text[line_start:] if line_end < 0 else text[line_start:line_end + 1]
    if not line.lstrip().startswith("![") or not line.rstrip().endswith(")"):
        raise _Refusal("it has no caption and is not an image on a line of its own")
    newline = "\r\n" if line.endswith("\r\n") else "\n"
    lead = "" if line.endswith("\n") else newline
    return _Insertion(line_start + len(line), f"{lead}{newline}*{sentence}*{newline}", figure.index, sentence)


def _html_insertion(text: str, line_starts: list[int], figure: Figure, sentence: str) -> _Insertion:
    caption = figure.caption
    if caption is None:
        raise _Refusal("it has no caption element to add to (add a <figcaption> by hand)")
    if caption.span is None or caption.span.line > len(line_starts):
        raise _Refusal("its caption's place in the file is not known")
    start = line_starts[caption.span.line - 1] + caption.span.column - 1
    tag = _START_TAG.match(text, start)
    if tag is None:
        raise _Refusal("its caption's element was not found where the parser saw it")
    name = tag.group(1)
    opened = text.find(">", tag.end())
    closing = re.compile(rf"</{re.escape(name)}\s*>", re.I).search(text, opened + 1) if opened >= 0 else None
    if closing is None:
        raise _Refusal(f"its caption's <{name}> has no closing tag")
    if re.search(rf"<{re.escape(name)}[\s>/]", text[opened:closing.start()], re.I):
        raise _Refusal(f"its caption's <{name}> holds another <{name}>; left for an editor")
    inner = re.sub(r"<[^>]*>", "", text[opened + 1:closing.start()])
    return _Insertion(closing.start(), html.escape(_joined(html.unescape(inner), sentence), quote=False), figure.index, sentence)


def _verify(path: Path, edited: str, before: Article, insertions: list[_Insertion]) -> None:
    """The edited article must parse to the same figures, each fixed caption now
    holding its sentence."""
    after = parse_article(path, data=edited.encode("utf-8"))
    if isinstance(after, DocumentError) or len(after.figures) != len(before.figures):
        raise _Refusal("the edited article would not read back with the same figures; nothing was written")
    figures = {f.index: f for f in after.figures}
    for insertion in insertions:
        caption = figures.get(insertion.figure).caption if insertion.figure in figures else None
        if caption is None or insertion.sentence not in caption.text:
            raise _Refusal("the added disclosure would not read back as the figure's caption; nothing was written")
