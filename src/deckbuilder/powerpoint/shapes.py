"""A slide's scene tree as PowerPoint shapes, the way PowerPoint itself writes them.

A shape followed by the text inside it (a card and its label, value and date; a pill and its
tag) becomes one shape holding that text. A simple list becomes paragraphs with real bullets or
numbering. A panel, a grid, a figure become groups.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from deckbuilder.powerpoint import markup as x
from deckbuilder.powerpoint import text as t
from deckbuilder.powerpoint.shape_names import clip
from deckbuilder.powerpoint.text_shapes import (
    Shape,
    TextShapes,
    element_emu_box,
    emu_box,
    fill_of,
    stroke_of,
)
from deckbuilder.scene import (
    ChartBox,
    Element,
    Group,
    Node,
    Picture,
    Placeholder,
    Rule,
    TextBox,
    bounds,
)

_NUMBER = re.compile(r"^(\d+)\.$")


@dataclass
class Writer(TextShapes):
    """Shapes for one slide, from its scene tree: a shape with text inside it becomes one shape
    (``TextShapes``), a list bullet paragraphs, a panel, a grid or a figure a group.
    ``chart`` turns a ChartBox into (png rId, svg rId)."""

    chart: Callable[[ChartBox], tuple[str, str]]
    picture: Callable[[Picture], tuple[str, str]]  # a picture's (image rId, SVG rId or "")

    def nodes(self, seq: tuple[Node, ...] | list[Node]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(seq):
            node = seq[i]
            if isinstance(node, Shape) and (fill_of(node) or stroke_of(node)):
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
            name = self.names.within(f"グラフ {node.title or clip(node.alt)}")
            return [x.pic(self.nv(name, node.alt), element_emu_box(node), png, svg)]
        if isinstance(node, Picture):
            rid, svg = self.picture(node)
            name = self.names.within(f"画像 {clip(node.alt)}" if node.alt else "画像")
            nv = self.nv(name, node.alt, decorative=node.decorative)
            return [x.pic(nv, element_emu_box(node), rid, svg, node.crop)]
        if isinstance(node, Placeholder):
            name = self.names.within(f"画像枠 {clip(node.caption)}")
            nv = self.nv(name, _alt(node))
            return [x.sp(nv, element_emu_box(node), x.preset("rect"))]
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
        name = clip(g.name) if g.name else self.names.within(GROUP_NAMES.get(g.kind, "グループ"))
        alt = "" if _alt_inside(g) else g.alt  # a screen reader reads it once, on the picture
        return [x.group(self.nv(name, alt), emu_box(g.bounds), children)]

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


def _alt(el: Element) -> str:
    """The alt text a picture, chart or image placeholder carries."""
    if isinstance(el, Placeholder):
        return f"「{el.caption}」の画像が入る枠です。"
    return el.alt if isinstance(el, ChartBox | Picture) else ""


def _alt_inside(g: Group) -> bool:
    """The group's alt text is already that of a picture, chart or placeholder inside it."""
    return bool(g.alt) and any(_alt(leaf) == g.alt for leaf in g.leaves())


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
