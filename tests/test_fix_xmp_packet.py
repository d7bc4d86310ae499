"""The XMP edit behind `auditor fix`: one rdf:Description added, every other byte
and property of the packet kept, and packets it cannot edit safely refused."""

from __future__ import annotations

import pytest

from auditor.fix.xmp_packet import COMPOSITE, FIELD, GENERATED, XmpEditError, new_packet, with_source_type
from auditor.media.xmp import read_xmp
from fixtures.images import DIGITAL_CAPTURE, xmp_packet

FIELDS = {"dc:creator": ["Jane Doe"], "photoshop:Credit": "Example Agency", "dc:description": "A fox"}


def test_a_new_packet_holds_only_the_source_type():
    assert read_xmp(new_packet(COMPOSITE)).fields == {FIELD: COMPOSITE}


@pytest.mark.parametrize("packet", [
    xmp_packet(FIELDS),
    xmp_packet(FIELDS, simple_form="attribute"),
    xmp_packet(FIELDS, prefixes={"photoshop": "ps"}, padding=0),
    xmp_packet(FIELDS).replace(b"rdf:", b"r:").replace(b"xmlns:rdf=", b"xmlns:r="),  # RDF under another prefix
    xmp_packet(FIELDS).replace(b'end="w"', b'end="r"'),
    xmp_packet(FIELDS).split(b"<?xpacket end")[0],  # no trailer
], ids=["elements", "attributes", "renamed-prefix", "rdf-prefix", "read-only-trailer", "no-trailer"])
def test_the_property_is_added_and_the_rest_kept(packet):
    edited = with_source_type(packet, GENERATED)

    assert read_xmp(edited).fields == {**read_xmp(packet).fields, FIELD: GENERATED}
    cut = packet.rindex(b"RDF>")
    assert edited.startswith(packet[:packet.rindex(b"\n", 0, cut) + 1])  # everything before </rdf:RDF> untouched


@pytest.mark.parametrize("packet, reason", [
    (xmp_packet({**FIELDS, "Iptc4xmpExt:DigitalSourceType": DIGITAL_CAPTURE}), "already declares"),
    (b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF", "cannot be read"),
    (b'<x:xmpmeta xmlns:x="adobe:ns:meta/" key="value"/>', "no rdf:RDF"),
    (xmp_packet(FIELDS).decode("utf-8").encode("utf-16"), "not UTF-8"),
])
def test_packets_that_cannot_be_edited_safely_are_refused(packet, reason):
    with pytest.raises(XmpEditError, match=reason):
        with_source_type(packet, GENERATED)
