"""XMP keys are named by canonical prefix when auditor knows the namespace, and by
the prefix the file declares otherwise (the packet is then parsed a second time to
learn it: these cases pin that the two parses agree)."""

from __future__ import annotations

import pytest

from auditor.media.xmp import read_xmp

RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'


def _packet(namespaces: str, body: str) -> bytes:
    return (f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF {RDF}>'
            f'<rdf:Description rdf:about="" {namespaces}>{body}</rdf:Description>'
            f"</rdf:RDF></x:xmpmeta>").encode()


CASES = [
    # a known namespace under another prefix reads with its canonical one
    ('xmlns:ext="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"',
     "<ext:DigitalSourceType>trainedAlgorithmicMedia</ext:DigitalSourceType>",
     {"Iptc4xmpExt:DigitalSourceType": "trainedAlgorithmicMedia"}),
    # an unknown namespace keeps the file's prefix
    ('xmlns:acme="http://example.com/acme/1.0/"', "<acme:Desk>Photo desk</acme:Desk>",
     {"acme:Desk": "Photo desk"}),
    # both in one packet, and an unknown one used as an attribute
    ('xmlns:acme="http://example.com/acme/1.0/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" acme:Shift="night"',
     "<xmp:CreatorTool>Firefly</xmp:CreatorTool>",
     {"acme:Shift": "night", "xmp:CreatorTool": "Firefly"}),
    # an unknown namespace declared twice under two prefixes: the first declared wins
    ('xmlns:one="http://example.com/n/" xmlns:two="http://example.com/n/"', "<two:Field>v</two:Field>",
     {"one:Field": "v"}),
]


@pytest.mark.parametrize("namespaces, body, expected", CASES, ids=["canonical", "unknown", "mixed", "first-prefix"])
def test_xmp_keys_name_known_namespaces_canonically_and_others_as_the_file_does(namespaces, body, expected):
    reading = read_xmp(_packet(namespaces, body))
    assert reading.problem is None
    assert reading.fields == expected
