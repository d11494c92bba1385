"""KPI cards: a label, the figure with its unit, its as-of date and an optional note."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from deckbuilder.errors import Where
from deckbuilder.layout.blocks.kind import BlockKind
from deckbuilder.layout.blocks.kit import Kit, Laid
from deckbuilder.scene import Node, TextBox
from deckbuilder.source import model as m
from deckbuilder.source.formatting import as_of_text, number_text
from deckbuilder.source.loader import BlockInput, Reader, Refs
from deckbuilder.source.shapes import FLAG, TEXT, Schema, id_or, listed, obj


def layout(k: Kit, b: m.Kpis, x: float, y: float, w: float, h: float | None) -> Laid:
    def draw(i: int, cx: float, cy: float, cw: float) -> Laid:
        ref = b.cards[i]
        f = k.figures[ref.figure]
        els: list[Node] = []
        top = cy
        label = k.tb(ref.label or f.label, "kpi-label", cx, cy, cw, role="label")
        els.append(label)
        cy += label.h + k.px(k.c("kpi", "label_gap"))
        vs, us = k.st("kpi-value"), k.st("kpi-unit")
        line = k.ts.runs_line([(f.prefix, us), (number_text(f), vs), (f.unit, us)])
        while line.width > cw and vs.size > vs.min_size:
            vs = replace(vs, size=vs.size - 0.75)
            us = replace(us, size=max(us.min_size, us.size - 0.375))
            line = k.ts.runs_line([(f.prefix, us), (number_text(f), vs), (f.unit, us)])
        k.ts.too_wide([line], cw, where=ref.where)
        lh = vs.size * vs.line_height
        els.append(TextBox(cx, cy, cw, lh, (line,), lh, "left", "top", "value", "kpis"))
        date = as_of_text(f) if ref.show_date else ""
        ds = k.st("kpi-date")
        date_gap = k.px(k.c("kpi", "date_gap"))
        inline = date_gap + k.ts.width(date, ds)
        if date and line.width + inline <= cw:
            # The as-of date sits beside the value when there is room: one line saved.
            box = k.tb(
                date, "kpi-date", cx + line.width + date_gap, 0, cw - line.width, role="date"
            )
            els.append(replace(box, y=cy + lh - box.h - vs.size * 0.08))
            cy += lh
        elif date:
            cy += lh
            box = k.tb(date, "kpi-date", cx, cy, cw, role="date")
            els.append(box)
            cy += box.h
        else:
            cy += lh
        note = ref.note if ref.note is not None else f.note
        if note:
            note_gap = k.px(k.c("kpi", "note_gap"))
            box = k.tb(note, "kpi-note", cx, cy + note_gap, cw, role="note")
            els.append(box)
            cy += box.h + note_gap
        return els, cy - top

    fill = k.color("kpi", "fill")
    return k.cards(len(b.cards), x, y, w, "kpi", draw, fill, None, h)


KPI_KEYS = {"figure", "label", "note", "date"}
DOCS = {
    "block.kpis": "KPI cards in a row (wraps): figure ids, or {figure, label, note, date}.",
    "kpi.figure": "The figure's id.",
    "kpi.label": "The card's label, in place of the figure's.",
    "kpi.note": "Printed under the card.",
    "kpi.date": "false: no as-of date (the panel already prints the period).",
}


def read(b: BlockInput) -> m.Kpis | None:
    entries = b.entries()
    if entries is None:
        return None
    return m.Kpis(tuple(_card(v, w, b.holder, b.refs) for v, w in entries), b.at)


def _card(value: Any, where: Where, holder: Reader, refs: Refs) -> m.KpiRef:
    if isinstance(value, str):
        refs.figure(value, where)
        return m.KpiRef(value, where=where)
    k = Reader(value, where, "a KPI card", holder.slide, holder.out)
    k.check_keys(KPI_KEYS)
    fid = k.string("figure", required=True)
    refs.figure(fid, k.at("figure"))
    show_date = k.data.get("date", True)
    if not isinstance(show_date, bool):
        k.fail(k.at("date"), "'date' must be true or false")
        show_date = True
    return m.KpiRef(fid, k.string("label") or None, k.string("note") or None, where, show_date)


def schema(fid: Schema) -> dict[str, Schema]:
    shapes = {"figure": fid, "label": TEXT, "note": TEXT, "date": FLAG}
    kpi = obj("kpi", KPI_KEYS, shapes, ("figure",), DOCS)
    return {"kpis": listed(id_or(fid, kpi))}


CARD = ("kpi", "fill")
KINDS = (
    BlockKind(
        ("kpis",),
        m.Kpis,
        read,
        layout,
        order=40,
        styles=("kpi-label", "kpi-value", "kpi-unit", "kpi-date", "kpi-note"),
        backgrounds={
            s: (CARD,) for s in ("kpi-label", "kpi-value", "kpi-unit", "kpi-date", "kpi-note")
        },
        schema=schema,
        docs=DOCS,
        keys={"kpi": KPI_KEYS},
        cards=True,
    ),
)
