"""What a document leaves unchecked because an image could not be read: a
missing local file (one finding per figure, where the fix is) and the remote
images auditor did not download (one finding per document listing every URL,
so a page with 200 remote images reads as one decision, not 200 warnings)."""

from __future__ import annotations

from typing import Any

from ..model import Article, Figure

# Past this many URLs the evidence says how many more there were.
MAX_LISTED = 200


def unchecked_remote(article: Article) -> dict[str, Any] | None:
    """The `unchecked` facts of an article context: its remote images, or None."""
    urls = list(dict.fromkeys(f.src for f in article.figures if f.status == "remote" and f.src))
    if not urls:
        return None
    count = len(urls)
    images = [{"source": "remote image", "value": url} for url in urls[:MAX_LISTED]]
    if count > MAX_LISTED:
        images.append({"source": "remote image", "value": f"… and {count - MAX_LISTED} more"})
    noun = "remote image was" if count == 1 else "remote images were"
    return {
        "status": "remote",
        "count": count,
        "images": images,
        "summary": f"{count} {noun} not checked: auditor does not download images by default, so what they carry about their provenance is unknown",
        "fix": "Audit the image files themselves (the published files or the CMS originals), or turn on remote fetching where it is available.",
    }


def unchecked_missing(figure: Figure) -> dict[str, Any] | None:
    """The `unchecked` facts of a figure context: its image file is missing, or None."""
    if figure.status != "missing":
        return None
    return {
        "status": "missing",
        "count": 1,
        "images": [{"source": "missing image", "value": figure.src or ""}],
        "summary": f"Image '{figure.src}' could not be checked: the file is missing",
        "fix": "Put the image file where the article points (next to it, or under the site's root), or fix the path.",
    }
