"""Before and after, side by side with an arrow between: a table of two columns, the labels
(導入前／導入後) as its header row."""

from __future__ import annotations

from deckbuilder.layout.blocks.kind import BlockKind
from deckbuilder.layout.blocks.kit import Kit, Laid, one
from deckbuilder.scene import Node, Polygon, Rect, group
from deckbuilder.source import model as m
from deckbuilder.source.loader import BlockInput
from deckbuilder.source.shapes import TEXT, Schema, obj
from deckbuilder.source.yamlsrc import YMap


def layout(k: Kit, b: m.Compare, x: float, y: float, w: float, h: float | None) -> Laid:
    arrow_w = k.px(k.c("compare", "arrow_width"))
    sw = (w - arrow_w) / 2
    pad = k.px(k.c("compare", "padding"))
    lpad, lr = k.c("compare", "label_padding"), k.px(k.c("compare", "label_radius"))
    heads: list[Node] = []
    cells: list[Node] = []
    heights = []
    for i, side in enumerate((b.before, b.after)):
        sx = x + i * (sw + arrow_w)
        cy = y + pad
        if side.label:
            lab = k.tb(side.label, "compare-label", sx + pad, cy + k.px(lpad), sw - 2 * pad)
            fill = k.color("compare", "after_label_fill" if i else "label_fill")
            bg = Rect(sx + pad, cy, sw - 2 * pad, lab.h + k.px(2 * lpad), fill=fill, radius=lr)
            heads.append(group("cell", [bg, lab], header=True))
            cy += lab.h + k.px(2 * lpad) + k.px(k.c("compare", "label_gap"))
        body: list[Node] = []
        for text, style in ((side.title, "compare-title"), (side.text, "compare-text")):
            if text:
                box = k.tb(text, style, sx + pad, cy, sw - 2 * pad)
                body.append(box)
                cy += box.h + k.px(k.c("compare", "text_gap"))
        cells.append(group("cell", body))
        heights.append(cy - y + pad)
    h = max(heights)
    backs: list[Node] = [
        Rect(
            x + i * (sw + arrow_w),
            y,
            sw,
            h,
            fill=k.color("compare", "after_fill" if i else "fill"),
            radius=k.px(k.c("compare", "radius")),
        )
        for i in range(2)
    ]
    inset = k.c("compare", "arrow_inset")
    ax, ay = x + sw + k.px(inset), y + h / 2
    aw = arrow_w - k.px(2 * inset)
    half = k.px(k.c("compare", "arrow_height") / 2)
    pts = ((ax, ay - half), (ax + aw, ay), (ax, ay + half))
    arrow = Polygon(pts, k.color("compare", "arrow"), "triangle")
    rows: list[Node] = [group("row", heads)] if heads else []
    rows.append(group("row", cells))
    return one("table", [group("decoration", [*backs, arrow]), *rows], h)


COMPARE_KEYS = {"before", "after"}
SIDE_KEYS = {"label", "title", "text"}
DOCS = {
    "block.compare": "Before and after: {before: {label, title, text}, after: {…}}.",
    "compare.before": "The before side: {label, title, text}.",
    "compare.after": "The after side: {label, title, text}.",
    "side.label": "The side's label: 過去, 現在.",
    "side.title": "The side's title.",
    "side.text": "The side's text.",
}


def read(b: BlockInput) -> m.Compare:
    c = b.reader(b.value, b.at, "a compare block")
    c.check_keys(COMPARE_KEYS)
    sides = []
    for key in ("before", "after"):
        s = b.reader(c.data.get(key, YMap()), c.at(key), f"the {key} side")
        s.check_keys(SIDE_KEYS)
        sides.append(m.Side(s.string("label"), s.string("title"), s.string("text")))
        b.refs.text(sides[-1].text, c.at(key))
        b.refs.text(sides[-1].title, c.at(key))
    return m.Compare(sides[0], sides[1], b.at)


def schema(fid: Schema) -> dict[str, Schema]:
    side = obj("side", SIDE_KEYS, {k: TEXT for k in SIDE_KEYS}, (), DOCS)
    return {"compare": obj("compare", COMPARE_KEYS, {k: side for k in COMPARE_KEYS}, (), DOCS)}


LABELS = (("compare", "label_fill"), ("compare", "after_label_fill"))
SIDES = (("compare", "fill"), ("compare", "after_fill"))
KINDS = (
    BlockKind(
        ("compare",),
        m.Compare,
        read,
        layout,
        order=120,
        styles=("compare-label", "compare-title", "compare-text"),
        backgrounds={
            "compare-label": (
                ("compare", "label_fill"),
                ("compare", "after_label_fill"),
            ),
            "compare-title": SIDES,
            "compare-text": SIDES,
        },
        schema=schema,
        docs=DOCS,
        keys={"compare": COMPARE_KEYS, "side": SIDE_KEYS},
    ),
)
