"""A small newsroom for the batch tests, as a folder and packed as zip, tar.gz and
WARC: what each article and image carries is stated where it is written."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

from fixtures import images

# An AI image with an IPTC digital source type, and a camera picture.
AI_XMP = {images.SOURCE_TYPE: images.TRAINED_ALGORITHMIC_MEDIA}
CAMERA_EXIF = {"Make": "Canon", "Model": "EOS R5"}

UNDISCLOSED = """---
title: Harbour plan unveiled
date: 2025-05-20T08:00:00Z
---
![The harbour in 2050](img/harbour.jpg)

*The harbour as planners see it.*

Planners presented their vision on Tuesday.
"""
DISCLOSED = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Floating gardens</title></head>
<body><article><h1>Floating gardens</h1>
<figure><img src="../img/harbour.jpg" alt="Floating gardens"><figcaption>AI-generated image: an imagined harbour.</figcaption></figure>
<p>The council met on Monday.</p></article></body></html>
"""
CAMERA_STORY = """---
title: Dockers return to work
date: 2025-05-21T08:00:00Z
---
![Dock workers](img/dock.jpg)

*Dock workers on Monday. Photo: Jane Doe*

Work resumed after a two-day strike.
"""


def newsroom_files() -> dict[str, bytes]:
    """Member name -> bytes: an undisclosed AI image (AID101), the same image
    disclosed, a camera picture, and a broken image no article uses (audited alone:
    INP001)."""
    return {
        "harbour.md": UNDISCLOSED.encode(),
        "opinion/gardens.html": DISCLOSED.encode(),
        "dockers.md": CAMERA_STORY.encode(),
        "img/harbour.jpg": images.jpeg_bytes(xmp=AI_XMP),
        "img/dock.jpg": images.jpeg_bytes(exif=CAMERA_EXIF),
        "img/unused.png": b"not an image at all",
    }


def write_folder(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def write_zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def write_tar_gz(path: Path, files: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def write_warc(path: Path, responses: list[tuple[str, str, bytes]]) -> Path:
    """A gzipped WARC of HTTP responses: (target URL, content type, body)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, content_type, body in responses:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
    return path
