"""Bulleted and numbered lists: each item a marker and its body, the body indented."""

from __future__ import annotations

from deckbuilder.layout.blocks.kind import PANEL, BlockKind, texts_schema
from deckbuilder.layout.blocks.kit import Kit, Laid, one
from deckbuilder.scene import Node, group
from deckbuilder.source import model as m
from deckbuilder.source.loader import BlockInput


def layout(k: Kit, b: m.Bullets, x: float, y: float, w: float, h: float | None) -> Laid:
    st = k.st("body")
    indent = k.px(k.c("bullet", "indent"))
    marker = str(k.c("bullet", "marker"))
    spacing = k.c("bullet", "spacing")
    items: list[Node] = []
    cy = y
    for i, text in enumerate(b.items):
        mark = f"{i + 1}." if b.numbered else marker
        mw = max(indent, k.ts.width(mark, st) + (4 if b.numbered else 0))
        label = k.ts.box(mark, st, x, cy, mw + 2, role="list-label")
        body = k.tb(text, "body", x + mw, cy, w - mw, role="list-body")
        items.append(group("item", [label, body]))
        cy += body.h + st.size * spacing
    gap = st.size * spacing if b.items else 0
    return one("list", items, cy - y - gap, numbered=b.numbered)


def read(b: BlockInput) -> m.Bullets:
    return m.Bullets(b.texts(), b.kind == "numbered", b.at)


KINDS = (
    BlockKind(
        ("bullets", "numbered"),
        m.Bullets,
        read,
        layout,
        order=20,
        styles=("body",),
        backgrounds={"body": (PANEL,)},
        schema=texts_schema("bullets", "numbered"),
        docs={"block.bullets": "A 「・」 list.", "block.numbered": "A 1. 2. … list."},
    ),
)
