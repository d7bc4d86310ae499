"""Opt-in detection of invisible AI watermarks in an image's pixels (config
`watermarks = ["sd"]`): the one media reader that decodes pixels, so it runs only when
asked, within the same caps as the HTML report's previews, and says so when it could
not look.

A mark found becomes an `ai-generated` signal whose source is `watermark:<mark>` and
whose value gives the matching bits ("46/48 bits"). The setting is per process
(`configure_watermarks`, from `pipeline.configure_process`); numpy and the decoder are
imported on the first image checked, never on a run without the option.
"""

from __future__ import annotations

import importlib.util
import warnings
from typing import BinaryIO, Iterable

from ..model import Signal
from .watermark_marks import MARKS, Mark

# The encoder refuses images under 256 x 256 pixels in area: they cannot carry a mark.
MIN_PIXELS = 256 * 256
EXTRA_HINT = "pip install 'auditor[watermarks]'"

_active: tuple[Mark, ...] = ()


def configure_watermarks(names: Iterable[str]) -> None:
    """Check images for these watermark families (keys of MARKS) in this process."""
    global _active
    _active = tuple(mark for name in dict.fromkeys(names) for mark in MARKS[name])


def watermarks_checked() -> bool:
    return bool(_active)


def missing_extra() -> str | None:
    """Why the option cannot run here, in one line, or None. Finds numpy without
    importing it."""
    if importlib.util.find_spec("numpy") is None:
        return f"needs numpy, which is not installed: {EXTRA_HINT}"
    return None


def watermark_signals(fh: BinaryIO) -> tuple[list[Signal], str | None]:
    """The signals of the configured marks found in the image open in `fh` (rewound
    first), and why it could not be checked (None when it was). Never raises."""
    if (missing := missing_extra()) is not None:
        return [], f"not checked for an invisible watermark: {missing}"
    try:
        pixels = decoded_pixels(fh)
    except _NotChecked as reason:
        return [], f"not checked for an invisible watermark: {reason}"
    except Exception as problem:  # Pillow's decoders fail in many ways on broken files
        return [], f"not checked for an invisible watermark: the pixels cannot be decoded ({type(problem).__name__}: {' '.join(str(problem).split())})"
    if pixels is None:
        return [], None
    try:
        return _signals_in(pixels), None
    except MemoryError:
        return [], "not checked for an invisible watermark: out of memory decoding it"


class _NotChecked(Exception):
    pass


def decoded_pixels(fh: BinaryIO):
    """The image as an H x W x 3 uint8 array, None when too small to carry a mark.
    Raises _NotChecked past the decoding caps, Pillow's errors on a broken file."""
    import numpy as np
    from PIL import Image

    from ..report.thumbnail import MAX_SOURCE_BYTES, MAX_SOURCE_PIXELS

    fh.seek(0, 2)
    if fh.tell() > MAX_SOURCE_BYTES:
        raise _NotChecked(f"the file is over {MAX_SOURCE_BYTES:,} bytes, the most auditor decodes")
    fh.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(fh) as image:
            width, height = image.size
            if width * height > min(MAX_SOURCE_PIXELS, Image.MAX_IMAGE_PIXELS or MAX_SOURCE_PIXELS):
                raise _NotChecked(f"{width} x {height} pixels, over the {MAX_SOURCE_PIXELS:,} auditor decodes")
            if width * height < MIN_PIXELS:
                return None
            # The stored pixels, as the encoder wrote them: no EXIF rotation.
            return np.asarray(image.convert("RGB"))


def _signals_in(pixels) -> list[Signal]:
    return [Signal(kind="ai-generated", source=f"watermark:{mark.name}",
                   value=f"{matching}/{len(mark.bits)} bits match the {mark.label} watermark")
            for mark, matching in mark_agreements(pixels, _active) if matching >= mark.min_matching]


def mark_agreements(pixels, marks: Iterable[Mark]) -> list[tuple[Mark, int]]:
    """For each mark, how many of its bits the image decodes to (the best of the
    channel orders it may have been embedded in)."""
    from .watermark_decode import block_bits, message_bits

    marks = tuple(marks)
    readings = {(order, mark.float_input) for mark in marks for order in mark.swapped_orders}
    scores = {reading: block_bits(pixels, *reading) for reading in readings}
    return [(mark, max(_matching(message_bits(scores[(order, mark.float_input)], len(mark.bits)), mark.bits)
                       for order in mark.swapped_orders))
            for mark in marks]


def _matching(decoded, expected: tuple[bool, ...]) -> int:
    return int(sum(bool(bit) == want for bit, want in zip(decoded, expected)))
