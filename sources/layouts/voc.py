"""PASCAL VOC annotation files, parsed without entity expansion and with line numbers for every problem."""

from __future__ import annotations

import re
import xml.sax
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import fromstring as _c_fromstring
from xml.sax.handler import ContentHandler
from xml.sax.xmlreader import Locator

from defusedxml import DefusedXmlException, ElementTree
from defusedxml.sax import parseString

from models.messages import N_, Message

from .types import SampleAnnotation, SourceProblem

MAX_VOC_BYTES = 1024 * 1024
_DECLARED_ENCODING = re.compile(rb"(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)")
_ASCII_ENCODINGS = frozenset({b"utf-8", b"utf8", b"us-ascii", b"ascii"})
SHAPES = ("polygon", "circle", "point", "line", "dashed", "polyline")
_TRUE = {"1", "true", "yes"}


@dataclass
class VocFile:
    width: float | None = None
    height: float | None = None
    mask_source: str | None = None
    annotations: list[SampleAnnotation] = field(default_factory=list)
    problems: list[SourceProblem] = field(default_factory=list)


@dataclass
class _Node:
    tag: str
    line: int
    text: str = ""
    children: list[_Node] = field(default_factory=list)

    # The part of ElementTree's Element interface the readers use, so they read either tree.
    def __iter__(self) -> Iterator[_Node]:
        return iter(self.children)

    def find(self, tag: str) -> _Node | None:
        return next((c for c in self.children if c.tag == tag), None)

    def findtext(self, tag: str) -> str | None:
        node = self.find(tag)
        return node.text if node is not None else None


class _TreeBuilder(ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.root: _Node | None = None
        self._stack: list[_Node] = []
        self._texts: list[list[str]] = []
        self._locator: Locator | None = None

    def setDocumentLocator(self, locator: Locator) -> None:
        self._locator = locator

    def startElement(self, name: str, attrs: object) -> None:
        line = self._locator.getLineNumber() if self._locator else 0
        node = _Node(name, line or 0)
        if self._stack:
            self._stack[-1].children.append(node)
        else:
            self.root = node
        self._stack.append(node)
        self._texts.append([])

    def characters(self, content: str) -> None:
        if self._texts:
            self._texts[-1].append(content)

    def endElement(self, name: str) -> None:
        node = self._stack.pop()
        node.text = "".join(self._texts.pop())


def parse_voc(data: bytes, file: str) -> VocFile:
    """The objects of a VOC file as annotations; objects with broken boxes are left out and reported.

    A file is first parsed with ElementTree's C parser, which knows no line numbers; only when that finds
    a problem is it parsed again, with a line number for every element, to say where the problem is.
    """
    root = _fast_tree(data)
    if root is not None:
        result = _read_tree(root, file)
        if not result.problems:
            return result
    return _parse_with_lines(data, file)


def _fast_tree(data: bytes) -> Any:
    """The file's elements without line numbers, or None when it needs the careful parse.

    A file without a DTD declares no entity, so nothing in it can expand or reach outside: it is parsed by
    the standard library's C parser (what defusedxml guards against needs a DTD; its parser is a
    pure-Python subclass, several times slower). Anything else goes through defusedxml, as before.
    """
    if b"xmlns" in data:
        return None  # namespaced tags: the careful parse reads them as written
    try:
        if _without_dtd(data):
            return _c_fromstring(data)
        return ElementTree.fromstring(data)
    except Exception:  # malformed, forbidden entities...: the careful parse says what
        return None


def _without_dtd(data: bytes) -> bool:
    """Whether `data` surely has no DTD: no "<!DOCTYPE" or "<!ENTITY" in it, read in an encoding where
    those would show as such bytes (UTF-8 or ASCII: no NUL byte, which UTF-16 and UTF-32 text has, and no
    XML declaration naming another encoding)."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data or b"\x00" in data:
        return False
    declared = _DECLARED_ENCODING.match(data)
    return declared is None or declared.group(1).lower() in _ASCII_ENCODINGS


def _parse_with_lines(data: bytes, file: str) -> VocFile:
    result = VocFile()
    builder = _TreeBuilder()
    try:
        parseString(data, builder)
    except DefusedXmlException as exc:
        result.problems.append(SourceProblem(
            file, None, "xml_forbidden",
            Message(N_("the XML declares entities or external references ({kind}), which are refused for safety. "
                       "Remove the DOCTYPE/ENTITY declarations."), {"kind": type(exc).__name__}),
        ))
        return result
    except xml.sax.SAXParseException as exc:
        result.problems.append(SourceProblem(
            file, exc.getLineNumber(), "voc_malformed",
            Message(N_("the XML is malformed: {reason}. Fix it."), {"reason": exc.getMessage()}),
        ))
        return result
    root = builder.root
    if root is None:
        result.problems.append(SourceProblem(file, None, "voc_malformed", Message(N_("the XML file is empty."))))
        return result
    return _read_tree(root, file, result)


def _read_tree(root: Any, file: str, result: VocFile | None = None) -> VocFile:
    """Read a tree of _Node (with lines) or of ElementTree elements (line None)."""
    result = result or VocFile()
    _read_size(root, file, result)
    mask = _text(root, "mask_source")
    result.mask_source = mask or None
    for node in root:
        if node.tag == "object":
            annotation = _read_object(node, file, result)
            if annotation is not None:
                result.annotations.append(annotation)
    return result


def _read_size(root: Any, file: str, result: VocFile) -> None:
    size = root.find("size")
    if size is None:
        result.problems.append(SourceProblem(
            file, _line(root), "voc_no_size",
            Message(N_("the annotation has no <size> (width, height, depth); the service needs it to place the "
                       "boxes. Add <size><width>…</width><height>…</height><depth>3</depth></size>.")),
        ))
        return
    width, height = _number(_text(size, "width")), _number(_text(size, "height"))
    if width is None or height is None or width <= 0 or height <= 0:
        result.problems.append(SourceProblem(
            file, _line(size), "voc_no_size",
            Message(N_("<size> lacks a positive <width> and <height>. Enter the image's size in pixels.")),
        ))
        return
    result.width, result.height = width, height


def _read_object(node: Any, file: str, result: VocFile) -> SampleAnnotation | None:
    name = _text(node, "name")
    if not name:
        result.problems.append(SourceProblem(
            file, _line(node), "voc_no_name",
            Message(N_("this <object> has no <name>; it is not imported. Add its label.")),
        ))
        return None
    difficult = (_text(node, "difficult") or "").lower() in _TRUE
    box_node = node.find("bndbox")
    if box_node is None:
        if any(node.find(shape) is not None for shape in SHAPES) or node.find("mask_color") is not None:
            return SampleAnnotation(name, difficult)
        result.problems.append(SourceProblem(
            file, _line(node), "voc_no_shape",
            Message(N_("the object {name} has no <bndbox> or other shape; it is imported without a box."),
                    {"name": repr(name)}),
            "warning",
        ))
        return SampleAnnotation(name, difficult)
    coordinates = [_number(_text(box_node, tag)) for tag in ("xmin", "ymin", "xmax", "ymax")]
    if any(value is None for value in coordinates):
        result.problems.append(SourceProblem(
            file, _line(box_node), "voc_malformed",
            Message(N_("the box of {name} needs numeric <xmin>, <ymin>, <xmax> and <ymax>; the object is not "
                       "imported."), {"name": repr(name)}),
        ))
        return None
    xmin, ymin, xmax, ymax = (float(value) for value in coordinates)  # type: ignore[arg-type]
    if xmin > xmax or ymin > ymax:
        result.problems.append(SourceProblem(
            file, _line(box_node), "voc_box_inverted",
            Message(N_("the box of {name} has xmin > xmax or ymin > ymax ({box}); the object is not imported. Swap "
                       "the coordinates."), {"name": repr(name), "box": _box(xmin, ymin, xmax, ymax)}),
        ))
        return None
    if result.width is not None and result.height is not None and (
        xmin < 0 or ymin < 0 or xmax > result.width or ymax > result.height
    ):
        result.problems.append(SourceProblem(
            file, _line(box_node), "voc_box_outside",
            Message(N_("the box of {name} ({box}) lies outside the {size} image; the object is not imported. Clip "
                       "the box."), {"name": repr(name), "box": _box(xmin, ymin, xmax, ymax),
                                     "size": f"{result.width:g}x{result.height:g}"}),
        ))
        return None
    return SampleAnnotation(name, difficult, (xmin, ymin, xmax, ymax))


def _text(node: Any, tag: str) -> str | None:
    text = node.findtext(tag)
    return text.strip() if text is not None else None


def _line(node: Any) -> int | None:
    return getattr(node, "line", None)


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _box(xmin: float, ymin: float, xmax: float, ymax: float) -> str:
    return f"xmin {xmin:g}, ymin {ymin:g}, xmax {xmax:g}, ymax {ymax:g}"
