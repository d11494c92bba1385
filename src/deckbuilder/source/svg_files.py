"""SVG pictures (logos) read: refused when they reach outside themselves, then read as a drawing.

svglib (pure Python, on reportlab) reads the SVG into a reportlab Drawing, which gives the
picture its size here and is drawn as vectors and pixels by ``pictures.svg``.

SVG text is set in the deck's font, whatever family the SVG names (the style has one family):
bold where its weight is bold. Without the deck's fonts (a size check) svglib gets Helvetica,
and never looks for fonts on the system.
"""

from __future__ import annotations

import io
import logging
import re
from typing import TYPE_CHECKING

from lxml import etree

from deckbuilder.text.fonts import font_file

if TYPE_CHECKING:
    from reportlab.graphics import shapes

logging.getLogger("svglib").setLevel(logging.ERROR)  # unsupported features are its business

SVG_NS = "{http://www.w3.org/2000/svg}"
SCRIPTED = {"script", "foreignObject", "iframe", "embed", "object", "handler", "listener"}
_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.I)


# The deck's regular and bold font files (TrueType), for the SVG's text.
Fonts = tuple[str, str]


class SvgProblem(Exception):
    pass


def looks_like_svg(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<?xml") and b"<svg" in data[:4096].lower() or head.startswith(b"<svg")


def check(data: bytes) -> etree._Element:
    """Parse without entities, DTDs or network, and refuse scripts and external references:
    nothing an SVG names is ever fetched or run."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise SvgProblem(f"not well-formed XML ({exc})") from None
    tree = root.getroottree()
    if tree.docinfo.internalDTD is not None or b"<!ENTITY" in data:
        raise SvgProblem("it declares a DOCTYPE or entities; remove them")
    if root.tag != f"{SVG_NS}svg":
        raise SvgProblem("its root element is not <svg> in the SVG namespace")
    for node in root.iter():
        if isinstance(node, etree._ProcessingInstruction):
            raise SvgProblem(f"it has a processing instruction <?{node.target} …?>; remove it")
        if not isinstance(node.tag, str):
            continue
        name = etree.QName(node).localname
        if name in SCRIPTED:
            raise SvgProblem(f"it has a <{name}> element (scripts are never run); remove it")
        for attr, value in node.attrib.items():
            local = etree.QName(attr).localname
            if local.lower().startswith("on"):
                raise SvgProblem(f"<{name}> has an event handler {local!r} (never run); remove it")
            if local == "href" and not value.strip().startswith("#"):
                raise SvgProblem(
                    f"<{name}> refers to {value[:60]!r} outside the file (never fetched)"
                )
            _check_css(value, name)
        if name == "style":
            _check_css(node.text or "", name)
    return root


def _check_css(text: str, where: str) -> None:
    if "@import" in text:
        raise SvgProblem(f"<{where}> imports a style sheet (never fetched); remove it")
    for target in _URL.findall(text):
        if target and not target.startswith("#"):
            raise SvgProblem(
                f"<{where}> refers to {target[:60]!r} outside the file (never fetched)"
            )


def drawing(data: bytes, fonts: Fonts | None = None) -> shapes.Drawing:
    """The checked SVG as a reportlab Drawing (sizes in pt; svglib reads 1 px as 0.75 pt), its
    text in ``fonts`` (the deck's faces) or, without them, in Helvetica.

    reportlab and svglib are imported here, when a deck has an SVG: a fifth of a second."""
    from reportlab import rl_config
    from svglib.svglib import svg2rlg

    rl_config.invariant = 1  # no dates or random ids in reportlab's PDF: same SVG, same bytes

    check(data)
    names = register_fonts(fonts) if fonts else ("Helvetica", "Helvetica-Bold")
    try:
        d = svg2rlg(io.BytesIO(data), font_map=_OneFamily(*names))
    except Exception as exc:  # svglib raises whatever its parser meets
        raise SvgProblem(f"svglib cannot read it ({exc})") from None
    if d is None or not d.width or not d.height:
        raise SvgProblem("it has no size: give the <svg> a width and height or a viewBox")
    return d


class _OneFamily:
    """svglib's font map for one deck: whatever family an SVG names, the deck's face, bold for a
    bold weight. svglib's own map would look for the family's file, then ask fc-match, and set
    the text in whatever the machine has."""

    def __init__(self, regular: str, bold: str):
        self.regular, self.bold = regular, bold

    def find_font(
        self, font_name: str, weight: str = "normal", style: str = "normal"
    ) -> tuple[str, bool]:
        return (self.bold if is_bold(weight) else self.regular), True


def is_bold(weight: object) -> bool:
    """CSS font-weight: bold, bolder, or 600 and above."""
    w = str(weight).strip().lower()
    return w in ("bold", "bolder") or (w.isdigit() and int(w) >= 600)


def register_fonts(fonts: Fonts) -> tuple[str, str]:
    """The deck's faces registered with reportlab (once per file's bytes): their names."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names = []
    for path in fonts:
        name = "Deck-" + font_file(path)[1][:16]
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, path))
        names.append(name)
    return names[0], names[1]


def texts(data: bytes) -> list[str]:
    """The text of every <text> element, its <tspan>s included, as a reader reads it."""
    return ["".join(el.itertext()) for el in check(data).iter(f"{SVG_NS}text")]


def size(data: bytes) -> tuple[float, float]:
    d = drawing(data)
    return float(d.width), float(d.height)
