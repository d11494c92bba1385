"""PPTX renderer: draws each SlideScene with python-pptx, keeping the scene's line breaks.

Every slide is built on the template's "Title Only" layout; the scene's title box fills the title
placeholder (first in reading order). Other boxes become text boxes whose lines end in <a:br/>,
with one em of slack so PowerPoint and LibreOffice keep exactly the computed lines.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import itertools
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.oxml.ns import qn
from pptx.util import Emu

from . import charts, pictures_pptx, pptx_xml
from .draw_mpl import Figure
from .fonts import FontSet
from .render_pdf import RENDERER_VERSION
from .scene import ChartBox, Ellipse, Placeholder, Polygon, Rect, Rule, SlideScene, TextBox

EMU_PER_PT = 12700
TITLE_ONLY = 5  # python-pptx default template: "Title Only"
BASELINE_SLOPE, BASELINE_OFFSET = 0.576, -0.694  # see _text_frame
_ALIGN = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}
_ANCHOR = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE, "bottom": MSO_ANCHOR.BOTTOM}


@dataclass
class DocInfo:
    title: str
    author: str
    subject: str
    language: str
    date: str  # ISO date and time (UTC) written into the files
    family: str
    theme: str = "deckbuilder"  # the layout set's name, given to the PPTX theme


def emu(pt: float) -> Emu:
    return Emu(round(pt * EMU_PER_PT))


def rgb(hex_: str) -> RGBColor:
    return RGBColor.from_string(hex_.lstrip("#").upper())


def render_pptx(
    scenes: list[SlideScene],
    info: DocInfo,
    fonts: FontSet,
    chart_cache: Path | None,
    on_slide: Callable[[int, int], None] | None = None,
) -> bytes:
    prs = Presentation()
    prs.slide_width = emu(scenes[0].width if scenes else 960)
    prs.slide_height = emu(scenes[0].height if scenes else 540)
    pptx_xml.set_theme_fonts(prs.part, info.family)
    layout = prs.slide_layouts[TITLE_ONLY]
    for n, scene in enumerate(scenes, start=1):
        _slide(prs, layout, scene, info, fonts, chart_cache)
        if on_slide:
            on_slide(n, len(scenes))
    _properties(prs, info)
    pptx_xml.drop_printer_settings(prs.part)
    pptx_xml.name_theme(prs.part, info.theme)
    pptx_xml.app_properties(
        prs.part.package,
        [" ".join(s.title.split()) for s in scenes],
        sum(1 for s in scenes if s.notes),
        info.author,
        info.theme,
    )
    buf = io.BytesIO()
    prs.save(buf)
    d = max(dt.datetime.fromisoformat(info.date), dt.datetime(1980, 1, 1))  # zip's epoch
    return pptx_xml.fixed_zip(buf.getvalue(), (d.year, d.month, d.day, d.hour, d.minute, d.second))


def _properties(prs: Any, info: DocInfo) -> None:
    cp = prs.core_properties
    stamp = dt.datetime.fromisoformat(info.date)
    cp.title = info.title
    cp.author = info.author
    cp.subject = info.subject
    cp.language = info.language
    cp.last_modified_by = info.author
    cp.created = stamp
    cp.modified = stamp
    cp.last_printed = stamp
    cp.revision = 1
    cp.keywords = ""
    cp.comments = ""
    cp.category = ""
    cp.content_status = ""
    cp.identifier = ""
    cp.version = ""


def _slide(
    prs: Any,
    layout: Any,
    scene: SlideScene,
    info: DocInfo,
    fonts: FontSet,
    chart_cache: Path | None,
) -> None:
    slide = prs.slides.add_slide(layout)
    bg = slide.background.fill
    bg.solid()
    bg.fore_color.rgb = rgb(scene.background)
    title_ph = slide.shapes.title
    title_done = False
    tree = slide.shapes._spTree
    ids = itertools.count(max(int(i) for i in tree.xpath("//p:cNvPr/@id")) + 1)

    def add(el: Any) -> Any:
        tree.append(el)
        return el

    for el in scene.elements:
        if isinstance(el, TextBox) and el.role == "title" and not title_done and title_ph:
            _place(title_ph, *_text_frame(el))
            _set_body(title_ph._element, _text_body(el, info))
            title_ph.name = "Title"
            title_done = True
        elif isinstance(el, TextBox):
            x, y, w, h = _text_frame(el)
            sp = pptx_xml.shape(
                next(ids),
                f"Text {el.slot or el.role}",
                _box(x, y, w, h),
                decorative=False,
                text_box=True,
            )
            sp.append(_text_body(el, info))
            add(sp)
        elif isinstance(el, Rect | Ellipse):
            geom, adj = "ellipse", None
            if isinstance(el, Rect):
                geom = "roundRect" if el.radius else "rect"
                if el.radius:
                    adj = round(50000 * min(1.0, 2 * el.radius / max(1e-6, min(el.w, el.h))))
            dashed = isinstance(el, Rect) and el.dashed
            add(
                pptx_xml.shape(
                    next(ids),
                    type(el).__name__,
                    _box(el.x, el.y, el.w, el.h),
                    geom,
                    adj,
                    _hex(el.fill),
                    _hex(el.stroke),
                    emu(el.stroke_width),
                    dashed,
                )
            )
        elif isinstance(el, Polygon):
            _polygon(slide, el)
        elif isinstance(el, Rule):
            _rule(slide, el)
        elif isinstance(el, ChartBox):
            _chart(slide, el, fonts, chart_cache)
        elif isinstance(el, pictures_pptx.Picture):
            pictures_pptx.add_picture(slide, el)
        elif isinstance(el, Placeholder):
            add(
                pptx_xml.shape(
                    next(ids),
                    "Image placeholder",
                    _box(el.x, el.y, el.w, el.h),
                    decorative=False,
                    descr=f"画像のプレースホルダー：{el.caption}",
                )
            )
    if title_ph is not None and not title_done:
        title_ph.text_frame.text = scene.title
        _place(title_ph, 0, -60, scene.width, 40)  # off-slide: named for screen readers only
    if scene.notes:
        slide.notes_slide.notes_text_frame.text = scene.notes


def _script_changes(text: str) -> int:
    """How often a line switches between Latin letters or digits and Japanese text."""
    kinds = [
        "latin" if c.isascii() and c.isalnum() else "ja" if ord(c) > 0x2E7F else "" for c in text
    ]
    kinds = [k for k in kinds if k]
    return sum(1 for a, b in zip(kinds, kinds[1:], strict=False) if a != b)


def _box(x: float, y: float, w: float, h: float) -> tuple[int, int, int, int]:
    return emu(x), emu(y), emu(w), emu(h)


def _hex(color: str | None) -> str | None:
    return color.lstrip("#").upper() if color else None


def _place(shape: Any, x: float, y: float, w: float, h: float) -> None:
    shape.left, shape.top, shape.width, shape.height = emu(x), emu(y), emu(w), emu(h)


def _describe(shape: Any, text: str) -> None:
    shape._element.find(".//" + qn("p:cNvPr")).set("descr", text)


def _paint(
    shape: Any, fill: str | None, stroke: str | None, width: float, decorative: bool = True
) -> None:
    pptx_xml.strip_style(shape._element)
    if decorative:
        pptx_xml.mark_decorative(shape._element)
    if fill:
        shape.fill.solid()
        shape.fill.fore_color.rgb = rgb(fill)
    else:
        shape.fill.background()
    if stroke and width > 0:
        shape.line.color.rgb = rgb(stroke)
        shape.line.width = emu(width)
    else:
        shape.line.fill.background()


def _polygon(slide: Any, el: Polygon) -> None:
    pts = el.points
    builder = slide.shapes.build_freeform(emu(pts[0][0]), emu(pts[0][1]), scale=1.0)
    builder.add_line_segments([(emu(x), emu(y)) for x, y in pts[1:]], close=True)
    shp = builder.convert_to_shape()
    _paint(shp, el.fill, None, 0)


def _rule(slide: Any, el: Rule) -> None:
    conn = slide.shapes.add_connector(
        MSO_CONNECTOR.STRAIGHT,
        emu(el.x1),
        emu(el.y1),
        emu(el.x2),
        emu(el.y2),
    )
    pptx_xml.strip_style(conn._element)
    pptx_xml.mark_decorative(conn._element)
    conn.line.color.rgb = rgb(el.color)
    conn.line.width = emu(el.width)
    if el.arrow:
        pptx_xml.add_arrow_head(conn._element)


def _text_frame(box: TextBox) -> tuple[float, float, float, float]:
    """Where a text box goes in the PPTX: wider than its lines and nudged to the same baselines."""
    size = max((ln.size for ln in box.lines), default=12.0)
    # One em of slack so no renderer re-wraps a computed line, plus a quarter em for each change
    # between Japanese and Latin text: LibreOffice spaces those apart (PowerPoint does not).
    slack = size * (1 + 0.25 * max((_script_changes(ln.text) for ln in box.lines), default=0))
    x, w = box.x, box.w + slack
    if box.align == "center":
        x -= slack / 2
    elif box.align == "right":
        x -= slack
    # With exact line spacing, office suites put the baseline lower than the half-leading model
    # of the scene for loose spacing and higher for tight; measured in LibreOffice on this font
    # (tests/test_libreoffice.py), the shift is linear in the line-height ratio.
    ratio = box.line_height / size if size else 1.0
    shift = size * (BASELINE_SLOPE * ratio + BASELINE_OFFSET)
    return x, box.y - shift, w, max(box.h, box.content_height)


def _text_body(box: TextBox, info: DocInfo) -> Any:
    """The scene's lines: one paragraph, lines joined by <a:br/>, exact line spacing."""
    return pptx_xml.text_body(
        [
            [(r.text, r.size, r.bold, r.color.lstrip("#").upper(), r.spacing) for r in ln.runs]
            for ln in box.lines
        ],
        box.align,
        box.valign,
        box.line_height,
        info.family,
        info.language,
    )


def _set_body(shape_el: Any, body: Any) -> None:
    old = shape_el.find(qn("p:txBody"))
    if old is not None:
        old.getparent().replace(old, body)
    else:
        shape_el.append(body)


def _chart(slide: Any, el: ChartBox, fonts: FontSet, cache: Path | None) -> None:
    svg, png = chart_images(el, fonts, cache)
    pic = slide.shapes.add_picture(io.BytesIO(png), emu(el.x), emu(el.y), emu(el.w), emu(el.h))
    pic.name = f"Chart {el.kind}"
    _describe(pic, el.alt)
    part = slide.part
    partname = part.package.next_image_partname("svg")
    svg_part = Part(partname, "image/svg+xml", part.package, svg)
    rid = part.relate_to(svg_part, RT.IMAGE)
    pptx_xml.add_svg_blip(pic._element, rid)


def chart_images(el: ChartBox, fonts: FontSet, cache: Path | None) -> tuple[bytes, bytes]:
    """SVG and PNG (2x) of a chart, cached by a hash of its data and style."""
    key = hashlib.sha256(
        repr((RENDERER_VERSION, el.kind, el.w, el.h, el.data, el.style)).encode()
    ).hexdigest()[:32]
    if cache is not None:
        svg_p, png_p = cache / f"{key}.svg", cache / f"{key}.png"
        if svg_p.is_file() and png_p.is_file():
            return svg_p.read_bytes(), png_p.read_bytes()
    fig = Figure(figsize=(el.w / 72, el.h / 72), dpi=72)
    fig.patch.set_alpha(0)
    ax = fig.add_axes((0, 0, 1, 1))
    local = ChartBox(0, 0, el.w, el.h, el.kind, el.data, el.title, el.alt, el.style)
    charts.draw(ax, local, fonts)
    sbuf, pbuf = io.BytesIO(), io.BytesIO()
    fig.savefig(sbuf, format="svg", metadata={"Date": None, "Creator": None})
    fig.savefig(pbuf, format="png", dpi=150, metadata={"Software": None})
    svg, png = sbuf.getvalue(), pbuf.getvalue()
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        for suffix, data in ((".svg", svg), (".png", png)):
            tmp = cache / f".{key}{suffix}.tmp"
            tmp.write_bytes(data)
            os.replace(tmp, cache / f"{key}{suffix}")
    return svg, png
