"""Item cards: a (numbered) title and a short text, in a grid."""

from __future__ import annotations

from dataclasses import replace

from deckbuilder.errors import Where
from deckbuilder.layout.blocks.kind import BlockKind
from deckbuilder.layout.blocks.kit import Kit, Laid
from deckbuilder.scene import Ellipse, Node, group
from deckbuilder.source import model as m
from deckbuilder.source.loader import BlockInput, Reader
from deckbuilder.source.shapes import TEXT, Schema, listed, obj


def layout(k: Kit, b: m.Items, x: float, y: float, w: float, h: float | None) -> Laid:
    level = k.heading_level

    def draw(i: int, cx: float, cy: float, cw: float) -> Laid:
        it = b.items[i]
        els: list[Node] = []
        top = cy
        if it.number:
            st = k.st("item-title")
            d = st.size * st.line_height
            dot = Ellipse(cx, cy, d, d, fill=k.color("item", "number_fill"))
            num = k.ts.box(
                it.number,
                replace(st, color=k.layout_set.color("white")),
                cx,
                cy,
                d,
                align="center",
                role="label",
            )
            ng = k.px(k.c("item", "number_gap"))
            tx, tw = cx + d + ng, cw - d - ng
            title = k.tb(it.title, "item-title", tx, cy, tw, role="heading", level=level)
            els.append(group("heading", [dot, num, title], level=level))
        else:
            title = k.tb(it.title, "item-title", cx, cy, cw, role="heading", level=level)
            els.append(title)
        cy += max(title.h, 0) + k.px(k.c("item", "title_gap"))
        if it.text:
            nodes, cy = _text(k, it.text, cx, cy, cw)
            els.extend(nodes)
        return els, cy - top

    return k.cards(
        len(b.items),
        x,
        y,
        w,
        "item",
        draw,
        k.color("item", "fill"),
        k.color("item", "stroke"),
        h,
    )


def _text(k: Kit, text: str, x: float, y: float, w: float) -> tuple[list[Node], float]:
    """A card's text: plain lines as paragraphs, runs of 「・」 lines as a bulleted list."""
    marker = str(k.c("bullet", "marker"))
    out: list[Node] = []
    points: list[Node] = []
    st = k.st("item-text")
    mw = k.ts.width(marker, st)
    for line in text.split("\n"):
        if line.startswith(marker):
            label = k.ts.box(marker, st, x, y, mw + 1, role="list-label")
            box = k.tb(line[len(marker) :], "item-text", x + mw, y, w - mw, role="list-body")
            points.append(group("item", [label, box]))
        else:
            if points:
                out.append(group("list", points))
                points = []
            box = k.tb(line, "item-text", x, y, w)
            out.append(box)
        y += box.h
    if points:
        out.append(group("list", points))
    return out, y


ITEM_KEYS = {"title", "text", "number"}
DOCS = {
    "block.items": "Titled cards in a row (wraps): [{number, title, text}, …].",
    "item.title": "The card's title.",
    "item.text": "The card's text.",
    "item.number": "The card's number.",
}


def read(b: BlockInput) -> m.Items | None:
    def item(e: Reader, where: Where) -> m.Item:
        it = m.Item(e.string("title", required=True), e.string("text"), e.string("number"))
        b.refs.text(it.text, where)
        return it

    items = b.each("an item", ITEM_KEYS, item)
    return None if items is None else m.Items(items, b.at)


def schema(fid: Schema) -> dict[str, Schema]:
    item = obj("item", ITEM_KEYS, {k: TEXT for k in ITEM_KEYS}, ("title",), DOCS)
    return {"items": listed(item)}


CARD = ("item", "fill")
KINDS = (
    BlockKind(
        ("items",),
        m.Items,
        read,
        layout,
        order=80,
        styles=("item-title", "item-text"),
        backgrounds={"item-title": (CARD,), "item-text": (CARD,)},
        schema=schema,
        docs=DOCS,
        keys={"item": ITEM_KEYS},
        cards=True,
    ),
)
