"""The plain-text newswire page: header, title, standfirst, byline with dates,
an image caption line, body paragraphs and an agency credit.

    " date 2025-05-26 Left Menu"          header (site chrome left by a scraper)
    ""
    "Russia's Pursuit of Peace: ..."      title
    ""
    "Russia continues to work on ..."     standfirst
    ""
    "Devdiscourse News Desk | Updated: 26-05-2025 15:28 IST | Created: ..."   byline
    "This image is AI-generated and ..."  caption (the line right after the byline)
    ""
    "Russia is actively pursuing ..."     body ...
    "(With inputs from agencies.)"        attribution

Every part is optional: a file without header, byline or title still yields its
paragraphs as body blocks. The images are the files named after the article,
or those its sidecar JSON lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.articles.attribution import dateline_prefix, is_attribution
from auditor.articles.companions import companion_images, read_sidecar, sidecar_figures
from auditor.articles.dates import coerce_datetime, parse_datetime
from auditor.articles.field_values import plain_value
from auditor.articles.figure_draft import FigureDraft, finish_figures
from auditor.articles.language import guess_language, normalise_language
from auditor.model import Article, Span, TextBlock

# Site chrome a scraper leaves on the first line: a date stamp, menu labels.
_HEADER = re.compile(
    r"^\s*(?:date\s+\d{4}-\d{2}-\d{2}\b.*|.{0,80}\b(?:left menu|main menu|skip to (?:main )?content)\b.*)$",
    re.IGNORECASE,
)
_DATE_LABEL = re.compile(
    r"\b(?:updated|last updated|created|published|first published|posted|modified)\s*(?:on\s*)?:",
    re.IGNORECASE,
)
# "By Jane Doe" is a byline; "By the end of the year, ..." is a sentence.
_BY_NAME = re.compile(r"^\s*by\s+\S.{0,78}$", re.IGNORECASE)
_UPDATED_LABEL = re.compile(r"^(?:last\s+)?(?:updated|modified)\s*(?:on\s*)?:\s*(?P<value>.+)$", re.IGNORECASE)
_CREATED_LABEL = re.compile(r"^(?:first\s+)?(?:created|published|posted)\s*(?:on\s*)?:\s*(?P<value>.+)$", re.IGNORECASE)
_BY_PREFIX = re.compile(r"^by\s+", re.IGNORECASE)
_CREDIT_LINE = re.compile(r"^(?:(?:image|photo|picture|illustration)\s+)?(?:credit|courtesy)s?\s*:", re.IGNORECASE)

# A byline further down than this is body text that happens to say "Updated:".
_BYLINE_SEARCH_PARAGRAPHS = 5
_MAX_TITLE_CHARS = 300


@dataclass
class Paragraph:
    first: int  # 0-based index of the first line
    lines: list[str]


def parse_text_article(path: Path, text: str) -> Article:
    lines = text.split("\n")
    paragraphs = _paragraphs(lines)
    sidecar = read_sidecar(path)
    fields: dict[str, Any] = {}
    if sidecar is not None:
        if sidecar.values is not None:
            fields.update(plain_value(sidecar.values))
        else:
            fields["sidecar_error"] = sidecar.error
        fields["sidecar"] = path.with_suffix(".json").name
    drafts = sidecar_figures(sidecar.values if sidecar else None) or [
        FigureDraft(src=name) for name in companion_images(path)
    ]

    blocks: list[TextBlock] = []
    position = 0
    if len(paragraphs) > 1 and len(paragraphs[0].lines) == 1 and _HEADER.match(paragraphs[0].lines[0]):
        blocks.append(_block("header", paragraphs[0]))
        position = 1

    byline_at = _find_byline(paragraphs, position)
    title: str | None = None
    if position < len(paragraphs) and (byline_at is None or position < byline_at[0]):
        candidate = paragraphs[position]
        if len(candidate.lines) == 1 and len(candidate.lines[0].strip()) <= _MAX_TITLE_CHARS and (
            byline_at is not None or len(paragraphs) > position + 1
        ):
            blocks.append(_block("title", candidate))
            title = candidate.lines[0].strip()
            position += 1

    byline: str | None = None
    published = updated = None
    captions: list[TextBlock] = []
    if byline_at is not None:
        para_index, line_in_para = byline_at
        for standfirst in paragraphs[position:para_index]:
            blocks.append(_block("standfirst", standfirst))
        paragraph = paragraphs[para_index]
        if line_in_para > 0:
            blocks.append(_block("standfirst", Paragraph(paragraph.first, paragraph.lines[:line_in_para])))
        byline_line = paragraph.lines[line_in_para]
        blocks.append(_block("byline", Paragraph(paragraph.first + line_in_para, [byline_line])))
        byline, published, updated = _read_byline(byline_line)
        # One caption line per image (at least one): further lines are body text
        # that follows the byline without a blank line.
        after = paragraph.lines[line_in_para + 1 :]
        caption_count = min(len(after), max(1, len(drafts)))
        for offset, line in enumerate(after[:caption_count]):
            caption = _block("caption", Paragraph(paragraph.first + line_in_para + 1 + offset, [line]))
            captions.append(caption)
            blocks.append(caption)
        if after[caption_count:]:
            first = paragraph.first + line_in_para + 1 + caption_count
            blocks.extend(_body_blocks(Paragraph(first, after[caption_count:])))
        position = para_index + 1

    credits: list[TextBlock] = []
    for paragraph in paragraphs[position:]:
        for block in _body_blocks(paragraph):
            blocks.append(block)
            if block.kind == "credit":
                credits.append(block)

    _attach(drafts, captions, credits)
    # An image with no caption line still has a place in this page shape: right under
    # the byline. Findings about it point there instead of at no line at all.
    byline_span = next((b.span for b in blocks if b.kind == "byline"), None)
    for draft in drafts:
        if draft.span is None and draft.caption is None:
            draft.span = byline_span
    if sidecar is not None and sidecar.values is not None:
        title, published, updated = _sidecar_fallbacks(sidecar.values, title, published, updated)
    language = normalise_language(fields.get("language") or fields.get("lang")) or guess_language(
        " ".join(b.text for b in blocks if b.kind in ("title", "standfirst", "body"))
    )
    return Article(
        path=str(path),
        format="text",
        title=title,
        byline=byline,
        published=published,
        updated=updated,
        language=language,
        blocks=tuple(blocks),
        figures=finish_figures(drafts, path),
        fields=fields,
    )


def _paragraphs(lines: list[str]) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    current: Paragraph | None = None
    for number, line in enumerate(lines):
        if line.strip():
            if current is None:
                current = Paragraph(number, [])
                paragraphs.append(current)
            current.lines.append(line)
        else:
            current = None
    return paragraphs


def _find_byline(paragraphs: list[Paragraph], start: int) -> tuple[int, int] | None:
    for para_index in range(start, min(len(paragraphs), start + _BYLINE_SEARCH_PARAGRAPHS)):
        for line_index, line in enumerate(paragraphs[para_index].lines):
            if len(line) <= 400 and (_DATE_LABEL.search(line) or _is_name_byline(line)):
                return para_index, line_index
    return None


def _is_name_byline(line: str) -> bool:
    return _BY_NAME.match(line) is not None and not line.rstrip().endswith((".", "!", "?", ","))


def _read_byline(line: str) -> tuple[str | None, Any, Any]:
    author = None
    published = updated = None
    for segment in (part.strip() for part in line.split("|")):
        if not segment:
            continue
        if match := _UPDATED_LABEL.match(segment):
            updated = parse_datetime(match["value"])
        elif match := _CREATED_LABEL.match(segment):
            published = parse_datetime(match["value"])
        elif author is None and ":" not in segment:
            author = _BY_PREFIX.sub("", segment).strip() or None
    return author, published, updated


def _block(kind: str, paragraph: Paragraph) -> TextBlock:
    text = "\n".join(line.rstrip() for line in paragraph.lines).strip()
    first_line = paragraph.lines[0]
    last_line = paragraph.lines[-1].rstrip()
    span = Span(
        line=paragraph.first + 1,
        column=len(first_line) - len(first_line.lstrip()) + 1,
        end_line=paragraph.first + len(paragraph.lines),
        end_column=len(last_line) + 1,
    )
    return TextBlock(kind=kind, text=text, span=span)  # type: ignore[arg-type]


def _body_blocks(paragraph: Paragraph) -> list[TextBlock]:
    block = _block("body", paragraph)
    if is_attribution(block.text):
        return [block.model_copy(update={"kind": "attribution"})]
    if len(paragraph.lines) == 1 and _CREDIT_LINE.match(block.text):
        return [block.model_copy(update={"kind": "credit"})]
    prefix = dateline_prefix(block.text)
    if prefix is None:
        return [block]
    start = block.span.column if block.span else 1
    dateline = TextBlock(
        kind="attribution",
        text=prefix,
        span=Span(line=paragraph.first + 1, column=start, end_line=paragraph.first + 1, end_column=start + len(prefix)),
    )
    return [dateline, block]


def _attach(drafts: list[FigureDraft], captions: list[TextBlock], credits: list[TextBlock]) -> None:
    """Caption lines go to the figures in order; a caption with no image left
    still becomes a figure (status "none"), so the text's claim about an
    image is not lost."""
    for number, caption in enumerate(captions):
        if number < len(drafts):
            # The line readers see outranks a caption kept only in CMS metadata.
            drafts[number].caption = caption
        else:
            drafts.append(FigureDraft(caption=caption, order=len(drafts)))
    for credit in credits:
        for draft in drafts:
            if draft.credit is None:
                draft.credit = credit
                break


def _sidecar_fallbacks(values: dict[str, Any], title: str | None, published: Any, updated: Any) -> tuple[Any, Any, Any]:
    if title is None and isinstance(values.get("title"), str):
        title = values["title"].strip() or None
    if published is None:
        published = coerce_datetime(values.get("published") or values.get("date") or values.get("datePublished"))
    if updated is None:
        updated = coerce_datetime(values.get("updated") or values.get("modified") or values.get("dateModified"))
    return title, published, updated
