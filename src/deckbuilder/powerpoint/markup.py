"""The XML layer under the PPTX writer: PresentationML and DrawingML written as strings.

Everything here takes EMU and ready-made colour XML and returns markup; nothing knows scenes.
Writing strings is many times faster than python-pptx's object API (and nothing is parsed:
a slide is its shapes' markup between a fixed head and tail), and it keeps every shape id in
the caller's one allocator.
"""

from __future__ import annotations

from collections.abc import Iterable

from deckbuilder.xmltext import escape

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NSDECL = f'xmlns:a="{A_NS}" xmlns:p="{P_NS}" xmlns:r="{R_NS}"'
SVG_EXT_URI = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
ASVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
ADEC_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
EMU_PER_PT = 12700
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

Box = tuple[int, int, int, int]  # x, y, w, h in EMU


def emu(pt: float) -> int:
    return round(pt * EMU_PER_PT)


_BLANKS = str.maketrans("\t\n\r", "   ")


def attr(text: str) -> str:
    """Text as a double-quoted attribute value; a line break or tab is a space, as any XML
    reader would take it."""
    out = escape(text).replace('"', "&quot;")
    return out.translate(_BLANKS) if "\n" in out or "\t" in out or "\r" in out else out


def document(root: str) -> bytes:
    """A part's XML: the declaration, then ``root``, in UTF-8."""
    return (DECLARATION + root).encode()


class Colors:
    """Colour markup: a theme colour as <a:schemeClr>, any other as <a:srgbClr>."""

    def __init__(self, scheme: dict[str, str]):
        self.scheme = {k.upper(): v for k, v in scheme.items()}  # "#RRGGBB" -> scheme value

    def clr(self, hex_: str) -> str:
        key = hex_.upper() if hex_.startswith("#") else f"#{hex_.upper()}"
        val = self.scheme.get(key)
        if val:
            return f'<a:schemeClr val="{val}"/>'
        return f'<a:srgbClr val="{key[1:]}"/>'

    def fill(self, hex_: str | None) -> str:
        return f"<a:solidFill>{self.clr(hex_)}</a:solidFill>" if hex_ else "<a:noFill/>"

    def line(self, hex_: str | None, width: int, dashed: bool = False, arrow: bool = False) -> str:
        if not hex_ or width <= 0:
            return "<a:ln><a:noFill/></a:ln>"
        dash = '<a:prstDash val="dash"/>' if dashed else ""
        tail = '<a:tailEnd type="triangle" w="med" len="med"/>' if arrow else ""
        return f'<a:ln w="{width}">{self.fill(hex_)}{dash}{tail}</a:ln>'


def c_nv_pr(
    shape_id: int, name: str, descr: str = "", decorative: bool = False, link: str = ""
) -> str:
    d = f' descr="{attr(descr)}"' if descr else ""
    inner = f'<a:hlinkClick r:id="{link}"/>' if link else ""
    if decorative:
        inner += (
            f'<a:extLst><a:ext uri="{DECORATIVE_URI}"><adec:decorative xmlns:adec="{ADEC_NS}" '
            'val="1"/></a:ext></a:extLst>'
        )
    head = f'<p:cNvPr id="{shape_id}" name="{attr(name)}"{d}'
    return f"{head}>{inner}</p:cNvPr>" if inner else f"{head}/>"


def xfrm(box: Box, tag: str = "a:xfrm", flip: str = "", rot: int = 0) -> str:
    """Position and size; ``rot`` turns the shape about its centre (60000ths of a degree)."""
    x, y, w, h = box
    turn = f' rot="{rot}"' if rot else ""
    return (
        f'<{tag}{turn}{flip}><a:off x="{x}" y="{y}"/>'
        f'<a:ext cx="{max(w, 0)}" cy="{max(h, 0)}"/></{tag}>'
    )


def preset(geom: str, adj: int | None = None) -> str:
    if adj is None:
        return f'<a:prstGeom prst="{geom}"><a:avLst/></a:prstGeom>'
    av = f'<a:gd name="adj" fmla="val {adj}"/>'
    return f'<a:prstGeom prst="{geom}"><a:avLst>{av}</a:avLst></a:prstGeom>'


def freeform(points: Iterable[tuple[int, int]], box: Box) -> str:
    """A closed path through ``points`` (EMU, slide coordinates) inside ``box``."""
    x0, y0, w, h = box
    pts = [(x - x0, y - y0) for x, y in points]
    path = f'<a:moveTo><a:pt x="{pts[0][0]}" y="{pts[0][1]}"/></a:moveTo>'
    path += "".join(f'<a:lnTo><a:pt x="{x}" y="{y}"/></a:lnTo>' for x, y in pts[1:])
    return (
        '<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l="0" t="0" r="r" b="b"/>'
        f'<a:pathLst><a:path w="{w}" h="{h}">{path}<a:close/></a:path></a:pathLst></a:custGeom>'
    )


def sp(
    nv: str,
    box: Box,
    geometry: str,
    fill: str = "<a:noFill/>",
    line: str = "<a:ln><a:noFill/></a:ln>",
    body: str = "",
    text_box: bool = False,
    ph: str = "",
    rot: int = 0,
) -> str:
    """A <p:sp>. ``nv`` is its <p:cNvPr>; ``ph`` a <p:ph> making it a placeholder."""
    if ph:
        sp_pr = '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
    else:
        sp_pr = '<p:cNvSpPr txBox="1"/>' if text_box else "<p:cNvSpPr/>"
    nv_pr = f"<p:nvPr>{ph}</p:nvPr>" if ph else "<p:nvPr/>"
    return (
        f"<p:sp><p:nvSpPr>{nv}{sp_pr}{nv_pr}</p:nvSpPr>"
        f"<p:spPr>{xfrm(box, rot=rot)}{geometry}{fill}{line}</p:spPr>{body}</p:sp>"
    )


def pic(
    nv: str,
    box: Box,
    rid: str,
    svg_rid: str = "",
    crop: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0),
) -> str:
    """A picture; with ``svg_rid`` the SVG for Office 2016+ rides beside the PNG fallback.
    ``crop`` cuts (left, top, right, bottom) fractions off the image (a:srcRect)."""
    ext = (
        f'<a:extLst><a:ext uri="{SVG_EXT_URI}"><asvg:svgBlip xmlns:asvg="{ASVG_NS}" '
        f'r:embed="{svg_rid}"/></a:ext></a:extLst>'
        if svg_rid
        else ""
    )
    return (
        f'<p:pic><p:nvPicPr>{nv}<p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr>'
        f'<p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="{rid}">{ext}</a:blip>'
        f"{_src_rect(crop)}<a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>{xfrm(box)}"
        f"{preset('rect')}</p:spPr></p:pic>"
    )


def _src_rect(crop: tuple[float, float, float, float]) -> str:
    if not any(crop):
        return ""
    l, t, r, b = (round(v * 100000) for v in crop)  # noqa: E741
    return f'<a:srcRect l="{l}" t="{t}" r="{r}" b="{b}"/>'


def connector(nv: str, x1: int, y1: int, x2: int, y2: int, line: str) -> str:
    flip = (' flipH="1"' if x2 < x1 else "") + (' flipV="1"' if y2 < y1 else "")
    box = (min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1))
    return (
        f"<p:cxnSp><p:nvCxnSpPr>{nv}<p:cNvCxnSpPr/><p:nvPr/></p:nvCxnSpPr>"
        f"<p:spPr>{xfrm(box, flip=flip)}{preset('line')}{line}</p:spPr></p:cxnSp>"
    )


def group(nv: str, box: Box, children: Iterable[str]) -> str:
    """A <p:grpSp> whose child space is the slide's own (chOff = off, chExt = ext)."""
    x, y, w, h = box
    x_ = (
        f'<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/>'
        f'<a:chOff x="{x}" y="{y}"/><a:chExt cx="{w}" cy="{h}"/></a:xfrm>'
    )
    return (
        f"<p:grpSp><p:nvGrpSpPr>{nv}<p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>"
        f"<p:grpSpPr>{x_}</p:grpSpPr>{''.join(children)}</p:grpSp>"
    )


_ANCHOR = {"top": "t", "middle": "ctr", "bottom": "b"}
_ALGN = {"left": "l", "center": "ctr", "right": "r"}


def body_pr(insets: tuple[int, int, int, int], anchor: str, autofit: str) -> str:
    """<a:bodyPr>: wrapping on, insets in EMU, and how the box copes with growing text."""
    l_, t, r, b = insets  # never negative: viewers differ on text outside its box
    return (
        f'<a:bodyPr wrap="square" lIns="{l_}" tIns="{t}" rIns="{r}" bIns="{b}" rtlCol="0" '
        f'anchor="{_ANCHOR.get(anchor, "t")}">{autofit}</a:bodyPr>'
    )


def tx_body(body: str, paragraphs: Iterable[str], tag: str = "p:txBody") -> str:
    paras = "".join(paragraphs) or "<a:p/>"
    return f"<{tag}>{body}<a:lstStyle/>{paras}</{tag}>"


def r_pr(
    tag: str,
    lang: str,
    size: float,
    bold: bool,
    color: str,
    spacing: float,
    family: str,
    link: str = "",
) -> str:
    """Run properties: size, weight, colour, letter spacing, every typeface and the language."""
    spc = f' spc="{round(spacing * 100)}"' if spacing else ""
    face = attr(family)
    fonts = f'<a:latin typeface="{face}"/><a:ea typeface="{face}"/><a:cs typeface="{face}"/>'
    click = f'<a:hlinkClick r:id="{link}"/>' if link else ""
    return (
        f'<a:{tag} lang="{lang}" altLang="en-US" sz="{round(size * 100)}" b="{int(bold)}"{spc} '
        f'dirty="0"><a:solidFill>{color}</a:solidFill>{fonts}{click}</a:{tag}>'
    )


def run(rpr: str, text: str) -> str:
    return f"<a:r>{rpr}<a:t>{escape(text)}</a:t></a:r>"


def field(rpr: str, text: str, kind: str, guid: str) -> str:
    return f'<a:fld id="{guid}" type="{kind}">{rpr}<a:t>{escape(text)}</a:t></a:fld>'


def p_pr(
    align: str,
    line_height: float,
    before: float,
    mar_l: int = 0,
    indent: int = 0,
    bullet: str = "",
) -> str:
    """Paragraph properties: exact line spacing and space before, in points; margins in EMU."""
    mar = f' marL="{mar_l}" indent="{indent}"' if mar_l or indent else ""
    bu = bullet or "<a:buNone/>"
    return (
        f'<a:pPr{mar} algn="{_ALGN.get(align, "l")}"><a:lnSpc><a:spcPts val="'
        f'{round(line_height * 100)}"/></a:lnSpc><a:spcBef><a:spcPts val="{round(before * 100)}"/>'
        f'</a:spcBef><a:spcAft><a:spcPts val="0"/></a:spcAft>{bu}</a:pPr>'
    )


def bullet_char(char: str, family: str) -> str:
    return f'<a:buFont typeface="{attr(family)}"/><a:buChar char="{attr(char)}"/>'


def bullet_number(start: int, family: str, scheme: str = "arabicPeriod") -> str:
    at = f' startAt="{start}"' if start != 1 else ""
    return f'<a:buFont typeface="{attr(family)}"/><a:buAutoNum type="{scheme}"{at}/>'


def text_levels(size: int) -> str:
    """The nine list levels of a default text style: ``size`` (hundredths of a point), the
    theme's minor font and text colour, each level indented by half an inch more."""
    return "".join(
        f'<a:lvl{n}pPr marL="{(n - 1) * 457200}" algn="l" defTabSz="457200" rtl="0" eaLnBrk="1" '
        f'latinLnBrk="0" hangingPunct="1"><a:defRPr sz="{size}" kern="1200"><a:solidFill>'
        '<a:schemeClr val="tx1"/></a:solidFill><a:latin typeface="+mn-lt"/>'
        f'<a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/></a:defRPr></a:lvl{n}pPr>'
        for n in range(1, 10)
    )


def paragraph(ppr: str, content: str, end_rpr: str) -> str:
    return f"<a:p>{ppr}{content}{end_rpr}</a:p>"
