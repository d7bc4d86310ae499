"""Read a TIFF's first IFD for size and the metadata blocks it points to.

IFD0 holds width/height, the XMP packet (tag 700), IPTC IIM (33723) and Photoshop
resources (34377), and a C2PA manifest store (52545, only its presence: the C2PA
reader validates it). EXIF fields are read from the file itself by ``exif.py``,
since a TIFF is one big EXIF structure.
"""

from __future__ import annotations

from typing import BinaryIO

from .container import MAX_IPTC_BYTES, MAX_XMP_BYTES, Container
from .exif import IFD_ENTRIES, value_of_entry
from .iptc import iim_from_photoshop_resources

MAX_ENTRIES = 4096

IMAGE_WIDTH, IMAGE_LENGTH = 256, 257
XMP_TAG, IPTC_TAG, PHOTOSHOP_TAG, C2PA_TAG = 700, 33723, 34377, 52545

# Field type -> size in bytes of one value.
_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}


def walk_tiff(fh: BinaryIO, file_size: int) -> Container:
    found = Container(exif_in_file=True)
    fh.seek(0)
    header = fh.read(8)
    order = "little" if header[:2] == b"II" else "big"
    ifd_offset = int.from_bytes(header[4:8], order)
    if len(header) < 8 or ifd_offset + 2 > file_size:
        found.unusable = "corrupt TIFF: the first image directory lies outside the file"
        return found
    fh.seek(ifd_offset)
    count = int.from_bytes(fh.read(2), order)
    entries = fh.read(12 * min(count, MAX_ENTRIES))
    # Whole 12-byte entries only; each unpacked in one call (tag, type, count, value).
    for tag, field_type, values, value in IFD_ENTRIES[order].iter_unpack(entries[:len(entries) // 12 * 12]):
        if tag in (IMAGE_WIDTH, IMAGE_LENGTH):
            size = _TYPE_SIZES.get(field_type, 4)
            number = int.from_bytes(value[:size], order) if size <= 4 else None
            if tag == IMAGE_WIDTH:
                found.width = number
            else:
                found.height = number
        elif tag == C2PA_TAG:
            found.c2pa_store = values > 0
        elif tag in (XMP_TAG, IPTC_TAG, PHOTOSHOP_TAG):
            length = values * _TYPE_SIZES.get(field_type, 1)
            cap = MAX_XMP_BYTES if tag == XMP_TAG else MAX_IPTC_BYTES
            if length > cap:
                found.problems.append(f"TIFF tag {tag} of {length} bytes exceeds the size cap; not read")
                continue
            data = value_of_entry(fh, value, length, order)
            if tag == XMP_TAG:
                found.xmp_packets.append(data)
            elif tag == IPTC_TAG:
                found.iptc_iim = data
            elif found.iptc_iim is None:
                found.iptc_iim = iim_from_photoshop_resources(data)
    if len(entries) < 12 * min(count, MAX_ENTRIES):
        found.notes["truncated"] = "TIFF ends inside its first image directory"
    return found
