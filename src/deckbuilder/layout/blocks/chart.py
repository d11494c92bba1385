"""A chart bound to figures: its title, its as-of dates, and the chart as a figure."""

from __future__ import annotations

from deckbuilder.layout.blocks.kit import Kit, Laid, one
from deckbuilder.layout.charts import chart_box, label_boxes
from deckbuilder.scene import Node, group
from deckbuilder.source import model as m
from deckbuilder.source.formatting import as_of_text


def layout(k: Kit, b: m.Chart, x: float, y: float, w: float, h: float | None) -> Laid:
    out: list[Node] = []
    cy = y
    if b.title:
        t = k.tb(b.title, "kpi-label", x, cy, w, role="label")
        out.append(t)
        cy += t.h + k.px(4)
    # Before/after charts print their dates as axis labels; the others print the as-of date (or
    # dates) under the title, as a card would.
    if b.kind != "before_after":
        dates = list(dict.fromkeys(as_of_text(k.figures[f]) for f in b.figures))
        dates = [d for d in dates if d]
        if dates:
            t = k.tb("".join(dates), "kpi-date", x, cy, w, role="date")
            out.append(t)
            cy += t.h + k.px(4)
    key = "ring_height" if b.kind in ("ring",) else "height"
    ch = k.px(k.c("chart", key, 180)) * k.scale
    if h is not None:
        ch = max(ch, h - (cy - y))
    box = chart_box(b, k.figures, k.layout_set, x, cy, w, ch, k.topic)
    # The labels and values are scene text over the chart's marks: findable and selectable.
    out.append(group("figure", [box, *label_boxes(box, k.ts)], alt=box.alt))
    return one("div", out, cy + ch - y)
