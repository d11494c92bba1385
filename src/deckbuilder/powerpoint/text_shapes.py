"""Shapes that hold text, the way PowerPoint writes them: a scene shape (a card, a pill, a dot)
holding the text that lies inside it, a text box, the title and slide-number placeholders. A
polygon becomes the preset its outline matches (every viewer draws presets), else a freeform.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

from deckbuilder.powerpoint import markup as x
from deckbuilder.powerpoint import text as t
from deckbuilder.powerpoint.master import PAGE_IDX, SLIDE_NUMBER_GUID
from deckbuilder.powerpoint.shape_names import ShapeNames
from deckbuilder.scene import Element, Ellipse, Polygon, Rect, TextBox, bounds, chevron_outline

Shape = Rect | Ellipse | Polygon


@dataclass
class TextShapes:
    """Shapes that hold text for one slide: a scene shape with the text inside it, a text box,
    the title and the slide number. Every id comes from one allocator, every name is unique."""

    text: t.TextWriter
    ids: Iterator[int] = field(default_factory=lambda: itertools.count(2), kw_only=True)
    names: ShapeNames = field(default_factory=lambda: ShapeNames(), kw_only=True)

    def nv(self, name: str, descr: str = "", decorative: bool = False) -> str:
        return x.c_nv_pr(next(self.ids), self.names.unique(name), descr, decorative)

    def shape(
        self, el: Shape, units: list[t.Unit] | None = None, extras: list[str] | None = None
    ) -> str:
        """A shape, holding ``units`` as its text where they can share one body (the rest
        become text shapes grouped with it, as do ``extras``)."""
        colors = self.text.colors
        box = element_emu_box(el)
        chunks = body_groups(self.text, units) if units else []
        rect = (0.0, 0.0, 0.0, 0.0)  # the preset's own text rectangle, inside the shape's box
        rot = 0
        if isinstance(el, Polygon):
            geom, rect, box, rot = polygon_geom(el, box)
        elif isinstance(el, Ellipse):
            geom = x.preset("ellipse")
        else:
            geom_name, adj = rect_geom(el)
            geom = x.preset(geom_name, adj)
            i = 0.29289 * min(el.w, el.h) * (adj or 0) / 100000
            rect = (i, i, i, i)
        # Text whose lines, with their slack, pass the preset's text rectangle is a text box
        # of its own on the shape, sized to hold them (no negative insets): a dot's number
        # (an ellipse's rectangle is the inscribed square), a card's line that fills it.
        ex, _ey, ew, _eh = bounds([el])
        inner = bool(chunks) and t.fits(chunks[0], ex + rect[0], ex + ew - rect[2])
        inner = inner and not isinstance(el, Ellipse)
        own = self.text.paragraphs(chunks[0]) if inner else None
        kids = [self.text_shape(c, "") for c in chunks[1 if inner else 0 :]]
        kids += extras or []
        dashed = isinstance(el, Rect) and el.dashed
        line = colors.line(stroke_of(el), x.emu(getattr(el, "stroke_width", 0.0)), dashed)
        body = ""
        if own is not None:
            body = t.body_in(own, bounds([el]), rect=rect)
        name = self.names.within(first_text(chunks[0]) if chunks else "装飾")
        nv = self.nv(name, decorative=not body)
        sp = x.sp(nv, box, geom, colors.fill(fill_of(el)), line, body, rot=rot)
        if kids:
            return x.group(self.nv(name), box, [sp, *kids])
        return sp

    def text_shape(self, units: list[t.Unit], name: str, ph: str = "") -> str:
        flow = self.text.paragraphs(units)
        if flow is None:
            return "".join(self.text_shape(c, name) for c in body_groups(self.text, units))
        frame, anchor = t.frame_of(flow, units)
        body = t.body_in(flow, frame, anchor)
        name = name or self.names.within(first_text(units))
        geom = "" if ph else x.preset("rect")
        fill, line = ("", "") if ph else ("<a:noFill/>", "<a:ln><a:noFill/></a:ln>")
        return x.sp(self.nv(name), emu_box(frame), geom, fill, line, body, not ph, ph)

    def title(self, units: list[t.Unit]) -> str:
        return self.text_shape(units, "タイトル", '<p:ph type="title"/>')

    def page_number(self, box: TextBox) -> str:
        """The slide number as the layout's sldNum placeholder holding a slidenum field."""
        flow = t.Paragraphs(
            [self.text.field_body(box, "slidenum", SLIDE_NUMBER_GUID)], 0, 0, 0, 0, ""
        )
        unit = t.Unit(box)
        flow0 = self.text.paragraphs([unit])
        assert flow0 is not None
        flow.left, flow.top, flow.right, flow.bottom = (
            flow0.left,
            flow0.top,
            flow0.right,
            flow0.bottom,
        )
        frame, anchor = t.frame_of(flow, [unit])
        body = t.body_in(flow, frame, anchor)
        ph = f'<p:ph type="sldNum" sz="quarter" idx="{PAGE_IDX}"/>'
        return x.sp(self.nv("スライド番号"), emu_box(frame), "", "", "", body, False, ph)


def body_groups(text: t.TextWriter, units: list[t.Unit]) -> list[list[t.Unit]]:
    """Units split into groups that can each be one body (a number beside its title cannot)."""
    out: list[list[t.Unit]] = []
    for u in units:
        if out and text.paragraphs([*out[-1], u]) is not None:
            out[-1].append(u)
        else:
            out.append([u])
    return out


def fill_of(el: Shape) -> str | None:
    return el.fill


def stroke_of(el: Shape) -> str | None:
    return getattr(el, "stroke", None)


def polygon_geom(
    el: Polygon, box: x.Box
) -> tuple[str, tuple[float, float, float, float], x.Box, int]:
    """A polygon as the preset its hint names when its points are that preset's outline
    (every viewer draws presets), with the preset's text rectangle; else a freeform."""
    bx, by, bw, bh = bounds([el])
    pts = el.points
    ss = min(bw, bh)
    if el.shape in ("chevron", "pentagon") and len(pts) == 6 and ss > 0:
        point = bx + bw - pts[1][0]
        notch = pts[5][0] - bx
        outline = chevron_outline(bx, by, bw, bh, point, notch)
        chevron = el.shape == "chevron" and abs(notch - point) < 0.01
        if _same(pts, outline) and (chevron or abs(notch) < 0.01) and 0 < point <= bw / 2:
            adj = round(100000 * point / ss)
            if chevron:
                return x.preset("chevron", adj), (point, 0.0, point, 0.0), box, 0
            return x.preset("homePlate", adj), (0.0, 0.0, point / 2, 0.0), box, 0
    if el.shape == "triangle" and len(pts) == 3:
        arrow = ((bx, by), (bx + bw, by + bh / 2), (bx, by + bh))
        if _same(pts, arrow):
            # The upward preset turned a quarter clockwise: its box is the turned one.
            cx, cy = bx + bw / 2, by + bh / 2
            turned = (x.emu(cx - bh / 2), x.emu(cy - bw / 2), x.emu(bh), x.emu(bw))
            return x.preset("triangle"), (0.0, 0.0, 0.0, 0.0), turned, 5400000
    freeform = x.freeform([(x.emu(a), x.emu(b)) for a, b in pts], box)
    return freeform, (0.0, 0.0, 0.0, 0.0), box, 0


def _same(a: tuple[tuple[float, float], ...], b: tuple[tuple[float, float], ...]) -> bool:
    return len(a) == len(b) and all(
        abs(p[0] - q[0]) < 0.01 and abs(p[1] - q[1]) < 0.01 for p, q in zip(a, b, strict=True)
    )


def rect_geom(el: Rect) -> tuple[str, int | None]:
    if not el.radius:
        return "rect", None
    return "roundRect", round(50000 * min(1.0, 2 * el.radius / max(1e-6, min(el.w, el.h))))


def element_emu_box(el: Element) -> x.Box:
    return emu_box(bounds([el]))


def emu_box(b: tuple[float, float, float, float]) -> x.Box:
    return (x.emu(b[0]), x.emu(b[1]), x.emu(b[2]), x.emu(b[3]))


def first_text(units: list[t.Unit]) -> str:
    for u in units:
        for line in u.box.lines:
            if line.text.strip():
                return line.text
    return "テキスト"
