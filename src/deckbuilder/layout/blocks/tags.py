"""Tags: short labels in pill outlines, wrapping onto rows (a list)."""

from __future__ import annotations

from dataclasses import replace

from deckbuilder.layout.blocks.kind import BlockKind, texts_schema
from deckbuilder.layout.blocks.kit import Kit, Laid, one
from deckbuilder.scene import Node, Rect, group
from deckbuilder.source import model as m
from deckbuilder.source.loader import BlockInput


def layout(k: Kit, b: m.Tags, x: float, y: float, w: float, h: float | None) -> Laid:
    return pills(k, b.items, x, y, w)


def pills(k: Kit, items: tuple[str, ...], x: float, y: float, w: float) -> Laid:
    st = k.st("tag")
    h = k.px(k.c("tag", "height"))
    pad = k.px(k.c("tag", "padding"))
    gap = k.px(k.c("tag", "gap"))
    out: list[Node] = []
    cx, cy = x, y
    for item in items:
        tw = min(k.ts.width(item, st), w - 2 * pad)
        cw = tw + 2 * pad
        if cx > x and cx + cw > x + w:
            cx, cy = x, cy + h + gap
        pill = Rect(
            cx,
            cy,
            cw,
            h,
            fill=k.layout_set.color("white"),
            stroke=k.color("tag", "stroke"),
            stroke_width=k.px(k.c("tag", "stroke_width")),
            radius=h / 2,
        )
        box = k.ts.box(item, st, cx + pad, cy, tw + 1, role="list-body")
        out.append(group("item", [pill, replace(box, y=cy + (h - box.h) / 2)]))
        cx += cw + gap
    return one("list", out, cy + h - y)


def read(b: BlockInput) -> m.Tags:
    return m.Tags(b.texts(), b.at)


KINDS = (
    BlockKind(
        ("tags",),
        m.Tags,
        read,
        layout,
        order=130,
        styles=("tag",),
        backgrounds={"tag": ("white",)},
        schema=texts_schema("tags"),
        docs={"block.tags": "Chips."},
    ),
)
