"""Reading an article's bytes (bounded) and decoding them to text, with one-line
errors a newsroom editor can act on."""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path

from auditor.model import DocumentError
from auditor.regular_files import NotRegularFile, open_regular, refusal

# Articles are small; anything past this is a mistake or an attack, and reading
# it would stall a batch. Documented in the error message.
MAX_ARTICLE_BYTES = 20 * 1024 * 1024

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

# The HTML encoding sniffing spec looks at the first 1024 bytes; pages with
# long <head> preambles put the declaration later, so look a little further.
_CHARSET_WINDOW = 4096
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})"""
    rb"""|<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""",
    re.IGNORECASE,
)


def read_bytes(path: Path, data: bytes | None, limit: int = MAX_ARTICLE_BYTES) -> bytes | DocumentError:
    if data is not None:
        if len(data) > limit:
            return _too_large(path, len(data), limit)
        return data
    try:
        with open_regular(path) as handle:
            status = os.fstat(handle.fileno())
            # Asking for limit + 1 bytes up front would allocate (and map) 20 MB per
            # article; ask for the file's size, and go on only if it has grown since.
            wanted = min(status.st_size, limit) + 1
            raw = handle.read(wanted)
            if len(raw) == wanted and wanted <= limit:
                raw += handle.read(limit + 1 - len(raw))
            stamp = _stamp(status)
    except NotRegularFile as error:
        return DocumentError(path=str(path), message=refusal(error.strerror))
    except OSError as error:
        return DocumentError(path=str(path), message=f"cannot read file: {error.strerror or error}")
    if len(raw) > limit:
        return _too_large(path, None, limit)
    global _recent
    _recent = (str(path), stamp, raw)
    return raw


# The file read last, with its stat stamp: suppression comments are looked for in
# the article just parsed, and a batch audit should not read every file twice.
_recent: tuple[str, tuple[int, int, int], bytes] | None = None


def read_again(path: Path | str, limit: int = MAX_ARTICLE_BYTES) -> bytes | DocumentError:
    """The bytes of the file `read_bytes` just read, if it has not changed since
    (same inode, size and modification time); otherwise read afresh."""
    global _recent
    recent, _recent = _recent, None
    if recent is not None and recent[0] == str(path):
        try:
            if _stamp(os.stat(path)) == recent[1]:
                return recent[2]
        except OSError:
            pass
    return read_bytes(path, None, limit)


def _stamp(status: os.stat_result) -> tuple[int, int, int]:
    return status.st_ino, status.st_size, status.st_mtime_ns


def _too_large(path: Path, size: int | None, limit: int) -> DocumentError:
    what = f"{size} bytes" if size is not None else "more than that"
    return DocumentError(
        path=str(path), message=f"file too large ({what}; articles are read up to {limit // (1024 * 1024)} MB)"
    )


def decode_text(path: Path, raw: bytes, *, sniff_html_charset: bool = False) -> str | DocumentError:
    """UTF-8 (with or without BOM) or BOM-marked UTF-16; for HTML also the
    charset the page declares. Newlines come back normalised to "\\n"."""
    if raw.startswith(_UTF16_BOMS):
        try:
            return _normalise_newlines(raw.decode("utf-16"))
        except UnicodeDecodeError as error:
            return _not_utf(path, raw, error, "UTF-16")
    try:
        return _normalise_newlines(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        utf8_error = error
    if sniff_html_charset:
        # Decode as a browser would, since the audit is of what readers see: the
        # charset the page declares (stray bytes replaced, as browsers show them: real
        # pages declare UTF-8 and hold Latin-1 bytes), else windows-1252, the HTML
        # standard's fallback for an undeclared page. Source files (text, Markdown,
        # JSON) stay strict: there the error is the author's to fix.
        declared = _declared_charset(raw[:_CHARSET_WINDOW]) or "cp1252"
        return _normalise_newlines(raw.decode(declared, errors="replace"))
    return _not_utf(path, raw, utf8_error, "UTF-8")


def _declared_charset(head: bytes) -> str | None:
    match = _DECLARED_CHARSET.search(head)
    if match is None:
        return None
    name = (match.group(1) or match.group(2)).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _not_utf(path: Path, raw: bytes, error: UnicodeDecodeError, encoding: str) -> DocumentError:
    # Offsets count from the start of the file, BOM included, as a hex editor shows them.
    offset = error.start + (3 if encoding == "UTF-8" and raw.startswith(codecs.BOM_UTF8) else 0)
    offset = min(offset, len(raw) - 1)
    return DocumentError(
        path=str(path), message=f"not valid {encoding} text (byte 0x{raw[offset]:02x} at offset {offset})"
    )


def _normalise_newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
