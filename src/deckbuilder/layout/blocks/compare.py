"""Before and after, side by side with an arrow between: a table of two columns, the labels
(導入前／導入後) as its header row."""

from __future__ import annotations

from deckbuilder.layout.blocks.kit import Kit, Laid, one
from deckbuilder.scene import Node, Polygon, Rect, group
from deckbuilder.source import model as m


def layout(k: Kit, b: m.Compare, x: float, y: float, w: float, h: float | None) -> Laid:
    arrow_w = k.px(48)
    sw = (w - arrow_w) / 2
    pad = k.px(12)
    heads: list[Node] = []
    cells: list[Node] = []
    heights = []
    for i, side in enumerate((b.before, b.after)):
        sx = x + i * (sw + arrow_w)
        cy = y + pad
        if side.label:
            lab = k.tb(side.label, "compare-label", sx + pad, cy + k.px(6), sw - 2 * pad)
            fill = k.color("compare", "after_label_fill" if i else "label_fill", "sub")
            bg = Rect(sx + pad, cy, sw - 2 * pad, lab.h + k.px(12), fill=fill, radius=k.px(4))
            heads.append(group("cell", [bg, lab], header=True))
            cy += lab.h + k.px(12) + k.px(8)
        body: list[Node] = []
        for text, style in ((side.title, "compare-title"), (side.text, "compare-text")):
            if text:
                box = k.tb(text, style, sx + pad, cy, sw - 2 * pad)
                body.append(box)
                cy += box.h + k.px(4)
        cells.append(group("cell", body))
        heights.append(cy - y + pad)
    h = max(heights)
    backs: list[Node] = [
        Rect(
            x + i * (sw + arrow_w),
            y,
            sw,
            h,
            fill=k.color("compare", "after_fill" if i else "fill", "surface"),
            radius=k.px(8),
        )
        for i in range(2)
    ]
    ax, ay = x + sw + k.px(8), y + h / 2
    aw = arrow_w - k.px(16)
    pts = ((ax, ay - k.px(14)), (ax + aw, ay), (ax, ay + k.px(14)))
    arrow = Polygon(pts, k.color("compare", "arrow", "key"), "triangle")
    rows: list[Node] = [group("row", heads)] if heads else []
    rows.append(group("row", cells))
    return one("table", [group("decoration", [*backs, arrow]), *rows], h)
