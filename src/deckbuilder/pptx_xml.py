"""The XML layer under the PPTX writer: the parts python-pptx has no API for."""

from __future__ import annotations

import copy
import io
import zipfile
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.oxml import parse_xml
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


_ALGN = {"left": "l", "center": "ctr", "right": "r"}
_ANCHOR = {"top": "t", "middle": "ctr", "bottom": "b"}
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"


def text_body(
    lines: list[list[tuple[str, float, bool, str, float]]],
    align: str,
    valign: str,
    line_height: float,
    family: str,
    lang: str,
) -> etree._Element:
    """A <p:txBody>: one paragraph, the given lines joined by <a:br/>, exact line spacing.

    Written as XML in one go (python-pptx's object API costs about 1 ms per box). Each run sets
    the latin, ea and cs typefaces and the language; each break carries its line's size.
    """
    face = escape(family, {'"': "&quot;"})
    fonts = f'<a:latin typeface="{face}"/><a:ea typeface="{face}"/><a:cs typeface="{face}"/>'

    def rpr(tag: str, size: float, bold: bool, color: str, spacing: float) -> str:
        b = ' b="1"' if bold else ' b="0"'
        spc = f' spc="{round(spacing * 100)}"' if spacing else ""
        return (
            f'<a:{tag} lang="{lang}" altLang="en-US" sz="{round(size * 100)}"{b}{spc} dirty="0">'
            f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill>{fonts}</a:{tag}>'
        )

    parts = []
    last = (12.0, False, "333333", 0.0)
    for i, line in enumerate(lines):
        if i > 0:
            parts.append(f"<a:br>{rpr('rPr', *last)}</a:br>")
        for text, size, bold, color, spacing in line:
            r = rpr("rPr", size, bold, color, spacing)
            parts.append(f"<a:r>{r}<a:t>{escape(text)}</a:t></a:r>")
            last = (size, bold, color, spacing)
    spacing = round(line_height * 100)
    xml = (
        f'<p:txBody xmlns:p="{P_NS}" xmlns:a="{A_NS}">'
        f'<a:bodyPr wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" '
        f'anchor="{_ANCHOR.get(valign, "t")}" rtlCol="0"><a:noAutofit/></a:bodyPr><a:lstStyle/>'
        f'<a:p><a:pPr algn="{_ALGN.get(align, "l")}"><a:lnSpc><a:spcPts val="{spacing}"/></a:lnSpc>'
        f'<a:spcBef><a:spcPts val="0"/></a:spcBef><a:spcAft><a:spcPts val="0"/></a:spcAft></a:pPr>'
        + "".join(parts)
        + f'<a:endParaRPr lang="{lang}" sz="{round(last[0] * 100)}" dirty="0"/></a:p></p:txBody>'
    )
    return parse_xml(xml)


def shape(
    shape_id: int,
    name: str,
    box: tuple[int, int, int, int],
    geom: str = "rect",
    adj: int | None = None,
    fill: str | None = None,
    stroke: str | None = None,
    stroke_w: int = 0,
    dashed: bool = False,
    decorative: bool = True,
    descr: str = "",
    text_box: bool = False,
) -> etree._Element:
    """A <p:sp> preset shape with explicit fill and line and no p:style (so no theme shadow).

    ``box`` is (x, y, w, h) in EMU; colours are RRGGBB. Decorative shapes carry the Office 2019
    decorative flag, so screen readers and the accessibility checker skip them.
    """
    x, y, w, h = box
    dec = (
        (
            f'<a:extLst><a:ext uri="{DECORATIVE_URI}"><adec:decorative xmlns:adec="{ADEC_NS}" '
            'val="1"/></a:ext></a:extLst>'
        )
        if decorative
        else ""
    )
    d = f' descr="{escape(descr, {chr(34): "&quot;"})}"' if descr else ""
    av = f'<a:gd name="adj" fmla="val {adj}"/>' if adj is not None else ""
    fill_xml = f'<a:solidFill><a:srgbClr val="{fill}"/></a:solidFill>' if fill else "<a:noFill/>"
    if stroke and stroke_w:
        dash = '<a:prstDash val="dash"/>' if dashed else ""
        line = (
            f'<a:ln w="{stroke_w}"><a:solidFill><a:srgbClr val="{stroke}"/></a:solidFill>'
            f"{dash}</a:ln>"
        )
    else:
        line = "<a:ln><a:noFill/></a:ln>"
    sp_pr = '<p:cNvSpPr txBox="1"/>' if text_box else "<p:cNvSpPr/>"
    xml = (
        f'<p:sp xmlns:p="{P_NS}" xmlns:a="{A_NS}"><p:nvSpPr>'
        f'<p:cNvPr id="{shape_id}" name="{escape(name)}"{d}>{dec}</p:cNvPr>{sp_pr}<p:nvPr/>'
        f'</p:nvSpPr><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
        f'<a:prstGeom prst="{geom}"><a:avLst>{av}</a:avLst></a:prstGeom>{fill_xml}{line}</p:spPr>'
        "</p:sp>"
    )
    return parse_xml(xml)


def line_break(rpr: etree._Element) -> etree._Element:
    """An <a:br/> carrying the run's properties, so the break has the run's size."""
    br = etree.Element(qn("a:br"))
    br.append(copy.deepcopy(rpr))
    return br


def app_properties(
    package: Any, titles: list[str], notes: int, company: str, theme_name: str
) -> None:
    """docProps/app.xml describing this deck, not python-pptx's template (a Mac 4:3 show)."""
    part = next(p for p in package.iter_parts() if str(p.partname) == "/docProps/app.xml")
    vt = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
    parts = "".join(f"<vt:lpstr>{escape(t)}</vt:lpstr>" for t in [theme_name, *titles])
    part._blob = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'extended-properties" xmlns:vt="{vt}"><TotalTime>0</TotalTime>'
        "<Application>deckbuilder</Application><PresentationFormat>ワイド画面 (16:9)"
        f"</PresentationFormat><Slides>{len(titles)}</Slides><Notes>{notes}</Notes>"
        "<HiddenSlides>0</HiddenSlides><ScaleCrop>false</ScaleCrop><HeadingPairs>"
        '<vt:vector size="4" baseType="variant"><vt:variant><vt:lpstr>テーマ</vt:lpstr>'
        "</vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant><vt:variant><vt:lpstr>"
        f"スライド タイトル</vt:lpstr></vt:variant><vt:variant><vt:i4>{len(titles)}</vt:i4>"
        f'</vt:variant></vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="'
        f'{len(titles) + 1}" baseType="lpstr">{parts}</vt:vector></TitlesOfParts>'
        f"<Company>{escape(company)}</Company><LinksUpToDate>false</LinksUpToDate>"
        "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
        "<AppVersion>16.0000</AppVersion></Properties>"
    ).encode()


def drop_printer_settings(prs_part: Any) -> None:
    """The template's Mac printer settings (a binary blob) mean nothing for this deck."""
    for rid, rel in list(prs_part.rels.items()):
        if rel.reltype.endswith("/printerSettings"):
            prs_part.drop_rel(rid)


def name_theme(prs_part: Part, name: str) -> None:
    for rel in prs_part.rels.values():
        if rel.reltype == RT.SLIDE_MASTER:
            for mrel in rel.target_part.rels.values():
                if mrel.reltype == RT.THEME:
                    root = etree.fromstring(mrel.target_part.blob)
                    root.set("name", name)
                    mrel.target_part._blob = etree.tostring(
                        root, xml_declaration=True, encoding="UTF-8", standalone=True
                    )


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
