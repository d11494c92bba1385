"""Layers stacked top to bottom: each a named band and what it holds (a list: name, then text)."""

from __future__ import annotations

from dataclasses import replace

from deckbuilder.layout.blocks.kit import Kit, Laid, one
from deckbuilder.scene import Node, Rect, group
from deckbuilder.source import model as m


def layout(k: Kit, b: m.Stack, x: float, y: float, w: float, h: float | None) -> Laid:
    lw = min(k.px(k.c("layer", "label_width", 220)), w * 0.4)
    gap = k.px(k.c("layer", "gap", 8))
    items: list[Node] = []
    cy = y
    for layer in b.layers:
        lab = k.ts.box(layer.label, k.st("layer-label"), 0, 0, lw - k.px(16), role="list-label")
        txt = k.ts.box(
            k.text(layer.text), k.st("layer-text"), 0, 0, w - lw - k.px(24), role="list-body"
        )
        lh = max(k.px(k.c("layer", "height", 52)), lab.h + k.px(16), txt.h + k.px(16))
        label_bg = Rect(x, cy, lw, lh, fill=k.color("layer", "fill", "key"), radius=k.px(4))
        text_bg = Rect(
            x + lw, cy, w - lw, lh, fill=k.color("layer", "text_fill", "tint"), radius=k.px(4)
        )
        items.append(
            group(
                "item",
                [
                    label_bg,
                    replace(lab, x=x + k.px(8), y=cy + (lh - lab.h) / 2, align="center"),
                    text_bg,
                    replace(txt, x=x + lw + k.px(12), y=cy + (lh - txt.h) / 2, align="center"),
                ],
            )
        )
        cy += lh + gap
    return one("list", items, cy - gap - y)
