"""A chart bound to figures: its title, its as-of dates, and the chart as a figure."""

from __future__ import annotations

from deckbuilder.errors import suggest
from deckbuilder.layout.blocks.kind import PANEL, BlockKind
from deckbuilder.layout.blocks.kit import Kit, Laid, one
from deckbuilder.layout.charts import chart_box, label_boxes
from deckbuilder.scene import Node, group
from deckbuilder.source import model as m
from deckbuilder.source.formatting import as_of_text
from deckbuilder.source.loader import BlockInput
from deckbuilder.source.shapes import FLAG, TEXT, TEXTS, Schema, id_or, listed, obj


def layout(k: Kit, b: m.Chart, x: float, y: float, w: float, h: float | None) -> Laid:
    out: list[Node] = []
    cy = y
    gap = k.px(k.c("chart", "title_gap"))
    if b.title:
        t = k.tb(b.title, "kpi-label", x, cy, w, role="label")
        out.append(t)
        cy += t.h + gap
    # Before/after charts print their dates as axis labels; the others print the as-of date (or
    # dates) under the title, as a card would.
    if b.kind != "before_after":
        dates = list(dict.fromkeys(as_of_text(k.figures[f]) for f in b.figures))
        dates = [d for d in dates if d]
        if dates:
            t = k.tb("".join(dates), "kpi-date", x, cy, w, role="date")
            out.append(t)
            cy += t.h + gap
    key = "ring_height" if b.kind in ("ring",) else "height"
    ch = k.px(k.c("chart", key)) * k.scale
    if h is not None:
        ch = max(ch, h - (cy - y))
    box = chart_box(b, k.figures, k.layout_set, x, cy, w, ch, k.topic)
    # The labels and values are scene text over the chart's marks: findable and selectable.
    out.append(group("figure", [box, *label_boxes(box, k.ts)], alt=box.alt))
    return one("div", out, cy + ch - y)


CHART_KINDS = ("ring", "before_after", "hbar", "parts", "reduction")
CHART_KEYS = {"kind", "figures", "title", "labels", "parentheses"}
DOCS = {
    "block.chart": "A chart of figures: {kind, figures, title, labels}.",
    "chart.kind": "The chart kind.",
    "chart.figures": "The figures it draws (figure ids).",
    "chart.title": "The chart's title.",
    "chart.labels": "A label per figure, in place of the figures' own.",
    "chart.parentheses": "Print the as-of dates in parentheses (（2024年4月末）), as the source.",
}


def read(b: BlockInput) -> m.Chart:
    c = b.reader(b.value, b.at, "a chart")
    c.check_keys(CHART_KEYS)
    ck = c.string("kind", required=True)
    if ck not in CHART_KINDS:
        c.fail(c.at("kind"), f"unknown chart kind {ck!r}{suggest(ck, CHART_KINDS)}")
    figs = c.strings("figures")
    for fid in figs:
        b.refs.figure(fid, c.at("figures"))
    if not figs:
        c.fail(b.at, "a chart needs 'figures' (figure ids)")
    paren = c.data.get("parentheses", False)
    if not isinstance(paren, bool):
        c.fail(c.at("parentheses"), "'parentheses' must be true or false")
    paren = paren is True
    return m.Chart(ck, figs, c.string("title"), c.strings("labels"), b.at, paren)


def schema(fid: Schema) -> dict[str, Schema]:
    shapes = {
        "kind": {"enum": list(CHART_KINDS)},
        "figures": id_or(fid, listed(fid)),
        "title": TEXT,
        "labels": TEXTS,
        "parentheses": FLAG,
    }
    return {"chart": obj("chart", CHART_KEYS, shapes, ("kind", "figures"), DOCS)}


KINDS = (
    BlockKind(
        ("chart",),
        m.Chart,
        read,
        layout,
        order=50,
        styles=("kpi-label", "kpi-date"),
        backgrounds={"kpi-label": (PANEL,), "kpi-date": (PANEL,)},  # its title and dates
        schema=schema,
        docs=DOCS,
        keys={"chart": CHART_KEYS},
        grows=True,
    ),
)
