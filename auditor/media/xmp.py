"""Parse an XMP packet safely into a flat ``{"prefix:Name": value}`` dict.

Prefixes are canonical, chosen by namespace URI, so ``ext:DigitalSourceType``
written under another prefix still reads as ``Iptc4xmpExt:DigitalSourceType``.
Values are strings, except arrays: ``rdf:Seq``/``rdf:Bag`` become lists of
strings and ``rdf:Alt`` becomes its ``x-default`` (or first) string. Struct
fields are flattened with a slash, ``plus:Licensor/plus:LicensorName``; fields
of structs inside arrays collect into lists. Every simple property lands in the
dict, so a rule can read any field.

Safety: the packet is size-capped; a packet that declares a DTD is refused before
parsing (so entity-expansion bombs and external entities never reach the parser;
UTF-16/32 packets go through defusedxml, which refuses the DTD at its declaration);
element count and nesting depth are capped.
Problems come back as a value, never as an exception.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any, Callable

import defusedxml
import defusedxml.ElementTree as SafeET

from .container import MAX_XMP_BYTES

MAX_DEPTH = 64
MAX_ELEMENTS = 200_000

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML = "http://www.w3.org/XML/1998/namespace"
_RDF_DESCRIPTION = f"{{{RDF}}}Description"
_RDF_RDF = f"{{{RDF}}}RDF"
_RDF_LI = f"{{{RDF}}}li"
_RDF_VALUE = f"{{{RDF}}}value"
_RDF_RESOURCE = f"{{{RDF}}}resource"
_RDF_PARSE_TYPE = f"{{{RDF}}}parseType"
_XML_LANG = f"{{{XML}}}lang"
_ARRAYS = {f"{{{RDF}}}Seq", f"{{{RDF}}}Bag"}
_ALT = f"{{{RDF}}}Alt"

# Canonical prefix of each namespace URI we know; unknown URIs keep the file's prefix.
CANONICAL_PREFIXES: dict[str, str] = {
    "http://ns.adobe.com/xap/1.0/": "xmp",
    "http://ns.adobe.com/xap/1.0/rights/": "xmpRights",
    "http://ns.adobe.com/xap/1.0/mm/": "xmpMM",
    "http://ns.adobe.com/xap/1.0/bj/": "xmpBJ",
    "http://ns.adobe.com/xap/1.0/t/pg/": "xmpTPg",
    "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#": "stEvt",
    "http://ns.adobe.com/xap/1.0/sType/ResourceRef#": "stRef",
    "http://ns.adobe.com/xmp/1.0/DynamicMedia/": "xmpDM",
    "http://ns.adobe.com/xmp/note/": "xmpNote",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://purl.org/dc/terms/": "dcterms",
    "http://ns.adobe.com/photoshop/1.0/": "photoshop",
    "http://ns.adobe.com/tiff/1.0/": "tiff",
    "http://ns.adobe.com/exif/1.0/": "exif",
    "http://ns.adobe.com/exif/1.0/aux/": "aux",
    "http://cipa.jp/exif/1.0/": "exifEX",
    "http://ns.adobe.com/camera-raw-settings/1.0/": "crs",
    "http://ns.adobe.com/lightroom/1.0/": "lr",
    "http://ns.adobe.com/pdf/1.3/": "pdf",
    "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/": "Iptc4xmpCore",
    "http://iptc.org/std/Iptc4xmpExt/2008-02-29/": "Iptc4xmpExt",
    "http://ns.useplus.org/ldf/xmp/1.0/": "plus",
    "http://ns.microsoft.com/photo/1.0/": "MicrosoftPhoto",
    "http://ns.google.com/photos/1.0/image/": "GImage",
    "http://ns.google.com/photos/1.0/container/": "GContainer",
    "http://ns.google.com/photos/1.0/camera/": "GCamera",
    "http://www.tc260.org.cn/ns/AIGC/1.0/": "TC260",
    "http://c2pa.org/": "c2pa",
    "adobe:ns:meta/": "x",
}


@dataclass(frozen=True)
class XmpReading:
    fields: dict[str, Any] = field(default_factory=dict)
    problem: str | None = None  # one line, when the packet could not be read


def read_xmp(packet: bytes) -> XmpReading:
    if len(packet) > MAX_XMP_BYTES:
        return XmpReading(problem=f"XMP packet of {len(packet)} bytes exceeds the {MAX_XMP_BYTES}-byte cap; not parsed")
    document = _trim(packet)
    if document is None:
        return XmpReading(problem="XMP block holds no XML")
    try:
        root, file_prefixes = _parse(document)
    except (defusedxml.DTDForbidden, defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden):
        return XmpReading(problem="XMP packet rejected: it declares a DTD or entities (possible entity-expansion attack)")
    except _TooComplex as problem:
        return XmpReading(problem=f"XMP packet rejected: {problem}")
    except ET.ParseError as problem:
        return XmpReading(problem=f"XMP packet is not well-formed XML ({problem})")
    return XmpReading(fields=_Flattener(file_prefixes).properties(root))


def _trim(packet: bytes) -> bytes | None:
    """The XML document inside a packet, without padding or trailers around it.

    Packets arrive with NUL padding (JPEG), a magic trailer (GIF) or whitespace;
    the XML parser would call any of these "junk after document element".
    """
    start = packet.find(b"<")
    if start < 0:
        return None
    for closing in (b"xmpmeta>", b"RDF>"):
        end = packet.rfind(closing)
        if end > start:
            return packet[start:end + len(closing)]
    return packet[start:]


class _TooComplex(Exception):
    pass


class _CappedTreeBuilder(ET.TreeBuilder):
    """A tree builder that stops a parse that nests too deep or grows too many
    elements, and records the prefix the file uses for each namespace."""

    def __init__(self) -> None:
        super().__init__()
        self.file_prefixes: dict[str, str] = {}
        self._depth = 0
        self._elements = 0

    def start_ns(self, prefix: str, uri: str) -> None:
        self.file_prefixes.setdefault(uri, prefix)

    def start(self, tag, attrs):
        self._depth += 1
        self._elements += 1
        if self._depth > MAX_DEPTH:
            raise _TooComplex(f"nesting deeper than {MAX_DEPTH} levels")
        if self._elements > MAX_ELEMENTS:
            raise _TooComplex(f"more than {MAX_ELEMENTS} elements")
        return super().start(tag, attrs)

    def end(self, tag):
        self._depth -= 1
        return super().end(tag)


class _PrefixRecorder(ET.TreeBuilder):
    """The C tree builder, noting the prefix the file uses for each namespace."""

    def __init__(self) -> None:
        super().__init__()
        self.file_prefixes: dict[str, str] = {}

    def start_ns(self, prefix: str, uri: str) -> None:
        self.file_prefixes.setdefault(uri, prefix)


def _file_prefixes_of(document: bytes) -> dict[str, str]:
    """The prefix the (already parsed, so well-formed) document uses for each namespace."""
    recorder = _PrefixRecorder()
    parser = ET.XMLParser(target=recorder)
    parser.feed(document)
    parser.close()
    return recorder.file_prefixes


def _parse(document: bytes) -> tuple[ET.Element, Callable[[], dict[str, str]]]:
    """The document's root, and how to learn the prefix it uses for each namespace
    (asked only for a namespace auditor has no canonical prefix for)."""
    if not _is_single_byte_compatible(document):
        # UTF-16/32 packets hide the bytes checked below; defusedxml's parser refuses
        # a DTD at its declaration, and the capped builder stops runaway trees.
        builder = _CappedTreeBuilder()
        parser = SafeET.DefusedXMLParser(target=builder, forbid_dtd=True)
        parser.feed(document)
        return _root(parser.close()), lambda: builder.file_prefixes
    # A DTD can only start with "<!DOCTYPE" (XML is case-sensitive), and without a
    # DTD there are no entities to expand or fetch: refusing those bytes up front
    # makes the C parser as safe as defusedxml's, and three times faster, which
    # matters at millions of files. Every element starts with "<", so counting them
    # bounds the tree before it is built.
    if b"<!DOCTYPE" in document or b"<!ENTITY" in document:
        raise defusedxml.DTDForbidden(None, None, None)
    tags = document.count(b"<")
    if tags > 2 * MAX_ELEMENTS:
        raise _TooComplex(f"more than {MAX_ELEMENTS} elements")
    # The plain C tree builder: a Python target (to hear of each namespace's
    # prefix) would cost a third more per packet, and most packets use only
    # namespaces with a canonical prefix; the rare other one parses again.
    parser = ET.XMLParser()
    parser.feed(document)
    root = _root(parser.close())
    if tags > MAX_DEPTH and _deeper_than(root, MAX_DEPTH):
        raise _TooComplex(f"nesting deeper than {MAX_DEPTH} levels")
    return root, lambda: _file_prefixes_of(document)


def _root(root: ET.Element | None) -> ET.Element:
    if root is None:
        raise ET.ParseError("no root element")
    return root


def _deeper_than(root: ET.Element, limit: int) -> bool:
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in element)
    return False


def _is_single_byte_compatible(document: bytes) -> bool:
    """True for UTF-8, Latin-1 and ASCII text: no byte-order mark of a wider
    encoding and no NUL bytes among the first characters."""
    head = document[:4]
    return not head.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" not in head


# "{uri}Name" -> "prefix:Name" for the namespaces of CANONICAL_PREFIXES, learnt
# as packets are read (the same few hundred names recur in every file); capped so
# hostile packets full of made-up names cannot grow it.
_CANONICAL_KEYS: dict[str, str] = {}
MAX_CANONICAL_KEYS = 4096


class _Flattener:
    def __init__(self, file_prefixes: Callable[[], dict[str, str]]) -> None:
        self._prefixes_of = file_prefixes
        self._file_prefixes: dict[str, str] | None = None

    def properties(self, root: ET.Element) -> dict[str, Any]:
        out: dict[str, Any] = {}
        # The first rdf:RDF below the root, as find(".//rdf:RDF") gives it, without
        # the Python path machinery.
        rdf = root if root.tag == _RDF_RDF else next(root.iter(_RDF_RDF), None)
        if rdf is None:
            return out
        for description in rdf.findall(_RDF_DESCRIPTION):
            self._struct(description, "", out, depth=0)
        return out

    def key_of(self, tag: str) -> str:
        key = _CANONICAL_KEYS.get(tag)
        if key is not None:
            return key
        if not tag.startswith("{"):
            return tag
        uri, _, local = tag[1:].partition("}")
        prefix = CANONICAL_PREFIXES.get(uri)
        if prefix:
            key = f"{prefix}:{local}"
            if len(_CANONICAL_KEYS) < MAX_CANONICAL_KEYS:
                _CANONICAL_KEYS[tag] = key
            return key
        if self._file_prefixes is None:
            self._file_prefixes = self._prefixes_of()
        prefix = self._file_prefixes.get(uri) or "ns"
        return f"{prefix}:{local}"

    def _struct(self, node: ET.Element, path: str, out: dict[str, Any], depth: int) -> None:
        """Fields of a node (rdf:Description or parseType=Resource) under ``path``."""
        for name, value in node.attrib.items():
            if not _is_syntax(name):
                _put(out, _join(path, self.key_of(name)), value.strip())
        for child in node:
            tag = child.tag
            if tag == _RDF_VALUE:
                if path:
                    _put(out, path, (child.text or "").strip())
            elif isinstance(tag, str):
                key = _CANONICAL_KEYS.get(tag) or self.key_of(tag)
                self._property(child, f"{path}/{key}" if path else key, out, depth + 1)

    def _property(self, element: ET.Element, key: str, out: dict[str, Any], depth: int) -> None:
        if depth > MAX_DEPTH:
            return
        if not element.attrib:
            # Most properties: no attributes, and text or one array. Read without
            # the general case's lookups (which would find no resource, no
            # parseType and no shorthand fields); the builders auditor parses with
            # make no comment nodes, so the first child is the first element.
            if not len(element):
                _put(out, key, (element.text or "").strip())
                return
            first = element[0].tag
            if first in _ARRAYS:
                self._array(element[0], key, out, depth)
                return
            if first == _ALT:
                _put(out, key, _default_language_item(element[0]))
                return
        resource = element.get(_RDF_RESOURCE)
        if resource is not None:
            _put(out, key, resource.strip())
            return
        children = [child for child in element if isinstance(child.tag, str)]
        if element.get(_RDF_PARSE_TYPE) == "Resource":
            self._struct(element, key, out, depth)
        elif not children:
            shorthand = [name for name in element.attrib if not _is_syntax(name)]
            if shorthand:  # struct written as attributes of the property element
                self._struct(element, key, out, depth)
            else:
                _put(out, key, (element.text or "").strip())
        elif children[0].tag in _ARRAYS:
            self._array(children[0], key, out, depth)
        elif children[0].tag == _ALT:
            _put(out, key, _default_language_item(children[0]))
        elif children[0].tag == _RDF_DESCRIPTION:
            self._struct(children[0], key, out, depth)
        else:
            self._struct(element, key, out, depth)

    def _array(self, array: ET.Element, key: str, out: dict[str, Any], depth: int) -> None:
        values: list[str] = []
        struct_items = False
        for item in array:
            if item.tag != _RDF_LI:
                continue
            if not item.attrib and not len(item) and depth < MAX_DEPTH:
                values.append((item.text or "").strip())  # a plain item: _property's leaf case
                continue
            fields: dict[str, Any] = {}
            self._property(item, key, fields, depth + 1)
            for field_key, value in fields.items():
                if field_key == key:
                    values.append(value if isinstance(value, str) else ", ".join(value))
                else:
                    struct_items = True
                    collected = out.setdefault(field_key, [])
                    if isinstance(collected, list):
                        collected.extend(value if isinstance(value, list) else [value])
        # An array of structs is known by its fields; its own key would be noise.
        if values or not struct_items:
            _put(out, key, values)


def _default_language_item(alt: ET.Element) -> str:
    items = [item for item in alt if item.tag == _RDF_LI]
    for item in items:
        if item.get(_XML_LANG, "").lower() == "x-default":
            return (item.text or "").strip()
    return (items[0].text or "").strip() if items else ""


_SYNTAX_PREFIXES = (f"{{{RDF}}}", f"{{{XML}}}")


def _is_syntax(attribute: str) -> bool:
    return attribute.startswith(_SYNTAX_PREFIXES)


def _join(path: str, key: str) -> str:
    return f"{path}/{key}" if path else key


def _put(out: dict[str, Any], key: str, value: Any) -> None:
    # The first rdf:Description to state a property wins.
    out.setdefault(key, value)
