"""Every way an XMP property is written reads into the same flat field: plain text,
an empty element, Seq/Bag of plain items or of items with attributes, Alt with and
without x-default, rdf:resource, parseType="Resource", shorthand attributes and
structs in arrays. The common shapes (no attributes, text or one array) take a
shorter path than the general one; these cases pin that both give the same fields,
down to the nesting cap."""

from __future__ import annotations

import pytest

from auditor.media.xmp import MAX_DEPTH, read_xmp

NAMESPACES = ('xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/" '
              'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" '
              'xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#" '
              'xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/"')


def _fields(body: str) -> dict:
    packet = (f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF {NAMESPACES}>'
              f'<rdf:Description rdf:about="">{body}</rdf:Description></rdf:RDF></x:xmpmeta>').encode()
    reading = read_xmp(packet)
    assert reading.problem is None
    return reading.fields


CASES = [
    ("text", "<xmp:CreatorTool>  Firefly </xmp:CreatorTool>", {"xmp:CreatorTool": "Firefly"}),
    ("empty element", "<xmp:CreatorTool/>", {"xmp:CreatorTool": ""}),
    ("seq of plain items", "<dc:creator><rdf:Seq><rdf:li> Jane </rdf:li><rdf:li/><rdf:li>Li</rdf:li></rdf:Seq></dc:creator>",
     {"dc:creator": ["Jane", "", "Li"]}),
    ("bag with an item carrying xml:lang", '<dc:subject><rdf:Bag><rdf:li xml:lang="en">port</rdf:li><rdf:li>dawn</rdf:li>'
     "</rdf:Bag></dc:subject>", {"dc:subject": ["port", "dawn"]}),
    ("bag item as a resource", '<dc:subject><rdf:Bag><rdf:li rdf:resource="http://example.com/a"/></rdf:Bag></dc:subject>',
     {"dc:subject": ["http://example.com/a"]}),
    ("empty seq", "<dc:creator><rdf:Seq/></dc:creator>", {"dc:creator": []}),
    ("alt picks x-default", '<dc:title><rdf:Alt><rdf:li xml:lang="fr">Port</rdf:li><rdf:li xml:lang="x-default">Harbour'
     "</rdf:li></rdf:Alt></dc:title>", {"dc:title": "Harbour"}),
    ("alt without x-default picks the first", '<dc:title><rdf:Alt><rdf:li xml:lang="fr">Port</rdf:li></rdf:Alt></dc:title>',
     {"dc:title": "Port"}),
    ("property as a resource", '<xmp:BaseURL rdf:resource=" http://example.com/ "/>', {"xmp:BaseURL": "http://example.com/"}),
    ("parseType Resource struct", '<plus:Licensor rdf:parseType="Resource"><plus:LicensorName>Agency</plus:LicensorName>'
     "</plus:Licensor>", {"plus:Licensor/plus:LicensorName": "Agency"}),
    ("struct as shorthand attributes", '<plus:Licensor plus:LicensorName="Agency"/>',
     {"plus:Licensor/plus:LicensorName": "Agency"}),
    ("struct as a nested description", "<plus:Licensor><rdf:Description><plus:LicensorName>Agency</plus:LicensorName>"
     "</rdf:Description></plus:Licensor>", {"plus:Licensor/plus:LicensorName": "Agency"}),
    ("structs in a seq collect by field", '<xmpMM:History><rdf:Seq><rdf:li rdf:parseType="Resource">'
     "<stEvt:softwareAgent>Photoshop</stEvt:softwareAgent></rdf:li><rdf:li><rdf:Description>"
     "<stEvt:softwareAgent>Firefly</stEvt:softwareAgent></rdf:Description></rdf:li></rdf:Seq></xmpMM:History>",
     {"xmpMM:History/stEvt:softwareAgent": ["Photoshop", "Firefly"]}),
    ("the first statement of a property wins", "<xmp:CreatorTool>One</xmp:CreatorTool><xmp:CreatorTool>Two</xmp:CreatorTool>",
     {"xmp:CreatorTool": "One"}),
]


@pytest.mark.parametrize("body, expected", [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_each_way_of_writing_a_property_reads_into_the_same_flat_field(body, expected):
    assert _fields(body) == expected


def _nested(levels: int, leaf: str) -> str:
    """`levels` parseType="Resource" structs, one inside the other, around `leaf`."""
    return '<plus:S rdf:parseType="Resource">' * levels + leaf + "</plus:S>" * levels


# x:xmpmeta, rdf:RDF and rdf:Description sit above the first property.
LEVELS_ABOVE = 3


@pytest.mark.parametrize("leaf, value, leaf_depth", [
    ("<plus:T>deep</plus:T>", "deep", 1),
    ("<plus:T><rdf:Seq><rdf:li>deep</rdf:li></rdf:Seq></plus:T>", ["deep"], 3),
])
def test_properties_nested_up_to_the_depth_cap_are_read_and_deeper_packets_refused(leaf, value, leaf_depth):
    levels = MAX_DEPTH - LEVELS_ABOVE - leaf_depth  # the deepest element sits exactly at the cap
    assert _fields(_nested(levels, leaf))["/".join(["plus:S"] * levels + ["plus:T"])] == value
    packet = (f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF {NAMESPACES}><rdf:Description rdf:about="">'
              f"{_nested(levels + 1, leaf)}</rdf:Description></rdf:RDF></x:xmpmeta>").encode()
    assert "nesting deeper than" in (read_xmp(packet).problem or "")
