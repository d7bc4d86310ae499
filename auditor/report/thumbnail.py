"""Small embedded previews for the HTML report: the one place auditor decodes
pixels, so it is bounded at every step. Files that are too large, claim too many
pixels, or fail to decode get no preview (the report shows a placeholder)."""

from __future__ import annotations

import base64
import io
import os
import warnings

from PIL import Image

THUMBNAIL_BOX = (160, 160)
MAX_SOURCE_BYTES = 40 * 1024 * 1024
# Well below Pillow's own bomb limit: a preview is not worth decoding a poster.
MAX_SOURCE_PIXELS = 40_000_000
MAX_THUMBNAIL_BYTES = 48 * 1024


def thumbnail_data_uri(path: str) -> str | None:
    """A ``data:`` URI holding a preview of ``path`` at most THUMBNAIL_BOX in size,
    or None when there should be none. Never raises."""
    try:
        if os.path.getsize(path) > MAX_SOURCE_BYTES:
            return None
        with warnings.catch_warnings():
            # Pillow warns, then raises, on decompression bombs; a warning is
            # already too much for a thumbnail.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                if width < 1 or height < 1 or width * height > min(MAX_SOURCE_PIXELS, Image.MAX_IMAGE_PIXELS or MAX_SOURCE_PIXELS):
                    return None
                image.draft("RGB", THUMBNAIL_BOX)  # JPEG: decode at 1/2..1/8 scale
                image.thumbnail(THUMBNAIL_BOX)
                return _encoded(image)
    except Exception:  # a preview is optional: any failure becomes the placeholder
        return None


def _encoded(image: Image.Image) -> str | None:
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    buffer = io.BytesIO()
    if has_alpha:
        image.convert("RGBA").save(buffer, format="PNG", optimize=True)
        mime = "image/png"
    else:
        image.convert("RGB").save(buffer, format="JPEG", quality=70)
        mime = "image/jpeg"
    data = buffer.getvalue()
    if len(data) > MAX_THUMBNAIL_BYTES:
        return None
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
