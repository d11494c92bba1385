"""Steps in order: chevrons in a row (a flow), or rounded boxes with arrows both ways (a cycle).
Each step is a list item whose shape carries its text."""

from __future__ import annotations

from dataclasses import replace

from deckbuilder.layout.blocks.kind import BlockKind, texts_schema
from deckbuilder.layout.blocks.kit import Kit, Laid, one
from deckbuilder.scene import Node, Polygon, Rect, Rule, chevron_outline, group
from deckbuilder.source import model as m
from deckbuilder.source.loader import BlockInput


def layout(k: Kit, b: m.Flow, x: float, y: float, w: float, h: float | None) -> Laid:
    return _cycle(k, b, x, y, w) if b.cycle else _flow(k, b, x, y, w)


def _flow(k: Kit, b: m.Flow, x: float, y: float, w: float) -> Laid:
    n = len(b.steps)
    gap = k.px(k.c("step", "gap"))
    point = k.px(k.c("step", "point"))
    sw = (w - gap * (n - 1)) / n
    st = k.st("step")
    pad = k.c("step", "padding")
    boxes = [
        k.ts.box(k.text(s), st, 0, 0, sw - point - k.px(2 * pad), role="list-body") for s in b.steps
    ]
    h = max(k.px(k.c("step", "height")), max(bx.h for bx in boxes) + k.px(2 * pad))
    fill = k.color("step", "fill")
    items: list[Node] = []
    for i, bx in enumerate(boxes):
        sx = x + i * (sw + gap)
        notch = point if i > 0 else 0.0
        pts = chevron_outline(sx, y, sw, h, point, notch)
        shape = Polygon(pts, fill, "chevron" if i > 0 else "pentagon")
        text = replace(bx, x=sx + notch / 2 + k.px(pad), y=y + (h - bx.h) / 2, align="center")
        items.append(group("item", [shape, text]))
    return one("list", items, h, numbered=True)


def _cycle(k: Kit, b: m.Flow, x: float, y: float, w: float) -> Laid:
    n = len(b.steps)
    arrow_w = k.px(k.c("step", "cycle_arrow"))
    bw = (w - arrow_w * (n - 1)) / n
    st = k.st("step")
    pad = k.c("step", "cycle_padding")
    boxes = [k.ts.box(k.text(s), st, 0, 0, bw - k.px(2 * pad), role="list-body") for s in b.steps]
    h = max(k.px(k.c("step", "cycle_height")), max(bx.h for bx in boxes) + k.px(2 * pad))
    fill = k.color("step", "fill")
    stroke = k.px(k.c("step", "cycle_arrow_width"))
    out: list[Node] = []
    for i, bx in enumerate(boxes):
        bxx = x + i * (bw + arrow_w)
        shape = Rect(bxx, y, bw, h, fill=fill, radius=h / 2)
        tx, tw = bxx + k.px(pad), bw - k.px(2 * pad)
        text = replace(bx, x=tx, y=y + (h - bx.h) / 2, align="center", w=tw)
        out.append(group("item", [shape, text]))
        if i < n - 1:
            inset = k.px(k.c("step", "cycle_arrow_inset"))
            ax1, ax2 = bxx + bw + inset, bxx + bw + arrow_w - inset
            arrows = [
                Rule(ax1, y + h * 0.33, ax2, y + h * 0.33, fill, stroke, True),
                Rule(ax2, y + h * 0.67, ax1, y + h * 0.67, fill, stroke, True),
            ]
            out.append(group("decoration", arrows))
    return one("list", out, h)


def read(b: BlockInput) -> m.Flow:
    return m.Flow(b.texts(), b.kind == "cycle", b.at)


KINDS = (
    BlockKind(
        ("flow", "cycle"),
        m.Flow,
        read,
        layout,
        order=90,
        styles=("step",),
        backgrounds={"step": (("step", "fill"),)},
        schema=texts_schema("flow", "cycle"),
        docs={
            "block.flow": "Chevron steps, left to right.",
            "block.cycle": "Two stages with arrows both ways.",
        },
    ),
)
