"""Layers stacked top to bottom: each a named band and what it holds (a list: name, then text)."""

from __future__ import annotations

from dataclasses import replace

from deckbuilder.errors import Where
from deckbuilder.layout.blocks.kind import BlockKind
from deckbuilder.layout.blocks.kit import Kit, Laid, one
from deckbuilder.scene import Node, Rect, group
from deckbuilder.source import model as m
from deckbuilder.source.loader import BlockInput, Reader
from deckbuilder.source.shapes import TEXT, Schema, listed, obj


def layout(k: Kit, b: m.Stack, x: float, y: float, w: float, h: float | None) -> Laid:
    lw = min(k.px(k.c("layer", "label_width")), w * k.c("layer", "label_share"))
    gap = k.px(k.c("layer", "gap"))
    pad, tpad = k.c("layer", "padding"), k.c("layer", "text_padding")
    radius = k.px(k.c("layer", "radius"))
    items: list[Node] = []
    cy = y
    for layer in b.layers:
        lab = k.ts.box(
            layer.label, k.st("layer-label"), 0, 0, lw - k.px(2 * pad), role="list-label"
        )
        txt = k.ts.box(
            k.text(layer.text), k.st("layer-text"), 0, 0, w - lw - k.px(2 * tpad), role="list-body"
        )
        lh = max(k.px(k.c("layer", "height")), lab.h + k.px(2 * pad), txt.h + k.px(2 * pad))
        label_bg = Rect(x, cy, lw, lh, fill=k.color("layer", "fill"), radius=radius)
        text_bg = Rect(x + lw, cy, w - lw, lh, fill=k.color("layer", "text_fill"), radius=radius)
        items.append(
            group(
                "item",
                [
                    label_bg,
                    replace(lab, x=x + k.px(pad), y=cy + (lh - lab.h) / 2, align="center"),
                    text_bg,
                    replace(txt, x=x + lw + k.px(tpad), y=cy + (lh - txt.h) / 2, align="center"),
                ],
            )
        )
        cy += lh + gap
    return one("list", items, cy - gap - y)


LAYER_KEYS = {"label", "text"}
DOCS = {
    "block.stack": "Layers, top first: [{label, text}, …].",
    "layer.label": "The layer's label.",
    "layer.text": "The layer's text.",
}


def read(b: BlockInput) -> m.Stack | None:
    layers = b.each("a layer", LAYER_KEYS, _layer)
    return None if layers is None else m.Stack(layers, b.at)


def _layer(e: Reader, where: Where) -> m.Layer:
    return m.Layer(e.string("label", required=True), e.string("text"))


def schema(fid: Schema) -> dict[str, Schema]:
    layer = obj("layer", LAYER_KEYS, {k: TEXT for k in LAYER_KEYS}, ("label",), DOCS)
    return {"stack": listed(layer)}


KINDS = (
    BlockKind(
        ("stack",),
        m.Stack,
        read,
        layout,
        order=110,
        styles=("layer-label", "layer-text"),
        backgrounds={
            "layer-label": (("layer", "fill"),),
            "layer-text": (("layer", "text_fill"),),
        },
        schema=schema,
        docs=DOCS,
        keys={"layer": LAYER_KEYS},
    ),
)
