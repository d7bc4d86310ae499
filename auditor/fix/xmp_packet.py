"""Write ``Iptc4xmpExt:DigitalSourceType`` into an XMP packet: a new packet, or the
file's own packet with one ``rdf:Description`` added and every other byte kept.

The edit is textual on purpose: re-serialising the packet through an XML library
would rewrite prefixes, attribute order and whitespace of properties we were not
asked to touch. The result is read back with the auditor's own XMP reader and must
say exactly what it said before plus the new property, or the edit is refused.
"""

from __future__ import annotations

import re

from ..media.xmp import RDF, read_xmp

IPTC_EXT = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
FIELD = "Iptc4xmpExt:DigitalSourceType"
TERMS = "http://cv.iptc.org/newscodes/digitalsourcetype/"
GENERATED = TERMS + "trainedAlgorithmicMedia"
COMPOSITE = TERMS + "compositeWithTrainedAlgorithmicMedia"

_PACKET_ID = "W5M0MpCehiHzreSzNTczkc9d"  # the fixed id every XMP packet wrapper carries
_RDF_CLOSE = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?RDF\s*>")
_TRAILER = re.compile(rb"<\?xpacket\s+end\s*=")


class XmpEditError(Exception):
    """The packet cannot be edited safely; the message says why, in one line."""


def _description(term: str) -> str:
    return (f'<rdf:Description rdf:about="" xmlns:rdf="{RDF}" xmlns:Iptc4xmpExt="{IPTC_EXT}" '
            f'Iptc4xmpExt:DigitalSourceType="{term}"/>')


def new_packet(term: str) -> bytes:
    """A complete packet holding only the digital source type."""
    return (
        f'<?xpacket begin="\ufeff" id="{_PACKET_ID}"?>\n'
        f'<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        f' <rdf:RDF xmlns:rdf="{RDF}">\n'
        f'  {_description(term)}\n'
        f' </rdf:RDF>\n'
        f'</x:xmpmeta>\n'
        f'<?xpacket end="w"?>'
    ).encode("utf-8")


def with_source_type(packet: bytes | None, term: str) -> bytes:
    """``packet`` (None: there is none) with the digital source type set to ``term``.
    Raises XmpEditError when the packet cannot be edited without risk."""
    if packet is None:
        return new_packet(term)
    before = read_xmp(packet)
    if before.problem:
        raise XmpEditError(f"the file's XMP packet cannot be read ({before.problem})")
    existing = before.fields.get(FIELD)
    if existing:
        raise XmpEditError(f"the file already declares {FIELD} = {existing!r}; "
                           "fix does not overwrite a declared source type (correct it by hand)")
    if not _utf8(packet):
        raise XmpEditError("the file's XMP packet is not UTF-8; it is left as it is")
    closings = list(_RDF_CLOSE.finditer(packet))
    if not closings:
        raise XmpEditError("the file's XMP packet has no rdf:RDF element to add to")
    at = closings[-1].start()
    line_start = packet.rfind(b"\n", 0, at) + 1
    indent = packet[line_start:at]
    if indent.strip(b" \t"):  # </rdf:RDF> shares its line with other markup
        addition = _description(term).encode("utf-8")
    else:  # a line of its own, indented one step deeper than </rdf:RDF>
        at = line_start
        addition = indent + b" " + _description(term).encode("utf-8") + b"\n"
    edited = _spend_padding(packet[:at] + addition + packet[at:], len(addition))
    after = read_xmp(edited)
    expected = {**before.fields, FIELD: term}
    if after.problem or after.fields != expected:
        raise XmpEditError("adding the digital source type would change other XMP properties; the packet is left as it is")
    # A trailer of end="r" asks scanners not to overwrite the packet in place; a
    # writer that rewrites the whole container, as fix does, may edit it.
    return edited


def _spend_padding(packet: bytes, grown: int) -> bytes:
    """Writers leave whitespace before the trailer so a packet can be edited in
    place; take the addition out of it when there is enough, so the packet keeps
    its size."""
    trailer = _TRAILER.search(packet)
    if trailer is None:
        return packet
    start = trailer.start()
    padding = len(packet[:start]) - len(packet[:start].rstrip(b" \t\r\n"))
    if padding - 1 < grown:  # keep one newline before the trailer
        return packet
    return packet[:start - grown] + packet[start:]


def _utf8(packet: bytes) -> bool:
    try:
        packet.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
