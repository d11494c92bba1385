"""A slide's scene tree as PowerPoint shapes, the way PowerPoint itself writes them.

A shape followed by the text inside it (a card and its label, value and date; a pill and its
tag) becomes one shape holding that text. A simple list becomes paragraphs with real bullets or
numbering. A panel, a grid, a figure become groups. Every id comes from one allocator.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from deckbuilder.powerpoint import markup as x
from deckbuilder.powerpoint import text as t
from deckbuilder.powerpoint.master import PAGE_IDX, SLIDE_NUMBER_GUID
from deckbuilder.scene import (
    ChartBox,
    Element,
    Ellipse,
    Group,
    Node,
    Picture,
    Placeholder,
    Polygon,
    Rect,
    Rule,
    TextBox,
    bounds,
    chevron_outline,
)

Shape = Rect | Ellipse | Polygon
_NUMBER = re.compile(r"^(\d+)\.$")


@dataclass
class Writer:
    """Shapes for one slide. ``chart`` turns a ChartBox into (png rId, svg rId)."""

    text: t.TextWriter
    chart: Callable[[ChartBox], tuple[str, str]]
    picture: Callable[[Picture], tuple[str, str]]  # a picture's (image rId, SVG rId or "")
    ids: Iterator[int] = field(default_factory=lambda: itertools.count(2))
    names: ShapeNames = field(default_factory=lambda: ShapeNames())

    def nv(self, name: str, descr: str = "", decorative: bool = False) -> str:
        return x.c_nv_pr(next(self.ids), self.names.unique(name), descr, decorative)

    # --- the tree ------------------------------------------------------------------------

    def nodes(self, seq: tuple[Node, ...] | list[Node]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(seq):
            node = seq[i]
            if isinstance(node, Shape) and (_fill(node) or _stroke(node)):
                units, extras, j = self._inside(seq, i)
                if units:
                    out.append(self.shape(node, units, extras))
                    i = j
                    continue
            out.extend(self.node(node))
            i += 1
        return out

    def node(self, node: Node) -> list[str]:
        if isinstance(node, Group):
            return self.group(node)
        if isinstance(node, TextBox):
            return [self.text_shape([t.Unit(node)], "")]
        if isinstance(node, Shape):
            return [self.shape(node)]
        if isinstance(node, Rule):
            line = self.text.colors.line(node.color, x.emu(node.width), arrow=node.arrow)
            nv = self.nv(self.names.within("矢印" if node.arrow else "線"), decorative=True)
            ends = (x.emu(node.x1), x.emu(node.y1), x.emu(node.x2), x.emu(node.y2))
            return [x.connector(nv, *ends, line)]
        if isinstance(node, ChartBox):
            png, svg = self.chart(node)
            name = self.names.within(f"グラフ {node.title or _clip(node.alt)}")
            return [x.pic(self.nv(name, node.alt), _box(node), png, svg)]
        if isinstance(node, Picture):
            rid, svg = self.picture(node)
            name = self.names.within(f"画像 {_clip(node.alt)}" if node.alt else "画像")
            nv = self.nv(name, node.alt, decorative=node.decorative)
            return [x.pic(nv, _box(node), rid, svg, node.crop)]
        if isinstance(node, Placeholder):
            name = self.names.within(f"画像枠 {_clip(node.caption)}")
            nv = self.nv(name, _alt(node))
            return [x.sp(nv, _box(node), x.preset("rect"))]
        return []

    def group(self, g: Group) -> list[str]:
        if g.kind == "list":
            units = list_units(g, self.text.family)
            if units:
                return [self.text_shape(units, "")]
        if g.kind == "header":
            return self.nodes(g.children)
        with self.names.inside(g.name):
            children = self.nodes(g.children)
        if len(children) < 2:
            return children
        name = _clip(g.name) if g.name else self.names.within(GROUP_NAMES.get(g.kind, "グループ"))
        alt = "" if _alt_inside(g) else g.alt  # a screen reader reads it once, on the picture
        return [x.group(self.nv(name, alt), _box_of(g.bounds), children)]

    # --- shapes and their text -----------------------------------------------------------

    def _inside(
        self, seq: tuple[Node, ...] | list[Node], i: int
    ) -> tuple[list[t.Unit], list[str], int]:
        """The text that follows shape ``seq[i]`` and lies inside it: units for its body, plus
        shapes of their own (a number in a dot) met on the way."""
        frame = seq[i]
        units: list[t.Unit] = []
        extras: list[str] = []
        j = i + 1
        while j < len(seq):
            node = seq[j]
            if not _within(node, frame):
                break
            got = self._text_of(node, extras)
            if got is None:
                break
            units += got
            j += 1
        return units, extras, j

    def _text_of(self, node: Node, extras: list[str]) -> list[t.Unit] | None:
        if isinstance(node, TextBox):
            return [t.Unit(node)]
        if isinstance(node, Group) and node.kind == "list":
            return list_units(node, self.text.family)
        if isinstance(node, Group) and node.kind in ("heading", "div"):
            units: list[t.Unit] = []
            kids = list(node.children)
            k = 0
            while k < len(kids):
                kid = kids[k]
                if isinstance(kid, Shape) and k + 1 < len(kids) and _within(kids[k + 1], kid):
                    inner = kids[k + 1]
                    if not isinstance(inner, TextBox):
                        return None
                    extras.append(self.shape(kid, [t.Unit(inner)]))
                    k += 2
                    continue
                got = self._text_of(kid, extras)
                if got is None:
                    return None
                units += got
                k += 1
            return units
        return None

    def shape(
        self, el: Shape, units: list[t.Unit] | None = None, extras: list[str] | None = None
    ) -> str:
        """A shape, holding ``units`` as its text where they can share one body (the rest
        become text shapes grouped with it, as do ``extras``)."""
        colors = self.text.colors
        box = _box(el)
        chunks = _chunks(self.text, units) if units else []
        rect = (0.0, 0.0, 0.0, 0.0)  # the preset's own text rectangle, inside the shape's box
        rot = 0
        if isinstance(el, Polygon):
            geom, rect, box, rot = _polygon_geom(el, box)
        elif isinstance(el, Ellipse):
            geom = x.preset("ellipse")
        else:
            geom_name, adj = _rect_geom(el)
            geom = x.preset(geom_name, adj)
            i = 0.29289 * min(el.w, el.h) * (adj or 0) / 100000
            rect = (i, i, i, i)
        # Text whose lines, with their slack, pass the preset's text rectangle is a text box
        # of its own on the shape, sized to hold them (no negative insets): a dot's number
        # (an ellipse's rectangle is the inscribed square), a card's line that fills it.
        ex, _ey, ew, _eh = bounds([el])
        inner = bool(chunks) and t.fits(chunks[0], ex + rect[0], ex + ew - rect[2])
        inner = inner and not isinstance(el, Ellipse)
        own = self.text.flow(chunks[0]) if inner else None
        kids = [self.text_shape(c, "") for c in chunks[1 if inner else 0 :]]
        kids += extras or []
        dashed = isinstance(el, Rect) and el.dashed
        line = colors.line(_stroke(el), x.emu(getattr(el, "stroke_width", 0.0)), dashed)
        body = ""
        if own is not None:
            body = t.body_in(own, bounds([el]), rect=rect)
        name = self.names.within(_first_text(chunks[0]) if chunks else "装飾")
        nv = self.nv(name, decorative=not body)
        sp = x.sp(nv, box, geom, colors.fill(_fill(el)), line, body, rot=rot)
        if kids:
            return x.group(self.nv(name), box, [sp, *kids])
        return sp

    def text_shape(self, units: list[t.Unit], name: str, ph: str = "") -> str:
        flow = self.text.flow(units)
        if flow is None:
            return "".join(self.text_shape(c, name) for c in _chunks(self.text, units))
        frame, anchor = t.frame_of(flow, units)
        body = t.body_in(flow, frame, anchor)
        name = name or self.names.within(_first_text(units))
        geom = "" if ph else x.preset("rect")
        fill, line = ("", "") if ph else ("<a:noFill/>", "<a:ln><a:noFill/></a:ln>")
        return x.sp(self.nv(name), _pt_box(frame), geom, fill, line, body, not ph, ph)

    def title(self, units: list[t.Unit]) -> str:
        return self.text_shape(units, "タイトル", '<p:ph type="title"/>')

    def page_number(self, box: TextBox) -> str:
        """The slide number as the layout's sldNum placeholder holding a slidenum field."""
        flow = t.Flow([self.text.field_body(box, "slidenum", SLIDE_NUMBER_GUID)], 0, 0, 0, 0, "")
        unit = t.Unit(box)
        flow0 = self.text.flow([unit])
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
        return x.sp(self.nv("スライド番号"), _pt_box(frame), "", "", "", body, False, ph)


# A group's name where it has no heading of its own: what PowerPoint's Selection Pane shows.
GROUP_NAMES = {
    "panel": "パネル",
    "grid": "カード列",
    "card": "カード",
    "list": "リスト",
    "item": "項目",
    "figure": "図",
    "table": "表",
    "row": "行",
    "cell": "セル",
    "footnotes": "注記",
    "decoration": "装飾",
    "heading": "見出し",
    "div": "グループ",
}
NAME_CHARS = 32  # a name shows the start of the text; the Selection Pane is narrow


@dataclass
class ShapeNames:
    """Shape names that say what a shape shows (「マイナ保険証｜有効登録数」) and are unique on
    their slide: ``deckbuilder pull`` finds a shape again by its name, which PowerPoint and
    LibreOffice both keep when they save (LibreOffice renumbers ids, so ids cannot serve)."""

    used: dict[str, int] = field(default_factory=dict)
    context: list[str] = field(default_factory=list)  # the headings of the groups we are in

    def within(self, what: str) -> str:
        """``what`` prefixed with the innermost heading: 「マイナ保険証｜有効登録数」."""
        head = self.context[-1] if self.context else ""
        if not head:
            return what
        return f"{head}｜見出し" if _clip(what) == head else f"{head}｜{what}"

    def unique(self, name: str) -> str:
        name = _clip(name)
        n = self.used.get(name, 0) + 1
        self.used[name] = n
        return name if n == 1 else f"{name} {n}"

    @contextmanager
    def inside(self, heading: str) -> Iterator[None]:
        if heading:
            self.context.append(_clip(heading))
        try:
            yield
        finally:
            if heading:
                self.context.pop()


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= NAME_CHARS else text[: NAME_CHARS - 1] + "…"


def _first_text(units: list[t.Unit]) -> str:
    for u in units:
        for line in u.box.lines:
            if line.text.strip():
                return line.text
    return "テキスト"


def list_units(g: Group, family: str) -> list[t.Unit] | None:
    """A list whose items are a marker and a body each, as bullet paragraphs; else None."""
    units = []
    for k, item in enumerate(g.children):
        if not (isinstance(item, Group) and len(item.children) == 2):
            return None
        label, body = item.children
        if not (isinstance(label, TextBox) and isinstance(body, TextBox)):
            return None
        if len(label.lines) != 1 or not body.lines or label.x >= body.x:
            return None
        if abs(label.y - body.y) > 0.5 or label.lines[0].size != body.lines[0].size:
            return None
        mark = label.lines[0].text
        number = _NUMBER.match(mark)
        if number and g.numbered:
            start = int(number.group(1)) - k  # every paragraph names the list's first number
            bullet = x.bullet_number(start, family)
        elif len(mark) == 1 and not mark.isalnum():
            bullet = x.bullet_char(mark, family)
        else:
            return None
        units.append(t.Unit(body, bullet, body.x - label.x))
    return units or None


def _chunks(text: t.TextWriter, units: list[t.Unit]) -> list[list[t.Unit]]:
    """Units split into runs that can each be one body (a number beside its title cannot)."""
    out: list[list[t.Unit]] = []
    for u in units:
        if out and text.flow([*out[-1], u]) is not None:
            out[-1].append(u)
        else:
            out.append([u])
    return out


def _fill(el: Shape) -> str | None:
    return el.fill


def _stroke(el: Shape) -> str | None:
    return getattr(el, "stroke", None)


def _alt(el: Element) -> str:
    """The alt text a picture, chart or image placeholder carries."""
    if isinstance(el, Placeholder):
        return f"「{el.caption}」の画像が入る枠です。"
    return el.alt if isinstance(el, ChartBox | Picture) else ""


def _alt_inside(g: Group) -> bool:
    """The group's alt text is already that of a picture, chart or placeholder inside it."""
    return bool(g.alt) and any(_alt(leaf) == g.alt for leaf in g.leaves())


def _polygon_geom(
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


def _rect_geom(el: Rect) -> tuple[str, int | None]:
    if not el.radius:
        return "rect", None
    return "roundRect", round(50000 * min(1.0, 2 * el.radius / max(1e-6, min(el.w, el.h))))


def _within(node: Node, frame: Node, tol: float = 1.5) -> bool:
    if isinstance(node, Group):
        leaves = list(node.leaves())
    else:
        leaves = [node]
    if not leaves:
        return False
    nx, ny, nw, nh = bounds(leaves)
    fx, fy, fw, fh = bounds([frame])  # type: ignore[list-item]
    return (
        nx >= fx - tol and ny >= fy - tol and nx + nw <= fx + fw + tol and ny + nh <= fy + fh + tol
    )


def _box(el: Element) -> x.Box:
    return _box_of(bounds([el]))


def _box_of(b: tuple[float, float, float, float]) -> x.Box:
    return (x.emu(b[0]), x.emu(b[1]), x.emu(b[2]), x.emu(b[3]))


def _pt_box(b: tuple[float, float, float, float]) -> x.Box:
    return _box_of(b)
