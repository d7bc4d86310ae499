"""A synthetic news archive for the batch benchmark: HTML and Markdown articles, one
image each in a mix of formats, a realistic share of them AI-marked (some disclosed,
some not), a few syndicated stories without attribution.

Deterministic for a given size. Images are written by `fixtures/images.py`: one
template per (format, marking) is encoded once and each article's image is that
template with a unique trailing comment-free suffix-free copy, so building 20,000
images takes seconds, not minutes.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fixtures import images  # noqa: E402

# Out of every 20 images: 3 carry an AI marking (IPTC digital source type, or
# generator text chunks), the rest are camera or agency pictures.
AI_EVERY = (2, 9, 16)
FORMATS = ("jpg", "png", "webp", "gif", "tif")

CAMERA_EXIF = {"Make": "Canon", "Model": "EOS R5", "Software": "Adobe Photoshop 25.0", "Artist": "Jane Doe"}
AI_XMP = {images.SOURCE_TYPE: images.TRAINED_ALGORITHMIC_MEDIA, "xmp:CreatorTool": "Adobe Firefly"}
CAPTURE_XMP = {images.SOURCE_TYPE: images.DIGITAL_CAPTURE, "photoshop:Credit": "Reuters", "dc:creator": ["Jane Doe"]}
SD_TEXT = {"parameters": "a harbour at dawn, floating gardens\nSteps: 30, Sampler: Euler a, CFG scale: 7, Seed: 1, Model: sd_xl_base_1.0"}


def _template(directory: Path, fmt: str, ai: bool) -> bytes:
    path = directory / f"template-{'ai' if ai else 'photo'}.{fmt}"
    if fmt == "jpg":
        images.write_jpeg(path, xmp=AI_XMP if ai else CAPTURE_XMP, exif=None if ai else CAMERA_EXIF,
                          iptc=None if ai else {"By-line": "Jane Doe", "Credit": "Reuters"})
    elif fmt == "png":
        images.write_png(path, text=SD_TEXT) if ai else images.write_png(path, exif=CAMERA_EXIF)
    elif fmt == "webp":
        images.write_webp(path, xmp=AI_XMP if ai else CAPTURE_XMP)
    elif fmt == "gif":
        images.write_gif(path, xmp=AI_XMP if ai else None, comment=None if ai else "Photo: Jane Doe")
    else:
        images.write_tiff(path, xmp=AI_XMP if ai else CAPTURE_XMP, exif={"Make": "Nikon", "Model": "Z9"})
    data = path.read_bytes()
    path.unlink()
    return data


def build_corpus(root: Path, articles: int) -> dict[str, int]:
    """Writes `articles` articles and as many images under `root` (in folders of 500)
    and returns what it wrote."""
    root.mkdir(parents=True, exist_ok=True)
    templates = {(fmt, ai): _template(root, fmt, ai) for fmt in FORMATS for ai in (False, True)}
    counts = {"articles": 0, "images": 0, "ai_marked": 0, "html": 0, "markdown": 0}
    for n in range(articles):
        folder = root / f"{n // 500:04d}"
        if n % 500 == 0:
            folder.mkdir(exist_ok=True)
        fmt = FORMATS[n % len(FORMATS)]
        ai = n % 20 in AI_EVERY
        disclosed = ai and n % 3 != 0
        image_name = f"story-{n:06d}.{fmt}"
        (folder / image_name).write_bytes(templates[(fmt, ai)])
        counts["images"] += 1
        counts["ai_marked"] += ai
        if n % 2:
            (folder / f"story-{n:06d}.md").write_text(_markdown(n, image_name, ai, disclosed), encoding="utf-8")
            counts["markdown"] += 1
        else:
            (folder / f"story-{n:06d}.html").write_text(_html(n, image_name, ai, disclosed), encoding="utf-8")
            counts["html"] += 1
        counts["articles"] += 1
    return counts


def _caption(n: int, ai: bool, disclosed: bool) -> str:
    if disclosed:
        return f"AI-generated image: an illustration of the harbour plan, number {n}."
    if ai:
        return f"The harbour at dawn, picture {n}."
    return "Dock workers unload a ship on Monday. Photo: Jane Doe/Reuters"


def _paragraphs(n: int) -> list[str]:
    return [
        f"The port authority said on Monday that traffic rose for the {n % 12 + 2}th month in a row, "
        "driven by container volumes from Asia and a recovery in passenger ferries.",
        "Officials did not give a cost estimate for the planned expansion, which needs approval "
        "from the regional council before construction can begin next spring.",
        "Unions welcomed the plan but asked for guarantees on jobs and training for the new cranes.",
    ]


def _markdown(n: int, image: str, ai: bool, disclosed: bool) -> str:
    syndicated = "syndicated: true\nsource: Reuters\n" if n % 50 == 1 else ""
    body = "\n\n".join(_paragraphs(n))
    return (
        f"---\ntitle: Port traffic rises, story {n}\ndate: 2024-0{n % 9 + 1}-1{n % 9}T08:00:00Z\n"
        f"author: Desk {n % 7}\n{syndicated}---\n"
        f"![Harbour cranes, picture {n}]({image})\n\n*{_caption(n, ai, disclosed)}*\n\n{body}\n"
    )


def _html(n: int, image: str, ai: bool, disclosed: bool) -> str:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in _paragraphs(n))
    return (
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>Port traffic rises, story {n}</title>\n"
        f"<meta property=\"article:published_time\" content=\"2024-0{n % 9 + 1}-1{n % 9}T08:00:00+00:00\">\n"
        "</head>\n<body>\n<article>\n"
        f"<h1>Port traffic rises, story {n}</h1>\n<p class=\"byline\">By Desk {n % 7}</p>\n"
        f"<figure><img src=\"{image}\" alt=\"Harbour cranes, picture {n}\">"
        f"<figcaption>{_caption(n, ai, disclosed)}</figcaption></figure>\n"
        f"{paragraphs}\n</article>\n</body>\n</html>\n"
    )


if __name__ == "__main__":
    print(build_corpus(Path(sys.argv[1]), int(sys.argv[2])))
