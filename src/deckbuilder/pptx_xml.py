"""The XML layer under the PPTX writer: the parts python-pptx has no API for."""

from __future__ import annotations

import copy
import io
import zipfile

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.oxml.ns import qn

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
SVG_EXT_URI = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
ASVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def strip_style(shape_el: etree._Element) -> None:
    """Remove python-pptx's p:style (theme refs that LibreOffice draws as a raster shadow)."""
    for style in shape_el.findall(qn("p:style")):
        shape_el.remove(style)


def set_run_fonts(rpr: etree._Element, family: str, lang: str) -> None:
    """latin, ea and cs typefaces plus lang on one run (python-pptx writes only latin)."""
    rpr.set("lang", lang)
    rpr.set("altLang", "en-US")
    for tag in ("a:latin", "a:ea", "a:cs"):
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
    for tag in ("a:latin", "a:ea", "a:cs"):
        el = etree.SubElement(rpr, qn(tag))
        el.set("typeface", family)


def set_theme_fonts(prs_part: Part, family: str) -> None:
    """Major and minor theme fonts name the deck's family for latin and East Asian text."""
    for rel in prs_part.rels.values():
        if rel.reltype != RT.SLIDE_MASTER:
            continue
        master = rel.target_part
        for mrel in master.rels.values():
            if mrel.reltype != RT.THEME:
                continue
            theme = mrel.target_part
            root = etree.fromstring(theme.blob)
            for font_el in root.iter(f"{{{A_NS}}}majorFont", f"{{{A_NS}}}minorFont"):
                for tag in ("latin", "ea", "cs"):
                    el = font_el.find(f"{{{A_NS}}}{tag}")
                    if el is not None:
                        el.set("typeface", family)
                for font in list(font_el.findall(f"{{{A_NS}}}font")):
                    if font.get("script") in ("Jpan", "Hang", "Hans", "Hant"):
                        font.set("typeface", family)
            theme._blob = etree.tostring(
                root, xml_declaration=True, encoding="UTF-8", standalone=True
            )


DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
ADEC_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"


def mark_decorative(shape_el: etree._Element) -> None:
    """Flag a purely visual shape as decorative, so screen readers and the checker skip it."""
    c_nv_pr = shape_el.find(".//" + qn("p:cNvPr"))
    if c_nv_pr is None:
        return
    ext_lst = etree.SubElement(c_nv_pr, qn("a:extLst"))
    ext = etree.SubElement(ext_lst, qn("a:ext"))
    ext.set("uri", DECORATIVE_URI)
    dec = etree.SubElement(ext, f"{{{ADEC_NS}}}decorative", nsmap={"adec": ADEC_NS})
    dec.set("val", "1")


def add_svg_blip(pic_el: etree._Element, svg_rid: str) -> None:
    """Attach the SVG (PowerPoint 2016+) beside the PNG fallback in a picture's a:blip."""
    blip = pic_el.find(".//" + qn("a:blip"))
    assert blip is not None
    ext_lst = etree.SubElement(blip, qn("a:extLst"))
    ext = etree.SubElement(ext_lst, qn("a:ext"))
    ext.set("uri", SVG_EXT_URI)
    svg = etree.SubElement(ext, f"{{{ASVG_NS}}}svgBlip", nsmap={"asvg": ASVG_NS})
    svg.set(f"{{{R_NS}}}embed", svg_rid)


def add_arrow_head(line_el: etree._Element) -> None:
    ln = line_el.find(".//" + qn("a:ln"))
    if ln is None:
        return
    tail = etree.SubElement(ln, qn("a:tailEnd"))
    tail.set("type", "triangle")
    tail.set("w", "med")
    tail.set("len", "med")


def line_break(rpr: etree._Element) -> etree._Element:
    """An <a:br/> carrying the run's properties, so the break has the run's size."""
    br = etree.Element(qn("a:br"))
    br.append(copy.deepcopy(rpr))
    return br


def fixed_zip(data: bytes, date_time: tuple[int, int, int, int, int, int]) -> bytes:
    """Rewrite the package with one fixed timestamp per entry: same sources, same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            new = zipfile.ZipInfo(info.filename, date_time)
            new.compress_type = zipfile.ZIP_DEFLATED
            new.external_attr = 0o644 << 16
            new.create_system = 0
            dst.writestr(new, src.read(info.filename))
    return out.getvalue()
